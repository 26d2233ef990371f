//! Periods across the columns (KPIs down the rows): the product line from a
//! column, section rows, a key–value block, the sheet's name; quarters,
//! months, `Jan-25`, date cells and `Q1` under a merged `FY2025`; `Actual |
//! Target` under merged quarters; a Stage row; summary rows and columns
//! skipped with a warning; the PM and PMM of a key–value block; and the
//! refusals. Fixtures: written by
//! `tests/fixtures/layouts/across/make.py` (openpyxl), re-saved by
//! LibreOffice as xlsx, ods and xls (`lo/`).

mod common;

use common::{assert_close, linecard, measured, repo, report_json, write};
use serde_json::Value;

const DIR: &str = "tests/fixtures/layouts/across";

/// (line, period, metric, value, stage) of every value a report gives.
fn values(args: &[&str]) -> Vec<(String, String, String, f64, Value)> {
    let doc = report_json(&repo(), args);
    let stages: Vec<(String, String, Value)> = doc["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let t = |k: &str| c[k].as_str().unwrap().to_string();
            (t("line"), t("period"), c["stage"].clone())
        })
        .collect();
    measured(&doc)
        .into_iter()
        .map(|(line, period, m)| {
            let stage = stages
                .iter()
                .find(|(l, p, _)| *l == line && *p == period)
                .map(|s| s.2.clone())
                .unwrap_or(Value::Null);
            let metric = m["metric"].as_str().unwrap().to_string();
            (line, period, metric, m["value"].as_f64().unwrap(), stage)
        })
        .collect()
}

fn value(
    all: &[(String, String, String, f64, Value)],
    line: &str,
    period: &str,
    metric: &str,
) -> f64 {
    all.iter()
        .find(|(l, p, m, _, _)| l == line && p == period && m == metric)
        .unwrap_or_else(|| panic!("{line} {period} {metric} missing from {all:?}"))
        .3
}

fn check_all(
    all: &[(String, String, String, f64, Value)],
    want: &[(&str, &str, &str, f64)],
    file: &str,
) {
    for (line, period, metric, expected) in want {
        assert_close(
            value(all, line, period, metric),
            *expected,
            &format!("{file}: {line} {period} {metric}"),
        );
    }
    assert_eq!(all.len(), want.len(), "{file}: {all:?}");
}

/// The file as written by openpyxl, and as LibreOffice re-saved it.
fn every_format(name: &str) -> Vec<String> {
    let mut files = vec![format!("{DIR}/{name}.xlsx")];
    for ext in ["xlsx", "ods", "xls"] {
        files.push(format!("{DIR}/lo/{name}.{ext}"));
    }
    files
}

fn check_stderr(dir: &std::path::Path, args: &[&str]) -> String {
    let out = linecard(dir).args(args).output().unwrap();
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn the_reproducer_reads_two_nps_values() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "across.csv",
        "Product Line,KPI,Q1 2025,Q2 2025\nAtlas,NPS,31,34\n",
    );
    let all = values(&[dir.path().join("across.csv").to_str().unwrap()]);
    check_all(
        &all,
        &[
            ("Atlas", "2025-Q1", "nps", 31.0),
            ("Atlas", "2025-Q2", "nps", 34.0),
        ],
        "across.csv",
    );
}

