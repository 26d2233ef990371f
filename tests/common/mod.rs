//! Shared helpers for the integration tests: run the real binary in a
//! scratch folder and read back what it wrote.

#![allow(dead_code)]

pub mod office;
pub mod scorecards;
pub mod zipped;

use assert_cmd::Command;
use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use std::path::{Path, PathBuf};

/// The repository root (where `sample-data/` and `scripts/` live).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `linecard` run from `dir`.
pub fn linecard(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("linecard").expect("binary built");
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// Runs `linecard ARGS...` from `dir`, checks it succeeds and returns its
/// standard output read as JSON (which also proves stdout holds only JSON).
pub fn stdout_json<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: &[S]) -> serde_json::Value {
    let stdout = linecard(dir)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&stdout).expect("stdout is only JSON")
}

/// Runs `linecard report --json - ARGS...` from `dir` (the workbook goes to
/// a scratch folder) and returns the JSON document.
pub fn report_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let scratch = tempfile::tempdir().unwrap();
    let workbook = scratch.path().join("r.xlsx");
    let mut all = vec!["report", "--json", "-", "-o", workbook.to_str().unwrap()];
    all.extend_from_slice(args);
    stdout_json(dir, &all)
}

/// Every metric of a JSON report that has a value, with its scorecard's
/// line and period: (line, period, metric).
pub fn measured(doc: &serde_json::Value) -> Vec<(String, String, &serde_json::Value)> {
    let mut found = Vec::new();
    for card in doc["scorecards"].as_array().expect("scorecards") {
        for m in card["metrics"].as_array().expect("metrics") {
            if !m["value"].is_null() {
                let text = |key: &str| card[key].as_str().expect("text").to_string();
                found.push((text("line"), text("period"), m));
            }
        }
    }
    found
}

/// (line, period, metric) -> (value, sample size, 0 without one) of every
/// metric of a JSON report with a value, or of those `only` names.
pub fn measured_values(
    doc: &serde_json::Value,
    only: Option<&[&str]>,
) -> std::collections::BTreeMap<(String, String, String), (f64, u64)> {
    measured(doc)
        .into_iter()
        .filter(|(_, _, m)| only.is_none_or(|o| o.contains(&m["metric"].as_str().unwrap())))
        .map(|(line, period, m)| {
            (
                (line, period, m["metric"].as_str().unwrap().to_string()),
                (
                    m["value"].as_f64().unwrap(),
                    m["sample_size"].as_u64().unwrap_or(0),
                ),
            )
        })
        .collect()
}

/// `linecard check -r rules INPUTS...` run in `dir`.
pub fn check_with_rules(dir: &Path, inputs: &[&str]) -> std::process::Output {
    linecard(dir)
        .args(["check", "-r", "rules"])
        .args(inputs)
        .output()
        .expect("linecard runs")
}

/// The message of every issue of a JSON report, in order.
pub fn issue_messages(doc: &serde_json::Value) -> Vec<&str> {
    doc["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| i["message"].as_str().expect("a message"))
        .collect()
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

/// A rules folder `rules` in `dir`: the shipped scripts (`scripts/*.rhai`)
/// plus `extra` as the script `name`. Returns its name, `"rules"`, for `-r`
/// from `dir`, so that messages name it as `rules/50-extra.rhai:1:1`.
pub fn rules_with(dir: &Path, name: &str, extra: &str) -> String {
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    for entry in std::fs::read_dir(repo().join("scripts")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rhai") {
            std::fs::copy(&path, rules.join(path.file_name().unwrap())).unwrap();
        }
    }
    write(&rules, name, extra);
    "rules".to_string()
}

/// A minimal CSV reader for the exports linecard writes (CRLF line ends):
/// fields split on commas outside quotes, `""` inside quotes a quote.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|line| {
            let mut fields = Vec::new();
            let mut field = String::new();
            let mut quoted = false;
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                match (c, quoted) {
                    ('"', true) if chars.peek() == Some(&'"') => {
                        field.push('"');
                        chars.next();
                    }
                    ('"', _) => quoted = !quoted,
                    (',', false) => fields.push(std::mem::take(&mut field)),
                    _ => field.push(c),
                }
            }
            fields.push(field);
            fields
        })
        .collect()
}

pub fn sheet_names(path: &Path) -> Vec<String> {
    let workbook: Xlsx<_> = open_workbook(path).expect("workbook opens");
    workbook.sheet_names()
}

pub fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("workbook opens");
    workbook.worksheet_range(name).expect("sheet exists")
}

/// The row (0-based, absolute) whose first cell is `text`.
pub fn find_row(range: &Range<Data>, text: &str) -> Option<u32> {
    range
        .rows()
        .enumerate()
        .find(|(_, r)| {
            r.first()
                .is_some_and(|c| matches!(c, Data::String(s) if s == text))
        })
        .map(|(i, _)| i as u32 + range.start().unwrap().0)
}

pub fn number(range: &Range<Data>, row: u32, col: u32) -> Option<f64> {
    match range.get_value((row, col))? {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

pub fn text(range: &Range<Data>, row: u32, col: u32) -> String {
    range
        .get_value((row, col))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

pub fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() < 1e-6,
        "{what}: expected {expected}, got {actual}"
    );
}
