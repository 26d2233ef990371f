//! Detection as a rule's `layout(...)` declaration asks: the header on the
//! row it names and the shape it names, for the wide, long and
//! survey-responses layouts. A declaration that cannot hold for the grid
//! (the row has no product line column, a long table with no KPI column) is
//! an error naming the declaration and what the grid holds. Periods across
//! (`shape: "across"`, `periods: "across"`) is left to that layout.

use super::{HEADER_SCAN_ROWS, Header, Shape, declared, header_at, place_of};
use crate::frame::columns::{ColumnRole, HeaderMap};
use crate::frame::{ForcedShape, FrameError, LayoutOverride, values};
use crate::ingest::Grid;

/// Whether the declaration changes how wide, long and response tables are
/// found: it names a header row, or one of those shapes.
pub fn applies(forced: &LayoutOverride) -> bool {
    !forced.across() && (forced.header_row.is_some() || forced.shape.is_some())
}

/// The header as `forced` says it is; `Ok(None)` when no row is a header
/// row and none was named.
pub fn header(
    grid: &Grid,
    headers: &HeaderMap,
    forced: &LayoutOverride,
) -> Result<Option<Header>, FrameError> {
    let mut header = match forced.header_row {
        Some(row) => {
            let wrong = |what: String| FrameError::LayoutOverride {
                place: place_of(grid),
                declared_at: forced.declared_at.clone(),
                message: format!("header_row: {row}, but {what}"),
            };
            let r = row
                .checked_sub(grid.row_number(0))
                .filter(|r| *r < grid.height())
                .ok_or_else(|| {
                    wrong(format!(
                        "the table's rows are {} to {}",
                        grid.row_number(0),
                        grid.row_number(grid.height().saturating_sub(1))
                    ))
                })?;
            match header_at(grid, headers, r).or_else(|| declared_on(grid, headers, forced, r)) {
                Some(header) => header,
                None => return Err(wrong(lacks(grid, headers, r))),
            }
        }
        None => match (0..grid.height().min(HEADER_SCAN_ROWS))
            .find_map(|r| header_at(grid, headers, r))
            .or_else(|| declared::header(grid, headers, forced))
        {
            Some(header) => header,
            None => return Ok(None),
        },
    };
    if let Some(shape) = forced.shape {
        let has = |want: &ColumnRole| header.find(want).is_some();
        let (shape, missing) = match shape {
            ForcedShape::Wide => (Shape::Wide, None),
            ForcedShape::Long => (
                Shape::Long,
                (!has(&ColumnRole::MetricName) || !has(&ColumnRole::Value))
                    .then_some("KPI column (e.g. \"KPI\") or no value column (e.g. \"Value\")"),
            ),
            ForcedShape::Responses => (
                Shape::Responses,
                (!has(&ColumnRole::Recommend) && !has(&ColumnRole::Satisfaction)).then_some(
                    "score column (e.g. \"Recommend\" for 0-10 or \"Satisfaction\" for 1-5)",
                ),
            ),
            ForcedShape::Across => return Ok(Some(header)),
        };
        if let Some(missing) = missing {
            return Err(FrameError::LayoutOverride {
                place: place_of(grid),
                declared_at: forced.declared_at.clone(),
                message: format!(
                    "shape: \"{}\", but {} has no {missing}",
                    forced.shape.map_or("", ForcedShape::as_str),
                    grid.header_words(header.row)
                ),
            });
        }
        header.shape = shape;
    }
    Ok(Some(header))
}

/// Row `r` as a header whose period or line the declaration puts outside
/// the table.
fn declared_on(
    grid: &Grid,
    headers: &HeaderMap,
    forced: &LayoutOverride,
    r: usize,
) -> Option<Header> {
    let (period, line) = declared::outside_table(forced);
    (period || line)
        .then(|| declared::header_on(grid, headers, r, period, line))
        .flatten()
}

/// What row `r` lacks to be a header row, with the cells it holds.
fn lacks(grid: &Grid, headers: &HeaderMap, r: usize) -> String {
    let cells: Vec<String> = grid.row(r).filter_map(values::text).collect();
    let has = |want: ColumnRole| cells.iter().any(|t| headers.role(t) == Some(want.clone()));
    let missing = match (has(ColumnRole::Line), has(ColumnRole::Period)) {
        (false, false) => "neither a product line column nor a period column",
        (false, true) => "no product line column",
        _ => "no period column",
    };
    let quoted: Vec<String> = cells.iter().take(8).map(|t| format!("\"{t}\"")).collect();
    match quoted.is_empty() {
        true => format!("row {} is empty", grid.row_number(r)),
        false => format!(
            "row {} has {missing}: it holds {}",
            grid.row_number(r),
            quoted.join(", ")
        ),
    }
}
