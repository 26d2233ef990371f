//! Decimal commas and decimal points, decided per column (part of the frame
//! stage, after a grid's values are read and before their units are
//! checked).
//!
//! A text such as `41,5`, `1.250,50` or `0,125` can only be a decimal comma,
//! and `4.2`, `1,250.50` or `0.125` only a decimal point; `4.200` or
//! `39,990` (one separator before exactly three digits) could be either.
//! Each cell says which it is as it is read (cheaply, in the parallel
//! blocks); here each column follows its own evidence, else the grid's other
//! columns, else the file's delimiter, else the decimal point. The values
//! that could be either are then read that way, and a warning says so. A
//! column showing both conventions is an error naming one cell of each.

use super::units::{self, Group};
use super::{FrameError, GridOutput, Source};
use crate::ingest::Grid;
use crate::model::format::plural;
use std::collections::HashMap;

/// The decimal separator a column is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    Point,
    Comma,
}

impl Convention {
    fn name(self) -> &'static str {
        match self {
            Convention::Point => "decimal points",
            Convention::Comma => "decimal commas",
        }
    }
}

/// Why a column follows its convention.
enum Why {
    /// Its own cell (an observation) shows it.
    Column(usize),
    /// A cell (an observation) of another column shows it; the header.
    File(usize, String),
    /// The file's fields are separated by semicolons.
    Semicolons,
    /// Nothing says otherwise.
    Default,
}

/// One column of the grid, as its groups (one per metric in a long table)
/// saw it.
struct Column {
    at: usize,
    header: String,
    comma: Option<usize>,
    point: Option<usize>,
    /// The first value that could be either, its decimal-comma reading, and
    /// how many there are.
    first_either: Option<(usize, f64)>,
    either: usize,
}

/// The convention of each group's column; `None` for a column showing both
/// (an error is recorded). Warns, per column, when values that could be
/// read either way were read by the convention chosen.
pub fn decide(grid: &Grid, groups: &[Group], out: &mut GridOutput) -> Vec<Option<Convention>> {
    let mut columns: Vec<Column> = Vec::new();
    // Each grid column's place in `columns`, so that a table with many
    // columns is decided in time linear in them.
    let mut index: HashMap<usize, usize> = HashMap::new();
    for g in groups {
        let column = match index.get(&g.at) {
            Some(&i) => &mut columns[i],
            None => {
                index.insert(g.at, columns.len());
                columns.push(Column {
                    at: g.at,
                    header: g.column.clone(),
                    comma: None,
                    point: None,
                    first_either: None,
                    either: 0,
                });
                columns.last_mut().expect("just pushed")
            }
        };
        column.comma = earliest(column.comma, g.comma);
        column.point = earliest(column.point, g.point);
        if let Some(&first) = g.either.first()
            && column.first_either.is_none_or(|(i, _)| first.0 < i)
        {
            column.first_either = Some(first);
        }
        column.either += g.either.len();
    }
    // What the grid's columns show, each on its own.
    let shown = |c: &Column| match (c.comma, c.point) {
        (Some(i), None) => Some((Convention::Comma, i)),
        (None, Some(i)) => Some((Convention::Point, i)),
        _ => None,
    };
    let comma_column = columns
        .iter()
        .find(|c| shown(c).is_some_and(|s| s.0 == Convention::Comma));
    let point_column = columns
        .iter()
        .find(|c| shown(c).is_some_and(|s| s.0 == Convention::Point));
    let file = match (comma_column, point_column) {
        (Some(c), None) => shown(c).map(|(conv, i)| (conv, i, c.header.clone())),
        (None, Some(c)) => shown(c).map(|(conv, i)| (conv, i, c.header.clone())),
        _ => None,
    };
    let mut decided: HashMap<usize, Option<Convention>> = HashMap::new();
    for column in &columns {
        let (convention, why) = match (column.comma, column.point) {
            (Some(comma), Some(point)) => {
                out.errors.push(FrameError::MixedDecimals {
                    comma_cell: place(grid, out, comma),
                    comma_raw: raw(grid, out, comma),
                    point_cell: place(grid, out, point),
                    point_raw: raw(grid, out, point),
                    column: column.header.clone(),
                });
                decided.insert(column.at, None);
                continue;
            }
            (Some(i), None) => (Convention::Comma, Why::Column(i)),
            (None, Some(i)) => (Convention::Point, Why::Column(i)),
            (None, None) => match &file {
                Some((convention, i, header)) => (*convention, Why::File(*i, header.clone())),
                None if separated_by_semicolons(grid) => (Convention::Comma, Why::Semicolons),
                None => (Convention::Point, Why::Default),
            },
        };
        if let Some((first, comma_value)) = column.first_either {
            let value = match convention {
                Convention::Comma => comma_value,
                Convention::Point => out.observations[first].value,
            };
            warn(grid, out, column, first, value, convention, why);
        }
        decided.insert(column.at, Some(convention));
    }
    groups
        .iter()
        .map(|g| decided.get(&g.at).copied().flatten())
        .collect()
}

fn earliest(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    a.into_iter().chain(b).min()
}

/// Whether the file is delimited text separated by semicolons, as files
/// written where the decimal separator is a comma are.
fn separated_by_semicolons(grid: &Grid) -> bool {
    grid.delimiter == Some(b';')
}

/// `"4.200" read as 4200 and 1 more number like it (the file writes
/// decimal commas, as in "1.250,50" in this column)`.
fn warn(
    grid: &Grid,
    out: &mut GridOutput,
    column: &Column,
    first: usize,
    value: f64,
    convention: Convention,
    why: Why,
) {
    let more = match column.either - 1 {
        0 => String::new(),
        n => format!(" and {n} more number{} like it", plural(n)),
    };
    let name = convention.name();
    let why = match why {
        Why::Column(i) => format!(
            "the file writes {name}, as in \"{}\" in this column",
            raw(grid, out, i)
        ),
        Why::File(i, header) => format!(
            "the file writes {name}, as in \"{}\" in column \"{header}\"",
            raw(grid, out, i)
        ),
        Why::Semicolons => {
            format!("the file writes {name}: its fields are separated by semicolons")
        }
        Why::Default => format!("the file writes {name}: nothing in it shows a decimal comma"),
    };
    let message = format!(
        "\"{}\" read as {value}{more} ({why})",
        raw(grid, out, first)
    );
    out.issues
        .push(units::column_warning(grid, &column.header, message));
}

/// The text of observation `i`'s cell, as written.
fn raw(grid: &Grid, out: &GridOutput, i: usize) -> String {
    match &out.observations[i].source {
        Source::Cell { row, column, .. } => {
            grid.cell(*row, *column as usize).shown().trim().to_string()
        }
        Source::Text(_) => out.observations[i].value.to_string(),
    }
}

/// The place of observation `i`'s cell.
fn place(grid: &Grid, out: &GridOutput, i: usize) -> String {
    out.observations[i].source.text_in(grid)
}
