//! Benchmarks a rule scores (issue 13, item 4): `target_from_benchmark:
//! "Industry median"` makes the data's benchmark a KPI's target, with the
//! catalogue's amber band around it; its precedence against the hook, the
//! data's target and `data_targets(false)`; the warnings when the data
//! lacks it; its mistakes at their place in the script; the CSV export's
//! benchmarks column; and the hooks' `line.data_target(...)`,
//! `line.benchmark(...)` and friends.
//!
//! The fixture `fixtures/layouts/benchmarks/benchmarks.xlsx` is written by
//! openpyxl and re-saved by LibreOffice (`make.py` beside it). Expected
//! numbers are worked out here from the built-in catalogue: nps target 30
//! warn 10 (a band of 20; Maturity 35/15, also 20), attainment
//! 50 + 50 × (value − warn) / (target − warn), capped to 0–100.

mod common;

use common::{linecard, parse_csv, repo, report_json, rules_with, write};
use serde_json::Value;
use std::path::Path;

const FIXTURE: &str = "benchmarks.xlsx";

/// Copies the fixture into `dir`, so that places name it as a user's file.
fn fixture(dir: &Path) {
    let from = repo()
        .join("tests/fixtures/layouts/benchmarks")
        .join(FIXTURE);
    std::fs::copy(from, dir.join(FIXTURE)).unwrap();
}

/// The JSON entry of `metric` on `line`'s scorecard for `period`.
fn metric<'a>(doc: &'a Value, line: &str, period: &str, metric: &str) -> &'a Value {
    doc["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["line"] == line && c["period"] == period)
        .flat_map(|c| c["metrics"].as_array().unwrap())
        .find(|m| m["metric"] == metric)
        .unwrap_or_else(|| panic!("{line} {period} has no {metric}"))
}

/// The status and attainment of `value` against `target` with amber from
/// `warn`, higher being better.
fn judged(value: f64, target: f64, warn: f64) -> (&'static str, f64) {
    let status = if value >= target {
        "green"
    } else if value >= warn {
        "amber"
    } else {
        "red"
    };
    let attainment = (50.0 + 50.0 * (value - warn) / (target - warn)).clamp(0.0, 100.0);
    (status, attainment)
}

/// Checks value, target, warn, status and attainment against `judged`.
fn check_judged(m: &Value, value: f64, target: f64, warn: f64) {
    let (status, attainment) = judged(value, target, warn);
    for (key, want) in [
        ("value", value),
        ("target", target),
        ("warn", warn),
        ("attainment", attainment),
    ] {
        common::assert_close(m[key].as_f64().unwrap(), want, &format!("{key} of {m}"));
    }
    assert_eq!(m["status"], status, "{m}");
}

/// `linecard check` on the fixture with `rules`: its standard error.
fn check_stderr(dir: &Path, input: &str, rules: &str) -> String {
    let out = linecard(dir)
        .args(["check", input, "-r", rules])
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    String::from_utf8(out).unwrap()
}

const MEDIAN_RULE: &str = "metric(\"nps\", #{ target_from_benchmark: \"industry MEDIAN\" });\n";

