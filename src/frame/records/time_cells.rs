//! Times and durations in record columns, for the typed columns: a time
//! column's format decided once for the column (`frame::instants`), then
//! each cell read to UTC milliseconds and the month and date it falls on, in
//! `--timezone`; a duration column's unit taken from its header
//! (`frame::durations`), then each cell read to hours.

use crate::frame::instants::{self, TimeFormat, TimeProblem};
use crate::frame::{FrameOptions, Zone};
use crate::ingest::{CellRef, Grid};
use chrono::Datelike;

/// 1970-01-01 in days from 0001-01-01, as chrono counts them.
pub(super) const EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// How a time column is read.
pub struct TimeCells {
    format: TimeFormat,
    /// The zone of times written without one: UTC under a header that
    /// says so (`Start (UTC)`), else `--timezone`.
    written_in: Zone,
    /// `--timezone`, whose dates decide the periods.
    zone: Zone,
}

/// Decides how column `c` headed `header` writes its times, from the cells
/// of `rows` (sorted); `headers` are the table's (a tool's table can say
/// its zone by them, see [`instants::written_zone`]).
pub fn infer(
    grid: &Grid,
    c: usize,
    header: &str,
    headers: &[(usize, String)],
    rows: &[usize],
    options: &FrameOptions,
) -> Result<TimeCells, TimeProblem> {
    let span = match (rows.first(), rows.last()) {
        (Some(first), Some(last)) => *first..*last + 1,
        _ => 0..0,
    };
    let format = instants::infer(grid, c, span, options.date_order)?;
    Ok(TimeCells {
        format,
        written_in: instants::written_zone(header, headers.iter().map(|(_, h)| h.as_str()))
            .unwrap_or(options.timezone),
        zone: options.timezone,
    })
}

impl TimeCells {
    /// A cell's time in UTC milliseconds; `None` when empty.
    pub fn read(&self, cell: CellRef) -> Result<Option<i64>, ()> {
        self.format.read(cell, &self.written_in).map_err(|_| ())
    }

    /// The month a time falls in, in `--timezone`: `year * 12 + month - 1`.
    pub fn month(&self, at: i64) -> i32 {
        let local = self.zone.local(at);
        local.year() * 12 + local.month0() as i32
    }

    /// The date a time falls on, in `--timezone`: days since 1970-01-01.
    pub fn day(&self, at: i64) -> i32 {
        let local = self.zone.local(at).date();
        local.num_days_from_ce() - EPOCH_DAYS_FROM_CE
    }
}

/// A time read from a cell: UTC milliseconds, its month and its date
/// (see [`TimeCells::month`] and [`TimeCells::day`]).
pub type Time = (i64, i32, i32);
