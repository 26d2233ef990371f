//! Rule hooks, bands, per-line overrides and rule tests, run through the real
//! binary: the numbers come back through the JSON, the mistakes as exact
//! `file:line:col` messages with a caret.

mod common;

use common::{linecard, stdout_json, write};
use serde_json::Value;
use std::path::Path;

const KPIS: &str = "Product Line,Quarter,Stage,NPS,NPS Responses,ARPU,CAC,Retention
Atlas,2025-Q1,Growth,25,200,400,3000,0.9
Atlas,2025-Q2,Growth,35,220,410,3100,0.92
Beacon,2025-Q1,Decline,5,100,100,900,0.8
Beacon,2025-Q2,Decline,4,120,90,950,0.79
";

const CATALOGUE: &str = r#"metric("nps", #{ owner: "shared", unit: "score", target: 30, warn: 10, min_sample: 50 });
metric("arpu", #{ owner: "shared", unit: "money", direction: "band", min: 150, max: 500, warn: 100 });
metric("cac", #{ owner: "pmm", unit: "money", direction: "lower", target: 4000, warn: 6000,
    by_line: #{ "Beacon": #{ owner: "pm", weight: 3 } } });
metric("retention", #{ owner: "pm", unit: "fraction", target: 0.85, warn: 0.8 });
metric("ltv_cac", #{ owner: "shared", unit: "ratio", target: 3, warn: 2 });
"#;

const HOOKS: &str = r#"fn derive(line) {
    #{ ltv_cac: line["arpu"] * 36 / line["cac"] }
}

fn targets(line) {
    if line.stage == "Decline" {
        return #{ nps: #{ target: 5, warn: 0 } };
    }
    #{}
}

fn statuses(line) {
    if line.previous("nps") != () && line["nps"] < line.previous("nps") {
        return #{ nps: #{ status: "red", reason: "NPS fell since last period" } };
    }
}

fn labels(line) {
    #{
        product_market: #{ status: line.status("retention"), reason: "retention " + line.status("retention") },
        focus: #{ focus: "high-growth", reason: "PM score " + line.score("pm") },
        region: "EMEA",
    }
}
"#;

fn workspace(hooks: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kpis.csv", KPIS);
    write(dir.path(), "rules/10-kpis.rhai", CATALOGUE);
    write(dir.path(), "rules/20-hooks.rhai", hooks);
    dir
}

fn report_json(dir: &Path) -> Value {
    stdout_json(
        dir,
        &["report", "kpis.csv", "-r", "rules", "-q", "--json", "-"],
    )
}

fn card<'a>(doc: &'a Value, line: &str, period: &str) -> &'a Value {
    doc["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["line"] == line && c["period"] == period)
        .unwrap()
}

fn metric<'a>(card: &'a Value, id: &str) -> &'a Value {
    card["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == id)
        .unwrap()
}

