//! Stage 4 of 5: the KPI frame and the rules in, scorecards out.
//!
//! `ingest -> frame -> rules -> scorecard -> report`. For every product line
//! and every period this stage works out each metric's status (green, amber,
//! red, no data, small sample, info or off) with a reason a person can read,
//! its previous-period value, weighted 0-100 scores per owner and overall
//! with their coverage (left out below the rules' minimum), and the line's
//! labels. The rules' hooks run here, once per line and period.
//! The result is pure data: the report stage decides how it looks.

mod benchmark_targets;
mod data_targets;
mod error;
mod evaluate;
mod labels;
mod line;
mod reason;
mod score;
mod types;

pub use crate::model::{FitResult, Labels};
pub use error::ScorecardError;
pub use evaluate::attainment;
pub use line::{LineInput, Value, Values, evaluate_line};
pub use reason::{Reason, ReasonText};
pub use score::{coverage, scores, weighted_score};
pub use types::{Benchmark, Coverage, MetricResult, Portfolio, ScoreStatus, Scorecard, Scores};

use crate::frame::KpiFrame;
use crate::model::{DataIssue, Location, MetricId, Period};
use crate::rules::{MetricNames, MetricSpec, RuleSet};
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// What every scorecard thread reads.
#[derive(Clone, Copy)]
struct Shared<'a> {
    frame: &'a KpiFrame,
    rules: &'a RuleSet,
    known: &'a Arc<MetricNames>,
    specs: &'a [&'a MetricSpec],
    line_unowned: &'a HashMap<&'a str, BTreeSet<&'a str>>,
    /// The data's targets, thresholds and benchmarks, by line and period.
    references: &'a data_targets::ByLine<'a>,
}

impl<'a> Shared<'a> {
    /// One line's scorecards, period by period, appended to `cards`.
    fn line(
        &self,
        line: &'a str,
        slots: &mut [Option<Values<'a>>],
        cards: &mut Vec<Scorecard>,
    ) -> Result<(), ScorecardError> {
        let extra: Vec<MetricId> = self
            .line_unowned
            .get(line)
            .into_iter()
            .flatten()
            .filter_map(|m| MetricId::normalise(m))
            .collect();
        let first = cards.len();
        // A period whose data states no stage keeps the line's last stated
        // one: a new quarter's file often has no stage column.
        let mut stage = None;
        for (i, &period) in self.frame.periods().iter().enumerate() {
            let previous = (i > 0).then(|| &cards[first + i - 1]);
            stage = self.frame.stage(line, period).or(stage);
            let input = LineInput {
                line,
                period,
                stage,
                people: self.frame.people(line),
                values: slots[i].take().unwrap_or_default(),
                previous,
                unowned: &extra,
                references: self
                    .references
                    .get(&(line, period))
                    .map_or(&[], Vec::as_slice),
                known: self.known,
                specs: self.specs,
            };
            let card = evaluate_line(input, self.rules).map_err(ScorecardError::Hook)?;
            cards.push(card);
        }
        Ok(())
    }
}

/// One line and period's rows, as the frame streams them.
type Group<'a> = ((&'a str, Period), Vec<(&'a str, Value<'a>)>);

/// Puts one line and period's values into that line's slot for the period.
fn place<'a>(
    slots: &mut [Vec<Option<Values<'a>>>],
    lines: &[String],
    periods: &[Period],
    ((line, period), values): Group<'a>,
) {
    if let (Ok(l), Ok(p)) = (
        lines.binary_search_by(|x| x.as_str().cmp(line)),
        periods.binary_search(&period),
    ) {
        slots[l][p] = Some(values.into_iter().collect());
    }
}

