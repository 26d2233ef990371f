//! What a rule's `layout(…, #{ period: "file", line: "sheet" })` says of a
//! wide or long table: where its period and its product line are. The
//! declaration wins over detection: the period comes from the place it
//! names (the file name, the sheet name, a title line, a `Quarter | …` row
//! above the table) even when detection would have taken it from another
//! place or not looked outside the table at all; likewise the line (the
//! sheet name, the file name, a `Product line | …` row). A place that names
//! none is an error naming the declaration.
//!
//! A table that also has a column for what the declaration puts elsewhere
//! keeps it as a check: each filled cell must name the same period (line),
//! else it is an error naming the cell (one message for many rows), since
//! reading either one would be a silent guess.
//!
//! The finds themselves are `context.rs`'s, as for any table whose period
//! or line is outside it (`outside.rs`).

use super::{HEADER_SCAN_ROWS, Header, Shape, outside, place_of};
use crate::frame::columns::{ColumnRole, HeaderMap};
use crate::frame::context;
use crate::frame::source::Whence;
use crate::frame::{FrameError, GridOutput, LayoutOverride, Outside, values};
use crate::ingest::Grid;
use crate::model::{Granularity, Period};

/// The place outside the table a declared `period:` or `line:` names;
/// `None` for `"column"` (and `"section"`, which these layouts do not
/// follow).
fn whence(place: Outside) -> Option<Whence> {
    match place {
        Outside::File => Some(Whence::FileName),
        Outside::Sheet => Some(Whence::SheetName),
        Outside::Title => Some(Whence::Title),
        Outside::Block => Some(Whence::Block),
        Outside::Column | Outside::Section => None,
    }
}

/// Whether the declaration puts the period or the line outside the table.
pub fn outside_table(forced: &LayoutOverride) -> (bool, bool) {
    (
        forced.period.and_then(whence).is_some(),
        forced.line.and_then(whence).is_some(),
    )
}

/// Whether a wide or long table follows the declaration's `line:` (every
/// place but `"section"`, a periods-across layout's).
pub fn follows_line(line: Outside) -> bool {
    line != Outside::Section
}

/// Whether `header` has a column of its own with this role at `c`.
fn has_own(header: &Header, c: usize, want: &ColumnRole) -> bool {
    header
        .columns
        .iter()
        .any(|(i, _, role)| *i == c && role == want)
}

/// The header of a wide or long table for a declaration that puts the
/// period or the line outside it, when detection found none: the first of
/// the top rows with the columns the declaration leaves to the table (a
/// line column unless `line:` is outside, a period column unless
/// `period:` is) and a KPI column, unless the row is a `Product line |
/// Atlas` pair (two cells, no KPI linecard knows).
pub fn header(grid: &Grid, headers: &HeaderMap, forced: &LayoutOverride) -> Option<Header> {
    let (period_outside, line_outside) = outside_table(forced);
    if !period_outside && !line_outside {
        return None;
    }
    (0..grid.height().min(HEADER_SCAN_ROWS))
        .find_map(|r| header_on(grid, headers, r, period_outside, line_outside))
}

/// Row `r` as such a header, if it is one.
pub fn header_on(
    grid: &Grid,
    headers: &HeaderMap,
    r: usize,
    period_outside: bool,
    line_outside: bool,
) -> Option<Header> {
    let columns = outside::row_columns(grid, r, headers);
    let first = |want: ColumnRole| {
        columns
            .iter()
            .find(|(_, _, role)| *role == want)
            .map(|(c, t, _)| (*c, t.clone()))
    };
    let has = |want: ColumnRole| first(want).is_some();
    if has(ColumnRole::Recommend) || has(ColumnRole::Satisfaction) {
        return None;
    }
    let long = has(ColumnRole::MetricName) && has(ColumnRole::Value);
    let metric = columns
        .iter()
        .any(|(_, _, role)| matches!(role, ColumnRole::Metric(_)));
    // `Product line | Atlas` is a key–value row; `Product Line | NPS` a
    // header, its KPI being one linecard knows.
    let filled = grid.row(r).filter(|cell| !cell.is_empty()).count();
    let known = columns
        .iter()
        .any(|(_, text, role)| matches!(role, ColumnRole::Metric(_)) && headers.knows(text));
    let key_value = filled == 2 && !known;
    if !(long || metric) || key_value {
        return None;
    }
    let line = match (first(ColumnRole::Line), line_outside) {
        (Some((c, _)), _) => c,
        (None, true) => grid.width(r),
        (None, false) => return None,
    };
    let (period, period_header) = match (first(ColumnRole::Period), period_outside) {
        (Some((c, text)), _) => (c, Some(text)),
        (None, true) => (grid.width(r), None),
        (None, false) => return None,
    };
    let shape = if long { Shape::Long } else { Shape::Wide };
    Some(outside::header_with(
        grid,
        r,
        columns,
        shape,
        (line, period, period_header),
        outside::Outside::default(),
    ))
}

