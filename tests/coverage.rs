//! Issue 17, items 1 and 2 on the real binary: every score carries its
//! coverage (how much of its KPIs' weight had a value) and is left out
//! below the rules' minimum; a KPI a rule sets to weight 0 is `off`, out
//! of the counts, `--fail-on` and the run diff's "newly red".

mod common;

use common::{assert_close, find_row, linecard, number, sheet, text, write};
use serde_json::{Value, json};
use std::path::Path;

/// Attainment as the README defines it.
fn att(value: f64, target: f64, warn: f64) -> f64 {
    (50.0 + 50.0 * (value - warn) / (target - warn)).clamp(0.0, 100.0)
}

/// Three Growth and Decline lines with values for only some KPIs.
///
/// Under the default rules the scores count these KPIs (a weight above 0
/// and a target; pipeline has no target): PM retention 3, feature adoption
/// 2, CSAT 2, support time 1 (8); PMM win rate 2, CAC 2 (4); shared NPS 2,
/// ARPU 1, LTV/CAC 2 (5); overall 17.
const KPIS: &str = "\
Line,Quarter,Stage,Retention,CSAT,CSAT Responses,Win Rate,NPS,NPS Responses,Feature Adoption
Kestrel,2025-Q2,Growth,0.9,0.9,100,0.2,40,200,
Osprey,2025-Q2,Growth,,,,,35,50,
Dune,2025-Q2,Decline,0.9,,,,,,0.05
";

fn card<'a>(doc: &'a Value, line: &str) -> &'a Value {
    doc["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["line"] == line)
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

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).unwrap()
}

/// A copy of the default rules with `extra` as `rules/50-coverage.rhai`.
fn rules_with(dir: &Path, extra: &str) {
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    for entry in std::fs::read_dir(common::repo().join("scripts")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, rules.join(path.file_name().unwrap())).unwrap();
    }
    write(dir, "rules/50-coverage.rhai", extra);
}

fn report(dir: &Path, extra: &[&str]) -> (Value, String) {
    let mut args = vec![
        "report",
        "kpis.csv",
        "--json",
        "out.json",
        "-o",
        "r.xlsx",
        "--markdown",
        "r.md",
    ];
    args.extend_from_slice(extra);
    let run = linecard(dir).args(&args).assert().success();
    let doc = serde_json::from_slice(&std::fs::read(dir.join("out.json")).unwrap()).unwrap();
    (doc, stdout(&run))
}

