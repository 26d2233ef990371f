//! Times and durations in record columns, for the typed columns: a time
//! column's format decided once for the column, then each cell read to UTC
//! milliseconds and its local month; a duration column's unit taken from
//! its header, then each cell read to hours.

use crate::frame::{FrameOptions, dates};
use crate::ingest::{CellRef, Grid};
use chrono::{Datelike, NaiveDateTime};

/// How a time column is read.
pub struct TimeCells {}

/// Decides how column `c` writes its times, from the cells of `rows`.
pub fn infer(
    _grid: &Grid,
    _c: usize,
    _rows: &[usize],
    _options: &FrameOptions,
) -> Result<TimeCells, String> {
    Ok(TimeCells {})
}

impl TimeCells {
    /// A cell's time in UTC milliseconds; `None` when empty.
    pub fn read(&self, cell: CellRef) -> Result<Option<i64>, ()> {
        match cell {
            CellRef::Empty => Ok(None),
            CellRef::Date(d) => Ok(Some(d.and_utc().timestamp_millis())),
            CellRef::Text(t) => dates::iso_datetime(t)
                .map(|d| Some(d.and_utc().timestamp_millis()))
                .ok_or(()),
            _ => Err(()),
        }
    }

    /// The local month of a time: `year * 12 + month - 1`.
    pub fn month(&self, at: i64) -> i32 {
        let local = NaiveDateTime::from_timestamp_millis_utc(at);
        local.year() * 12 + local.month0() as i32
    }
}

trait FromMillis {
    fn from_timestamp_millis_utc(at: i64) -> NaiveDateTime;
}

impl FromMillis for NaiveDateTime {
    fn from_timestamp_millis_utc(at: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp_millis(at)
            .expect("a time read from a cell")
            .naive_utc()
    }
}

/// Hours per unit of a duration column, from its header.
pub fn unit_of(header: &str) -> f64 {
    let h = header.to_lowercase();
    if h.contains("minute") {
        1.0 / 60.0
    } else if h.contains("second") {
        1.0 / 3600.0
    } else if h.contains("day") {
        24.0
    } else {
        1.0
    }
}

/// A duration cell in hours; `None` when empty.
pub fn hours(cell: CellRef, unit: f64) -> Result<Option<f64>, ()> {
    match cell {
        CellRef::Empty => Ok(None),
        CellRef::Number(n) => Ok(Some(n * unit)),
        CellRef::Text(t) => t
            .trim()
            .parse::<f64>()
            .map(|n| Some(n * unit))
            .map_err(|_| ()),
        _ => Err(()),
    }
}
