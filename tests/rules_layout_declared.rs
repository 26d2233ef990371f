//! The rules' `layout(...)` declaration for wide and long tables: the
//! period and the line taken from the place a declaration names (`period:
//! "sheet"`, `line: "file"`), checked against the table's own columns.

mod common;

use common::{linecard, measured, repo, rules_with, stdout_json, write};
use std::path::Path;

/// (line, period, metric, value) of every measured KPI.
fn values(doc: &serde_json::Value) -> Vec<String> {
    measured(doc)
        .into_iter()
        .map(|(line, period, m)| {
            format!(
                "{line} {period} {} {}",
                m["metric"].as_str().unwrap(),
                m["value"].as_f64().unwrap()
            )
        })
        .collect()
}

/// A copy of the fixture `name` (written by
/// `tests/fixtures/layouts/declared/make.py`) in `dir`.
fn declared_fixture(dir: &Path, name: &str) {
    std::fs::copy(
        repo().join("tests/fixtures/layouts/declared").join(name),
        dir.join(name),
    )
    .unwrap();
}

/// `report --json -` with the rules in `rules` on `file`.
fn report(dir: &Path, file: &str) -> serde_json::Value {
    stdout_json(
        dir,
        &["report", "--json", "-", "-o", "r.xlsx", "-r", "rules", file],
    )
}

