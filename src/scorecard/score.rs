//! Weighted 0-100 scores per owner and overall.
//!
//! A score is the weighted mean of the attainment of the metrics that count:
//! those with a value, a target, enough responses and a weight above 0.
//! Metrics without data leave the denominator rather than counting as 0.

use super::{MetricResult, Scores};
use crate::model::Owner;

/// The weighted mean attainment of `metrics` that count; `None` if none does.
pub fn weighted_score<'a>(metrics: impl IntoIterator<Item = &'a MetricResult>) -> Option<f64> {
    let (sum, weights) = metrics
        .into_iter()
        .filter(|m| m.counts())
        .filter_map(|m| Some((m.attainment? * m.weight, m.weight)))
        .fold((0.0, 0.0), |(s, w), (a, b)| (s + a, w + b));
    (weights > 0.0).then(|| sum / weights)
}

pub fn scores(metrics: &[MetricResult]) -> Scores {
    let of = |owner: Owner| weighted_score(metrics.iter().filter(|m| m.owner == Some(owner)));
    Scores {
        pm: of(Owner::Pm),
        pmm: of(Owner::Pmm),
        shared: of(Owner::Shared),
        overall: weighted_score(metrics),
    }
}
