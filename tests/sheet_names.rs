//! Worksheet names are valid and unique for any product line name.

mod common;

use common::{linecard, sheet, sheet_names, text, write};

#[test]
fn hostile_line_names_get_valid_unique_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        "EMEA/APAC: Payments [beta]?",
        "A product line with a really long name, part one",
        "A product line with a really long name, part two",
        "summary",
        "'Quoted'",
        "Back\\slash*star",
        "weights",
        "Data",
    ];
    let mut csv = String::from("Line,Quarter,NPS\n");
    for line in lines {
        csv.push_str(&format!("\"{line}\",2025-Q1,30\n"));
    }
    write(dir.path(), "k.csv", &csv);
    linecard(dir.path())
        .args(["report", "k.csv", "-q"])
        .assert()
        .success();
    let report = dir.path().join("linecard-report.xlsx");
    let names = sheet_names(&report);
    // Summary, the line sheets, then the six reference sheets, whose names
    // no line may take.
    assert_eq!(names.len(), 1 + lines.len() + 6, "{names:?}");
    assert_eq!(names[0], "Summary");
    assert_eq!(
        names[1 + lines.len()..],
        ["Weights", "Ownership", "Trends", "Data", "Issues", "Run"]
    );
    let mut lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    lower.sort();
    lower.dedup();
    assert_eq!(
        lower.len(),
        names.len(),
        "names must differ beyond letter case: {names:?}"
    );
    for name in &names {
        assert!(!name.is_empty() && name.chars().count() <= 31, "{name}");
        assert!(
            !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
            "{name}"
        );
        assert!(!name.starts_with('\'') && !name.ends_with('\''), "{name}");
    }
    // Each line sheet still carries the full, unaltered line name at the top.
    let mut titles: Vec<String> = names[1..=lines.len()]
        .iter()
        .map(|n| text(&sheet(&report, n), 0, 0))
        .collect();
    titles.sort();
    let mut expected: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    expected.sort();
    assert_eq!(titles, expected);
}
