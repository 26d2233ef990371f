//! The table `linecard report` prints: worst line first, fitted to the
//! terminal width given by COLUMNS, without colour codes under NO_COLOR.

mod common;

use common::linecard;

#[test]
fn the_table_fits_columns_and_has_no_colour_under_no_color() {
    let dir = tempfile::tempdir().unwrap();
    let out = linecard(dir.path())
        .env("COLUMNS", "60")
        .arg("report")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!text.contains('\u{1b}'), "{text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 60, "wider than 60: {line:?}");
    }
    let first = text
        .lines()
        .find(|l| l.contains("Drift"))
        .expect("Drift row");
    let beacon = text.lines().position(|l| l.contains("Beacon")).unwrap();
    let drift = text.lines().position(|l| l == first).unwrap();
    assert!(drift < beacon, "worst first:\n{text}");
    assert!(first.contains("15.9"), "{text}");
}

/// Escape sequences in a line name (here one that retitles the terminal
/// and one that clears it) are written out, never sent to the terminal,
/// in the table on standard output, in `check` and in the messages on
/// standard error.
#[test]
fn control_characters_from_the_data_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    common::write(
        dir.path(),
        "kpis.csv",
        "Product Line,Quarter,NPS\n\
         \u{1b}]0;owned\u{7}Atlas,2025-Q1,41\n\
         Beacon\u{1b}[2J,2025-Q1,35\n",
    );
    let report = linecard(dir.path())
        .args(["report", "kpis.csv"])
        .assert()
        .success();
    let stdout = String::from_utf8(report.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(report.get_output().stderr.clone()).unwrap();
    for text in [&stdout, &stderr] {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
    }
    assert!(stdout.contains("\\x1b]0;owned\\x07Atlas"), "{stdout}");
    let check = linecard(dir.path())
        .args(["check", "kpis.csv"])
        .assert()
        .success();
    let out = check.get_output();
    for text in [&out.stdout, &out.stderr] {
        let text = String::from_utf8_lossy(text);
        assert!(!text.contains('\u{1b}'), "{text}");
    }
    common::write(
        dir.path(),
        "kpis.csv",
        "Product Line,Quarter,NPS\nBeacon\u{1b}[2J,2025-Q2,n/a\u{1b}[5m\n",
    );
    linecard(dir.path())
        .args(["check", "kpis.csv"])
        .assert()
        .code(1)
        .stderr(
            "error: kpis.csv, row 2, column 3 (column \"NPS\"): expected a number (e.g. 0.85, 85%, 1,250), got \"n/a\\x1b[5m\"\n\
             linecard: 1 problem found; nothing was written\n",
        );
}

/// A value of a million characters is quoted by its start and its length,
/// not echoed whole.
#[test]
fn a_huge_bad_value_is_shortened_in_the_message() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "x".repeat(1_000_000);
    common::write(
        dir.path(),
        "kpis.csv",
        &format!("Product Line,Quarter,NPS\nAtlas,2025-Q1,41\nAtlas,2025-Q2,{huge}\n"),
    );
    let out = linecard(dir.path())
        .args(["check", "kpis.csv"])
        .assert()
        .code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.len() < 1_000, "{} bytes of stderr", stderr.len());
    assert!(
        stderr.contains(&format!("\"{}…\" (1,000,000 characters)", "x".repeat(60))),
        "{stderr}"
    );
}
