//! The run history of a workspace, `linecard diff`, and the "since the
//! previous run" note of `report`.

mod common;

use common::{find_row, linecard, sheet, text};
use std::path::{Path, PathBuf};

fn workspace(dir: &Path) -> PathBuf {
    linecard(dir).args(["init", "ws"]).assert().success();
    dir.join("ws")
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

/// Replaces one exact piece of text in a workspace file.
fn edit(ws: &Path, file: &str, from: &str, to: &str) {
    let path = ws.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn history(ws: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(ws.join("history.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn metric<'a>(run: &'a serde_json::Value, line: &str, metric: &str) -> &'a serde_json::Value {
    run["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["line"] == line)
        .and_then(|c| {
            c["metrics"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["metric"] == metric)
        })
        .unwrap()
}

const ATLAS_Q4: &str = "Atlas Analytics,2025-Q4,0.311,";
const ATLAS_Q4_RED: &str = "Atlas Analytics,2025-Q4,0.101,";

#[test]
fn each_run_is_recorded_and_report_says_what_turned_red() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let first = linecard(&ws).arg("report").assert().success();
    assert!(!stdout(&first).contains("Since run"), "{}", stdout(&first));

    // The same inputs and rules again: nothing new to record.
    let again = linecard(&ws).arg("report").assert().success();
    assert!(stdout(&again).contains("Same inputs and rules as run 1 ("));
    assert_eq!(history(&ws).len(), 1);

    edit(&ws, "inbox/marketing-kpis.csv", ATLAS_Q4, ATLAS_Q4_RED);
    let second = linecard(&ws).arg("report").assert().success();
    let out = stdout(&second);
    let note = &out[out.find("Since run 1 (").expect(&out)..];
    let note: Vec<&str> = note.lines().skip(1).collect();
    assert_eq!(
        note,
        [
            "  newly red: Atlas Analytics win_rate",
            "  data: 1 value changed on 1 line",
            "  `linecard diff` shows the details",
        ]
    );

    let runs = history(&ws);
    assert_eq!(runs.len(), 2);
    for (i, run) in runs.iter().enumerate() {
        assert_eq!(run["format"], 1);
        assert_eq!(run["run"], i as u64 + 1);
        assert_eq!(run["period"], "2025-Q4");
        assert_eq!(run["scorecards"].as_array().unwrap().len(), 8);
        assert_eq!(run["inputs"].as_array().unwrap().len(), 2);
        assert!(run["timestamp"].as_str().unwrap().ends_with('Z'));
    }
    assert_eq!(runs[0]["rules_sha256"], runs[1]["rules_sha256"]);
    assert_ne!(runs[0]["inputs"], runs[1]["inputs"]);
    let before = metric(&runs[0], "Atlas Analytics", "win_rate");
    let after = metric(&runs[1], "Atlas Analytics", "win_rate");
    assert_eq!(
        (before["value"].as_f64(), after["value"].as_f64()),
        (Some(0.311), Some(0.101))
    );
    assert_eq!(
        (before["status"].as_str(), after["status"].as_str()),
        (Some("green"), Some("red"))
    );
    assert_eq!(after["owner"], "pmm");
    assert_eq!(after["target"].as_f64(), Some(0.25));
    assert_eq!(after["weight"].as_f64(), Some(2.0));

    // The workbook marks the change too: on the line's sheet and the Summary.
    let report = ws.join("reports/linecard-report.xlsx");
    let atlas = sheet(&report, "Atlas Analytics");
    let win = find_row(&atlas, "Win rate").expect("win rate row");
    assert_eq!(text(&atlas, win, 11), "newly red");
    let summary = sheet(&report, "Summary");
    let row = find_row(&summary, "Atlas Analytics").unwrap();
    assert_eq!(text(&summary, row, 20), "1 newly red");
    assert!(
        text(&summary, 2, 0).starts_with("Since run 1 ("),
        "{}",
        text(&summary, 2, 0)
    );
}

#[test]
fn diff_keeps_rule_changes_apart_from_data_changes() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    linecard(&ws).arg("report").assert().success();
    edit(&ws, "inbox/marketing-kpis.csv", ATLAS_Q4, ATLAS_Q4_RED);
    linecard(&ws).arg("report").assert().success();
    // Raise the win-rate target for every stage without its own: a rule change.
    edit(
        &ws,
        "scripts/10-catalogue.rhai",
        "target: 0.25,\n    warn: 0.18,",
        "target: 0.30,\n    warn: 0.18,",
    );
    linecard(&ws).arg("report").assert().success();

    let runs = history(&ws);
    let overall = |run: &serde_json::Value| {
        run["scorecards"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["line"] == "Atlas Analytics")
            .unwrap()["scores"]["overall"]
            .as_f64()
            .unwrap()
    };
    let overall_line = format!(
        "  Atlas Analytics (2025-Q4): overall {:.1} → {:.1}",
        overall(&runs[0]),
        overall(&runs[1])
    );
    assert!(overall(&runs[1]) < overall(&runs[0]));
    let data = linecard(&ws).args(["diff", "1", "2"]).assert().success();
    let text = stdout(&data);
    let body: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(
        body,
        [
            "inputs changed, rules unchanged",
            "",
            "Newly red:",
            "  Atlas Analytics · win_rate",
            "",
            "Data changes (values, and the statuses they moved):",
            &overall_line,
            "    win_rate: 31.1% → 10.1%; green → red (newly red)",
        ]
    );

    // The default is the last two runs: only the rules moved.
    let rules = linecard(&ws).arg("diff").assert().success();
    let text = stdout(&rules);
    assert!(text.starts_with("run 2 ("), "{text}");
    let body: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(
        body,
        [
            "inputs unchanged, rules changed",
            "",
            "Rule changes (targets, amber thresholds, owners, weights):",
            "  win_rate: target 25% → 30%, on 6 lines: Atlas Analytics, Beacon CRM, Cobalt Payments, Ember Security, Fjord Data Platform, Helix AI Assistant",
            "    status moved: Fjord Data Platform: green → amber",
        ]
    );
    // Negative numbers count from the end; -3 is run 1.
    let same = linecard(&ws).args(["diff", "-3", "-1"]).assert().success();
    assert!(stdout(&same).starts_with("run 1 ("), "{}", stdout(&same));
}

#[test]
fn diff_errors_name_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path())
        .arg("diff")
        .assert()
        .code(2)
        .stderr("error: diff compares the runs recorded in a workspace, and this folder is not in one; run `linecard init` to make one\n");
    let ws = workspace(dir.path());
    linecard(&ws).arg("report").assert().success();
    linecard(&ws)
        .arg("diff")
        .assert()
        .code(2)
        .stderr("error: history.jsonl holds 1 run; diff needs two (run `linecard report` again after a change)\n");
    edit(&ws, "inbox/marketing-kpis.csv", ATLAS_Q4, ATLAS_Q4_RED);
    linecard(&ws).arg("report").assert().success();
    let runs = history(&ws);
    let (first, last) = (
        runs[0]["timestamp"].as_str().unwrap(),
        runs[1]["timestamp"].as_str().unwrap(),
    );
    linecard(&ws)
        .args(["diff", "7"])
        .assert()
        .code(2)
        .stderr(format!("error: no run matches \"7\": name a run by its number (1 to 2, or -1 for the last, -2 for the one before) or by the start of its timestamp (the runs go from {first} to {last})\n"));
    // A timestamp prefix names the last run that starts with it.
    linecard(&ws)
        .args(["diff", "1", &last[..10]])
        .assert()
        .success();

    // A history from a newer linecard is refused, not misread.
    let mut text = std::fs::read_to_string(ws.join("history.jsonl")).unwrap();
    text.push_str("{\"format\":2}\n");
    std::fs::write(ws.join("history.jsonl"), text).unwrap();
    linecard(&ws)
        .arg("diff")
        .assert()
        .code(1)
        .stderr("error: history.jsonl, line 3: the run was recorded in history format 2, and this linecard reads format 1; update linecard\nlinecard: 1 problem found; nothing was written\n");
}

#[test]
fn a_new_quarter_shows_stage_changes_and_no_false_recoveries() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    linecard(&ws).arg("report").assert().success();
    let before = history(&ws);
    let red_lines: Vec<&str> = before[0]["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            c["metrics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["status"] == "red")
        })
        .map(|c| c["line"].as_str().unwrap())
        .collect();
    assert!(
        !red_lines.is_empty(),
        "the sample has red lines in its latest quarter"
    );

    // Marketing sends next quarter's numbers for one line only.
    let csv = ws.join("inbox/marketing-kpis.csv");
    let mut text = std::fs::read_to_string(&csv).unwrap();
    text.push_str("Atlas Analytics,2026-Q1,0.12,4100,430.00,3700000\n");
    std::fs::write(&csv, text).unwrap();
    let run = linecard(&ws).arg("report").assert().success();
    assert!(!stdout(&run).contains("recovered:"), "{}", stdout(&run));

    let text = stdout(&linecard(&ws).arg("diff").assert().success());
    assert!(!text.contains("Recovered:"), "{text}");
    assert!(
        text.contains("Newly red:\n  Atlas Analytics · win_rate\n"),
        "{text}"
    );
    assert!(
        text.contains("  Atlas Analytics (2025-Q4 → 2026-Q1): overall "),
        "{text}"
    );
    for line in red_lines {
        assert!(
            text.contains(&format!("  {line} (2025-Q4 → 2026-Q1): overall ")),
            "{text}"
        );
    }
    // A quarter whose data states no stage keeps each line's last stage, so
    // no line seems to change stage (and targets) just because of it.
    assert!(!text.contains("changed lifecycle stage"), "{text}");
}

