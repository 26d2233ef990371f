//! A/B experiment results, as experimentation tools export them: a row per
//! experiment and variation with the people exposed and those who
//! converted on the goal (`Experiment | Variation | Users | Conversions |
//! End date`, with the product line, the goal metric and the planned
//! traffic split where the export has them).
//!
//! Each experiment is analysed on its own (`experiment_stats.rs`): the
//! conversion of each arm, each treatment's lift over the control with its
//! z-test, the sample-ratio-mismatch check, and the verdict. The KPIs, per
//! line and the period the experiment ended in: `experiments_concluded`
//! (the experiments whose result can be trusted: enough people and
//! conversions, no mismatch) and `experiment_win_rate` (the concluded
//! experiments a treatment won). Every experiment, whatever its verdict,
//! goes to the workbook's Experiments sheet and the JSON.

use super::checks::{Check, not_negative};
use super::columns::ROW;
use super::engine::{months, period};
use super::experiment_stats::{self, ArmCounts, DEFAULT_ALPHA, Verdict};
use super::measure::{Counted, Measure, month_column};
use super::results::Results;
use super::schema::{Columns, FieldSpec, Holds, RecordKind, Schema};
use super::{Aggregated, Custom, RecordChoices, RecordError};
use crate::frame::lines::{LineId, Lines};
use crate::frame::{Observation, Source, Zone};
use crate::model::format::{and_list, count};
use crate::model::{DataIssue, Granularity, Location, MetricId, Period};
use polars::prelude::*;
use std::collections::BTreeMap;

pub const SCHEMA: Schema = Schema {
    kind: RecordKind::Experiments,
    fields: FIELDS,
    needs: &[
        &["experiment"],
        &["variation"],
        &["people"],
        &["conversions"],
        &["ended_at"],
    ],
    line_fields: &["product"],
    mapped_line_fields: &["experiment"],
    money: None,
    checks: CHECKS,
};

pub const CUSTOM: Custom = Custom {
    check,
    aggregate,
    periods,
    no_sql: "experiment results are a few rows per experiment, which linecard tests itself",
};

/// The variation names taken for the control when the rules name none.
const CONTROL_NAMES: &[&str] = &[
    "control",
    "baseline",
    "original",
    "default",
    "a",
    "0",
    "v0",
    "variation 0",
    "variant 0",
];

const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "experiment",
        headers: &[
            "experiment",
            "experiment_name",
            "experiment_key",
            "experiment_id",
            "test_name",
            "test",
        ],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "variation",
        headers: &[
            "variation",
            "variation_name",
            "variation_id",
            "variant",
            "variant_name",
            "arm",
            "treatment",
            "bucket",
        ],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "people",
        headers: &[
            "users",
            "visitors",
            "participants",
            "people",
            "units",
            "unique_users",
            "exposures",
            "subjects",
        ],
        holds: Holds::Number,
    },
    FieldSpec {
        name: "conversions",
        headers: &[
            "conversions",
            "converted",
            "conversion_count",
            "unique_conversions",
            "goal_completions",
            "successes",
        ],
        holds: Holds::Number,
    },
    FieldSpec {
        name: "ended_at",
        headers: &[
            "end_date",
            "ended_at",
            "ended",
            "stop_date",
            "stopped_at",
            "stopped",
            "concluded_at",
            "analysis_date",
            "date",
        ],
        holds: Holds::Time,
    },
    FieldSpec {
        name: "goal",
        headers: &["goal", "goal_metric", "metric", "metric_name"],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "weight",
        headers: &[
            "weight",
            "traffic_weight",
            "traffic_split",
            "split",
            "allocation",
            "planned_share",
        ],
        holds: Holds::Number,
    },
    FieldSpec {
        name: "product",
        headers: &["product", "product_line", "line", "product_name"],
        holds: Holds::Text,
    },
];

const CHECKS: &[Check] = &[
    Check {
        bad: || {
            col("people")
                .is_null()
                .or(col("conversions").is_null())
                .or(col("people").lt_eq(lit(0.0)))
        },
        column: None,
        example: Some((|| col("variation"), "the variation \"{}\"")),
        says: [
            "has no people or no conversion count",
            "have no people or no conversion count",
        ],
        fix: "give every variation the people exposed (1 or more) and the conversions, or leave it out",
    },
    not_negative!(
        "conversions",
        "has a negative conversion count",
        "have a negative conversion count",
        "conversions are zero or more"
    ),
    Check {
        bad: || col("conversions").gt(col("people")).fill_null(lit(false)),
        column: Some("conversions"),
        example: Some((|| col("variation"), "the variation \"{}\"")),
        says: [
            "has more conversions than people",
            "have more conversions than people",
        ],
        fix: "count each person who converted once (unique conversions), not every conversion",
    },
    Check {
        bad: || {
            let fraction = |f: &str| {
                // Negative counts are refused by their own check.
                (col(f) - col(f).cast(DataType::Int64).cast(DataType::Float64))
                    .neq(lit(0.0))
                    .fill_null(lit(false))
            };
            fraction("people").or(fraction("conversions"))
        },
        column: None,
        example: Some((|| col("variation"), "the variation \"{}\"")),
        says: [
            "has people or conversions that are not whole numbers",
            "have people or conversions that are not whole numbers",
        ],
        fix: "give counts of people, not rates or averages",
    },
];

