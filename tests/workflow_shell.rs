//! Shell integration: quiet, verbose, JSON on stdout, completions, man page.

mod common;

use common::linecard;

#[test]
fn json_to_stdout_is_the_only_thing_on_stdout_even_in_a_workspace() {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path()).args(["init", "ws"]).assert().success();
    let ws = dir.path().join("ws");
    linecard(&ws).arg("report").assert().success();
    for extra in [&[][..], &["-v"][..]] {
        let assert = linecard(&ws)
            .args(["report", "--json", "-"])
            .args(extra)
            .assert()
            .success();
        let out = &assert.get_output().stdout;
        let json: serde_json::Value = serde_json::from_slice(out).expect("stdout is only JSON");
        assert_eq!(json["scorecards"].as_array().unwrap().len(), 64);
        let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert!(err.contains("Same inputs and rules as run 1"), "{err}");
    }
}

#[test]
fn quiet_prints_nothing_and_verbose_says_what_was_read_and_how_long_it_took() {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path())
        .args(["-q", "report"])
        .assert()
        .success()
        .stdout("")
        .stderr("");
    let assert = linecard(dir.path())
        .args(["report", "--verbose"])
        .assert()
        .success();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    for expected in [
        "rules: scripts/10-catalogue.rhai (built in) sha256 ",
        "read sample-data/marketing-kpis.csv (",
        "read sample-data/product-kpis.xlsx (",
        "loading the rules: ",
        "scoring: ",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    // Not a terminal: no progress bar, no escape codes anywhere.
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(!err.contains('\u{1b}') && !err.contains('\r'), "{err:?}");
    assert!(!out.contains('\u{1b}'), "{out:?}");
    linecard(dir.path())
        .args(["report", "-q", "-v"])
        .assert()
        .code(2);
}

#[test]
fn completions_and_the_man_page_cover_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let assert = linecard(dir.path())
            .args(["completions", shell])
            .assert()
            .success();
        let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
        for command in ["report", "check", "init", "watch", "explain", "diff"] {
            assert!(out.contains(command), "{shell}: no {command}");
        }
    }
    linecard(dir.path())
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
    let assert = linecard(dir.path()).arg("man").assert().success();
    let man = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(man.contains(".TH linecard 1"), "{man}");
    for section in [
        ".SH \"LINECARD REPORT\"",
        ".SH \"LINECARD EXPLAIN\"",
        "\\-\\-fail\\-on",
    ] {
        assert!(man.contains(section), "man page lacks {section}");
    }
}
