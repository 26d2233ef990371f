//! Canonical units for a block of values read from one column (or, in a long
//! table, one metric): whole percentages rescaled to fractions, with the
//! decision reported, and range checks per unit.

use super::decimals::{self, Convention};
use super::values::{self, Decimal, Number, Reading};
use super::{FrameError, FrameOptions, GridOutput};
use crate::ingest::Grid;
use crate::model::{DataIssue, Location, MetricId, Unit};

/// The observations (indices into [`GridOutput::observations`]) that one
/// column of a grid gave for one metric, with what the unit checks need to
/// know of their values, gathered as they are read.
pub struct Group {
    /// The column header, as messages name it.
    pub column: String,
    /// The grid column (0-based) the values come from.
    pub at: usize,
    pub metric: MetricId,
    indices: Vec<usize>,
    /// The smallest and largest value (NaN never counts).
    low: f64,
    high: f64,
    /// Whether every value is 0 or above 1 up to 100: whole percentages.
    whole_percents: bool,
    /// The first observation written with a decimal comma, and with a
    /// decimal point.
    pub comma: Option<usize>,
    pub point: Option<usize>,
    /// Observations read with a decimal point (`4.200` as 4.2) that a
    /// decimal comma reads as the number given (4200).
    pub either: Vec<(usize, f64)>,
    /// Errors (indices into [`GridOutput::errors`]) for the cells that are
    /// not numbers, kept for a column that may be text to skip.
    pub not_numbers: Vec<usize>,
}

impl Group {
    pub fn new(column: String, at: usize, metric: MetricId) -> Self {
        Group {
            column,
            at,
            metric,
            indices: Vec::new(),
            low: f64::INFINITY,
            high: f64::NEG_INFINITY,
            whole_percents: true,
            comma: None,
            point: None,
            either: Vec::new(),
            not_numbers: Vec::new(),
        }
    }

    /// Adds observation number `index`, whose value is `value`, written
    /// with `decimal`.
    #[inline]
    pub fn push(&mut self, index: usize, value: f64, decimal: Decimal) {
        self.indices.push(index);
        self.note(value);
        match decimal {
            Decimal::Silent => {}
            Decimal::Point => {
                self.point.get_or_insert(index);
            }
            Decimal::Comma => {
                self.comma.get_or_insert(index);
            }
            Decimal::Either { comma } => self.either.push((index, comma)),
        }
    }

    /// Adds the observations of `other`, the same column read apart, whose
    /// observations now start at index `offset` and its errors at
    /// `error_offset`.
    pub fn append(&mut self, other: Group, offset: usize, error_offset: usize) {
        self.indices
            .extend(other.indices.iter().map(|i| i + offset));
        self.low = self.low.min(other.low);
        self.high = self.high.max(other.high);
        self.whole_percents &= other.whole_percents;
        self.comma = self.comma.or(other.comma.map(|i| i + offset));
        self.point = self.point.or(other.point.map(|i| i + offset));
        self.either
            .extend(other.either.iter().map(|(i, v)| (i + offset, *v)));
        self.not_numbers
            .extend(other.not_numbers.iter().map(|i| i + error_offset));
    }

    /// How many values the column gave.
    pub fn len(&self) -> usize {
        self.indices.len()
    }

    pub fn indices(&self) -> &[usize] {
        &self.indices
    }

    /// Reads the values `either` lists with a decimal comma, and
    /// recomputes what the unit checks know of the values.
    fn read_with_commas(&mut self, out: &mut GridOutput) {
        for &(i, v) in &self.either {
            out.observations[i].value = v;
        }
        self.low = f64::INFINITY;
        self.high = f64::NEG_INFINITY;
        self.whole_percents = true;
        for i in 0..self.indices.len() {
            self.note(out.observations[self.indices[i]].value);
        }
    }

    /// Takes `value` into what the unit checks know of the column.
    #[inline]
    fn note(&mut self, value: f64) {
        self.low = self.low.min(value);
        self.high = self.high.max(value);
        self.whole_percents &= value == 0.0 || (value > 1.0 && value <= 100.0);
    }
}

/// What a metric's value cell held.
pub enum ValueCell {
    Missing,
    /// The value as the metric reads it, and how its text writes decimals.
    Value(f64, Decimal),
    /// Not a value: the error is recorded; `not_a_number` when the cell
    /// holds text or the like (which a text column would), not an Excel
    /// error.
    Refused {
        not_a_number: bool,
    },
}

/// Whether a percent (`35%`) of `metric` means the number shown (35): its
/// unit is known and not a fraction.
pub fn percent_as_shown(options: &FrameOptions, metric: &MetricId) -> bool {
    options
        .units
        .get(metric)
        .is_some_and(|u| *u != Unit::Fraction)
}