pub fn measures(_: &RecordChoices) -> Vec<Measure> {
    Vec::new()
}

/// No check of the table as a whole: its rows are checked one by one.
pub(super) fn check(_: &Columns, _: &str) -> Result<(), RecordError> {
    Ok(())
}

/// What puts experiments in periods, for `linecard check`.
fn periods(columns: &Columns) -> String {
    let ended = columns.quoted("ended_at");
    format!(
        "each experiment in the period it ended in, by {ended} (experiments_concluded, experiment_win_rate)"
    )
}

/// One row of the export.
struct Row {
    line: u32,
    experiment: String,
    goal: Option<String>,
    arm: ArmCounts,
    ended_ms: i64,
    ended_month: i32,
    row: u64,
    source: usize,
}

/// The experiments of `tables`, each analysed; the KPIs per line and the
/// period each ended in.
fn aggregate(
    tables: Vec<(String, DataFrame)>,
    choices: &RecordChoices,
    by: Granularity,
    zone: Zone,
    lines: &Lines,
    _: &[(String, DataFrame)],
) -> Result<Aggregated, RecordError> {
    analyse(tables, choices, by, zone, lines)
}

/// The experiments of `tables`, each a row per experiment and variation
/// (as the export, or as `assignments.rs` counts them), analysed; the
/// KPIs per line and the period each ended in.
pub fn analyse(
    tables: Vec<(String, DataFrame)>,
    choices: &RecordChoices,
    by: Granularity,
    zone: Zone,
    lines: &Lines,
) -> Result<Aggregated, RecordError> {
    let sources: Vec<String> = tables.iter().map(|(s, _)| s.clone()).collect();
    let mut rows = Vec::new();
    for (i, (_, frame)) in tables.iter().enumerate() {
        rows.extend(read_rows(frame, i)?);
    }
    let alpha = choices
        .chosen
        .get("alpha")
        .and_then(|a| a.parse().ok())
        .unwrap_or(DEFAULT_ALPHA);
    let mut groups: BTreeMap<(u32, String, Option<String>), Vec<Row>> = BTreeMap::new();
    for row in rows {
        groups
            .entry((row.line, row.experiment.clone(), row.goal.clone()))
            .or_default()
            .push(row);
    }
    let mut out = Aggregated::default();
    let mut errors = Vec::new();
    // Per line and period: experiments ended, concluded and won.
    let mut tally: BTreeMap<(u32, Period), (usize, usize, usize)> = BTreeMap::new();
    for ((line, experiment, goal), arms) in groups {
        let source = &sources[arms[0].source];
        let place = format!("{source}, experiment \"{experiment}\"");
        let rows = rows_of(&arms);
        // Warnings name the file in their location, not again in the text.
        let named = format!("experiment \"{experiment}\"{rows}");
        let names: Vec<&str> = arms.iter().map(|a| a.arm.name.as_str()).collect();
        if let Some(twice) = names
            .iter()
            .enumerate()
            .find(|(i, n)| names[..*i].contains(n))
            .map(|(_, n)| *n)
        {
            errors.push(RecordError::ExperimentArms {
                place,
                problem: format!(
                    "the variation \"{twice}\" is listed twice{rows}; give one row per variation (and per goal, in a goal column)"
                ),
            });
            continue;
        }
        if arms.len() < 2 {
            out.issues.push(DataIssue::warning(
                format!("{named} has one variation only ({}): nothing to compare it with, so it is left out", names[0]),
                Location { file: Some(source.clone()), ..Location::default() },
            ));
            continue;
        }
        let control = match control_of(&names, choices) {
            Ok(c) => c,
            Err(problem) => {
                errors.push(RecordError::ExperimentArms { place, problem });
                continue;
            }
        };
        let counts: Vec<ArmCounts> = arms.iter().map(|a| a.arm.clone()).collect();
        let analysis = experiment_stats::analyse(&counts, control, alpha);
        let ended = arms.iter().map(|a| a.ended_ms).max().unwrap_or_default();
        let month = arms.iter().map(|a| a.ended_month).max().unwrap_or_default();
        let Some(in_period) = period(month - month.rem_euclid(months(by)), by) else {
            continue;
        };
        if analysis.verdict == Verdict::SampleRatioMismatch {
            out.issues.push(DataIssue::warning(
                format!(
                    "{named}: the variations' sizes ({}) are not the planned split (a sample ratio mismatch, p {}): the assignment is broken, so its result is not counted; check how people are assigned to the variations",
                    arms.iter().map(|a| format!("{} {}", a.arm.name, count(a.arm.people as usize))).collect::<Vec<_>>().join(", "),
                    p_text(analysis.srm_p)
                ),
                Location { file: Some(source.clone()), ..Location::default() },
            ));
        }
        let entry = tally.entry((line, in_period)).or_default();
        entry.0 += 1;
        if analysis.verdict.concluded() {
            entry.1 += 1;
        }
        if analysis.verdict == Verdict::Win {
            entry.2 += 1;
        }
        out.experiments.push(experiment_stats::Experiment {
            line: lines.name(LineId::from_index(line as usize)).to_string(),
            period: in_period.to_string(),
            experiment,
            goal,
            ended: zone.local(ended).format("%Y-%m-%d").to_string(),
            control: analysis.arms[0].name.clone(),
            arms: analysis.arms,
            srm_p: analysis.srm_p,
            verdict: analysis.verdict,
            alpha,
            source: format!("{source}{rows}"),
        });
    }
    if !errors.is_empty() {
        return Err(RecordError::Several(errors));
    }
    let files = and_list(&sources);
    let experiments = Counted::new("experiment", "experiments");
    for ((line, p), (ended, concluded, won)) in tally {
        let line = LineId::from_index(line as usize);
        let noun = |n: usize| experiments.of(n as f64);
        out.observations.push(Observation {
            line,
            period: p,
            stage: None,
            metric: MetricId::normalise("experiments_concluded").expect("a metric"),
            value: concluded as f64,
            sample_size: Some(ended as u32),
            source: Source::Text(
                format!(
                    "{files} ({} ended in {p}, {concluded} concluded)",
                    noun(ended)
                )
                .into(),
            ),
        });
        if concluded > 0 {
            out.observations.push(Observation {
                line,
                period: p,
                stage: None,
                metric: MetricId::normalise("experiment_win_rate").expect("a metric"),
                value: won as f64 / concluded as f64,
                sample_size: Some(concluded as u32),
                source: Source::Text(
                    format!("{files} ({} concluded in {p}, {won} won)", noun(concluded)).into(),
                ),
            });
        }
    }
    Ok(out)
}

