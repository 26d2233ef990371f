//! Canonical units for a block of values read from one column (or, in a long
//! table, one metric): whole percentages rescaled to fractions, with the
//! decision reported, and range checks per unit.

use super::values::{self, Number};
use super::{FrameError, FrameOptions, GridOutput};
use crate::ingest::Grid;
use crate::model::{DataIssue, Location, MetricId, Unit};

/// The observations (indices into [`GridOutput::observations`]) that one
/// column of a grid gave for one metric, with what the unit checks need to
/// know of their values, gathered as they are read.
pub struct Group {
    /// The column header, as messages name it.
    pub column: String,
    pub metric: MetricId,
    indices: Vec<usize>,
    /// The smallest and largest value (NaN never counts).
    low: f64,
    high: f64,
    /// Whether every value is 0 or above 1 up to 100: whole percentages.
    whole_percents: bool,
}

impl Group {
    pub fn new(column: String, metric: MetricId) -> Self {
        Group {
            column,
            metric,
            indices: Vec::new(),
            low: f64::INFINITY,
            high: f64::NEG_INFINITY,
            whole_percents: true,
        }
    }

    /// Adds observation number `index`, whose value is `value`.
    pub fn push(&mut self, index: usize, value: f64) {
        self.indices.push(index);
        self.low = self.low.min(value);
        self.high = self.high.max(value);
        self.whole_percents &= value == 0.0 || (value > 1.0 && value <= 100.0);
    }

    /// Adds the observations of `other`, the same column read apart, whose
    /// observations now start at index `offset`.
    pub fn append(&mut self, other: Group, offset: usize) {
        self.indices
            .extend(other.indices.iter().map(|i| i + offset));
        self.low = self.low.min(other.low);
        self.high = self.high.max(other.high);
        self.whole_percents &= other.whole_percents;
    }
}

/// Rescales whole-percent fraction groups and checks every value's range.
/// Only a group with a value out of range is read again, to name each one.
pub fn check_groups(grid: &Grid, groups: &[Group], options: &FrameOptions, out: &mut GridOutput) {
    for group in groups.iter().filter(|g| !g.indices.is_empty()) {
        let unit = options
            .units
            .get(&group.metric)
            .copied()
            .unwrap_or(Unit::Number);
        let scale = if unit == Unit::Fraction && rescale_percent_column(grid, group, out) {
            100.0
        } else {
            1.0
        };
        let Some((lo, hi)) = unit.valid_range() else {
            continue;
        };
        if group.low / scale >= lo && group.high / scale <= hi {
            continue;
        }
        for &i in &group.indices {
            let o = &out.observations[i];
            if o.value < lo || o.value > hi {
                out.errors.push(FrameError::out_of_range(
                    o.source.text_in(grid),
                    group.column.clone(),
                    o.value,
                    &group.metric,
                    unit,
                ));
            }
        }
    }
}

/// A fraction column written as 85 rather than 0.85: when every non-zero
/// value is above 1 and none above 100, the whole column is read as
/// percentages, and the decision is reported. A column mixing 0.9 and 1.7
/// is left alone, so the stray value is reported as out of range. Returns
/// whether the column was rescaled.
fn rescale_percent_column(grid: &Grid, group: &Group, out: &mut GridOutput) -> bool {
    let max = group.high;
    if !(group.whole_percents && max > 1.0) {
        return false;
    }
    for &i in &group.indices {
        out.observations[i].value /= 100.0;
    }
    let header = &group.column;
    let what = if header.eq_ignore_ascii_case(group.metric.as_str()) {
        format!("column \"{header}\"")
    } else {
        format!("column \"{header}\" ({})", group.metric)
    };
    out.issues.push(DataIssue::warning(
        format!("{what} holds percentages written as whole numbers (largest {max}); read as {max}% and so on"),
        Location {
            file: Some(grid.file.clone()),
            sheet: grid.sheet.clone(),
            row: None,
            column: Some(header.clone()),
        },
    ));
    true
}

/// A sample-size cell: a whole number of responses, or nothing.
pub fn sample_size(
    grid: &Grid,
    r: usize,
    c: usize,
    column: &str,
    out: &mut GridOutput,
) -> Option<u32> {
    let cell = grid.cell(r, c);
    match values::number(cell) {
        Number::Missing => None,
        Number::Value(n) if n >= 0.0 && n.fract() == 0.0 && n <= u32::MAX as f64 => Some(n as u32),
        Number::Value(_) | Number::Invalid(_) => {
            out.errors.push(FrameError::BadSampleSize {
                cell: grid.cell_ref(r, c),
                column: column.to_string(),
                raw: cell.shown(),
            });
            None
        }
    }
}
