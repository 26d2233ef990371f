//! The JSON document of DESIGN.md section 5: stable field names, canonical
//! units, every line and period.

use super::{Exporter, ReportDoc, ReportError};
use crate::model::{DataIssue, ScoreKind};
use crate::scorecard::{MetricResult, ReasonText, Scorecard, Scores};
use serde::Serialize;
use std::collections::BTreeMap;

/// The JSON exporter.
pub struct Json;

#[derive(Serialize)]
struct Document<'a> {
    linecard_version: &'a str,
    inputs: Vec<FileEntry<'a>>,
    rules: Vec<FileEntry<'a>>,
    periods: Vec<String>,
    scorecards: Vec<CardEntry<'a>>,
    issues: &'a [DataIssue],
    /// The A/B experiments read from experiment results, when any were.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    experiments: &'a [crate::frame::records::Experiment],
    /// The adoption of each feature the rules declare, per line and
    /// period, when product events were read.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    features: &'a [crate::frame::records::FeatureUsage],
}

#[derive(Serialize)]
struct FileEntry<'a> {
    path: &'a str,
    sha256: &'a str,
}

#[derive(Serialize)]
struct CardEntry<'a> {
    line: &'a str,
    period: String,
    stage: Option<&'static str>,
    /// The PM and PMM the data names (null when it names none).
    people: PeopleEntry<'a>,
    scores: ScoresEntry,
    /// How much of each score's weight had a value.
    coverage: CoverageEntries,
    labels: BTreeMap<String, String>,
    fits: Vec<FitEntry<'a>>,
    metrics: Vec<MetricEntry<'a>>,
}

#[derive(Serialize)]
struct PeopleEntry<'a> {
    pm: Option<&'a str>,
    pmm: Option<&'a str>,
}

#[derive(Serialize)]
struct FitEntry<'a> {
    fit: &'static str,
    status: &'static str,
    reason: &'a str,
}

#[derive(Serialize)]
struct ScoresEntry {
    pm: Option<f64>,
    pmm: Option<f64>,
    shared: Option<f64>,
    overall: Option<f64>,
}

#[derive(Serialize)]
struct CoverageEntries {
    pm: CoverageEntry,
    pmm: CoverageEntry,
    shared: CoverageEntry,
    overall: CoverageEntry,
}

#[derive(Serialize)]
struct CoverageEntry {
    /// `scored`, `insufficient_data` (below the minimum) or `no_kpis`.
    status: &'static str,
    /// KPIs judged green, amber or red, of the KPIs the score could count.
    kpis: usize,
    of: usize,
    /// Their weights.
    weight: f64,
    of_weight: f64,
    /// weight / of_weight, 0..1; null without KPIs.
    share: Option<f64>,
    /// The share the rules ask for (`min_coverage`).
    minimum: f64,
}

fn coverage(scores: &Scores, kind: ScoreKind) -> CoverageEntry {
    let c = scores.coverage(kind);
    CoverageEntry {
        status: scores.status(kind).as_str(),
        kpis: c.kpis,
        of: c.of,
        weight: c.weight,
        of_weight: c.of_weight,
        share: c.share(),
        minimum: c.minimum,
    }
}

#[derive(Serialize)]
struct MetricEntry<'a> {
    metric: &'a str,
    value: Option<f64>,
    previous: Option<f64>,
    owner: Option<&'static str>,
    direction: Option<&'static str>,
    target: Option<f64>,
    warn: Option<f64>,
    /// The band's top when the direction is a band.
    #[serde(skip_serializing_if = "Option::is_none")]
    upper: Option<f64>,
    /// The currency of a money metric (`"USD"`), when the rules or the
    /// inputs name one; left out otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<&'a str>,
    status: &'static str,
    weight: f64,
    /// Which rule set the weight; null for the default weight 1.
    weight_from: Option<&'a str>,
    sample_size: Option<u32>,
    #[serde(serialize_with = "as_text")]
    reason: ReasonText<'a>,
    source: Option<&'a str>,
    /// 0-100 towards the target; null when the status is not scored.
    attainment: Option<f64>,
    /// Which rule set the target; null without one.
    target_from: Option<&'a str>,
    /// Flagged by the rules for portfolio-level marketing oversight.
    oversight: bool,
    /// Benchmarks the data gives (`Industry median`), not scored unless a
    /// rule names one (`"scored": true`); left out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    benchmarks: Vec<BenchmarkEntry<'a>>,
}

