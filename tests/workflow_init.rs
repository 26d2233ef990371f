//! `linecard init` and running inside a workspace.

mod common;

use common::{linecard, repo, sheet_names};
use std::path::Path;

fn init(dir: &Path) {
    linecard(dir).args(["init", "ws"]).assert().success();
}

#[test]
fn init_scaffolds_a_workspace_with_the_bundled_inputs_and_rules() {
    let dir = tempfile::tempdir().unwrap();
    let assert = linecard(dir.path()).args(["init", "ws"]).assert().success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        out.starts_with("created a linecard workspace in ws:\n"),
        "{out}"
    );
    assert!(out.ends_with("next: cd ws && linecard report\n"), "{out}");
    let ws = dir.path().join("ws");
    for (copy, original) in [
        ("inbox/marketing-kpis.csv", "sample-data/marketing-kpis.csv"),
        ("inbox/product-kpis.xlsx", "sample-data/product-kpis.xlsx"),
        ("scripts/10-catalogue.rhai", "scripts/10-catalogue.rhai"),
    ] {
        assert_eq!(
            std::fs::read(ws.join(copy)).unwrap(),
            std::fs::read(repo().join(original)).unwrap(),
            "{copy} is a copy of {original}"
        );
    }
    assert!(ws.join("reports").is_dir());
    assert!(ws.join("linecard.toml").is_file());
    let readme = std::fs::read_to_string(ws.join("README.md")).unwrap();
    assert!(readme.contains("linecard watch"), "{readme}");
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "ws/README.md", "my own notes\n");
    linecard(dir.path())
        .args(["init", "ws"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: init: ws/README.md already exists; linecard init never overwrites files, so nothing was written\n",
        );
    let ws = dir.path().join("ws");
    assert_eq!(
        std::fs::read_to_string(ws.join("README.md")).unwrap(),
        "my own notes\n"
    );
    for created in ["linecard.toml", "inbox", "scripts", "reports"] {
        assert!(!ws.join(created).exists(), "{created} was created");
    }
}

#[test]
fn init_inside_a_workspace_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path()).args(["init", "ws"]).assert().success();
    let inbox = dir.path().join("ws/inbox");
    let outer = dir.path().canonicalize().unwrap().join("ws");
    linecard(&inbox)
        .args(["init", "nested"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "error: init: nested is inside the workspace {} (it holds linecard.toml); use that workspace, or make the new one outside it, so nothing was written\n",
            outer.display()
        ));
    assert!(!inbox.join("nested").exists());
}

#[test]
fn report_in_a_workspace_reads_the_inbox_and_writes_into_reports() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let ws = dir.path().join("ws");
    // Drop a file of your own into the inbox: its line shows up in the report.
    common::write(
        &ws,
        "inbox/extra.csv",
        "Product Line,Quarter,Win Rate\nZephyr Notes,2025-Q4,0.31\n",
    );
    linecard(&ws.join("inbox"))
        .arg("report")
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "wrote ../reports/linecard-report.xlsx",
        ));
    let report = ws.join("reports/linecard-report.xlsx");
    assert!(
        sheet_names(&report).iter().any(|s| s == "Zephyr Notes"),
        "{:?}",
        sheet_names(&report)
    );
    assert!(!dir.path().join("linecard-report.xlsx").exists());
    assert!(ws.join("history.jsonl").is_file());

    // explain reads the inbox too, from anywhere in the workspace.
    let explained = linecard(&ws.join("reports"))
        .args(["explain", "zephyr", "win_rate"])
        .assert()
        .success();
    let out = String::from_utf8(explained.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("  value:  31% from ../inbox/extra.csv, row 2, column 3\n"),
        "{out}"
    );
    // The workspace's own scripts are cited by their path, with no note on
    // the built-in rules.
    assert!(
        out.contains("; set by ../scripts/10-catalogue.rhai:103\n"),
        "{out}"
    );
    assert!(!out.contains("built-in"), "{out}");

    // -o still wins.
    linecard(&ws)
        .args(["report", "-o", "elsewhere.xlsx"])
        .assert()
        .success();
    assert!(ws.join("elsewhere.xlsx").is_file());
}

#[test]
fn the_workspace_rules_are_used_and_check_checks_the_inbox() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let ws = dir.path().join("ws");
    common::write(
        &ws,
        "scripts/20-broken.rhai",
        "metric(\"nps\", #{ owner: \"nobody\" });\n",
    );
    linecard(&ws)
        .arg("report")
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "error: scripts/20-broken.rhai:1:18: owner must be \"pm\", \"pmm\" or \"shared\", got \"nobody\"",
        ));
    assert!(!ws.join("reports/linecard-report.xlsx").exists());
    std::fs::remove_file(ws.join("scripts/20-broken.rhai")).unwrap();
    linecard(&ws)
        .arg("check")
        .assert()
        .success()
        .stdout(predicates::str::contains("\nok: 2 input files,"));
}
