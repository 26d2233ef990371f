//! Finding a grid's header row and deciding its shape: a wide table (one
//! column per metric), a long table (metric and value columns) or raw survey
//! responses (one row per respondent with a 0-10 or 1-5 score).
//!
//! A table with periods across the columns (KPIs down the rows) is looked
//! for only when no row makes a tidy header, so tidy tables detect exactly
//! as before. Headers of two rows are flattened first (`headers.rs`).
//!
//! Also the parts every shape shares: reading a row's product line, period
//! and lifecycle stage, and noting the PM and PMM the row names.

pub mod across;
mod across_columns;
mod across_rows;
pub mod declared;
pub mod describe;
pub mod forced;
pub mod guess;
pub mod headers;
pub mod long;
pub mod outside;
pub mod surroundings;
pub mod survey_shape;
pub mod wide;

use super::columns::{ColumnRole, HeaderMap};
use super::date_order::ColumnDates;
use super::{FrameError, FrameOptions, GridOutput, LineId, Mention, Role, Source, dates, values};
use crate::ingest::Grid;
use crate::model::{Granularity, Period, Stage};
use std::borrow::Cow;

/// How many rows from the top are searched for the header row.
pub const HEADER_SCAN_ROWS: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Wide,
    Long,
    Responses,
    /// KPIs down the rows, periods across the columns (`across.rs`).
    Across,
}

/// The header row of a grid and what each of its columns means.
#[derive(Clone)]
pub struct Header {
    pub row: usize,
    /// The row past the table's last row: the grid's end, or where a
    /// layout found the table ends (notes below it, another table).
    pub end: usize,
    pub shape: Shape,
    pub line: usize,
    pub period: usize,
    /// The granularity the period column's header announces, if any.
    pub period_granularity: Option<Granularity>,
    pub stage: Option<usize>,
    pub pm: Option<usize>,
    pub pmm: Option<usize>,
    /// Every recognised column: (index, header text, role).
    pub columns: Vec<(usize, String, ColumnRole)>,
    /// The period and line the table takes from outside it when it has no
    /// column for them (`outside.rs`); `line` and `period` then name no
    /// column.
    pub outside: outside::Outside,
    /// Rows of the body that are not data (summary rows such as "Total",
    /// found by `surroundings.rs`), sorted: skipped.
    pub skip: Vec<usize>,
    /// What the shape of a survey export showed (see [`survey_shape`]).
    pub survey: Option<survey_shape::Survey>,
    /// How the period column writes dates and fiscal labels (set by
    /// [`crate::frame::date_order::prepare`]).
    pub dates: ColumnDates,
}

impl Header {
    /// The rows below the header that belong to the table.
    pub fn body(&self) -> std::ops::Range<usize> {
        self.row + 1..self.end.max(self.row + 1)
    }

    /// The source of the value in cell (`r`, `c`) of grid number `index`,
    /// saying what the table took from outside it.
    pub fn source(&self, index: usize, r: usize, c: usize) -> Source {
        Source::cell(index, r, c).told(self.outside.told)
    }

    /// The first column with this role.
    pub fn find(&self, want: &ColumnRole) -> Option<(usize, &str)> {
        self.columns
            .iter()
            .find(|(_, _, role)| role == want)
            .map(|(c, text, _)| (*c, text.as_str()))
    }

    /// The recognised column `c`'s entry, found by halving: `columns` is in
    /// column order (built left to right, and only ever filtered), so a
    /// table with many columns is described in time linear in them.
    pub fn column_entry(&self, c: usize) -> Option<&(usize, String, ColumnRole)> {
        self.column_at(c).map(|at| &self.columns[at])
    }

    /// Where recognised column `c` is in `columns` (see [`Self::column_entry`]).
    pub fn column_at(&self, c: usize) -> Option<usize> {
        self.columns.binary_search_by_key(&c, |(i, _, _)| *i).ok()
    }

    /// The header text of recognised column `c`.
    pub fn text_of(&self, c: usize) -> Option<&str> {
        self.column_entry(c).map(|(_, text, _)| text.as_str())
    }

    /// Where a cell is, with its column's header: `kpis.csv, row 3,
    /// column 1 (column "Submitted At")`.
    pub fn place(&self, grid: &Grid, r: usize, c: usize) -> String {
        let mut place = grid.cell_ref(r, c);
        if let Some(text) = self.text_of(c) {
            place.push_str(&format!(" (column \"{text}\")"));
        }
        place
    }
}

/// The header of `grid`, decided in one place, in this order: a rule's
/// `layout(...)` declaration that names the header row or the shape (or
/// periods across); else a tidy header (a line and a period column), a
/// periods-across header, a header whose period or line is outside the
/// table, and one whose period or line a declaration puts outside it.
/// `Ok(None)` when no row is a header; an error when a declaration cannot
/// hold for the grid.
pub fn detect(
    grid: &Grid,
    headers: &HeaderMap,
    options: &FrameOptions,
) -> Result<Option<Header>, FrameError> {
    let forced = options.layout_for(grid);
    match forced {
        Some(forced) if forced::applies(forced) => forced::header(grid, headers, forced),
        Some(forced) if forced.across() => across::forced(grid, forced),
        _ => Ok(find_header(grid, headers)
            .or_else(|| outside::find_header(grid, headers, options))
            .or_else(|| forced.and_then(|f| declared::header(grid, headers, f)))),
    }
}

/// Finds the first row among the top rows that names both a line and a
/// period column (its texts flattened with the row above when that is part
/// of a two-row header); else a periods-across header.
pub fn find_header(grid: &Grid, headers: &HeaderMap) -> Option<Header> {
    find_header_from(grid, headers, 0).or_else(|| across::detect(grid))
}

