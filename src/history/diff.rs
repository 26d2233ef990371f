//! What changed between two recorded runs, line by line and metric by
//! metric, with rule changes (target, amber threshold, owner, weight) kept
//! apart from data changes (value, and the status that follows from it).

use super::{CardRecord, MetricRecord, RunRecord};
use crate::model::{Status, Unit};

/// Two runs compared: each line's scorecard in the later run against the
/// same line's in the earlier one.
#[derive(Debug, Clone, PartialEq)]
pub struct RunDiff {
    pub from: u32,
    pub to: u32,
    /// The rule scripts differ (any file added, removed or edited).
    pub rules_changed: bool,
    /// The inputs differ (any file added, removed or edited).
    pub inputs_changed: bool,
    /// Lines with any change, in the later run's order (then lines gone).
    pub lines: Vec<LineDiff>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineDiff {
    pub line: String,
    /// The line's period in each run; `None` where the run has no card.
    pub periods: (Option<String>, Option<String>),
    /// The line's lifecycle stage in each run: a new stage brings the
    /// stage's targets, so rule fields can move without any script changing.
    pub stages: (Option<String>, Option<String>),
    pub overall: (Option<f64>, Option<f64>),
    /// The line has a red metric now and had none before.
    pub newly_red: bool,
    /// The line had a red metric before and has none now.
    pub recovered: bool,
    pub metrics: Vec<MetricDiff>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MetricDiff {
    pub metric: String,
    pub unit: Unit,
    pub value: (Option<f64>, Option<f64>),
    pub status: (Status, Status),
    /// How the status moved, and why; `None` when it did not.
    pub change: Option<Change>,
    /// The value changed: a data change.
    pub data: bool,
    /// What the rules now say differently.
    pub rules: Vec<RuleChange>,
}

/// A status that moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    NewlyRed,
    Recovered,
    Other,
}

/// One rule field that changed: `target`, `amber threshold`, `owner`, `weight`.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleChange {
    pub field: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl RunDiff {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// `(line, metric)` of every metric that turned red.
    pub fn newly_red(&self) -> Vec<(&str, &str)> {
        self.with_change(Change::NewlyRed)
    }

    /// `(line, metric)` of every metric that left red.
    pub fn recovered(&self) -> Vec<(&str, &str)> {
        self.with_change(Change::Recovered)
    }

    fn with_change(&self, change: Change) -> Vec<(&str, &str)> {
        self.lines
            .iter()
            .flat_map(|l| {
                l.metrics
                    .iter()
                    .filter(move |m| m.change == Some(change))
                    .map(move |m| (l.line.as_str(), m.metric.as_str()))
            })
            .collect()
    }
}

impl MetricDiff {
    /// Whether the status moved because the rules changed while the value stayed.
    pub fn moved_by_rules(&self) -> bool {
        self.change.is_some() && !self.data
    }
}

/// How a new run compares with the last recorded one.
#[derive(Debug, Clone, PartialEq)]
pub enum SinceLast {
    /// Nothing recorded yet.
    First,
    /// The last run had the same linecard, inputs, rules and period.
    Unchanged(RunRecord),
    /// The last run, and what changed since.
    Changed(RunRecord, RunDiff),
}

/// Compares a new run with `last`, the last one recorded (if any): the
/// changes a report can show.
pub fn since_last(last: Option<RunRecord>, record: &RunRecord) -> SinceLast {
    match last {
        None => SinceLast::First,
        Some(last) if last.same_run_as(record) => SinceLast::Unchanged(last),
        Some(last) => {
            let changes = diff(&last, record);
            SinceLast::Changed(last, changes)
        }
    }
}

/// Compares run `a` (earlier) with run `b` (later).
pub fn diff(a: &RunRecord, b: &RunRecord) -> RunDiff {
    let mut lines: Vec<LineDiff> = b
        .scorecards
        .iter()
        .filter_map(|card| line_diff(&card.line, a.card(&card.line), Some(card)))
        .collect();
    lines.extend(
        a.scorecards
            .iter()
            .filter(|card| b.card(&card.line).is_none())
            .filter_map(|card| line_diff(&card.line, Some(card), None)),
    );
    RunDiff {
        from: a.run,
        to: b.run,
        rules_changed: a.rules_sha256 != b.rules_sha256,
        inputs_changed: a.inputs != b.inputs,
        lines,
    }
}

fn status(text: &str) -> Status {
    [
        Status::Green,
        Status::Amber,
        Status::Red,
        Status::InsufficientSample,
        Status::Info,
        Status::Off,
    ]
    .into_iter()
    .find(|s| s.as_str() == text)
    .unwrap_or(Status::NoData)
}

/// A recorded metric's status. A KPI of the catalogue at weight 0 is off,
/// whatever a run made before `off` existed recorded for it: never newly
/// red, never recovered.
fn status_of_record(m: &MetricRecord) -> Status {
    match m.owner {
        Some(_) if m.weight == 0.0 => Status::Off,
        _ => status(&m.status),
    }
}

fn has_red(card: Option<&CardRecord>) -> bool {
    card.is_some_and(|c| c.metrics.iter().any(|m| status_of_record(m) == Status::Red))
}

fn line_diff(line: &str, a: Option<&CardRecord>, b: Option<&CardRecord>) -> Option<LineDiff> {
    let mut names: Vec<&str> = b
        .into_iter()
        .flat_map(|c| c.metrics.iter().map(|m| m.metric.as_str()))
        .collect();
    for m in a.into_iter().flat_map(|c| &c.metrics) {
        if !names.contains(&m.metric.as_str()) {
            names.push(&m.metric);
        }
    }
    let find = |card: Option<&'_ CardRecord>, name: &str| {
        card.and_then(|c| c.metrics.iter().find(|m| m.metric == name))
            .cloned()
    };
    let metrics: Vec<MetricDiff> = names
        .into_iter()
        .filter_map(|name| metric_diff(name, find(a, name), find(b, name)))
        .collect();
    let newly_red = !has_red(a) && has_red(b);
    let recovered =
        has_red(a) && !has_red(b) && metrics.iter().any(|m| m.change == Some(Change::Recovered));
    let periods = (a.map(|c| c.period.clone()), b.map(|c| c.period.clone()));
    let stages = (
        a.and_then(|c| c.stage.clone()),
        b.and_then(|c| c.stage.clone()),
    );
    let changed = !metrics.is_empty() || a.is_none() || b.is_none() || periods.0 != periods.1;
    changed.then(|| LineDiff {
        line: line.to_string(),
        periods,
        stages,
        overall: (
            a.and_then(|c| c.scores.overall),
            b.and_then(|c| c.scores.overall),
        ),
        newly_red,
        recovered,
        metrics,
    })
}