#[test]
fn a_rule_scores_nps_against_the_industry_median_and_says_where_it_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let rules = rules_with(dir.path(), "50-extra.rhai", MEDIAN_RULE);
    let doc = report_json(dir.path(), &[FIXTURE, "-r", &rules]);
    let cell = |c: &str, header: &str| format!("{FIXTURE}!KPIs!{c} (\"{header}\" column)");
    let by_rule = "; target_from_benchmark at rules/50-extra.rhai:1";
    // The median 38 is the target (the data's NPS Target 40 gives way),
    // amber 20 below it as the catalogue's band: 18. The label matched
    // "industry MEDIAN" without regard to case.
    for (line, period, value, row) in [
        ("Atlas", "2025-Q1", 31.0, 2),
        ("Atlas", "2025-Q2", 36.0, 3),
        ("Beacon", "2025-Q1", 45.0, 4),
    ] {
        let nps = metric(&doc, line, period, "nps");
        check_judged(nps, value, 38.0, 18.0);
        let median = cell(&format!("F{row}"), "NPS Industry median");
        assert_eq!(nps["target_from"], format!("{median}{by_rule}"));
        let scored: Vec<&Value> = nps["benchmarks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["scored"] == true)
            .collect();
        assert_eq!(scored.len(), 1, "{nps}");
        assert_eq!(scored[0]["label"], "Industry median");
        assert_eq!(scored[0]["source"], median);
    }
    assert_eq!(
        metric(&doc, "Atlas", "2025-Q1", "nps")["reason"],
        "31 is below the Industry median target 38 (amber from 18)"
    );
    // Beacon 2025-Q2 gives no median: the data's target 40 holds, amber
    // from 40 − 20 = 20.
    let lacking = metric(&doc, "Beacon", "2025-Q2", "nps");
    check_judged(lacking, 25.0, 40.0, 20.0);
    assert_eq!(lacking["target_from"], cell("E5", "NPS Target"));
    // Retention's median is shown, not scored: Maturity's 92% is the target.
    let retention = metric(&doc, "Atlas", "2025-Q1", "retention");
    check_judged(retention, 0.91, 0.92, 0.88);
    assert!(retention["benchmarks"][0].get("scored").is_none());

    assert_eq!(
        check_stderr(dir.path(), FIXTURE, &rules),
        "warning: nps: target_from_benchmark at rules/50-extra.rhai:1 scores it against the data's \"industry MEDIAN\", which is missing for Beacon 2025-Q2 (1 of 4 lines and periods with a value); those are judged against the data's or the rules' target instead\n"
    );

    let explained = linecard(dir.path())
        .args(["explain", "Atlas", "nps", "--period", "2025-Q1"])
        .args(["-i", FIXTURE, "-r", &rules, "-q"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let explained = String::from_utf8(explained).unwrap();
    let want = format!(
        "  target: at least 38, amber from 18; scored against Industry median (from {}{by_rule})\n  benchmark: 31 vs competitor: Acme 41 (from {}; not scored)\n  status: amber: 31 is below the Industry median target 38 (amber from 18)\n",
        cell("F2", "NPS Industry median"),
        cell("G2", "NPS Competitor: Acme"),
    );
    assert!(explained.contains(&want), "{explained}");
}

#[test]
fn the_line_sheet_marks_the_benchmark_that_is_the_target() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let rules = rules_with(dir.path(), "50-extra.rhai", MEDIAN_RULE);
    linecard(dir.path())
        .args(["report", FIXTURE, "-r", &rules, "-o", "t.xlsx", "-q"])
        .args(["--period", "2025-Q1"])
        .assert()
        .success();
    let path = dir.path().join("t.xlsx");
    let range = common::sheet(&path, "Atlas");
    let row = common::find_row(&range, "Net Promoter Score").expect("an NPS row");
    let cells: Vec<String> = (0..range.width() as u32)
        .map(|c| common::text(&range, row, c))
        .collect();
    assert!(
        cells.contains(&"Competitor: Acme 41\nIndustry median 38 (the target)".to_string()),
        "{cells:?}"
    );
    // The target and amber threshold cells hold the benchmark's 38 and 18.
    assert_eq!(common::number(&range, row, 2), Some(38.0));
    assert_eq!(common::number(&range, row, 3), Some(18.0));
    let headers: Vec<String> = (0..row)
        .flat_map(|r| (0..range.width() as u32).map(move |c| (r, c)))
        .map(|(r, c)| common::text(&range, r, c))
        .collect();
    assert!(headers.contains(&"Benchmarks".to_string()), "{headers:?}");
    assert!(!headers.contains(&"Benchmarks (not scored)".to_string()));
}

#[test]
fn the_benchmark_rule_holds_with_data_targets_off_and_gives_way_to_a_hook() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let rules = rules_with(
        dir.path(),
        "50-extra.rhai",
        &format!("data_targets(false);\n{MEDIAN_RULE}"),
    );
    let doc = report_json(dir.path(), &[FIXTURE, "-r", &rules]);
    check_judged(metric(&doc, "Atlas", "2025-Q1", "nps"), 31.0, 38.0, 18.0);
    // Without a median and with data targets off: Growth has no NPS entry
    // of its own, so the plain 30 (warn 10).
    check_judged(metric(&doc, "Beacon", "2025-Q2", "nps"), 25.0, 30.0, 10.0);

    // A targets() hook wins over the rule: here it scores NPS against the
    // competitor instead, amber 15 below.
    let hook = "fn targets(line) {\n    let acme = line.benchmark(\"nps\", \"COMPETITOR: acme\");\n    if acme == () { return #{}; }\n    #{ nps: #{ target: acme, warn: acme - 15 } }\n}\n";
    write(&dir.path().join("rules"), "60-hook.rhai", hook);
    let doc = report_json(dir.path(), &[FIXTURE, "-r", &rules]);
    let nps = metric(&doc, "Atlas", "2025-Q1", "nps");
    check_judged(nps, 31.0, 41.0, 26.0);
    assert_eq!(nps["target_from"], "rules/60-hook.rhai:1 (targets() hook)");
    assert!(
        nps["benchmarks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b.get("scored").is_none()),
        "{nps}"
    );
}

#[test]
fn hooks_read_the_datas_targets_thresholds_and_benchmarks() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "long.csv",
        "Product Line,Quarter,KPI,Actual,Target,Threshold,Benchmark\nAtlas,2025-Q1,NPS,31,40,30,38\nAtlas,2025-Q1,Retention,85%,,,\n",
    );
    let hook = r#"fn labels(line) {
    #{
        nps_target: line.data_target("nps"),
        nps_threshold: line.data_threshold("nps"),
        nps_benchmark: line.benchmark("nps", "BENCHMARK"),
        nps_benchmarks: line.benchmarks("nps").keys(),
        peer: type_of(line.benchmark("nps", "Peer median")),
        retention_target: type_of(line.data_target("retention")),
        retention_benchmarks: line.benchmarks("retention").len(),
    }
}
"#;
    let rules = rules_with(dir.path(), "50-extra.rhai", hook);
    let doc = report_json(dir.path(), &["long.csv", "-r", &rules]);
    let labels = &doc["scorecards"][0]["labels"];
    assert_eq!(labels["nps_target"], "40.0");
    assert_eq!(labels["nps_threshold"], "30.0");
    assert_eq!(labels["nps_benchmark"], "38.0");
    assert_eq!(labels["nps_benchmarks"], "[\"Benchmark\"]");
    // Absent: `()`.
    assert_eq!(labels["peer"], "()");
    assert_eq!(labels["retention_target"], "()");
    assert_eq!(labels["retention_benchmarks"], "0");

    // A metric that exists nowhere is an error with a "did you mean".
    write(
        &dir.path().join("rules"),
        "50-extra.rhai",
        "fn labels(line) {\n    #{ x: line.benchmark(\"nsp\", \"Benchmark\") }\n}\n",
    );
    let out = linecard(dir.path())
        .args(["report", "long.csv", "-r", &rules, "-q", "-o", "r.xlsx"])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).unwrap();
    assert!(
        stderr.starts_with(
            "error: rules/50-extra.rhai:2:16: labels() for \"Atlas\" 2025-Q1: no metric \"nsp\" in the catalogue or the data (did you mean \"nps\"?)\n"
        ),
        "{stderr}"
    );
}