#[test]
fn period_from_the_sheet_name_as_declared_though_the_file_names_another() {
    let dir = tempfile::tempdir().unwrap();
    declared_fixture(dir.path(), "KPIs Q4 2025.xlsx");
    // Detection alone takes the file's quarter for both tabs: two values
    // for one line, period and KPI.
    let out = linecard(dir.path())
        .args(["check", "-q", "KPIs Q4 2025.xlsx"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("error: nps for Atlas in 2025-Q4 has two different values: 31 at KPIs Q4 2025.xlsx!2025-Q1!B2 (period from the file name) and 34 at KPIs Q4 2025.xlsx!2025-Q2!B2")
    );
    rules_with(
        dir.path(),
        "50-layout.rhai",
        "layout(\"KPIs*.xlsx\", #{ period: \"sheet\" });\n",
    );
    let doc = report(dir.path(), "KPIs Q4 2025.xlsx");
    // Each tab's values under its own quarter, none under the file's 2025-Q4.
    let mut want = Vec::new();
    for (period, rows) in [
        ("2025-Q1", [("Atlas", 31, 4), ("Beacon", 18, 7)]),
        ("2025-Q2", [("Atlas", 34, 3), ("Beacon", 21, 6)]),
    ] {
        for (line, nps, churned) in rows {
            want.push(format!("{line} {period} churned_logos {churned}"));
            want.push(format!("{line} {period} nps {nps}"));
        }
    }
    want.sort();
    let mut got = values(&doc);
    got.sort();
    assert_eq!(got, want);
    let sources: Vec<&str> = doc["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["metrics"].as_array().unwrap())
        .filter_map(|m| m["source"].as_str())
        .filter(|s| s.contains("2025-Q1!B2"))
        .collect();
    assert_eq!(
        sources,
        ["KPIs Q4 2025.xlsx!2025-Q1!B2 (period from the sheet name)"]
    );
    // The check reading says which rule put it there.
    let out = linecard(dir.path())
        .args(["check", "-r", "rules", "KPIs Q4 2025.xlsx"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(
            "  period: 2025-Q1 from the sheet name \"2025-Q1\" (as the layout(...) declared at rules/50-layout.rhai:1:1 says)\n"
        ),
        "{stdout}"
    );
}

#[test]
fn the_line_from_the_file_name_as_declared_not_from_the_tab() {
    let dir = tempfile::tempdir().unwrap();
    declared_fixture(dir.path(), "Atlas Analytics.xlsx");
    // Detection takes the tab's name, "Board pack", for the line.
    let doc = stdout_json(
        dir.path(),
        &[
            "report",
            "--json",
            "-",
            "-o",
            "r.xlsx",
            "Atlas Analytics.xlsx",
        ],
    );
    assert!(values(&doc).contains(&"Board pack 2025-Q1 nps 31".to_string()));
    rules_with(
        dir.path(),
        "50-layout.rhai",
        "layout(\"Atlas*.xlsx\", #{ line: \"file\" });\n",
    );
    let mut got = values(&report(dir.path(), "Atlas Analytics.xlsx"));
    got.sort();
    assert_eq!(
        got,
        [
            "Atlas Analytics 2025-Q1 nps 31",
            "Atlas Analytics 2025-Q1 retention 0.91",
            "Atlas Analytics 2025-Q2 nps 34",
            "Atlas Analytics 2025-Q2 retention 0.92",
        ]
    );
}

#[test]
fn a_declared_place_that_names_no_period_or_line_is_an_error_naming_the_declaration() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kpis.csv", "Product Line,NPS\nAtlas,31\n");
    for (declaration, message) in [
        (
            "period: \"file\"",
            "period: \"file\", but the file name \"kpis.csv\" names no period (e.g. Q4 2025 or 2025-Q4)",
        ),
        (
            "period: \"sheet\"",
            "period: \"sheet\", but kpis.csv has no sheets",
        ),
        (
            "period: \"title\"",
            "period: \"title\", but no title line above header row 1 names a period",
        ),
    ] {
        rules_with(
            dir.path(),
            "50-layout.rhai",
            &format!("layout(\"kpis.csv\", #{{ {declaration} }});\n"),
        );
        let out = linecard(dir.path())
            .args(["check", "-q", "-r", "rules", "kpis.csv"])
            .assert()
            .code(1)
            .get_output()
            .clone();
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            format!(
                "error: kpis.csv: the layout(...) declared at rules/50-layout.rhai:1:1 says {message}\nlinecard: 1 problem found; nothing was written\n"
            ),
            "{declaration}"
        );
    }
    // The file name gives a period, but the rules say the table has a column.
    write(
        dir.path(),
        "KPIs Q4 2025.csv",
        "Product Line,NPS\nAtlas,31\n",
    );
    rules_with(
        dir.path(),
        "50-layout.rhai",
        "layout(\"KPIs*.csv\", #{ period: \"column\" });\n",
    );
    let out = linecard(dir.path())
        .args(["check", "-q", "-r", "rules", "KPIs Q4 2025.csv"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: KPIs Q4 2025.csv: the layout(...) declared at rules/50-layout.rhai:1:1 says period: \"column\", but header row 1 has no period column\nlinecard: 1 problem found; nothing was written\n"
    );
    write(dir.path(), "KPIs Q4 2025.csv", "Quarter,NPS\n2025-Q4,31\n");
    rules_with(
        dir.path(),
        "50-layout.rhai",
        "layout(\"KPIs*.csv\", #{ line: \"file\" });\n",
    );
    let out = linecard(dir.path())
        .args(["check", "-q", "-r", "rules", "KPIs Q4 2025.csv"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: KPIs Q4 2025.csv: the layout(...) declared at rules/50-layout.rhai:1:1 says line: \"file\", but the file name \"KPIs Q4 2025.csv\" names no product line (only generic words such as KPIs, Sheet1 or Scorecard, and periods)\nlinecard: 1 problem found; nothing was written\n"
    );
}

#[test]
fn a_period_column_beside_a_declared_period_must_agree_with_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "KPIs Q4 2025.csv",
        "Product Line,Quarter,NPS\nAtlas,2025-Q4,31\nBeacon,Q4 2025,18\nComet,2025-Q3,12\n",
    );
    rules_with(
        dir.path(),
        "50-layout.rhai",
        "layout(\"KPIs*.csv\", #{ period: \"file\" });\n",
    );
    let out = linecard(dir.path())
        .args(["check", "-q", "-r", "rules", "KPIs Q4 2025.csv"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        concat!(
            "error: KPIs Q4 2025.csv, row 4, column 2 (column \"Quarter\"): \"2025-Q3\" is another period than 2025-Q4, which the layout(...) declared at rules/50-layout.rhai:1:1 takes from the file name \"KPIs Q4 2025.csv\"; correct the cell, or the declaration\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
    // Cells that agree are read, under the declared period.
    write(
        dir.path(),
        "KPIs Q4 2025.csv",
        "Product Line,Quarter,NPS\nAtlas,2025-Q4,31\nBeacon,Q4 2025,18\nComet,,12\n",
    );
    assert_eq!(
        values(&report(dir.path(), "KPIs Q4 2025.csv")),
        [
            "Atlas 2025-Q4 nps 31",
            "Beacon 2025-Q4 nps 18",
            "Comet 2025-Q4 nps 12"
        ]
    );
}

#[test]
fn a_line_column_naming_other_lines_than_the_declared_one_is_one_error_with_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("Product Line,Quarter,NPS\n");
    for (i, line) in ["Atlas", "Beacon", "Beacon", "Comet", "Beacon"]
        .iter()
        .enumerate()
    {
        text.push_str(&format!("{line},2025-Q{},{}\n", i % 4 + 1, 30 + i));
    }
    write(dir.path(), "Atlas.csv", &text);
    rules_with(
        dir.path(),
        "50-layout.rhai",
        "layout(\"Atlas.csv\", #{ line: \"file\" });\n",
    );
    let out = linecard(dir.path())
        .args(["check", "-q", "-r", "rules", "Atlas.csv"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        concat!(
            "error: Atlas.csv, column \"Product Line\": 4 cells name another product line than \"Atlas\", which the layout(...) declared at rules/50-layout.rhai:1:1 takes from the file name \"Atlas.csv\", first at rows 3, 4 and 5 (e.g. \"Beacon\"); correct the cells, or the declaration\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn a_declared_period_reads_a_table_detection_would_not_look_outside_of() {
    let dir = tempfile::tempdir().unwrap();
    // No KPI linecard knows, so detection does not take the file's quarter.
    write(
        dir.path(),
        "Ops Q3 2025.csv",
        "Product Line,Churned Logos,Open Tickets\nAtlas,4,120\nBeacon,7,95\n",
    );
    linecard(dir.path())
        .args(["check", "-q", "Ops Q3 2025.csv"])
        .assert()
        .code(1);
    rules_with(
        dir.path(),
        "50-layout.rhai",
        "layout(\"Ops*.csv\", #{ period: \"file\" });\n",
    );
    let mut got = values(&report(dir.path(), "Ops Q3 2025.csv"));
    got.sort();
    assert_eq!(
        got,
        [
            "Atlas 2025-Q3 churned_logos 4",
            "Atlas 2025-Q3 open_tickets 120",
            "Beacon 2025-Q3 churned_logos 7",
            "Beacon 2025-Q3 open_tickets 95",
        ]
    );
}
