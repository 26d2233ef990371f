//! A streamed sheet's cells gathered into rows: the grid starts at the first
//! filled row and column, each row ends at its last filled cell, and the
//! cells held (rows, and the empty cells that pad a row up to a filled one)
//! stay within [`MAX_SHEET_CELLS`].
//!
//! xlsx and xlsb writers store cells row by row, left to right, so each cell
//! normally goes straight into its row; a cell out of that order (which the
//! formats allow) sends every cell through one sort instead.

use super::cell::Cell;
use super::limits::MAX_SHEET_CELLS;

/// More cells than [`MAX_SHEET_CELLS`] would be held.
#[derive(Debug, PartialEq)]
pub struct TooManyCells;

/// A sheet's rows as [`SheetRows::finish`] gives them: the row and column
/// (0-based) of the first filled row and column, and the rows from there.
pub type Rows = (u32, u32, Vec<Vec<Cell>>);

#[derive(Debug, Default)]
pub struct SheetRows {
    /// Filled rows in order, each with its row and the column of its first
    /// cell; `None` once a cell came out of order.
    ordered: Option<Vec<(u32, u32, Vec<Cell>)>>,
    /// Every cell with its place, once a cell came out of order.
    unordered: Vec<((u32, u32), Cell)>,
    /// Cells held so far, padding included.
    held: usize,
}

impl SheetRows {
    pub fn new() -> Self {
        SheetRows {
            ordered: Some(Vec::new()),
            ..SheetRows::default()
        }
    }

    /// Adds the filled cell at (`row`, `column`), 0-based.
    pub fn push(&mut self, row: u32, column: u32, cell: Cell) -> Result<(), TooManyCells> {
        let in_order = match self.ordered.as_ref().map(|rows| rows.last()) {
            Some(Some((r, start, cells))) => {
                row > *r || row == *r && column as usize >= *start as usize + cells.len()
            }
            Some(None) => true,
            None => false,
        };
        if !in_order && self.ordered.is_some() {
            self.sort_from_now_on();
        }
        match &mut self.ordered {
            Some(rows) => match rows.last_mut() {
                Some((r, start, cells)) if *r == row => {
                    let padding = column as usize - (*start as usize + cells.len());
                    self.held += padding + 1;
                    if self.held <= MAX_SHEET_CELLS {
                        cells.extend(std::iter::repeat_n(Cell::Empty, padding));
                        cells.push(cell);
                    }
                }
                last => {
                    // Rows of a table are about as wide as the one before.
                    let width = last.map_or(1, |(_, _, cells)| cells.len());
                    let mut cells = Vec::with_capacity(width);
                    cells.push(cell);
                    rows.push((row, column, cells));
                    self.held += 1;
                }
            },
            None => {
                self.unordered.push(((row, column), cell));
                self.held += 1;
            }
        }
        if self.held > MAX_SHEET_CELLS {
            return Err(TooManyCells);
        }
        Ok(())
    }

    /// Moves the cells gathered in order into the list to sort.
    fn sort_from_now_on(&mut self) {
        for (row, start, cells) in self.ordered.take().unwrap_or_default() {
            let filled = (start..)
                .zip(cells)
                .filter(|(_, cell)| !matches!(cell, Cell::Empty));
            self.unordered
                .extend(filled.map(|(column, cell)| ((row, column), cell)));
        }
    }

    /// The rows, from the first filled row and column; `None` for a sheet
    /// without a filled cell.
    pub fn finish(self) -> Result<Option<Rows>, TooManyCells> {
        match self.ordered {
            Some(rows) => from_ordered(rows),
            None => from_unordered(self.unordered),
        }
    }
}

