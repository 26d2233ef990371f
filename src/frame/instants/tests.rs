//! Unit tests of [`super`]: each format read from a column, the column's
//! problems, and instants shown in a zone.

use super::*;
use crate::model::Granularity;

/// A grid of one column: a header, then `cells`.
fn column(cells: &[&str]) -> Grid {
    let rows: Vec<[&str; 1]> = std::iter::once(["Created at"])
        .chain(cells.iter().map(|c| [*c]))
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(|r| &r[..]).collect();
    Grid::from_text_rows("tickets.csv", &rows)
}

fn infer_all(grid: &Grid, order: Option<DateOrder>) -> Result<TimeFormat, TimeProblem> {
    infer(grid, 0, 1..grid.height(), order)
}

/// Each cell's instant as `YYYY-MM-DD HH:MM:SS` UTC, `-` when empty.
fn instants(cells: &[&str], order: Option<DateOrder>) -> (TimeFormat, Vec<String>) {
    let grid = column(cells);
    let format = infer_all(&grid, order).expect("a format");
    let read = (1..grid.height())
        .map(|r| match format.read(grid.cell(r, 0), &Zone::default()) {
            Ok(Some(ms)) => Zone::default().local(ms).to_string(),
            Ok(None) => "-".to_string(),
            Err(NotATime) => "error".to_string(),
        })
        .collect();
    (format, read)
}

#[test]
fn reads_iso_times_as_the_tools_write_them() {
    let (format, read) = instants(
        &[
            "2025-01-05T10:00:00Z",         // Zendesk
            "2025-01-05 10:00",             // Stripe, in UTC
            "2025-01-05T10:00:00.000+0000", // Salesforce
            "2025-01-05T10:00:00.000Z",     // HubSpot
            "2025-01-05T12:00:00+02:00",    // an offset
            "2025-01-05",                   // a date
            "",                             // no time
            "2025/01/05 11:00:00 AM GMT+1", // Google Forms
            "2025-01-05 lunch",             // no time: refused
        ],
        None,
    );
    assert_eq!(format, TimeFormat::Iso);
    let ten = "2025-01-05 10:00:00";
    assert_eq!(
        read,
        [
            ten,
            ten,
            ten,
            ten,
            ten,
            "2025-01-05 00:00:00",
            "-",
            ten,
            "error"
        ]
    );
}

#[test]
fn reads_dates_with_month_names() {
    let (format, read) = instants(
        &[
            "05/Jan/25 10:00 AM",
            "Jan 5, 2025 10:00 PM",
            "5 January 2025",
            "12/Dec/24 12:30 AM",
        ],
        None,
    );
    assert_eq!(format, TimeFormat::MonthName);
    assert_eq!(
        read,
        [
            "2025-01-05 10:00:00",
            "2025-01-05 22:00:00",
            "2025-01-05 00:00:00",
            "2024-12-12 00:30:00"
        ]
    );
}

#[test]
fn the_column_settles_whether_the_day_or_the_month_comes_first() {
    let (format, read) = instants(&["1/5/2025 10:00", "1/13/2025", "2/3/2025 1:15 PM"], None);
    assert_eq!(format, TimeFormat::DayMonth(DateOrder::Mdy));
    assert_eq!(
        read,
        [
            "2025-01-05 10:00:00",
            "2025-01-13 00:00:00",
            "2025-02-03 13:15:00"
        ]
    );
    let (format, read) = instants(&["1/5/2025", "13/1/2025 08:00"], Some(DateOrder::Dmy));
    assert_eq!(format, TimeFormat::DayMonth(DateOrder::Dmy));
    assert_eq!(read, ["2025-05-01 00:00:00", "2025-01-13 08:00:00"]);
    let (format, _) = instants(&["1/5/2025", "2/3/2025"], Some(DateOrder::Mdy));
    assert_eq!(format, TimeFormat::DayMonth(DateOrder::Mdy));
}

