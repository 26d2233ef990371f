//! Headers of two rows: a label in the row above the leaf headers (a
//! quarter over `Actual | Target`, a metric over `Actual | Target`, a year
//! over its quarters) applies to every column under it, and the two rows
//! are flattened into one text per column (`NPS Actual`, `Q1 2025 Target`).
//!
//! A label spans the columns of its merged region where the workbook gives
//! merges (xlsx, xls). Otherwise (ods, CSV, a row with no merges) a blank
//! cell to the right of a label continues it, as far as the leaf headers
//! below are filled. A cell merged down from the row above (`Product Line`
//! over both rows) is a leaf header of its own, as is a label above a blank
//! leaf cell that spans nothing. Blank header cells under a merge are not
//! data columns: they take the merge's label.
//!
//! The row above counts as a header row only when it cannot be a title or a
//! key–value line (nothing above the first column), it has a label spanning
//! two or more columns, and the leaf row holds no numbers: a single header
//! row reads exactly as it always did.

use crate::frame::values::{self, Reading};
use crate::ingest::{CellRef, Grid};

/// One column of a (possibly two-row) header.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeaderCell {
    /// The label above, from the row above the leaf headers.
    pub upper: Option<String>,
    /// The leaf header's own text.
    pub leaf: Option<String>,
}

impl HeaderCell {
    /// The flattened text: `upper leaf`, or whichever is given.
    pub fn text(&self) -> Option<String> {
        match (&self.upper, &self.leaf) {
            (Some(u), Some(l)) => Some(format!("{u} {l}")),
            (Some(t), None) | (None, Some(t)) => Some(t.clone()),
            (None, None) => None,
        }
    }
}

/// The header ending at row `leaf_row`, one cell per column.
#[derive(Debug, Clone, PartialEq)]
pub struct Flat {
    /// The row above, when it is part of the header.
    pub upper_row: Option<usize>,
    pub cells: Vec<HeaderCell>,
}

impl Flat {
    /// The flattened text of column `c`.
    pub fn text(&self, c: usize) -> Option<String> {
        self.cells.get(c).and_then(HeaderCell::text)
    }

    /// The first row of the header.
    pub fn top(&self, leaf_row: usize) -> usize {
        self.upper_row.unwrap_or(leaf_row)
    }
}

/// The cell at `r`, `c`, or, when it is blank and under a merged region,
/// the region's top-left cell.
pub fn merged_cell(grid: &Grid, r: usize, c: usize) -> CellRef<'_> {
    let cell = grid.cell(r, c);
    if !cell.is_empty() {
        return cell;
    }
    match grid.merge_at(r, c) {
        Some(m) => grid.cell(m.first.0, m.first.1),
        None => cell,
    }
}

/// Reads the header whose leaf row is `leaf_row`, with the row above when
/// it is part of the header (see the module's rules).
pub fn flatten(grid: &Grid, leaf_row: usize) -> Flat {
    let width = grid.width(leaf_row);
    let single = || Flat {
        upper_row: None,
        cells: (0..width)
            .map(|c| HeaderCell {
                upper: None,
                leaf: leaf_text(grid, leaf_row, c),
            })
            .collect(),
    };
    if leaf_row == 0 {
        return single();
    }
    let u = leaf_row - 1;
    let width = width.max(grid.width(u));
    let leaf: Vec<Option<String>> = (0..width).map(|c| leaf_text(grid, leaf_row, c)).collect();
    let numbers = (0..width).any(|c| {
        matches!(
            values::reading(grid.cell(leaf_row, c)),
            Reading::Value { .. }
        )
    });
    if numbers {
        return single();
    }
    let spans = upper_labels(grid, u, leaf_row, &leaf);
    let mut cells: Vec<HeaderCell> = leaf
        .iter()
        .map(|l| HeaderCell {
            upper: None,
            leaf: l.clone(),
        })
        .collect();
    let mut spanning = false;
    for (start, end, label) in spans {
        let filled_below = (start..=end).filter(|c| leaf[*c].is_some()).count();
        if end == start && filled_below == 0 {
            // A label over a blank leaf cell, spanning nothing: the
            // column's own header, written one row higher.
            cells[start].leaf = Some(label);
            continue;
        }
        spanning |= end > start;
        for cell in &mut cells[start..=end] {
            cell.upper = Some(label.clone());
        }
    }
    let first = cells
        .iter()
        .position(|c| c.upper.is_some() || c.leaf.is_some());
    let title_like = first.is_some_and(|f| cells[f].upper.is_some());
    if !spanning || title_like {
        return single();
    }
    Flat {
        upper_row: Some(u),
        cells,
    }
}

