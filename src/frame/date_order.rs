//! Dates as people write them in a period or timestamp column: day or
//! month first (`31/3/2025`, `3/31/2025`, `3/14/2025 10:22:05`), Google
//! Forms' `2025/03/14 10:22:05 AM GMT`, and fiscal labels (`FY25 Q1`, see
//! [`super::fiscal`]).
//!
//! The order of day and month is the column's, never a cell's guess: a day
//! above 12 anywhere in the column makes it certain; otherwise
//! `--date-order dmy|mdy` says it; otherwise the column is one error that
//! counts its dates and names the first three. A column written both ways
//! is one error too. [`prepare`] looks at a bounded sample first and scans
//! the whole column only when the sample holds such dates, so ISO columns
//! (and the large survey exports that use them) cost nothing more.

use super::layout::Header;
use super::{FrameError, FrameOptions, GridOutput, dates, fiscal, values};
use crate::ingest::{CellRef, Grid};
use crate::model::{Granularity, Period};
use chrono::NaiveDate;

/// How many cells of the column are looked at before deciding to scan it.
const SAMPLE: usize = 200;

/// The order of day and month in dates like `3/4/2025`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// Day first: 31/3/2025.
    Dmy,
    /// Month first: 3/31/2025.
    Mdy,
}

impl DateOrder {
    /// How `--date-order` names it: `dmy`, `mdy`.
    pub fn flag(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
        }
    }

    /// In words: `day first`, `month first`.
    pub fn words(self) -> &'static str {
        match self {
            DateOrder::Dmy => "day first",
            DateOrder::Mdy => "month first",
        }
    }
}

/// How one grid's period column is read beyond the usual labels.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ColumnDates {
    pub order: Option<DateOrder>,
    /// The fiscal year's first month (1..=12); `None` for January.
    pub fiscal_start: Option<u32>,
    /// The column's dates or fiscal labels are already one error: their
    /// cells are skipped without one error each.
    pub reported: bool,
}

impl ColumnDates {
    /// The period a text cell names in one of the ways this module reads;
    /// `None` for anything else (the usual labels are read before this).
    pub fn period(&self, cell: CellRef, date_as: Granularity) -> Option<Period> {
        let CellRef::Text(text) = cell else {
            return None;
        };
        if let Some(label) = fiscal::parse(text) {
            return fiscal::period(label, self.fiscal_start.unwrap_or(1));
        }
        let date = self.date(text)?;
        Some(dates::bucket(date.and_hms_opt(0, 0, 0)?, date_as))
    }

    /// The date of `3/31/2025`, `31.3.2025 10:22` (with the column's order)
    /// or `2025/03/14 10:22:05 AM GMT`.
    pub fn date(&self, text: &str) -> Option<NaiveDate> {
        if let Some(((a, b), year)) = dates::day_month_year(text) {
            let (day, month) = match self.order? {
                DateOrder::Dmy => (a, b),
                DateOrder::Mdy => (b, a),
            };
            return NaiveDate::from_ymd_opt(year, month, day);
        }
        clock_date(text)
    }

    /// Whether a cell is one [`prepare`] already reported for its column.
    pub fn covers(&self, cell: CellRef) -> bool {
        self.reported
            && matches!(cell, CellRef::Text(t)
                if dates::day_month_year(t).is_some() || fiscal::parse(t).is_some())
    }
}

/// `2025/03/14 10:22:05 AM GMT`, `2025-03-14 10:22 PM`: an ISO date with a
/// 12-hour clock or a zone name after it ([`dates::clock`]).
fn clock_date(text: &str) -> Option<NaiveDate> {
    let (day, time) = text.trim().split_once(' ')?;
    let day = dates::iso_datetime(day)?.date();
    dates::clock(time).map(|_| day)
}

