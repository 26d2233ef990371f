//! Which cells of an xlsx sheet a currency number format shows as money
//! (`"$"#,##0`, `[$€-407] #,##0.00`): kept as runs down each column, so a
//! column of ten thousand dollar cells is one entry, and looked up by the
//! frame stage for the cells its values came from.

use crate::model::Currency;
use std::collections::HashMap;

/// Runs of cells down a column in one currency, in sheet coordinates
/// (0-based row and column), sorted by column and first row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellCurrencies {
    runs: Vec<Run>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Run {
    column: u32,
    first: u32,
    last: u32,
    currency: Currency,
}

impl CellCurrencies {
    /// The currency the cell at sheet `row`, `column` is formatted in.
    pub fn at(&self, row: u32, column: u32) -> Option<Currency> {
        let i = self
            .runs
            .partition_point(|r| (r.column, r.first) <= (column, row));
        let run = self.runs.get(i.checked_sub(1)?)?;
        (run.column == column && run.last >= row).then_some(run.currency)
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }
}

/// Collects the runs as a sheet's cells stream by, row by row.
#[derive(Debug, Default)]
pub struct Builder {
    open: HashMap<u32, Run>,
    done: Vec<Run>,
}

impl Builder {
    /// A number cell at `row`, `column` shown in `currency`.
    pub fn push(&mut self, row: u32, column: u32, currency: Currency) {
        match self.open.get_mut(&column) {
            Some(run) if run.currency == currency && run.last + 1 >= row => run.last = row,
            _ => {
                let new = Run {
                    column,
                    first: row,
                    last: row,
                    currency,
                };
                if let Some(old) = self.open.insert(column, new) {
                    self.done.push(old);
                }
            }
        }
    }

    pub fn finish(mut self) -> CellCurrencies {
        self.done.extend(self.open.into_values());
        self.done.sort_by_key(|r| (r.column, r.first));
        CellCurrencies { runs: self.done }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_down_columns_are_found_again() {
        let (usd, eur) = (
            Currency::known("USD").unwrap(),
            Currency::known("EUR").unwrap(),
        );
        let mut b = Builder::default();
        for row in 1..5 {
            b.push(row, 3, usd);
            b.push(row, 4, eur);
        }
        b.push(7, 3, eur);
        let cells = b.finish();
        assert_eq!(cells.at(2, 3), Some(usd));
        assert_eq!(cells.at(4, 4), Some(eur));
        assert_eq!(cells.at(5, 3), None);
        assert_eq!(cells.at(7, 3), Some(eur));
        assert_eq!(cells.at(0, 3), None);
        assert_eq!(cells.at(2, 5), None);
    }
}
