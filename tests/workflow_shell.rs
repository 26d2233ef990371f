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
        "rules: built-in 10-catalogue.rhai sha256 ",
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

/// Runs `linecard report` on a pseudo-terminal (util-linux `script`), so
/// stdout and stderr are terminals; `None` when `script` is not installed.
fn on_a_terminal(dir: &std::path::Path, no_color: bool) -> Option<String> {
    let bin = assert_cmd::cargo::cargo_bin("linecard");
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", &format!("{} report", bin.display()), "/dev/null"])
        .current_dir(dir)
        .env_remove("NO_COLOR");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd.output().ok().filter(|o| o.status.success())?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn no_color_switches_colour_off_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let Some(coloured) = on_a_terminal(dir.path(), false) else {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    };
    // ESC [ 3x m / ESC [ 9x m: foreground colours.
    let has_colour = |text: &str| text.contains("\u{1b}[3") || text.contains("\u{1b}[9");
    assert!(has_colour(&coloured), "{coloured:?}");
    let plain = on_a_terminal(dir.path(), true).unwrap();
    assert!(plain.contains("Scorecards for 2025-Q4"), "{plain:?}");
    assert!(!has_colour(&plain), "{plain:?}");
}
