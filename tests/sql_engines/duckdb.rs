//! DuckDB runs the SQL `linecard sql --dialect duckdb` writes, on the
//! exports themselves (`read_csv`, `read_parquet`).

use super::*;

#[test]
fn zendesk_tickets_give_the_same_kpis_in_duckdb() {
    let dir = scratch("tickets", "zendesk.csv", "");
    let (n, doc) = same_both_ways(Engine::DuckDb, dir.path(), "zendesk.csv", &[]);
    // check says the query column is read, not skipped.
    let check = linecard(dir.path())
        .args(["check", "results.csv"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        said.contains("computed by: column 6 \"query\", named in each value's source"),
        "{said}"
    );
    assert!(n >= 10, "{n} values compared");
    // Each value names the query that computed it.
    let source = common::scorecards::source(&doc, "Atlas Analytics", "2025-Q1", "tickets_solved");
    assert!(
        source.ends_with(
            "results.csv, row 4, column 4 (query: zendesk.csv by solved_at) (3 records)"
        ),
        "{source}"
    );
    let median = common::scorecards::source(
        &doc,
        "Atlas Analytics",
        "2025-Q1",
        "support_resolution_hours",
    );
    assert!(
        median.ends_with("(query: zendesk.csv by solved_at (medians and percentiles)) (3 records)"),
        "{median}"
    );
}

#[test]
fn zendesk_business_hours_and_means_give_the_same_kpis_in_duckdb() {
    let dir = scratch(
        "tickets",
        "zendesk.csv",
        "records(\"tickets\", #{ hours: \"business\", statistic: \"mean\" });\n",
    );
    same_both_ways(Engine::DuckDb, dir.path(), "zendesk.csv", &[]);
}

#[test]
fn zendesk_tickets_by_month_in_new_york_give_the_same_kpis_in_duckdb() {
    let dir = scratch("tickets", "zendesk.csv", "");
    same_both_ways(
        Engine::DuckDb,
        dir.path(),
        "zendesk.csv",
        &["--period-by", "month", "--timezone", "America/New_York"],
    );
}

#[test]
fn freshdesk_tickets_give_the_same_kpis_in_duckdb() {
    let dir = scratch("tickets", "freshdesk.csv", "");
    same_both_ways(Engine::DuckDb, dir.path(), "freshdesk.csv", &[]);
}

#[test]
fn hubspot_deals_give_the_same_kpis_in_duckdb() {
    let dir = scratch("deals", "hubspot.csv", "");
    let (_, doc) = same_both_ways(Engine::DuckDb, dir.path(), "hubspot.csv", &[]);
    // The open pipeline is as of the export: in its latest period.
    let source = common::scorecards::source(&doc, "Drift Mobile", "2025-Q3", "win_rate");
    assert!(
        source.ends_with("(query: hubspot.csv by closed_at) (3 records)"),
        "{source}"
    );
}

#[test]
fn google_ads_spend_mapped_to_lines_gives_the_same_kpis_in_duckdb() {
    let dir = scratch(
        "spend",
        "google-ads.csv",
        "records(\"spend\", #{ lines: #{ \"Atlas*\": \"Atlas Analytics\", \"*Beacon*\": \"Beacon CRM\" } });\n",
    );
    same_both_ways(Engine::DuckDb, dir.path(), "google-ads.csv", &[]);
}

#[test]
fn five_thousand_generated_tickets_give_the_same_kpis_in_duckdb() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _) = tickets::generate(5_000);
    std::fs::write(dir.path().join("tickets.csv"), bytes).unwrap();
    rules_with(dir.path(), "30-records.rhai", "");
    let (n, _) = same_both_ways(Engine::DuckDb, dir.path(), "tickets.csv", &[]);
    // Eight lines over several quarters, seven ticket KPIs each.
    assert!(n > 100, "{n} values compared");
}

#[test]
fn five_thousand_generated_spend_rows_give_the_same_kpis_in_duckdb() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _) = spend::generate(5_000);
    std::fs::write(dir.path().join("spend.csv"), bytes).unwrap();
    rules_with(
        dir.path(),
        "30-records.rhai",
        &format!("records(\"spend\", #{{ {} }});\n", spend::mapping()),
    );
    let (n, _) = same_both_ways(
        Engine::DuckDb,
        dir.path(),
        "spend.csv",
        &["--period-by", "month"],
    );
    assert!(n > 50, "{n} values compared");
}

#[test]
fn intercom_unix_times_give_the_same_kpis_in_duckdb() {
    let dir = scratch("tickets", "intercom.csv", "");
    let sql = sql(Engine::DuckDb, dir.path(), &["-r", "rules", "intercom.csv"]);
    assert!(sql.contains(
        "epoch_ms(CAST(ROUND(CAST(\"conversation_created_at\" AS DOUBLE) * 1e3) AS BIGINT))"
    ));
    same_both_ways(Engine::DuckDb, dir.path(), "intercom.csv", &[]);
}

/// `linecard sql` and DuckDB on `csv` as `tickets.csv`: DuckDB's error.
fn duckdb_error(csv: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tickets.csv", csv);
    let sql = sql(Engine::DuckDb, dir.path(), &["tickets.csv"]);
    Engine::DuckDb
        .run(dir.path(), &sql, "tickets.csv")
        .expect_err("DuckDB ran the query")
}

