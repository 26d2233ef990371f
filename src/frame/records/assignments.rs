//! Experiment assignments, as experimentation tools store them in the
//! warehouse (GrowthBook's `experiment_viewed`, Statsig's exposures,
//! Datadog's and Eppo's assignment tables): a row per person exposed to a
//! variation (`user_id | timestamp | experiment_id | variation_id`). With
//! the goal event the rules name (`records("assignments", #{ goal:
//! "checkout_completed" })`), each becomes a results row per experiment
//! and variation — the people exposed, those with the goal event at or
//! after their first exposure — analysed exactly as a results export
//! (`experiments.rs`): the z-test, the sample-ratio-mismatch check, the
//! verdict, `experiments_concluded` and `experiment_win_rate`.
//!
//! A person is counted in an experiment once, at their first exposure; a
//! person exposed to two variations of one experiment is left out of it
//! (their outcome belongs to neither), with a warning, as GrowthBook and
//! Statsig do. A person is their user id, else their anonymous or device
//! id (a visitor exposed before logging in). A goal event counts for a
//! person when its person id, user id or device id is that id; the goal
//! events are those read on a product line, as every event. The
//! experiment ends with its last exposure, which puts it in a period.

use super::columns::ROW;
use super::events::PEOPLE;
use super::experiments;
use super::measure::month_column;
use super::results::Results;
use super::schema::{Columns, FieldSpec, Holds, RecordKind, Schema};
use super::{Aggregated, Custom, RecordChoices, RecordError};
use crate::frame::Zone;
use crate::frame::lines::Lines;
use crate::model::format::{and_list, count};
use crate::model::{DataIssue, Granularity, Location};
use foldhash::HashMap;
use polars::prelude::*;
use std::collections::BTreeMap;

pub const SCHEMA: Schema = Schema {
    kind: RecordKind::Assignments,
    fields: FIELDS,
    needs: &[
        &["experiment"],
        &["variation"],
        &["user_id", "device_id"],
        &["time"],
    ],
    line_fields: &["product"],
    mapped_line_fields: &["experiment"],
    money: None,
    checks: &[],
};

pub const CUSTOM: Custom = Custom {
    check: experiments::check,
    aggregate,
    periods,
    no_sql: "assignments are joined with the goal events and analysed per experiment, which linecard does itself",
};

const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "experiment",
        headers: &[
            "experiment_id",
            "experiment_key",
            "experiment",
            "experiment_name",
            "test_id",
        ],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "variation",
        headers: &[
            "variation_id",
            "variation",
            "variant",
            "variant_id",
            "group_id",
            "group_name",
            "arm",
        ],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "user_id",
        headers: &["user_id", "unit_id", "subject", "subject_id", "distinct_id"],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "device_id",
        headers: &["anonymous_id", "device_id", "anonymousid", "deviceid"],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "time",
        headers: &[
            "timestamp",
            "first_exposure",
            "exposed_at",
            "exposure_time",
            "assigned_at",
            "assignment_time",
            "time",
        ],
        holds: Holds::Time,
    },
    FieldSpec {
        name: "product",
        headers: &["product", "product_line", "line", "product_name"],
        holds: Holds::Text,
    },
];

fn periods(columns: &Columns) -> String {
    let time = columns.quoted("time");
    format!(
        "each experiment in the period of its last exposure, by {time}, its conversions from the goal event of the records(...) (experiments_concluded, experiment_win_rate)"
    )
}

/// Each person's first exposure in one experiment.
struct Exposure {
    variation: String,
    at: i64,
    /// Whether they were also exposed to another variation.
    mixed: bool,
}

/// One experiment's exposures, as read.
struct Exposed {
    /// Each person's first exposure.
    people: HashMap<String, Exposure>,
    /// The time and month of its last exposure.
    end: (i64, i32),
    /// The first table holding it.
    table: usize,
}

