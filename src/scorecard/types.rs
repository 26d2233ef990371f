//! The scorecard data the report stage renders.

use super::Reason;
use crate::model::{DataIssue, Direction, Labels, MetricId, Owner, People, Period, Stage, Status};
use crate::rules::Threshold;
use std::sync::Arc;

/// One metric on one scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricResult {
    pub metric: MetricId,
    /// The display name from the catalogue (the metric name when unowned).
    pub name: Arc<str>,
    /// `None` for a metric the catalogue does not know.
    pub owner: Option<Owner>,
    pub direction: Option<Direction>,
    pub unit: crate::model::Unit,
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub threshold: Option<Threshold>,
    pub status: Status,
    /// 0-100: how far the value is towards its target (100 at the target,
    /// 50 at the amber threshold); `None` when the status is not scored.
    pub attainment: Option<f64>,
    pub weight: f64,
    pub sample_size: Option<u32>,
    /// Why it has its status: `reason()` gives the words.
    pub why: Reason,
    pub source: Option<String>,
    /// Which rule set the target, e.g. "scripts/10-catalogue.rhai: by_stage
    /// Growth" or "hook target() in scripts/20-hooks.rhai"; `None` without a
    /// target.
    pub target_from: Option<Arc<str>>,
    /// The rules flag this metric as spanning several lines: it needs
    /// marketing oversight at portfolio level, not one line's PM.
    pub oversight: bool,
    /// Benchmarks the data gives for this metric (`Industry median`),
    /// shown beside the target; not scored unless a rule's
    /// `target_from_benchmark` makes one the target (`Benchmark::scored`).
    pub benchmarks: Vec<Benchmark>,
}

/// A benchmark value of a metric, as the data labels it.
#[derive(Debug, Clone, PartialEq)]
pub struct Benchmark {
    /// As written: `Industry median`, `Competitor: Acme`.
    pub label: String,
    /// In the metric's canonical unit.
    pub value: f64,
    /// Where it was read: `kpis.xlsx!KPIs!F7 ("NPS Industry median" column)`.
    pub source: String,
    /// The metric's target is this benchmark (`target_from_benchmark`).
    pub scored: bool,
}

impl MetricResult {
    /// The benchmark that is the metric's target, if a rule made one so.
    pub fn scored_benchmark(&self) -> Option<&Benchmark> {
        self.benchmarks.iter().find(|b| b.scored)
    }

    /// Whether this metric takes part in the scores.
    pub fn counts(&self) -> bool {
        self.status.is_scored() && self.weight > 0.0
    }

    pub fn change(&self) -> Option<f64> {
        Some(self.value? - self.previous?)
    }
}

/// Weighted 0-100 scores; `None` where no metric with data and a target
/// counts.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    pub pm: Option<f64>,
    pub pmm: Option<f64>,
    pub shared: Option<f64>,
    pub overall: Option<f64>,
}

/// One product line in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    pub line: String,
    pub period: Period,
    pub stage: Option<Stage>,
    /// The PM and PMM the data names for this line, if any.
    pub people: People,
    pub scores: Scores,
    pub labels: Labels,
    pub metrics: Vec<MetricResult>,
}

impl Scorecard {
    pub fn count(&self, status: Status) -> usize {
        self.metrics.iter().filter(|m| m.status == status).count()
    }
}

/// Every scorecard of the run.
#[derive(Debug, Clone, PartialEq)]
pub struct Portfolio {
    pub lines: Vec<String>,
    pub periods: Vec<Period>,
    /// Line by line, and within a line in period order.
    pub cards: Vec<Scorecard>,
    /// Warnings from the data and the rules.
    pub issues: Vec<DataIssue>,
}

impl Portfolio {
    pub fn card(&self, line: &str, period: Period) -> Option<&Scorecard> {
        self.cards
            .iter()
            .find(|c| c.line == line && c.period == period)
    }

    /// The scorecards of `period`, worst overall score first (lines without
    /// a score last), ties by line name.
    pub fn ranked(&self, period: Period) -> Vec<&Scorecard> {
        let mut cards: Vec<&Scorecard> = self.cards.iter().filter(|c| c.period == period).collect();
        let key = |s: Option<f64>| s.unwrap_or(f64::INFINITY);
        cards.sort_by(|a, b| {
            key(a.scores.overall)
                .total_cmp(&key(b.scores.overall))
                .then(a.line.cmp(&b.line))
        });
        cards
    }

    pub fn latest_period(&self) -> Option<Period> {
        self.periods.last().copied()
    }
}
