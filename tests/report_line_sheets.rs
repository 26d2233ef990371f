//! The limit on line sheets: past `--line-sheets` (1,000 by default) the
//! Summary's first rows, the lowest scores, get a sheet of their own, and
//! every line is still in the Summary, the Data sheet and the JSON, with a
//! note on the Summary and, at the default, a warning.

mod common;

use common::{linecard, sheet, sheet_names, text};

/// Sheets that are not line sheets.
const OTHER_SHEETS: [&str; 7] = [
    "Summary",
    "Weights",
    "Ownership",
    "Trends",
    "Data",
    "Issues",
    "Run",
];

/// `lines` lines named `Line 0000`, `Line 0001`, …, NPS rising with the
/// name, so that the worst (the Summary's first rows) come first by name.
fn kpis(dir: &std::path::Path, lines: usize) {
    let mut text = String::from("Product Line,Quarter,NPS\n");
    for i in 0..lines {
        text.push_str(&format!("Line {i:04},2025-Q3,{}\n", (i % 100) as i64 - 40));
    }
    std::fs::write(dir.join("kpis.csv"), text).unwrap();
}

fn line_sheets(workbook: &std::path::Path) -> Vec<String> {
    sheet_names(workbook)
        .into_iter()
        .filter(|name| !OTHER_SHEETS.contains(&name.as_str()))
        .collect()
}

#[test]
fn lines_past_the_chosen_number_are_in_the_summary_and_json_without_a_sheet() {
    let dir = tempfile::tempdir().unwrap();
    kpis(dir.path(), 8);
    let out = linecard(dir.path())
        .args(["report", "kpis.csv", "-o", "r.xlsx", "--line-sheets", "3"])
        .args(["--json", "r.json"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    // A number the user chose is no surprise: said on the Summary only.
    assert!(!stderr.contains("--line-sheets"), "{stderr}");
    let workbook = dir.path().join("r.xlsx");
    assert_eq!(
        line_sheets(&workbook),
        ["Line 0000", "Line 0001", "Line 0002"]
    );
    let summary = sheet(&workbook, "Summary");
    assert_eq!(
        text(&summary, 6, 0),
        "Sheets of their own for the first 3 lines of this table only; the other 5 are in this table, on the Data sheet and in the JSON (linecard report --line-sheets 8 writes a sheet for every line)"
    );
    // Every line is a row of the Summary, worst first; a line without a
    // sheet has its overall score as a number.
    let rows: Vec<String> = (8..16).map(|r| text(&summary, r, 0)).collect();
    let names: Vec<String> = (0..8).map(|i| format!("Line {i:04}")).collect();
    assert_eq!(rows, names);
    // A line with a sheet reads its scores from it; one without has them
    // as plain values.
    let formulas = {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&workbook).unwrap();
        book.worksheet_formula("Summary").unwrap()
    };
    let formula = |row: u32| formulas.get_value((row, 6)).cloned().unwrap_or_default();
    assert_eq!(formula(8), "'Line 0000'!$E$8", "Line 0000's overall score");
    assert_eq!(formula(15), "", "Line 0007's overall score");
    assert_eq!(text(&summary, 15, 6), text(&summary, 8, 6));
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(doc["scorecards"].as_array().unwrap().len(), 8);
    // The Run sheet records the option.
    let run = sheet(&workbook, "Run");
    let option = (0..run.height() as u32)
        .find(|r| text(&run, *r, 0) == "--line-sheets")
        .expect("--line-sheets on the Run sheet");
    assert_eq!(text(&run, option, 1), "3");
}

#[test]
fn no_line_sheets_at_all_leaves_the_summary_whole() {
    let dir = tempfile::tempdir().unwrap();
    kpis(dir.path(), 4);
    linecard(dir.path())
        .args(["report", "kpis.csv", "-o", "r.xlsx", "--line-sheets", "0"])
        .assert()
        .success();
    let workbook = dir.path().join("r.xlsx");
    assert!(line_sheets(&workbook).is_empty());
    let summary = sheet(&workbook, "Summary");
    assert_eq!(
        text(&summary, 6, 0),
        "No line has a sheet of its own (--line-sheets 0): the 4 lines are in this table, on the Data sheet and in the JSON"
    );
    assert_eq!(text(&summary, 11, 0), "Line 0003");
}

#[test]
fn past_the_default_a_warning_names_the_limit_and_the_option() {
    let dir = tempfile::tempdir().unwrap();
    kpis(dir.path(), 1_001);
    let out = linecard(dir.path())
        .args(["report", "kpis.csv", "-o", "r.xlsx"])
        .assert()
        .success();
    let warning = "1,001 product lines in 2025-Q3: the workbook gives the 1,000 with the lowest scores (the Summary's first rows) a sheet of their own, the limit for one workbook; the other one is in the Summary, the Data sheet and the JSON. Use --line-sheets 1001 for a sheet per line";
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains(&format!("warning: {warning}\n")),
        "{stderr}"
    );
    let workbook = dir.path().join("r.xlsx");
    assert_eq!(line_sheets(&workbook).len(), 1_000);
    let issues = sheet(&workbook, "Issues");
    assert!(
        issues.rows().any(|row| row
            .iter()
            .any(|c| matches!(c, calamine::Data::String(s) if s == warning))),
        "the warning on the Issues sheet"
    );
}
