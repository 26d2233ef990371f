//! Targets, thresholds, plans, budgets and benchmarks given in the data
//! (issue 13, item 4): read from wide and long tables (CSV, and openpyxl
//! workbooks re-saved by LibreOffice as xlsx and ods, see
//! `fixtures/layouts/targets/make.py`), their precedence against the rules,
//! the rules that switch them off, and every message about them.
//!
//! Expected numbers are worked out here from the built-in catalogue:
//! nps target 30 warn 10 (band 20), retention 0.90/0.85 (band 0.05; Growth
//! 0.85/0.80), cac 4000/6000 (lower is better, band 2000). Attainment is
//! 50 + 50 × (value − warn) / (target − warn), capped to 0–100.

mod common;

use common::{linecard, repo, report_json, rules_with, write};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Copies fixture `name` into `dir`, so that places name it as a user's
/// own file: `wide.xlsx!KPIs!D2`.
fn fixture(dir: &Path, name: &str) -> PathBuf {
    let from = repo().join("tests/fixtures/layouts/targets").join(name);
    std::fs::copy(from, dir.join(name)).unwrap();
    PathBuf::from(name)
}

/// The JSON entry of `metric` on `line`'s scorecard.
fn metric<'a>(doc: &'a Value, line: &str, metric: &str) -> &'a Value {
    doc["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["line"] == line)
        .flat_map(|c| c["metrics"].as_array().unwrap())
        .find(|m| m["metric"] == metric)
        .unwrap_or_else(|| panic!("{line} has no {metric}"))
}

fn close(found: &Value, want: f64) {
    let got = found
        .as_f64()
        .unwrap_or_else(|| panic!("{found} is no number"));
    assert!((got - want).abs() < 1e-9, "{got} is not {want}");
}

/// Checks value, target, warn, status and attainment, and where the target
/// came from.
fn judged(m: &Value, [value, target, warn]: [f64; 3], status: &str, attainment: f64, from: &str) {
    close(&m["value"], value);
    close(&m["target"], target);
    close(&m["warn"], warn);
    assert_eq!(m["status"], status, "{m}");
    close(&m["attainment"], attainment);
    assert_eq!(m["target_from"], from, "{m}");
}

#[test]
fn a_long_tables_target_column_is_the_target_and_the_band_follows_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "target.csv",
        "Product Line,Quarter,KPI,Actual,Target\nAtlas,2025-Q1,CAC,3500,3000\n",
    );
    let doc = report_json(dir.path(), &["target.csv"]);
    // Lower is better: warn 3000 + 2000 = 5000; 50 + 50 × 1500 / 2000.
    judged(
        metric(&doc, "Atlas", "cac"),
        [3500.0, 3000.0, 5000.0],
        "amber",
        87.5,
        "target.csv, row 2, column 5 (Target column)",
    );
}

