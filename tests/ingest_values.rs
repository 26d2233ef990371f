//! How values written as text are read: decimal commas and points decided
//! per column, percents of metrics that are not fractions, CSAT given as a
//! 1-5 average, text columns that are not metrics, and the messages for
//! Excel errors, empty periods and ambiguous dates. Each runs the real
//! binary on a small file in `tests/fixtures/values`.

mod common;

use common::{assert_close, linecard, measured, repo};
use serde_json::Value;

const DIR: &str = "tests/fixtures/values";

fn path(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// A value read: (line, period, metric, value).
type Read = (String, String, String, f64);

/// Runs `report FILE --json -` from the repository root: the values read,
/// as (line, period, metric, value), and the standard error.
fn report(name: &str) -> (Vec<Read>, Value, String) {
    let scratch = tempfile::tempdir().unwrap();
    let workbook = scratch.path().join("r.xlsx");
    let output = linecard(&repo())
        .args(["report", "--json", "-", "-o", workbook.to_str().unwrap()])
        .arg(path(name))
        .assert()
        .success()
        .get_output()
        .clone();
    let doc: Value = serde_json::from_slice(&output.stdout).expect("stdout is only JSON");
    let values = measured(&doc)
        .into_iter()
        .map(|(line, period, m)| {
            let metric = m["metric"].as_str().unwrap().to_string();
            (line, period, metric, m["value"].as_f64().unwrap())
        })
        .collect();
    let stderr = String::from_utf8(output.stderr).unwrap();
    (values, doc, stderr)
}

/// Checks each (line, period, metric, expected value) against what was read.
fn expect_values(all: &[Read], expected: &[(&str, &str, &str, f64)]) {
    for &(line, period, metric, want) in expected {
        assert_close(
            value(all, line, period, metric),
            want,
            &format!("{line} {period} {metric}"),
        );
    }
}

fn value(all: &[Read], line: &str, period: &str, metric: &str) -> f64 {
    all.iter()
        .find(|(l, p, m, _)| l == line && p == period && m == metric)
        .unwrap_or_else(|| panic!("{line} {period} {metric} missing"))
        .3
}

/// The warnings among the JSON issues, as `file, column "C": message`.
fn warnings(doc: &Value) -> Vec<String> {
    doc["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["severity"] == "warning" && !i["file"].is_null())
        .map(|i| {
            format!(
                "{}, column \"{}\": {}",
                i["file"].as_str().unwrap(),
                i["column"].as_str().unwrap_or_default(),
                i["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// `linecard check FILE` fails; its standard error.
fn check_fails(name: &str) -> String {
    let output = linecard(&repo())
        .args(["check", &path(name)])
        .assert()
        .code(1)
        .get_output()
        .clone();
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn a_column_with_decimal_commas_reads_its_ambiguous_numbers_the_same_way() {
    // CAC holds "1.250,50" (only a decimal comma reads it), so "1.300",
    // "3.500" and "3.400" are thousands; Win Rate and Retention hold "23,5 %",
    // "0,31", "89,5%".
    let (all, doc, stderr) = report("semi.csv");
    expect_values(
        &all,
        &[
            ("Atlas", "2025-Q1", "cac", 1250.5),
            ("Atlas", "2025-Q2", "cac", 1300.0),
            ("Beacon", "2025-Q1", "cac", 3500.0),
            ("Beacon", "2025-Q2", "cac", 3400.0),
            ("Atlas", "2025-Q1", "win_rate", 0.235),
            ("Beacon", "2025-Q1", "win_rate", 0.31),
            ("Atlas", "2025-Q1", "arpu", 410.5),
            ("Atlas", "2025-Q2", "retention", 0.895),
        ],
    );
    let warning = format!(
        "{DIR}/semi.csv, column \"CAC\": \"1.300\" read as 1300 and 2 more numbers like it (the file writes decimal commas, as in \"1.250,50\" in this column)"
    );
    assert_eq!(warnings(&doc), std::slice::from_ref(&warning));
    assert!(
        stderr.contains(&format!("warning: {warning}\n")),
        "{stderr}"
    );
}

#[test]
fn a_decimal_comma_in_the_column_makes_39_990_thirty_nine_point_99() {
    let (all, doc, _) = report("semi3.csv");
    expect_values(
        &all,
        &[
            ("Atlas", "2025-Q1", "win_rate", 0.12),
            ("Atlas", "2025-Q1", "arpu", 39.99),
            ("Atlas", "2025-Q2", "arpu", 41.5),
        ],
    );
    let hours = "support_resolution_hours";
    assert_close(value(&all, "Atlas", "2025-Q1", hours), 12.5, "hours");
    assert_close(value(&all, "Atlas", "2025-Q2", hours), 12.25, "hours");
    assert_eq!(
        warnings(&doc),
        [
            format!(
                "{DIR}/semi3.csv, column \"ARPU\": \"39,990\" read as 39.99 (the file writes decimal commas, as in \"41,5\" in this column)"
            ),
            format!(
                "{DIR}/semi3.csv, column \"Support Resolution (h)\": \"12,250\" read as 12.25 (the file writes decimal commas, as in \"12,5\" in this column)"
            ),
        ]
    );
}

#[test]
fn a_column_without_evidence_follows_the_files_other_columns() {
    let (all, doc, _) = report("file-evidence.csv");
    expect_values(
        &all,
        &[
            ("Atlas", "2025-Q1", "cac", 4200.0),
            ("Atlas", "2025-Q2", "cac", 4350.0),
            ("Atlas", "2025-Q1", "arpu", 410.5),
        ],
    );
    assert_eq!(
        warnings(&doc),
        [format!(
            "{DIR}/file-evidence.csv, column \"CAC\": \"4.200\" read as 4200 and 1 more number like it (the file writes decimal commas, as in \"410,5\" in column \"ARPU\")"
        )]
    );
}

#[test]
fn thousands_groups_and_a_leading_zero_read_in_both_conventions() {
    let (all, doc, _) = report("groups-eu.csv");
    expect_values(
        &all,
        &[
            ("Atlas", "2025-Q1", "pipeline", 1_300_000.0),
            ("Atlas", "2025-Q2", "pipeline", 1_450_000.5),
            ("Atlas", "2025-Q1", "win_rate", 0.125),
        ],
    );
    assert_eq!(warnings(&doc), Vec::<String>::new());

    let (all, doc, _) = report("groups-us.csv");
    expect_values(
        &all,
        &[
            ("Atlas", "2025-Q1", "pipeline", 1_300_000.0),
            ("Atlas", "2025-Q2", "pipeline", 1250.0),
            ("Atlas", "2025-Q1", "win_rate", 0.125),
        ],
    );
    assert_eq!(
        warnings(&doc),
        [format!(
            "{DIR}/groups-us.csv, column \"Pipeline\": \"1,250\" read as 1250 (the file writes decimal points, as in \"1,300,000\" in this column)"
        )]
    );
}

#[test]
fn a_column_mixing_decimal_commas_and_points_is_an_error_naming_one_of_each() {
    assert_eq!(
        check_fails("mixed.csv"),
        format!(
            "error: {DIR}/mixed.csv, row 2, column 3 and {DIR}/mixed.csv, row 3, column 3 (column \"CAC\"): \"1.250,50\" is written with a decimal comma and \"1,300.75\" with a decimal point; expected one way in a column: write every number in it with a decimal comma (1.250,5) or every one with a decimal point (1,250.5)\n\
             linecard: 1 problem found; nothing was written\n"
        )
    );
}

#[test]
fn a_percent_means_the_number_shown_for_metrics_that_are_not_fractions() {
    let (all, doc, _) = report("nps-percent.csv");
    expect_values(
        &all,
        &[
            ("Atlas", "2025-Q1", "nps", 35.0),
            ("Atlas", "2025-Q2", "nps", 0.35),
            ("Beacon", "2025-Q1", "nps", 40.0),
        ],
    );
    // A fraction metric: 27% is 0.27, and whole percentages are still found.
    expect_values(
        &all,
        &[
            ("Atlas", "2025-Q2", "win_rate", 0.27),
            ("Atlas", "2025-Q1", "retention", 0.85),
            ("Beacon", "2025-Q1", "retention", 0.885),
        ],
    );
    assert_eq!(
        warnings(&doc),
        [format!(
            "{DIR}/nps-percent.csv, column \"Retention\": retention values are percentages written as whole numbers (largest 92): read as 92% and so on"
        )]
    );
}

#[test]
fn csat_given_as_a_1_to_5_average_is_an_error() {
    assert_eq!(
        check_fails("csat-average.csv"),
        format!(
            "error: {DIR}/csat-average.csv, row 2, column 3 (column \"CSAT\"): CSAT values from 4.2 to 4.5 look like an average on a 1-5 scale; linecard needs the share of 4 and 5 answers (e.g. 85% or 0.85), or the raw responses\n\
             linecard: 1 problem found; nothing was written\n"
        )
    );
}

#[test]
fn an_unknown_column_of_text_is_skipped_with_a_warning() {
    let (all, doc, stderr) = report("notes.csv");
    assert_close(
        value(&all, "Atlas", "2025-Q1", "win_rate"),
        0.23,
        "win rate",
    );
    assert!(!all.iter().any(|(_, _, m, _)| m == "comments"), "{all:?}");
    let warning = format!(
        "{DIR}/notes.csv, column \"Comments\": the column holds text, not numbers (e.g. \"on track\"): skipped"
    );
    assert_eq!(warnings(&doc), std::slice::from_ref(&warning));
    assert!(
        stderr.contains(&format!("warning: {warning}\n")),
        "{stderr}"
    );
}

#[test]
fn an_unknown_column_of_numbers_with_a_stray_text_is_still_an_error() {
    assert_eq!(
        check_fails("stray-text.csv"),
        format!(
            "error: {DIR}/stray-text.csv, row 3, column 4 (column \"Headcount\"): expected a number (e.g. 0.85, 85%, 1,250), got \"about 14\"\n\
             linecard: 1 problem found; nothing was written\n"
        )
    );
}

#[test]
fn excel_errors_and_empty_periods_say_what_to_do() {
    // 13/08/2025 makes the Quarter column day first, so 03/08/2025 is
    // 3 August (see tests/dates_people_write.rs for the dates' own errors).
    assert_eq!(
        check_fails("cells.csv"),
        format!(
            "error: {DIR}/cells.csv, row 2, column 3 (column \"Win Rate\"): the cell shows the Excel error #DIV/0!; fix the formula or leave the cell blank\n\
             error: {DIR}/cells.csv, row 3, column 2 (column \"Quarter\"): the period cell is empty: expected a period like 2025-Q1, Q1 2025, 2025-01 or 2025\n\
             linecard: 2 problems found; nothing was written\n"
        )
    );
}

#[test]
fn line_names_differing_only_in_capitals_are_flagged() {
    let (values, doc, stderr) = report("capitals.csv");
    let message = "the product lines \"Atlas Analytics\" and \"Atlas analytics\" differ only in capitals, so they are reported as 2 lines; if they are one, write its name the same way everywhere";
    assert!(
        stderr.contains(&format!("warning: {message}\n")),
        "{stderr}"
    );
    let issues = doc["issues"].as_array().unwrap();
    assert!(issues.iter().any(|i| i["message"] == message), "{issues:?}");
    assert_eq!(value(&values, "Atlas analytics", "2025-Q2", "nps"), 31.0);
    assert_eq!(value(&values, "Atlas Analytics", "2025-Q1", "nps"), 30.0);
}

#[test]
fn line_names_differing_only_in_unseen_characters_are_flagged_with_their_codes() {
    // Written by Python's csv module: a zero-width space after one name, a
    // no-break space inside another, as copying from a web page leaves them.
    // A no-break space is a space, as every run of spaces in a name is one.
    let (values, doc, stderr) = report("unseen.csv");
    let message = "the product lines \"Atlas Analytics\" and \"Atlas Analytics<U+200B>\" look the same but differ in a zero-width space (U+200B), which cannot be seen, so they are reported as 2 lines; if they are one, retype its name where it holds the hidden character";
    assert!(
        stderr.contains(&format!("warning: {message}\n")),
        "{stderr}"
    );
    let issues = doc["issues"].as_array().unwrap();
    assert!(issues.iter().any(|i| i["message"] == message), "{issues:?}");
    assert_eq!(value(&values, "Atlas Analytics", "2025-Q1", "nps"), 30.0);
    assert_eq!(
        value(&values, "Atlas Analytics\u{200b}", "2025-Q2", "nps"),
        31.0
    );
    assert_eq!(value(&values, "Atlas Analytics", "2025-Q3", "nps"), 32.0);
}

#[test]
fn every_problem_of_a_survey_row_is_reported_not_only_its_first() {
    assert_eq!(
        check_fails("row-problems.csv"),
        format!(
            "error: {DIR}/row-problems.csv, row 3, column 1 (column \"Submitted At\"): expected the date or time of the response (e.g. 2025-03-14 or 2025-03-14 10:22) or a period like 2025-Q1, got \"last week\"\n\
             error: {DIR}/row-problems.csv, row 3, column 3 (column \"Recommend\"): expected a whole score from 0 to 10, got \"11\"\n\
             error: {DIR}/row-problems.csv, row 4, column 2 (column \"Product\"): this row has values but no product line\n\
             error: {DIR}/row-problems.csv, row 4, column 3 (column \"Recommend\"): expected a whole score from 0 to 10, got \"7.5\"\n\
             error: {DIR}/row-problems.csv, row 4, column 4 (column \"Satisfaction\"): expected a whole score from 1 to 5, got \"0\"\n\
             linecard: 5 problems found; nothing was written\n"
        )
    );
}

#[test]
fn nps_in_cells_formatted_as_percentages_reads_as_the_percentages_shown() {
    // Saved by LibreOffice: NPS cells formatted 0% hold 0.35, 0.42, -0.05.
    let (all, doc, stderr) = report("nps-percent-cells-lo.xlsx");
    expect_values(
        &all,
        &[
            ("Atlas", "2025-Q1", "nps", 35.0),
            ("Atlas", "2025-Q2", "nps", 42.0),
            ("Beacon", "2025-Q2", "nps", -5.0),
            ("Atlas", "2025-Q1", "retention", 0.9),
        ],
    );
    let message = "nps values between -1 and 1 (e.g. 0.42), as cells formatted as percentages store them: read as 42 and so on, since nps runs from -100 to 100";
    assert_eq!(
        warnings(&doc),
        [format!(
            "{DIR}/nps-percent-cells-lo.xlsx, column \"NPS\": {message}"
        )]
    );
    let shown = format!(
        "warning: {DIR}/nps-percent-cells-lo.xlsx, sheet KPIs, column \"NPS\": {message}\n"
    );
    assert!(stderr.contains(&shown), "{stderr}");
}

#[test]
fn a_semicolon_separated_file_without_other_evidence_writes_decimal_commas() {
    // CAC "4.200" and "4.350", ARPU 410 and 415: nothing shows a decimal
    // separator, but a file separated by semicolons comes from where the
    // decimal separator is a comma.
    let (all, doc, _) = report("semicolons.csv");
    expect_values(
        &all,
        &[
            ("Atlas", "2025-Q1", "cac", 4200.0),
            ("Atlas", "2025-Q2", "cac", 4350.0),
            ("Atlas", "2025-Q1", "arpu", 410.0),
        ],
    );
    assert_eq!(
        warnings(&doc),
        [format!(
            "{DIR}/semicolons.csv, column \"CAC\": \"4.200\" read as 4200 and 1 more number like it (the file writes decimal commas: its fields are separated by semicolons)"
        )]
    );
}
