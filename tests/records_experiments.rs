//! A/B experiment results (a row per experiment and variation, as
//! experimentation tools export them) become per-experiment verdicts on
//! the workbook's Experiments sheet and in the JSON, and the KPIs
//! experiments_concluded and experiment_win_rate per line and period.
//! Every expected number is worked out here from the rows of
//! `tests/fixtures/records/experiments/make.py`, not taken from linecard.

mod common;

use common::scorecards::*;
use common::*;
use serde_json::Value;
use std::path::Path;

fn fixture(name: &str) -> String {
    record_fixture("experiments", name)
}

fn check_results(doc: &Value) {
    // Checkout button: 100 of 1,000 against 130 of 1,000.
    let e = experiment(doc, "Checkout button");
    assert_eq!(e["line"], "Atlas Analytics");
    assert_eq!(e["period"], "2025-Q1");
    assert_eq!(e["goal"], "purchase");
    assert_eq!(e["ended"], "2025-03-20");
    assert_eq!(e["control"], "Control");
    assert_eq!(e["verdict"], "win");
    let green = arm(e, "Green button");
    assert_close(green["rate"].as_f64().unwrap(), 0.13, "rate");
    assert_close(green["lift"].as_f64().unwrap(), 0.3, "lift");
    let p = z_test(1000.0, 100.0, 1000.0, 130.0);
    assert!((green["p_value"].as_f64().unwrap() - p).abs() < 1e-6, "{p}");
    assert!((p - 0.0355).abs() < 1e-4, "by a normal table: {p}");
    assert_eq!(arm(e, "Control")["control"], true);
    // Onboarding tour: 300 of 2,000 against 310 of 2,000: no difference.
    let e = experiment(doc, "Onboarding tour");
    assert_eq!(e["verdict"], "flat");
    let p = z_test(2000.0, 300.0, 2000.0, 310.0);
    assert!((arm(e, "Tour")["p_value"].as_f64().unwrap() - p).abs() < 1e-6);
    // Pricing page: 5,000 and 5,400 on a 50/50 plan: chi-square = 2 *
    // 200^2 / 5,200 = 15.38, p = 0.0000877 (one degree of freedom).
    let e = experiment(doc, "Pricing page");
    assert_eq!(e["verdict"], "sample_ratio_mismatch");
    assert!((e["srm_p"].as_f64().unwrap() - 8.77e-5).abs() < 2e-6);
    // Dark mode: 25 people in the control, under 30.
    assert_eq!(experiment(doc, "Dark mode")["verdict"], "insufficient");
    // Search ranking: the control is "Baseline"; Variant B (540 of 3,000
    // against 600) has p = 0.048, above 0.05 / 2; Variant C (690) has p =
    // 0.0047, below it: a win.
    let e = experiment(doc, "Search ranking");
    assert_eq!(e["control"], "Baseline");
    assert_eq!(e["arms"][0]["name"], "Baseline");
    assert_eq!(e["verdict"], "win");
    let b = z_test(3000.0, 600.0, 3000.0, 540.0);
    let c = z_test(3000.0, 600.0, 3000.0, 690.0);
    assert!(b > 0.025 && b < 0.05 && c < 0.025, "{b} {c}");
    assert!((arm(e, "Variant B")["p_value"].as_f64().unwrap() - b).abs() < 1e-6);
    assert!((arm(e, "Variant C")["p_value"].as_f64().unwrap() - c).abs() < 1e-6);
    // Email subject: 400 of 4,000 against 340: significantly worse.
    let e = experiment(doc, "Email subject");
    assert_eq!(e["verdict"], "loss");
    assert_close(
        arm(e, "Short subject")["lift"].as_f64().unwrap(),
        -0.15,
        "lift",
    );
    // Sidebar ended on 2 April: Q2, flat.
    let e = experiment(doc, "Sidebar");
    assert_eq!(
        (e["period"].as_str(), e["verdict"].as_str()),
        (Some("2025-Q2"), Some("flat"))
    );
}

