//! Timestamps in a column of a record export (tickets, deals,
//! subscriptions, spend), read as instants: milliseconds since 1970 in UTC.
//!
//! A column's format is inferred once, from its cells ([`infer`]), never
//! guessed cell by cell: ISO 8601 dates and date-times (`T` or a space,
//! seconds and a fraction or not, `Z`, `+02:00`, `+0200` or no zone: Zendesk,
//! Stripe, Salesforce, HubSpot, and Google Forms' `2025/03/14 10:22:05 AM
//! GMT`); dates with a month name (Jira's `05/Jan/25 10:00 AM`, `Jan 5, 2025
//! 10:00 AM`); day or month first dates (`1/5/2025 10:00`), whose order the
//! column settles (a field above 12) or else `--date-order`; Unix seconds or
//! milliseconds (numbers or digit texts, told apart by size); spreadsheet
//! date cells. Empty cells are no time.
//!
//! A time with a zone, and a Unix time, is an instant; a time written
//! without one is a local time in `--timezone` ([`Zone`]). Periods are
//! decided on the date in that zone ([`TimeFormat::local`]).

use super::date_order::DateOrder;
use super::dates;
pub use super::zone::Zone;
use crate::ingest::{CellRef, Grid};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::ops::Range;

/// How many of the column's non-empty cells [`infer`] looks at (the order
/// of day-first dates is settled from the whole column).
const SAMPLE: usize = 200;

/// Unix seconds from 2001-09-09 to 2286: ten digits.
const SECONDS: Range<f64> = 1e9..1e10;
/// Unix milliseconds over the same years: thirteen digits.
const MILLIS: Range<f64> = 1e12..1e13;

/// What a column of timestamps holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeFormat {
    /// Every cell is empty.
    Empty,
    /// Spreadsheet date cells only.
    SheetDates,
    /// ISO 8601 dates and date-times, each with its own zone or none.
    Iso,
    /// `1/5/2025`, `1.5.2025 10:00`: day and month in this order.
    DayMonth(DateOrder),
    /// `05/Jan/25 10:00 AM`, `Jan 5, 2025 10:00 AM`, `5 January 2025`.
    MonthName,
    UnixSeconds,
    UnixMillis,
}

/// Why a column's timestamps cannot be read. The messages say what the
/// column holds, what was expected and the first cell concerned; the caller
/// puts the column's place before them.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TimeProblem {
    #[error(
        "expected dates or times (such as 2025-01-05T10:00:00Z, 2025-01-05 10:00, 05/Jan/25 10:00 AM, Jan 5, 2025 10:00 AM, 1/5/2025 10:00 or a Unix time), got \"{raw}\" at {cell}"
    )]
    NotTimes { raw: String, cell: String },

    #[error(
        "the times are written two ways, as {first_kind} (\"{}\" at {}) and as {other_kind} (\"{}\" at {}); write them one way",
        first.0, first.1, other.0, other.1
    )]
    Mixed {
        first_kind: &'static str,
        /// The first cell written the first way: its text and place
        /// (boxed: problems stay small).
        first: Box<(String, String)>,
        other_kind: &'static str,
        /// The first cell written the other way.
        other: Box<(String, String)>,
    },

    #[error(
        "{count} {} \"{example}\" could be day or month first ({} or {}) and no date in the column has a day above 12; say which with --date-order dmy (day first) or --date-order mdy (month first); first at {cell}",
        if *count == 1 { "date" } else { "dates like" }, readings[0], readings[1]
    )]
    Ambiguous {
        count: usize,
        example: String,
        /// The day-first and the month-first reading, in words.
        readings: Box<[String; 2]>,
        cell: String,
    },

    #[error(
        "the dates are written both day first (\"{day_first}\" at {day_cell}) and month first (\"{month_first}\" at {month_cell}); write them one way, or as year-month-day"
    )]
    MixedOrder {
        day_first: String,
        day_cell: String,
        month_first: String,
        month_cell: String,
    },

    #[error(
        "\"{raw}\" at {cell} can only be {order}, but --date-order {option} says otherwise; drop --date-order or fix the dates"
    )]
    OrderContradicted {
        raw: String,
        cell: String,
        order: &'static str,
        option: &'static str,
    },

    #[error(
        "expected Unix times, seconds since 1970 (10 digits, such as 1736071200) or milliseconds (13 digits, such as 1736071200000), got \"{raw}\" at {cell}"
    )]
    NotUnix { raw: String, cell: String },

    #[error(
        "the Unix times are written both in seconds (\"{seconds}\" at {seconds_cell}) and in milliseconds (\"{millis}\" at {millis_cell}); write them one way"
    )]
    MixedUnix {
        seconds: String,
        seconds_cell: String,
        millis: String,
        millis_cell: String,
    },
}