#[test]
fn dates_that_do_not_say_their_order_are_one_problem_with_both_readings() {
    let grid = column(&["1/5/2025 10:00", "2/3/2025", "4/4/2025", "3/2/2025"]);
    let problem = infer_all(&grid, None).unwrap_err();
    assert_eq!(
        problem.to_string(),
        "3 dates like \"1/5/2025 10:00\" could be day or month first (1 May 2025 or 5 January 2025) and no date in the column has a day above 12; say which with --date-order dmy (day first) or --date-order mdy (month first); first at tickets.csv, row 2, column 1"
    );
    let grid = column(&["13/1/2025", "1/13/2025"]);
    assert_eq!(
        infer_all(&grid, None).unwrap_err().to_string(),
        "the dates are written both day first (\"13/1/2025\" at tickets.csv, row 2, column 1) and month first (\"1/13/2025\" at tickets.csv, row 3, column 1); write them one way, or as year-month-day"
    );
    let grid = column(&["1/13/2025"]);
    assert_eq!(
        infer_all(&grid, Some(DateOrder::Dmy))
            .unwrap_err()
            .to_string(),
        "\"1/13/2025\" at tickets.csv, row 2, column 1 can only be month first, but --date-order dmy says otherwise; drop --date-order or fix the dates"
    );
}

#[test]
fn unix_times_are_seconds_or_milliseconds_by_their_size() {
    // 2025-01-05T10:00:00Z is 1736071200 seconds after 1970.
    let ten = "2025-01-05 10:00:00";
    let (format, read) = instants(&["1736071200", "", "1736071200.5"], None);
    assert_eq!(format, TimeFormat::UnixSeconds);
    assert_eq!(read, [ten, "-", "2025-01-05 10:00:00.500"]);
    let (format, read) = instants(&["1736071200000"], None);
    assert_eq!(format, TimeFormat::UnixMillis);
    assert_eq!(read, [ten]);
    // A cell the wrong size for its column's unit is refused, not scaled.
    assert_eq!(
        TimeFormat::UnixMillis.read(CellRef::Text("1736071200"), &Zone::default()),
        Err(NotATime)
    );
    let grid = column(&["1736071200000", "1736071200"]);
    assert_eq!(
        infer_all(&grid, None).unwrap_err().to_string(),
        "the Unix times are written both in seconds (\"1736071200\" at tickets.csv, row 3, column 1) and in milliseconds (\"1736071200000\" at tickets.csv, row 2, column 1); write them one way"
    );
    assert_eq!(
        TimeFormat::UnixSeconds.read(CellRef::Number(1736071200.0), &Zone::default()),
        Ok(Some(1_736_071_200_000))
    );
    let grid = column(&["1736071200", "45658"]);
    assert_eq!(
        infer_all(&grid, None).unwrap_err().to_string(),
        "expected Unix times, seconds since 1970 (10 digits, such as 1736071200) or milliseconds (13 digits, such as 1736071200000), got \"45658\" at tickets.csv, row 3, column 1"
    );
}

#[test]
fn a_column_written_two_ways_or_holding_no_times_is_one_problem() {
    let grid = column(&["2025-01-05T10:00:00Z", "", "05/Jan/25 10:00 AM"]);
    assert_eq!(
        infer_all(&grid, None).unwrap_err().to_string(),
        "the times are written two ways, as ISO dates (\"2025-01-05T10:00:00Z\" at tickets.csv, row 2, column 1) and as dates with month names (\"05/Jan/25 10:00 AM\" at tickets.csv, row 4, column 1); write them one way"
    );
    let grid = column(&["", "soon", "later"]);
    assert_eq!(
        infer_all(&grid, None).unwrap_err().to_string(),
        "expected dates or times (such as 2025-01-05T10:00:00Z, 2025-01-05 10:00, 05/Jan/25 10:00 AM, Jan 5, 2025 10:00 AM, 1/5/2025 10:00 or a Unix time), got \"soon\" at tickets.csv, row 3, column 1"
    );
    assert_eq!(infer_all(&column(&["", " "]), None), Ok(TimeFormat::Empty));
}