/// The first tidy header among the rows from `start` on (a second table
/// below a first).
pub fn find_header_from(grid: &Grid, headers: &HeaderMap, start: usize) -> Option<Header> {
    (start..grid.height().min(start + HEADER_SCAN_ROWS))
        .filter(|r| !is_upper_header(grid, *r))
        .find_map(|r| header_at(grid, headers, r))
}

/// Whether row `r` is the upper half of a two-row header ending below it.
pub fn is_upper_header(grid: &Grid, r: usize) -> bool {
    r + 1 < grid.height() && headers::flatten(grid, r + 1).upper_row == Some(r)
}

/// Row `r` (its texts flattened with the row above when that is part of a
/// two-row header) as a header row, when it names both a line and a period
/// column.
pub fn header_at(grid: &Grid, headers: &HeaderMap, r: usize) -> Option<Header> {
    let flat = headers::flatten(grid, r);
    let columns: Vec<(usize, String, ColumnRole)> = (0..flat.cells.len())
        .filter_map(|c| {
            let text = flat.text(c)?;
            headers.role(&text).map(|role| (c, text, role))
        })
        .collect();
    let first = |want: ColumnRole| {
        columns
            .iter()
            .find(|(_, _, role)| *role == want)
            .map(|(c, t, _)| (*c, t.clone()))
    };
    let (Some((line, _)), Some((period, period_header))) =
        (first(ColumnRole::Line), first(ColumnRole::Period))
    else {
        return None;
    };
    let has = |want: ColumnRole| columns.iter().any(|(_, _, role)| *role == want);
    let shape = if has(ColumnRole::Recommend) || has(ColumnRole::Satisfaction) {
        Shape::Responses
    } else if has(ColumnRole::MetricName) && has(ColumnRole::Value) {
        Shape::Long
    } else {
        Shape::Wide
    };
    let mut header = Header {
        row: r,
        end: grid.height(),
        shape,
        line,
        period,
        period_granularity: dates::header_granularity(&period_header),
        stage: first(ColumnRole::Stage).map(|(c, _)| c),
        pm: first(ColumnRole::Pm).map(|(c, _)| c),
        pmm: first(ColumnRole::Pmm).map(|(c, _)| c),
        columns,
        outside: outside::Outside::default(),
        skip: Vec::new(),
        survey: None,
        dates: ColumnDates::default(),
    };
    survey_shape::refine(grid, &mut header);
    Some(header)
}

/// `file, sheet S` or `file`, for messages about a whole grid.
pub fn place_of(grid: &Grid) -> String {
    match &grid.sheet {
        Some(sheet) => format!("{}, sheet {}", grid.file, sheet),
        None => grid.file.clone(),
    }
}

/// What identifies one data row of a wide or long table.
pub struct RowKey {
    pub line: LineId,
    pub period: Period,
    pub stage: Option<Stage>,
}

/// Reads a row's line, period and stage (recording an error for a bad one)
/// and notes the PM and PMM it names. `None` for a row to skip.
pub fn row_key(
    grid: &Grid,
    header: &Header,
    r: usize,
    date_as: Granularity,
    out: &mut GridOutput,
) -> Option<RowKey> {
    if !header.skip.is_empty() && header.skip.binary_search(&r).is_ok() {
        return None;
    }
    let line = match header.outside.line.as_ref().map(|found| &found.value) {
        Some(line) => Some(Cow::Borrowed(line.as_str())),
        None => values::text_cow(grid.cell(r, header.line)),
    };
    let line = match line {
        Some(line) => line,
        None => {
            out.errors.push(FrameError::MissingLine {
                cell: header.place(grid, r, header.line),
            });
            return None;
        }
    };
    let date_as = header.period_granularity.unwrap_or(date_as);
    let outside = header.outside.period.as_ref().map(|found| found.value);
    let cell = grid.cell(r, header.period);
    let period = outside
        .or_else(|| values::period(cell, date_as))
        .or_else(|| header.dates.period(cell, date_as));
    let Some(period) = period else {
        if header.dates.covers(cell) {
            // Its column's dates are already one error.
            return None;
        }
        out.errors.push(FrameError::bad_period(
            header.place(grid, r, header.period),
            grid.cell(r, header.period).shown(),
            |cell, raw| FrameError::BadPeriod { cell, raw },
        ));
        return None;
    };
    let stage = match header
        .stage
        .and_then(|c| values::stage(grid.cell(r, c)).map(|s| (c, s)))
    {
        None => None,
        Some((_, Ok(stage))) => Some(stage),
        Some((c, Err(message))) => {
            out.errors.push(FrameError::BadStage {
                cell: grid.cell_ref(r, c),
                message,
            });
            None
        }
    };
    if (header.outside.line_column.is_some() || header.outside.period_column.is_some())
        && !declared::row_agrees(grid, header, r, (&line, period), date_as, out)
    {
        return None;
    }
    note_people(grid, header, r, &line, Some(period), out);
    Some(RowKey {
        line: out.lines.intern(&line),
        period,
        stage,
    })
}

/// Records the PM and PMM named on row `r` for `line`.
pub fn note_people(
    grid: &Grid,
    header: &Header,
    r: usize,
    line: &str,
    period: Option<Period>,
    out: &mut GridOutput,
) {
    for (column, role) in [(header.pm, Role::Pm), (header.pmm, Role::Pmm)] {
        let Some(c) = column else { continue };
        if let Some(name) = values::text(grid.cell(r, c)) {
            out.people.push(Mention {
                line: line.to_string(),
                period,
                role,
                name,
                place: grid.cell_ref(r, c),
            });
        }
    }
}