/// Makes a wide or long table's `header` take its period and line where
/// `forced` says; an error naming the declaration when that place names
/// none (or, for `"column"`, when the table has no such column). Other
/// layouts are left as they are (`LayoutOverride::unused` says so).
pub fn follow(
    grid: &Grid,
    headers: &HeaderMap,
    forced: &LayoutOverride,
    header: &mut Header,
) -> Result<(), FrameError> {
    if !matches!(header.shape, Shape::Wide | Shape::Long) {
        return Ok(());
    }
    let wrong = |message: String| FrameError::LayoutOverride {
        place: place_of(grid),
        declared_at: forced.declared_at.clone(),
        message,
    };
    let row = grid.row_number(header.row);
    if let Some(place) = forced.period {
        let own = has_own(header, header.period, &ColumnRole::Period);
        let key = format!("period: \"{}\"", place.word());
        match whence(place) {
            None if own => {}
            None => {
                return Err(wrong(format!(
                    "{key}, but header row {row} has no period column"
                )));
            }
            Some(at) => {
                let found = context::period_at(grid, header.row, headers, at)
                    .map_err(|several| wrong(format!("{key}, but {several}, not one")))?
                    .ok_or_else(|| wrong(format!("{key}, but {}", names_none(grid, at, row))))?;
                header.outside.period = Some(found);
                header.outside.told.period = Some(at);
                header.outside.period_column = own.then_some(header.period);
                header.outside.declared_at = Some(forced.declared_at.clone());
            }
        }
    }
    if let Some(place) = forced.line.filter(|l| follows_line(*l)) {
        let own = has_own(header, header.line, &ColumnRole::Line);
        let key = format!("line: \"{}\"", place.word());
        match whence(place) {
            None if own => {}
            None => {
                return Err(wrong(format!(
                    "{key}, but header row {row} has no product line column"
                )));
            }
            Some(at) => {
                let found = context::line_at(grid, header.row, headers, at)
                    .ok_or_else(|| wrong(format!("{key}, but {}", names_no_line(grid, at, row))))?;
                header.outside.line = Some(found);
                header.outside.told.line = Some(at);
                header.outside.line_column = own.then_some(header.line);
                header.outside.declared_at = Some(forced.declared_at.clone());
            }
        }
    }
    Ok(())
}

/// `the file name "kpis.csv" names no period`, and the like.
fn names_none(grid: &Grid, at: Whence, row: usize) -> String {
    match (at, &grid.sheet) {
        (Whence::FileName, _) => format!(
            "the file name \"{}\" names no period (e.g. Q4 2025 or 2025-Q4)",
            context::file_name(grid)
        ),
        (Whence::SheetName, Some(sheet)) => {
            format!("the sheet name \"{sheet}\" names no period (e.g. Q4 2025 or 2025-Q4)")
        }
        (Whence::SheetName, None) => format!("{} has no sheets", grid.file),
        (Whence::Title, _) => {
            format!("no title line above header row {row} names a period")
        }
        (Whence::Block, _) => {
            format!("no \"Quarter | …\" row above header row {row} names a period")
        }
    }
}

/// `the sheet name "KPIs" names no product line …`, and the like.
fn names_no_line(grid: &Grid, at: Whence, row: usize) -> String {
    const GENERIC: &str = "only generic words such as KPIs, Sheet1 or Scorecard, and periods";
    match (at, &grid.sheet) {
        (Whence::SheetName, Some(sheet)) => {
            format!("the sheet name \"{sheet}\" names no product line ({GENERIC})")
        }
        (Whence::SheetName, None) => format!("{} has no sheets", grid.file),
        (Whence::FileName, _) => format!(
            "the file name \"{}\" names no product line ({GENERIC})",
            context::file_name(grid)
        ),
        (Whence::Block | Whence::Title, _) => {
            format!("no \"Product line | …\" row above header row {row} names one")
        }
    }
}

/// Checks row `r`'s own line and period cells, when the table has them
/// beside a declared line or period, against `line` and `period`: `false`
/// (with an error naming the cell) when one names another.
pub fn row_agrees(
    grid: &Grid,
    header: &Header,
    r: usize,
    (line, period): (&str, Period),
    date_as: Granularity,
    out: &mut GridOutput,
) -> bool {
    let o = &header.outside;
    let declared_at = || o.declared_at.clone().unwrap_or_default();
    let mut agrees = true;
    if let (Some(c), Some(found)) = (o.line_column, &o.line)
        && let Some(text) = values::text_cow(grid.cell(r, c))
        && !same_name(&text, line)
    {
        out.errors.push(FrameError::DeclaredElsewhere {
            cell: header.place(grid, r, c),
            raw: text.into_owned(),
            what: "product line",
            declared: Box::new([format!("\"{line}\""), found.from.clone(), declared_at()]),
        });
        agrees = false;
    }
    if let (Some(c), Some(found)) = (o.period_column, &o.period) {
        let cell = grid.cell(r, c);
        let date_as = header.period_granularity.unwrap_or(date_as);
        let named = values::period(cell, date_as).or_else(|| header.dates.period(cell, date_as));
        if !cell.is_empty() && named != Some(period) {
            out.errors.push(FrameError::DeclaredElsewhere {
                cell: header.place(grid, r, c),
                raw: cell.shown(),
                what: "period",
                declared: Box::new([period.to_string(), found.from.clone(), declared_at()]),
            });
            agrees = false;
        }
    }
    agrees
}

/// Whether two line names are the same once runs of spaces are one.
fn same_name(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}
