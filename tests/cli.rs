//! The command line itself: help, exit codes and usage errors.

mod common;

use common::{linecard, write};
use predicates::prelude::*;

#[test]
fn help_lists_the_commands_and_the_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(
            predicate::str::is_match(
                r"report +Build the scorecard workbook from spreadsheets and rules",
            )
            .unwrap(),
        )
        .stdout(
            predicate::str::is_match(
                r"check +Check inputs and rules, print every problem, write nothing",
            )
            .unwrap(),
        )
        .stdout(predicate::str::contains(
            "0 success · 1 data or rule errors (nothing written) · 2 usage error",
        ));
}

#[test]
fn report_help_documents_every_option() {
    let dir = tempfile::tempdir().unwrap();
    let assert = linecard(dir.path())
        .args(["report", "--help"])
        .assert()
        .success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    for option in [
        "--rules <DIR>",
        "--out <FILE.xlsx>",
        "--json <FILE|->",
        "--period <P>",
        "--fail-on <STATUS>",
        "[INPUT]...",
    ] {
        assert!(out.contains(option), "missing {option} in:\n{out}");
    }
}

#[test]
fn an_unknown_option_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path())
        .args(["report", "--colour"])
        .assert()
        .code(2);
}

#[test]
fn an_unknown_time_zone_is_a_usage_error_that_names_it_and_the_nearest_one() {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path())
        .args(["check", "--timezone", "Europe/Berln"])
        .assert()
        .code(2)
        .stderr(
            "error: invalid value 'Europe/Berln' for '--timezone <ZONE>': unknown time zone \"Europe/Berln\": write an IANA name such as Europe/Berlin or America/New_York, UTC, or an offset such as +02:00; did you mean \"Europe/Berlin\"?\n\nFor more information, try '--help'.\n",
        );
    linecard(dir.path())
        .args(["check", "--timezone", "Mars/Olympus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown time zone \"Mars/Olympus\": write an IANA name such as Europe/Berlin or America/New_York, UTC, or an offset such as +02:00\n",
        ));
}

#[test]
fn a_period_not_in_the_data_is_a_usage_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "k.csv",
        "Line,Quarter,NPS\nAtlas,2025-Q1,30\nAtlas,2025-Q2,31\n",
    );
    linecard(dir.path())
        .args(["report", "k.csv", "--period", "2026-Q1"])
        .assert()
        .code(2)
        .stderr(
            "error: --period: 2026-Q1 is not in the data, which runs from 2025-Q1 to 2025-Q2\n",
        );
    assert!(!dir.path().join("linecard-report.xlsx").exists());
    linecard(dir.path())
        .args(["report", "k.csv", "--period", "banana"])
        .assert()
        .code(2)
        .stderr(
            "error: --period: 'banana' is not a period: expected a label like 2025-Q1, Q1 2025, Mar 2025, 2025-03 or 2025, or a date like 2025-09-30\n",
        );
}

#[test]
fn a_period_is_named_as_people_write_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "k.csv",
        "Line,Quarter,NPS\nAtlas,2025-Q1,30\nAtlas,2025-Q2,31\n",
    );
    for named in [
        "2025-Q1",
        "Q1 2025",
        "Feb 2025",
        "March 2025",
        "2025-03",
        "2025-02-14",
    ] {
        let out = linecard(dir.path())
            .args([
                "report",
                "k.csv",
                "-q",
                "--period",
                named,
                "--markdown",
                "-",
            ])
            .assert()
            .success();
        let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(text.contains("2025-Q1"), "{named}: {text}");
        assert!(!text.contains("2025-Q2"), "{named}: {text}");
    }
}

#[test]
fn fail_on_red_exits_3_after_writing_the_report() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "k.csv", "Line,Quarter,NPS\nAtlas,2025-Q1,-40\n");
    // Even with -q it says why the exit code is 3.
    linecard(dir.path())
        .args(["report", "k.csv", "--fail-on", "red", "-q"])
        .assert()
        .code(3)
        .stdout("")
        .stderr("linecard: --fail-on red: 1 KPI is red in 2025-Q1:\n  Atlas: Net Promoter Score\n");
    assert!(dir.path().join("linecard-report.xlsx").exists());
    write(
        dir.path(),
        "two.csv",
        "Line,Quarter,NPS,Win rate,CSAT\nAtlas,2025-Q1,-40,0.05,0.9\nBolt,2025-Q1,20,0.2,0.5\n",
    );
    linecard(dir.path())
        .args(["report", "two.csv", "--fail-on", "amber", "-q"])
        .assert()
        .code(3)
        .stderr(
            "linecard: --fail-on amber: 5 KPIs are amber or red in 2025-Q1:\n  \
             Atlas: Win rate, Net Promoter Score\n  \
             Bolt: Customer satisfaction (CSAT), Win rate, Net Promoter Score\n",
        );
    linecard(dir.path())
        .args([
            "report",
            "k.csv",
            "--fail-on",
            "red",
            "--period",
            "2025-Q1",
            "-q",
        ])
        .assert()
        .code(3);
    write(dir.path(), "ok.csv", "Line,Quarter,NPS\nAtlas,2025-Q1,45\n");
    linecard(dir.path())
        .args(["report", "ok.csv", "--fail-on", "amber", "-q"])
        .assert()
        .code(0);
}

#[test]
fn refuses_to_write_the_report_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "inbox/k.csv",
        "Line,Quarter,NPS\nAtlas,2025-Q1,30\n",
    );
    linecard(dir.path())
        .args(["report", "inbox", "--out", "inbox/report.xlsx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--out inbox/report.xlsx would overwrite an input or land in an input folder",
        ));
    linecard(dir.path())
        .args(["report", "inbox/k.csv", "--csv", "inbox/k.csv"])
        .assert()
        .code(2)
        .stderr(
            "error: --csv inbox/k.csv would overwrite an input or land in an input folder; choose another path\n",
        );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("inbox/k.csv")).unwrap(),
        "Line,Quarter,NPS\nAtlas,2025-Q1,30\n"
    );
}

#[test]
fn output_names_say_what_they_hold_and_bad_places_are_named() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "k.csv", "Line,Quarter,NPS\nAtlas,2025-Q1,30\n");
    let refused = |args: &[&str], message: &str, code: i32| {
        linecard(dir.path())
            .arg("report")
            .arg("k.csv")
            .args(args)
            .assert()
            .code(code)
            .stderr(format!("error: {message}\n"));
    };
    refused(
        &["-o", "out.csv"],
        "--out out.csv: the report is an Excel workbook, so its name must end in .xlsx (for the CSV export, use --csv)",
        2,
    );
    refused(
        &["-o", "myreport"],
        "--out myreport: the report is an Excel workbook, so its name must end in .xlsx",
        2,
    );
    refused(
        &["--json", "scores.xlsx"],
        "--json scores.xlsx: that is a spreadsheet's name, and --json writes text; choose a name ending in .json",
        2,
    );
    refused(
        &["--markdown", "scores.ods"],
        "--markdown scores.ods: that is a spreadsheet's name, and --markdown writes text; choose a name ending in .md",
        2,
    );
    refused(
        &["-o", "missing/r.xlsx"],
        "missing/r.xlsx: cannot write the report: the folder missing does not exist; create it or choose another path",
        4,
    );
    std::fs::create_dir(dir.path().join("r.xlsx")).unwrap();
    refused(
        &["-o", "r.xlsx"],
        "r.xlsx is a folder: give the path of a file to write instead",
        4,
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}
