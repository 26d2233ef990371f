//! Outputs that cannot be written: standard output on a full disk
//! (`> /dev/full`) ends every command with exit 4 and one message naming
//! standard output, and a text export that cannot be written leaves the
//! previous workbook byte for byte as it was.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

const FULL: &str =
    "error: could not write to standard output: No space left on device (os error 28)";

/// Runs `linecard ARGS` from `dir` with standard output on `/dev/full`,
/// returning the exit code and standard error.
fn into_full_disk(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full opens");
    let out = Command::new(env!("CARGO_BIN_EXE_linecard"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::from(full))
        .output()
        .expect("linecard runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(target_os = "linux")]
#[test]
fn every_command_says_standard_output_could_not_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let sample = common::repo().join("sample-data");
    let sample = sample.to_str().unwrap();
    let scripts = common::repo().join("scripts");
    let scripts = scripts.to_str().unwrap();
    let out = dir.path().join("r.xlsx");
    let out = out.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", sample],
        vec!["test", "-r", scripts],
        vec!["explain", "-i", sample],
        vec!["explain", "Atlas Analytics", "-i", sample],
        vec!["report", sample, "-o", out],
        vec!["report", sample, "-o", out, "--json", "-"],
        vec!["init", "ws"],
        vec!["man"],
        vec!["completions", "bash"],
        vec!["--help"],
        vec!["--version"],
        vec!["report", "--help"],
    ];
    for args in runs {
        let (code, stderr) = into_full_disk(dir.path(), &args);
        assert_eq!(code, Some(4), "linecard {args:?}: {stderr}");
        assert_eq!(
            stderr.lines().last(),
            Some(FULL),
            "linecard {args:?} said: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "linecard {args:?}: {stderr}");
        // One message, not the system's words twice.
        assert_eq!(stderr.matches("No space left").count(), 1, "{stderr}");
    }
}

#[test]
fn diff_on_a_full_disk_is_exit_4() {
    let dir = tempfile::tempdir().unwrap();
    common::linecard(dir.path())
        .args(["init", "ws", "-q"])
        .assert()
        .success();
    let ws = dir.path().join("ws");
    common::linecard(&ws)
        .args(["report", "-q"])
        .assert()
        .success();
    // A second run on changed data: one example input fewer.
    let inbox = ws.join("inbox");
    let first = std::fs::read_dir(&inbox).unwrap().next().unwrap().unwrap();
    std::fs::remove_file(first.path()).unwrap();
    common::linecard(&ws)
        .args(["report", "-q"])
        .assert()
        .success();
    if cfg!(target_os = "linux") {
        let (code, stderr) = into_full_disk(&ws, &["diff"]);
        assert_eq!(code, Some(4), "{stderr}");
        assert_eq!(stderr.lines().last(), Some(FULL));
    }
}

#[test]
fn a_text_export_that_cannot_be_written_leaves_the_old_workbook_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let sample = common::repo().join("sample-data");
    let sample = sample.to_str().unwrap();
    common::linecard(dir.path())
        .args(["report", sample, "-o", "r.xlsx", "-q"])
        .assert()
        .success();
    let before = std::fs::read(dir.path().join("r.xlsx")).unwrap();
    std::fs::write(dir.path().join("old.csv"), "old").unwrap();
    // The JSON goes into a folder that does not exist: the workbook and the
    // CSV, both ready, must not replace their old files.
    let assert = common::linecard(dir.path())
        .args([
            "report",
            sample,
            "-o",
            "r.xlsx",
            "--csv",
            "old.csv",
            "--json",
            "missing/r.json",
            "-q",
        ])
        .assert()
        .code(4);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert_eq!(
        stderr.trim_end(),
        "error: missing/r.json: cannot write the report: the folder missing does not exist; create it or choose another path"
    );
    assert_eq!(std::fs::read(dir.path().join("r.xlsx")).unwrap(), before);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("old.csv")).unwrap(),
        "old"
    );
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
}

#[test]
fn check_quiet_prints_nothing_when_all_is_well() {
    let dir = tempfile::tempdir().unwrap();
    let sample = common::repo().join("sample-data");
    let assert = common::linecard(dir.path())
        .args(["check", "-q", sample.to_str().unwrap()])
        .assert()
        .success();
    let out = assert.get_output();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
}
