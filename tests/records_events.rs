//! Product-analytics events (PostHog's event export, a Segment warehouse
//! `tracks` table) become active users per line and period: distinct
//! people, each by the strongest id their events carry, an event exported
//! twice counted once. Every expected number is worked out here from the
//! rows of `tests/fixtures/records/events/make.py`.

mod common;

use common::scorecards::*;
use common::*;
use std::path::Path;

/// A scratch folder with the events fixtures and the shipped rules plus
/// `extra` as `30-events.rhai`, so that messages name `posthog.csv`.
fn workspace(extra: &str) -> tempfile::TempDir {
    record_workspace(
        "events",
        &["posthog.csv", "segment_tracks.csv"],
        "30-events.rhai",
        extra,
    )
}

/// PostHog's events name no product: the event names map to lines.
const POSTHOG_LINES: &str = "records(\"events\", #{ file: \"posthog*\", lines: #{ \"dashboard_*\": \"Atlas Analytics\", \"deal_*\": \"Beacon CRM\" } });\n";

/// Segment's tracks carry the app's name in a context column.
const SEGMENT_LINE: &str =
    "records(\"events\", #{ file: \"segment*\", line: \"context_app_name\" });\n";

fn report(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["-r", "rules"];
    all.extend_from_slice(args);
    report_json(dir, &all)
}

#[test]
fn posthog_events_count_each_person_once_by_their_person_id() {
    let dir = workspace(POSTHOG_LINES);
    let doc = report(dir.path(), &["posthog.csv"]);
    // Atlas Analytics, Q1: p-1 (twice), p-2 (as anon-7, then as u-2), and
    // p-3 at 23:30 UTC on 31 March.
    assert_eq!(
        value(&doc, "Atlas Analytics", "2025-Q1", "active_users"),
        3.0
    );
    assert_eq!(
        sample(&doc, "Atlas Analytics", "2025-Q1", "active_users"),
        3
    );
    assert_eq!(
        value(&doc, "Atlas Analytics", "2025-Q2", "active_users"),
        1.0
    );
    // Beacon CRM, Q1: p-4 and p-5, whose event was exported twice.
    assert_eq!(value(&doc, "Beacon CRM", "2025-Q1", "active_users"), 2.0);
    let source = source(&doc, "Beacon CRM", "2025-Q1", "active_users");
    assert!(
        source.ends_with("posthog.csv (2 people active in 2025-Q1)"),
        "{source}"
    );
    let issues = issue_messages(&doc);
    // The two $pageview events belong to no line, and say so once.
    assert!(
        issues.iter().any(|m| m.starts_with("2 events have no product line in column \"event\" that the lines of the records(...) at rules/30-events.rhai:1:1 match: left out; first at rows 10 and 11")),
        "{issues:?}"
    );
    assert!(
        issues
            .iter()
            .any(|m| m.contains("1 event repeats an earlier row exactly")),
        "{issues:?}"
    );
}

#[test]
fn an_event_at_a_quarters_end_falls_in_the_quarter_of_its_zone() {
    let dir = workspace(POSTHOG_LINES);
    // 23:30 UTC on 31 March is 19:30 in New York (Q1), 01:30 on 1 April in
    // Berlin (Q2).
    let doc = report(
        dir.path(),
        &["posthog.csv", "--timezone", "America/New_York"],
    );
    assert_eq!(
        value(&doc, "Atlas Analytics", "2025-Q1", "active_users"),
        3.0
    );
    let doc = report(dir.path(), &["posthog.csv", "--timezone", "Europe/Berlin"]);
    assert_eq!(
        value(&doc, "Atlas Analytics", "2025-Q1", "active_users"),
        2.0
    );
    assert_eq!(
        value(&doc, "Atlas Analytics", "2025-Q2", "active_users"),
        2.0
    );
}

#[test]
fn segment_tracks_take_the_user_id_where_there_is_one() {
    let dir = workspace(SEGMENT_LINE);
    let doc = report(dir.path(), &["segment_tracks.csv", "--period-by", "month"]);
    // Cobalt Payments, July: a-100 before signing up (two events with no
    // user id) and user-9; August: user-9 on another device; September:
    // user-10.
    let cobalt = "Cobalt Payments";
    assert_eq!(value(&doc, cobalt, "2025-07", "active_users"), 2.0);
    assert_eq!(value(&doc, cobalt, "2025-08", "active_users"), 1.0);
    assert_eq!(value(&doc, cobalt, "2025-09", "active_users"), 1.0);
    assert_eq!(value(&doc, "Drift Mobile", "2025-08", "active_users"), 1.0);
    // By quarter: a-100, user-9 and user-10 — not a sum of the months.
    let doc = report(dir.path(), &["segment_tracks.csv"]);
    assert_eq!(value(&doc, cobalt, "2025-Q3", "active_users"), 3.0);
}

