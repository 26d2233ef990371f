//! The metric catalogue: what the scripts declared with `metric(...)`, as
//! typed [`MetricSpec`]s (checked and built in `spec.rs`).
//!
//! A script may declare a metric again in a later file to change some of its
//! keys; the later value of each key wins.

use crate::model::{Direction, MetricId, Owner, Stage, Unit};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A target and the amber threshold beside it. Between the two the status is
/// amber; past the amber threshold it is red. Without `warn` there is no
/// amber band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Threshold {
    /// The target; for a band, the band's bottom.
    pub target: f64,
    /// The amber threshold (a value); for a band, how far outside the band
    /// still counts as amber (a distance).
    pub warn: Option<f64>,
    /// The band's top; `None` unless the direction is a band.
    pub upper: Option<f64>,
}

/// A threshold and the rule that set it, e.g.
/// `scripts/10-catalogue.rhai:31 (by_stage.Growth)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub threshold: Threshold,
    pub from: Arc<str>,
}

/// What `by_line` changes for one product line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineOverride {
    pub owner: Option<Owner>,
    pub weight: Option<f64>,
    /// Where the weight was set: `scripts/20-hooks.rhai:76 (targets() hook)`.
    pub weight_from: Option<Arc<str>>,
    pub rule: Option<Rule>,
}

/// `target_from_benchmark: "Industry median"`: the data's benchmark of that
/// label is the metric's target, for each line and period that gives one.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchmarkTarget {
    /// As the rule writes it; matched without regard to case
    /// ([`crate::model::same_label`]).
    pub label: String,
    /// Where the key is written: `rules/50-benchmarks.rhai:3`.
    pub declared_at: Arc<str>,
}

/// Everything the rules say about one metric.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricSpec {
    pub id: MetricId,
    pub name: Arc<str>,
    pub owner: Owner,
    pub direction: Direction,
    pub unit: Unit,
    /// The target for lines whose stage has no entry in `by_stage`.
    pub default: Option<Rule>,
    pub by_stage: BTreeMap<Stage, Rule>,
    /// Per-line changes, by line name as written in the data.
    pub by_line: BTreeMap<String, LineOverride>,
    pub weight: f64,
    /// Where the weight was set (`scripts/10-catalogue.rhai:40`); `None`
    /// when the metric has the default weight 1.
    pub weight_from: Option<Arc<str>>,
    pub min_sample: Option<u32>,
    pub description: String,
    /// The metric spans several lines: it needs marketing oversight at
    /// portfolio level rather than one line's PM.
    pub oversight: bool,
    /// Whether targets and thresholds the data gives for this metric (a
    /// `Target` column) are used; `data_targets: false` switches them off.
    pub data_targets: bool,
    /// The benchmark the rules score this metric against, if any.
    pub benchmark_target: Option<BenchmarkTarget>,
    /// `optional: true`: the metric is on the scorecards only when the data
    /// gives it for some line (the KPIs computed from record exports, which
    /// most portfolios do not have), instead of as "no data" everywhere.
    pub optional: bool,
    /// Position of the metric's first declaration across all scripts: the
    /// report lists metrics in this order.
    pub order: usize,
}

/// What the catalogue says for one line at one stage, before any hook.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved<'a> {
    pub owner: Owner,
    pub weight: f64,
    /// Where the weight was set, if a rule set it.
    pub weight_from: Option<&'a Arc<str>>,
    pub rule: Option<&'a Rule>,
    /// Whether the rule is the stage's own (for reasons like "the
    /// Growth-stage target").
    pub stage_specific: bool,
}

impl MetricSpec {
    /// A copy that shares no reference counts with this one. Each scorecard
    /// thread works on copies of its own, so the millions of results that
    /// point at a metric's name do not make the threads contend for one
    /// counter.
    pub fn detached(&self) -> MetricSpec {
        let rule = |r: &Rule| Rule {
            threshold: r.threshold,
            from: Arc::from(&*r.from),
        };
        MetricSpec {
            id: self.id.detached(),
            name: Arc::from(&*self.name),
            weight_from: self.weight_from.as_deref().map(Arc::from),
            default: self.default.as_ref().map(rule),
            by_stage: self.by_stage.iter().map(|(s, r)| (*s, rule(r))).collect(),
            by_line: self
                .by_line
                .iter()
                .map(|(line, o)| {
                    let o = LineOverride {
                        rule: o.rule.as_ref().map(rule),
                        weight_from: o.weight_from.as_deref().map(Arc::from),
                        ..o.clone()
                    };
                    (line.clone(), o)
                })
                .collect(),
            ..self.clone()
        }
    }

    /// Owner, weight and threshold for `line` at `stage`: a `by_line` entry
    /// wins over `by_stage`, which wins over the plain target.
    pub fn resolve(&self, line: &str, stage: Option<Stage>) -> Resolved<'_> {
        let over = self.by_line.get(line);
        let staged = stage.and_then(|s| self.by_stage.get(&s));
        let (rule, stage_specific) = match (over.and_then(|o| o.rule.as_ref()), staged) {
            (Some(r), _) => (Some(r), false),
            (None, Some(r)) => (Some(r), true),
            (None, None) => (self.default.as_ref(), false),
        };
        Resolved {
            owner: over.and_then(|o| o.owner).unwrap_or(self.owner),
            weight: over.and_then(|o| o.weight).unwrap_or(self.weight),
            weight_from: match over.filter(|o| o.weight.is_some()) {
                Some(o) => o.weight_from.as_ref(),
                None => self.weight_from.as_ref(),
            },
            rule,
            stage_specific,
        }
    }
}

/// All metrics, by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogue {
    pub metrics: BTreeMap<MetricId, MetricSpec>,
}

impl Catalogue {
    pub fn get(&self, id: &MetricId) -> Option<&MetricSpec> {
        self.metrics.get(id)
    }

    /// Every metric, in the order the scripts first declared them.
    pub fn in_order(&self) -> Vec<&MetricSpec> {
        let mut specs: Vec<&MetricSpec> = self.metrics.values().collect();
        specs.sort_by_key(|s| s.order);
        specs
    }

    /// [`Self::in_order`] without the optional metrics the data does not
    /// give (`measured` holds every metric with a value).
    pub fn in_use(&self, measured: &dyn Fn(&MetricId) -> bool) -> Vec<&MetricSpec> {
        let mut specs = self.in_order();
        specs.retain(|s| !s.optional || measured(&s.id));
        specs
    }
}

/// The keys a `metric(...)` map may hold, in the order the README lists them.
pub const METRIC_KEYS: [&str; 18] = [
    "name",
    "owner",
    "direction",
    "unit",
    "currency",
    "target",
    "warn",
    "min",
    "max",
    "weight",
    "min_sample",
    "description",
    "by_stage",
    "by_line",
    "oversight",
    "data_targets",
    "target_from_benchmark",
    "optional",
];
