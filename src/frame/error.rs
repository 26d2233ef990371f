//! What can be wrong with the values inside the input files.

use crate::model::{MetricId, Unit};

/// One problem in the data, naming the cell (`file!sheet!E7`) and what was
/// expected there.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FrameError {
    #[error(
        "{place}: no header row found in the first {scanned} rows: expected a row with a product line column (e.g. \"Product Line\") and a period column (e.g. \"Quarter\")"
    )]
    NoHeader { place: String, scanned: usize },

    #[error("{cell}: this row has values but no product line")]
    MissingLine { cell: String },

    #[error("{cell}: expected a period like 2025-Q1, Q1 2025, 2025-01 or 2025, got \"{raw}\"")]
    BadPeriod { cell: String, raw: String },

    #[error("{cell}: this row has a value but no metric name")]
    MissingMetric { cell: String },

    #[error(
        "{cell}: expected the date or time of the response (e.g. 2025-03-14 or 2025-03-14 10:22) or a period like 2025-Q1, got \"{raw}\""
    )]
    BadTimestamp { cell: String, raw: String },

    #[error(
        "{cell} (column \"{column}\"): expected a whole score from {low} to {high}, got \"{raw}\""
    )]
    BadScore {
        cell: String,
        column: String,
        raw: String,
        low: u8,
        high: u8,
    },

    #[error("{cell}: {message}")]
    BadStage { cell: String, message: String },

    #[error(
        "{cell} (column \"{column}\"): expected a number (e.g. 0.85, 85%, 1,250), got \"{raw}\""
    )]
    BadNumber {
        cell: String,
        column: String,
        raw: String,
    },

    #[error("{cell} (column \"{column}\"): expected a whole number of responses, got \"{raw}\"")]
    BadSampleSize {
        cell: String,
        column: String,
        raw: String,
    },

    #[error(
        "{cell} (column \"{column}\"): {value} is out of range for {metric} ({unit}): expected {expected}"
    )]
    OutOfRange {
        cell: String,
        column: String,
        value: f64,
        metric: MetricId,
        unit: &'static str,
        expected: String,
    },

    #[error(
        "{metric} for {line} in {period} has two different values: {} at {} and {} at {}; keep one of them",
        places[0].1, places[0].0, places[1].1, places[1].0
    )]
    Conflict {
        line: String,
        period: String,
        metric: MetricId,
        /// (place, value) of the first and the second value.
        places: Box<[(String, f64); 2]>,
    },

    #[error(
        "{line} in {period} has two lifecycle stages: {} at {} and {} at {}; keep one of them",
        places[0].1, places[0].0, places[1].1, places[1].0
    )]
    StageConflict {
        line: String,
        period: String,
        /// (place, stage) of the first and the second statement.
        places: Box<[(String, String); 2]>,
    },

    #[error("could not build the KPI table: {message}")]
    Internal { message: String },

    #[error("{place}: the column \"{column}\" appears twice in the header row")]
    DuplicateColumn { place: String, column: String },
}

impl FrameError {
    pub fn out_of_range(
        cell: String,
        column: String,
        value: f64,
        metric: &MetricId,
        unit: Unit,
    ) -> Self {
        let expected = match unit.valid_range() {
            Some((lo, hi)) if hi.is_infinite() => format!("a value of at least {lo}"),
            Some((lo, hi)) if unit == Unit::Fraction => {
                format!("a share between {lo} and {hi} (0% to 100%)")
            }
            Some((lo, hi)) => format!("a value between {lo} and {hi}"),
            None => "a finite number".to_string(),
        };
        FrameError::OutOfRange {
            cell,
            column,
            value,
            metric: metric.clone(),
            unit: unit.as_str(),
            expected,
        }
    }
}