#[test]
fn two_different_tickets_under_one_id_end_the_query_with_linecards_message() {
    let err = duckdb_error(
        "Id,Status,Created at,Solved at,Product\n\
         7,solved,2025-01-02T10:00:00Z,2025-01-03T10:00:00Z,Atlas\n\
         7,solved,2025-01-02T10:00:00Z,2025-01-04T10:00:00Z,Atlas\n\
         8,solved,2025-01-02T10:00:00Z,2025-01-03T10:00:00Z,Atlas\n",
    );
    assert!(
        err.contains("linecard: tickets.csv, column \"Id\": two tickets with different contents share the id 7"),
        "{err}"
    );
}

#[test]
fn an_unreadable_rating_ends_the_query_with_linecards_message() {
    let err = duckdb_error(
        "Id,Status,Created at,Solved at,Product,Satisfaction Score\n\
         7,solved,2025-01-02T10:00:00Z,2025-01-03T10:00:00Z,Atlas,good\n\
         8,solved,2025-01-02T10:00:00Z,2025-01-03T10:00:00Z,Atlas,great\n",
    );
    assert!(
        err.contains("linecard: tickets.csv, column \"Satisfaction Score\": expected satisfaction ratings (good, bad, offered, unoffered, or 1 to 5), got great"),
        "{err}"
    );
}

#[test]
fn dates_written_month_first_are_refused_before_any_sql_is_written() {
    let dir = scratch("deals", "salesforce.csv", "");
    let out = linecard(dir.path())
        .args([
            "sql",
            "--dialect",
            "duckdb",
            "-r",
            "rules",
            "salesforce.csv",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success() && out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: salesforce.csv, column \"Close Date\": the sample writes its times as dates like 1/5/2025, month first (e.g. \"7/21/2025\"), which the SQL cannot read the same way in every warehouse; store them as a TIMESTAMP, ISO 8601 text (2025-07-21T10:00:00Z) or Unix times, and give a sample that writes them so\nlinecard: 1 problem found; nothing was written\n"
    );
}

#[test]
fn generated_tickets_in_parquet_give_the_same_kpis_in_duckdb() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _) = tickets::generate(5_000);
    std::fs::write(dir.path().join("tickets.csv"), bytes).unwrap();
    // DuckDB writes the Parquet file, its times typed as timestamps with
    // their zone, as a lake would hold them.
    let convert = Command::new("python3")
        .current_dir(dir.path())
        .args([
            "-c",
            "import duckdb; duckdb.sql(\"COPY (SELECT * FROM read_csv('tickets.csv')) TO 'tickets.parquet' (FORMAT parquet)\")",
        ])
        .output()
        .unwrap();
    assert!(
        convert.status.success(),
        "{}",
        String::from_utf8_lossy(&convert.stderr)
    );
    std::fs::remove_file(dir.path().join("tickets.csv")).unwrap();
    rules_with(dir.path(), "30-records.rhai", "");
    let sql = sql(
        Engine::DuckDb,
        dir.path(),
        &["-r", "rules", "tickets.parquet"],
    );
    assert!(sql.contains("FROM read_parquet('tickets.parquet')"));
    let (n, _) = same_both_ways(Engine::DuckDb, dir.path(), "tickets.parquet", &[]);
    assert!(n > 100, "{n} values compared");
}

#[test]
fn posthog_events_give_the_same_active_users_in_duckdb() {
    let dir = scratch(
        "events",
        "posthog.csv",
        "records(\"events\", #{ lines: #{ \"dashboard_*\": \"Atlas Analytics\", \"deal_*\": \"Beacon CRM\" } });\n",
    );
    let sql = sql(Engine::DuckDb, dir.path(), &["-r", "rules", "posthog.csv"]);
    assert!(sql.contains("COUNT(DISTINCT COALESCE(\"person_id\", \"user_id\", \"device_id\"))"));
    let (n, _) = same_both_ways(
        Engine::DuckDb,
        dir.path(),
        "posthog.csv",
        &["--timezone", "Europe/Berlin"],
    );
    assert_eq!(
        n, 6,
        "active users and stickiness for Atlas in Q1 and Q2 and Beacon in Q1, and none for the pageviews"
    );
}

#[test]
fn feature_adoption_from_posthog_events_is_the_same_in_duckdb() {
    let dir = scratch(
        "events",
        "posthog.csv",
        "records(\"events\", #{ lines: #{ \"dashboard_*\": \"Atlas Analytics\", \"deal_*\": \"Beacon CRM\" } });\nfeature(\"Dashboards\", #{ line: \"Atlas Analytics\", events: [\"dashboard_created\"], released: \"2025-02-01\" });\nfeature(\"Deal log\", #{ line: \"Beacon CRM\", events: [\"deal_logged\"] });\n",
    );
    let (n, doc) = same_both_ways(Engine::DuckDb, dir.path(), "posthog.csv", &[]);
    // Active users, adoption and stickiness for three lines and periods,
    // and the uses per user and the two times to adopt where there were
    // first uses (Atlas in Q1, Beacon in Q1).
    assert_eq!(n, 15);
    common::scorecards::value(&doc, "Atlas Analytics", "2025-Q1", "time_to_adopt");
    common::scorecards::value(&doc, "Atlas Analytics", "2025-Q1", "feature_adoption");
}
