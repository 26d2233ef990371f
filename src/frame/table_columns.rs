//! The canonical frame's columns, filled one observation at a time straight
//! into polars builders. The `source` column is built apart (on a thread of
//! its own for a large frame): a value's source text is written into one
//! reused buffer and copied into the column, never held as a string of its
//! own.

use super::Observation;
use super::table::col;
use crate::ingest::Grid;
use crate::model::Stage;
use polars::prelude::*;

/// Every column but `source`.
pub struct Columns {
    line: StringChunkedBuilder,
    period: StringChunkedBuilder,
    stage: StringChunkedBuilder,
    metric: StringChunkedBuilder,
    value: Vec<f64>,
    sample_size: Vec<Option<u32>>,
}

impl Columns {
    pub fn with_capacity(height: usize) -> Self {
        let text = |name: &str| StringChunkedBuilder::new(name.into(), height);
        Columns {
            line: text(col::LINE),
            period: text(col::PERIOD),
            stage: text(col::STAGE),
            metric: text(col::METRIC),
            value: Vec::with_capacity(height),
            sample_size: Vec::with_capacity(height),
        }
    }

    /// Appends one row: `o` of `line` in the period labelled `period`, whose
    /// line is at `stage` then.
    pub fn push(&mut self, line: &str, period: &str, stage: Option<Stage>, o: &Observation) {
        self.line.append_value(line);
        self.period.append_value(period);
        self.stage.append_option(stage.map(|s| s.as_str()));
        self.metric.append_value(o.metric.as_str());
        self.value.push(o.value);
        self.sample_size.push(o.sample_size);
    }

    /// The columns, in the canonical order, with `source` last.
    pub fn finish(self, source: Column) -> Vec<Column> {
        vec![
            self.line.finish().into_column(),
            self.period.finish().into_column(),
            self.stage.finish().into_column(),
            self.metric.finish().into_column(),
            Column::new(col::VALUE.into(), self.value),
            Column::new(col::SAMPLE_SIZE.into(), self.sample_size),
            source,
        ]
    }
}

/// The `source` column: each observation's source as text; their cells
/// are in `grids`.
pub fn sources(observations: &[Observation], grids: &[Grid]) -> Column {
    let mut column = StringChunkedBuilder::new(col::SOURCE.into(), observations.len());
    let mut text = String::new();
    for o in observations {
        text.clear();
        o.source.write(grids, &mut text);
        column.append_value(&text);
    }
    column.finish().into_column()
}
