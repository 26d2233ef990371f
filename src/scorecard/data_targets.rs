//! Targets, amber thresholds and benchmarks given in the data
//! ([`DataReference`]s from the frame), and their place among the rules'.
//!
//! Precedence, first that applies: a `targets()` hook's target; a benchmark
//! a rule names (`benchmark_targets.rs`); the data's target; the
//! catalogue's `by_line`, `by_stage` and plain target. A rule
//! switches data targets off for one metric (`data_targets: false`) or for
//! all (`data_targets(false)`). The amber threshold is the data's when it
//! gives one, else the catalogue's band kept at the same distance from the
//! new target (target 40 warn 30 in the rules and 50 in the data: amber
//! from 40). Benchmarks are kept beside the metric, not scored unless a
//! rule names one (`benchmark_targets.rs`).

use super::types::Benchmark;
use crate::frame::KpiFrame;
use crate::model::{
    DataIssue, DataReference, Direction, Location, MetricId, Period, ReferenceKind,
};
use crate::rules::{MetricSpec, Rule, RuleSet, Threshold};
use std::collections::{BTreeMap, HashMap};

/// The data's references of each line and period.
pub type ByLine<'a> = HashMap<(&'a str, Period), Vec<&'a DataReference>>;

/// Groups the frame's references by line and period, leaving out (with one
/// warning per metric and reason, naming the first cell and the count)
/// those that cannot be used: a target for a metric the catalogue does not
/// know or whose direction is a band, and a threshold on the wrong side of
/// its target.
pub fn by_line<'a>(
    frame: &'a KpiFrame,
    rules: &RuleSet,
    issues: &mut Vec<DataIssue>,
) -> ByLine<'a> {
    let mut found: ByLine = HashMap::new();
    // (metric, why) -> (first place, count)
    let mut unused: BTreeMap<(String, String), (String, usize)> = BTreeMap::new();
    let refs = frame.references();
    for r in refs {
        if let Some(why) = unusable(r, refs, rules) {
            let entry = unused
                .entry((r.metric.to_string(), why))
                .or_insert_with(|| (r.source.clone(), 0));
            entry.1 += 1;
            continue;
        }
        found
            .entry((r.line.as_str(), r.period))
            .or_default()
            .push(r);
    }
    for ((metric, why), (first, count)) in unused {
        let more = match count {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        issues.push(DataIssue::warning(
            format!("{metric}: the data's {why}; not used (at {first}{more})"),
            Location::default(),
        ));
    }
    found
}

/// Why a target or threshold cannot be used; `None` when it can, and for
/// every benchmark (shown, never scored).
fn unusable(r: &DataReference, all: &[DataReference], rules: &RuleSet) -> Option<String> {
    if matches!(r.kind, ReferenceKind::Benchmark(_)) {
        return None;
    }
    let Some(spec) = rules.catalogue.get(&r.metric) else {
        return Some(format!(
            "{} is for a metric with no entry in the rules' catalogue, so it has no direction to judge by",
            r.kind
        ));
    };
    if spec.direction == Direction::Band {
        return Some(format!(
            "{} is for a band (min and max in the rules), which one number cannot give",
            r.kind
        ));
    }
    if r.kind != ReferenceKind::Threshold {
        return None;
    }
    let target = all
        .iter()
        .find(|t| {
            t.kind == ReferenceKind::Target
                && t.line == r.line
                && t.period == r.period
                && t.metric == r.metric
        })
        .map(|t| t.value)?;
    (spec.direction.meets(r.value, target) && r.value != target).then(|| {
        let side = match spec.direction {
            Direction::Lower => "above",
            _ => "below",
        };
        format!(
            "threshold {} is not {side} its target {}, and {} is better: the catalogue's band around the target is used instead",
            crate::model::format::plain(r.value),
            crate::model::format::plain(target),
            spec.direction.as_str()
        )
    })
}

/// Whether the data's targets count for `spec` under `rules`.
pub fn used_for(spec: &MetricSpec, rules: &RuleSet) -> bool {
    rules.data_targets && spec.data_targets
}