/// The zone a header says its times are written in when they carry none:
/// UTC for `Submit Date (UTC)`, `Created (GMT)`, `Date UTC`; `None` when it
/// says none (they are then local times in `--timezone`). Read them with
/// [`TimeFormat::read`] in this zone.
pub fn header_zone(header: &str) -> Option<Zone> {
    header
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("utc") || w.eq_ignore_ascii_case("gmt"))
        .then(Zone::default)
}

/// [`header_zone`], or UTC for a field its tool documents as UTC though
/// it writes no zone: Amplitude's times (`"event_time": "2025-03-31
/// 23:59:59.123000"`) in a table with Amplitude's `amplitude_id`.
pub fn written_zone<'a>(header: &str, headers: impl IntoIterator<Item = &'a str>) -> Option<Zone> {
    header_zone(header).or_else(|| {
        let amplitude = headers
            .into_iter()
            .any(|h| h.trim().eq_ignore_ascii_case("amplitude_id"));
        let documented = AMPLITUDE_UTC
            .iter()
            .any(|name| name.eq_ignore_ascii_case(header.trim()));
        (amplitude && documented).then(Zone::default)
    })
}

/// Amplitude's time fields, documented as UTC.
const AMPLITUDE_UTC: &[&str] = &[
    "event_time",
    "client_event_time",
    "client_upload_time",
    "server_upload_time",
    "server_received_time",
    "processed_time",
];

/// A cell that is no time in its column's format; the caller names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotATime;

/// A time as a cell writes it: local (no zone) or an instant.
enum Written {
    Local(NaiveDateTime),
    Instant(i64),
}

impl TimeFormat {
    /// The instant a cell holds, in milliseconds since 1970 in UTC (a time
    /// without a zone taken in `zone`); `Ok(None)` for an empty cell, [`NotATime`]
    /// for a cell that is no time in this format (the caller names it).
    pub fn read(&self, cell: CellRef, zone: &Zone) -> Result<Option<i64>, NotATime> {
        Ok(self.written(cell)?.map(|w| match w {
            Written::Local(local) => zone.utc_ms(local),
            Written::Instant(ms) => ms,
        }))
    }

    /// The local time in `zone` a cell's time falls on, whose date decides
    /// its period: a time without a zone as written, an instant converted.
    pub fn local(&self, cell: CellRef, zone: &Zone) -> Result<Option<NaiveDateTime>, NotATime> {
        Ok(self.written(cell)?.map(|w| match w {
            Written::Local(local) => local,
            Written::Instant(ms) => zone.local(ms),
        }))
    }

    /// What the column holds, in words, for `check`: "ISO 8601 date-times".
    pub fn describe(&self) -> String {
        match self {
            TimeFormat::Empty => "no times".to_string(),
            TimeFormat::SheetDates => "spreadsheet dates".to_string(),
            TimeFormat::Iso => "ISO 8601 date-times".to_string(),
            TimeFormat::DayMonth(order) => format!("dates like 1/5/2025, {}", order.words()),
            TimeFormat::MonthName => "dates with month names".to_string(),
            TimeFormat::UnixSeconds => "Unix times in seconds".to_string(),
            TimeFormat::UnixMillis => "Unix times in milliseconds".to_string(),
        }
    }

