//! Spark in local mode runs the SQL `linecard sql --dialect spark` writes,
//! on a view of each export as Spark's schema inference types it, with ANSI
//! mode on. Each test starts its own Spark (about ten seconds).

use super::*;

#[test]
fn zendesk_tickets_give_the_same_kpis_in_spark() {
    let dir = scratch("tickets", "zendesk.csv", "");
    let (n, _) = same_both_ways(Engine::Spark, dir.path(), "zendesk.csv", &[]);
    assert!(n >= 10, "{n} values compared");
}

#[test]
fn hubspot_deals_give_the_same_kpis_in_spark() {
    let dir = scratch("deals", "hubspot.csv", "");
    same_both_ways(Engine::Spark, dir.path(), "hubspot.csv", &[]);
}

#[test]
fn zendesk_tickets_by_month_in_berlin_give_the_same_kpis_in_spark() {
    let dir = scratch("tickets", "zendesk.csv", "");
    same_both_ways(
        Engine::Spark,
        dir.path(),
        "zendesk.csv",
        &["--period-by", "month", "--timezone", "Europe/Berlin"],
    );
}

#[test]
fn five_thousand_generated_spend_rows_give_the_same_kpis_in_spark() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _) = spend::generate(5_000);
    std::fs::write(dir.path().join("spend.csv"), bytes).unwrap();
    rules_with(
        dir.path(),
        "30-records.rhai",
        &format!("records(\"spend\", #{{ {} }});\n", spend::mapping()),
    );
    let (n, _) = same_both_ways(Engine::Spark, dir.path(), "spend.csv", &[]);
    assert!(n > 20, "{n} values compared");
}

#[test]
fn intercom_unix_times_give_the_same_kpis_in_spark() {
    let dir = scratch("tickets", "intercom.csv", "");
    same_both_ways(Engine::Spark, dir.path(), "intercom.csv", &[]);
}

#[test]
fn posthog_feature_adoption_and_time_to_adopt_are_the_same_in_spark() {
    let dir = scratch(
        "events",
        "posthog.csv",
        "records(\"events\", #{ lines: #{ \"dashboard_*\": \"Atlas Analytics\", \"deal_*\": \"Beacon CRM\" } });\nfeature(\"Dashboards\", #{ line: \"Atlas Analytics\", events: [\"dashboard_created\"], released: \"2025-02-01\" });\n",
    );
    // In Berlin, p-3's event at 23:30 UTC on 31 March is in Q2, whose
    // days then start on 1 April.
    let (n, doc) = same_both_ways(
        Engine::Spark,
        dir.path(),
        "posthog.csv",
        &["--timezone", "Europe/Berlin"],
    );
    assert!(n >= 10, "{n}");
    common::scorecards::value(&doc, "Atlas Analytics", "2025-Q2", "stickiness");
    common::scorecards::value(&doc, "Atlas Analytics", "2025-Q1", "time_to_adopt_p90");
}

#[test]
fn segment_tracks_give_the_same_active_users_in_spark() {
    let dir = scratch(
        "events",
        "segment_tracks.csv",
        "records(\"events\", #{ line: \"context_app_name\" });\n",
    );
    same_both_ways(
        Engine::Spark,
        dir.path(),
        "segment_tracks.csv",
        &["--period-by", "month"],
    );
}