/// Builds a scorecard for every line and period in the frame.
pub fn build(frame: &KpiFrame, rules: &RuleSet) -> Result<Portfolio, ScorecardError> {
    let catalogue = &rules.catalogue;
    let mut issues: Vec<DataIssue> = frame.issues().to_vec();
    let metrics = frame.metrics();
    let unowned: BTreeSet<MetricId> = metrics
        .iter()
        .filter(|m| catalogue.get(m).is_none())
        .cloned()
        .collect();
    // The frame is sorted by line, period and metric: group as it streams,
    // each group into its line's slot for its period, so that lines can be
    // shared out.
    let (lines, periods) = (frame.lines(), frame.periods());
    let mut slots: Vec<Vec<Option<Values>>> = (0..lines.len())
        .map(|_| (0..periods.len()).map(|_| None).collect())
        .collect();
    let unowned_names: HashSet<&str> = unowned.iter().map(MetricId::as_str).collect();
    let mut line_unowned: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    // Where each metric the catalogue does not know was first read.
    let mut first_seen: HashMap<&str, &str> = HashMap::new();
    let mut group: Option<Group> = None;
    for row in frame.rows() {
        let key = (row.line, row.period);
        if group.as_ref().is_none_or(|(k, _)| *k != key) {
            if let Some(done) = group.take() {
                place(&mut slots, lines, periods, done);
            }
            group = Some((key, Vec::with_capacity(32)));
        }
        let value = Value {
            value: row.value,
            sample_size: row.sample_size,
            source: Cow::Borrowed(row.source),
        };
        if let Some((_, g)) = group.as_mut() {
            g.push((row.metric, value));
        }
        if !unowned_names.is_empty() && unowned_names.contains(row.metric) {
            line_unowned.entry(row.line).or_default().insert(row.metric);
            first_seen.entry(row.metric).or_insert(row.source);
        }
    }
    if let Some(done) = group {
        place(&mut slots, lines, periods, done);
    }

    for metric in &unowned {
        let seen = first_seen
            .get(metric.as_str())
            .map(|source| format!(" (first read at {source})"))
            .unwrap_or_default();
        issues.push(DataIssue::warning(
            format!(
                "metric \"{metric}\"{seen} has no entry in the rules' catalogue: it is shown with status info and not scored; add metric(\"{metric}\", #{{ owner: ... }}) to a rule script to own it"
            ),
            Location::default(),
        ));
    }
    for spec in catalogue.metrics.values() {
        for line in spec.by_line.keys() {
            if !frame.lines().contains(line) {
                issues.push(DataIssue::warning(
                    format!("the rules for \"{}\" have a by_line entry for \"{line}\", but no line in the data has that name", spec.id),
                    Location::default(),
                ));
            }
        }
    }
    let known = Arc::new(MetricNames::new(
        catalogue
            .metrics
            .keys()
            .chain(metrics.iter())
            .map(|m| m.to_string()),
    ));
    let measured: BTreeSet<&str> = metrics.iter().map(MetricId::as_str).collect();
    let specs = catalogue.in_use(&|m| measured.contains(m.as_str()));
    let references = data_targets::by_line(frame, rules, &mut issues);

    let shared = Shared {
        frame,
        rules,
        known: &known,
        specs: &specs,
        line_unowned: &line_unowned,
        references: &references,
    };

    // Lines are independent (a line's periods are not): share them out over
    // the cores, keeping their order.
    let threads = crate::parallel::cores().clamp(1, lines.len().max(1));
    let chunk = lines.len().div_ceil(threads).max(1);
    // Each thread reads its own copy of the catalogue (see MetricSpec::detached).
    let copies: Vec<Vec<MetricSpec>> = (0..threads)
        .map(|_| specs.iter().map(|s| s.detached()).collect())
        .collect();
    let own_specs: Vec<Vec<&MetricSpec>> = copies.iter().map(|c| c.iter().collect()).collect();
    let parts: Vec<Result<Vec<Scorecard>, ScorecardError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = lines
            .chunks(chunk)
            .zip(slots.chunks_mut(chunk))
            .zip(&own_specs)
            .map(|((names, slots), own)| {
                let shared = Shared {
                    specs: own,
                    ..shared
                };
                scope.spawn(move || {
                    let mut cards = Vec::with_capacity(names.len() * periods.len());
                    for (line, slots) in names.iter().zip(slots) {
                        shared.line(line, slots, &mut cards)?;
                    }
                    Ok(cards)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a scorecard thread panicked"))
            .collect()
    });
    let mut cards: Vec<Scorecard> = Vec::with_capacity(lines.len() * periods.len());
    for part in parts {
        cards.extend(part?);
    }
    benchmark_targets::warnings(&cards, &specs, frame.references(), &references, &mut issues);
    Ok(Portfolio {
        lines: lines.to_vec(),
        periods: periods.to_vec(),
        cards,
        issues,
    })
}
