//! Tables whose period or product line is given outside them: a wide or
//! long table with a line column but no period column takes its period from
//! the file name (`Product KPIs Q4 2025.xlsx`), the sheet name (`2025-Q3`),
//! a title line above it (`Scorecard – Q3 2025`) or a `Quarter | Q3 2025`
//! row above it, in that order; one with a period column but no line column
//! takes its line from a `Product line | Atlas` row above it, the sheet name
//! or the file name. Tried only when no row has both columns, so that no
//! table that reads with both reads differently.
//!
//! The finds themselves are in `context.rs`; this file decides when a row is
//! such a header, refuses one that has nothing outside it with a message
//! saying what to add, and says in the grid's [`Reading`] where the period
//! or line came from.

use super::{HEADER_SCAN_ROWS, Header, Shape, place_of};
use crate::frame::columns::{ColumnRole, HeaderMap};
use crate::frame::context::{self, Found};
use crate::frame::source::{Told, Whence};
use crate::frame::{FrameError, FrameOptions, GridOutput, Layout, Reading, dates, values};
use crate::ingest::Grid;
use crate::model::{MetricId, Period};

/// What a table takes from outside it (nothing, for most tables).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outside {
    pub period: Option<Found<Period>>,
    pub line: Option<Found<String>>,
    /// The same, as a value's source says it.
    pub told: Told,
    /// The rule's `layout(...)` declaration that named where they are, by
    /// its place in its script (`declared.rs`).
    pub declared_at: Option<String>,
    /// The table's own period column, when a declaration takes the period
    /// from elsewhere: its filled cells must name the same period.
    pub period_column: Option<usize>,
    /// The same for the product line column.
    pub line_column: Option<usize>,
}

/// The first header row among the top rows that has a line column or a
/// period column (not both), a KPI linecard knows, and the missing one given
/// outside the table.
pub fn find_header(grid: &Grid, headers: &HeaderMap, options: &FrameOptions) -> Option<Header> {
    scan(grid, headers, options)?.ok()
}

/// Why a grid with no header row cannot be read, when it has a row that
/// would be a header with a period or a line outside the table.
pub fn why_not(grid: &Grid, headers: &HeaderMap, options: &FrameOptions) -> Option<FrameError> {
    scan(grid, headers, options)?.err()
}

fn scan(
    grid: &Grid,
    headers: &HeaderMap,
    options: &FrameOptions,
) -> Option<Result<Header, FrameError>> {
    for r in 0..grid.height().min(HEADER_SCAN_ROWS) {
        let columns = row_columns(grid, r, headers);
        let has = |want: ColumnRole| columns.iter().any(|(_, _, role)| *role == want);
        if has(ColumnRole::Recommend) || has(ColumnRole::Satisfaction) {
            continue;
        }
        let long = has(ColumnRole::MetricName) && has(ColumnRole::Value);
        // A known KPI keeps a `Product line | Atlas` row from being a header.
        let known = columns.iter().any(|(_, text, role)| match role {
            ColumnRole::Metric(m) => {
                options.units.contains_key(m) || MetricId::normalise(text).is_none_or(|n| n != *m)
            }
            _ => false,
        });
        if !known && !long {
            continue;
        }
        let first = |want: ColumnRole| {
            columns
                .iter()
                .find(|(_, _, role)| *role == want)
                .map(|(c, t, _)| (*c, t.clone()))
        };
        let place = place_of(grid);
        let row = grid.row_number(r);
        let mut outside = Outside::default();
        let (line, period, period_header) =
            match (first(ColumnRole::Line), first(ColumnRole::Period)) {
                (Some((line, line_header)), None) => {
                    let found = match context::period_whence(grid, r) {
                        Ok(Some(found)) => Some(found),
                        Ok(None) => context::key_values(grid, r, headers)
                            .period
                            .map(|found| (found, Whence::Block)),
                        Err(several) => {
                            return Some(Err(FrameError::SeveralPeriodsOutside {
                                place,
                                row,
                                line: line_header,
                                several,
                            }));
                        }
                    };
                    let Some((found, whence)) = found else {
                        return Some(Err(FrameError::NoPeriod {
                            place,
                            row,
                            line: line_header,
                        }));
                    };
                    outside.period = Some(found);
                    outside.told.period = Some(whence);
                    (line, grid.width(r), None)
                }
                (None, Some((period, period_header))) => {
                    let Some((found, whence)) = context::line_whence(grid, r, headers) else {
                        return Some(Err(FrameError::NoLine {
                            place,
                            row,
                            period: period_header,
                        }));
                    };
                    outside.line = Some(found);
                    outside.told.line = Some(whence);
                    (grid.width(r), period, Some(period_header))
                }
                _ => continue,
            };
        let shape = if long { Shape::Long } else { Shape::Wide };
        return Some(Ok(header_with(
            grid,
            r,
            columns,
            shape,
            (line, period, period_header),
            outside,
        )));
    }
    None
}

/// Row `r`'s cells that are headers linecard knows: (column, text, role).
pub fn row_columns(grid: &Grid, r: usize, headers: &HeaderMap) -> Vec<(usize, String, ColumnRole)> {
    grid.row(r)
        .enumerate()
        .filter_map(|(c, cell)| {
            let text = values::text(cell)?;
            headers.role(&text).map(|role| (c, text, role))
        })
        .collect()
}