fn check_kpis(doc: &Value) {
    // Atlas Analytics, Q1: three ended (Checkout, Onboarding, Pricing);
    // Pricing's mismatch leaves two concluded, one won.
    let (atlas, q1) = ("Atlas Analytics", "2025-Q1");
    assert_eq!(value(doc, atlas, q1, "experiments_concluded"), 2.0);
    assert_eq!(sample(doc, atlas, q1, "experiments_concluded"), 3);
    assert_close(
        value(doc, atlas, q1, "experiment_win_rate"),
        0.5,
        "win rate",
    );
    assert_eq!(sample(doc, atlas, q1, "experiment_win_rate"), 2);
    // Beacon CRM, Q2: four ended (Dark mode insufficient; Search won,
    // Email lost, Sidebar flat): three concluded, one won.
    let (beacon, q2) = ("Beacon CRM", "2025-Q2");
    assert_eq!(value(doc, beacon, q2, "experiments_concluded"), 3.0);
    assert_close(
        value(doc, beacon, q2, "experiment_win_rate"),
        1.0 / 3.0,
        "win rate",
    );
    assert_eq!(sample(doc, beacon, q2, "experiment_win_rate"), 3);
}

#[test]
fn an_experiment_results_export_gives_verdicts_and_kpis() {
    let doc = report_json(&repo(), &[&fixture("experiments.csv")]);
    check_results(&doc);
    check_kpis(&doc);
    let source = source(&doc, "Beacon CRM", "2025-Q2", "experiment_win_rate");
    assert!(
        source.ends_with("experiments.csv (3 experiments concluded in 2025-Q2, 1 won)"),
        "{source}"
    );
    // The mismatch is a warning on the Issues sheet, as in the JSON.
    let issues = doc["issues"].as_array().unwrap();
    assert!(
        issues.iter().any(|i| i["message"]
            .as_str()
            .unwrap()
            .starts_with("experiment \"Pricing page\", rows 6 to 7: the variations' sizes")),
        "{issues:?}"
    );
    let e = experiment(&doc, "Search ranking");
    assert!(
        e["source"]
            .as_str()
            .unwrap()
            .ends_with("experiments.csv, rows 10 to 12"),
        "{}",
        e["source"]
    );
}

#[test]
fn the_same_results_saved_by_libreoffice_give_the_same_verdicts() {
    let doc = report_json(&repo(), &[&fixture("experiments.xlsx")]);
    check_results(&doc);
    check_kpis(&doc);
}

#[test]
fn a_sample_ratio_mismatch_is_a_warning_in_check_and_on_the_issues_sheet() {
    let out = linecard(&repo())
        .args(["check", &fixture("experiments.csv")])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("read as experiment results (a row per experiment and variation): header row 1 has the columns of an experiment results export"),
        "{stdout}"
    );
    assert!(
        stderr.contains("experiments.csv: experiment \"Pricing page\", rows 6 to 7: the variations' sizes (Control 5,000, Annual first 5,400) are not the planned split (a sample ratio mismatch, p < 0.0001): the assignment is broken, so its result is not counted; check how people are assigned to the variations"),
        "{stderr}"
    );
}

