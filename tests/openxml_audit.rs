//! A schema check standing in for Excel, which cannot run here:
//! `openxml-audit -f microsoft365` validates the workbooks the tests make
//! (the sample report, portfolios with hostile line names and with people,
//! labels and a run history, and a workspace report after a second run)
//! against Microsoft 365's OOXML schemas, and must find nothing. It checks
//! the schemas, not every character, so the openpyxl and LibreOffice checks
//! stay. Skipped, with a notice, where openxml-audit is not installed
//! (`.ci/run` installs it).

mod common;
mod report_portfolio;

use common::office::{audit_findings, openxml_audit};
use common::{linecard, write, zipped};
use std::path::{Path, PathBuf};

/// The sample report.
fn sample(dir: &Path) -> PathBuf {
    linecard(dir).args(["report", "-q"]).assert().success();
    dir.join("linecard-report.xlsx")
}

/// A report on line names that are not valid sheet names as they are.
fn hostile_names(dir: &Path) -> PathBuf {
    let lines = [
        "EMEA/APAC: Payments [beta]?",
        "A product line with a really long name, part one",
        "A product line with a really long name, part two",
        "summary",
        "'Quoted'",
        "Back\\slash*star",
        "weights",
        "Data",
        "<Tags> & \"quotes\"",
    ];
    let mut csv = String::from("Line,Quarter,NPS\n");
    for (q, quarter) in ["2025-Q1", "2025-Q2"].iter().enumerate() {
        for line in lines {
            let line = line.replace('"', "\"\"");
            csv.push_str(&format!("\"{line}\",{quarter},{}\n", 30 + q));
        }
    }
    write(dir, "k.csv", &csv);
    linecard(dir)
        .args(["report", "k.csv", "-q", "-o", "hostile.xlsx"])
        .assert()
        .success();
    dir.join("hostile.xlsx")
}

/// The hand-built portfolio: people, labels, a band metric, hook targets,
/// a run history and a sheet name with a `|`.
fn portfolio(dir: &Path) -> PathBuf {
    use linecard::report::Exporter;
    let catalogue = report_portfolio::catalogue();
    let rules = report_portfolio::rules();
    let portfolio = report_portfolio::portfolio(&catalogue);
    let doc = report_portfolio::doc(&catalogue, &rules, &portfolio);
    let path = dir.join("portfolio.xlsx");
    std::fs::write(&path, linecard::report::Xlsx.render(&doc).unwrap()).unwrap();
    path
}

/// A workspace's report after a second run that turned a KPI red: the
/// "Since last run" columns are shown.
fn workspace_with_history(dir: &Path) -> PathBuf {
    linecard(dir).args(["init", "ws"]).assert().success();
    let ws = dir.join("ws");
    linecard(&ws).arg("report").assert().success();
    let inbox = ws.join("inbox/marketing-kpis.csv");
    let csv = std::fs::read_to_string(&inbox).unwrap();
    let from = "Atlas Analytics,2025-Q4,0.311,";
    assert!(csv.contains(from));
    std::fs::write(
        &inbox,
        csv.replacen(from, "Atlas Analytics,2025-Q4,0.101,", 1),
    )
    .unwrap();
    linecard(&ws).arg("report").assert().success();
    let history = std::fs::read_to_string(ws.join("history.jsonl")).unwrap();
    assert_eq!(history.lines().count(), 2, "two runs recorded");
    ws.join("reports/linecard-report.xlsx")
}

/// Copies the xlsx `from` to `to` with one replacement in one part.
fn rewrite_part(from: &Path, to: &Path, part: &str, (old, new): (&str, &str)) {
    let bytes = std::fs::read(from).unwrap();
    std::fs::write(to, zipped::with_part_edited(&bytes, part, old, Some(new))).unwrap();
}

#[test]
fn every_workbook_the_tests_make_passes_the_microsoft_365_schemas() {
    let Some(audit) = openxml_audit("the OOXML schema check") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let workbooks = [
        sample(dir.path()),
        hostile_names(dir.path()),
        portfolio(dir.path()),
        workspace_with_history(dir.path()),
    ];
    // A control: the sample with a page orientation the schema does not
    // allow shows that the audit really reads the parts.
    let control = dir.path().join("control.xlsx");
    rewrite_part(
        &workbooks[0],
        &control,
        "xl/worksheets/sheet1.xml",
        ("orientation=\"landscape\"", "orientation=\"sideways\""),
    );
    let control_findings = audit_findings(audit, &control).expect("the control has a finding");
    assert!(
        control_findings.contains("Invalid value for attribute 'orientation'"),
        "{control_findings}"
    );

    let findings: Vec<String> = workbooks
        .iter()
        .filter_map(|xlsx| {
            audit_findings(audit, xlsx).map(|out| format!("{}:\n{out}", xlsx.display()))
        })
        .collect();
    assert!(findings.is_empty(), "{}", findings.join("\n"));
}
