//! The canonical KPI frame: a long polars table, one row per value, plus the
//! sorted lists of lines and periods and each line's lifecycle stage.

use super::table_columns::{self, Columns};
use super::{FrameError, Lines, Observation, Reading};
use crate::ingest::Grid;
use crate::model::{DataIssue, DataReference, MetricId, Money, People, Period, Stage};
use polars::prelude::*;
use std::collections::BTreeMap;

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

/// The fewest rows for which the source column is built on a thread of its
/// own.
const PARALLEL_ROWS: usize = 50_000;

/// The metric and source columns of a frame being built.
enum Sources<'scope> {
    Building(std::thread::ScopedJoinHandle<'scope, [Column; 2]>),
    Later,
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
    /// Targets, thresholds and benchmarks the data gives.
    references: Vec<DataReference>,
    /// How each grid was read.
    readings: Vec<Reading>,
    /// The currency and precision of each money metric in the data.
    money: BTreeMap<MetricId, Money>,
    /// The experiments analysed from experiment results.
    experiments: Vec<crate::frame::records::Experiment>,
    /// The adoption of each declared feature, from product events.
    features: Vec<crate::frame::records::FeatureUsage>,
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
    /// Builds the frame from observations sorted by line, period and metric,
    /// whose `metrics` are sorted by name, whose lines are named in `names`
    /// and whose cells are in `grids`.
    pub(super) fn from_observations(
        observations: Vec<Observation>,
        metrics: Vec<MetricId>,
        names: &Lines,
        grids: &[Grid],
        issues: Vec<DataIssue>,
        people: BTreeMap<String, People>,
    ) -> Result<KpiFrame, FrameError> {
        debug_assert!(observations.is_sorted_by(|a, b| {
            (names.name(a.line), a.period, &a.metric) <= (names.name(b.line), b.period, &b.metric)
        }));
        let height = observations.len();
        std::thread::scope(|scope| {
            // The source texts are the costliest column: a large frame
            // builds them, and the metric names, on a second thread.
            let sources = if height >= PARALLEL_ROWS {
                Sources::Building(
                    scope.spawn(|| table_columns::metrics_and_sources(&observations, grids)),
                )
            } else {
                Sources::Later
            };
            let mut columns = Columns::with_capacity(height);
            let mut stages: BTreeMap<(String, Period), Stage> = BTreeMap::new();
            let mut lines: Vec<String> = Vec::new();
            let mut labels: BTreeMap<Period, String> = BTreeMap::new();
            // One pass over each (line, period) run: its stage, line and label.
            for run in observations.chunk_by(|a, b| a.line == b.line && a.period == b.period) {
                let (line, period) = (names.name(run[0].line), run[0].period);
                let stage = run.iter().find_map(|o| o.stage);
                if let Some(stage) = stage {
                    stages.insert((line.to_string(), period), stage);
                }
                if lines.last().map(String::as_str) != Some(line) {
                    lines.push(line.to_string());
                }
                let label = labels.entry(period).or_insert_with(|| period.to_string());
                for o in run {
                    columns.push(line, label, stage, o);
                }
            }
            let sources = match sources {
                Sources::Building(thread) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Sources::Later => table_columns::metrics_and_sources(&observations, grids),
            };
            let df = DataFrame::new(height, columns.finish(sources)).map_err(|e| {
                FrameError::Internal {
                    message: e.to_string(),
                }
            })?;
            Ok(KpiFrame {
                df,
                lines,
                periods: labels.into_keys().collect(),
                stages,
                metrics,
                people,
                issues,
                references: Vec::new(),
                readings: Vec::new(),
                money: BTreeMap::new(),
                experiments: Vec::new(),
                features: Vec::new(),
            })
        })
    }

    /// Sets the experiments analysed from experiment results.
    pub(super) fn set_experiments(&mut self, experiments: Vec<crate::frame::records::Experiment>) {
        self.experiments = experiments;
    }

    /// Sets the adoption of each declared feature.
    pub(super) fn set_features(&mut self, features: Vec<crate::frame::records::FeatureUsage>) {
        self.features = features;
    }

    /// The adoption of each declared feature by line, period and the
    /// features' order (`frame::records::adoption`).
    pub fn features(&self) -> &[crate::frame::records::FeatureUsage] {
        &self.features
    }

    /// The experiments analysed from experiment results, by line, period
    /// and name.
    pub fn experiments(&self) -> &[crate::frame::records::Experiment] {
        &self.experiments
    }

    /// Sets what was read besides the values: the data's targets,
    /// thresholds and benchmarks, and how each grid was read.
    pub(super) fn set_read(&mut self, references: Vec<DataReference>, readings: Vec<Reading>) {
        self.references = references;
        self.readings = readings;
    }

    pub(super) fn set_money(&mut self, money: BTreeMap<MetricId, Money>) {
        self.money = money;
    }

    /// Each money metric's currency (when the inputs name one) and the one
    /// precision of its values.
    pub fn money(&self) -> &BTreeMap<MetricId, Money> {
        &self.money
    }

    /// Targets, thresholds and benchmarks given in the data.
    pub fn references(&self) -> &[DataReference] {
        &self.references
    }

    /// How each sheet or file was read, in input order.
    pub fn readings(&self) -> &[Reading] {
        &self.readings
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