fn report_error(dir: &Path) -> String {
    let out = linecard(dir)
        .args(["report", "kpis.csv", "-r", "rules", "-q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !dir.join("linecard-report.xlsx").exists(),
        "no report on a hook error"
    );
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn derive_adds_ltv_cac_with_its_source() {
    let dir = workspace(HOOKS);
    let doc = report_json(dir.path());
    let ltv = metric(card(&doc, "Atlas", "2025-Q1"), "ltv_cac");
    // 400 x 36 / 3,000 = 4.8
    assert_eq!(ltv["value"], 4.8);
    assert_eq!(ltv["status"], "green");
    assert_eq!(ltv["reason"], "4.8x is at or above the target 3x");
    assert_eq!(ltv["source"], "derived by derive() in rules/20-hooks.rhai");
    // The previous period's derived value is carried too.
    let q2 = metric(card(&doc, "Atlas", "2025-Q2"), "ltv_cac");
    assert_eq!(q2["previous"], 4.8);
}

#[test]
fn targets_depend_on_the_stage() {
    let dir = workspace(HOOKS);
    let doc = report_json(dir.path());
    let growth = metric(card(&doc, "Atlas", "2025-Q1"), "nps");
    assert_eq!(
        (growth["target"].clone(), growth["status"].clone()),
        (30.0.into(), "amber".into())
    );
    let decline = metric(card(&doc, "Beacon", "2025-Q1"), "nps");
    assert_eq!(decline["target"], 5.0);
    assert_eq!(decline["warn"], 0.0);
    assert_eq!(decline["status"], "green");
}

#[test]
fn a_period_without_a_stage_keeps_the_last_stated_stage() {
    let dir = workspace(HOOKS);
    // A new quarter's file with no stage column: Beacon is still in Decline,
    // so the Decline-stage NPS target of the hook applies.
    write(
        dir.path(),
        "kpis.csv",
        &format!("{KPIS}Atlas,2025-Q3,,36,230,410,3100,0.92\nBeacon,2025-Q3,,6,130,90,950,0.79\n"),
    );
    let doc = report_json(dir.path());
    let q3 = card(&doc, "Beacon", "2025-Q3");
    assert_eq!(q3["stage"], "Decline");
    let nps = metric(q3, "nps");
    assert_eq!(nps["target"], 5.0);
    assert_eq!(nps["status"], "green");
    assert_eq!(card(&doc, "Atlas", "2025-Q3")["stage"], "Growth");
}

#[test]
fn the_statuses_hook_overrides_with_its_reason() {
    let dir = workspace(HOOKS);
    let doc = report_json(dir.path());
    // Beacon's NPS fell from 5 to 4: amber against the Decline-stage target
    // 5 (amber from 0), and the hook makes it red.
    let nps = metric(card(&doc, "Beacon", "2025-Q2"), "nps");
    assert_eq!(nps["status"], "red");
    assert_eq!(nps["reason"], "NPS fell since last period");
    // Attainment follows the hook's status: red counts 0. Shared = NPS 0
    // (weight 1), ARPU band 150-500 at 90 is 60 outside, amber to 100:
    // 100 - 50 x 60/100 = 70; LTV/CAC 90 x 36 / 950 = 3.41 green 100.
    let shared = card(&doc, "Beacon", "2025-Q2")["scores"]["shared"]
        .as_f64()
        .unwrap();
    assert!(
        (shared - (0.0 + 70.0 + 100.0) / 3.0).abs() < 1e-9,
        "{shared}"
    );
}

#[test]
fn labels_give_fits_focus_and_custom_labels() {
    let dir = workspace(HOOKS);
    let doc = report_json(dir.path());
    let c = card(&doc, "Beacon", "2025-Q2");
    assert_eq!(c["labels"]["product_market_fit"], "red");
    assert_eq!(c["labels"]["focus"], "high-growth");
    assert_eq!(c["labels"]["region"], "EMEA");
    assert_eq!(c["fits"][0]["fit"], "product_market");
    assert_eq!(c["fits"][0]["reason"], "retention red");
}

#[test]
fn by_line_changes_owner_and_weight_and_bands_judge_ranges() {
    let dir = workspace(HOOKS);
    let doc = report_json(dir.path());
    let cac = metric(card(&doc, "Beacon", "2025-Q1"), "cac");
    assert_eq!(
        (cac["owner"].clone(), cac["weight"].clone()),
        ("pm".into(), 3.0.into())
    );
    let atlas_cac = metric(card(&doc, "Atlas", "2025-Q1"), "cac");
    assert_eq!(atlas_cac["owner"], "pmm");
    let arpu = metric(card(&doc, "Beacon", "2025-Q1"), "arpu");
    assert_eq!(arpu["direction"], "band");
    assert_eq!(
        (arpu["target"].clone(), arpu["upper"].clone()),
        (150.0.into(), 500.0.into())
    );
    assert_eq!(arpu["status"], "amber");
    assert_eq!(
        arpu["reason"],
        "100 is below the band 150–500 (amber up to 100 outside)"
    );
}

#[test]
fn a_runtime_error_in_a_hook_points_into_the_hook() {
    let dir = workspace("fn targets(line) {\n    let n = line[\"npss\"];\n    #{}\n}\n");
    assert_eq!(
        report_error(dir.path()),
        concat!(
            "error: rules/20-hooks.rhai:2:17: targets() for \"Atlas\" 2025-Q1: no metric \"npss\" in the catalogue or the data (did you mean \"nps\"?)\n",
            "  |\n",
            "2 |     let n = line[\"npss\"];\n",
            "  |                 ^\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn a_hook_returning_the_wrong_kind_of_value_is_named() {
    let dir = workspace("fn targets(line) {\n    #{ nps: \"high\" }\n}\n");
    assert_eq!(
        report_error(dir.path()),
        concat!(
            "error: rules/20-hooks.rhai:1:1: targets() for \"Atlas\" 2025-Q1: \"nps\" must be a number (the target) or a map like #{ target: 0.8, warn: 0.7 }, got a string\n",
            "  |\n",
            "1 | fn targets(line) {\n",
            "  | ^\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn a_derived_metric_needs_a_catalogue_entry() {
    let dir = workspace("fn derive(line) {\n    #{ payback: line[\"cac\"] / line[\"arpu\"] }\n}\n");
    assert_eq!(
        report_error(dir.path()),
        concat!(
            "error: rules/20-hooks.rhai:1:1: derive() for \"Atlas\" 2025-Q1: derived metric \"payback\" needs a catalogue entry: add metric(\"payback\", #{ owner: ... })\n",
            "  |\n",
            "1 | fn derive(line) {\n",
            "  | ^\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn a_band_with_a_target_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "rules/10.rhai",
        "metric(\"arpu\", #{ owner: \"shared\", direction: \"band\", target: 3 });\n",
    );
    let out = linecard(dir.path())
        .args(["check", "-r", "rules"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        concat!(
            "error: rules/10.rhai:1:55: \"arpu\" is a band: give min and max instead of a target\n",
            "  |\n",
            "1 | metric(\"arpu\", #{ owner: \"shared\", direction: \"band\", target: 3 });\n",
            "  |                                                       ^\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn the_default_rules_pass_their_own_tests() {
    let dir = tempfile::tempdir().unwrap();
    let out = linecard(dir.path()).arg("test").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.starts_with("running 12 rule tests\n"), "{stdout}");
    assert!(stdout.contains("test built-in 90-tests.rhai:16 a Growth line's NPS is judged against the Growth target ... ok\n"));
    assert!(
        stdout.ends_with("\ntest result: ok. 12 passed; 0 failed\n"),
        "{stdout}"
    );
}

/// Runs `linecard test` on the test catalogue plus `tests` as
/// rules/30-tests.rhai: it fails (exit 1); its stdout and stderr.
fn rule_tests_fail(tests: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "rules/10-kpis.rhai", CATALOGUE);
    write(dir.path(), "rules/30-tests.rhai", tests);
    let out = linecard(dir.path())
        .args(["test", "-r", "rules"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_failing_rule_test_says_what_it_expected() {
    let (stdout, stderr) = rule_tests_fail(
        "test(\"weak nps\", #{\n    stage: \"Growth\",\n    values: #{ nps: 25 },\n    samples: #{ nps: 100 },\n    expect: #{ nps: \"green\" },\n});\n",
    );
    assert_eq!(
        stdout,
        concat!(
            "running 1 rule test\n",
            "test rules/30-tests.rhai:1 weak nps ... FAILED\n",
            "    nps: expected green, got amber (25 is below the target 30 (amber from 10))\n",
            "\n",
            "test result: FAILED. 0 passed; 1 failed\n",
        )
    );
    assert_eq!(stderr, "linecard: 1 of 1 rule tests failed\n");
}

#[test]
fn a_misspelled_expectation_is_an_error_with_a_caret() {
    let (_, stderr) = rule_tests_fail(
        "test(\"weak nps\", #{\n    values: #{ nps: 25 },\n    expect: #{ npss: \"red\" },\n});\n",
    );
    assert_eq!(
        stderr,
        concat!(
            "error: rules/30-tests.rhai:3:16: expect.npss: \"npss\" is not a metric in the catalogue, a fit, focus, a score (pm_score, ...) or label_<name> (did you mean \"nps\"?) (in test \"weak nps\")\n",
            "  |\n",
            "3 |     expect: #{ npss: \"red\" },\n",
            "  |                ^\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn a_misspelled_test_value_is_an_error_but_other_columns_are_welcome() {
    let (_, stderr) = rule_tests_fail(
        "test(\"weak nps\", #{\n    values: #{ npss: 25, marketing_budget: 9000 },\n    expect: #{ nps: \"red\" },\n});\n",
    );
    assert_eq!(
        stderr,
        concat!(
            "error: rules/30-tests.rhai:2:16: values.npss: \"npss\" is not a metric in the catalogue (did you mean \"nps\"?) (in test \"weak nps\")\n",
            "  |\n",
            "2 |     values: #{ npss: 25, marketing_budget: 9000 },\n",
            "  |                ^\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn the_default_rules_label_fits_and_focus() {
    let dir = tempfile::tempdir().unwrap();
    let doc = stdout_json(dir.path(), &["report", "-q", "--json", "-"]);
    // Drift Mobile, 2025-Q4, Decline: support 42.5 h and CSAT 68.8% are red.
    let drift = card(&doc, "Drift Mobile", "2025-Q4");
    assert_eq!(drift["labels"]["focus"], "high-maintenance");
    assert_eq!(drift["labels"]["product_market_fit"], "red");
    // Feature adoption weighs 0 on a declining line, so it is left out.
    assert_eq!(
        drift["fits"][0]["reason"],
        "Customer retention red, Customer satisfaction (CSAT) red"
    );
    // Atlas Analytics, 2025-Q4, Growth, every KPI green: high-growth.
    let atlas = card(&doc, "Atlas Analytics", "2025-Q4");
    assert_eq!(atlas["labels"]["focus"], "high-growth");
    assert_eq!(
        atlas["fits"][3],
        serde_json::json!({
            "fit": "market_pricing",
            "status": "green",
            "reason": "Average revenue per account (monthly) green, LTV / CAC green"
        })
    );
}

#[test]
fn a_fit_naming_an_unknown_metric_is_an_error_with_a_caret() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "rules/10-kpis.rhai", CATALOGUE);
    write(
        dir.path(),
        "rules/15-fits.rhai",
        "fits(#{\n    product_market: [\"retension\", \"nps\"],\n});\n",
    );
    let out = linecard(dir.path())
        .args(["check", "-r", "rules"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        concat!(
            "error: rules/15-fits.rhai:2:5: fits.product_market: \"retension\" is not a metric in the catalogue (did you mean \"retention\"?)\n",
            "  |\n",
            "2 |     product_market: [\"retension\", \"nps\"],\n",
            "  |     ^\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn a_script_saved_with_a_byte_order_mark_is_read_with_its_positions() {
    // Notepad saves UTF-8 with a byte-order mark; no editor shows it, so
    // the script runs and its positions count from the first visible text.
    let dir = workspace(&format!("\u{feff}{HOOKS}"));
    let doc = report_json(dir.path());
    assert_eq!(
        metric(card(&doc, "Atlas", "2025-Q1"), "ltv_cac")["value"],
        4.8
    );
    std::fs::remove_file(dir.path().join("linecard-report.xlsx")).unwrap();
    write(
        dir.path(),
        "rules/20-hooks.rhai",
        "\u{feff}fn targets(line) { line[\"npss\"]; #{} }\n",
    );
    assert_eq!(
        report_error(dir.path()),
        concat!(
            "error: rules/20-hooks.rhai:1:24: targets() for \"Atlas\" 2025-Q1: no metric \"npss\" in the catalogue or the data (did you mean \"nps\"?)\n",
            "  |\n",
            "1 | fn targets(line) { line[\"npss\"]; #{} }\n",
            "  |                        ^\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn a_hook_returning_nan_says_nan() {
    let dir = workspace("fn derive(line) {\n    #{ ltv_cac: 0.0 / 0.0 }\n}\n");
    assert_eq!(
        report_error(dir.path()),
        concat!(
            "error: rules/20-hooks.rhai:1:1: derive() for \"Atlas\" 2025-Q1: \"ltv_cac\" must be a number (or () when it cannot be computed), got NaN (0.0/0.0)\n",
            "  |\n",
            "1 | fn derive(line) {\n",
            "  | ^\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn a_hook_stopped_by_a_sandbox_limit_names_the_hook_with_its_place() {
    // Rhai keeps no position for a limit reached inside a hook: the error
    // points at the hook, with its source line.
    for (body, reason) in [
        (
            "let x = 0;\n    loop { x += 1; }",
            "the script did more than 5000000 operations and was stopped: look for a loop that never ends",
        ),
        (
            "f(0)",
            "functions called each other more than 48 levels deep and were stopped: look for recursion without an end",
        ),
        (
            "let s = \"a\";\n    loop { s += s; }",
            "a string grew past the sandbox limit of 65536 bytes and the script was stopped",
        ),
    ] {
        let dir = workspace(&format!(
            "fn f(n) {{ f(n + 1) }}\nfn derive(line) {{\n    {body}\n}}\n"
        ));
        assert_eq!(
            report_error(dir.path()),
            format!(
                "error: rules/20-hooks.rhai:2:1: derive() for \"Atlas\" 2025-Q1: {reason}\n  |\n2 | fn derive(line) {{\n  | ^\nlinecard: 1 problem found; nothing was written\n"
            )
        );
    }
}