#[test]
fn a_score_carries_its_coverage_and_is_left_out_below_half_the_weight() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kpis.csv", KPIS);
    let (doc, out) = report(dir.path(), &[]);

    // Kestrel: retention 0.9 (Growth target 0.85) and CSAT 0.9 (0.85) are
    // green: PM 2 of 4 KPIs, 3 + 2 = 5 of 8 = 62.5%, at least half, so
    // scored, 100. Win rate 0.2 against 0.25 (amber from 0.18): PMM 1 of
    // 2, 2 of 4 = 50%, exactly the minimum, so scored. NPS 40 (30) green:
    // shared 1 of 3, 2 of 5 = 40%, below half: no shared score. Overall 4
    // of 9, 9 of 17 = 52.9%: scored over the four.
    let kestrel = card(&doc, "Kestrel");
    let win = att(0.2, 0.25, 0.18);
    assert_close(
        kestrel["scores"]["pmm"].as_f64().unwrap(),
        win,
        "Kestrel PMM",
    );
    assert_close(
        kestrel["scores"]["overall"].as_f64().unwrap(),
        (3.0 * 100.0 + 2.0 * 100.0 + 2.0 * win + 2.0 * 100.0) / 9.0,
        "Kestrel overall",
    );
    assert_eq!(kestrel["scores"]["pm"], 100.0);
    assert!(kestrel["scores"]["shared"].is_null());
    let cov = |status: &str, kpis: u32, of: u32, weight: f64, of_weight: f64| {
        json!({
            "status": status, "kpis": kpis, "of": of, "weight": weight,
            "of_weight": of_weight, "share": weight / of_weight, "minimum": 0.5
        })
    };
    assert_eq!(
        kestrel["coverage"],
        json!({
            "pm": cov("scored", 2, 4, 5.0, 8.0),
            "pmm": cov("scored", 1, 2, 2.0, 4.0),
            "shared": cov("insufficient_data", 1, 3, 2.0, 5.0),
            "overall": cov("scored", 4, 9, 9.0, 17.0),
        })
    );

    // Osprey: only NPS (green). Before coverage it read "Overall 100"; now
    // 2 of 17 = 11.8% of the weight: no overall score, nor any other.
    let osprey = card(&doc, "Osprey");
    for score in ["pm", "pmm", "shared", "overall"] {
        assert!(osprey["scores"][score].is_null(), "{score}");
        assert_eq!(osprey["coverage"][score]["status"], "insufficient_data");
    }
    assert_eq!(
        osprey["coverage"]["overall"],
        cov("insufficient_data", 1, 9, 2.0, 17.0)
    );
    assert_eq!(osprey["coverage"]["pm"]["share"], 0.0);

    // The terminal: coverage beside the overall score, the lines without
    // one after those with one, and why.
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with('│')).collect();
    assert!(rows[1].starts_with("│ Kestrel"), "{out}");
    assert!(rows[1].contains("┆ 4 of 9 · 53% ┆"), "{out}");
    assert!(rows[3].starts_with("│ Osprey") && rows[3].contains("1 of 9 · 12%"));
    assert!(out.contains(
        "– Kestrel: no Shared score: too little data (Shared: 1 of 3 KPIs, 40% of the weight; it needs 50%)\n"
    ), "{out}");
    assert!(out.contains(
        "– Osprey: no PM, PMM, Shared or Overall score: too little data (Overall: 1 of 9 KPIs, 12% of the weight; it needs 50%)\n"
    ), "{out}");

    // Markdown: in the summary table and beside each line's scores.
    let md = std::fs::read_to_string(dir.path().join("r.md")).unwrap();
    assert!(md.contains(
        "| Osprey | Growth | High growth potential | – | – | – | **–** | 1 of 9 KPIs, 12% of the weight: below the minimum 50% | 0 | 0 | 1 |"
    ), "{md}");
    assert!(md.contains(
        "Scores: PM 100.0 (2 of 4 KPIs, 63% of the weight) · PMM 64.3 (1 of 2 KPIs, 50% of the weight) · Shared – (1 of 3 KPIs, 40% of the weight: below the minimum 50%) · Overall 92.1 (4 of 9 KPIs, 53% of the weight)"
    ), "{md}");

    // The workbook: the Summary's coverage column beside Overall, Osprey
    // ranked after the scored line; the line sheet's live scores and
    // coverage under them.
    let book = dir.path().join("r.xlsx");
    let summary = sheet(&book, "Summary");
    assert_eq!(text(&summary, 7, 7), "Coverage");
    assert_eq!(find_row(&summary, "Kestrel"), Some(8));
    let o = find_row(&summary, "Osprey").unwrap();
    assert!(o > 8, "an unscored line is never ranked first");
    assert_eq!(text(&summary, o, 6), "–");
    assert_eq!(text(&summary, o, 7), "1 of 9 KPIs, 12% of the weight");
    assert_eq!(text(&summary, 8, 7), "4 of 9 KPIs, 53% of the weight");
    assert_eq!(
        text(&summary, 4, 0),
        "3 lines · 0 below 50 overall · 2 without an overall score"
    );
    let line = sheet(&book, "Kestrel");
    assert_eq!(number(&line, 7, 1), Some(100.0));
    assert_eq!(text(&line, 7, 3), "–");
    let coverage: Vec<String> = (1..5).map(|c| text(&line, 8, c)).collect();
    assert_eq!(
        coverage,
        [
            "2 of 4 KPIs, 63% of the weight",
            "1 of 2 KPIs, 50% of the weight",
            "1 of 3 KPIs, 40% of the weight",
            "4 of 9 KPIs, 53% of the weight"
        ]
    );
    assert!(text(&line, 7, 5).contains("a score needs 50% of their weight"));

    // explain says it.
    let explained = linecard(dir.path())
        .args(["explain", "Kestrel", "nps", "-i", "kpis.csv"])
        .assert()
        .success();
    let explained = stdout(&explained);
    assert!(explained.contains(
        "coverage (the KPIs each score counts that have a value):\n  PM       2 of 4 KPIs, 63% of the weight\n  PMM      1 of 2 KPIs, 50% of the weight\n  Shared   1 of 3 KPIs, 40% of the weight: below the minimum 50%, so no Shared score\n  Overall  4 of 9 KPIs, 53% of the weight\n"
    ), "{explained}");
    assert!(explained.contains(
        "the Shared score is left out (too little data); adds 22.2 points to the overall score (weight 2 of 9)"
    ), "{explained}");
}

