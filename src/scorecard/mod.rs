//! Stage 4 of 5: the KPI frame and the rules in, scorecards out.
//!
//! `ingest -> frame -> rules -> scorecard -> report`. For every product line
//! and every period this stage works out each metric's status (green, amber,
//! red, no data, small sample or info) with a reason a person can read, its
//! previous-period value, weighted 0-100 scores per owner and overall, and
//! the line's labels. The rules' hooks run here, once per line and period.
//! The result is pure data: the report stage decides how it looks.

mod error;
mod evaluate;
mod labels;
mod line;
mod score;
mod types;

pub use crate::model::{FitResult, Labels};
pub use error::ScorecardError;
pub use evaluate::attainment;
pub use line::{LineInput, Value, Values, evaluate_line};
pub use score::weighted_score;
pub use types::{MetricResult, Portfolio, Scorecard, Scores};

use crate::frame::KpiFrame;
use crate::model::{DataIssue, Location, MetricId, Period};
use crate::rules::{MetricNames, RuleSet};
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

/// One line and period's rows, as the frame streams them.
type Group<'a> = ((&'a str, Period), Vec<(&'a str, Value<'a>)>);

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
    // The frame is sorted by line, period and metric: group as it streams.
    let mut values: HashMap<(&str, Period), Values> = HashMap::new();
    let unowned_names: HashSet<&str> = unowned.iter().map(MetricId::as_str).collect();
    let mut line_unowned: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    let mut group: Option<Group> = None;
    for row in frame.rows() {
        let key = (row.line, row.period);
        if group.as_ref().is_none_or(|(k, _)| *k != key) {
            if let Some((k, g)) = group.take() {
                values.insert(k, g.into_iter().collect());
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
        }
    }
    if let Some((k, g)) = group {
        values.insert(k, g.into_iter().collect());
    }

    for metric in &unowned {
        issues.push(DataIssue::warning(
            format!(
                "metric \"{metric}\" has no entry in the rules' catalogue: it is shown with status info and not scored; add metric(\"{metric}\", #{{ owner: ... }}) to a rule script to own it"
            ),
            Location { column: Some(metric.to_string()), ..Location::default() },
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
    let known = Rc::new(MetricNames::new(
        catalogue
            .metrics
            .keys()
            .chain(metrics.iter())
            .map(|m| m.to_string()),
    ));
    let specs = catalogue.in_order();

    let periods = frame.periods();
    let mut cards: Vec<Scorecard> = Vec::with_capacity(frame.lines().len() * periods.len());
    for line in frame.lines() {
        let extra: Vec<MetricId> = line_unowned
            .get(line.as_str())
            .into_iter()
            .flatten()
            .filter_map(|m| MetricId::normalise(m))
            .collect();
        for (i, &period) in periods.iter().enumerate() {
            let previous = (i > 0).then(|| cards.last()).flatten();
            let input = LineInput {
                line,
                period,
                stage: frame.stage(line, period),
                people: Default::default(),
                values: values.remove(&(line.as_str(), period)).unwrap_or_default(),
                previous,
                unowned: &extra,
                known: &known,
                specs: &specs,
            };
            let card = evaluate_line(input, rules).map_err(ScorecardError::Hook)?;
            cards.push(card);
        }
    }
    Ok(Portfolio {
        lines: frame.lines().to_vec(),
        periods: periods.to_vec(),
        cards,
        issues,
    })
}