#[derive(Serialize)]
struct BenchmarkEntry<'a> {
    label: &'a str,
    value: f64,
    source: &'a str,
    /// The metric's target (`target_from_benchmark`); left out otherwise.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    scored: bool,
}

/// Writes a reason's words straight into the JSON string.
fn as_text<S: serde::Serializer>(reason: &ReasonText, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(reason)
}

fn metric(m: &MetricResult) -> MetricEntry<'_> {
    MetricEntry {
        metric: m.metric.as_str(),
        value: m.value,
        previous: m.previous,
        owner: m.owner.map(|o| o.as_str()),
        direction: m.direction.map(|d| d.as_str()),
        target: m.threshold.map(|t| t.target),
        warn: m.threshold.and_then(|t| t.warn),
        upper: m.threshold.and_then(|t| t.upper),
        currency: currency(&m.unit),
        status: m.status.as_str(),
        weight: m.weight,
        weight_from: m.weight_from.as_deref(),
        sample_size: m.sample_size,
        reason: m.reason(),
        source: m.source.as_deref(),
        attainment: m.attainment,
        target_from: m.target_from.as_deref(),
        benchmarks: m
            .benchmarks
            .iter()
            .map(|b| BenchmarkEntry {
                label: &b.label,
                value: b.value,
                source: &b.source,
                scored: b.scored,
            })
            .collect(),
        oversight: m.oversight,
    }
}

fn card(c: &Scorecard) -> CardEntry<'_> {
    CardEntry {
        line: &c.line,
        period: c.period.to_string(),
        stage: c.stage.map(|s| s.as_str()),
        people: PeopleEntry {
            pm: c.people.pm.as_deref(),
            pmm: c.people.pmm.as_deref(),
        },
        scores: ScoresEntry {
            pm: c.scores.pm,
            pmm: c.scores.pmm,
            shared: c.scores.shared,
            overall: c.scores.overall,
        },
        coverage: CoverageEntries {
            pm: coverage(&c.scores, ScoreKind::Pm),
            pmm: coverage(&c.scores, ScoreKind::Pmm),
            shared: coverage(&c.scores, ScoreKind::Shared),
            overall: coverage(&c.scores, ScoreKind::Overall),
        },
        labels: c.labels.as_map(),
        fits: c
            .labels
            .fits
            .iter()
            .map(|f| FitEntry {
                fit: f.fit.as_str(),
                status: f.status.as_str(),
                reason: &f.reason,
            })
            .collect(),
        metrics: c.metrics.iter().map(metric).collect(),
    }
}

impl Exporter for Json {
    fn render(&self, doc: &ReportDoc) -> Result<Vec<u8>, ReportError> {
        let document = Document {
            linecard_version: doc.version,
            inputs: doc
                .inputs
                .iter()
                .map(|i| FileEntry {
                    path: &i.path,
                    sha256: &i.sha256,
                })
                .collect(),
            rules: doc
                .rules
                .iter()
                .map(|r| FileEntry {
                    path: &r.path,
                    sha256: &r.sha256,
                })
                .collect(),
            periods: doc
                .portfolio
                .periods
                .iter()
                .map(|p| p.to_string())
                .collect(),
            scorecards: doc.portfolio.cards.iter().map(card).collect(),
            issues: &doc.portfolio.issues,
            experiments: doc.frame.map_or(&[], |f| f.experiments()),
            features: doc.frame.map_or(&[], |f| f.features()),
        };
        let mut bytes = serde_json::to_vec_pretty(&document)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

/// The code of a money unit's currency, borrowed from the unit.
fn currency(unit: &crate::model::Unit) -> Option<&str> {
    match unit {
        crate::model::Unit::Money(crate::model::Money {
            currency: Some(c), ..
        }) => Some(c.code()),
        _ => None,
    }
}
