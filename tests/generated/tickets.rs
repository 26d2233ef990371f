//! A large, deterministic Zendesk-style ticket export, generated for the
//! differential test (`tests/records_large/tickets.rs`) and the benchmark
//! (`benches/records/tickets.rs`): the CSV bytes, and beside them the same tickets
//! as plain columns for an independent polars query to aggregate.

use std::io::Write;

pub const LINES: [&str; 8] = [
    "Atlas Analytics",
    "Beacon CRM",
    "Cobalt Payments",
    "Drift Mobile",
    "Ember Security",
    "Fjord Data Platform",
    "Glacier Archive",
    "Helix AI Assistant",
];

/// The tickets as columns, each value as the CSV writes it.
#[derive(Default)]
pub struct Tickets {
    pub line: Vec<&'static str>,
    pub deleted: Vec<bool>,
    /// The quarter (`year * 4 + quarter - 1`) the ticket was created in.
    pub created_quarter: Vec<i32>,
    /// The quarter it was solved in, if solved.
    pub solved_quarter: Vec<Option<i32>>,
    /// Full resolution time, in minutes, if solved.
    pub resolution_minutes: Vec<Option<i64>>,
    /// First reply time, in minutes, if replied.
    pub reply_minutes: Vec<Option<i64>>,
    pub reopens: Vec<i64>,
    /// `Some(true)` good, `Some(false)` bad, `None` unrated.
    pub rating: Vec<Option<bool>>,
}

use crate::lcg::Lcg;

/// Days from 2024-01-01 to the first of each month of 2024-2026.
fn month_starts() -> Vec<(i32, u32, i64)> {
    let mut out = Vec::new();
    let mut day = 0i64;
    for year in 2024..=2026 {
        for month in 1..=12u32 {
            out.push((year, month, day));
            let leap = year % 4 == 0;
            day += match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
        }
    }
    out
}

/// `minutes` after 2024-01-01 00:00 UTC, written as a UTC export writes it
/// (`2025-01-05 10:00:00`, no zone: linecard reads it in `--timezone`,
/// UTC by default), and its
/// quarter (`year * 4 + quarter - 1`).
fn at(minutes: i64, starts: &[(i32, u32, i64)]) -> (String, i32) {
    let day = minutes / 1440;
    let (year, month, first) = starts
        .iter()
        .rev()
        .find(|(_, _, d)| *d <= day)
        .copied()
        .expect("within 2024-2026");
    let (h, m) = ((minutes % 1440) / 60, minutes % 60);
    let text = format!("{year}-{month:02}-{:02} {h:02}:{m:02}:00", day - first + 1);
    (text, year * 4 + (month as i32 - 1) / 3)
}

/// `rows` tickets created over 2025, as CSV bytes and as columns.
pub fn generate(rows: usize) -> (Vec<u8>, Tickets) {
    let starts = month_starts();
    let mut rng = Lcg(2025);
    let mut t = Tickets::default();
    let mut out = Vec::with_capacity(rows * 120);
    out.extend_from_slice(b"Id,Status,Created at,Solved at,Reopens,Satisfaction Score,First reply time in minutes,Full resolution time in minutes,Product [list]\n");
    let year_start = 366 * 1440; // 2025-01-01, 2024 being a leap year.
    for id in 0..rows {
        let line = LINES[rng.next(LINES.len() as u64) as usize];
        let created = year_start + rng.next(365 * 1440) as i64;
        let (created_text, created_quarter) = at(created, &starts);
        let status = match rng.next(20) {
            0 => "Deleted",
            1..=3 => "Open",
            4..=10 => "Solved",
            _ => "Closed",
        };
        let solved = status != "Open";
        let resolution = solved.then(|| 5 + rng.next(60 * 24 * 20) as i64);
        let reply = (rng.next(10) > 0).then(|| 1 + rng.next(60 * 24) as i64);
        let reopens = if rng.next(10) == 0 {
            1 + rng.next(3) as i64
        } else {
            0
        };
        let rating = match rng.next(4) {
            0 => Some(true),
            1 => Some(false),
            _ => None,
        };
        let (solved_text, solved_quarter) = match resolution {
            Some(minutes) => {
                let (text, q) = at(created + minutes, &starts);
                (text, Some(q))
            }
            None => (String::new(), None),
        };
        let rating_text = match (rating, rng.next(2)) {
            (Some(true), _) => "good",
            (Some(false), _) => "bad",
            (None, 0) => "offered",
            (None, _) => "unoffered",
        };
        let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        writeln!(
            out,
            "{},{status},{created_text},{solved_text},{reopens},{rating_text},{},{},{line}",
            100_000 + id,
            opt(reply),
            opt(resolution),
        )
        .unwrap();
        t.line.push(line);
        t.deleted.push(status == "Deleted");
        t.created_quarter.push(created_quarter);
        t.solved_quarter.push(solved_quarter);
        t.resolution_minutes.push(resolution);
        t.reply_minutes.push(reply);
        t.reopens.push(reopens);
        t.rating.push(rating);
    }
    (out, t)
}
