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
    /// and column within that grid.
    Cell { grid: u32, column: u32, row: usize },
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
            Source::Cell { grid, column, row } => {
                grids[*grid as usize].write_cell_ref(*row, *column as usize, out)
            }
            Source::Text(text) => out.push_str(text),
        }
    }

    /// [`Source::text`] of a source read from `grid`.
    pub fn text_in(&self, grid: &Grid) -> String {
        match self {
            Source::Cell { column, row, .. } => grid.cell_ref(*row, *column as usize),
            Source::Text(text) => text.to_string(),
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
        let Source::Cell { grid, column, row } = source else {
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
