//! Benchmarks a rule scores a metric against: with
//! `target_from_benchmark: "Industry median"` in its catalogue entry, the
//! data's benchmark of that label (any case) is the metric's target for each
//! line and period that gives one, and the catalogue's amber band is kept
//! at the same distance around it, as for a data target.
//!
//! Precedence, first that applies: a `targets()` hook's target; the
//! benchmark a rule names; the data's target; the catalogue's `by_line`,
//! `by_stage` and plain target. A rule naming a benchmark is obeyed whether
//! or not data targets are switched off. What a person must know about it
//! is said once per metric after every scorecard is built: a label no data
//! gives, the lines and periods that lack it, and a data threshold set
//! aside because the benchmark is the target.

use super::Scorecard;
use super::data_targets::{self, ByLine};
use super::types::Benchmark;
use crate::model::format::and_list;
use crate::model::{DataIssue, DataReference, Location, ReferenceKind, same_label};
use crate::rules::{BenchmarkTarget, MetricSpec, Rule, Threshold};

/// How many lines and periods a warning names before it counts the rest.
const NAMED: usize = 3;

/// The rule `spec`'s benchmark makes from this line and period's
/// references: the benchmark's value the target, the catalogue rule's
/// amber band around it; `None` when the rules name no benchmark or the
/// data gives none of that label here.
pub fn rule(spec: &MetricSpec, catalogue: Option<&Rule>, refs: &[&DataReference]) -> Option<Rule> {
    let wanted = spec.benchmark_target.as_ref()?;
    let found = refs
        .iter()
        .find(|r| r.metric == spec.id && r.kind.is_benchmark(&wanted.label))?;
    Some(Rule {
        threshold: Threshold {
            target: found.value,
            warn: catalogue.and_then(|c| data_targets::moved_warn(found.value, c)),
            upper: None,
        },
        from: format!(
            "{}; target_from_benchmark at {}",
            found.source, wanted.declared_at
        )
        .into(),
    })
}

/// Marks the benchmark `spec`'s rule names as the one scored.
pub fn mark(spec: &MetricSpec, benchmarks: &mut [Benchmark]) {
    let Some(wanted) = &spec.benchmark_target else {
        return;
    };
    if let Some(b) = benchmarks
        .iter_mut()
        .find(|b| same_label(&b.label, &wanted.label))
    {
        b.scored = true;
    }
}

/// What one metric's benchmark rule met across the scorecards.
#[derive(Default)]
struct Tally {
    /// Lines and periods with a value.
    with_value: usize,
    /// "Beacon 2025-Q1": those of them without the benchmark.
    lacking: Vec<String>,
    /// The data's thresholds set aside: the first one's cell and the count.
    thresholds: Option<(String, usize)>,
}

