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
