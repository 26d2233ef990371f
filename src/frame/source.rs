//! Where a value came from. While the frame is built a source is a few
//! numbers (which grid, which cell); its text (`file.xlsx!Sheet!E7`,
//! `file.csv, row 7, column 5`, or the files a survey value was aggregated
//! from) is written only where a message or the frame's `source` column
//! shows it.

use crate::ingest::Grid;
use std::collections::hash_map::Entry;

#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A cell: the grid's index among the grids being framed, and the row
    /// and column within that grid; `told` says what its table took from
    /// outside it (its period from the file name, ...).
    Cell {
        grid: u32,
        column: u32,
        row: usize,
        told: Told,
    },
    /// A text already written out.
    Text(Box<str>),
}

impl Source {
    /// The cell at `row`, `column` of grid number `grid`.
    pub fn cell(grid: usize, row: usize, column: usize) -> Self {
        Source::Cell {
            grid: u32::try_from(grid).expect("fewer than 2^32 grids"),
            column: u32::try_from(column).expect("fewer than 2^32 columns"),
            row,
            told: Told::NOTHING,
        }
    }

    /// The same source, noting what its table took from outside it.
    pub fn told(self, told: Told) -> Self {
        match self {
            Source::Cell {
                grid, column, row, ..
            } => Source::Cell {
                grid,
                column,
                row,
                told,
            },
            text => text,
        }
    }

    /// The source as people read it; `grids` are the grids being framed.
    pub fn text(&self, grids: &[Grid]) -> String {
        let mut text = String::new();
        self.write(grids, &mut text);
        text
    }

    /// [`Source::text`], appended to `out`.
    pub fn write(&self, grids: &[Grid], out: &mut String) {
        match self {
            Source::Cell {
                grid,
                column,
                row,
                told,
            } => {
                grids[*grid as usize].write_cell_ref(*row, *column as usize, out);
                told.write(out);
            }
            Source::Text(text) => out.push_str(text),
        }
    }

    /// [`Source::text`] of a source read from `grid`.
    pub fn text_in(&self, grid: &Grid) -> String {
        match self {
            Source::Cell {
                column, row, told, ..
            } => {
                let mut text = grid.cell_ref(*row, *column as usize);
                told.write(&mut text);
                text
            }
            Source::Text(text) => text.to_string(),
        }
    }
}

/// Where a table's period or product line came from when it has no column
/// for it, as a value's source says after its place: `kpis.csv, row 2,
/// column 2 (period from the file name)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Told {
    pub period: Option<Whence>,
    pub line: Option<Whence>,
}

/// A place outside a table that gave it its period or line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whence {
    FileName,
    SheetName,
    /// A title line above the table.
    Title,
    /// A key–value row above the table (`Product line | Atlas`).
    Block,
}

impl Whence {
    pub fn as_str(self) -> &'static str {
        match self {
            Whence::FileName => "the file name",
            Whence::SheetName => "the sheet name",
            Whence::Title => "the title",
            Whence::Block => "the block above the table",
        }
    }
}

impl Told {
    /// Nothing taken from outside the table.
    pub const NOTHING: Told = Told {
        period: None,
        line: None,
    };

    /// Appends ` (period from the file name, line from the sheet name)`,
    /// or nothing.
    pub fn write(&self, out: &mut String) {
        let parts = [("period", self.period), ("line", self.line)];
        let mut first = true;
        for (what, whence) in parts {
            let Some(whence) = whence else { continue };
            out.push_str(if first { " (" } else { ", " });
            out.push_str(what);
            out.push_str(" from ");
            out.push_str(whence.as_str());
            first = false;
        }
        if !first {
            out.push(')');
        }
    }
}

/// Writes the sources of many values, remembering where each column's
/// places start (`file.xlsx!Sheet!E`), so that a cell's place is that start
/// and a row number.
pub struct SourceWriter<'g> {
    grids: &'g [Grid],
    /// By (grid, column): the start of its places, `None` for a text file
    /// (whose places name the row first).
    starts: foldhash::HashMap<(u32, u32), Option<String>>,
}

impl<'g> SourceWriter<'g> {
    pub fn new(grids: &'g [Grid]) -> Self {
        SourceWriter {
            grids,
            starts: foldhash::HashMap::default(),
        }
    }

    /// [`Source::write`], appending to `out`.
    pub fn write(&mut self, source: &Source, out: &mut String) {
        let Source::Cell {
            grid,
            column,
            row,
            told: Told::NOTHING,
        } = source
        else {
            return source.write(self.grids, out);
        };
        let at = &self.grids[*grid as usize];
        let start = match self.starts.entry((*grid, *column)) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(new) => new.insert(at.column_place(*column as usize)),
        };
        match start {
            Some(start) => {
                out.push_str(start);
                out.push_str(itoa::Buffer::new().format(at.row_number(*row)));
            }
            None => source.write(self.grids, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_stays_small_and_says_what_came_from_outside() {
        assert_eq!(std::mem::size_of::<Source>(), 24);
        let mut text = String::new();
        Told {
            period: Some(Whence::FileName),
            line: Some(Whence::SheetName),
        }
        .write(&mut text);
        assert_eq!(
            text,
            " (period from the file name, line from the sheet name)"
        );
        let mut none = String::new();
        Told::NOTHING.write(&mut none);
        assert_eq!(none, "");
    }
}