#[test]
fn spreadsheet_dates_are_local_times_in_any_format() {
    let noon = NaiveDate::from_ymd_opt(2025, 3, 31)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    let plus_two = Zone::parse("+02:00").unwrap();
    for format in [
        TimeFormat::SheetDates,
        TimeFormat::Iso,
        TimeFormat::UnixSeconds,
    ] {
        assert_eq!(format.local(CellRef::Date(noon), &plus_two), Ok(Some(noon)));
        assert_eq!(
            format.read(CellRef::Date(noon), &plus_two),
            Ok(Some(noon.and_utc().timestamp_millis() - 7_200_000))
        );
    }
    assert_eq!(
        TimeFormat::Iso.read(CellRef::Bool(true), &plus_two),
        Err(NotATime)
    );
}

#[test]
fn an_instant_falls_in_the_period_of_its_date_in_the_zone() {
    let quarter = |text: &str, zone: &str| {
        let local = TimeFormat::Iso
            .local(CellRef::Text(text), &Zone::parse(zone).unwrap())
            .unwrap()
            .unwrap();
        dates::bucket(local, Granularity::Quarter).to_string()
    };
    assert_eq!(quarter("2025-03-31T23:30:00Z", "UTC"), "2025-Q1");
    assert_eq!(quarter("2025-03-31T23:30:00Z", "Europe/Berlin"), "2025-Q2");
    assert_eq!(quarter("2025-04-01T01:30:00+02:00", "UTC"), "2025-Q1");
    // A time without a zone is a local time: its date is the one written.
    assert_eq!(quarter("2025-03-31 23:30", "Europe/Berlin"), "2025-Q1");
    assert_eq!(
        quarter("2025-04-01T03:30:00Z", "America/New_York"),
        "2025-Q1"
    );
}

#[test]
fn local_times_on_summer_time_edges_keep_their_written_date() {
    let berlin = Zone::parse("Europe/Berlin").unwrap();
    let new_york = Zone::parse("America/New_York").unwrap();
    let utc = |text: &str, zone: &Zone| {
        let ms = TimeFormat::Iso
            .read(CellRef::Text(text), zone)
            .unwrap()
            .unwrap();
        Zone::default().local(ms).to_string()
    };
    // Skipped in spring: the time after the skip.
    assert_eq!(utc("2025-03-30 02:30", &berlin), "2025-03-30 01:30:00");
    assert_eq!(utc("2025-03-09 02:30", &new_york), "2025-03-09 07:30:00");
    // Repeated in autumn: the first, in summer time.
    assert_eq!(utc("2025-10-26 02:30", &berlin), "2025-10-26 00:30:00");
    assert_eq!(utc("2025-11-02 01:30", &new_york), "2025-11-02 05:30:00");
    // An instant in the repeated hour shows as the local time it was.
    let second = TimeFormat::Iso
        .local(CellRef::Text("2025-10-26T01:30:00Z"), &berlin)
        .unwrap()
        .unwrap();
    assert_eq!(second.to_string(), "2025-10-26 02:30:00");
}

#[test]
fn a_header_that_names_utc_says_how_its_times_without_a_zone_are_written() {
    assert_eq!(header_zone("Submit Date (UTC)"), Some(Zone::default()));
    assert_eq!(header_zone("Created at GMT"), Some(Zone::default()));
    assert_eq!(header_zone("Created at"), None);
    assert_eq!(header_zone("Gmtime"), None);
    // Read in UTC, shown in Berlin: 23:30 UTC on 31 March is 1 April there.
    let berlin = Zone::parse("Europe/Berlin").unwrap();
    let ms = TimeFormat::Iso
        .read(CellRef::Text("2025-03-31 23:30"), &Zone::default())
        .unwrap()
        .unwrap();
    assert_eq!(berlin.local(ms).to_string(), "2025-04-01 01:30:00");
}