    /// Whether the cell holds a time written without a zone (a local
    /// time, which `--timezone` places), for `linecard sql`, which reads
    /// every time as an instant.
    pub fn is_local(&self, cell: CellRef) -> bool {
        matches!(self.written(cell), Ok(Some(Written::Local(_))))
    }

    fn written(&self, cell: CellRef) -> Result<Option<Written>, NotATime> {
        let text = match cell {
            CellRef::Empty => return Ok(None),
            CellRef::Date(d) => return Ok(Some(Written::Local(d))),
            CellRef::Text(t) if t.trim().is_empty() => return Ok(None),
            CellRef::Text(t) => Some(t),
            CellRef::Number(_) => None,
            CellRef::Bool(_) | CellRef::Error(_) => return Err(NotATime),
        };
        let written = match (self, text) {
            (TimeFormat::Iso, Some(t)) => iso(t),
            (TimeFormat::DayMonth(order), Some(t)) => day_month(t, *order),
            (TimeFormat::MonthName, Some(t)) => month_name(t),
            (TimeFormat::UnixSeconds | TimeFormat::UnixMillis, _) => {
                let (range, per_second) = match self {
                    TimeFormat::UnixSeconds => (SECONDS, 1000.0),
                    _ => (MILLIS, 1.0),
                };
                unix_number(cell)
                    .filter(|v| range.contains(v))
                    .map(|v| Written::Instant((v * per_second).round() as i64))
            }
            _ => None,
        };
        written.map(Some).ok_or(NotATime)
    }
}

/// An ISO 8601 date-time (its zone kept), or an ISO date with a clock after
/// it (`2025/03/14 10:22:05 AM GMT`).
fn iso(text: &str) -> Option<Written> {
    if let Some((time, offset)) = dates::iso_instant(text) {
        return Some(with_offset(time, offset));
    }
    let (date, clock) = text.trim().split_once(' ')?;
    let date = dates::iso_datetime(date)?.date();
    let (time, offset) = dates::clock(clock)?;
    Some(with_offset(date.and_time(time), offset))
}

/// A time written with an offset from UTC (seconds) is an instant.
fn with_offset(time: NaiveDateTime, offset: Option<i32>) -> Written {
    match offset {
        None => Written::Local(time),
        Some(seconds) => Written::Instant(
            (time - chrono::TimeDelta::seconds(seconds.into()))
                .and_utc()
                .timestamp_millis(),
        ),
    }
}

/// A text cut before its clock: the date, and the clock (empty when none).
/// The clock starts at the word holding the first `:`.
fn split_clock(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    let cut = match text.find(':') {
        Some(colon) => text[..colon].rfind(char::is_whitespace)?,
        None => text.len(),
    };
    Some((&text[..cut], text[cut..].trim()))
}

/// A date and the clock after it, midnight when none.
fn at_clock(date: NaiveDate, clock: &str) -> Option<Written> {
    if clock.is_empty() {
        return Some(Written::Local(date.and_time(NaiveTime::MIN)));
    }
    let (time, offset) = dates::clock(clock)?;
    Some(with_offset(date.and_time(time), offset))
}

/// `1/5/2025 10:00` with day and month in `order`.
fn day_month(text: &str, order: DateOrder) -> Option<Written> {
    let (date, clock) = split_clock(text)?;
    let ((a, b), year) = dates::day_month_year(date)?;
    let (day, month) = match order {
        DateOrder::Dmy => (a, b),
        DateOrder::Mdy => (b, a),
    };
    at_clock(NaiveDate::from_ymd_opt(year, month, day)?, clock)
}

