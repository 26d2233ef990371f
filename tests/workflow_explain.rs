//! `linecard explain`: value, source, target, status and reason as the
//! report has them, and contributions that add up to the scores.

mod common;

use common::{assert_close, linecard, stdout_json};
use std::path::Path;

fn json(dir: &Path) -> serde_json::Value {
    stdout_json(dir, &["-q", "report", "--json", "-"])
}

/// The number after `marker` in `text`, e.g. "attainment 87.5 of 100".
fn number_after(text: &str, marker: &str) -> Option<f64> {
    let rest = &text[text.find(marker)? + marker.len()..];
    rest.split(|c: char| c.is_whitespace() || c == ')')
        .next()?
        .parse()
        .ok()
}

/// X in "adds X points to the {score} score".
fn points_to(text: &str, score: &str) -> Option<f64> {
    let end = text.find(&format!(" points to the {score} score"))?;
    text[..end].split_whitespace().last()?.parse().ok()
}

#[test]
fn explain_matches_the_report_and_the_contributions_add_up_to_the_scores() {
    let dir = tempfile::tempdir().unwrap();
    let doc = json(dir.path());
    let card = doc["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["line"] == "Ember Security" && c["period"] == "2025-Q3")
        .unwrap();
    let assert = linecard(dir.path())
        .args(["explain", "ember security", "--period", "2025-Q3"])
        .assert()
        .success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let blocks: Vec<&str> = out.split("\n\n").collect();
    assert!(
        blocks[0].starts_with("Ember Security · 2025-Q3 · "),
        "{out}"
    );
    let metrics = card["metrics"].as_array().unwrap();
    // The header, a block per metric, and the note on the built-in rules the
    // targets cite (no scripts/ folder here).
    assert_eq!(blocks.len(), metrics.len() + 2, "{out}");
    assert_eq!(blocks[blocks.len() - 1], BUILT_IN_NOTE);

    let mut overall = 0.0;
    let mut by_owner = std::collections::BTreeMap::<String, f64>::new();
    for (block, m) in blocks[1..].iter().zip(metrics) {
        let id = m["metric"].as_str().unwrap();
        assert!(block.starts_with(id), "{block}");
        let status = format!(
            "  status: {}: {}",
            m["status"].as_str().unwrap(),
            m["reason"].as_str().unwrap()
        );
        assert!(block.contains(&status), "{block}\nlacks {status}");
        if let Some(source) = m["source"].as_str() {
            // "from file!Sheet!E7", or "derived by derive() in FILE".
            let shown = if source.starts_with("derived") {
                format!(" {source}")
            } else {
                format!(" from {source}")
            };
            assert!(block.contains(&shown), "{block}\nlacks {shown}");
        }
        if let Some(points) = points_to(block, "overall") {
            overall += points;
            let owner = m["owner"].as_str().unwrap().to_string();
            let title = match owner.as_str() {
                "pm" => "PM",
                "pmm" => "PMM",
                _ => "Shared",
            };
            *by_owner.entry(owner).or_default() += points_to(block, title).unwrap();
        } else {
            assert!(block.contains("  score:  not counted ("), "{block}");
        }
    }
    // Each contribution is rounded to 0.1, so the sums may be off by a little.
    let close = |sum: f64, score: f64, what: &str| {
        assert!(
            (sum - score).abs() < 0.5,
            "{what}: contributions {sum} vs score {score}"
        );
    };
    close(
        overall,
        card["scores"]["overall"].as_f64().unwrap(),
        "overall",
    );
    for (owner, sum) in by_owner {
        close(
            sum,
            card["scores"][owner.as_str()].as_f64().unwrap(),
            &owner,
        );
    }
}

#[test]
fn explain_one_metric_shows_its_target_and_where_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let assert = linecard(dir.path())
        .args([
            "explain",
            "Atlas Analytics",
            "Win rate",
            "--period",
            "2025-Q1",
        ])
        .assert()
        .success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let block = out.split("\n\n").nth(1).unwrap();
    let lines: Vec<&str> = block.lines().collect();
    assert_eq!(lines[0], "win_rate (Win rate) · PMM · weight 2");
    assert!(lines[1].starts_with("  value:  "), "{block}");
    assert!(
        lines[1].contains("from sample-data/marketing-kpis.csv, row "),
        "{block}"
    );
    assert_eq!(
        lines[2],
        "  target: at least 25%, amber from 18%; set by built-in 10-catalogue.rhai:103"
    );
    let score = &lines[4];
    let attainment = number_after(score, "attainment ").unwrap();
    let pmm = points_to(score, "PMM").unwrap();
    let weights = number_after(score, "PMM score (weight 2 of ").unwrap();
    assert_close(
        (2.0 * attainment / weights * 10.0).round() / 10.0,
        pmm,
        "PMM points",
    );
}

