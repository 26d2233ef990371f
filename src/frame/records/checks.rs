//! Records that cannot be right, found before any KPI is computed: each
//! kind lists the contradictions its records can hold (a deal both won and
//! lost, a close date before the create date) as conditions over the typed
//! fields, evaluated here with polars over the whole table. Each is one
//! error with the count and the first rows, never a value computed from
//! records that contradict themselves.

use super::columns::{ROW, Tally};
use super::measure::Cond;
use super::{RecordError, RecordKind};
use polars::prelude::*;

/// A contradiction records of a kind can hold.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// The records that hold it.
    pub bad: fn() -> Cond,
    /// What is wrong, after the count of records: for one and for many
    /// (`"has a close date before its create date"`, `"have … their …"`).
    pub says: [&'static str; 2],
    /// What to do about it.
    pub fix: &'static str,
}

/// Every check of `checks` that records of `frame` fail, each one error;
/// `place` names the table.
pub fn run(
    frame: &DataFrame,
    checks: &[Check],
    kind: RecordKind,
    place: &str,
) -> Result<(), RecordError> {
    let polars = RecordError::polars;
    let mut problems = Vec::new();
    for check in checks {
        let found = frame
            .clone()
            .lazy()
            .filter((check.bad)().expr())
            .select([col(ROW)])
            .collect()
            .map_err(polars)?;
        if found.height() == 0 {
            continue;
        }
        let mut tally = Tally::default();
        for row in found
            .column(ROW)
            .map_err(polars)?
            .u64()
            .map_err(polars)?
            .iter()
        {
            tally.note(row.unwrap_or_default() as usize, String::new);
        }
        problems.push(RecordError::Contradiction {
            place: place.to_string(),
            count: kind.count(tally.count),
            says: check.says[usize::from(tally.count != 1)],
            rows: tally.first_rows(),
            fix: check.fix,
        });
    }
    match problems.len() {
        0 => Ok(()),
        1 => Err(problems.remove(0)),
        _ => Err(RecordError::Several(problems)),
    }
}