#[test]
fn section_rows_name_the_line_and_a_stage_row_gives_the_stage() {
    let want = [
        ("Atlas", "2025-Q1", "nps", 31.0),
        ("Atlas", "2025-Q2", "nps", 34.0),
        ("Atlas", "2025-Q3", "nps", 36.0),
        ("Atlas", "2025-Q4", "nps", 38.0),
        ("Atlas", "2025-Q1", "csat", 0.81),
        ("Atlas", "2025-Q2", "csat", 0.83),
        ("Atlas", "2025-Q3", "csat", 0.84),
        ("Atlas", "2025-Q4", "csat", 0.86),
        ("Beacon", "2025-Q1", "nps", 21.0),
        ("Beacon", "2025-Q2", "nps", 22.0),
        ("Beacon", "2025-Q3", "nps", 25.0),
        ("Beacon", "2025-Q4", "nps", 27.0),
        ("Beacon", "2025-Q1", "csat", 0.71),
        ("Beacon", "2025-Q2", "csat", 0.72),
        ("Beacon", "2025-Q3", "csat", 0.74),
        ("Beacon", "2025-Q4", "csat", 0.75),
    ];
    for file in every_format("sections") {
        let all = values(&[&file]);
        check_all(&all, &want, &file);
        for (line, period, _, _, stage) in &all {
            let expected = match (line.as_str(), period.as_str()) {
                ("Atlas", "2025-Q1" | "2025-Q2") => Value::from("Growth"),
                ("Atlas", _) => Value::from("Maturity"),
                _ => Value::Null,
            };
            assert_eq!(*stage, expected, "{file}: {line} {period}");
        }
        let name = file.rsplit('/').next().unwrap();
        let stderr = check_stderr(&repo(), &["check", &file]);
        assert!(
            stderr.contains(&format!(
                "{file}!KPIs!F1 \"YTD\": a summary column, skipped"
            )),
            "{name}: {stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "{file}!KPIs!A11 \"Portfolio\": a summary row, skipped"
            )),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn a_key_value_block_names_the_line_and_fy2025_merged_over_quarters_gives_the_year() {
    let want = [
        ("Atlas Analytics", "2025-Q1", "nps", 40.0),
        ("Atlas Analytics", "2025-Q2", "nps", 42.0),
        ("Atlas Analytics", "2025-Q3", "nps", 41.0),
        ("Atlas Analytics", "2025-Q4", "nps", 45.0),
        ("Atlas Analytics", "2025-Q1", "retention", 0.91),
        ("Atlas Analytics", "2025-Q2", "retention", 0.92),
        ("Atlas Analytics", "2025-Q3", "retention", 0.90),
        ("Atlas Analytics", "2025-Q4", "retention", 0.93),
    ];
    for file in every_format("fy-merged") {
        check_all(&values(&[&file]), &want, &file);
    }
}

#[test]
fn actual_and_target_under_merged_quarters_and_a_total_row_skipped() {
    let want = [
        ("Atlas", "2025-Q1", "nps", 31.0),
        ("Atlas", "2025-Q2", "nps", 34.0),
        ("Atlas", "2025-Q1", "win_rate", 0.22),
        ("Atlas", "2025-Q2", "win_rate", 0.24),
        ("Beacon", "2025-Q1", "nps", 21.0),
        ("Beacon", "2025-Q2", "nps", 23.0),
    ];
    for file in every_format("actual-target") {
        check_all(&values(&[&file]), &want, &file);
        let stderr = check_stderr(&repo(), &["check", &file]);
        assert!(
            stderr.contains(&format!("{file}!KPIs!A6 \"Total\": a summary row, skipped")),
            "{file}: {stderr}"
        );
    }
}

#[test]
fn one_tab_per_line_with_month_date_cells_as_headers() {
    let want = [
        ("Atlas", "2025-01", "nps", 31.0),
        ("Atlas", "2025-02", "nps", 33.0),
        ("Atlas", "2025-03", "nps", 35.0),
        ("Atlas", "2025-01", "support_resolution_hours", 10.5),
        ("Atlas", "2025-02", "support_resolution_hours", 9.0),
        ("Atlas", "2025-03", "support_resolution_hours", 8.25),
        ("Beacon", "2025-01", "nps", 20.0),
        ("Beacon", "2025-02", "nps", 22.0),
        ("Beacon", "2025-03", "nps", 24.0),
        ("Beacon", "2025-01", "support_resolution_hours", 10.5),
        ("Beacon", "2025-02", "support_resolution_hours", 9.0),
        ("Beacon", "2025-03", "support_resolution_hours", 8.25),
    ];
    for file in every_format("tabs") {
        check_all(&values(&[&file]), &want, &file);
    }
}

#[test]
fn month_headers_written_jan_25_and_2025_03() {
    let file = format!("{DIR}/months.csv");
    let want = [
        ("Atlas", "2025-01", "nps", 30.0),
        ("Atlas", "2025-02", "nps", 31.0),
        ("Atlas", "2025-03", "nps", 32.0),
        ("Atlas", "2025-01", "retention", 0.90),
        ("Atlas", "2025-02", "retention", 0.91),
        ("Atlas", "2025-03", "retention", 0.92),
    ];
    check_all(&values(&[&file]), &want, &file);
}

#[test]
fn periods_across_without_a_kpi_column_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "k.csv",
        "Product Line,Q1 2025,Q2 2025\nAtlas,31,34\n",
    );
    linecard(dir.path()).args(["check", "k.csv"]).assert().code(1).stderr(concat!(
        "error: k.csv: periods across the columns (Q1 2025, Q2 2025) but no KPI column: head the column that holds the KPI names \"KPI\" (or leave its header blank)\n",
        "linecard: 1 problem found; nothing was written\n",
    ));
}

#[test]
fn periods_across_without_a_line_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kpis.csv", "KPI,Q1 2025,Q2 2025\nNPS,31,34\n");
    linecard(dir.path()).args(["check", "kpis.csv"]).assert().code(1).stderr(concat!(
        "error: kpis.csv: KPIs down the rows and periods across the columns (Q1 2025, Q2 2025) but no product line: name the product line in a column, a `Product line | …` row above the table, or the sheet's name\n",
        "linecard: 1 problem found; nothing was written\n",
    ));
}

#[test]
fn a_period_heading_two_columns_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "k.csv",
        "Product Line,KPI,Q1 2025,2025-Q1\nAtlas,NPS,31,34\n",
    );
    linecard(dir.path()).args(["check", "k.csv"]).assert().code(1).stderr(concat!(
        "error: k.csv, row 1, column 4: the period 2025-Q1 (\"2025-Q1\") heads two columns, k.csv, row 1, column 3 and this one; keep one of them\n",
        "linecard: 1 problem found; nothing was written\n",
    ));
}

