//! Weighted 0-100 scores per owner and overall, each with its coverage.
//!
//! A score is the weighted mean of the attainment of the metrics that count:
//! those with a value, a target, enough responses and a weight above 0.
//! Metrics without data leave the denominator rather than counting as 0,
//! so a score also carries its coverage (how much of its weight had a
//! value), and is left out when that is below the rules' `min_coverage`.

use super::{Coverage, MetricResult, Scores};
use crate::model::ScoreKind;
use crate::rules::MinCoverage;

/// The weighted mean attainment of `metrics` that count; `None` if none does.
pub fn weighted_score<'a>(metrics: impl IntoIterator<Item = &'a MetricResult>) -> Option<f64> {
    let (sum, weights) = metrics
        .into_iter()
        .filter(|m| m.counts())
        .filter_map(|m| Some((m.attainment? * m.weight, m.weight)))
        .fold((0.0, 0.0), |(s, w), (a, b)| (s + a, w + b));
    (weights > 0.0).then(|| sum / weights)
}

/// How much of `metrics`' scorable weight is judged.
pub fn coverage<'a>(metrics: impl IntoIterator<Item = &'a MetricResult>, minimum: f64) -> Coverage {
    let mut c = Coverage {
        minimum,
        ..Coverage::default()
    };
    for m in metrics.into_iter().filter(|m| m.in_scope()) {
        c.of += 1;
        c.of_weight += m.weight;
        if m.counts() && m.attainment.is_some() {
            c.kpis += 1;
            c.weight += m.weight;
        }
    }
    c
}

/// The four scores of one scorecard, each `None` below its minimum coverage.
pub fn scores(metrics: &[MetricResult], minimum: &MinCoverage) -> Scores {
    let mut scores = Scores::default();
    for kind in ScoreKind::ALL {
        let of = |m: &&MetricResult| kind.owner().is_none_or(|o| m.owner == Some(o));
        let cov = coverage(metrics.iter().filter(of), minimum.of(kind).share);
        let score = cov
            .is_enough()
            .then(|| weighted_score(metrics.iter().filter(of)))
            .flatten();
        scores.coverage[kind.index()] = cov;
        match kind {
            ScoreKind::Pm => scores.pm = score,
            ScoreKind::Pmm => scores.pmm = score,
            ScoreKind::Shared => scores.shared = score,
            ScoreKind::Overall => scores.overall = score,
        }
    }
    scores
}
