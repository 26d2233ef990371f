//! How people take to a line's features, from product events: time to
//! adopt (from the later of a person's first event and the feature's
//! release), stickiness (average daily over average monthly active
//! people) and each feature's adoption, in the JSON and on the line sheet.
//! Every expected number is worked out here from the events of
//! `tests/fixtures/records/events/make.py` (PostHog) or written below.

mod common;

use common::scorecards::*;
use common::*;
use std::path::Path;

fn workspace(extra: &str) -> tempfile::TempDir {
    record_workspace("events", &["posthog.csv"], "30-events.rhai", extra)
}

/// PostHog's events map to lines by their names; Dashboards was released
/// on 1 February, the deal log has no release day.
const RULES: &str = "records(\"events\", #{ file: \"posthog*\", lines: #{ \"dashboard_*\": \"Atlas Analytics\", \"deal_*\": \"Beacon CRM\" } });\nfeature(\"Dashboards\", #{ line: \"Atlas Analytics\", events: [\"dashboard_created\"], released: \"2025-02-01\" });\nfeature(\"Deal log\", #{ line: \"Beacon CRM\", events: [\"deal_logged\"] });\n";

fn report(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["-r", "rules"];
    all.extend_from_slice(args);
    report_json(dir, &all)
}

#[test]
fn time_to_adopt_counts_from_the_release_or_the_first_event_whichever_is_later() {
    let dir = workspace(RULES);
    let doc = report(dir.path(), &["posthog.csv"]);
    let atlas = "Atlas Analytics";
    // p-1 created a dashboard on 5 January, before the release on
    // 1 February: 0 days. p-2's first event was on 11 February (as
    // anon-7), the first dashboard on 2 March: 19 days.
    assert_close(
        value(&doc, atlas, "2025-Q1", "time_to_adopt"),
        9.5,
        "median",
    );
    assert_close(
        value(&doc, atlas, "2025-Q1", "time_to_adopt_p90"),
        0.0 + 0.9 * 19.0,
        "p90",
    );
    assert_eq!(sample(&doc, atlas, "2025-Q1", "time_to_adopt"), 2);
    assert_eq!(
        source(&doc, atlas, "2025-Q1", "time_to_adopt"),
        "posthog.csv (2 first uses of a feature in 2025-Q1)"
    );
    // Beacon CRM's people logged a deal with their first event: 0 days.
    assert_eq!(value(&doc, "Beacon CRM", "2025-Q1", "time_to_adopt"), 0.0);
    // Nobody used a feature for the first time in Q2.
    assert!(!has_value(&doc, atlas, "2025-Q2", "time_to_adopt"));
}

#[test]
fn stickiness_is_average_daily_over_average_monthly_active_people() {
    let dir = workspace(RULES);
    let doc = report(dir.path(), &["posthog.csv"]);
    let atlas = "Atlas Analytics";
    // The events run from 5 January to 3 April. Atlas, Q1: p-1 on 5 Jan,
    // 10 Feb and 15 Mar, p-2 on 11 Feb and 2 Mar, p-3 on 31 Mar: 6
    // person-days over the 86 days from 5 January; 6 person-months over 3
    // months. (6 / 86) / (6 / 3) = 3 / 86.
    assert_close(
        value(&doc, atlas, "2025-Q1", "stickiness"),
        3.0 / 86.0,
        "Q1",
    );
    assert_eq!(sample(&doc, atlas, "2025-Q1", "stickiness"), 3);
    assert_eq!(
        source(&doc, atlas, "2025-Q1", "stickiness"),
        "posthog.csv (3 people active in 2025-Q1: 0.07 a day on average over 86 days, 2 a month over 3 months)"
    );
    // Q2 is covered from 1 to 3 April: p-1 on one of those 3 days, in one
    // month: (1 / 3) / 1.
    assert_close(value(&doc, atlas, "2025-Q2", "stickiness"), 1.0 / 3.0, "Q2");
}