#[test]
fn the_file_name_names_the_line_when_nothing_else_does() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Atlas Analytics.csv",
        "KPI,Q1 2025,Q2 2025\nNPS,31,34\n",
    );
    let all = values(&[dir.path().join("Atlas Analytics.csv").to_str().unwrap()]);
    check_all(
        &all,
        &[
            ("Atlas Analytics", "2025-Q1", "nps", 31.0),
            ("Atlas Analytics", "2025-Q2", "nps", 34.0),
        ],
        "Atlas Analytics.csv",
    );
}

#[test]
fn the_key_value_blocks_product_manager_and_pmm_are_the_lines_people() {
    for file in every_format("fy-merged") {
        let doc = report_json(&repo(), &[&file]);
        let cards = doc["scorecards"].as_array().unwrap();
        assert!(!cards.is_empty(), "{file}");
        for card in cards {
            assert_eq!(card["line"], "Atlas Analytics", "{file}");
            assert_eq!(card["people"]["pm"], "Dana Lee", "{file}");
            assert_eq!(card["people"]["pmm"], "Sam Ortiz", "{file}");
        }
    }
    // The line sheet shows them, and the check reading says where from.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join(DIR).join("lo/fy-merged.xlsx"),
        dir.path().join("fy-merged.xlsx"),
    )
    .unwrap();
    linecard(dir.path())
        .args(["report", "-o", "r.xlsx", "fy-merged.xlsx"])
        .assert()
        .success();
    let line = common::sheet(&dir.path().join("r.xlsx"), "Atlas Analytics");
    assert_eq!(common::text(&line, 2, 0), "PM: Dana Lee · PMM: Sam Ortiz");
    let check = linecard(dir.path())
        .args(["check", "fy-merged.xlsx"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(check.stdout).unwrap();
    assert!(
        stdout.contains(concat!(
            "  PM: \"Dana Lee\" from fy-merged.xlsx!Scorecard!B2 beside \"Product manager\"\n",
            "  PMM: \"Sam Ortiz\" from fy-merged.xlsx!Scorecard!B3 beside \"Product marketing manager\"\n",
        )),
        "{stdout}"
    );
}

#[test]
fn a_product_manager_above_a_table_of_several_lines_is_not_recorded_but_said() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kpis.csv",
        "Product manager,Dana Lee\n\nProduct line,KPI,Q1 2025,Q2 2025\nAtlas,NPS,31,34\nBeacon,NPS,21,22\n",
    );
    let doc = report_json(dir.path(), &["kpis.csv"]);
    for card in doc["scorecards"].as_array().unwrap() {
        assert!(card["people"]["pm"].is_null(), "{card}");
    }
    let out = linecard(dir.path())
        .args(["check", "-q", "kpis.csv"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "warning: kpis.csv: the PM \"Dana Lee\" (kpis.csv, row 1, column 2 beside \"Product manager\") is named above a table of 2 product lines, so it names no one line: not recorded\n"
    );
}

#[test]
fn a_line_name_carries_down_over_merged_or_blank_cells_of_its_block() {
    let mut want = Vec::new();
    for (line, kpis) in [
        (
            "Atlas",
            vec![
                ("nps", [31.0, 34.0]),
                ("csat", [0.81, 0.83]),
                ("retention", [0.91, 0.92]),
            ],
        ),
        (
            "Beacon",
            vec![("nps", [21.0, 22.0]), ("csat", [0.71, 0.72])],
        ),
    ] {
        for (metric, by_quarter) in kpis {
            for (period, value) in ["2025-Q1", "2025-Q2"].into_iter().zip(by_quarter) {
                want.push((line, period, metric, value));
            }
        }
    }
    // Merged in the xlsx and xls; blank below the name in the ods re-save.
    for file in every_format("carried") {
        check_all(&values(&[&file]), &want, &file);
    }
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kpis.csv",
        "Product line,KPI,Q1 2025,Q2 2025\nAtlas,NPS,31,34\n,CSAT,81%,83%\n,Retention,91%,92%\nBeacon,NPS,21,22\n,CSAT,71%,72%\n",
    );
    check_all(
        &values(&[dir.path().join("kpis.csv").to_str().unwrap()]),
        &want,
        "kpis.csv",
    );
    let out = linecard(dir.path())
        .args(["check", "kpis.csv"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("  product line: column 1 \"Product line\"; rows 3, 4 and 6 blank: the line carried down from the row above\n"),
        "{stdout}"
    );
}

#[test]
fn a_blank_line_cell_not_under_a_name_is_still_an_error() {
    let dir = tempfile::tempdir().unwrap();
    // The first KPI row has no name above it; the one after a blank row
    // starts a new block.
    write(
        dir.path(),
        "kpis.csv",
        "Product line,KPI,Q1 2025,Q2 2025\n,NPS,31,34\nAtlas,CSAT,81%,83%\n\n,NPS,21,22\n",
    );
    assert_eq!(
        check_stderr(dir.path(), &["check", "-q", "kpis.csv"]),
        concat!(
            "error: kpis.csv, row 2, column 1: this row has values but no product line\n",
            "error: kpis.csv, row 5, column 1: this row has values but no product line\n",
            "linecard: 2 problems found; nothing was written\n",
        )
    );
}