/// `05/Jan/25 10:00 AM`, `Jan 5, 2025 10:00 AM`, `5 January 2025`: a
/// month name first or between the day and the year (two digits for
/// 2000-2099, or four).
fn month_name(text: &str) -> Option<Written> {
    let (date, clock) = split_clock(text)?;
    let parts: Vec<&str> = date
        .split([' ', '/', '-', ',', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    let (day, month, year) = match parts.as_slice() {
        [m, d, y] if dates::month_number(m).is_some() => (*d, dates::month_number(m)?, *y),
        [d, m, y] => (*d, dates::month_number(m)?, *y),
        _ => return None,
    };
    let number = |s: &str| -> Option<u32> {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let day = number(day).filter(|_| (1..=2).contains(&day.len()))?;
    let year = match year.len() {
        2 => 2000 + number(year)? as i32,
        4 => number(year)? as i32,
        _ => return None,
    };
    at_clock(NaiveDate::from_ymd_opt(year, month.into(), day)?, clock)
}

/// A number cell, or a text of digits (with a decimal point or not).
fn unix_number(cell: CellRef) -> Option<f64> {
    match cell {
        CellRef::Number(v) => Some(v),
        CellRef::Text(t) => {
            let t = t.trim();
            let digits = t.bytes().filter(u8::is_ascii_digit).count();
            let points = t.bytes().filter(|b| *b == b'.').count();
            (digits > 0 && digits + points == t.len() && points <= 1)
                .then(|| t.parse().ok())
                .flatten()
        }
        _ => None,
    }
}

/// Which way one cell writes a time.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Seen {
    Sheet,
    Iso,
    /// The two numbers before the year.
    DayMonth(u32, u32),
    MonthName,
    Unix(f64),
    Other,
}

impl Seen {
    fn of(cell: CellRef) -> Option<Seen> {
        if cell.is_empty() {
            return None;
        }
        let text = match cell {
            CellRef::Date(_) => return Some(Seen::Sheet),
            CellRef::Number(v) => return Some(Seen::Unix(v)),
            CellRef::Text(t) => t,
            _ => return Some(Seen::Other),
        };
        Some(if let Some(v) = unix_number(cell) {
            Seen::Unix(v)
        } else if iso(text).is_some() {
            Seen::Iso
        } else if let Some(((a, b), _)) = split_clock(text)
            .filter(|(_, clock)| clock.is_empty() || dates::clock(clock).is_some())
            .and_then(|(date, _)| dates::day_month_year(date))
        {
            Seen::DayMonth(a, b)
        } else if month_name(text).is_some() {
            Seen::MonthName
        } else {
            Seen::Other
        })
    }

    /// The way of writing, in words, for [`TimeProblem::Mixed`].
    fn kind(self) -> &'static str {
        match self {
            Seen::Sheet => "spreadsheet dates",
            Seen::Iso => "ISO dates",
            Seen::DayMonth(..) => "dates like 1/5/2025",
            Seen::MonthName => "dates with month names",
            Seen::Unix(_) => "Unix times",
            Seen::Other => "other text",
        }
    }

    fn same_kind(self, other: Seen) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }
}

