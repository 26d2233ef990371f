//! What surrounds a table: notes below it, tables stacked and side by side,
//! summary rows and columns skipped with a warning, chart and hidden sheets
//! skipped with a note, password-protected workbooks refused. Fixtures are
//! written by `tests/fixtures/layouts/surroundings/make.py` (openpyxl, then
//! LibreOffice as xlsx, ods and xls).

mod common;

use common::{linecard, measured, repo, report_json, write};
use predicates::prelude::*;

const DIR: &str = "tests/fixtures/layouts/surroundings";

/// Every value of `report --json -` on `args` (from the fixture folder):
/// (line, period, metric, value, source), sorted.
pub fn values(dir: &std::path::Path, args: &[&str]) -> Vec<(String, String, String, f64, String)> {
    let doc = report_json(dir, args);
    let mut all: Vec<_> = measured(&doc)
        .into_iter()
        .map(|(line, period, m)| {
            (
                line,
                period,
                m["metric"].as_str().unwrap().to_string(),
                m["value"].as_f64().unwrap(),
                m["source"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    all.sort_by(|a, b| a.partial_cmp(b).unwrap());
    all
}

fn fixtures() -> std::path::PathBuf {
    repo().join(DIR)
}

/// (line, metric, value) of every value, all in 2025-Q1.
fn q1(file: &str) -> Vec<(String, String, f64)> {
    values(&fixtures(), &[file])
        .into_iter()
        .map(|(line, period, metric, value, _)| {
            assert_eq!(period, "2025-Q1", "{file}");
            (line, metric, value)
        })
        .collect()
}

fn row(line: &str, metric: &str, value: f64) -> (String, String, f64) {
    (line.to_string(), metric.to_string(), value)
}

#[test]
fn notes_source_lines_and_footnotes_below_a_table_are_not_data() {
    for file in [
        "notes.xlsx",
        "notes-lo.xlsx",
        "notes-lo.ods",
        "notes-lo.xls",
    ] {
        assert_eq!(
            q1(file),
            vec![
                row("Atlas", "csat", 0.82),
                row("Atlas", "nps", 31.0),
                row("Beacon", "csat", 0.77),
                row("Beacon", "nps", 21.0),
            ],
            "{file}"
        );
    }
}

#[test]
fn the_notes_reproducer_reads_its_one_value() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "notes.csv",
        "Product Line,Quarter,NPS\nAtlas,2025-Q1,31\n\nNotes: NPS from Delighted\n",
    );
    let all = values(dir.path(), &["notes.csv"]);
    assert_eq!(
        all,
        vec![(
            "Atlas".into(),
            "2025-Q1".into(),
            "nps".into(),
            31.0,
            "notes.csv, row 2, column 3".into()
        )]
    );
    linecard(dir.path())
        .args(["check", "notes.csv"])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn a_second_table_below_a_blank_row_is_read_as_its_own_table() {
    for file in [
        "stacked.xlsx",
        "stacked-lo.xlsx",
        "stacked-lo.ods",
        "stacked-lo.xls",
    ] {
        assert_eq!(
            q1(file),
            vec![
                row("Atlas", "csat", 0.82),
                row("Atlas", "nps", 31.0),
                row("Beacon", "csat", 0.77),
                row("Beacon", "nps", 21.0),
                row("Comet", "csat", 0.9),
            ],
            "{file}"
        );
    }
    let all = values(&fixtures(), &["stacked.xlsx"]);
    let comet = all.iter().find(|v| v.0 == "Comet").unwrap();
    assert_eq!(comet.4, "stacked.xlsx!KPIs!C8");
}

#[test]
fn tables_side_by_side_each_read_their_own_line_column() {
    for file in [
        "side-by-side.xlsx",
        "side-by-side-lo.xlsx",
        "side-by-side-lo.ods",
        "side-by-side-lo.xls",
    ] {
        assert_eq!(
            q1(file),
            vec![
                row("Atlas", "csat", 0.82),
                row("Atlas", "nps", 31.0),
                row("Beacon", "nps", 21.0),
                row("Comet", "csat", 0.9),
                row("Comet", "nps", 40.0),
            ],
            "{file}"
        );
    }
    let all = values(&fixtures(), &["side-by-side.xlsx"]);
    let atlas_csat = all
        .iter()
        .find(|v| v.0 == "Atlas" && v.2 == "csat")
        .unwrap();
    assert_eq!(atlas_csat.4, "side-by-side.xlsx!KPIs!G3");
}

#[test]
fn summary_rows_and_columns_are_skipped_with_one_warning_each() {
    for (file, sheet) in [
        ("summary.xlsx", "summary.xlsx, sheet KPIs"),
        ("summary-lo.ods", "summary-lo.ods, sheet KPIs"),
        ("summary-lo.xls", "summary-lo.xls, sheet KPIs"),
    ] {
        assert_eq!(
            q1(file),
            vec![row("Atlas", "nps", 31.0), row("Beacon", "nps", 21.0)],
            "{file}"
        );
        linecard(&fixtures())
            .args(["check", file])
            .assert()
            .success()
            .stderr(format!(
                "warning: {sheet}: \"Total\" (row 4) and \"Average\" (row 5) are summary rows, not product lines: skipped\n\
                 warning: {sheet}: \"YTD\" ({file}!KPIs!D1) is a summary column (a total over periods), not a KPI: skipped\n"
            ));
    }
}

#[test]
fn the_total_reproducer_is_not_scored_as_a_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "total.csv",
        "Product Line,Quarter,NPS\nAtlas,2025-Q1,31\nBeacon,2025-Q1,21\nTotal,2025-Q1,26\n",
    );
    let all = values(dir.path(), &["total.csv"]);
    let lines: Vec<(&str, f64)> = all.iter().map(|v| (v.0.as_str(), v.3)).collect();
    assert_eq!(lines, vec![("Atlas", 31.0), ("Beacon", 21.0)]);
    linecard(dir.path())
        .args(["check", "total.csv"])
        .assert()
        .success()
        .stderr(
            "warning: total.csv, row 4: \"Total\" is a summary row, not a product line: skipped\n",
        );
    let doc = report_json(dir.path(), &["total.csv"]);
    assert_eq!(
        doc["issues"][0]["message"],
        "\"Total\" is a summary row, not a product line: skipped"
    );
    assert_eq!(doc["issues"][0]["row"], 4);
}

#[test]
fn a_chart_sheet_is_skipped_with_a_note_not_fatal() {
    assert_eq!(q1("chart.xlsx"), vec![row("Atlas", "nps", 31.0)]);
    linecard(&fixtures())
        .args(["check", "chart.xlsx"])
        .assert()
        .success()
        .stderr("warning: chart.xlsx, sheet Chart: a chart sheet, not a table: skipped\n");
    // A chart sheet no longer blocks the other files of a folder.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join("chart.xlsx"), dir.path().join("chart.xlsx")).unwrap();
    write(
        dir.path(),
        "more.csv",
        "Product Line,Quarter,NPS\nBeacon,2025-Q1,21\n",
    );
    let lines: Vec<(String, f64)> = values(dir.path(), &["."])
        .into_iter()
        .map(|v| (v.0, v.3))
        .collect();
    assert_eq!(lines, vec![("Atlas".into(), 31.0), ("Beacon".into(), 21.0)]);
}

#[test]
fn a_hidden_sheet_is_skipped_unless_named_with_sheet() {
    for file in ["hidden.xlsx", "hidden-lo.xlsx", "hidden-lo.ods"] {
        let all = values(&fixtures(), &[file]);
        let read: Vec<(&str, &str, f64)> = all
            .iter()
            .map(|v| (v.0.as_str(), v.1.as_str(), v.3))
            .collect();
        assert_eq!(read, vec![("Atlas", "2025-Q1", 31.0)], "{file}");
        linecard(&fixtures())
            .args(["check", file])
            .assert()
            .success()
            .stderr(format!(
                "warning: {file}, sheet Lookup: a hidden sheet: skipped (name it with --sheet \"Lookup\" to read it)\n"
            ));
        let named = values(&fixtures(), &[file, "--sheet", "Lookup"]);
        let read: Vec<(&str, &str, f64)> = named
            .iter()
            .map(|v| (v.0.as_str(), v.1.as_str(), v.3))
            .collect();
        assert_eq!(read, vec![("Atlas", "2024-Q4", 99.0)], "{file}");
    }
}

#[test]
fn a_password_protected_workbook_says_so() {
    linecard(&fixtures())
        .args(["check", "encrypted.xlsx"])
        .assert()
        .failure()
        .stderr(predicate::str::starts_with(
            "error: encrypted.xlsx: the workbook is protected with a password; remove the password (File > Info > Protect Workbook in Excel) and save it again\n",
        ));
    // An xls saved by LibreOffice with a password (`encrypt_xls.py`): the
    // same words, not "Cannot detect file format".
    linecard(&fixtures())
        .args(["check", "encrypted.xls"])
        .assert()
        .code(1)
        .stderr(concat!(
            "error: encrypted.xls: the workbook is protected with a password; remove the password (File > Info > Protect Workbook in Excel) and save it again\n",
            "linecard: 1 problem found; nothing was written\n",
        ));
}

#[test]
fn the_readme_picture_reads_as_the_readme_says() {
    // Side by side, a summary row and column, notes, and a table below them.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pic.csv",
        "Product Line,Quarter,NPS,YTD,,Product Line,Quarter,CSAT\n\
         Atlas,2025-Q1,31,31,,Comet,2025-Q1,0.90\n\
         Beacon,2025-Q1,21,21,,Atlas,2025-Q1,0.82\n\
         Total,2025-Q1,52,52\n\
         ,,,\n\
         Notes: NPS from Delighted\n\
         * excludes trials\n\
         ,,,\n\
         Product Line,Quarter,Retention %\n\
         Atlas,2025-Q1,91%\n",
    );
    let all: Vec<(String, String, f64, String)> = values(dir.path(), &["pic.csv"])
        .into_iter()
        .map(|(line, _, metric, value, source)| (line, metric, value, source))
        .collect();
    let want = [
        ("Atlas", "csat", 0.82, "pic.csv, row 3, column 8"),
        ("Atlas", "nps", 31.0, "pic.csv, row 2, column 3"),
        ("Atlas", "retention", 0.91, "pic.csv, row 10, column 3"),
        ("Beacon", "nps", 21.0, "pic.csv, row 3, column 3"),
        ("Comet", "csat", 0.9, "pic.csv, row 2, column 8"),
    ];
    let want: Vec<(String, String, f64, String)> = want
        .iter()
        .map(|(l, m, v, s)| (l.to_string(), m.to_string(), *v, s.to_string()))
        .collect();
    assert_eq!(all, want);
    linecard(dir.path())
        .args(["check", "pic.csv"])
        .assert()
        .success()
        .stderr(
            "warning: pic.csv, row 4: \"Total\" is a summary row, not a product line: skipped\n\
             warning: pic.csv: \"YTD\" (pic.csv, row 1, column 4) is a summary column (a total over periods), not a KPI: skipped\n",
        );
}
