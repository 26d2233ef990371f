//! `linecard sql --dialect duckdb` against `linecard report` itself: the
//! SQL written for a record export is run by DuckDB (its Python package,
//! which `.ci/run` installs) on the same file, its result table is read back
//! by `linecard report`, and every KPI value and sample size must equal what
//! `linecard report` computes from the export directly. The exports are
//! the help desks', CRMs' and ad platforms' real column layouts
//! (`tests/fixtures/records/*/make.py`), plus generated tables of a few
//! thousand records.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Runs each statement of `sql` (split at the blank lines between them) in
/// one DuckDB connection from `dir`, and writes the rows of every query to
/// `out` as CSV, with the columns the statements return.
const RUN: &str = r#"
import csv, sys
import duckdb
sql, out = sys.argv[1], sys.argv[2]
con = duckdb.connect()
rows, columns = [], None
for statement in open(sql, encoding="utf-8").read().split("\n\n"):
    if not statement.strip():
        continue
    cursor = con.execute(statement)
    if statement.lstrip().upper().startswith("SET "):
        continue
    names = [d[0] for d in cursor.description]
    assert columns is None or names == columns, (names, columns)
    columns = names
    rows.extend(cursor.fetchall())
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(columns)
    for row in rows:
        w.writerow([repr(v) if isinstance(v, float) else v for v in row])
print(len(rows))
"#;

/// Runs `sql` in DuckDB from `dir`, the rows going to `results.csv` there:
/// the path, or DuckDB's message when it fails.
fn run_duckdb(dir: &Path, sql: &str) -> Result<std::path::PathBuf, String> {
    let script = write(dir, "run_duckdb.py", RUN);
    let sql_file = write(dir, "kpis.sql", sql);
    let out = dir.join("results.csv");
    let run = Command::new("python3")
        .current_dir(dir)
        .arg(&script)
        .arg(&sql_file)
        .arg(&out)
        .output()
        .expect("python3 runs");
    match run.status.success() {
        true => Ok(out),
        false => Err(String::from_utf8_lossy(&run.stderr).into_owned()),
    }
}

/// DuckDB's answer to `sql` from `dir`, as a CSV file there; panics with
/// DuckDB's message when it fails.
fn duckdb(dir: &Path, sql: &str) -> std::path::PathBuf {
    run_duckdb(dir, sql).unwrap_or_else(|err| {
        panic!(
            "DuckDB failed (pip install duckdb==1.4.2, as .ci/run does, if it is missing):\n{err}"
        )
    })
}

/// `linecard sql --dialect duckdb ARGS` from `dir`: the SQL.
fn sql(dir: &Path, args: &[&str]) -> String {
    let out = linecard(dir)
        .args(["sql", "--dialect", "duckdb"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "linecard sql failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every value of a JSON report: (line, period, metric) -> (value, sample).
fn values(doc: &serde_json::Value) -> BTreeMap<(String, String, String), (f64, Option<u64>)> {
    measured(doc)
        .into_iter()
        .map(|(line, period, m)| {
            let key = (line, period, m["metric"].as_str().unwrap().to_string());
            (
                key,
                (m["value"].as_f64().unwrap(), m["sample_size"].as_u64()),
            )
        })
        .collect()
}

/// The fixture `kind/name` copied into a scratch folder (so that the SQL
/// reads it by its own name), with `rules` added to the shipped scripts.
fn scratch(kind: &str, name: &str, rules: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/records").join(kind).join(name),
        dir.path().join(name),
    )
    .unwrap();
    rules_with(dir.path(), "30-records.rhai", rules);
    dir
}

/// The export's KPIs by `linecard report`, and by DuckDB running `linecard
/// sql`: the same keys, values and sample sizes. Returns how many values
/// were compared and the report read from DuckDB's results.
fn same_both_ways(dir: &Path, input: &str, extra: &[&str]) -> (usize, serde_json::Value) {
    let mut args = vec!["-r", "rules", input];
    args.extend_from_slice(extra);
    let direct = values(&report_json(dir, &args));
    let results = duckdb(dir, &sql(dir, &args));
    let results = results.to_str().unwrap();
    let mut args = vec!["-r", "rules", results];
    args.extend_from_slice(extra);
    let doc = report_json(dir, &args);
    let through_sql = values(&doc);
    assert_eq!(
        direct.keys().collect::<Vec<_>>(),
        through_sql.keys().collect::<Vec<_>>(),
        "the same KPIs, lines and periods"
    );
    for (key, (value, n)) in &direct {
        let (got, got_n) = through_sql[key];
        assert_close(got, *value, &format!("{key:?}"));
        assert_eq!(got_n, *n, "sample size of {key:?}");
    }
    assert!(!direct.is_empty(), "the export gives KPIs");
    (direct.len(), doc)
}

#[test]
fn zendesk_tickets_give_the_same_kpis_in_duckdb() {
    let dir = scratch("tickets", "zendesk.csv", "");
    let (n, doc) = same_both_ways(dir.path(), "zendesk.csv", &[]);
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
    same_both_ways(dir.path(), "zendesk.csv", &[]);
}

#[test]
fn zendesk_tickets_by_month_in_new_york_give_the_same_kpis_in_duckdb() {
    let dir = scratch("tickets", "zendesk.csv", "");
    same_both_ways(
        dir.path(),
        "zendesk.csv",
        &["--period-by", "month", "--timezone", "America/New_York"],
    );
}

#[test]
fn freshdesk_tickets_give_the_same_kpis_in_duckdb() {
    let dir = scratch("tickets", "freshdesk.csv", "");
    same_both_ways(dir.path(), "freshdesk.csv", &[]);
}

#[test]
fn hubspot_deals_give_the_same_kpis_in_duckdb() {
    let dir = scratch("deals", "hubspot.csv", "");
    let (_, doc) = same_both_ways(dir.path(), "hubspot.csv", &[]);
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
    same_both_ways(dir.path(), "google-ads.csv", &[]);
}

#[path = "generated/tickets.rs"]
#[allow(dead_code)]
mod tickets;

#[path = "generated/spend.rs"]
#[allow(dead_code)]
mod spend;

#[test]
fn five_thousand_generated_tickets_give_the_same_kpis_in_duckdb() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _) = tickets::generate(5_000);
    std::fs::write(dir.path().join("tickets.csv"), bytes).unwrap();
    rules_with(dir.path(), "30-records.rhai", "");
    let (n, _) = same_both_ways(dir.path(), "tickets.csv", &[]);
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
    let (n, _) = same_both_ways(dir.path(), "spend.csv", &["--period-by", "month"]);
    assert!(n > 50, "{n} values compared");
}

#[test]
fn intercom_unix_times_give_the_same_kpis_in_duckdb() {
    let dir = scratch("tickets", "intercom.csv", "");
    let sql = sql(dir.path(), &["-r", "rules", "intercom.csv"]);
    assert!(sql.contains(
        "epoch_ms(CAST(ROUND(CAST(\"conversation_created_at\" AS DOUBLE) * 1000.0) AS BIGINT))"
    ));
    same_both_ways(dir.path(), "intercom.csv", &[]);
}

/// `linecard sql` and DuckDB on `csv` as `tickets.csv`: DuckDB's error.
fn duckdb_error(csv: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tickets.csv", csv);
    let sql = sql(dir.path(), &["tickets.csv"]);
    run_duckdb(dir.path(), &sql).expect_err("DuckDB ran the query")
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