#[test]
fn nps_actual_is_the_metric_and_its_target_and_benchmark_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "actual.csv",
        "Product Line,Quarter,NPS Actual,NPS Target,NPS Industry median\nAtlas,2025-Q1,31,40,38\n",
    );
    linecard(dir.path())
        .args(["check", "actual.csv"])
        .assert()
        .success()
        .stderr("");
    let doc = report_json(dir.path(), &["actual.csv"]);
    let nps = metric(&doc, "Atlas", "nps");
    // warn 40 − 20 = 20; 50 + 50 × 11 / 20 = 77.5.
    judged(
        nps,
        [31.0, 40.0, 20.0],
        "amber",
        77.5,
        "actual.csv, row 2, column 4 (\"NPS Target\" column)",
    );
    assert_eq!(
        nps["benchmarks"],
        serde_json::json!([{
            "label": "Industry median",
            "value": 38.0,
            "source": "actual.csv, row 2, column 5 (\"NPS Industry median\" column)"
        }])
    );
    let explained = linecard(dir.path())
        .args(["explain", "Atlas", "nps", "-i", "actual.csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let explained = String::from_utf8(explained).unwrap();
    assert!(
        explained.contains(
            "  target: at least 40, amber from 20; set by actual.csv, row 2, column 4 (\"NPS Target\" column)\n  benchmark: 31 vs industry median 38 (from actual.csv, row 2, column 5 (\"NPS Industry median\" column); not scored)\n"
        ),
        "{explained}"
    );
}

#[test]
fn a_wide_workbook_with_targets_goals_budgets_and_a_benchmark() {
    for file in ["wide.xlsx", "wide-lo.xlsx", "wide.ods"] {
        let dir = tempfile::tempdir().unwrap();
        let path = fixture(dir.path(), file);
        let doc = report_json(dir.path(), &[path.to_str().unwrap()]);
        let at = |cell: &str, header: &str| format!("{file}!KPIs!{cell} (\"{header}\" column)");
        // Atlas: NPS 31 vs 40 (warn 20): 77.5; retention 0.88 vs 0.90
        // (warn 0.85): 80; CAC 3500 vs 3000 (warn 5000): 87.5.
        let nps = metric(&doc, "Atlas", "nps");
        judged(
            nps,
            [31.0, 40.0, 20.0],
            "amber",
            77.5,
            &at("D2", "NPS Target"),
        );
        assert_eq!(nps["benchmarks"][0]["label"], "Industry median");
        close(&nps["benchmarks"][0]["value"], 38.0);
        assert_eq!(
            nps["benchmarks"][0]["source"],
            at("E2", "NPS Industry median")
        );
        judged(
            metric(&doc, "Atlas", "retention"),
            [0.88, 0.90, 0.85],
            "amber",
            80.0,
            &at("G2", "Retention goal"),
        );
        judged(
            metric(&doc, "Atlas", "cac"),
            [3500.0, 3000.0, 5000.0],
            "amber",
            87.5,
            &at("I2", "CAC budget"),
        );
        // Beacon: NPS 45 ≥ 40; retention 0.82 vs 0.85 (warn 0.80): 70;
        // CAC 5200 ≤ 6000.
        judged(
            metric(&doc, "Beacon", "nps"),
            [45.0, 40.0, 20.0],
            "green",
            100.0,
            &at("D3", "NPS Target"),
        );
        judged(
            metric(&doc, "Beacon", "retention"),
            [0.82, 0.85, 0.80],
            "amber",
            70.0,
            &at("G3", "Retention goal"),
        );
        judged(
            metric(&doc, "Beacon", "cac"),
            [5200.0, 6000.0, 8000.0],
            "green",
            100.0,
            &at("I3", "CAC budget"),
        );
        // No target, goal, budget or benchmark became a metric of its own.
        for card in doc["scorecards"].as_array().unwrap() {
            for m in card["metrics"].as_array().unwrap() {
                let name = m["metric"].as_str().unwrap();
                assert!(
                    !["target", "goal", "budget", "median"]
                        .iter()
                        .any(|w| name.contains(w)),
                    "{file}: {name}"
                );
            }
        }
    }
}

#[test]
fn a_long_table_with_actual_target_threshold_and_benchmark_columns() {
    for file in ["long.csv", "long.ods"] {
        let dir = tempfile::tempdir().unwrap();
        let path = fixture(dir.path(), file);
        let doc = report_json(dir.path(), &[path.to_str().unwrap()]);
        let at = |row: u32, col: u32, header: &str| match file {
            "long.csv" => format!("long.csv, row {row}, column {col} ({header} column)"),
            _ => {
                let letter = (b'A' + col as u8 - 1) as char;
                format!("long.ods!KPIs!{letter}{row} ({header} column)")
            }
        };
        let both = |row: u32| {
            format!(
                "{}; amber threshold {}",
                at(row, 5, "Target"),
                at(row, 6, "Threshold")
            )
        };
        // NPS 31, target 40, threshold 30: 50 + 50 × 1 / 10 = 55.
        let nps = metric(&doc, "Atlas", "nps");
        judged(nps, [31.0, 40.0, 30.0], "amber", 55.0, &both(2));
        assert_eq!(nps["benchmarks"][0]["label"], "Benchmark");
        close(&nps["benchmarks"][0]["value"], 38.0);
        assert_eq!(nps["benchmarks"][0]["source"], at(2, 7, "Benchmark"));
        // Retention 85%, target 90%, threshold 80%: 75.
        judged(
            metric(&doc, "Atlas", "retention"),
            [0.85, 0.90, 0.80],
            "amber",
            75.0,
            &both(3),
        );
        // CAC 3500, target 3000, threshold 4000 (lower is better): 75.
        judged(
            metric(&doc, "Atlas", "cac"),
            [3500.0, 3000.0, 4000.0],
            "amber",
            75.0,
            &both(4),
        );
        // A target with no actual: kept, and the metric has no data.
        // Win rate's band is 0.25 − 0.18 = 0.07: warn 0.30 − 0.07 = 0.23.
        let win = metric(&doc, "Atlas", "win_rate");
        assert!(win["value"].is_null());
        assert_eq!(win["status"], "no_data");
        close(&win["target"], 0.30);
        close(&win["warn"], 0.23);
        assert_eq!(win["target_from"], at(5, 5, "Target"));
    }
}

#[test]
fn data_targets_false_switches_them_off_for_all_or_for_one_metric() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path(), "wide.xlsx");
    let wide = "wide.xlsx";
    let rules = rules_with(dir.path(), "50-extra.rhai", "data_targets(false);\n");
    let doc = report_json(dir.path(), &[wide, "-r", &rules]);
    // The catalogue's NPS target 30 (warn 10): 31 is green.
    let nps = metric(&doc, "Atlas", "nps");
    close(&nps["target"], 30.0);
    close(&nps["warn"], 10.0);
    assert_eq!(nps["status"], "green");
    assert!(
        nps["target_from"]
            .as_str()
            .unwrap()
            .contains("10-catalogue.rhai"),
        "{nps}"
    );
    // Benchmarks are still shown: they are not targets.
    close(&nps["benchmarks"][0]["value"], 38.0);
    // Retention 0.88 vs the catalogue's 0.90 (warn 0.85): 80, amber.
    let retention = metric(&doc, "Atlas", "retention");
    close(&retention["target"], 0.90);
    assert!(
        retention["target_from"]
            .as_str()
            .unwrap()
            .contains("10-catalogue.rhai")
    );

    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path(), "wide.xlsx");
    let rules = rules_with(
        dir.path(),
        "50-extra.rhai",
        "metric(\"nps\", #{ data_targets: false });\n",
    );
    let doc = report_json(dir.path(), &[wide, "-r", &rules]);
    close(&metric(&doc, "Atlas", "nps")["target"], 30.0);
    // Only nps: retention keeps the data's goal.
    judged(
        metric(&doc, "Atlas", "retention"),
        [0.88, 0.90, 0.85],
        "amber",
        80.0,
        "wide.xlsx!KPIs!G2 (\"Retention goal\" column)",
    );
}