#[test]
fn a_stage_change_is_named_as_the_reason_targets_moved() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    for example in ["product-kpis.xlsx", "marketing-kpis.csv"] {
        std::fs::remove_file(ws.join("inbox").join(example)).unwrap();
    }
    let kpis = "Product Line,Quarter,Stage,Customer Retention\nAtlas,2025-Q1,Growth,0.9\n";
    std::fs::write(ws.join("inbox/kpis.csv"), kpis).unwrap();
    linecard(&ws).args(["report", "-q"]).assert().success();
    // Next quarter the line has matured: the Maturity-stage target applies.
    std::fs::write(
        ws.join("inbox/kpis.csv"),
        format!("{kpis}Atlas,2025-Q2,Maturity,0.9\n"),
    )
    .unwrap();
    linecard(&ws).args(["report", "-q"]).assert().success();

    let text = stdout(&linecard(&ws).arg("diff").assert().success());
    // No script changed: the targets moved with the data (the new stage), so
    // they are told with the data changes, not as rule changes.
    let overall = |run: &serde_json::Value| run["scorecards"][0]["scores"]["overall"].clone();
    let runs = history(&ws);
    // Retention alone is too little of the weight for an overall score.
    assert!(overall(&runs[0]).is_null() && overall(&runs[1]).is_null());
    let body: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(
        body,
        [
            "inputs changed, rules unchanged",
            "",
            "Data changes (values, and the statuses they moved):",
            "  Atlas (2025-Q1 → 2025-Q2; stage Growth → Maturity): overall – → –",
            "    retention: 90% → 90%; green → amber (target 85% → 92%, amber threshold 80% → 88%, with the new stage)",
        ],
        "{text}"
    );
}

