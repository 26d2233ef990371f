//! The canonical KPI frame: a long polars table, one row per value, plus the
//! sorted lists of lines and periods and each line's lifecycle stage.

use super::{FrameError, Observation};
use crate::model::{DataIssue, MetricId, People, Period, Stage};
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Column names of the canonical frame.
pub mod col {
    pub const LINE: &str = "line";
    pub const PERIOD: &str = "period";
    pub const STAGE: &str = "stage";
    pub const METRIC: &str = "metric";
    pub const VALUE: &str = "value";
    pub const SAMPLE_SIZE: &str = "sample_size";
    pub const SOURCE: &str = "source";
}

/// All input values in canonical form, sorted by line, period and metric.
#[derive(Debug, Clone)]
pub struct KpiFrame {
    df: DataFrame,
    lines: Vec<String>,
    periods: Vec<Period>,
    stages: BTreeMap<(String, Period), Stage>,
    /// Metrics that occur in the data, sorted by name.
    metrics: Vec<MetricId>,
    people: BTreeMap<String, People>,
    issues: Vec<DataIssue>,
}

/// One row of the frame, borrowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObservationRef<'a> {
    pub line: &'a str,
    pub period: Period,
    pub metric: &'a str,
    pub value: f64,
    pub sample_size: Option<u32>,
    pub source: &'a str,
}

impl KpiFrame {
    /// Builds the frame from observations sorted by line, period and metric.
    pub(super) fn from_observations(
        observations: Vec<Observation>,
        issues: Vec<DataIssue>,
        people: BTreeMap<String, People>,
    ) -> Result<KpiFrame, FrameError> {
        debug_assert!(observations.is_sorted_by(|a, b| {
            (&a.line, a.period, &a.metric) <= (&b.line, b.period, &b.metric)
        }));
        // One pass over each (line, period) run: its stage, and the lines.
        let mut stages: BTreeMap<(String, Period), Stage> = BTreeMap::new();
        let mut lines: Vec<String> = Vec::new();
        let mut stage_column: Vec<Option<&'static str>> = Vec::with_capacity(observations.len());
        let mut start = 0;
        while start < observations.len() {
            let (line, period) = (&observations[start].line, observations[start].period);
            let end = observations[start..]
                .iter()
                .position(|o| o.line != *line || o.period != period)
                .map_or(observations.len(), |p| start + p);
            let stage = observations[start..end].iter().find_map(|o| o.stage);
            if let Some(stage) = stage {
                stages.insert((line.clone(), period), stage);
            }
            if lines.last() != Some(line) {
                lines.push(line.clone());
            }
            stage_column.extend(std::iter::repeat_n(stage.map(|s| s.as_str()), end - start));
            start = end;
        }
        let periods: Vec<Period> = observations
            .iter()
            .map(|o| o.period)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let labels: BTreeMap<Period, String> =
            periods.iter().map(|p| (*p, p.to_string())).collect();

        let metrics: Vec<MetricId> = observations
            .iter()
            .map(|o| o.metric.as_str())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .filter_map(MetricId::normalise)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let height = observations.len();
        let columns = vec![
            Column::new(
                col::LINE.into(),
                observations
                    .iter()
                    .map(|o| o.line.as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                col::PERIOD.into(),
                observations
                    .iter()
                    .map(|o| labels[&o.period].as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new(col::STAGE.into(), stage_column),
            Column::new(
                col::METRIC.into(),
                observations
                    .iter()
                    .map(|o| o.metric.as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                col::VALUE.into(),
                observations.iter().map(|o| o.value).collect::<Vec<_>>(),
            ),
            Column::new(
                col::SAMPLE_SIZE.into(),
                observations
                    .iter()
                    .map(|o| o.sample_size)
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                col::SOURCE.into(),
                observations
                    .iter()
                    .map(|o| o.source.as_str())
                    .collect::<Vec<_>>(),
            ),
        ];
        let df = DataFrame::new(height, columns).map_err(|e| FrameError::Internal {
            message: e.to_string(),
        })?;
        Ok(KpiFrame {
            df,
            lines,
            periods,
            stages,
            metrics,
            people,
            issues,
        })
    }

    /// The polars frame itself.
    pub fn df(&self) -> &DataFrame {
        &self.df
    }

    /// Product lines, sorted by name.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// Periods, in time order.
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    pub fn stage(&self, line: &str, period: Period) -> Option<Stage> {
        self.stages.get(&(line.to_string(), period)).copied()
    }

    /// The PM and PMM the data names for a line (the latest stated wins).
    pub fn people(&self, line: &str) -> People {
        self.people.get(line).cloned().unwrap_or_default()
    }

    /// Metrics that occur in the data, sorted by name.
    pub fn metrics(&self) -> Vec<MetricId> {
        self.metrics.clone()
    }

    /// Warnings found while building the frame.
    pub fn issues(&self) -> &[DataIssue] {
        &self.issues
    }

    /// Every row of the frame, in line, period and metric order.
    pub fn rows(&self) -> impl Iterator<Item = ObservationRef<'_>> + '_ {
        let text = |name: &str| {
            self.df
                .column(name)
                .and_then(|c| c.str())
                .expect("canonical column")
        };
        let lines = text(col::LINE);
        let periods = text(col::PERIOD);
        let metrics = text(col::METRIC);
        let sources = text(col::SOURCE);
        let values = self
            .df
            .column(col::VALUE)
            .and_then(|c| c.f64())
            .expect("canonical column");
        let samples = self
            .df
            .column(col::SAMPLE_SIZE)
            .and_then(|c| c.u32())
            .expect("canonical column");
        lines
            .iter()
            .zip(periods.iter())
            .zip(metrics.iter())
            .zip(values.iter())
            .zip(samples.iter())
            .zip(sources.iter())
            .scan(
                (None::<&str>, None::<Period>),
                |last, (((((line, period), metric), value), sample_size), source)| {
                    // Rows come sorted, so a period label repeats: parse it once.
                    if last.0 != period {
                        *last = (period, period.and_then(|p| p.parse().ok()));
                    }
                    Some((((((line, last.1), metric), value), sample_size), source))
                },
            )
            .map(
                |(((((line, period), metric), value), sample_size), source)| ObservationRef {
                    line: line.unwrap_or_default(),
                    period: period.expect("canonical period label"),
                    metric: metric.unwrap_or_default(),
                    value: value.unwrap_or(f64::NAN),
                    sample_size,
                    source: source.unwrap_or_default(),
                },
            )
    }
}