fn metric_diff(name: &str, a: Option<MetricRecord>, b: Option<MetricRecord>) -> Option<MetricDiff> {
    let unit = b
        .as_ref()
        .or(a.as_ref())
        .and_then(|m| m.unit.parse().ok())
        .unwrap_or(Unit::Number);
    let status_of = |m: &Option<MetricRecord>| m.as_ref().map_or(Status::NoData, status_of_record);
    let value_of = |m: &Option<MetricRecord>| m.as_ref().and_then(|m| m.value);
    let (sa, sb) = (status_of(&a), status_of(&b));
    let (va, vb) = (value_of(&a), value_of(&b));
    // A metric or line that left the data did not recover: it is gone.
    let change = (sa != sb && b.is_some()).then_some(match (sa, sb) {
        (_, Status::Red) => Change::NewlyRed,
        // Red to no data is not a recovery: nothing says the metric is better.
        (Status::Red, Status::Green | Status::Amber) => Change::Recovered,
        _ => Change::Other,
    });
    let number = |v: Option<f64>| v.map(|v| crate::model::format::show(v, unit));
    let mut rules = Vec::new();
    let mut field = |field: &'static str, before: Option<String>, after: Option<String>| {
        if before != after {
            rules.push(RuleChange {
                field,
                before,
                after,
            });
        }
    };
    field(
        "target",
        number(a.as_ref().and_then(|m| m.target)),
        number(b.as_ref().and_then(|m| m.target)),
    );
    field(
        "amber threshold",
        number(a.as_ref().and_then(|m| m.warn)),
        number(b.as_ref().and_then(|m| m.warn)),
    );
    field(
        "owner",
        a.as_ref().and_then(|m| m.owner.clone()),
        b.as_ref().and_then(|m| m.owner.clone()),
    );
    let weight = |m: &Option<MetricRecord>| {
        m.as_ref()
            .map(|m| crate::model::format::show(m.weight, Unit::Number))
    };
    field("weight", weight(&a), weight(&b));
    let data = va != vb;
    (data || change.is_some() || !rules.is_empty()).then(|| MetricDiff {
        metric: name.to_string(),
        unit,
        value: (va, vb),
        status: (sa, sb),
        change,
        data,
        rules,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::record::ScoresRecord;
    use crate::history::{CardRecord, FORMAT};

    fn metric(name: &str, value: f64, status: &str, target: f64) -> MetricRecord {
        MetricRecord {
            metric: name.to_string(),
            unit: "fraction".to_string(),
            value: Some(value),
            status: status.to_string(),
            target: Some(target),
            warn: Some(0.1),
            owner: Some("pm".to_string()),
            weight: 1.0,
            target_from: None,
        }
    }

    fn card(line: &str, metrics: Vec<MetricRecord>) -> CardRecord {
        CardRecord {
            line: line.to_string(),
            period: "2025-Q2".to_string(),
            stage: None,
            scores: ScoresRecord {
                pm: None,
                pmm: None,
                shared: None,
                overall: None,
            },
            metrics,
        }
    }

    fn run(n: u32, rules: &str, scorecards: Vec<CardRecord>) -> RunRecord {
        RunRecord {
            format: FORMAT,
            run: n,
            timestamp: String::new(),
            linecard_version: String::new(),
            period: "2025-Q2".to_string(),
            rules_sha256: rules.to_string(),
            rules: Vec::new(),
            inputs: Vec::new(),
            scorecards,
        }
    }

    #[test]
    fn data_and_rule_changes_are_told_apart() {
        let a = run(
            1,
            "r1",
            vec![
                card(
                    "A",
                    vec![
                        metric("x", 0.5, "green", 0.4),
                        metric("y", 0.5, "green", 0.4),
                    ],
                ),
                card("Gone", vec![metric("x", 0.5, "red", 0.9)]),
                card("Same", vec![metric("x", 0.5, "green", 0.4)]),
            ],
        );
        let b = run(
            2,
            "r2",
            vec![
                // x: the value fell (data); y: the target rose past the value (rules).
                card(
                    "A",
                    vec![
                        metric("x", 0.05, "red", 0.4),
                        metric("y", 0.5, "amber", 0.6),
                    ],
                ),
                card("New", vec![metric("x", 0.5, "green", 0.4)]),
                card("Same", vec![metric("x", 0.5, "green", 0.4)]),
            ],
        );
        let d = diff(&a, &b);
        assert!(d.rules_changed && !d.inputs_changed);
        assert_eq!(d.newly_red(), [("A", "x")]);
        assert!(d.recovered().is_empty());
        let lines: Vec<&str> = d.lines.iter().map(|l| l.line.as_str()).collect();
        assert_eq!(lines, ["A", "New", "Gone"]);
        let a_line = &d.lines[0];
        assert!(a_line.newly_red && !a_line.recovered);
        let (x, y) = (&a_line.metrics[0], &a_line.metrics[1]);
        assert!(x.data && x.rules.is_empty() && !x.moved_by_rules());
        assert_eq!(x.value, (Some(0.5), Some(0.05)));
        assert!(!y.data && y.moved_by_rules());
        assert_eq!(y.change, Some(Change::Other));
        assert_eq!(
            y.rules,
            [RuleChange {
                field: "target",
                before: Some("40%".into()),
                after: Some("60%".into())
            }]
        );
        assert_eq!(d.lines[1].periods, (None, Some("2025-Q2".to_string())));
        assert!(!d.lines[2].recovered && d.lines[2].metrics.iter().all(|m| m.change.is_none()));
    }

    #[test]
    fn a_kpi_switched_off_is_never_newly_red() {
        let off = |value: f64, status: &str| MetricRecord {
            weight: 0.0,
            ..metric("adoption", value, status, 0.4)
        };
        // A run from before `off` recorded a weight-0 KPI as judged green;
        // the next run records it off, then (its value fallen) as red at
        // weight 0 from an older linecard: neither is newly red.
        let a = run(1, "r", vec![card("A", vec![off(0.45, "green")])]);
        let b = run(2, "r", vec![card("A", vec![off(0.2, "off")])]);
        let c = run(3, "r", vec![card("A", vec![off(0.1, "red")])]);
        for (x, y) in [(&a, &b), (&b, &c), (&a, &c)] {
            let d = diff(x, y);
            assert!(d.newly_red().is_empty(), "{:?}", d.lines);
            assert!(d.lines.iter().all(|l| !l.newly_red));
        }
        // Given a weight again and red, it is newly red.
        let e = run(
            4,
            "r",
            vec![card("A", vec![metric("adoption", 0.1, "red", 0.4)])],
        );
        assert_eq!(diff(&b, &e).newly_red(), [("A", "adoption")]);
    }
}