/// A leaf header's text: its own, or that of a region merged down onto it
/// from above.
fn leaf_text(grid: &Grid, r: usize, c: usize) -> Option<String> {
    if let Some(text) = values::text(grid.cell(r, c)) {
        return Some(text);
    }
    let merge = grid.merge_at(r, c)?;
    (merge.first.0 < r && merge.first.1 == c && merge.last.1 == c)
        .then(|| values::text(grid.cell(merge.first.0, merge.first.1)))
        .flatten()
}

/// The labels of row `u` (above leaf row `leaf_row`) with the columns each
/// spans: (first, last, text). A region merged down over both rows is the
/// leaf's, not a label above it.
fn upper_labels(
    grid: &Grid,
    u: usize,
    leaf_row: usize,
    leaf: &[Option<String>],
) -> Vec<(usize, usize, String)> {
    let width = leaf.len();
    let merged_row = grid
        .merges()
        .iter()
        .any(|m| m.first.0 == u && m.last.0 == u && m.last.1 > m.first.1);
    let mut labels = Vec::new();
    let mut c = 0;
    while c < width {
        let Some(text) = values::text(grid.cell(u, c)) else {
            c += 1;
            continue;
        };
        let mut end = c;
        match grid.merge_at(u, c) {
            Some(m) if m.last.0 >= leaf_row => {
                c += 1;
                continue;
            }
            Some(m) => end = m.last.1.min(width - 1),
            None if !merged_row => {
                while end + 1 < width
                    && grid.cell(u, end + 1).is_empty()
                    && grid.merge_at(u, end + 1).is_none()
                    && leaf[end + 1].is_some()
                    && leaf[c].is_some()
                {
                    end += 1;
                }
            }
            None => {}
        }
        labels.push((c, end, text));
        c = end + 1;
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid::from_text_rows("h.csv", rows)
    }

    fn texts(flat: &Flat) -> Vec<String> {
        (0..flat.cells.len())
            .map(|c| flat.text(c).unwrap_or_default())
            .collect()
    }

    #[test]
    fn a_label_continues_over_the_blank_cells_to_its_right() {
        let g = grid(&[
            &["", "", "NPS", "", "CSAT", ""],
            &[
                "Product Line",
                "Quarter",
                "Actual",
                "Target",
                "Actual",
                "Target",
            ],
            &["Atlas", "2025-Q1", "31", "40", "0.8", "0.9"],
        ]);
        let flat = flatten(&g, 1);
        assert_eq!(flat.upper_row, Some(0));
        assert_eq!(
            texts(&flat),
            [
                "Product Line",
                "Quarter",
                "NPS Actual",
                "NPS Target",
                "CSAT Actual",
                "CSAT Target"
            ]
        );
        // The data row below is no leaf row: it holds numbers.
        assert_eq!(flatten(&g, 2).upper_row, None);
    }

    #[test]
    fn labels_written_one_row_higher_are_the_columns_own() {
        let g = grid(&[
            &["Product Line", "Quarter", "NPS", ""],
            &["", "", "Actual", "Target"],
        ]);
        let flat = flatten(&g, 1);
        assert_eq!(
            texts(&flat),
            ["Product Line", "Quarter", "NPS Actual", "NPS Target"]
        );
    }

    #[test]
    fn a_title_or_key_value_row_above_is_not_a_header() {
        for above in [
            &["Scorecard Q3 2025", "", ""][..],
            &["Product line", "Atlas", ""][..],
        ] {
            let g = grid(&[above, &["KPI", "Q1 2025", "Q2 2025"]]);
            let flat = flatten(&g, 1);
            assert_eq!(flat.upper_row, None);
            assert_eq!(texts(&flat), ["KPI", "Q1 2025", "Q2 2025"]);
        }
    }
}