#[test]
fn the_rules_set_the_minimum_for_every_score_or_per_owner() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kpis.csv", KPIS);
    // 60% for every score, then overall down to 10% and shared to 40%
    // ("shared" in quotes: a bare shared is a word Rhai reserves).
    rules_with(
        dir.path(),
        "min_coverage(0.6);\nmin_coverage(#{ overall: 0.1, \"shared\": 0.4 });\n",
    );
    let (doc, _) = report(dir.path(), &["-r", "rules"]);
    let kestrel = card(&doc, "Kestrel");
    // PM 62.5% >= 60%: scored; PMM 50% < 60%: left out; shared 40% >= 40%.
    assert_eq!(kestrel["scores"]["pm"], 100.0);
    assert!(kestrel["scores"]["pmm"].is_null());
    assert_eq!(kestrel["coverage"]["pmm"]["minimum"], 0.6);
    assert_eq!(kestrel["coverage"]["pmm"]["status"], "insufficient_data");
    assert_eq!(kestrel["scores"]["shared"], 100.0);
    assert_eq!(kestrel["coverage"]["shared"]["minimum"], 0.4);
    // Osprey overall: 2 of 17 = 11.8% >= 10%: NPS alone, 100.
    let osprey = card(&doc, "Osprey");
    assert_eq!(osprey["scores"]["overall"], 100.0);
    assert_eq!(osprey["coverage"]["overall"]["minimum"], 0.1);
    assert!(osprey["scores"]["pm"].is_null());
    // The line sheet's legend names each minimum.
    let line = sheet(&dir.path().join("r.xlsx"), "Kestrel");
    assert_eq!(
        text(&line, 7, 5),
        "Coverage: the KPIs with a value, of those a score counts; the scores need PM 60%, PMM 60%, Shared 40%, Overall 10% of their weight to have a value, else it shows – on grey."
    );
}

#[test]
fn a_wrong_minimum_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kpis.csv", KPIS);
    rules_with(
        dir.path(),
        "min_coverage(#{ pm: 0.6, shraed: 0.3 });\nmin_coverage(60);\nmin_coverage(\"half\");\n",
    );
    let run = linecard(dir.path())
        .args(["report", "kpis.csv", "-r", "rules", "-o", "r.xlsx"])
        .assert()
        .code(1);
    assert_eq!(
        stderr(&run),
        "error: rules/50-coverage.rhai:1:26: unknown key \"shraed\" in min_coverage(...) (did you mean \"shared\"?): the keys are pm, pmm, shared, overall\n  |\n1 | min_coverage(#{ pm: 0.6, shraed: 0.3 });\n  |                          ^\n\
error: rules/50-coverage.rhai:2:1: min_coverage for every score must be a share of the weight from 0 to 1 (0.5 = half), got 60\n  |\n2 | min_coverage(60);\n  | ^\n\
error: rules/50-coverage.rhai:3:1: min_coverage(...) takes a share of the weight from 0 to 1 (0.5 = half) or a map like #{ pm: 0.6, overall: 0.5 }, got a string\n  |\n3 | min_coverage(\"half\");\n  | ^\n\
linecard: 3 problems found; nothing was written\n"
    );
    assert!(!dir.path().join("r.xlsx").exists());

    // A bare `shared` key says how to write it.
    write(
        dir.path(),
        "rules/50-coverage.rhai",
        "min_coverage(#{ shared: 0.4 });\n",
    );
    let run = linecard(dir.path())
        .args(["check", "kpis.csv", "-r", "rules"])
        .assert()
        .code(1);
    assert!(stderr(&run).starts_with(
        "error: rules/50-coverage.rhai:1:17: 'shared' is a reserved word in Rhai: as a map key, write it in quotes (\"shared\": ...)\n"
    ), "{}", stderr(&run));
}