#[test]
fn the_datas_threshold_gives_way_to_the_band_around_a_scored_benchmark() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "long.csv",
        "Product Line,Quarter,KPI,Actual,Target,Threshold,Benchmark\nAtlas,2025-Q1,NPS,31,40,30,38\nAtlas,2025-Q2,NPS,33,40,30,38\n",
    );
    let rules = rules_with(
        dir.path(),
        "50-extra.rhai",
        "metric(\"nps\", #{ target_from_benchmark: \"Benchmark\" });\n",
    );
    let doc = report_json(dir.path(), &["long.csv", "-r", &rules]);
    // 38, amber 20 below it (not the data's 30, set for its target 40).
    check_judged(metric(&doc, "Atlas", "2025-Q1", "nps"), 31.0, 38.0, 18.0);
    check_judged(metric(&doc, "Atlas", "2025-Q2", "nps"), 33.0, 38.0, 18.0);
    assert_eq!(
        check_stderr(dir.path(), "long.csv", &rules),
        "warning: nps: target_from_benchmark at rules/50-extra.rhai:1 scores it against the data's \"Benchmark\", so the data's threshold is not used: the amber threshold keeps the rules' band around the benchmark (at long.csv, row 2, column 6 (Threshold column) and 1 more)\n"
    );
}

