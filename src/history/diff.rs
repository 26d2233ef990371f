//! What changed between two recorded runs, line by line and metric by
//! metric, with rule changes (target, amber threshold, owner, weight) kept
//! apart from data changes (value, and the status that follows from it), and
//! lines that entered or left the data kept apart from both. A target that
//! moved while no rule script changed (a new lifecycle stage, a target given
//! in the data) moved with the data, and is told as such.

use super::{CardRecord, MetricRecord, RunRecord};
use crate::model::{Currency, Money, Status, Unit};

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
    /// Lines in both runs with any change, in the later run's order.
    pub lines: Vec<LineDiff>,
    /// Lines only the later run has, in its order.
    pub new_lines: Vec<String>,
    /// Lines only the earlier run has, in its order.
    pub gone_lines: Vec<String>,
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
    /// What the rules now say differently: target, amber threshold, owner
    /// or weight fields that moved while a rule script changed.
    pub rules: Vec<RuleChange>,
    /// The same fields moved while no rule script changed: they followed the
    /// data (a new lifecycle stage, a target given in the inputs, a hook
    /// reading another column).
    pub with_data: Vec<RuleChange>,
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
        self.lines.is_empty() && self.new_lines.is_empty() && self.gone_lines.is_empty()
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
        self.change.is_some() && !self.data && !self.rules.is_empty()
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
    let rules_changed = a.rules_sha256 != b.rules_sha256;
    let lines: Vec<LineDiff> = b
        .scorecards
        .iter()
        .filter_map(|card| {
            let before = a.card(&card.line)?;
            line_diff(&card.line, before, card, rules_changed)
        })
        .collect();
    let only = |x: &RunRecord, y: &RunRecord| -> Vec<String> {
        x.scorecards
            .iter()
            .filter(|card| y.card(&card.line).is_none())
            .map(|card| card.line.clone())
            .collect()
    };
    RunDiff {
        from: a.run,
        to: b.run,
        rules_changed,
        inputs_changed: a.inputs != b.inputs,
        lines,
        new_lines: only(b, a),
        gone_lines: only(a, b),
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

fn has_red(card: &CardRecord) -> bool {
    card.metrics
        .iter()
        .any(|m| status_of_record(m) == Status::Red)
}

/// The changes of a line both runs have, `None` when there are none.
fn line_diff(line: &str, a: &CardRecord, b: &CardRecord, rules_changed: bool) -> Option<LineDiff> {
    let mut names: Vec<&str> = b.metrics.iter().map(|m| m.metric.as_str()).collect();
    for m in &a.metrics {
        if !names.contains(&m.metric.as_str()) {
            names.push(&m.metric);
        }
    }
    let find =
        |card: &CardRecord, name: &str| card.metrics.iter().find(|m| m.metric == name).cloned();
    let metrics: Vec<MetricDiff> = names
        .into_iter()
        .filter_map(|name| metric_diff(name, find(a, name), find(b, name), rules_changed))
        .collect();
    let newly_red = !has_red(a) && has_red(b);
    let recovered =
        has_red(a) && !has_red(b) && metrics.iter().any(|m| m.change == Some(Change::Recovered));
    let periods = (Some(a.period.clone()), Some(b.period.clone()));
    let stages = (a.stage.clone(), b.stage.clone());
    let changed = !metrics.is_empty() || periods.0 != periods.1;
    changed.then(|| LineDiff {
        line: line.to_string(),
        periods,
        stages,
        overall: (a.scores.overall, b.scores.overall),
        newly_red,
        recovered,
        metrics,
    })
}

/// A recorded metric's unit, money in its recorded currency and precision.
fn unit_of(m: &MetricRecord) -> Unit {
    match m.unit.parse() {
        Ok(Unit::Money(_)) => Unit::Money(Money {
            currency: m.currency.as_deref().and_then(Currency::known),
            cents: m.cents,
        }),
        Ok(unit) => unit,
        Err(_) => Unit::Number,
    }
}

fn metric_diff(
    name: &str,
    a: Option<MetricRecord>,
    b: Option<MetricRecord>,
    rules_changed: bool,
) -> Option<MetricDiff> {
    let unit = b.as_ref().or(a.as_ref()).map_or(Unit::Number, unit_of);
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
    // A KPI new to the line, or gone from it, brings or takes its target
    // with it: that is not a field that changed.
    let both = a.is_some() && b.is_some();
    let mut field = |field: &'static str, before: Option<String>, after: Option<String>| {
        if both && before != after {
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
    // With no script changed, the fields followed the data; of a KPI with
    // no value in either run that says nothing, so it is left out.
    let with_data = if rules_changed {
        Vec::new()
    } else if va.is_none() && vb.is_none() {
        rules.clear();
        Vec::new()
    } else {
        std::mem::take(&mut rules)
    };
    (data || change.is_some() || !rules.is_empty() || !with_data.is_empty()).then(|| MetricDiff {
        metric: name.to_string(),
        unit,
        value: (va, vb),
        status: (sa, sb),
        change,
        data,
        rules,
        with_data,
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
            currency: None,
            cents: None,
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
        assert_eq!(lines, ["A"]);
        assert_eq!(d.new_lines, ["New"]);
        assert_eq!(d.gone_lines, ["Gone"]);
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
        assert!(y.with_data.is_empty());
    }

    #[test]
    fn with_the_same_rules_moved_targets_followed_the_data() {
        let a = run(
            1,
            "r",
            vec![card("A", vec![metric("x", 0.5, "green", 0.4)])],
        );
        let b = run(
            2,
            "r",
            vec![card(
                "A",
                vec![
                    metric("x", 0.5, "amber", 0.6),
                    metric("z", 0.5, "green", 0.4),
                ],
            )],
        );
        let d = diff(&a, &b);
        assert!(!d.rules_changed && d.new_lines.is_empty() && d.gone_lines.is_empty());
        let (x, z) = (&d.lines[0].metrics[0], &d.lines[0].metrics[1]);
        assert!(x.rules.is_empty() && !x.moved_by_rules());
        assert_eq!(
            x.with_data,
            [RuleChange {
                field: "target",
                before: Some("40%".into()),
                after: Some("60%".into())
            }]
        );
        // A KPI new to the line brings its target: no field changed.
        assert!(z.rules.is_empty() && z.with_data.is_empty() && z.data);
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