/// Infers the format of the timestamps in `column`, rows `rows`, from its
/// first non-empty cells (and, for day or month first dates, the whole
/// column), with `--date-order` for dates that do not say. Cells that are
/// no time among times are left to [`TimeFormat::read`] to refuse.
pub fn infer(
    grid: &Grid,
    column: usize,
    rows: Range<usize>,
    order: Option<DateOrder>,
) -> Result<TimeFormat, TimeProblem> {
    let shown = |r: usize| (grid.cell(r, column).shown(), grid.cell_ref(r, column));
    let mut first: Option<(Seen, usize)> = None;
    let mut other: Option<usize> = None;
    let mut sheet = false;
    let (mut seconds, mut millis) = (None, None);
    let mut sampled = 0;
    for r in rows.clone() {
        let Some(seen) = Seen::of(grid.cell(r, column)) else {
            continue;
        };
        sampled += 1;
        if sampled > SAMPLE {
            break;
        }
        match seen {
            Seen::Sheet => sheet = true,
            Seen::Other => other = other.or(Some(r)),
            Seen::Unix(v) if SECONDS.contains(&v) => seconds = seconds.or(Some(r)),
            Seen::Unix(v) if MILLIS.contains(&v) => millis = millis.or(Some(r)),
            Seen::Unix(_) => {
                let (raw, cell) = shown(r);
                return Err(TimeProblem::NotUnix { raw, cell });
            }
            _ => {}
        }
        if matches!(seen, Seen::Sheet | Seen::Other) {
            continue;
        }
        match first {
            None => first = Some((seen, r)),
            Some((kind, at)) if !kind.same_kind(seen) => {
                return Err(TimeProblem::Mixed {
                    first_kind: kind.kind(),
                    first: Box::new(shown(at)),
                    other_kind: seen.kind(),
                    other: Box::new(shown(r)),
                });
            }
            Some(_) => {}
        }
    }
    let Some((kind, _)) = first else {
        return match (other, sheet) {
            (Some(r), _) => {
                let (raw, cell) = shown(r);
                Err(TimeProblem::NotTimes { raw, cell })
            }
            (None, true) => Ok(TimeFormat::SheetDates),
            (None, false) => Ok(TimeFormat::Empty),
        };
    };
    Ok(match kind {
        Seen::Iso => TimeFormat::Iso,
        Seen::MonthName => TimeFormat::MonthName,
        Seen::DayMonth(..) => TimeFormat::DayMonth(day_order(grid, column, rows, order)?),
        _ => match (seconds, millis) {
            (Some(s), Some(m)) => {
                let ((seconds, seconds_cell), (millis, millis_cell)) = (shown(s), shown(m));
                return Err(TimeProblem::MixedUnix {
                    seconds,
                    seconds_cell,
                    millis,
                    millis_cell,
                });
            }
            (Some(_), None) => TimeFormat::UnixSeconds,
            _ => TimeFormat::UnixMillis,
        },
    })
}

/// The order of day and month in a column of `1/5/2025` dates: the one a
/// field above 12 proves, else `option`.
fn day_order(
    grid: &Grid,
    column: usize,
    rows: Range<usize>,
    option: Option<DateOrder>,
) -> Result<DateOrder, TimeProblem> {
    let (mut day_first, mut month_first) = (None, None);
    let mut ambiguous: Option<(usize, usize)> = None;
    for r in rows {
        if let Some(Seen::DayMonth(a, b)) = Seen::of(grid.cell(r, column)) {
            if a > 12 {
                day_first = day_first.or(Some(r));
            } else if b > 12 {
                month_first = month_first.or(Some(r));
            } else if a != b {
                let (at, count) = ambiguous.unwrap_or((r, 0));
                ambiguous = Some((at, count + 1));
            }
        }
    }
    let shown = |r: usize| (grid.cell(r, column).shown(), grid.cell_ref(r, column));
    let certain = match (day_first, month_first) {
        (Some(d), Some(m)) => {
            let ((day_first, day_cell), (month_first, month_cell)) = (shown(d), shown(m));
            return Err(TimeProblem::MixedOrder {
                day_first,
                day_cell,
                month_first,
                month_cell,
            });
        }
        (Some(r), None) => Some((DateOrder::Dmy, r)),
        (None, Some(r)) => Some((DateOrder::Mdy, r)),
        (None, None) => None,
    };
    match (certain, option, ambiguous) {
        (Some((order, r)), Some(option), _) if order != option => {
            let (raw, cell) = shown(r);
            Err(TimeProblem::OrderContradicted {
                raw,
                cell,
                order: order.words(),
                option: option.flag(),
            })
        }
        (Some((order, _)), _, _) => Ok(order),
        (None, Some(option), _) => Ok(option),
        (None, None, Some((r, count))) => {
            let (example, cell) = shown(r);
            let ((a, b), year) = dates::day_month_year(split_clock(&example).map_or("", |s| s.0))
                .expect("a day-month-year date");
            let word = |d: u32, m: u32| format!("{d} {} {year}", dates::month_name(m));
            Err(TimeProblem::Ambiguous {
                count,
                example: example.trim().to_string(),
                readings: Box::new([word(a, b), word(b, a)]),
                cell,
            })
        }
        // Every date has its day equal to its month: either order reads it.
        (None, None, None) => Ok(DateOrder::Dmy),
    }
}

#[cfg(test)]
mod tests;