/// One warning per metric whose benchmark rule is not met everywhere: the
/// label is given nowhere for the metric, or some lines and periods with a
/// value lack it; and one per metric whose data thresholds are set aside.
pub fn warnings(
    cards: &[Scorecard],
    specs: &[&MetricSpec],
    all: &[DataReference],
    by_line: &ByLine,
    issues: &mut Vec<DataIssue>,
) {
    for spec in specs {
        let Some(wanted) = &spec.benchmark_target else {
            continue;
        };
        let tally = tally(cards, spec, wanted, by_line);
        let id = &spec.id;
        let rule = format!("{id}: target_from_benchmark at {}", wanted.declared_at);
        let label = &wanted.label;
        let given: Vec<&str> = labels(all, spec);
        let message = if !given.iter().any(|g| same_label(g, label)) {
            let others = match given.as_slice() {
                [] => format!("it gives no benchmark for {id}"),
                _ => {
                    let quoted: Vec<String> = given.iter().map(|g| format!("\"{g}\"")).collect();
                    format!("it gives {}", and_list(&quoted))
                }
            };
            Some(format!(
                "{rule} names the benchmark \"{label}\", but the data gives no benchmark of that name for {id} ({others}); {id} is judged against the data's or the rules' target instead"
            ))
        } else if tally.lacking.is_empty() {
            None
        } else {
            let (n, of) = (tally.lacking.len(), tally.with_value);
            let which = if n <= NAMED {
                format!(
                    "{} ({n} of {of} lines and periods with a value)",
                    and_list(&tally.lacking)
                )
            } else {
                format!(
                    "{n} of {of} lines and periods with a value, first {}",
                    and_list(&tally.lacking[..NAMED])
                )
            };
            Some(format!(
                "{rule} scores it against the data's \"{label}\", which is missing for {which}; those are judged against the data's or the rules' target instead"
            ))
        };
        issues.extend(
            message
                .into_iter()
                .map(|m| DataIssue::warning(m, Location::default())),
        );
        if let Some((first, count)) = tally.thresholds {
            let more = match count {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            issues.push(DataIssue::warning(
                format!(
                    "{rule} scores it against the data's \"{label}\", so the data's threshold is not used: the amber threshold keeps the rules' band around the benchmark (at {first}{more})"
                ),
                Location::default(),
            ));
        }
    }
}

fn tally(
    cards: &[Scorecard],
    spec: &MetricSpec,
    wanted: &BenchmarkTarget,
    by_line: &ByLine,
) -> Tally {
    let mut tally = Tally::default();
    for card in cards {
        let Some(m) = card.metrics.iter().find(|m| m.metric == spec.id) else {
            continue;
        };
        if m.value.is_some() {
            tally.with_value += 1;
            if !m
                .benchmarks
                .iter()
                .any(|b| same_label(&b.label, &wanted.label))
            {
                tally.lacking.push(format!("{} {}", card.line, card.period));
            }
        }
        if m.scored_benchmark().is_none() {
            continue;
        }
        let refs = by_line.get(&(card.line.as_str(), card.period));
        let threshold = refs
            .into_iter()
            .flatten()
            .find(|r| r.metric == spec.id && r.kind == ReferenceKind::Threshold);
        if let Some(t) = threshold {
            let entry = tally
                .thresholds
                .get_or_insert_with(|| (t.source.clone(), 0));
            entry.1 += 1;
        }
    }
    tally
}

/// The benchmark labels the data gives for `spec`'s metric, each once
/// (the first spelling), in the order read.
fn labels<'a>(all: &'a [DataReference], spec: &MetricSpec) -> Vec<&'a str> {
    let mut found: Vec<&str> = Vec::new();
    for r in all.iter().filter(|r| r.metric == spec.id) {
        if let ReferenceKind::Benchmark(label) = &r.kind
            && !found.iter().any(|f| same_label(f, label))
        {
            found.push(label);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scorecard::data_targets::tests::{catalogue_rule, reference, spec};

    fn scored(label: &str) -> MetricSpec {
        MetricSpec {
            benchmark_target: Some(BenchmarkTarget {
                label: label.to_string(),
                declared_at: "rules.rhai:2".into(),
            }),
            ..spec()
        }
    }

    #[test]
    fn the_named_benchmark_is_the_target_with_the_catalogue_band_around_it() {
        let median = reference(
            ReferenceKind::Benchmark("Industry median".to_string()),
            38.0,
            "a.csv!C2",
        );
        let target = reference(ReferenceKind::Target, 50.0, "a.csv!B2");
        let refs = [&target, &median];
        // The catalogue's 40 / 30: a band of 10, so amber from 28.
        let made = rule(&scored("industry  MEDIAN"), Some(&catalogue_rule()), &refs).unwrap();
        assert_eq!(made.threshold.target, 38.0);
        assert_eq!(made.threshold.warn, Some(28.0));
        assert_eq!(
            &*made.from,
            "a.csv!C2; target_from_benchmark at rules.rhai:2"
        );
        assert!(rule(&scored("Peer median"), Some(&catalogue_rule()), &refs).is_none());
        assert!(rule(&spec(), Some(&catalogue_rule()), &refs).is_none());
        let alone = rule(&scored("Industry median"), None, &refs).unwrap();
        assert_eq!(alone.threshold.warn, None);

        let mut shown = crate::scorecard::data_targets::benchmarks(&spec().id, &refs);
        mark(&scored("INDUSTRY median"), &mut shown);
        assert!(shown[0].scored);
    }
}