fn aggregate(
    tables: Vec<(String, DataFrame)>,
    choices: &RecordChoices,
    by: Granularity,
    zone: Zone,
    lines: &Lines,
    events: &[(String, DataFrame)],
) -> Result<Aggregated, RecordError> {
    let sources: Vec<String> = tables.iter().map(|(s, _)| s.clone()).collect();
    let place = and_list(&sources);
    let Some(goal) = choices.chosen.get("goal") else {
        return Err(RecordError::ExperimentArms {
            place,
            problem: "an assignment table needs the event that counts as a conversion: name it with records(\"assignments\", #{ goal: \"checkout_completed\" }), and give the product events too".to_string(),
        });
    };
    let (latest, with_goal) = goal_times(events, goal)?;
    if events.is_empty() || with_goal == 0 {
        let read = match events.is_empty() {
            true => "no product events were read".to_string(),
            false => format!(
                "none of the events of {} on a product line is \"{goal}\"",
                and_list(&events.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>())
            ),
        };
        return Err(RecordError::ExperimentArms {
            place,
            problem: format!(
                "the goal \"{goal}\" of the records(...) at {} counts conversions from product events, but {read}: give the event export with the assignments, or correct the goal's name",
                choices.declared_at.as_deref().unwrap_or("the rules")
            ),
        });
    }
    // Per line and experiment: each person's first exposure.
    let mut experiments: BTreeMap<(u32, String), Exposed> = BTreeMap::new();
    for (t, (_, frame)) in tables.iter().enumerate() {
        exposures(frame, t, &mut experiments)?;
    }
    let mut issues = Vec::new();
    let (mut line, mut experiment, mut variation) = (Vec::new(), Vec::new(), Vec::new());
    let (mut exposed, mut converted) = (Vec::new(), Vec::new());
    let (mut ended, mut ended_month) = (Vec::new(), Vec::new());
    for ((l, name), exposed_to) in &experiments {
        let (persons, (end, end_month)) = (&exposed_to.people, exposed_to.end);
        let mixed = persons.values().filter(|e| e.mixed).count();
        if mixed > 0 {
            issues.push(DataIssue::warning(
                format!(
                    "experiment \"{name}\": {} exposed to more than one variation, left out of it (their outcome belongs to neither)",
                    match mixed {
                        1 => "1 person was".to_string(),
                        n => format!("{} people were", count(n)),
                    }
                ),
                Location {
                    file: Some(sources[exposed_to.table].clone()),
                    ..Location::default()
                },
            ));
        }
        let mut arms: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
        for (who, e) in persons.iter().filter(|(_, e)| !e.mixed) {
            let arm = arms.entry(e.variation.as_str()).or_insert((0.0, 0.0));
            arm.0 += 1.0;
            if latest.get(who.as_str()).is_some_and(|t| *t >= e.at) {
                arm.1 += 1.0;
            }
        }
        for (v, (n, c)) in arms {
            line.push(*l);
            experiment.push(name.clone());
            variation.push(v.to_string());
            exposed.push(n);
            converted.push(c);
            ended.push(end);
            ended_month.push(end_month);
        }
    }
    let n = line.len();
    let results = DataFrame::new(
        n,
        vec![
            Column::new("line".into(), line),
            Column::new("experiment".into(), experiment),
            Column::new("variation".into(), variation),
            Column::new("people".into(), exposed),
            Column::new("conversions".into(), converted),
            Column::new("ended_at".into(), ended),
            Column::new(month_column("ended_at").into(), ended_month),
            Column::new("goal".into(), vec![goal.clone(); n]),
            Column::new("weight".into(), vec![None::<f64>; n]),
            // No row: the arms are counted from the exposures, and the
            // experiments' messages then name no rows.
            Column::new(ROW.into(), vec![0u64; n]),
        ],
    )
    .map_err(RecordError::polars)?;
    let event_files: Vec<String> = events.iter().map(|(s, _)| s.clone()).collect();
    let source = format!(
        "{} with \"{goal}\" in {}",
        crate::model::format::files(&sources),
        crate::model::format::files(&event_files)
    );
    let mut analysed = experiments::analyse(vec![(source, results)], choices, by, zone, lines)?;
    analysed.issues.splice(0..0, issues);
    Ok(analysed)
}

/// The latest time of the goal event for each id that has one (person,
/// user or device id), and how many goal events there are.
fn goal_times(
    events: &[(String, DataFrame)],
    goal: &str,
) -> Result<(HashMap<String, i64>, usize), RecordError> {
    let polars = RecordError::polars;
    let mut latest: HashMap<String, i64> = HashMap::default();
    let mut found = 0;
    for (_, frame) in events {
        let goals = frame
            .clone()
            .lazy()
            .filter(col("event").eq(lit(goal)).and(col("time").is_not_null()))
            .select(
                [col("time")]
                    .into_iter()
                    .chain(PEOPLE.iter().map(|p| col(*p)))
                    .collect::<Vec<Expr>>(),
            )
            .collect()
            .map_err(polars)?;
        found += goals.height();
        let read = Results(&goals);
        let times = read.i64("time")?;
        for id in PEOPLE {
            for (who, at) in read.text(id)?.iter().zip(times.iter()) {
                if let (Some(who), Some(at)) = (who, at) {
                    let best = latest.entry(who.to_string()).or_insert(at);
                    *best = (*best).max(at);
                }
            }
        }
    }
    Ok((latest, found))
}

/// Adds the exposures of `frame` (table `table`) to each experiment's.
fn exposures(
    frame: &DataFrame,
    table: usize,
    experiments: &mut BTreeMap<(u32, String), Exposed>,
) -> Result<(), RecordError> {
    let read = Results(frame);
    let (lines, times) = (read.u32("line")?, read.i64("time")?);
    let months = read.i32(&month_column("time"))?;
    let (experiment, variation) = (read.text("experiment")?, read.text("variation")?);
    let (user, device) = (read.text("user_id")?, read.text("device_id")?);
    for i in 0..frame.height() {
        let (Some(line), Some(e), Some(v), Some(who), Some(at), Some(month)) = (
            lines.get(i),
            experiment.get(i),
            variation.get(i),
            user.get(i).or(device.get(i)),
            times.get(i),
            months.get(i),
        ) else {
            continue;
        };
        let seen = experiments
            .entry((line, e.to_string()))
            .or_insert_with(|| Exposed {
                people: HashMap::default(),
                end: (at, month),
                table,
            });
        if at > seen.end.0 {
            seen.end = (at, month);
        }
        let persons = &mut seen.people;
        match persons.get_mut(who) {
            None => {
                persons.insert(
                    who.to_string(),
                    Exposure {
                        variation: v.to_string(),
                        at,
                        mixed: false,
                    },
                );
            }
            Some(seen) => {
                seen.mixed |= seen.variation != v;
                if at < seen.at {
                    seen.at = at;
                    seen.variation = v.to_string();
                }
            }
        }
    }
    Ok(())
}
