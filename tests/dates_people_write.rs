//! Dates and periods as people write them: day- or month-first dates whose
//! order the column makes certain (or `--date-order` says), and fiscal
//! quarters with `--fiscal-year-start` (a fiscal year is named by the year
//! it ends in). Each problem down a column is one error.

mod common;

use common::{linecard, measured, report_json};

/// (line, period, metric, value) of every measured metric.
fn values(dir: &std::path::Path, args: &[&str]) -> Vec<(String, String, String, f64)> {
    let doc = report_json(dir, args);
    let mut all: Vec<_> = measured(&doc)
        .into_iter()
        .map(|(line, period, m)| {
            let metric = m["metric"].as_str().unwrap().to_string();
            (line, period, metric, m["value"].as_f64().unwrap())
        })
        .collect();
    all.sort_by(|a, b| a.partial_cmp(b).unwrap());
    all
}

fn row(line: &str, period: &str, metric: &str, value: f64) -> (String, String, String, f64) {
    (line.into(), period.into(), metric.into(), value)
}

/// `check ARGS` in `dir` that fails: its standard error.
fn check_fails(dir: &std::path::Path, args: &[&str]) -> String {
    let output = linecard(dir)
        .arg("check")
        .args(args)
        .assert()
        .code(1)
        .get_output()
        .clone();
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn a_month_first_date_the_column_makes_certain() {
    let dir = tempfile::tempdir().unwrap();
    common::write(
        dir.path(),
        "usdate.csv",
        "Product Line,Date,NPS\nAtlas,3/31/2025,31\n",
    );
    assert_eq!(
        values(dir.path(), &["usdate.csv"]),
        [row("Atlas", "2025-Q1", "nps", 31.0)]
    );
}

#[test]
fn a_day_above_12_anywhere_decides_the_whole_column() {
    let dir = tempfile::tempdir().unwrap();
    // 1/4/2025 alone could be either; 31/3/2025 makes the column day first.
    common::write(
        dir.path(),
        "eu.csv",
        "Product Line,Date,NPS\nAtlas,1/4/2025,31\nBeacon,31/3/2025,20\nAtlas,15.07.2025,33\n",
    );
    assert_eq!(
        values(dir.path(), &["eu.csv"]),
        [
            row("Atlas", "2025-Q2", "nps", 31.0),
            row("Atlas", "2025-Q3", "nps", 33.0),
            row("Beacon", "2025-Q1", "nps", 20.0),
        ]
    );
}

const AMBIGUOUS: &str = "Product Line,Date,NPS\nAtlas,3/4/2025,31\nBeacon,5/6/2025,20\nCobalt,7/8/2025,1\nDelta,9/10/2025,3\n";

#[test]
fn dates_that_could_be_either_way_are_one_error_for_the_column() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "amb.csv", AMBIGUOUS);
    assert_eq!(
        check_fails(dir.path(), &["amb.csv"]),
        "error: amb.csv, column 2 \"Date\": 4 dates like \"3/4/2025\" could be day or month first (3 April 2025 or 4 March 2025) and no date in the column has a day above 12; say which with --date-order dmy (day first) or --date-order mdy (month first), or write them as year-month-day; first at rows 2, 3, 4\n\
         linecard: 1 problem found; nothing was written\n"
    );
}

#[test]
fn date_order_says_which_when_the_column_does_not() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "amb.csv", AMBIGUOUS);
    let mdy = values(dir.path(), &["--date-order", "mdy", "amb.csv"]);
    assert_eq!(
        mdy,
        [
            row("Atlas", "2025-Q1", "nps", 31.0),
            row("Beacon", "2025-Q2", "nps", 20.0),
            row("Cobalt", "2025-Q3", "nps", 1.0),
            row("Delta", "2025-Q3", "nps", 3.0),
        ]
    );
    let dmy = values(dir.path(), &["--date-order", "dmy", "amb.csv"]);
    assert_eq!(
        dmy,
        [
            row("Atlas", "2025-Q2", "nps", 31.0),
            row("Beacon", "2025-Q2", "nps", 20.0),
            row("Cobalt", "2025-Q3", "nps", 1.0),
            row("Delta", "2025-Q4", "nps", 3.0),
        ]
    );
}

#[test]
fn a_column_written_both_ways_is_one_error() {
    let dir = tempfile::tempdir().unwrap();
    common::write(
        dir.path(),
        "mixed.csv",
        "Product Line,Date,NPS\nAtlas,13/1/2025,31\nBeacon,1/13/2025,20\nCobalt,14/1/2025,20\n",
    );
    assert_eq!(
        check_fails(dir.path(), &["mixed.csv"]),
        "error: mixed.csv, column 2 \"Date\": the dates are written both day first (\"13/1/2025\" at mixed.csv, row 2, column 2) and month first (\"1/13/2025\" at mixed.csv, row 3, column 2); write them one way, or as year-month-day\n\
         linecard: 1 problem found; nothing was written\n"
    );
}

#[test]
fn date_order_that_the_column_contradicts_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    common::write(
        dir.path(),
        "usdate.csv",
        "Product Line,Date,NPS\nAtlas,3/31/2025,31\n",
    );
    assert_eq!(
        check_fails(dir.path(), &["--date-order", "dmy", "usdate.csv"]),
        "error: usdate.csv, column 2 \"Date\": \"3/31/2025\" at usdate.csv, row 2, column 2 can only be month first, but --date-order dmy says otherwise; drop --date-order or fix the dates\n\
         linecard: 1 problem found; nothing was written\n"
    );
}

