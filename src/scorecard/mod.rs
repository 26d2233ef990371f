//! Stage 4 of 5: the KPI frame and the rules in, scorecards out.
//!
//! `ingest -> frame -> rules -> scorecard -> report`. For every product line
//! and every period this stage works out each metric's status (green, amber,
//! red, no data, small sample or info) with a reason a person can read, its
//! previous-period value, and weighted 0-100 scores per owner and overall.
//! The result is pure data: the report stage decides how it looks.

mod evaluate;
mod score;
mod types;

pub use evaluate::attainment;
pub use score::weighted_score;
pub use types::{FitResult, Labels, MetricResult, Portfolio, Scorecard, Scores};

use crate::frame::KpiFrame;
use crate::model::{DataIssue, Location, MetricId, Period};
use crate::rules::Catalogue;
use std::collections::{BTreeSet, HashMap};

/// One input value, as the scorecard needs it.
#[derive(Debug, Clone)]
pub(crate) struct Value<'a> {
    pub value: f64,
    pub sample_size: Option<u32>,
    pub source: &'a str,
}

type Values<'a> = HashMap<(&'a str, Period, &'a str), Value<'a>>;

fn lookup<'a>(
    values: &'a Values<'a>,
    line: &'a str,
    metric: &'a str,
    at: Option<Period>,
) -> Option<&'a Value<'a>> {
    values.get(&(line, at?, metric))
}

/// Builds a scorecard for every line and period in the frame.
pub fn build(frame: &KpiFrame, catalogue: &Catalogue) -> Portfolio {
    let mut values: Values = HashMap::new();
    let mut line_metrics: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for row in frame.rows() {
        values.insert(
            (row.line, row.period, row.metric),
            Value {
                value: row.value,
                sample_size: row.sample_size,
                source: row.source,
            },
        );
        line_metrics.entry(row.line).or_default().insert(row.metric);
    }

    let known = catalogue.in_order();
    let mut issues: Vec<DataIssue> = frame.issues().to_vec();
    let unowned: BTreeSet<MetricId> = frame
        .metrics()
        .into_iter()
        .filter(|m| catalogue.get(m).is_none())
        .collect();
    for metric in &unowned {
        issues.push(DataIssue::warning(
            format!(
                "metric \"{metric}\" has no entry in the rules' catalogue: it is shown with status info and not scored; add metric(\"{metric}\", #{{ owner: ... }}) to a rule script to own it"
            ),
            Location { column: Some(metric.to_string()), ..Location::default() },
        ));
    }

    let periods = frame.periods();
    let mut cards = Vec::with_capacity(frame.lines().len() * periods.len());
    for line in frame.lines() {
        let extra: Vec<MetricId> = line_metrics
            .get(line.as_str())
            .into_iter()
            .flatten()
            .filter_map(|m| MetricId::normalise(m))
            .filter(|m| unowned.contains(m))
            .collect();
        for (i, &period) in periods.iter().enumerate() {
            let previous = i.checked_sub(1).map(|p| periods[p]);
            let stage = frame.stage(line, period);
            let mut metrics: Vec<MetricResult> = known
                .iter()
                .map(|spec| {
                    let (now, before) = (Some(period), previous);
                    let id = spec.id.as_str();
                    evaluate::known(
                        spec,
                        stage,
                        period,
                        lookup(&values, line, id, now),
                        lookup(&values, line, id, before),
                    )
                })
                .collect();
            metrics.extend(extra.iter().map(|m| {
                let id = m.as_str();
                evaluate::unowned(
                    m,
                    period,
                    lookup(&values, line, id, Some(period)),
                    lookup(&values, line, id, previous),
                )
            }));
            let scores = score::scores(&metrics);
            cards.push(Scorecard {
                line: line.clone(),
                period,
                stage,
                people: frame.people(line),
                scores,
                labels: Default::default(),
                metrics,
            });
        }
    }
    Portfolio {
        lines: frame.lines().to_vec(),
        periods: periods.to_vec(),
        cards,
        issues,
    }
}