#[test]
fn a_daily_user_beside_a_monthly_one_is_half_sticky() {
    let dir = workspace("");
    // March 2025: ann every day, bob once.
    let mut csv = String::from("user_id,event,timestamp,product\n");
    for day in 1..=31 {
        csv.push_str(&format!(
            "ann,open,2025-03-{day:02}T09:00:00Z,Atlas Analytics\n"
        ));
    }
    csv.push_str("bob,open,2025-03-10T09:00:00Z,Atlas Analytics\n");
    write(dir.path(), "app_events.csv", &csv);
    let doc = report(dir.path(), &["app_events.csv", "--period-by", "month"]);
    // 32 person-days over 31 days; 2 people in the month.
    assert_close(
        value(&doc, "Atlas Analytics", "2025-03", "stickiness"),
        (32.0 / 31.0) / 2.0,
        "March",
    );
}

#[test]
fn each_feature_s_adoption_is_in_the_json_and_on_the_line_sheet() {
    let dir = workspace(RULES);
    let doc = report(dir.path(), &["posthog.csv"]);
    let features = doc["features"].as_array().unwrap();
    let row = |line: &str, period: &str| {
        features
            .iter()
            .find(|f| f["line"] == line && f["period"] == period)
            .unwrap_or_else(|| panic!("no {line} {period} in {features:?}"))
    };
    // Atlas, Q1: p-1 and p-2 created dashboards (p-1 twice) of the 3
    // people active; both for the first time, after 0 and 19 days.
    let q1 = row("Atlas Analytics", "2025-Q1");
    assert_eq!(q1["feature"], "Dashboards");
    assert_eq!(q1["adopters"], 2);
    assert_eq!(q1["active"], 3);
    assert_eq!(q1["uses"], 3);
    assert_eq!(q1["first_used"], 2);
    assert_eq!(q1["median_days_to_adopt"], 9.5);
    assert_eq!(q1["declared_at"], "rules/30-events.rhai:2:1");
    // Q2: p-1 was active but used no dashboard: 0 of 1, listed all the same.
    let q2 = row("Atlas Analytics", "2025-Q2");
    assert_eq!(
        (q2["adopters"].as_u64(), q2["active"].as_u64()),
        (Some(0), Some(1))
    );
    assert!(q2["median_days_to_adopt"].is_null());
    // The line sheet shows its period's (Q2's) block.
    let out = dir.path().join("report.xlsx");
    let status = linecard(dir.path())
        .args(["report", "-r", "rules", "posthog.csv", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let sheet = sheet(&out, "Atlas Analytics");
    let title = find_row(&sheet, "Features (from product events, 2025-Q2)").expect("the block");
    assert_eq!(text(&sheet, title + 1, 0), "Feature");
    assert_eq!(text(&sheet, title + 2, 0), "Dashboards");
    assert_eq!(number(&sheet, title + 2, 1), Some(0.0));
    assert_eq!(number(&sheet, title + 2, 2), Some(1.0));
    assert_eq!(number(&sheet, title + 2, 3), Some(0.0));
    assert_eq!(number(&sheet, title + 2, 4), Some(0.0));
    // Beacon CRM had no events in Q2: no block (no one was active to
    // adopt anything).
    let beacon = common::sheet(&out, "Beacon CRM");
    assert_eq!(
        find_row(&beacon, "Features (from product events, 2025-Q2)"),
        None
    );
    assert!(find_row(&beacon, "Customer retention").is_some());
}

#[test]
fn a_bad_release_day_is_an_error_at_its_place() {
    let dir = workspace(
        "feature(\"Dashboards\", #{ line: \"Atlas Analytics\", events: [\"dashboard_created\"], released: \"1/2/2025\" });\n",
    );
    let out = check_with_rules(dir.path(), &["posthog.csv"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("rules/30-events.rhai:1:82: \"released\" must be the day the feature was released, year first in quotes, e.g. \"2025-03-01\"; got \"1/2/2025\""),
        "{stderr}"
    );
}
