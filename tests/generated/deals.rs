//! A large, deterministic Salesforce-style opportunity report, generated
//! for the differential test (`tests/records_large/deals.rs`) and the
//! benchmark (`benches/records/deals.rs`): the CSV bytes, in the column
//! layout of `tests/fixtures/records/deals/salesforce.csv` (one currency,
//! so no currency column), and beside them the same deals as plain columns
//! for an independent polars query to aggregate.
//!
//! Deals are created over 2025 and the report is exported on 2026-01-31:
//! a deal that would have closed after that is still open. Open deals carry
//! an expected close date up to 400 days after creation (far into 2026),
//! which must count for nothing, so the export's latest period is 2026-Q1.
//! Amounts have cents; one deal in a hundred has none.

use chrono::{Datelike, NaiveDate};
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

/// The stages of an open deal.
const OPEN_STAGES: [&str; 5] = [
    "Prospecting",
    "Qualification",
    "Needs Analysis",
    "Proposal/Price Quote",
    "Negotiation/Review",
];

const OWNERS: [&str; 4] = ["Riley Seller", "Sam Closer", "Alex Hunter", "Jo Farmer"];

/// Days from 2025-01-01 to the export, 2026-01-31.
pub const EXPORT_DAY: i64 = 365 + 30;

/// What became of a deal, as of the export.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Outcome {
    Won,
    Lost,
    Open,
}

/// The deals as columns, each value as the CSV writes it.
#[derive(Default)]
pub struct Deals {
    pub line: Vec<&'static str>,
    /// The quarter (`year * 4 + quarter - 1`) the deal was created in.
    pub created_quarter: Vec<i32>,
    /// The quarter it closed in, if closed (won or lost).
    pub closed_quarter: Vec<Option<i32>>,
    pub outcome: Vec<Outcome>,
    /// The amount in cents, if it has one.
    pub amount_cents: Vec<Option<i64>>,
    /// Calendar days from create date to close date, if closed.
    pub cycle_days: Vec<Option<i64>>,
}

use crate::lcg::Lcg;

/// `day` days after 2025-01-01.
fn date(day: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(day)
}

/// A date's quarter, as `year * 4 + quarter - 1`.
fn quarter(d: NaiveDate) -> i32 {
    d.year() * 4 + d.month0() as i32 / 3
}

/// `rows` deals created over 2025, as CSV bytes and as columns.
pub fn generate(rows: usize) -> (Vec<u8>, Deals) {
    let mut rng = Lcg(2025);
    let mut d = Deals::default();
    let mut out = Vec::with_capacity(rows * 190);
    out.extend_from_slice(b"Opportunity Owner,Account Name,Opportunity Name,Stage,Fiscal Period,Amount,Probability (%),Age,Close Date,Created Date,Next Step,Lead Source,Type,Won,Closed,Product Name,Quantity,Opportunity ID\n");
    for i in 0..rows {
        let line = LINES[rng.next(LINES.len() as u64) as usize];
        let created_day = rng.next(365) as i64;
        let cycle = rng.next(181) as i64;
        let mut outcome = match rng.next(10) {
            0..=3 => Outcome::Won,
            4..=6 => Outcome::Lost,
            _ => Outcome::Open,
        };
        if created_day + cycle > EXPORT_DAY {
            outcome = Outcome::Open;
        }
        let close_day = match outcome {
            Outcome::Open => created_day + rng.next(401) as i64,
            _ => created_day + cycle,
        };
        let cents = (rng.next(100) > 0).then(|| 50_000 + rng.next(10_000_000) as i64);
        let (created, closed) = (date(created_day), date(close_day));
        let (stage, probability, won, is_closed) = match outcome {
            Outcome::Won => ("Closed Won", 100, 1, 1),
            Outcome::Lost => ("Closed Lost", 0, 0, 1),
            Outcome::Open => (OPEN_STAGES[rng.next(5) as usize], 40, 0, 0),
        };
        let amount = cents
            .map(|c| format!("{}.{:02}", c / 100, c % 100))
            .unwrap_or_default();
        let id = format!("006{i:07}");
        writeln!(
            out,
            "{},Account {id},{line} deal {id},{stage},Q{}-{},{amount},{probability},,{closed},{created},,Web,New Business,{won},{is_closed},{line},1,{id}",
            OWNERS[i % OWNERS.len()],
            closed.month0() / 3 + 1,
            closed.year(),
        )
        .unwrap();
        let is_closed = outcome != Outcome::Open;
        d.line.push(line);
        d.created_quarter.push(quarter(created));
        d.closed_quarter.push(is_closed.then(|| quarter(closed)));
        d.outcome.push(outcome);
        d.amount_cents.push(cents);
        d.cycle_days.push(is_closed.then_some(cycle));
    }
    (out, d)
}
