//! The canonical frame's columns, filled one observation at a time straight
//! into polars builders. The `metric` and `source` columns are built apart
//! (on a thread of their own for a large frame): a value's source text is
//! written into one reused buffer and copied into the column, never held as
//! a string of its own.

use super::Observation;
use super::source::SourceWriter;
use super::table::col;
use crate::ingest::Grid;
use crate::model::Stage;
use polars::prelude::*;

/// Every column but `metric` and `source`.
pub struct Columns {
    line: StringChunkedBuilder,
    period: StringChunkedBuilder,
    /// Stages are few and often absent: kept small until the end.
    stage: Vec<Option<Stage>>,
    value: Vec<f64>,
    sample_size: Vec<Option<u32>>,
}

impl Columns {
    pub fn with_capacity(height: usize) -> Self {
        let text = |name: &str| StringChunkedBuilder::new(name.into(), height);
        Columns {
            line: text(col::LINE),
            period: text(col::PERIOD),
            stage: Vec::with_capacity(height),
            value: Vec::with_capacity(height),
            sample_size: Vec::with_capacity(height),
        }
    }

    /// Appends one row: `o` of `line` in the period labelled `period`, whose
    /// line is at `stage` then.
    pub fn push(&mut self, line: &str, period: &str, stage: Option<Stage>, o: &Observation) {
        self.line.append_value(line);
        self.period.append_value(period);
        self.stage.push(stage);
        self.value.push(o.value);
        self.sample_size.push(o.sample_size);
    }

    /// The columns, in the canonical order, given the `metric` and
    /// `source` columns.
    pub fn finish(self, [metric, source]: [Column; 2]) -> Vec<Column> {
        vec![
            self.line.finish().into_column(),
            self.period.finish().into_column(),
            stage_column(&self.stage),
            metric,
            Column::new(col::VALUE.into(), self.value),
            Column::new(col::SAMPLE_SIZE.into(), self.sample_size),
            source,
        ]
    }
}

/// The `stage` column: all null when no value has a stage.
fn stage_column(stages: &[Option<Stage>]) -> Column {
    if stages.iter().all(Option::is_none) {
        return Column::full_null(col::STAGE.into(), stages.len(), &DataType::String);
    }
    let mut column = StringChunkedBuilder::new(col::STAGE.into(), stages.len());
    for stage in stages {
        column.append_option(stage.map(|s| s.as_str()));
    }
    column.finish().into_column()
}

/// The `metric` and `source` columns: each observation's metric, and its
/// source as text; their cells are in `grids`.
pub fn metrics_and_sources(observations: &[Observation], grids: &[Grid]) -> [Column; 2] {
    let mut metrics = StringChunkedBuilder::new(col::METRIC.into(), observations.len());
    let mut sources = StringChunkedBuilder::new(col::SOURCE.into(), observations.len());
    let mut writer = SourceWriter::new(grids);
    let mut text = String::new();
    for o in observations {
        metrics.append_value(o.metric.as_str());
        text.clear();
        writer.write(&o.source, &mut text);
        sources.append_value(&text);
    }
    [
        metrics.finish().into_column(),
        sources.finish().into_column(),
    ]
}
