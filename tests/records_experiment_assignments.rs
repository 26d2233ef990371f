//! Experiment assignments (a row per exposure, as GrowthBook reads them
//! from Segment's `experiment_viewed` table) and the goal event in the
//! product events become per-experiment results — the people exposed,
//! those with the goal event at or after their first exposure — analysed
//! like a results export. Every expected number is worked out here from
//! `tests/fixtures/records/experiments/make_assignments.py`.

mod common;

use common::scorecards::*;
use common::*;

const FILES: [&str; 2] = ["growthbook_experiment_viewed.csv", "segment_purchases.csv"];

fn workspace(extra: &str) -> tempfile::TempDir {
    record_workspace("experiments", &FILES, "30-experiments.rhai", extra)
}

const RULES: &str = "records(\"assignments\", #{ lines: #{ \"checkout-*\": \"Cobalt Payments\" }, goal: \"order_completed\" });\nrecords(\"events\", #{ line: \"context_app_name\" });\n";

#[test]
fn assignments_and_goal_events_become_experiments_with_verdicts() {
    let dir = workspace(RULES);
    let mut args = vec!["-r", "rules"];
    args.extend(FILES);
    let doc = report_json(dir.path(), &args);
    let e = experiment(&doc, "checkout-redesign");
    // The control: 400 people, and 3 who ordered only before their first
    // exposure (no conversion); 40 converted. The person who saw both
    // variations is in neither.
    let (control, treatment) = (arm(e, "0"), arm(e, "1"));
    assert_eq!(
        (control["people"].as_u64(), control["conversions"].as_u64()),
        (Some(403), Some(40))
    );
    assert_eq!(
        (
            treatment["people"].as_u64(),
            treatment["conversions"].as_u64()
        ),
        (Some(400), Some(72))
    );
    assert!(control["control"].as_bool().unwrap());
    assert_close(
        treatment["lift"].as_f64().unwrap(),
        (72.0 / 400.0) / (40.0 / 403.0) - 1.0,
        "lift",
    );
    let p = z_test(403.0, 40.0, 400.0, 72.0);
    assert!(
        (treatment["p_value"].as_f64().unwrap() - p).abs() < 1e-6,
        "{p}"
    );
    assert!(p < 0.05);
    assert_eq!(e["verdict"], "win");
    assert_eq!(e["goal"], "order_completed");
    // Counted from the exposures: no rows to name.
    assert_eq!(
        e["source"],
        "growthbook_experiment_viewed.csv with \"order_completed\" in segment_purchases.csv"
    );
    // The last exposure, on 28 September, ends it.
    assert_eq!(e["ended"], "2025-09-28");
    assert_eq!(e["period"], "2025-Q3");
    let copy = experiment(&doc, "checkout-copy");
    assert_eq!(arm(copy, "1")["conversions"], 21);
    assert_eq!(copy["verdict"], "flat");
    // Two concluded in Q3, one won.
    let cobalt = "Cobalt Payments";
    assert_eq!(value(&doc, cobalt, "2025-Q3", "experiments_concluded"), 2.0);
    assert_eq!(value(&doc, cobalt, "2025-Q3", "experiment_win_rate"), 0.5);
    assert_eq!(
        source(&doc, cobalt, "2025-Q3", "experiment_win_rate"),
        "growthbook_experiment_viewed.csv with \"order_completed\" in segment_purchases.csv (2 experiments concluded in 2025-Q3, 1 won)"
    );
    let issues = issue_messages(&doc);
    assert!(
        issues.contains(&"experiment \"checkout-redesign\": 1 person was exposed to more than one variation, left out of it (their outcome belongs to neither)"),
        "{issues:?}"
    );
}

#[test]
fn check_says_how_the_assignments_are_read() {
    let dir = workspace(RULES);
    let out = check_with_rules(dir.path(), &FILES);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("growthbook_experiment_viewed.csv: read as experiment assignments (a row per person exposed to a variation): header row 1 has the columns of an experiment assignment table (\"anonymous_id\", \"user_id\", \"timestamp\", \"experiment_id\", \"variation_id\")\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  period: each experiment in the period of its last exposure, by \"timestamp\", its conversions from the goal event of the records(...) (experiments_concluded, experiment_win_rate)\n"),
        "{stdout}"
    );
}

fn stderr_of(dir: &std::path::Path, inputs: &[&str]) -> String {
    let out = check_with_rules(dir, inputs);
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8_lossy(&out.stderr).to_string()
}

#[test]
fn assignments_without_a_goal_or_its_events_are_an_error_saying_what_to_add() {
    let dir = workspace(
        "records(\"assignments\", #{ lines: #{ \"checkout-*\": \"Cobalt Payments\" } });\nrecords(\"events\", #{ line: \"context_app_name\" });\n",
    );
    let stderr = stderr_of(dir.path(), &FILES);
    assert!(
        stderr.contains("error: growthbook_experiment_viewed.csv: an assignment table needs the event that counts as a conversion: name it with records(\"assignments\", #{ goal: \"checkout_completed\" }), and give the product events too\n"),
        "{stderr}"
    );
    let dir = workspace(RULES);
    let stderr = stderr_of(dir.path(), &[FILES[0]]);
    assert!(
        stderr.contains("error: growthbook_experiment_viewed.csv: the goal \"order_completed\" of the records(...) at rules/30-experiments.rhai:1:1 counts conversions from product events, but no product events were read: give the event export with the assignments, or correct the goal's name\n"),
        "{stderr}"
    );
    let dir = workspace(&RULES.replace("order_completed", "order_complete"));
    let stderr = stderr_of(dir.path(), &FILES);
    assert!(
        stderr.contains("but none of the events of segment_purchases.csv on a product line is \"order_complete\""),
        "{stderr}"
    );
}

#[test]
fn a_visitor_exposed_before_logging_in_is_counted_by_their_anonymous_id() {
    let dir = workspace("records(\"assignments\", #{ goal: \"order_completed\" });\n");
    write(
        dir.path(),
        "exposures.csv",
        "anonymous_id,user_id,timestamp,experiment_id,variation_id,product\nanon-1,,2025-07-01T10:00:00Z,banner,0,Cobalt Payments\nanon-2,,2025-07-01T10:00:00Z,banner,1,Cobalt Payments\nanon-3,user-3,2025-07-01T10:00:00Z,banner,1,Cobalt Payments\n",
    );
    write(
        dir.path(),
        "orders.csv",
        "anonymous_id,user_id,event,timestamp,product\nanon-2,,order_completed,2025-07-02T10:00:00Z,Cobalt Payments\n,user-3,order_completed,2025-07-02T10:00:00Z,Cobalt Payments\n",
    );
    let doc = report_json(dir.path(), &["-r", "rules", "exposures.csv", "orders.csv"]);
    let e = experiment(&doc, "banner");
    // anon-1 in the control; anon-2 (by the anonymous id) and user-3 in
    // the treatment, both ordered.
    assert_eq!(arm(e, "0")["people"], 1);
    assert_eq!(arm(e, "1")["people"], 2);
    assert_eq!(arm(e, "1")["conversions"], 2);
    assert_eq!(e["verdict"], "insufficient");
}