#[test]
fn check_says_how_the_events_were_read() {
    let dir = workspace(SEGMENT_LINE);
    let out = check_with_rules(dir.path(), &["segment_tracks.csv"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("segment_tracks.csv: read as product events (a row per event): header row 1 has the columns of an event export"),
        "{stdout}"
    );
    assert!(
        stdout.contains("product line: column 8 \"context_app_name\""),
        "{stdout}"
    );
}

/// Dashboards are Atlas Analytics' feature, deal logging Beacon CRM's.
const FEATURES: &str = "feature(\"Dashboards\", #{ line: \"Atlas Analytics\", events: [\"dashboard_created\"] });\nfeature(\"Deal log\", #{ line: \"Beacon CRM\", events: [\"deal_logged\"] });\n";

#[test]
fn feature_adoption_is_the_people_who_used_the_lines_features_of_those_active() {
    let dir = workspace(&format!("{POSTHOG_LINES}{FEATURES}"));
    let doc = report(dir.path(), &["posthog.csv"]);
    // Atlas Analytics, Q1: p-1 and p-2 created dashboards; p-3 only
    // viewed one. Q2: p-1 only viewed.
    let atlas = "Atlas Analytics";
    assert_close(
        value(&doc, atlas, "2025-Q1", "feature_adoption"),
        2.0 / 3.0,
        "Q1",
    );
    assert_eq!(sample(&doc, atlas, "2025-Q1", "feature_adoption"), 3);
    assert_eq!(value(&doc, atlas, "2025-Q2", "feature_adoption"), 0.0);
    // Beacon CRM, Q1: both people logged deals.
    assert_eq!(
        value(&doc, "Beacon CRM", "2025-Q1", "feature_adoption"),
        1.0
    );
    // Depth: p-1 created two dashboards in Q1 (5 January, 15 March), p-2
    // one: 3 uses by 2 people. Q2 has no uses, so no value.
    assert_close(
        value(&doc, atlas, "2025-Q1", "feature_uses_per_user"),
        1.5,
        "depth",
    );
    assert_eq!(sample(&doc, atlas, "2025-Q1", "feature_uses_per_user"), 2);
    assert!(!has_value(&doc, atlas, "2025-Q2", "feature_uses_per_user"));
    let depth = source(&doc, atlas, "2025-Q1", "feature_uses_per_user");
    assert!(
        depth.ends_with("posthog.csv (2 people who used a feature in 2025-Q1)"),
        "{depth}"
    );
    let source = source(&doc, atlas, "2025-Q1", "feature_adoption");
    assert!(
        source.ends_with("posthog.csv (3 people active in 2025-Q1)"),
        "{source}"
    );
}

#[test]
fn a_feature_whose_events_never_happen_is_a_warning() {
    let dir = workspace(&format!(
        "{POSTHOG_LINES}feature(\"Dashboards\", #{{ line: \"Atlas Analytics\", events: [\"dashbord_created\"] }});\n"
    ));
    let doc = report(dir.path(), &["posthog.csv"]);
    assert_eq!(
        value(&doc, "Atlas Analytics", "2025-Q1", "feature_adoption"),
        0.0
    );
    let issues = issue_messages(&doc);
    assert!(
        issues.contains(&"the feature \"Dashboards\" declared at rules/30-events.rhai:2:1: none of the events of \"Atlas Analytics\" is \"dashbord_created\", so its uses count for nothing"),
        "{issues:?}"
    );
}

#[test]
fn a_bad_feature_declaration_is_an_error_at_its_place() {
    let dir = workspace(
        "feature(\"Dashboards\", #{ line: \"Atlas Analytics\", event: [\"dashboard_created\"] });\nfeature(\"Dashboards\", #{ line: \"Atlas Analytics\", events: [\"dashboard_created\"] });\nfeature(\"Dashboards\", #{ line: \"Atlas Analytics\", events: [\"dashboard_created\"] });\n",
    );
    let out = check_with_rules(dir.path(), &["posthog.csv"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("rules/30-events.rhai:1:51: unknown key \"event\" in feature(...) (did you mean \"events\"?): the keys are line, events"),
        "{stderr}"
    );
    assert!(
        stderr.contains("rules/30-events.rhai:1:1: feature(\"Dashboards\", ...) needs \"events\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("rules/30-events.rhai:3:1: the feature \"Dashboards\" is declared twice (first at rules/30-events.rhai:2:1): give each feature one feature(...), with all its events"),
        "{stderr}"
    );
}

#[test]
fn an_event_table_the_rules_describe_is_read_with_the_features_declared() {
    // The declaration names the columns; the features are declared apart.
    let dir = workspace(
        "records(\"events\", #{ file: \"app*\", columns: #{ event: \"Action\", time: \"When\", user_id: \"Who\" }, line: \"App\" });\nfeature(\"Exports\", #{ line: \"Atlas Analytics\", events: [\"export\"] });\n",
    );
    write(
        dir.path(),
        "app_log.csv",
        "Who,Action,When,App\nann,export,2025-01-03T10:00:00Z,Atlas Analytics\nbob,view,2025-01-04T10:00:00Z,Atlas Analytics\n",
    );
    let doc = report(dir.path(), &["app_log.csv"]);
    let atlas = "Atlas Analytics";
    assert_eq!(value(&doc, atlas, "2025-Q1", "active_users"), 2.0);
    assert_close(
        value(&doc, atlas, "2025-Q1", "feature_adoption"),
        0.5,
        "adoption",
    );
    let out = check_with_rules(dir.path(), &["app_log.csv"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(
            "period: column 3 \"When\" for active_users, feature_adoption, feature_uses_per_user"
        ),
        "{said}"
    );
}

#[test]
fn an_event_two_features_of_one_line_share_is_an_error() {
    let dir = workspace(&format!(
        "{POSTHOG_LINES}feature(\"Dashboards\", #{{ line: \"Atlas Analytics\", events: [\"dashboard_created\"] }});\nfeature(\"Sharing\", #{{ line: \"Atlas Analytics\", events: [\"dashboard_shared\", \"dashboard_created\"] }});\n"
    ));
    let out = check_with_rules(dir.path(), &["posthog.csv"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("rules/30-events.rhai:3:1: the event \"dashboard_created\" is already a use of the feature \"Dashboards\" of \"Atlas Analytics\" (declared at rules/30-events.rhai:2:1): an event is the use of one feature of its line, so give it to one of them"),
        "{stderr}"
    );
}