/// Decides how `header`'s period column writes dates the usual labels do
/// not cover, recording one error for the column when its dates cannot be
/// read (ambiguous, mixed, contradicting `--date-order`, fiscal quarters
/// that are no calendar quarter).
pub fn prepare(
    grid: &Grid,
    header: &Header,
    options: &FrameOptions,
    out: &mut GridOutput,
) -> ColumnDates {
    let mut column = ColumnDates {
        order: options.date_order,
        fiscal_start: options.fiscal_year_start,
        reported: false,
    };
    let c = header.period;
    let needs = |r: usize| match grid.cell(r, c) {
        CellRef::Text(t) => {
            values::period(grid.cell(r, c), Granularity::Quarter).is_none()
                && dates::iso_year_month(t).is_none()
                && (dates::day_month_year(t).is_some() || fiscal::parse(t).is_some())
        }
        _ => false,
    };
    let body = header.body();
    if !body.clone().take(SAMPLE).any(needs) {
        return column;
    }
    let mut place = format!(
        "{}, column {}",
        super::layout::place_of(grid),
        super::layout::survey_shape::column_label(grid, c)
    );
    if let Some(text) = header.text_of(c) {
        place.push_str(&format!(" \"{text}\""));
    }
    let mut day_first: Option<(String, String)> = None;
    let mut month_first: Option<(String, String)> = None;
    let mut ambiguous: Vec<(usize, String)> = Vec::new();
    let mut fiscal_off: Vec<(usize, String)> = Vec::new();
    let start = options.fiscal_year_start.unwrap_or(1);
    for r in body {
        let CellRef::Text(t) = grid.cell(r, c) else {
            continue;
        };
        if let Some(label) = fiscal::parse(t) {
            if fiscal::period(label, start).is_none() {
                fiscal_off.push((r, t.trim().to_string()));
            }
            continue;
        }
        let Some(((a, b), _)) = dates::day_month_year(t) else {
            continue;
        };
        if dates::iso_year_month(t).is_some() {
            continue;
        }
        let seen = Some((t.trim().to_string(), grid.cell_ref(r, c)));
        if a > 12 {
            day_first = day_first.or(seen);
        } else if b > 12 {
            month_first = month_first.or(seen);
        } else if a != b {
            ambiguous.push((r, t.trim().to_string()));
        }
    }
    let first_three = |rows: &[(usize, String)]| {
        let numbers: Vec<String> = rows
            .iter()
            .take(3)
            .map(|(r, _)| grid.row_number(*r).to_string())
            .collect();
        let word = if rows.len() == 1 { "row" } else { "rows" };
        format!("{word} {}", numbers.join(", "))
    };
    let certain = match (day_first, month_first) {
        (Some((day_raw, day_cell)), Some((month_raw, month_cell))) => {
            out.errors.push(FrameError::MixedDateOrder {
                place: place.clone(),
                day_first: day_raw,
                day_cell,
                month_first: month_raw,
                month_cell,
            });
            column.reported = true;
            None
        }
        (Some((raw, cell)), None) => Some((DateOrder::Dmy, raw, cell)),
        (None, Some((raw, cell))) => Some((DateOrder::Mdy, raw, cell)),
        (None, None) => None,
    };
    match (certain, options.date_order) {
        (Some((order, raw, cell)), Some(option)) if option != order => {
            out.errors.push(FrameError::DateOrderContradicted {
                place: place.clone(),
                raw,
                cell,
                order: order.words(),
                option: option.flag(),
            });
            column.reported = true;
            column.order = None;
        }
        (Some((order, _, _)), _) => column.order = Some(order),
        (None, _) if column.reported => column.order = None,
        (None, Some(_)) => {}
        (None, None) if !ambiguous.is_empty() => {
            let (_, example) = &ambiguous[0];
            let ((a, b), year) = dates::day_month_year(example).expect("a date");
            let word = |d: u32, m: u32| format!("{d} {} {year}", dates::month_name(m));
            out.errors.push(FrameError::AmbiguousDates {
                place: place.clone(),
                count: ambiguous.len(),
                example: example.clone(),
                readings: Box::new([word(a, b), word(b, a)]),
                places: first_three(&ambiguous),
            });
            column.reported = true;
        }
        (None, None) => {}
    }
    if !fiscal_off.is_empty() {
        out.errors.push(FrameError::FiscalNotCalendar {
            place,
            count: fiscal_off.len(),
            example: fiscal_off[0].1.clone(),
            start: dates::month_name(start),
            places: first_three(&fiscal_off),
        });
        column.reported = true;
    }
    column
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(order: Option<DateOrder>, text: &str) -> Option<String> {
        let column = ColumnDates {
            order,
            ..ColumnDates::default()
        };
        column.date(text).map(|d| d.to_string())
    }

    #[test]
    fn reads_dates_in_the_columns_order() {
        assert_eq!(
            date(Some(DateOrder::Mdy), "3/31/2025").as_deref(),
            Some("2025-03-31")
        );
        assert_eq!(
            date(Some(DateOrder::Dmy), "31/3/2025").as_deref(),
            Some("2025-03-31")
        );
        assert_eq!(
            date(Some(DateOrder::Mdy), "3/4/2025 10:22:05").as_deref(),
            Some("2025-03-04")
        );
        assert_eq!(date(Some(DateOrder::Dmy), "3/31/2025"), None);
        assert_eq!(date(None, "3/4/2025"), None);
    }

    #[test]
    fn reads_google_forms_timestamps() {
        assert_eq!(
            date(None, "2025/03/14 10:22:05 AM GMT").as_deref(),
            Some("2025-03-14")
        );
        assert_eq!(
            date(None, "2025/03/14 1:22:05 PM GMT+1").as_deref(),
            Some("2025-03-14")
        );
        assert_eq!(date(None, "2025/03/14 13:22:05 PM"), None);
        assert_eq!(date(None, "2025/03/14 10:22:05 lunch"), None);
    }
}