/// Said under an explanation that cites the built-in rules.
const BUILT_IN_NOTE: &str = "built-in: linecard's own rules, used where there is no scripts/ folder; `linecard init` gives an editable copy of them.\n";

/// What a command run outside a workspace with no INPUT says first.
const SAMPLE_NOTE: &str = "note: no input named and no workspace here, so linecard reads its bundled sample data (eight fictional product lines); name your files or folders (`linecard report data/`) or make a workspace (`linecard init`)\n";

#[test]
fn unknown_lines_and_metrics_say_what_was_meant() {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path())
        .args(["explain", "Atlas Analytcs"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!("{SAMPLE_NOTE}error: no product line \"Atlas Analytcs\" in the data; did you mean \"Atlas Analytics\"?\n"));
    linecard(dir.path())
        .args(["explain", "Atlas Analytics", "nsp"])
        .assert()
        .code(2)
        .stderr(format!(
            "{SAMPLE_NOTE}error: no metric \"nsp\" on the Atlas Analytics scorecard; did you mean \"nps\"?\n",
        ));
    linecard(dir.path())
        .args(["explain", "Quasar"])
        .assert()
        .code(2)
        .stderr(format!("{SAMPLE_NOTE}error: no product line \"Quasar\" in the data; the lines are: Atlas Analytics, Beacon CRM, Cobalt Payments, Drift Mobile, Ember Security, Fjord Data Platform, Glacier Archive, Helix AI Assistant\n"));
}

#[test]
fn explain_without_a_line_lists_the_lines_and_their_kpis() {
    let dir = tempfile::tempdir().unwrap();
    let doc = json(dir.path());
    let assert = linecard(dir.path()).arg("explain").assert().success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    // Worked out from the JSON: each line's card in the latest period, its
    // stage and overall score, and the KPIs it has a value for.
    let latest = doc["periods"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .as_str()
        .unwrap();
    let cards: Vec<&serde_json::Value> = doc["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["period"] == latest)
        .collect();
    let mut names: Vec<&str> = cards.iter().map(|c| c["line"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names.len(), 8);
    let mut expected = format!(
        "8 product lines in {latest}; name one to see why each KPI has its status, e.g. `linecard explain \"Atlas Analytics\"` (or `linecard explain \"Atlas Analytics\" KPI` for one KPI):\n"
    );
    for name in names {
        let card = cards.iter().find(|c| c["line"] == name).unwrap();
        let kpis: Vec<&str> = card["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| !m["value"].is_null())
            .map(|m| m["metric"].as_str().unwrap())
            .collect();
        expected.push_str(&format!(
            "\n  {name} · {} · overall {:.1}\n    {} KPIs: {}\n",
            card["stage"].as_str().unwrap(),
            card["scores"]["overall"].as_f64().unwrap(),
            kpis.len(),
            kpis.join(", ")
        ));
    }
    assert_eq!(out, expected);
    assert!(
        out.contains("\n  Atlas Analytics · Growth · overall 100.0\n    9 KPIs: retention, feature_adoption, support_resolution_hours, win_rate, cac, pipeline, nps, arpu, ltv_cac\n"),
        "{out}"
    );
}