const FISCAL: &str =
    "Product Line,Fiscal Quarter,NPS\nAtlas,FY25 Q1,31\nAtlas,Q2 FY25,33\nBeacon,FY2025 Q4,20\n";

#[test]
fn fiscal_quarters_with_a_january_year_are_calendar_quarters() {
    let dir = tempfile::tempdir().unwrap();
    common::write(
        dir.path(),
        "fy.csv",
        "Product Line,Fiscal Quarter,NPS\nAtlas,FY25 Q1,31\n",
    );
    assert_eq!(
        values(dir.path(), &["fy.csv"]),
        [row("Atlas", "2025-Q1", "nps", 31.0)]
    );
}

#[test]
fn a_fiscal_year_starting_in_april_is_named_by_the_year_it_ends_in() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "fy.csv", FISCAL);
    // FY25 runs April 2024 - March 2025: Q1 is April-June 2024.
    assert_eq!(
        values(dir.path(), &["--fiscal-year-start", "april", "fy.csv"]),
        [
            row("Atlas", "2024-Q2", "nps", 31.0),
            row("Atlas", "2024-Q3", "nps", 33.0),
            row("Beacon", "2025-Q1", "nps", 20.0),
        ]
    );
    assert_eq!(
        values(dir.path(), &["--fiscal-year-start", "10", "fy.csv"]),
        [
            row("Atlas", "2024-Q4", "nps", 31.0),
            row("Atlas", "2025-Q1", "nps", 33.0),
            row("Beacon", "2025-Q3", "nps", 20.0),
        ]
    );
}

#[test]
fn fiscal_quarters_that_are_no_calendar_quarter_are_one_error() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "fy.csv", FISCAL);
    assert_eq!(
        check_fails(dir.path(), &["--fiscal-year-start", "feb", "fy.csv"]),
        "error: fy.csv, column 2 \"Fiscal Quarter\": 3 fiscal periods like \"FY25 Q1\": with a fiscal year starting in February, its quarters are not calendar quarters, which linecard reports; give monthly data, or use a fiscal year starting in January, April, July or October; first at rows 2, 3, 4\n\
         linecard: 1 problem found; nothing was written\n"
    );
}

#[test]
fn a_fiscal_year_start_that_is_no_month_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let output = linecard(dir.path())
        .args(["check", "--fiscal-year-start", "smarch", "x.csv"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "invalid value 'smarch' for '--fiscal-year-start <MONTH>': expected a month such as april, apr or 4, got \"smarch\""
        ),
        "{stderr}"
    );
}

/// NPS of `scores`: % promoters (9-10) minus % detractors (0-6).
fn nps(scores: &[u8]) -> f64 {
    let share = |keep: fn(&u8) -> bool| scores.iter().filter(|s| keep(s)).count() as f64;
    (share(|s| *s >= 9) - share(|s| *s <= 6)) / scores.len() as f64 * 100.0
}

/// A response export whose times carry a zone (`Z`) but one, written
/// without, at the same local time.
const ZONED: &str = "Product,Submitted At,Recommend\n\
    Atlas,2025-03-15T10:00:00Z,0\n\
    Atlas,2025-03-31T23:30:00Z,10\n\
    Atlas,2025-04-10T10:00:00Z,9\n\
    Beacon,2025-03-31 23:30:00,9\n\
    Beacon,2025-03-31T23:30:00+00:00,3\n";

#[test]
fn a_response_time_with_a_zone_falls_on_its_date_in_the_timezone() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "responses.csv", ZONED);
    // In UTC, 2025-03-31T23:30:00Z is still 31 March: the first quarter.
    assert_eq!(
        values(dir.path(), &["responses.csv"]),
        [
            row("Atlas", "2025-Q1", "nps", nps(&[0, 10])),
            row("Atlas", "2025-Q2", "nps", nps(&[9])),
            row("Beacon", "2025-Q1", "nps", nps(&[9, 3])),
        ]
    );
    // In Berlin it is 1 April, 01:30 summer time: the second quarter. The
    // time written without a zone is Berlin time already: still 31 March.
    assert_eq!(
        values(
            dir.path(),
            &["--timezone", "Europe/Berlin", "responses.csv"]
        ),
        [
            row("Atlas", "2025-Q1", "nps", nps(&[0])),
            row("Atlas", "2025-Q2", "nps", nps(&[10, 9])),
            row("Beacon", "2025-Q1", "nps", nps(&[9])),
            row("Beacon", "2025-Q2", "nps", nps(&[3])),
        ]
    );
    // A fixed offset west of UTC keeps both in March.
    assert_eq!(
        values(dir.path(), &["--timezone", "-05:00", "responses.csv"]),
        values(dir.path(), &["responses.csv"])
    );
}

#[test]
fn times_under_a_utc_header_are_utc_whatever_the_timezone() {
    let dir = tempfile::tempdir().unwrap();
    common::write(
        dir.path(),
        "typeform.csv",
        "Product,Submit Date (UTC),Recommend\n\
         Atlas,2025-03-15 10:00:00,0\n\
         Atlas,2025-03-31 23:30:00,10\n",
    );
    assert_eq!(
        values(dir.path(), &["typeform.csv"]),
        [row("Atlas", "2025-Q1", "nps", nps(&[0, 10]))]
    );
    // 23:30 UTC on 31 March is 01:30 on 1 April in Berlin.
    assert_eq!(
        values(dir.path(), &["--timezone", "Europe/Berlin", "typeform.csv"]),
        [
            row("Atlas", "2025-Q1", "nps", nps(&[0])),
            row("Atlas", "2025-Q2", "nps", nps(&[10])),
        ]
    );
}