#[test]
fn the_experiments_sheet_lists_every_variation() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.xlsx");
    let run = linecard(&repo())
        .args([
            "report",
            &fixture("experiments.csv"),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(run.status.success());
    let names = sheet_names(&out);
    let at = |n: &str| names.iter().position(|s| s == n).unwrap();
    assert!(at("Trends") < at("Experiments") && at("Experiments") < at("Data"));
    let range = sheet(&out, "Experiments");
    assert_eq!(text(&range, 3, 0), "Line");
    assert_eq!(text(&range, 3, 12), "Verdict");
    // Fifteen variations, a row each, in the JSON's order.
    let row = (4..range.height() as u32)
        .find(|r| text(&range, *r, 2) == "Search ranking")
        .expect("a Search ranking row");
    assert_eq!(text(&range, row, 5), "Baseline (control)");
    assert_eq!(number(&range, row, 6), Some(3000.0));
    assert_eq!(text(&range, row + 2, 5), "Variant C");
    assert_close(number(&range, row + 2, 9).unwrap(), 0.15, "lift");
    assert_eq!(text(&range, row + 2, 12), "win");
    assert_eq!(range.height(), 4 + 15);
    assert!(text(&range, 1, 0).starts_with(
        "7 experiments: 2 won, 1 lost, 2 flat, 1 insufficient, 1 with a sample ratio mismatch."
    ));
}

#[test]
fn a_report_without_experiments_has_no_sheet_or_key() {
    let doc = report_json(&repo(), &[&record_fixture("tickets", "zendesk.csv")]);
    assert!(doc.get("experiments").is_none());
}

/// `linecard report --json -` from `dir` with `-r rules` and the results
/// in `results.csv`: the JSON, or the failure's stderr.
fn run(dir: &Path, rules: &str, csv: &str) -> Result<Value, String> {
    write(dir, "results.csv", csv);
    let rules = rules_with(dir, "30-experiments.rhai", rules);
    let out = linecard(dir)
        .args([
            "report",
            "--json",
            "-",
            "-o",
            "r.xlsx",
            "-r",
            &rules,
            "results.csv",
        ])
        .output()
        .unwrap();
    match out.status.success() {
        true => Ok(serde_json::from_slice(&out.stdout).unwrap()),
        false => Err(String::from_utf8(out.stderr).unwrap()),
    }
}

const TWO_ARMS: &str = "Experiment,Variation,Users,Conversions,End date,Product\n\
    Checkout,Original,1000,100,2025-03-20,Atlas\n\
    Checkout,Green,1000,130,2025-03-20,Atlas\n";

#[test]
fn the_rules_set_alpha_and_name_the_control() {
    let dir = tempfile::tempdir().unwrap();
    // "Original" is taken for the control; p = 0.0355 wins at 0.05 only.
    let doc = run(dir.path(), "", TWO_ARMS).unwrap();
    assert_eq!(experiment(&doc, "Checkout")["verdict"], "win");
    let doc = run(
        dir.path(),
        "records(\"experiments\", #{ alpha: 0.01 });\n",
        TWO_ARMS,
    )
    .unwrap();
    let e = experiment(&doc, "Checkout");
    assert_eq!(
        (e["verdict"].as_str(), e["alpha"].as_f64()),
        (Some("flat"), Some(0.01))
    );
    // With Green as the control, Original is the treatment: a loss.
    let doc = run(
        dir.path(),
        "records(\"experiments\", #{ control: \"green\" });\n",
        TWO_ARMS,
    )
    .unwrap();
    let e = experiment(&doc, "Checkout");
    assert_eq!(
        (e["control"].as_str(), e["verdict"].as_str()),
        (Some("Green"), Some("loss"))
    );
}

#[test]
fn a_bad_alpha_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let err = run(
        dir.path(),
        "records(\"experiments\", #{ alpha: 5 });\n",
        TWO_ARMS,
    )
    .unwrap_err();
    assert!(
        err.contains("rules/30-experiments.rhai:1:27: \"alpha\" must be the significance level, a number above 0 and below 0.5, e.g. 0.05 (the default) or 0.01"),
        "{err}"
    );
}

#[test]
fn results_that_cannot_be_right_are_errors_naming_the_experiment() {
    let dir = tempfile::tempdir().unwrap();
    let header = "Experiment,Variation,Users,Conversions,End date,Product\n";
    for (rows, expected) in [
        (
            "Checkout,Control,100,120,2025-03-20,Atlas\nCheckout,Green,100,10,2025-03-20,Atlas\n",
            "error: results.csv, column \"Conversions\": 1 variation has more conversions than people, first at row 2 (e.g. the variation \"Control\"); count each person who converted once (unique conversions), not every conversion",
        ),
        (
            "Checkout,Blue,100,10,2025-03-20,Atlas\nCheckout,Green,100,12,2025-03-20,Atlas\n",
            "error: results.csv, experiment \"Checkout\": no variation is named like a control (Control, Baseline, Original, A); its variations are \"Blue\" and \"Green\": name the control with records(\"experiments\", #{ control: \"Blue\" })",
        ),
        (
            "Checkout,Control,100,10,2025-03-20,Atlas\nCheckout,Control,100,12,2025-03-20,Atlas\n",
            "error: results.csv, experiment \"Checkout\": the variation \"Control\" is listed twice, rows 2 to 3; give one row per variation (and per goal, in a goal column)",
        ),
    ] {
        let err = run(dir.path(), "", &format!("{header}{rows}")).unwrap_err();
        assert!(err.contains(expected), "{expected}\n---\n{err}");
    }
}