#[test]
fn feature_adoption_in_decline_is_off_and_out_of_the_counts_and_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kpis.csv", KPIS);
    // Dune, Decline: feature adoption 5% is far below its target 40%, but
    // the built-in targets() hook weighs it 0 on a declining line.
    let (doc, out) = report(dir.path(), &["--fail-on", "red"]);
    let dune = card(&doc, "Dune");
    let adoption = metric(dune, "feature_adoption");
    assert_eq!(adoption["status"], "off");
    assert_eq!(adoption["weight"], 0.0);
    assert!(adoption["attainment"].is_null());
    assert_eq!(
        adoption["weight_from"],
        "built-in 20-hooks.rhai:48 (targets() hook)"
    );
    assert_eq!(
        adoption["reason"],
        "switched off (weight 0) by built-in 20-hooks.rhai:48 (targets() hook): not judged, counted or scored; 5% against the target 40%"
    );
    // Not one of the PM score's KPIs: retention (3) alone is 3 of 3 + 2 + 1.
    assert_eq!(
        dune["coverage"]["pm"],
        json!({"status": "scored", "kpis": 1, "of": 3, "weight": 3.0,
               "of_weight": 6.0, "share": 0.5, "minimum": 0.5})
    );
    assert_eq!(dune["scores"]["pm"], 100.0);
    // No red anywhere: --fail-on red passes (exit 0 above), and the counts
    // leave the off KPI out.
    let dune_row = out.lines().find(|l| l.starts_with("│ Dune")).unwrap();
    assert!(dune_row.ends_with("┆   0 ┆     0 ┆     1 │"), "{dune_row}");
    let book = dir.path().join("r.xlsx");
    let summary = sheet(&book, "Summary");
    let row = find_row(&summary, "Dune").unwrap();
    assert_eq!(number(&summary, row, 10), Some(0.0), "red");
    assert_eq!(number(&summary, row, 12), Some(1.0), "green");
    assert_eq!(number(&summary, 4, 10), Some(0.0), "red KPIs in all");
    assert_eq!(number(&summary, 4, 12), Some(5.0), "green KPIs in all");
    let line = sheet(&book, "Dune");
    let r = find_row(&line, "Feature adoption").unwrap();
    assert_eq!(text(&line, r, 5), "Off");
    assert_eq!(text(&line, r, 4), "–", "no attainment");

    // The same KPI with a weight (a Growth line) is red and fails the run.
    write(
        dir.path(),
        "kpis.csv",
        &KPIS.replace("Dune,2025-Q2,Decline", "Dune,2025-Q2,Growth"),
    );
    let run = linecard(dir.path())
        .args([
            "report",
            "kpis.csv",
            "-q",
            "-o",
            "r.xlsx",
            "--fail-on",
            "red",
        ])
        .assert()
        .code(3);
    assert_eq!(
        stderr(&run),
        "linecard: --fail-on red: 1 KPI is red in 2025-Q2:\n  Dune: Feature adoption\n"
    );
}

#[test]
fn the_run_diff_never_calls_an_off_kpi_newly_red() {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path()).args(["init", "ws"]).assert().success();
    let ws = dir.path().join("ws");
    for entry in std::fs::read_dir(ws.join("inbox")).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    let csv = |retention: &str, adoption: &str| {
        format!(
            "Line,Quarter,Stage,Retention,Feature Adoption\nDune,2025-Q2,Decline,{retention},{adoption}\n"
        )
    };
    write(&ws, "inbox/kpis.csv", &csv("0.86", "0.35"));
    linecard(&ws).args(["report", "-q"]).assert().success();
    // Both fall: retention past its amber threshold (red), adoption far
    // below its target, but off.
    write(&ws, "inbox/kpis.csv", &csv("0.70", "0.05"));
    let second = linecard(&ws).arg("report").assert().success();
    let out = stdout(&second);
    let note = &out[out.find("Since run 1 (").expect(&out)..];
    let note: Vec<&str> = note.lines().skip(1).take(2).collect();
    assert_eq!(
        note,
        [
            "  newly red: Dune retention",
            "  data: 2 values changed on 1 line"
        ]
    );
    let diff = linecard(&ws).arg("diff").assert().success();
    let diff = stdout(&diff);
    let newly = &diff[diff.find("Newly red:\n").expect(&diff)..];
    let newly: Vec<&str> = newly
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(newly, ["  Dune · retention"]);
    assert!(diff.contains("    feature_adoption: 35% → 5%\n"), "{diff}");
    assert!(!diff.contains("feature_adoption: 35% → 5%; "), "{diff}");
}

#[test]
fn a_by_line_weight_of_0_is_off_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kpis.csv", KPIS);
    rules_with(
        dir.path(),
        "metric(\"csat\", #{\n    by_line: #{ \"Kestrel\": #{ weight: 0 } },\n});\n",
    );
    let (doc, _) = report(dir.path(), &["-r", "rules"]);
    let kestrel = card(&doc, "Kestrel");
    let csat = metric(kestrel, "csat");
    assert_eq!(csat["status"], "off");
    assert_eq!(
        csat["weight_from"],
        "rules/50-coverage.rhai:2 (by_line.\"Kestrel\")"
    );
    assert_eq!(
        csat["reason"],
        "switched off (weight 0) by rules/50-coverage.rhai:2 (by_line.\"Kestrel\"): not judged, counted or scored; 90% against the target 85%"
    );
    // PM now counts retention 3, feature adoption 2 and support time 1:
    // retention alone is 3 of 6, exactly half: scored, 100.
    assert_eq!(
        kestrel["coverage"]["pm"],
        json!({"status": "scored", "kpis": 1, "of": 3, "weight": 3.0,
               "of_weight": 6.0, "share": 0.5, "minimum": 0.5})
    );
    // Osprey keeps its CSAT weight 2 (no value): PM 0 of 4.
    assert_eq!(card(&doc, "Osprey")["coverage"]["pm"]["of"], 4);
}