/// A wide or long header on row `r` with these `columns`; `keys` are the
/// line and period columns (the row's width for one given outside) and
/// the period column's header.
pub fn header_with(
    grid: &Grid,
    r: usize,
    columns: Vec<(usize, String, ColumnRole)>,
    shape: Shape,
    keys: (usize, usize, Option<String>),
    outside: Outside,
) -> Header {
    let (line, period, period_header) = keys;
    let first = |want: ColumnRole| {
        columns
            .iter()
            .find(|(_, _, role)| *role == want)
            .map(|(c, _, _)| *c)
    };
    Header {
        row: r,
        end: grid.height(),
        shape,
        line,
        period,
        period_granularity: period_header.as_deref().and_then(dates::header_granularity),
        stage: first(ColumnRole::Stage),
        pm: first(ColumnRole::Pm),
        pmm: first(ColumnRole::Pmm),
        columns,
        outside,
        skip: Vec::new(),
        survey: None,
        dates: Default::default(),
    }
}

/// The grid's reading for the table under `header`: the last one pushed
/// for its place (by the layout that read it), else a new one saying the
/// layout and where its line and period come from.
pub fn reading<'a>(grid: &Grid, header: &Header, out: &'a mut GridOutput) -> &'a mut Reading {
    let place = place_of(grid);
    let known = out.readings.iter().rposition(|r| r.place == place);
    let index = match known {
        Some(index) => index,
        None => {
            let column = |c: usize| {
                let text = values::text(grid.cell(header.row, c)).unwrap_or_default();
                format!("{} (\"{text}\")", grid.cell_ref(header.row, c))
            };
            out.readings.push(Reading {
                place,
                layout: match header.shape {
                    Shape::Wide => Layout::Wide,
                    Shape::Long => Layout::Long,
                    Shape::Across => Layout::PeriodsAcross,
                    Shape::Responses => Layout::Responses,
                },
                why: grid.header_words(header.row),
                from: vec![
                    ("product line", column(header.line)),
                    ("period", column(header.period)),
                ],
                skipped: Vec::new(),
            });
            out.readings.len() - 1
        }
    };
    &mut out.readings[index]
}

/// Says in the grid's reading where the table's period or line came from,
/// when outside it (replacing what a layout said of a column), and which
/// rule declared it.
pub fn note_reading(grid: &Grid, header: &Header, out: &mut GridOutput) {
    let outside = &header.outside;
    let declared = match &outside.declared_at {
        Some(at) => format!(" (as the layout(...) declared at {at} says)"),
        None => String::new(),
    };
    let parts = [
        (
            "period",
            outside
                .period
                .as_ref()
                .map(|f| format!("{} from {}{declared}", f.value, f.from)),
            outside.period_column,
        ),
        (
            "product line",
            outside
                .line
                .as_ref()
                .map(|f| format!("\"{}\" from {}{declared}", f.value, f.from)),
            outside.line_column,
        ),
    ];
    if parts.iter().all(|(_, from, _)| from.is_none()) {
        return;
    }
    let reading = reading(grid, header, out);
    for (what, from, column) in parts {
        let Some(from) = from else { continue };
        reading.from.retain(|(w, _)| *w != what);
        reading.from.push((what, from));
        if let Some(c) = column {
            reading.skipped.push(format!(
                "{}: not read for the {what}, only checked against it",
                super::describe::column(grid, header, c)
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::frame::{FrameOptions, build};
    use crate::ingest::Grid;
    use crate::model::{MetricId, Unit};

    fn options() -> FrameOptions {
        FrameOptions {
            units: [(MetricId::normalise("nps").unwrap(), Unit::Score)].into(),
            ..FrameOptions::default()
        }
    }

    #[test]
    fn the_reading_says_where_the_period_came_from() {
        let grid = Grid::from_text_rows(
            "KPIs Q4 2025.csv",
            &[&["Product Line", "NPS"], &["Atlas", "31"]],
        );
        let frame = build(&[grid], &options()).expect("reads");
        let reading = &frame.readings()[0];
        assert_eq!(
            reading.to_string(),
            "KPIs Q4 2025.csv: read as wide (a row per line and period, a column per KPI): header row 1 has a product line column (\"Product Line\") and a column per KPI\n  \
             product line: column 1 \"Product Line\"\n  \
             KPIs: column 2 \"NPS\"\n  \
             period: 2025-Q4 from the file name \"KPIs Q4 2025.csv\""
        );
    }

    #[test]
    fn the_reading_says_where_the_line_came_from() {
        let grid = Grid::from_text_rows(
            "Atlas Analytics.csv",
            &[&["Quarter", "NPS"], &["2025-Q1", "31"]],
        );
        let frame = build(&[grid], &options()).expect("reads");
        assert_eq!(
            frame.readings()[0].from.last().unwrap(),
            &(
                "product line",
                "\"Atlas Analytics\" from the file name \"Atlas Analytics.csv\"".to_string()
            )
        );
    }
}
