//! A portfolio built by hand, with everything the pipeline may fill in:
//! people, the four fits, a focus and custom labels, a band metric, a
//! target set by a rule hook, an oversight flag and a metric the catalogue
//! does not know. Used by the report tests that do not go through the CLI.

#![allow(dead_code)]

use linecard::model::{
    DataIssue, Direction, Fit, Focus, Location, MetricId, Owner, People, Period, Stage, Status,
    Unit,
};
use linecard::report::{Mark, ReportDoc, SinceRun};
use linecard::rules::{Catalogue, MetricSpec, MinCoverage, Rule, RuleFile, Threshold};
use linecard::scorecard::{
    FitResult, Labels, MetricResult, Portfolio, Reason, Scorecard, Scores, attainment,
};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

fn id(name: &str) -> MetricId {
    MetricId::normalise(name).unwrap()
}

fn rule(threshold: Threshold) -> Rule {
    Rule {
        threshold,
        from: Arc::from("scripts/10-catalogue.rhai:1"),
    }
}

fn t(target: f64, warn: Option<f64>, upper: Option<f64>) -> Threshold {
    Threshold {
        target,
        warn,
        upper,
    }
}

#[allow(clippy::too_many_arguments)]
fn spec(
    order: usize,
    name: &str,
    owner: Owner,
    direction: Direction,
    unit: Unit,
    default: Threshold,
    by_stage: &[(Stage, Threshold)],
    weight: f64,
) -> MetricSpec {
    MetricSpec {
        id: id(name),
        name: Arc::from(name),
        owner,
        direction,
        unit,
        default: Some(rule(default)),
        by_stage: by_stage.iter().map(|&(s, t)| (s, rule(t))).collect(),
        by_line: BTreeMap::new(),
        weight,
        weight_from: None,
        min_sample: None,
        description: format!("What {name} measures."),
        oversight: false,
        data_targets: true,
        benchmark_target: None,
        optional: false,
        order,
    }
}

pub fn catalogue() -> Catalogue {
    let specs = [
        spec(
            0,
            "Activation",
            Owner::Pm,
            Direction::Higher,
            Unit::Fraction,
            t(0.6, Some(0.4), None),
            &[(Stage::Growth, t(0.7, Some(0.5), None))],
            2.0,
        ),
        spec(
            1,
            "Discount rate",
            Owner::Pmm,
            Direction::Band,
            Unit::Fraction,
            t(0.05, Some(0.02), Some(0.10)),
            &[],
            1.0,
        ),
        spec(
            2,
            "CAC",
            Owner::Pmm,
            Direction::Lower,
            Unit::MONEY,
            t(3000.0, Some(4000.0), None),
            &[],
            1.0,
        ),
        spec(
            3,
            "NPS",
            Owner::Shared,
            Direction::Higher,
            Unit::Score,
            t(30.0, None, None),
            &[],
            1.0,
        ),
    ];
    Catalogue {
        metrics: specs.into_iter().map(|s| (s.id.clone(), s)).collect(),
    }
}

fn status_of(att: f64) -> Status {
    if att >= 100.0 {
        Status::Green
    } else if att >= 50.0 {
        Status::Amber
    } else {
        Status::Red
    }
}

/// One metric result the way the scorecard stage makes it.
fn result(
    spec: &MetricSpec,
    value: Option<f64>,
    previous: Option<f64>,
    threshold: Threshold,
    target_from: Option<&str>,
    oversight: bool,
) -> MetricResult {
    let att = value.map(|v| attainment(v, threshold, spec.direction));
    let status = att.map_or(Status::NoData, status_of);
    MetricResult {
        metric: spec.id.clone(),
        name: spec.name.clone(),
        owner: Some(spec.owner),
        direction: Some(spec.direction),
        unit: spec.unit,
        value,
        previous,
        threshold: Some(threshold),
        status,
        attainment: att,
        weight: spec.weight,
        weight_from: None,
        sample_size: None,
        // Judged by the arithmetic (the workbook redoes it in formulas);
        // no data has words of its own.
        why: match value {
            Some(_) => Reason::Judged { stage: None },
            None => Reason::Text(format!("{} has no data", spec.name)),
        },
        source: value.map(|_| format!("kpis.xlsx!KPIs!B{}", spec.order + 2)),
        target_from: target_from.map(Arc::from),
        oversight,
        benchmarks: Vec::new(),
    }
}

/// The scores as the scorecard stage works them out, with the default
/// minimum coverage.
fn scores(metrics: &[MetricResult]) -> Scores {
    linecard::scorecard::scores(metrics, &MinCoverage::default())
}

pub const PERIODS: [&str; 3] = ["2025-Q2", "2025-Q3", "2025-Q4"];

