//! Whatever the names, notes and reasons hold, the workbook is valid XML:
//! characters XML 1.0 forbids become U+FFFD (in sheet names `-`), and a text
//! past Excel's 32,767-character cell limit is cut with "…". openpyxl,
//! calamine and LibreOffice all open the result.

mod common;

use common::office::{soffice, to_pdf};
use common::{find_row, linecard, number, rules_with, sheet, sheet_names, text, write};
use std::path::Path;
use std::process::Command;

/// The line name as the data gives it, and as the cells show it.
const LINE: &str = "At\u{1}las\u{1b} Analytics\u{fffe}";
const LINE_SHOWN: &str = "At\u{fffd}las\u{fffd} Analytics\u{fffd}";
const LINE_SHEET: &str = "At-las- Analytics-";

/// Asserts that openpyxl, whose XML parser refuses forbidden characters,
/// loads `xlsx`.
fn openpyxl_loads(xlsx: &Path) {
    let run = Command::new("python3")
        .args([
            "-c",
            "import sys, openpyxl; openpyxl.load_workbook(sys.argv[1])",
        ])
        .arg(xlsx)
        .output()
        .expect("python3 runs");
    assert!(
        run.status.success(),
        "openpyxl cannot load {}: {}",
        xlsx.display(),
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn control_characters_in_names_and_reasons_leave_a_valid_workbook() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "k.csv",
        &format!("Line,Quarter,NPS\n\"{LINE}\",2025-Q1,30\nBeta,2025-Q1,45\n"),
    );
    let rules = rules_with(
        dir.path(),
        "50-names.rhai",
        r#"metric("nps", #{ name: "N\x01P\x1bS\ufffe" });

fn statuses(line) {
    #{ nps: #{ status: "red", reason: "why\x01 not\x1b\ufffe" } }
}
"#,
    );
    linecard(dir.path())
        .args(["check", "k.csv", "-r", &rules, "-q"])
        .assert()
        .success();
    linecard(dir.path())
        .args(["report", "k.csv", "-r", &rules, "-q"])
        .assert()
        .success();
    let report = dir.path().join("linecard-report.xlsx");

    openpyxl_loads(&report);

    let names = sheet_names(&report);
    assert!(names.iter().any(|n| n == LINE_SHEET), "{names:?}");
    let line = sheet(&report, LINE_SHEET);
    assert_eq!(text(&line, 0, 0), LINE_SHOWN);
    let kpi = find_row(&line, "N\u{fffd}P\u{fffd}S\u{fffd}").expect("the KPI's row");
    assert_eq!(number(&line, kpi, 1), Some(30.0));
    assert_eq!(text(&line, kpi, 12), "why\u{fffd} not\u{fffd}\u{fffd}");

    // The Summary links to the line's sheet under its cleaned name.
    let summary = sheet(&report, "Summary");
    assert!(find_row(&summary, LINE_SHOWN).is_some(), "no Summary row");
    let data = sheet(&report, "Data");
    let row = find_row(&data, LINE_SHOWN).expect("the line's Data row");
    assert_eq!(number(&data, row, 4), Some(30.0));

    let Some(bin) = soffice("the LibreOffice check of cleaned names") else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let pdf = to_pdf(bin, &report, scratch.path());
    assert!(std::fs::metadata(pdf).unwrap().len() > 0);
}

#[test]
fn a_text_past_the_cell_limit_is_cut_with_an_ellipsis() {
    let dir = tempfile::tempdir().unwrap();
    let long_line = "L".repeat(40_000);
    write(
        dir.path(),
        "k.csv",
        &format!("Line,Quarter,NPS\n\"{long_line}\",2025-Q1,30\nBeta,2025-Q1,45\n"),
    );
    let reason = "r".repeat(40_000);
    let rules = rules_with(
        dir.path(),
        "50-long.rhai",
        &format!(
            "fn statuses(line) {{\n    #{{ nps: #{{ status: \"red\", reason: \"{reason}\" }} }}\n}}\n"
        ),
    );
    // check and report both say the name is cut, in the same words.
    let warning = format!(
        "the line name \"{}… (40,000 characters)\" is longer than an Excel cell holds (32,767 characters): the workbook shows its first 32,766 and \"…\"; shorten it in the data",
        "L".repeat(60)
    );
    let check = linecard(dir.path())
        .args(["check", "k.csv", "-r", &rules])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&check.get_output().stderr).into_owned();
    assert!(
        stderr.contains(&format!("warning: {warning}\n")),
        "check did not warn: {stderr}"
    );
    linecard(dir.path())
        .args(["report", "k.csv", "-r", &rules, "-q"])
        .assert()
        .success();
    let report = dir.path().join("linecard-report.xlsx");
    let issues = sheet(&report, "Issues");
    assert!(
        issues
            .used_cells()
            .any(|(_, _, cell)| matches!(cell, calamine::Data::String(s) if *s == warning)),
        "the Issues sheet lacks the warning"
    );
    openpyxl_loads(&report);

    let cut = |s: &str| format!("{}…", &s[..32_766]);
    let line = sheet(&report, &"L".repeat(31));
    let title = text(&line, 0, 0);
    assert_eq!(title.chars().count(), 32_767);
    assert_eq!(title, cut(&long_line));
    let kpi = find_row(&line, "Net Promoter Score").expect("the NPS row");
    assert_eq!(number(&line, kpi, 1), Some(30.0));
    assert_eq!(text(&line, kpi, 12), cut(&reason));
    let summary = sheet(&report, "Summary");
    assert!(
        find_row(&summary, &cut(&long_line)).is_some(),
        "no Summary row"
    );
}
