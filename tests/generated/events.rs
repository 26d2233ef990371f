//! A large, deterministic product-event table as Segment syncs it to a
//! warehouse (`tracks`: `id`, `anonymous_id`, `user_id`, `event`,
//! `timestamp`, `context_app_name`), generated for the differential test
//! (`tests/records_large/events.rs`) and the benchmark
//! (`benches/records/events.rs`): the CSV bytes, and beside them the same
//! events as plain columns for an independent polars query.
//!
//! Events fall over 2025 in time order, each of a person (a user id, or
//! for one event in ten an anonymous visitor's id only) on one of four
//! lines; each line's feature is its `*_shared` event (Atlas Analytics'
//! released on 1 March). One event in 500 is exported twice (the same
//! `id` and contents), which must count once.

use chrono::{DateTime, Datelike};
use std::io::Write;

pub const LINES: [&str; 4] = [
    "Atlas Analytics",
    "Beacon CRM",
    "Cobalt Payments",
    "Drift Mobile",
];

/// Each line's event prefix.
const PREFIX: [&str; 4] = ["atlas", "beacon", "cobalt", "drift"];

/// The people.
const PEOPLE: u64 = 40_000;

/// The rules' features: each line's `*_shared` event, Atlas Analytics'
/// released on 1 March 2025.
pub fn features() -> String {
    LINES
        .iter()
        .zip(PREFIX)
        .map(|(line, p)| {
            let released = match p {
                "atlas" => ", released: \"2025-03-01\"",
                _ => "",
            };
            format!(
                "feature(\"{p} sharing\", #{{ line: \"{line}\", events: [\"{p}_shared\"]{released} }});\n"
            )
        })
        .collect()
}

/// The day Atlas Analytics' feature was released: days since 1970.
pub const ATLAS_RELEASED: i32 = 20_148;

/// The events as columns, each once (the copies left out).
#[derive(Default)]
pub struct Events {
    pub line: Vec<&'static str>,
    /// The person: their user id, or the anonymous id when there is none.
    pub person: Vec<String>,
    /// Whether the event is a use of its line's feature.
    pub used: Vec<bool>,
    /// The quarter (`year * 4 + quarter - 1`), month (`year * 12 + month -
    /// 1`) and day (since 1970) of the event, in UTC.
    pub quarter: Vec<i32>,
    pub month: Vec<i32>,
    pub day: Vec<i32>,
}

use crate::lcg::Lcg;

/// `rows` events over 2025, as CSV bytes (copies included) and as columns.
pub fn generate(rows: usize) -> (Vec<u8>, Events) {
    let mut rng = Lcg(20_250_401);
    let mut e = Events::default();
    let mut out = Vec::with_capacity(rows * 110);
    out.extend_from_slice(b"id,anonymous_id,user_id,event,timestamp,context_app_name\n");
    let start = 1_735_689_600i64; // 2025-01-01T00:00:00Z
    let year = 365 * 86_400i64;
    for i in 0..rows {
        let at = start + (i as i64 * year) / rows as i64;
        // Most people keep to one line; some use two.
        let who = rng.next(PEOPLE);
        let line = match rng.next(10) {
            0 => rng.next(4) as usize,
            _ => (who % 4) as usize,
        };
        let kind = match rng.next(20) {
            0..=11 => "opened",
            12..=17 => "viewed",
            _ => "shared",
        };
        let anonymous = rng.next(10) == 0;
        let (user, anon) = match anonymous {
            true => (String::new(), format!("anon-{who}-{}", rng.next(3))),
            false => (format!("user-{who}"), format!("anon-{who}-0")),
        };
        let time = DateTime::from_timestamp(at, 0).unwrap();
        let row = format!(
            "evt-{i:07},{anon},{user},{}_{kind},{},{}\n",
            PREFIX[line],
            time.format("%Y-%m-%dT%H:%M:%S%.3fZ"),
            LINES[line]
        );
        out.extend_from_slice(row.as_bytes());
        if i % 500 == 499 {
            out.extend_from_slice(row.as_bytes());
        }
        let date = time.date_naive();
        e.line.push(LINES[line]);
        e.person.push(if anonymous { anon } else { user });
        e.used.push(kind == "shared");
        e.quarter.push(date.year() * 4 + date.month0() as i32 / 3);
        e.month.push(date.year() * 12 + date.month0() as i32);
        e.day.push((at.div_euclid(86_400)) as i32);
    }
    out.flush().unwrap();
    (out, e)
}
