//! `linecard sql` for every dialect: the statements it prints for the help
//! desks', CRMs' and ad platforms' exports (each parsed back by linecard in
//! its dialect before printing, and here checked for their shape), and the
//! exact message of each mistake.

mod common;

use common::scorecards::record_fixture;
use common::*;
use std::path::Path;

/// `linecard sql ARGS` from `dir`: (success, stdout, stderr).
fn sql(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = linecard(dir).arg("sql").args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const DIALECTS: [&str; 5] = ["spark", "databricks", "bigquery", "snowflake", "duckdb"];

#[test]
fn every_dialect_writes_a_statement_per_time_field_and_one_for_the_medians() {
    let zendesk = record_fixture("tickets", "zendesk.csv");
    for dialect in DIALECTS {
        let (ok, out, err) = sql(
            &repo(),
            &[
                "--dialect",
                dialect,
                &zendesk,
                "--table",
                "analytics.support.tickets",
            ],
        );
        assert!(ok, "{dialect}: {err}");
        let headings: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("-- linecard sql"))
            .collect();
        // Solve date (counts and shares), solve date (medians and p90s),
        // creation date (first reply: medians and p90s).
        assert_eq!(headings.len(), 3, "{dialect}:\n{out}");
        assert!(
            headings[0].starts_with(&format!("-- linecard sql ({dialect}): "))
                && headings[0].contains("zendesk.csv by solved_at: tickets_solved"),
            "{}",
            headings[0]
        );
        assert!(
            headings
                .iter()
                .any(|h| h.contains("by solved_at (medians and percentiles): support_resolution_hours, support_resolution_hours_p90")),
            "{dialect}: {headings:?}"
        );
        // Statements apart, each ending in a semicolon.
        let statements: Vec<&str> = out
            .split("\n\n")
            .filter(|s| s.starts_with("-- linecard sql"))
            .collect();
        assert_eq!(statements.len(), 3);
        assert!(statements.iter().all(|s| s.trim_end().ends_with(';')));
        let table = match dialect {
            "duckdb" | "snowflake" => "\"analytics\".\"support\".\"tickets\"",
            _ => "`analytics`.`support`.`tickets`",
        };
        assert!(out.contains(&format!("FROM {table}")), "{dialect}: {out}");
    }
}

#[test]
fn bigquery_medians_are_windows_and_the_others_aggregates() {
    let (ok, out, err) = sql(
        &repo(),
        &[
            "--dialect",
            "bigquery",
            &record_fixture("tickets", "zendesk.csv"),
            "--table",
            "support.tickets",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("PERCENTILE_CONT("), "{out}");
    assert!(out.contains("OVER (PARTITION BY `line`, `solved_at__period`)"));
    assert!(!out.contains("quantile_cont") && !out.contains("percentile("));
    // The others: Spark's exact percentile, DuckDB's and Snowflake's.
    for (dialect, function) in [
        ("spark", "percentile("),
        ("duckdb", "quantile_cont("),
        ("snowflake", "PERCENTILE_CONT(5e-1) WITHIN GROUP (ORDER BY"),
    ] {
        let (_, out, _) = sql(
            &repo(),
            &[
                "--dialect",
                dialect,
                &record_fixture("tickets", "zendesk.csv"),
                "--table",
                "t",
            ],
        );
        assert!(out.contains(function), "{dialect}");
    }
}

#[test]
fn duckdb_reads_the_sample_itself_and_sets_utc() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        record_fixture("deals", "hubspot.csv"),
        dir.path().join("hubspot.csv"),
    )
    .unwrap();
    let (ok, out, err) = sql(dir.path(), &["--dialect", "duckdb", "hubspot.csv"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("SET TimeZone = 'UTC';\n\n"), "{out}");
    assert!(out.contains("FROM read_csv('hubspot.csv')"), "{out}");
    // The open pipeline, as of the export: its own statement, in the
    // latest period any other KPI of the deals falls in.
    assert!(
        out.contains("-- linecard sql (duckdb): hubspot.csv as of the export: pipeline"),
        "{out}"
    );
}

#[test]
fn a_warehouse_other_than_duckdb_needs_the_table_named() {
    let zendesk = record_fixture("tickets", "zendesk.csv");
    let (ok, out, err) = sql(&repo(), &["--dialect", "spark", &zendesk]);
    assert!(!ok && out.is_empty());
    assert_eq!(
        err,
        format!(
            "error: {zendesk}: no warehouse table named for it; say which table holds these records with --table {zendesk}=SCHEMA.TABLE (DuckDB can read a CSV or Parquet sample itself)\nlinecard: 1 problem found; nothing was written\n"
        )
    );
}