fn from_ordered(filled: Vec<(u32, u32, Vec<Cell>)>) -> Result<Option<Rows>, TooManyCells> {
    let (Some((first_row, ..)), Some((last_row, ..))) = (filled.first(), filled.last()) else {
        return Ok(None);
    };
    let (first_row, height) = (*first_row, (last_row - first_row) as usize + 1);
    let first_column = filled.iter().map(|(_, start, _)| *start).min().unwrap_or(0);
    let held = filled
        .iter()
        .map(|(_, start, cells)| (start - first_column) as usize + cells.len())
        .fold(height, usize::saturating_add);
    if held > MAX_SHEET_CELLS {
        return Err(TooManyCells);
    }
    let mut rows = vec![Vec::new(); height];
    for (row, start, mut cells) in filled {
        let indent = (start - first_column) as usize;
        if indent > 0 {
            cells.splice(0..0, std::iter::repeat_n(Cell::Empty, indent));
        }
        rows[(row - first_row) as usize] = cells;
    }
    Ok(Some((first_row, first_column, rows)))
}

fn from_unordered(mut cells: Vec<((u32, u32), Cell)>) -> Result<Option<Rows>, TooManyCells> {
    cells.sort_by_key(|(place, _)| *place);
    let (Some(((first_row, _), _)), Some(((last_row, _), _))) = (cells.first(), cells.last())
    else {
        return Ok(None);
    };
    let (first_row, height) = (*first_row, (last_row - first_row) as usize + 1);
    let first_column = cells.iter().map(|((_, c), _)| *c).min().unwrap_or(0);
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); height];
    let mut held = height;
    for ((r, c), cell) in cells {
        let row = &mut rows[(r - first_row) as usize];
        let c = (c - first_column) as usize;
        if row.len() <= c {
            held += c + 1 - row.len();
            if held > MAX_SHEET_CELLS {
                return Err(TooManyCells);
            }
            row.resize(c + 1, Cell::Empty);
        }
        row[c] = cell;
    }
    Ok(Some((first_row, first_column, rows)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: u32) -> Cell {
        Cell::Text(t)
    }

    fn rows(cells: &[(u32, u32, u32)]) -> Option<Rows> {
        let mut rows = SheetRows::new();
        for (r, c, t) in cells {
            rows.push(*r, *c, text(*t)).unwrap();
        }
        rows.finish().unwrap()
    }

    #[test]
    fn cells_in_order_and_out_of_order_give_the_same_rows() {
        // A title in C2, a table from B4, a gap row, a cell far right.
        let cells = [
            (1, 2, 0),
            (3, 1, 1),
            (3, 2, 2),
            (4, 1, 3),
            (4, 3, 4),
            (6, 1, 5),
            (6, 9, 6),
        ];
        let expected = (
            1,
            1,
            vec![
                vec![Cell::Empty, text(0)],
                vec![],
                vec![text(1), text(2)],
                vec![text(3), Cell::Empty, text(4)],
                vec![],
                [vec![text(5)], vec![Cell::Empty; 7], vec![text(6)]].concat(),
            ],
        );
        assert_eq!(rows(&cells), Some(expected.clone()));
        let mut shuffled = cells.to_vec();
        shuffled.swap(2, 5);
        shuffled.swap(0, 6);
        assert_eq!(rows(&shuffled), Some(expected.clone()));
        // Out of order within a row only.
        let mut swapped = cells.to_vec();
        swapped.swap(1, 2);
        assert_eq!(rows(&swapped), Some(expected));
        assert_eq!(rows(&[]), None);
    }

    #[test]
    fn padding_and_rows_count_against_the_cell_limit() {
        let limit = MAX_SHEET_CELLS as u32;
        // Row and column padding past the limit, in order and out of order.
        let mut wide = SheetRows::new();
        assert_eq!(wide.push(0, 0, text(0)), Ok(()));
        assert_eq!(wide.push(0, limit, text(1)), Err(TooManyCells));
        let mut tall = SheetRows::new();
        tall.push(0, 0, text(0)).unwrap();
        tall.push(limit, 0, text(1)).unwrap();
        assert_eq!(tall.finish(), Err(TooManyCells));
        let mut unordered = SheetRows::new();
        unordered.push(5, 0, text(0)).unwrap();
        unordered.push(0, limit, text(1)).unwrap();
        assert_eq!(unordered.finish(), Err(TooManyCells));
        // A single far cell costs one row.
        let mut far = SheetRows::new();
        far.push(1_048_575, 16_383, text(0)).unwrap();
        assert_eq!(
            far.finish(),
            Ok(Some((1_048_575, 16_383, vec![vec![text(0)]])))
        );
    }
}
