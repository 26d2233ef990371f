//! What to tell the user about a grid linecard cannot read: the header
//! cells it saw on the row closest to a header, the layout it guessed, and
//! the one change that would make the grid read. Used for the
//! [`FrameError::NoHeader`] message and for a survey export without a
//! score column.

use super::{HEADER_SCAN_ROWS, Header, Shape};
use crate::frame::columns::{ColumnRole, HeaderMap, RESPONSE_TIME};
use crate::frame::{FrameError, FrameOptions, context, dates, values};
use crate::ingest::Grid;
use crate::model::MetricId;

/// How many of the closest row's cells the message quotes.
const QUOTED: usize = 8;

/// Headers that mark one row per survey response.
const RESPONSE_IDS: &[&str] = &[
    "response_id",
    "respondent_id",
    "submission_id",
    "respondent",
    "respondent_email",
];
/// Headers that mark one row per response beside a response-time column.
const ROW_IDS: &[&str] = &["id", "email", "user_id", "customer_id"];

/// The error for a grid with no header row: what the closest row holds and
/// what it lacks.
pub fn no_header(grid: &Grid, headers: &HeaderMap) -> FrameError {
    FrameError::NoHeader {
        place: super::place_of(grid),
        scanned: HEADER_SCAN_ROWS,
        found: found(grid, headers),
    }
}

/// `. The closest is row 1: "Region", "Q1", "Revenue". linecard needs ...`.
fn found(grid: &Grid, headers: &HeaderMap) -> String {
    let rows = 0..grid.height().min(HEADER_SCAN_ROWS);
    let texts = |r: usize| -> Vec<(usize, String)> {
        grid.row(r)
            .enumerate()
            .filter_map(|(c, cell)| values::text(cell).map(|t| (c, t)))
            .collect()
    };
    let has = |cells: &[(usize, String)], want: ColumnRole| {
        cells
            .iter()
            .find(|(_, t)| headers.role(t).as_ref() == Some(&want))
            .map(|(_, t)| t.clone())
    };
    let periods = |cells: &[(usize, String)]| -> Vec<String> {
        cells
            .iter()
            .filter(|(_, t)| dates::period_label(t).is_some())
            .map(|(_, t)| t.clone())
            .collect()
    };
    // The closest row: one naming a line or a period column, else one with
    // periods across it, else the first with two or more texts.
    let scored = rows.clone().map(|r| {
        let cells = texts(r);
        let score = match (
            has(&cells, ColumnRole::Line).is_some(),
            has(&cells, ColumnRole::Period).is_some(),
            periods(&cells).len() >= 2,
        ) {
            (_, _, true) => 3,
            (true, _, _) | (_, true, _) => 2,
            _ if cells.len() >= 2 => 1,
            _ => 0,
        };
        (score, r, cells)
    });
    // The best score, the first row of it (the last maximum, counting back).
    let scored: Vec<_> = scored.filter(|(score, _, _)| *score > 0).collect();
    let Some((score, r, cells)) = scored.into_iter().rev().max_by_key(|(score, _, _)| *score)
    else {
        return format!(
            ": the first {HEADER_SCAN_ROWS} rows hold no row of column names. {}",
            needs(grid)
        );
    };
    let mut quoted: Vec<String> = cells
        .iter()
        .take(QUOTED)
        .map(|(_, t)| format!("\"{t}\""))
        .collect();
    if cells.len() > QUOTED {
        quoted.push("…".into());
    }
    let closest = format!(
        ". The closest is row {}: {}",
        grid.row_number(r),
        quoted.join(", ")
    );
    let line = has(&cells, ColumnRole::Line);
    let period = has(&cells, ColumnRole::Period);
    let across = periods(&cells);
    let advice = match (score, line, period) {
        (3, _, _) if has(&cells, ColumnRole::MetricName).is_none() => format!(
            "periods across the columns were found ({}) but no KPI column: name the column that holds the KPI names \"KPI\"",
            across
                .iter()
                .take(3)
                .map(|p| format!("\"{p}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (_, Some(line), None) => format!(
            "it has a product line column (\"{line}\") but no period: add a period column (e.g. \"Quarter\" holding 2025-Q1) or put the period in the file name (e.g. \"{}\")",
            example_name(grid)
        ),
        (_, None, Some(period)) => format!(
            "it has a period column (\"{period}\") but no product line column: add one (e.g. \"Product Line\" holding each row's line)"
        ),
        _ => needs(grid),
    };
    format!("{closest}: {advice}")
}

/// What a header row needs, for a grid with nothing close to one.
fn needs(grid: &Grid) -> String {
    format!(
        "linecard needs a product line column (e.g. \"Product Line\") and a period column (e.g. \"Quarter\"), or the period in the file name (e.g. \"{}\")",
        example_name(grid)
    )
}

/// The grid's file name with a period in it: `kpis Q1 2025.csv`.
fn example_name(grid: &Grid) -> String {
    let name = grid.file.rsplit(['/', '\\']).next().unwrap_or(&grid.file);
    let stem = context::file_stem(grid);
    let ext = &name[stem.len().min(name.len())..];
    format!("{stem} Q1 2025{ext}")
}

/// A table found as wide that is really one row per survey response with
/// no score column linecard knows: an id column and no known KPI column.
pub fn responses_without_score(
    grid: &Grid,
    header: &Header,
    options: &FrameOptions,
) -> Option<FrameError> {
    if header.shape != Shape::Wide {
        return None;
    }
    let timed = header
        .columns
        .iter()
        .find(|(c, _, _)| *c == header.period)
        .and_then(|(_, t, _)| MetricId::normalise(t))
        .is_some_and(|p| RESPONSE_TIME.contains(&p.as_str()));
    let mut id = None;
    for (c, text, role) in &header.columns {
        let ColumnRole::Metric(m) = role else {
            continue;
        };
        let renamed = MetricId::normalise(text).is_none_or(|n| n != *m);
        if options.units.contains_key(m) || renamed {
            return None;
        }
        let marks = RESPONSE_IDS.contains(&m.as_str()) || (timed && ROW_IDS.contains(&m.as_str()));
        if marks && id.is_none() {
            id = Some((*c, text.clone()));
        }
    }
    let (_, id) = id?;
    let others: Vec<String> = header
        .columns
        .iter()
        .filter(|(_, t, role)| matches!(role, ColumnRole::Metric(_)) && *t != id)
        .map(|(_, t, _)| format!("\"{t}\""))
        .collect();
    let example = others
        .first()
        .map_or("\"Score\"".to_string(), |t| t.clone());
    Some(FrameError::NoScoreColumn {
        place: super::place_of(grid),
        row: grid.row_number(header.row),
        id,
        others: match others.is_empty() {
            true => "none".into(),
            false => others.join(", "),
        },
        example,
    })
}