#[test]
fn a_targets_hook_beats_the_data_which_beats_by_stage() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "staged.csv",
        "Product Line,Quarter,Stage,NPS,NPS Target,Retention,Retention target\nAtlas,2025-Q1,Growth,31,40,0.86,0.9\n",
    );
    write(
        dir.path(),
        "plain.csv",
        "Product Line,Quarter,Stage,Retention\nAtlas,2025-Q1,Growth,0.86\n",
    );
    // Without a data target, Growth's 0.85 (warn 0.80): green.
    let doc = report_json(dir.path(), &["plain.csv"]);
    let retention = metric(&doc, "Atlas", "retention");
    close(&retention["target"], 0.85);
    assert_eq!(retention["status"], "green");
    // The data's 0.90 wins over by_stage, keeping Growth's band of 0.05:
    // warn 0.85, 50 + 50 × 0.01 / 0.05 = 60.
    let doc = report_json(dir.path(), &["staged.csv"]);
    judged(
        metric(&doc, "Atlas", "retention"),
        [0.86, 0.90, 0.85],
        "amber",
        60.0,
        "staged.csv, row 2, column 7 (\"Retention target\" column)",
    );
    // A targets() hook wins over the data.
    let rules = rules_with(
        dir.path(),
        "50-extra.rhai",
        "fn targets(line) { #{ nps: #{ target: 50, warn: 25 } } }\n",
    );
    let doc = report_json(dir.path(), &["staged.csv", "-r", &rules]);
    let nps = metric(&doc, "Atlas", "nps");
    close(&nps["target"], 50.0);
    close(&nps["warn"], 25.0);
    // 50 + 50 × 6 / 25 = 62.
    close(&nps["attainment"], 62.0);
    assert!(
        nps["target_from"]
            .as_str()
            .unwrap()
            .contains("50-extra.rhai"),
        "{nps}"
    );
    // The hook set no retention target: the data's still holds.
    close(&metric(&doc, "Atlas", "retention")["target"], 0.90);
}

#[test]
fn two_different_targets_for_one_line_period_and_kpi_are_an_error_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "conflict.csv",
        "Product Line,Quarter,KPI,Actual,Target\nAtlas,2025-Q1,NPS,31,40\nAtlas,2025-Q1,NPS,31,45\n",
    );
    linecard(dir.path())
        .args(["check", "conflict.csv"])
        .assert()
        .failure()
        .stderr(
            "error: the target of nps for Atlas in 2025-Q1 is given twice with different values: 40 at conflict.csv, row 2, column 5 (Target column) and 45 at conflict.csv, row 3, column 5 (Target column); keep one of them\nlinecard: 1 problem found; nothing was written\n",
        );
    // The same target twice is kept once.
    write(
        dir.path(),
        "same.csv",
        "Product Line,Quarter,KPI,Actual,Target\nAtlas,2025-Q1,NPS,31,40\nAtlas,2025-Q1,NPS,31,40\n",
    );
    let doc = report_json(dir.path(), &["same.csv"]);
    close(&metric(&doc, "Atlas", "nps")["target"], 40.0);
}