/// Reads the value cell at row `r`, column `c` (headed `column`) of a metric
/// (see [`percent_as_shown`]), recording in `out` why a cell is not a value.
#[inline]
pub fn value_cell(
    grid: &Grid,
    (r, c): (usize, usize),
    column: &str,
    percent_as_shown: bool,
    out: &mut GridOutput,
) -> ValueCell {
    match values::reading(grid.cell(r, c)) {
        Reading::Missing => ValueCell::Missing,
        Reading::Value {
            value,
            percent,
            decimal,
        } => {
            let (value, decimal) = as_unit(value, percent, decimal, percent_as_shown);
            ValueCell::Value(value, decimal)
        }
        Reading::Invalid(raw) => {
            out.errors.push(FrameError::BadNumber {
                cell: grid.cell_ref(r, c),
                column: column.to_string(),
                raw,
            });
            ValueCell::Refused { not_a_number: true }
        }
        Reading::ExcelError(raw) => {
            out.errors.push(FrameError::ExcelError {
                cell: grid.cell_ref(r, c),
                column: column.to_string(),
                raw,
            });
            ValueCell::Refused {
                not_a_number: false,
            }
        }
    }
}

/// A value as its metric reads it: a percent (`35%`) is a fraction (0.35)
/// for a fraction metric and the number shown (35) for any other unit.
#[inline]
fn as_unit(value: f64, percent: bool, decimal: Decimal, as_shown: bool) -> (f64, Decimal) {
    if !percent || as_shown {
        return (value, decimal);
    }
    let decimal = match decimal {
        Decimal::Either { comma } => Decimal::Either {
            comma: comma / 100.0,
        },
        other => other,
    };
    (value / 100.0, decimal)
}

/// Settles each column's decimal separator, rescales whole-percent
/// fraction groups and checks every value's range. Only a group with a
/// value out of range is read again, to name each one.
pub fn check_groups(
    grid: &Grid,
    groups: &mut [Group],
    options: &FrameOptions,
    out: &mut GridOutput,
) {
    let conventions = decimals::decide(grid, groups, out);
    for (group, convention) in groups.iter_mut().zip(conventions) {
        if group.indices.is_empty() {
            continue;
        }
        match convention {
            // Mixed decimal commas and points: reported for the column.
            None => continue,
            Some(Convention::Comma) if !group.either.is_empty() => group.read_with_commas(out),
            Some(_) => {}
        }
        let group = &*group;
        let unit = options.unit(&group.metric);
        if unit == Unit::Fraction && looks_like_a_1_to_5_average(group) {
            let first = &out.observations[group.indices[0]];
            out.errors.push(FrameError::CsatAverage {
                cell: first.source.text_in(grid),
                column: group.column.clone(),
                low: group.low,
                high: group.high,
            });
            continue;
        }
        let scale = if unit == Unit::Fraction && rescale_percent_column(grid, group, out) {
            100.0
        } else if unit == Unit::Score && rescale_share_column(grid, group, out) {
            0.01
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

/// CSAT written as an average on a 1-5 scale (4.2) rather than the share
/// of satisfied answers: every value is above 1 (whole percentages would
/// be) and none above 5.
fn looks_like_a_1_to_5_average(group: &Group) -> bool {
    group.metric.as_str() == "csat" && group.whole_percents && group.high > 1.0 && group.high <= 5.0
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
    out.issues.push(column_warning(
        grid,
        &group.column,
        format!(
            "{} values are percentages written as whole numbers (largest {max}): read as {max}% and so on",
            group.metric
        ),
    ));
    true
}

/// A score column (NPS, -100..100) holding shares: every value between -1
/// and 1 and not all whole, as a spreadsheet stores a cell formatted as a
/// percentage (35% is 0.35). No NPS column is really like that, so the
/// column is read as the percentages it shows, and the decision reported.
/// Returns whether the column was rescaled.
fn rescale_share_column(grid: &Grid, group: &Group, out: &mut GridOutput) -> bool {
    if !(group.low >= -1.0 && group.high <= 1.0) {
        return false;
    }
    let value = |i: &usize| out.observations[*i].value;
    if group.indices.iter().all(|i| value(i).fract() == 0.0) {
        return false;
    }
    let largest = group
        .indices
        .iter()
        .map(value)
        .fold(0.0_f64, |a, v| if v.abs() > a.abs() { v } else { a });
    for &i in &group.indices {
        out.observations[i].value *= 100.0;
    }
    out.issues.push(column_warning(
        grid,
        &group.column,
        format!(
            "{} values between -1 and 1 (e.g. {largest}), as cells formatted as percentages store them: read as {} and so on, since {} runs from -100 to 100",
            group.metric,
            crate::model::format::plain(largest * 100.0),
            group.metric
        ),
    ));
    true
}

/// A warning about a whole column of `grid` (headed `column`).
pub(super) fn column_warning(grid: &Grid, column: &str, message: String) -> DataIssue {
    DataIssue::warning(
        message,
        Location {
            file: Some(grid.file.clone()),
            sheet: grid.sheet.clone(),
            row: None,
            column: Some(column.to_string()),
        },
    )
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