#[test]
fn own_inputs_in_place_of_the_examples_are_lines_new_and_gone_not_rule_changes() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    linecard(&ws).args(["report", "-q"]).assert().success();
    // The onboarding path: the examples out of the inbox, one's own file in.
    // Atlas Analytics stays (same retention and win rate, now Maturity);
    // three lines are new and the seven other example lines are gone.
    for example in ["product-kpis.xlsx", "marketing-kpis.csv"] {
        std::fs::remove_file(ws.join("inbox").join(example)).unwrap();
    }
    std::fs::write(
        ws.join("inbox/ours.csv"),
        "Product Line,Quarter,Lifecycle Stage,Retention Rate,Win Rate\n\
         Atlas Analytics,2025-Q4,Maturity,0.896,0.311\n\
         Nova One,2025-Q4,Growth,0.91,0.30\n\
         Nova Two,2025-Q4,Growth,0.70,0.20\n\
         Nova Three,2025-Q4,Introduction,0.80,0.26\n",
    )
    .unwrap();
    let run = linecard(&ws).arg("report").assert().success();
    let out = stdout(&run);
    let note: Vec<&str> = out[out.find("Since run 1 (").expect(&out)..]
        .lines()
        .skip(1)
        .collect();
    // Atlas lost the seven KPIs only the examples had (feature adoption,
    // support resolution, CAC, pipeline, NPS, ARPU, LTV/CAC): 7 values. Four
    // targets moved with its new stage: retention, feature adoption, CAC
    // and NPS have Maturity targets of their own.
    assert_eq!(
        note,
        [
            "  3 lines new, 7 lines no longer in the data",
            "  data: 7 values changed on 1 line",
            "  with the data: 4 target, owner or weight changes on 1 line (no rule script changed)",
            "  `linecard diff` shows the details",
        ]
    );
    // The workbook's Summary says the same under its title; Atlas's eight
    // statuses moved (retention to amber, its seven other KPIs to no data).
    let summary = sheet(&ws.join("reports/linecard-report.xlsx"), "Summary");
    let since = text(&summary, 2, 0);
    assert!(
        since.starts_with("Since run 1 (")
            && since.ends_with("): 3 lines new · 7 lines no longer in the data · 8 statuses moved"),
        "{since}"
    );
    let text = stdout(&linecard(&ws).arg("diff").assert().success());
    assert!(!text.contains("Rule changes"), "{text}");
    let body: Vec<&str> = text.lines().skip(1).take(6).collect();
    assert_eq!(
        body,
        [
            "inputs changed, rules unchanged",
            "",
            "Lines new or gone (not rule changes):",
            "  3 lines new: Nova One, Nova Three, Nova Two",
            "  7 lines no longer in the data: Beacon CRM, Cobalt Payments, Drift Mobile, Ember Security, Fjord Data Platform, Glacier Archive, Helix AI Assistant",
            "",
        ],
        "{text}"
    );
    assert!(
        text.contains("\n    retention: 89.6% → 89.6%; green → amber (target 85% → 92%, amber threshold 80% → 88%, with the new stage)\n    feature_adoption: 44.6% → –; green → no_data (target 40% → 50%, amber threshold 30% → 40%, with the new stage)\n"),
        "{text}"
    );
}

