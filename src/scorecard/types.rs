//! The scorecard data the report stage renders.

use super::Reason;
use crate::model::{
    DataIssue, Direction, Labels, MetricId, Owner, People, Period, ScoreKind, Stage, Status,
};
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
    /// Which rule set the weight (`scripts/20-hooks.rhai:48 (targets()
    /// hook)`); `None` for the default weight 1 and unowned metrics.
    pub weight_from: Option<Arc<str>>,
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

    /// Whether this metric is one of the KPIs its scores could count (the
    /// denominator of their [`Coverage`]): a weight above 0 and a target,
    /// or a status a rule judged, and not shown for information only.
    pub fn in_scope(&self) -> bool {
        self.owner.is_some()
            && self.weight > 0.0
            && !matches!(self.status, Status::Info | Status::Off)
            && (self.threshold.is_some() || self.status.is_scored())
    }

    pub fn change(&self) -> Option<f64> {
        Some(self.value? - self.previous?)
    }
}

/// Weighted 0-100 scores; `None` where no metric with data and a target
/// counts, or where too little of the weight has a value (see
/// [`Coverage`]).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    pub pm: Option<f64>,
    pub pmm: Option<f64>,
    pub shared: Option<f64>,
    pub overall: Option<f64>,
    /// Each score's coverage, in [`ScoreKind::ALL`] order.
    pub coverage: [Coverage; 4],
}

impl Scores {
    pub fn get(&self, kind: ScoreKind) -> Option<f64> {
        match kind {
            ScoreKind::Pm => self.pm,
            ScoreKind::Pmm => self.pmm,
            ScoreKind::Shared => self.shared,
            ScoreKind::Overall => self.overall,
        }
    }

    pub fn coverage(&self, kind: ScoreKind) -> &Coverage {
        &self.coverage[kind.index()]
    }

    /// Whether the score is given, and if not, why.
    pub fn status(&self, kind: ScoreKind) -> ScoreStatus {
        let coverage = self.coverage(kind);
        match self.get(kind) {
            Some(_) => ScoreStatus::Scored,
            None if coverage.of == 0 => ScoreStatus::NoKpis,
            None => ScoreStatus::InsufficientData,
        }
    }
}

/// Whether a score is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreStatus {
    Scored,
    /// Too little of the weight has a value: below the rules' minimum
    /// coverage, or none at all.
    InsufficientData,
    /// No KPI of the score could be scored (none has a weight and a target).
    NoKpis,
}

impl ScoreStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            ScoreStatus::Scored => "scored",
            ScoreStatus::InsufficientData => "insufficient_data",
            ScoreStatus::NoKpis => "no_kpis",
        }
    }
}

/// How much of a score's KPIs had a value: `3 of 5 KPIs, 64% of the
/// weight`. A KPI is one of the score's when it has a weight above 0 and a
/// target (or a status a rule hook set); it has a value when it is judged
/// green, amber or red (no data and a sample too small do not count).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Coverage {
    /// KPIs judged green, amber or red.
    pub kpis: usize,
    /// KPIs the score could count.
    pub of: usize,
    /// The weight of the judged KPIs.
    pub weight: f64,
    /// The weight of every KPI the score could count.
    pub of_weight: f64,
    /// The share of the weight the rules ask for (`min_coverage`).
    pub minimum: f64,
}

impl Coverage {
    /// The judged share of the weight, 0..=1; `None` without KPIs.
    pub fn share(&self) -> Option<f64> {
        (self.of_weight > 0.0).then(|| self.weight / self.of_weight)
    }

    /// Whether enough of the weight has a value for a score.
    pub fn is_enough(&self) -> bool {
        self.weight > 0.0 && self.share().is_some_and(|s| s >= self.minimum)
    }
}

impl std::fmt::Display for Coverage {
    /// `3 of 5 KPIs, 64% of the weight`, or `no scored KPIs`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.share() {
            None => f.write_str("no scored KPIs"),
            Some(share) => write!(
                f,
                "{} of {} KPI{}, {} of the weight",
                self.kpis,
                self.of,
                crate::model::format::plural(self.of),
                crate::model::format::show_share(share)
            ),
        }
    }
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

    /// The scorecards of `period` in line order, for the lines that have
    /// one (one pass, however many lines).
    pub fn in_line_order(&self, period: Period) -> Vec<&Scorecard> {
        let of: std::collections::HashMap<&str, &Scorecard> = self
            .cards
            .iter()
            .filter(|c| c.period == period)
            .map(|c| (c.line.as_str(), c))
            .collect();
        self.lines
            .iter()
            .filter_map(|line| of.get(line.as_str()).copied())
            .collect()
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