/// The rows of one table, as read.
fn read_rows(frame: &DataFrame, source: usize) -> Result<Vec<Row>, RecordError> {
    let read = Results(frame);
    let (lines, rows) = (read.u32("line")?, read.u64(ROW)?);
    let (ended, months) = (read.i64("ended_at")?, read.i32(&month_column("ended_at"))?);
    let (experiment, variation, goal) = (
        read.text("experiment")?,
        read.text("variation")?,
        read.text("goal")?,
    );
    let (people, conversions, weight) = (
        read.f64("people")?,
        read.f64("conversions")?,
        read.f64("weight")?,
    );
    let mut out = Vec::with_capacity(frame.height());
    for i in 0..frame.height() {
        // A row without an experiment, a variation or an end date is no
        // arm of one: the checks have refused missing counts.
        let (Some(line), Some(e), Some(v), Some(ms), Some(month)) = (
            lines.get(i),
            experiment.get(i),
            variation.get(i),
            ended.get(i),
            months.get(i),
        ) else {
            continue;
        };
        out.push(Row {
            line,
            experiment: e.to_string(),
            goal: goal.get(i).map(str::to_string),
            arm: ArmCounts {
                name: v.to_string(),
                people: people.get(i).unwrap_or_default() as u64,
                conversions: conversions.get(i).unwrap_or_default() as u64,
                weight: weight.get(i),
            },
            ended_ms: ms,
            ended_month: month,
            row: rows.get(i).unwrap_or_default(),
            source,
        });
    }
    Ok(out)
}

/// Which arm is the control: the one the rules' `control` names, else the
/// one named like a control ("Control", "Baseline", "Original", "A", ...).
fn control_of(names: &[&str], choices: &RecordChoices) -> Result<usize, String> {
    let find = |want: &str| {
        names
            .iter()
            .position(|n| n.trim().eq_ignore_ascii_case(want))
    };
    let listed: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match choices.chosen.get("control") {
        Some(named) => find(named).ok_or_else(|| {
            format!(
                "no variation is \"{named}\", the control the records(...) at {} names; its variations are {}",
                choices.declared_at.as_deref().unwrap_or("the rules"),
                and_list(&listed)
            )
        }),
        None => CONTROL_NAMES.iter().find_map(|c| find(c)).ok_or_else(|| {
            format!(
                "no variation is named like a control (Control, Baseline, Original, A); its variations are {}: name the control with records(\"experiments\", #{{ control: \"{}\" }})",
                and_list(&listed),
                names[0]
            )
        }),
    }
}

/// ` (rows 2 to 4)`: where an experiment's arms are.
fn rows_of(arms: &[Row]) -> String {
    let first = arms.iter().map(|a| a.row).min().unwrap_or_default();
    let last = arms.iter().map(|a| a.row).max().unwrap_or_default();
    match (first, first == last) {
        // Counted from records (`assignments.rs`), not read from rows.
        (0, _) => String::new(),
        (_, true) => format!(", row {first}"),
        (_, false) => format!(", rows {first} to {last}"),
    }
}

/// A p-value as messages show it: `= 0.0003`, or `< 0.0001`.
fn p_text(p: f64) -> String {
    match p < 0.0001 {
        true => "< 0.0001".to_string(),
        false => format!("= {p:.4}"),
    }
}