#[test]
fn a_table_for_a_file_that_is_not_an_input_is_refused() {
    let zendesk = record_fixture("tickets", "zendesk.csv");
    let (ok, _, err) = sql(
        &repo(),
        &[
            "--dialect",
            "spark",
            &zendesk,
            "--table",
            "tickets.csv=support.tickets",
        ],
    );
    assert!(!ok);
    assert_eq!(
        err,
        format!(
            "error: --table tickets.csv=support.tickets: no record table among the inputs is named tickets.csv; they are {zendesk}\nlinecard: 1 problem found; nothing was written\n"
        )
    );
    let (ok, _, err) = sql(
        &repo(),
        &["--dialect", "spark", &zendesk, "--table", "tickets="],
    );
    assert!(!ok);
    assert_eq!(
        err,
        "error: --table tickets=: expected FILE=TABLE, e.g. --table tickets.csv=support.tickets\n"
    );
}

#[test]
fn a_name_bigquery_cannot_quote_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "tickets.csv",
        "Id,Status`,Created at,Solved at,Product\n1,solved,2025-01-02T10:00:00Z,2025-01-03T10:00:00Z,Atlas\n",
    );
    let (ok, _, err) = sql(
        dir.path(),
        &[
            "--dialect",
            "bigquery",
            "tickets.csv",
            "--table",
            "support.tickets",
        ],
    );
    assert!(!ok);
    assert_eq!(
        err,
        "error: tickets.csv: the name \"Status`\" holds a backtick or a backslash, which bigquery cannot quote; rename the column in the warehouse and in the sample\nlinecard: 1 problem found; nothing was written\n"
    );
    // Spark quotes it, the backtick doubled.
    let (ok, out, err) = sql(
        dir.path(),
        &[
            "--dialect",
            "spark",
            "tickets.csv",
            "--table",
            "support.tickets",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("`Status```"), "{out}");
}

#[test]
fn a_line_name_with_a_quote_is_written_by_code() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "spend.csv",
        "Day,Campaign,Cost\n2025-01-02,O'Brien - Search,10\n",
    );
    let rules = rules_with(
        dir.path(),
        "30-spend.rhai",
        "records(\"spend\", #{ lines: #{ \"O'Brien*\": \"O'Brien's Line\" } });\n",
    );
    for dialect in DIALECTS {
        let (ok, out, err) = sql(
            dir.path(),
            &[
                "--dialect",
                dialect,
                "-r",
                &rules,
                "spend.csv",
                "--table",
                "s",
            ],
        );
        assert!(ok, "{dialect}: {err}");
        assert!(!out.contains("O'Brien"), "{dialect}: a raw quote in\n{out}");
    }
}

#[test]
fn a_file_that_holds_no_records_is_an_error_and_subscriptions_a_note() {
    let (ok, _, err) = sql(
        &repo(),
        &["--dialect", "duckdb", "tests/fixtures/product-kpis.ods"],
    );
    assert!(!ok);
    assert_eq!(
        err,
        "error: no record table in tests/fixtures/product-kpis.ods!KPIs: `linecard sql` writes the KPIs of support tickets, CRM deals, marketing spend and product events; name a sample of each table (its export, or its first rows) with the header the warehouse table has\nlinecard: 1 problem found; nothing was written\n"
    );
    let stripe = record_fixture("subscriptions", "stripe.csv");
    let zendesk = record_fixture("tickets", "zendesk.csv");
    let (ok, out, err) = sql(
        &repo(),
        &[
            "--dialect",
            "snowflake",
            &stripe,
            &zendesk,
            "--table",
            &format!("{zendesk}=support.tickets"),
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("\"support\".\"tickets\""));
    assert_eq!(
        err,
        format!(
            "note: {stripe}: subscriptions have no SQL form (their KPIs follow each subscription from period to period); run `linecard report` on the export\n"
        )
    );
}

#[test]
fn times_without_a_zone_under_another_timezone_are_a_note() {
    let hubspot = record_fixture("deals", "hubspot.csv");
    let (ok, _, err) = sql(
        &repo(),
        &[
            "--dialect",
            "duckdb",
            &hubspot,
            "--timezone",
            "Europe/Berlin",
        ],
    );
    assert!(ok, "{err}");
    assert_eq!(
        err,
        format!(
            "note: {hubspot}, column \"Close Date\": the sample's times carry no zone; the SQL reads them as UTC, as warehouses store points in time, where `linecard report` on the file reads them as local times in Europe/Berlin\nnote: {hubspot}, column \"Create Date\": the sample's times carry no zone; the SQL reads them as UTC, as warehouses store points in time, where `linecard report` on the file reads them as local times in Europe/Berlin\n"
        )
    );
}
