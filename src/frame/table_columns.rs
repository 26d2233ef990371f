//! The canonical frame's columns, filled one observation at a time straight
//! into polars builders: a value's source text is written into one reused
//! buffer and copied into the column, never held as a string of its own.

use super::Observation;
use super::table::col;
use crate::ingest::Grid;
use crate::model::Stage;
use polars::prelude::*;

pub struct Columns {
    line: StringChunkedBuilder,
    period: StringChunkedBuilder,
    stage: StringChunkedBuilder,
    metric: StringChunkedBuilder,
    value: Vec<f64>,
    sample_size: Vec<Option<u32>>,
    source: StringChunkedBuilder,
    /// The source text being written.
    text: String,
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
            source: text(col::SOURCE),
            text: String::new(),
        }
    }

    /// Appends one row: `o` of `line` in the period labelled `period`, whose
    /// line is at `stage` then; its source is a cell of `grids`.
    pub fn push(
        &mut self,
        line: &str,
        period: &str,
        stage: Option<Stage>,
        o: &Observation,
        grids: &[Grid],
    ) {
        self.line.append_value(line);
        self.period.append_value(period);
        self.stage.append_option(stage.map(|s| s.as_str()));
        self.metric.append_value(o.metric.as_str());
        self.value.push(o.value);
        self.sample_size.push(o.sample_size);
        self.text.clear();
        o.source.write(grids, &mut self.text);
        self.source.append_value(&self.text);
    }

    /// The columns, in the canonical order.
    pub fn finish(self) -> Vec<Column> {
        vec![
            self.line.finish().into_column(),
            self.period.finish().into_column(),
            self.stage.finish().into_column(),
            self.metric.finish().into_column(),
            Column::new(col::VALUE.into(), self.value),
            Column::new(col::SAMPLE_SIZE.into(), self.sample_size),
            self.source.finish().into_column(),
        ]
    }
}