/// The rule the data makes for `spec` from this line and period's
/// references, given the catalogue's rule for it; `None` when the data
/// gives neither a target nor (beside a catalogue target) a threshold.
pub fn rule(spec: &MetricSpec, catalogue: Option<&Rule>, refs: &[&DataReference]) -> Option<Rule> {
    let find = |kind: &ReferenceKind| {
        refs.iter()
            .find(|r| r.metric == spec.id && r.kind == *kind)
            .copied()
    };
    let target = find(&ReferenceKind::Target);
    let threshold = find(&ReferenceKind::Threshold);
    let (value, from) = match (target, catalogue) {
        (Some(t), _) => (t.value, t.source.clone()),
        (None, Some(c)) if threshold.is_some() => (c.threshold.target, c.from.to_string()),
        _ => return None,
    };
    let warn = match (threshold, catalogue) {
        (Some(w), _) => Some(w.value),
        (None, Some(c)) => moved_warn(value, c),
        (None, None) => None,
    };
    let from = match threshold {
        Some(w) => format!("{from}; amber threshold {}", w.source),
        None => from,
    };
    Some(Rule {
        threshold: Threshold {
            target: value,
            warn,
            upper: None,
        },
        from: from.into(),
    })
}

/// The catalogue rule's amber threshold moved with its target to `target`,
/// at the same distance from it; `None` when the rule has no amber band.
pub fn moved_warn(target: f64, catalogue: &Rule) -> Option<f64> {
    let t = catalogue.threshold;
    // Rounded off past a billionth: 0.85 - 0.05 is 0.8, not 0.7999….
    t.warn
        .map(|w| ((target + (w - t.target)) * 1e9).round() / 1e9)
}

/// The benchmarks the data gives for `metric`, in the order read.
pub fn benchmarks(metric: &MetricId, refs: &[&DataReference]) -> Vec<Benchmark> {
    refs.iter()
        .filter(|r| r.metric == *metric)
        .filter_map(|r| match &r.kind {
            ReferenceKind::Benchmark(label) => Some(Benchmark {
                label: label.clone(),
                value: r.value,
                source: r.source.clone(),
                scored: false,
            }),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::{Owner, Unit};
    use std::sync::Arc;

    pub(in crate::scorecard) fn spec() -> MetricSpec {
        MetricSpec {
            id: MetricId::normalise("nps").unwrap(),
            name: Arc::from("NPS"),
            owner: Owner::Pmm,
            direction: Direction::Higher,
            unit: Unit::Score,
            default: None,
            by_stage: BTreeMap::new(),
            by_line: BTreeMap::new(),
            weight: 1.0,
            weight_from: None,
            min_sample: None,
            description: String::new(),
            oversight: false,
            data_targets: true,
            benchmark_target: None,
            optional: false,
            order: 0,
        }
    }

    pub(in crate::scorecard) fn reference(
        kind: ReferenceKind,
        value: f64,
        source: &str,
    ) -> DataReference {
        DataReference {
            line: "Atlas".to_string(),
            period: "2025-Q1".parse().unwrap(),
            metric: MetricId::normalise("nps").unwrap(),
            kind,
            value,
            source: source.to_string(),
        }
    }

    pub(in crate::scorecard) fn catalogue_rule() -> Rule {
        Rule {
            threshold: Threshold {
                target: 40.0,
                warn: Some(30.0),
                upper: None,
            },
            from: "rules.rhai:3".into(),
        }
    }

    #[test]
    fn the_catalogue_band_moves_with_a_data_target() {
        let t = reference(ReferenceKind::Target, 50.0, "a.csv!B2 (Target column)");
        let made = rule(&spec(), Some(&catalogue_rule()), &[&t]).unwrap();
        assert_eq!(made.threshold.target, 50.0);
        assert_eq!(made.threshold.warn, Some(40.0));
        assert_eq!(&*made.from, "a.csv!B2 (Target column)");
        let alone = rule(&spec(), None, &[&t]).unwrap();
        assert_eq!(alone.threshold.warn, None);
    }

    #[test]
    fn a_data_threshold_wins_over_the_band_and_alone_keeps_the_catalogue_target() {
        let t = reference(ReferenceKind::Target, 50.0, "T");
        let w = reference(ReferenceKind::Threshold, 35.0, "W");
        let made = rule(&spec(), Some(&catalogue_rule()), &[&t, &w]).unwrap();
        assert_eq!(
            (made.threshold.target, made.threshold.warn),
            (50.0, Some(35.0))
        );
        assert_eq!(&*made.from, "T; amber threshold W");
        let only = rule(&spec(), Some(&catalogue_rule()), &[&w]).unwrap();
        assert_eq!(
            (only.threshold.target, only.threshold.warn),
            (40.0, Some(35.0))
        );
        assert_eq!(&*only.from, "rules.rhai:3; amber threshold W");
        assert!(rule(&spec(), None, &[&w]).is_none());
    }
}
