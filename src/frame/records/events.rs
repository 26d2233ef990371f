//! Product-analytics events, as warehouse tables and CSV exports hold them:
//! PostHog's event export (`uuid`, `event`, `distinct_id`, `person_id`,
//! `timestamp`, `properties`), Segment's warehouse tables (`id`,
//! `user_id`, `anonymous_id`, `event`, `timestamp`), Amplitude's and
//! Mixpanel's fields as a warehouse sync flattens them (`insert_id`,
//! `amplitude_id`, `user_id`, `device_id`, `event_type`, `event_time`;
//! `$insert_id`, `distinct_id`, `time`), and plain `user_id | event |
//! timestamp | product` tables.
//!
//! The KPIs, per line and period: `active_users`, the distinct people with
//! an event in the period; with features declared in the rules,
//! `feature_adoption` (the people who used one of the line's features, of
//! those active) and `feature_uses_per_user` (the uses per person who used
//! one). A person is counted once by the strongest id
//! each event has: the tool's person id (`person_id`, `amplitude_id`),
//! else the user id (`user_id`, `distinct_id`), else the device or
//! anonymous id. An event repeated with its id (`insert_id`, `$insert_id`,
//! `messageId`, `uuid`, Segment's `id`) is counted once. The line comes from a product
//! column, the rules' `line:` (a property flattened into a column), or the
//! event names through the rules' `lines:` patterns.

use super::choices::RecordChoices;
use super::measure::{Agg, Cond, Counted, Measure};
use super::results::Results;
use super::schema::{FieldSpec, Holds, RecordKind, Schema};
use super::{RecordError, adoption, engine, features};
use crate::frame::{GridOutput, Observation};
use crate::model::{DataIssue, Granularity, Location};
use polars::prelude::*;
use std::collections::BTreeSet;

pub const SCHEMA: Schema = Schema {
    kind: RecordKind::Events,
    fields: FIELDS,
    needs: &[&["event"], &["time"], PEOPLE],
    line_fields: &["product"],
    mapped_line_fields: &["event"],
    money: None,
    checks: &[],
};

/// The fields that name a person, strongest first.
pub(super) const PEOPLE: &[&str] = &["person_id", "user_id", "device_id"];

const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "id",
        headers: &[
            "insert_id",
            "messageid",
            "message_id",
            "uuid",
            "event_id",
            "event_uuid",
            "id",
        ],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "event",
        headers: &["event", "event_type", "event_name"],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "time",
        headers: &[
            "timestamp",
            "event_time",
            "time",
            "original_timestamp",
            "sent_at",
            "received_at",
            "client_event_time",
        ],
        holds: Holds::Time,
    },
    FieldSpec {
        name: "person_id",
        headers: &["person_id", "amplitude_id"],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "user_id",
        headers: &["user_id", "userid", "distinct_id"],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "device_id",
        headers: &["device_id", "anonymous_id", "anonymousid", "deviceid"],
        holds: Holds::Text,
    },
    FieldSpec {
        name: "product",
        headers: &["product", "product_line", "product_name", "line"],
        holds: Holds::Text,
    },
];

pub fn measures(choices: &RecordChoices) -> Vec<Measure> {
    let mut out = vec![Measure {
        metric: "active_users",
        by: "time",
        over: Cond::Always,
        agg: Agg::People(PEOPLE),
        counted: Counted::new("person active", "people active"),
    }];
    if !choices.features.is_empty() {
        // Over the events of lines with features (the mark is null on the
        // others): a line with no feature declared has no adoption, not 0%.
        out.push(Measure {
            metric: "feature_adoption",
            by: "time",
            over: Cond::Present(FEATURE_USE),
            agg: Agg::PeopleShare(PEOPLE, Cond::Flag(FEATURE_USE)),
            counted: Counted::new("person active", "people active"),
        });
        out.push(Measure {
            metric: "feature_uses_per_user",
            by: "time",
            over: Cond::Present(FEATURE_USE),
            agg: Agg::PerPerson(PEOPLE, Cond::Flag(FEATURE_USE)),
            counted: Counted::new("person who used a feature", "people who used a feature"),
        });
    }
    out
}