#[test]
fn runs_started_at_once_are_each_recorded_once_with_numbers_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    // Four rule folders that differ by a comment: four different runs.
    let folders: Vec<String> = (1..=4).map(|n| format!("rules-{n}")).collect();
    for folder in &folders {
        let rules = ws.join(folder);
        std::fs::create_dir(&rules).unwrap();
        for entry in std::fs::read_dir(ws.join("scripts")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, rules.join(path.file_name().unwrap())).unwrap();
        }
        std::fs::write(rules.join("99-note.rhai"), format!("// {folder}\n")).unwrap();
    }
    let children: Vec<_> = folders
        .iter()
        .map(|folder| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("linecard"))
                .current_dir(&ws)
                .args(["report", "-q", "-r", folder])
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let runs = history(&ws);
    let numbers: Vec<u64> = runs.iter().map(|r| r["run"].as_u64().unwrap()).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    let mut recorded: Vec<&str> = runs
        .iter()
        .map(|r| {
            let rules = r["rules"].as_array().unwrap();
            let path = rules.last().unwrap()["path"].as_str().unwrap();
            path.split('/').next().unwrap()
        })
        .collect();
    recorded.sort_unstable();
    assert_eq!(recorded, folders);
}

#[test]
fn a_look_back_at_an_earlier_period_is_not_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    linecard(&ws).arg("report").assert().success();
    let back = linecard(&ws)
        .args(["report", "--period", "2024-Q1"])
        .assert()
        .success();
    assert!(!stdout(&back).contains("Since run"), "{}", stdout(&back));
    let stderr = String::from_utf8(back.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains(
            "note: 2024-Q1 is not the latest period in the data, so this run is not recorded in the history\n"
        ),
        "{stderr}"
    );
    assert_eq!(history(&ws).len(), 1);
    // The next run of the latest period compares with run 1, not the look-back.
    let again = linecard(&ws).arg("report").assert().success();
    assert!(stdout(&again).contains("Same inputs and rules as run 1 ("));
    assert_eq!(history(&ws).len(), 1);
}