/// Two lines over three quarters. "Nova | EMEA" is a Growth line whose
/// activation target comes from a rule hook (0.65, amber from 0.45) rather
/// than the catalogue's Growth target; "Orion" states no stage.
pub fn portfolio(catalogue: &Catalogue) -> Portfolio {
    let spec = |name: &str| catalogue.get(&id(name)).unwrap();
    let periods: Vec<Period> = PERIODS.iter().map(|p| p.parse().unwrap()).collect();
    let mut cards = Vec::new();
    for (line, stage) in [("Nova | EMEA", Some(Stage::Growth)), ("Orion", None)] {
        for (i, period) in periods.iter().enumerate() {
            let k = i as f64;
            let prev = |now: f64, step: f64| (i > 0).then_some(now - step);
            let nova = stage.is_some();
            let activation = 0.52 + 0.04 * k;
            let discount = if nova { 0.12 + 0.005 * k } else { 0.07 };
            let cac = 3600.0 - 200.0 * k;
            let mut metrics = vec![
                result(
                    spec("Activation"),
                    Some(activation),
                    prev(activation, 0.04),
                    if nova {
                        t(0.65, Some(0.45), None)
                    } else {
                        spec("Activation").default.as_ref().unwrap().threshold
                    },
                    nova.then_some("hook target() in scripts/20-hooks.rhai"),
                    false,
                ),
                result(
                    spec("Discount rate"),
                    Some(discount),
                    (i > 0).then_some(if nova { discount - 0.005 } else { 0.07 }),
                    spec("Discount rate").default.as_ref().unwrap().threshold,
                    None,
                    nova,
                ),
                result(
                    spec("CAC"),
                    Some(cac),
                    prev(cac, -200.0),
                    spec("CAC").default.as_ref().unwrap().threshold,
                    None,
                    false,
                ),
                result(
                    spec("NPS"),
                    (!nova || i == 2).then_some(-12.5),
                    None,
                    spec("NPS").default.as_ref().unwrap().threshold,
                    None,
                    false,
                ),
            ];
            metrics.push(MetricResult {
                metric: id("mystery"),
                name: Arc::from("mystery"),
                owner: None,
                direction: None,
                unit: Unit::Number,
                value: Some(-3.0),
                previous: None,
                threshold: None,
                status: Status::Info,
                attainment: None,
                weight: 0.0,
                weight_from: None,
                sample_size: None,
                why: Reason::Text("not in the rules' catalogue".to_string()),
                source: Some("kpis.xlsx!KPIs!F2".to_string()),
                target_from: None,
                oversight: false,
                benchmarks: Vec::new(),
            });
            let labels = if nova {
                Labels {
                    fits: Fit::ALL
                        .iter()
                        .zip([Status::Green, Status::Amber, Status::Red, Status::Green])
                        .map(|(fit, status)| FitResult {
                            fit: *fit,
                            status,
                            reason: format!("{} judged {}", fit.title(), status.label()),
                        })
                        .collect(),
                    focus: Some((Focus::HighGrowth, "win rate climbing".to_string())),
                    custom: BTreeMap::from([("region".to_string(), "EMEA".to_string())]),
                }
            } else {
                Labels::default()
            };
            cards.push(Scorecard {
                line: line.to_string(),
                period: *period,
                stage,
                people: if nova {
                    People {
                        pm: Some("Ana Ruiz".to_string()),
                        pmm: Some("=Ben Ode".to_string()),
                    }
                } else {
                    People::default()
                },
                scores: scores(&metrics),
                labels,
                metrics,
            });
        }
    }
    Portfolio {
        lines: vec!["Nova | EMEA".to_string(), "Orion".to_string()],
        periods,
        cards,
        issues: vec![DataIssue::warning(
            "metric \"mystery\" has no entry in the rules' catalogue",
            Location {
                file: Some("kpis.xlsx".to_string()),
                sheet: Some("KPIs".to_string()),
                row: Some(1),
                column: Some("Mystery".to_string()),
            },
        )],
    }
}

pub fn rules() -> Vec<RuleFile> {
    vec![RuleFile {
        path: "scripts/10-catalogue.rhai".to_string(),
        sha256: "ab".repeat(32),
        builtin: false,
    }]
}

/// The document for the latest period.
pub fn doc<'a>(
    catalogue: &'a Catalogue,
    rules: &'a [RuleFile],
    portfolio: &'a Portfolio,
) -> ReportDoc<'a> {
    ReportDoc {
        version: "0.0.0-test",
        inputs: vec![linecard::report::InputRecord {
            path: "kpis.xlsx".to_string(),
            sha256: "cd".repeat(32),
        }],
        rules,
        catalogue,
        portfolio,
        period: *portfolio.periods.last().unwrap(),
        frame: None,
        generated: Some("2026-01-01 00:00:00 UTC".to_string()),
        options: vec![("--period".to_string(), "latest".to_string())],
        since: Some(since()),
        line_sheets: linecard::report::DEFAULT_LINE_SHEETS,
    }
}

/// What moved since an earlier run: Nova's discount rate turned red and its
/// activation target changed; Orion's CAC only changed value.
pub fn since() -> SinceRun {
    let marks = [
        ("Nova | EMEA", "Discount rate", Mark::NewlyRed),
        ("Nova | EMEA", "Activation", Mark::RuleChanged),
        ("Orion", "CAC", Mark::ValueChanged),
    ];
    SinceRun {
        run: 4,
        timestamp: "2025-12-01T08:00:00Z".to_string(),
        marks: marks
            .into_iter()
            .fold(HashMap::new(), |mut all, (line, metric, mark)| {
                all.entry(line.to_string())
                    .or_insert_with(HashMap::new)
                    .insert(id(metric), mark);
                all
            }),
        ..SinceRun::default()
    }
}