#[test]
fn a_target_column_naming_no_kpi_beside_several_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "unnamed.csv",
        "Product Line,Quarter,NPS,CSAT,Target\nAtlas,2025-Q1,31,0.9,40\n",
    );
    linecard(dir.path())
        .args(["check", "unnamed.csv"])
        .assert()
        .success()
        .stderr(
            "warning: unnamed.csv, column \"Target\": the column \"Target\" (row 1) gives a target but names no KPI, and the table has 2 KPI columns: skipped; name the KPI in its header, like \"NPS Target\"\n",
        );
    // Beside one KPI column it is that KPI's.
    write(
        dir.path(),
        "one.csv",
        "Product Line,Quarter,NPS,Target\nAtlas,2025-Q1,31,40\n",
    );
    let doc = report_json(dir.path(), &["one.csv"]);
    assert_eq!(
        metric(&doc, "Atlas", "nps")["target_from"],
        "one.csv, row 2, column 4 (Target column)"
    );
}

#[test]
fn a_threshold_on_the_wrong_side_of_its_target_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "side.csv",
        "Product Line,Quarter,KPI,Actual,Target,Threshold\nAtlas,2025-Q1,NPS,31,40,50\n",
    );
    linecard(dir.path())
        .args(["check", "side.csv"])
        .assert()
        .success()
        .stderr(
            "warning: nps: the data's threshold 50 is not below its target 40, and higher is better: the catalogue's band around the target is used instead; not used (at side.csv, row 2, column 6 (Threshold column))\n",
        );
    let doc = report_json(dir.path(), &["side.csv"]);
    let nps = metric(&doc, "Atlas", "nps");
    close(&nps["target"], 40.0);
    close(&nps["warn"], 20.0);
}

#[test]
fn a_rule_switching_data_targets_must_say_true_or_false() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kpis.csv",
        "Product Line,Quarter,NPS\nAtlas,2025-Q1,31\n",
    );
    let rules = rules_with(dir.path(), "50-extra.rhai", "data_targets(\"no\");\n");
    let stderr = linecard(dir.path())
        .args(["check", "kpis.csv", "-r", &rules])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "error: {rules}/50-extra.rhai:1:1: data_targets(...) takes true or false, got a string: write data_targets(false) to use only the rules' targets\n"
        )),
        "{stderr}"
    );
}

#[test]
fn a_long_table_column_naming_one_kpis_target_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "long.csv",
        "Product Line,Quarter,KPI,Value,NPS Target\nAtlas,2025-Q1,NPS,31,40\n",
    );
    linecard(dir.path())
        .args(["check", "long.csv"])
        .assert()
        .success()
        .stderr(
            "warning: long.csv, column \"NPS Target\": the column names a KPI's target, but this table names the KPI on each row: skipped; head it \"Target\" to give each row's KPI its target\n",
        );
}

#[test]
fn the_line_sheet_shows_benchmarks_beside_the_kpi_and_names_the_target_cell() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "actual.csv",
        "Product Line,Quarter,NPS Actual,NPS Target,NPS Industry median\nAtlas,2025-Q1,31,40,38\n",
    );
    linecard(dir.path())
        .args(["report", "actual.csv", "-o", "t.xlsx"])
        .assert()
        .success();
    let path = dir.path().join("t.xlsx");
    let name = common::sheet_names(&path)
        .into_iter()
        .find(|n| n.contains("Atlas"))
        .expect("a sheet for Atlas");
    let range = common::sheet(&path, &name);
    let text = |r: usize, c: usize| match range.get((r, c)) {
        Some(calamine::Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    let (r, c) = (0..range.height())
        .flat_map(|r| (0..range.width()).map(move |c| (r, c)))
        .find(|&(r, c)| text(r, c) == "Industry median 38")
        .expect("the benchmark cell");
    // Its column is headed as a benchmark, on the NPS row.
    assert!(
        (0..r).any(|h| text(h, c) == "Benchmarks (not scored)"),
        "no header above the benchmark"
    );
    assert_eq!(text(r, 0), "Net Promoter Score");
    // The status cell's target is 40 from the data (column C), amber from 20.
    assert_eq!(range.get((r, 2)), Some(&calamine::Data::Float(40.0)));
    assert_eq!(range.get((r, 3)), Some(&calamine::Data::Float(20.0)));
}