/// The column that says whether an event is a use of one of its line's
/// features (see `features.rs`).
pub const FEATURE_USE: &str = "feature_use";

/// The column holding which feature (its index among the rules' features)
/// an event is a use of, for the adoption of each (`adoption.rs`).
pub const FEATURE_OF: &str = "feature#";

/// Adds [`FEATURE_USE`] to the fields of a table read under `choices`
/// when the rules declare features: its records are then marked.
pub fn with_feature_use(present: &mut BTreeSet<&'static str>, choices: &RecordChoices) {
    if !choices.features.is_empty() {
        present.insert(FEATURE_USE);
    }
}

/// An event sent twice can land in two files of one export (the next
/// hour's file of Amplitude's, a second day's download) under its id:
/// each later copy of an id an earlier table holds is dropped, as the
/// tools deduplicate by it (copies within one table are `checks.rs`'s).
/// The note says how many, with the first.
pub fn once_across(
    frames: &mut [DataFrame],
    sources: &[String],
) -> Result<Option<String>, RecordError> {
    let polars = RecordError::polars;
    if frames.len() < 2 {
        return Ok(None);
    }
    let mut ids: Vec<(String, u32, u32)> = Vec::new();
    for (f, frame) in frames.iter().enumerate() {
        // Every table has the field, empty when it has no id column.
        for (r, text) in Results(frame).text("id")?.iter().enumerate() {
            if let Some(text) = text {
                ids.push((text.to_string(), f as u32, r as u32));
            }
        }
    }
    ids.sort_unstable();
    let mut keep: Vec<Vec<bool>> = frames.iter().map(|f| vec![true; f.height()]).collect();
    let (mut dropped, mut first) = (0usize, None);
    // Sorted, each id's copies are together, the earliest table's first.
    let mut start = 0;
    for i in 1..ids.len() {
        if ids[i].0 != ids[start].0 {
            start = i;
            continue;
        }
        let ((text, earlier, _), (_, later, row)) = (&ids[start], &ids[i]);
        if later != earlier {
            keep[*later as usize][*row as usize] = false;
            dropped += 1;
            first.get_or_insert((text.clone(), *earlier, *later));
        }
    }
    let Some((id, earlier, later)) = first else {
        return Ok(None);
    };
    for (frame, keep) in frames.iter_mut().zip(keep) {
        if keep.iter().any(|k| !k) {
            *frame = frame
                .filter(&BooleanChunked::from_slice("keep".into(), &keep))
                .map_err(polars)?;
        }
    }
    Ok(Some(format!(
        "{} repeat{} an event of an earlier file under the same id (e.g. \"{id}\" of {}, first in {}): counted once",
        Counted::new("event", "events").of(dropped as f64),
        if dropped == 1 { "s" } else { "" },
        sources[later as usize],
        sources[earlier as usize],
    )))
}

/// The KPI values of the event tables of one group (read under the same
/// rules), per line and period of `by`: each event once across the
/// tables, the uses of the rules' features marked, the group-by KPIs
/// (`engine.rs`), then stickiness, time to adopt and each feature's
/// adoption (`adoption.rs`), which go to `out.features`.
pub fn aggregate(
    mut frames: Vec<DataFrame>,
    sources: &[String],
    choices: &RecordChoices,
    present: &BTreeSet<&'static str>,
    by: Granularity,
    out: &mut GridOutput,
) -> Result<Vec<Observation>, RecordError> {
    if let Some(note) = once_across(&mut frames, sources)? {
        out.issues
            .push(DataIssue::warning(note, Location::default()));
    }
    let features = &choices.features;
    if !features.is_empty() {
        features::mark(&mut frames, features, &out.lines, &mut out.issues)?;
    }
    let named = crate::model::format::files(sources);
    let (kpis, usage) = adoption::run(&frames, features, &out.lines, by, &named)?;
    let mut values = engine::run(frames, present, &measures(choices), by, &named)?;
    values.extend(kpis);
    out.features.extend(usage);
    Ok(values)
}