#[test]
fn a_benchmark_the_data_never_gives_is_a_warning_naming_those_it_does() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let rules = rules_with(
        dir.path(),
        "50-extra.rhai",
        "metric(\"nps\", #{\n    target_from_benchmark: \"Industry medain\",\n});\nmetric(\"cac\", #{ target_from_benchmark: \"Peer median\" });\n",
    );
    // One warning per metric, in catalogue order (cac is declared first).
    assert_eq!(
        check_stderr(dir.path(), FIXTURE, &rules),
        concat!(
            "warning: cac: target_from_benchmark at rules/50-extra.rhai:4 names the benchmark \"Peer median\", but the data gives no benchmark of that name for cac (it gives no benchmark for cac); cac is judged against the data's or the rules' target instead\n",
            "warning: nps: target_from_benchmark at rules/50-extra.rhai:2 names the benchmark \"Industry medain\", but the data gives no benchmark of that name for nps (it gives \"Competitor: Acme\" and \"Industry median\"); nps is judged against the data's or the rules' target instead\n",
        )
    );
    // Judged as without the rule: the data's target 40, amber from 20.
    let doc = report_json(dir.path(), &[FIXTURE, "-r", &rules]);
    check_judged(metric(&doc, "Atlas", "2025-Q1", "nps"), 31.0, 40.0, 20.0);
}

#[test]
fn many_lines_without_the_benchmark_are_one_warning_with_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("Product Line,Quarter,NPS,NPS Industry median\n");
    for line in ["Atlas", "Beacon", "Cosmo", "Drift", "Echo"] {
        let median = if line == "Atlas" { "38" } else { "" };
        csv.push_str(&format!("{line},2025-Q1,31,{median}\n"));
    }
    write(dir.path(), "kpis.csv", &csv);
    let rules = rules_with(dir.path(), "50-extra.rhai", MEDIAN_RULE);
    assert_eq!(
        check_stderr(dir.path(), "kpis.csv", &rules),
        "warning: nps: target_from_benchmark at rules/50-extra.rhai:1 scores it against the data's \"industry MEDIAN\", which is missing for 4 of 5 lines and periods with a value, first Beacon 2025-Q1, Cosmo 2025-Q1 and Drift 2025-Q1; those are judged against the data's or the rules' target instead\n"
    );
}

