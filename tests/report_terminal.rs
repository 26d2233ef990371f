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