#[test]
fn mistakes_in_target_from_benchmark_are_errors_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "rules/10.rhai",
        concat!(
            "metric(\"nps\", #{ owner: \"shared\", target_from_benchmark: 38 });\n",
            "metric(\"csat\", #{ owner: \"pm\", target_from_benchmark: \" \" });\n",
            "metric(\"arpu\", #{ owner: \"pmm\", direction: \"band\", min: 50, max: 90, target_from_benchmark: \"Peer median\" });\n",
            "metric(\"cac\", #{ owner: \"pmm\", target_from_benchmrk: \"Peer median\" });\n",
        ),
    );
    let out = linecard(dir.path())
        .args(["check", "-r", "rules"])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let keys = "name, owner, direction, unit, currency, target, warn, min, max, weight, min_sample, description, by_stage, by_line, oversight, data_targets, target_from_benchmark, optional";
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!(
            concat!(
                "error: rules/10.rhai:4:32: unknown key \"target_from_benchmrk\" in metric \"cac\" (did you mean \"target_from_benchmark\"?): the keys are {keys}\n",
                "  |\n",
                "4 | metric(\"cac\", #{{ owner: \"pmm\", target_from_benchmrk: \"Peer median\" }});\n",
                "  |                                ^\n",
                "error: rules/10.rhai:3:70: target_from_benchmark for \"arpu\" cannot score a band: a benchmark is one number, and a band needs min and max\n",
                "  |\n",
                "3 | metric(\"arpu\", #{{ owner: \"pmm\", direction: \"band\", min: 50, max: 90, target_from_benchmark: \"Peer median\" }});\n",
                "  |                                                                      ^\n",
                "error: rules/10.rhai:2:32: target_from_benchmark for \"csat\" must name a benchmark as the data labels it, e.g. \"Industry median\", got an empty string\n",
                "  |\n",
                "2 | metric(\"csat\", #{{ owner: \"pm\", target_from_benchmark: \" \" }});\n",
                "  |                                ^\n",
                "error: rules/10.rhai:1:35: target_from_benchmark for \"nps\" must be a string in quotes, got a number\n",
                "  |\n",
                "1 | metric(\"nps\", #{{ owner: \"shared\", target_from_benchmark: 38 }});\n",
                "  |                                   ^\n",
                "linecard: 4 problems found; nothing was written\n",
            ),
            keys = keys
        )
    );
}

#[test]
fn the_csv_export_lists_the_benchmarks_after_the_targets_source() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let rules = rules_with(dir.path(), "50-extra.rhai", MEDIAN_RULE);
    linecard(dir.path())
        .args(["report", FIXTURE, "-r", &rules, "-q", "-o", "r.xlsx"])
        .args(["--csv", "rows.csv"])
        .assert()
        .success();
    let rows = parse_csv(&std::fs::read_to_string(dir.path().join("rows.csv")).unwrap());
    let header = &rows[0];
    let n = header.len();
    assert_eq!(&header[n - 2..], ["target_from", "benchmarks"]);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = |line: &str, period: &str, metric: &str| {
        rows.iter()
            .find(|r| r[0] == line && r[1] == period && r[col("metric")] == metric)
            .unwrap_or_else(|| panic!("no row for {line} {period} {metric}"))
    };
    let atlas = row("Atlas", "2025-Q1", "nps");
    assert_eq!(atlas[col("target")], "38");
    assert_eq!(atlas[col("warn")], "18");
    assert_eq!(
        atlas[col("target_from")],
        format!(
            "{FIXTURE}!KPIs!F2 (\"NPS Industry median\" column); target_from_benchmark at rules/50-extra.rhai:1"
        )
    );
    assert_eq!(
        atlas[col("benchmarks")],
        "Competitor: Acme 41; Industry median 38"
    );
    // In canonical units, like the value column: 89% is 0.89.
    let retention = row("Atlas", "2025-Q1", "retention");
    assert_eq!(retention[col("value")], "0.91");
    assert_eq!(retention[col("benchmarks")], "Industry median 0.89");
    assert_eq!(
        row("Beacon", "2025-Q2", "nps")[col("benchmarks")],
        "Competitor: Acme 41"
    );
    // A KPI without benchmarks leaves the column empty.
    assert_eq!(row("Atlas", "2025-Q1", "csat")[col("benchmarks")], "");
}
