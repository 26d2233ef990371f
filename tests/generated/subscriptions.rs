//! A large, deterministic Stripe-style subscriptions export, generated for
//! the differential test (`tests/records_large/subscriptions.rs`) and the
//! benchmark (`benches/records/subscriptions.rs`): the CSV bytes, and beside
//! them the same subscriptions as plain columns for an independent polars
//! query to aggregate (`tests/generated/subscription_kpis.rs`).
//!
//! Each customer has a story of one to four subscriptions over 2024-2025:
//! monthly and yearly plans with cents and seats, trials (converted, still
//! running, or cancelled before they end), past-due and unpaid ones,
//! cancellations at the period's end, upgrades and downgrades (a new
//! subscription starting as the old one ends), reactivations after a gap,
//! a second plan beside the first (sometimes on another line), free plans
//! and never-paid ones; a few times fall at midnight on the first of a
//! month, so on a period's edge.

use chrono::DateTime;
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

/// The subscriptions as columns, each value as the CSV writes it; times in
/// minutes since 1970-01-01 UTC.
#[derive(Default)]
pub struct Subscriptions {
    pub line: Vec<&'static str>,
    pub customer: Vec<String>,
    pub status: Vec<&'static str>,
    pub yearly: Vec<bool>,
    /// The amount per interval and seat, in cents.
    pub amount_cents: Vec<i64>,
    pub quantity: Vec<i64>,
    pub start: Vec<i64>,
    pub trial_start: Vec<Option<i64>>,
    pub trial_end: Vec<Option<i64>>,
    pub canceled_at: Vec<Option<i64>>,
    pub cancel_at: Vec<Option<i64>>,
    pub ended_at: Vec<Option<i64>>,
    pub period_end: Vec<Option<i64>>,
}

use crate::lcg::Lcg;

const DAY: i64 = 1440;

/// Minutes since 1970-01-01 UTC at midnight on the first of a month.
pub fn month_start(year: i32, month: u32) -> i64 {
    chrono::NaiveDate::from_ymd_opt(year, month, 1)
        .expect("a date")
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
        .timestamp()
        / 60
}

/// A time as a UTC export writes it (`2025-01-05 10:00:00`, no zone).
fn text(minutes: i64) -> String {
    DateTime::from_timestamp(minutes * 60, 0)
        .expect("a time")
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// The first midnight on the first of a month after `minutes`.
fn next_month_start(minutes: i64, starts: &[i64]) -> i64 {
    *starts.iter().find(|s| **s > minutes).expect("before 2027")
}

/// One subscription as it is written.
struct Row {
    line: usize,
    status: &'static str,
    yearly: bool,
    cents: i64,
    quantity: i64,
    start: i64,
    trial: Option<(i64, i64)>,
    canceled_at: Option<i64>,
    cancel_at: Option<i64>,
    ended_at: Option<i64>,
    period_end: Option<i64>,
}

/// `rows` subscriptions starting over 2024 and 2025 up to the export's
/// date (20 December 2025, 18:00), as CSV bytes and as columns.
pub fn generate(rows: usize) -> (Vec<u8>, Subscriptions) {
    let starts: Vec<i64> = (2024..=2026)
        .flat_map(|y| (1..=12).map(move |m| month_start(y, m)))
        .collect();
    let (first, export) = (
        month_start(2024, 1),
        month_start(2025, 12) + 19 * DAY + 18 * 60,
    );
    let mut rng = Lcg(2026);
    let mut s = Subscriptions::default();
    let mut out = Vec::with_capacity(rows * 200);
    out.extend_from_slice(b"id,Customer ID,Plan,Product,Quantity,Currency,Interval,Amount,Status,Start (UTC),Current Period End (UTC),Trial Start (UTC),Trial End (UTC),Canceled At (UTC),Cancel At Period End,Cancel At (UTC),Ended At (UTC)\n");
    let mut customer = 0usize;
    while s.line.len() < rows {
        customer += 1;
        let mut line = rng.next(LINES.len() as u64) as usize;
        let mut start = first + rng.next((export - first) as u64) as i64;
        if rng.next(50) == 0 {
            start = next_month_start(start, &starts).min(export);
        }
        for n in 0..4 {
            if s.line.len() == rows {
                break;
            }
            let yearly = rng.next(5) == 0;
            let monthly_cents = 900 + 500 * line as i64 + rng.next(20_000) as i64;
            let cents = match (rng.next(100), yearly) {
                (0, _) => 0,
                (_, true) => monthly_cents * 10,
                (_, false) => monthly_cents,
            };
            let quantity = match rng.next(10) {
                0..=6 => 1,
                _ => 2 + rng.next(19) as i64,
            };
            let trial = (n == 0 && rng.next(4) == 0).then_some((start, start + 14 * DAY));
            let mut row = Row {
                line,
                status: "active",
                yearly,
                cents,
                quantity,
                start,
                trial,
                canceled_at: None,
                cancel_at: None,
                ended_at: None,
                period_end: None,
            };
            let lifetime = match rng.next(3) {
                0 => 1 + rng.next(120 * DAY as u64) as i64,
                _ => 1 + rng.next(900 * DAY as u64) as i64,
            };
            let mut end = start + lifetime;
            if rng.next(50) == 0 {
                end = next_month_start(start, &starts);
            }
            let never_paid = match rng.next(200) {
                0 => Some("incomplete_expired"),
                1 => Some("incomplete"),
                2 => Some("paused"),
                _ => None,
            };
            // What comes next: a new subscription from `then` on.
            let mut then = None;
            if let Some(status) = never_paid {
                row.status = status;
            } else if end > export {
                let renews =
                    export + 1 + rng.next(if yearly { 365 } else { 30 } * DAY as u64) as i64;
                row.period_end = Some(renews);
                row.status = match rng.next(100) {
                    _ if trial.is_some_and(|(_, e)| e > export) => "trialing",
                    0..=7 => "past_due",
                    8..=9 => "unpaid",
                    _ => "active",
                };
                if row.status == "active" && rng.next(40) == 0 {
                    let from = start.max(export - 20 * DAY);
                    row.canceled_at = Some(from + rng.next((export - from + 1) as u64) as i64);
                    // Stripe writes the scheduled end; older exports do not.
                    row.cancel_at = (rng.next(4) > 0).then_some(renews);
                }
                if n < 3 && rng.next(6) == 0 {
                    then = Some(start + 1 + rng.next((export - start).max(1) as u64) as i64);
                    if rng.next(3) == 0 {
                        line = rng.next(LINES.len() as u64) as usize;
                    }
                }
            } else {
                row.status = "canceled";
                row.ended_at = Some(end);
                row.canceled_at = Some(match rng.next(5) {
                    0 => start.max(end - rng.next(20 * DAY as u64) as i64),
                    _ => end,
                });
                if rng.next(30) == 0 {
                    // An export without `Ended At`: it ends at its cancellation.
                    row.ended_at = None;
                    row.canceled_at = Some(end);
                }
                then = match rng.next(10) {
                    0..=2 => Some(end),
                    3..=4 => Some(end + 1 + rng.next(200 * DAY as u64) as i64),
                    _ => None,
                };
            }
            push(&mut out, &mut s, &row, customer);
            match then {
                Some(next) if next <= export => start = next,
                _ => break,
            }
        }
    }
    (out, s)
}

/// Writes `row` as a CSV line and appends it to the columns.
fn push(out: &mut Vec<u8>, s: &mut Subscriptions, row: &Row, customer: usize) {
    let line = LINES[row.line];
    let interval = if row.yearly { "year" } else { "month" };
    let customer = format!("cus_{customer:06}");
    let opt = |t: Option<i64>| t.map(text).unwrap_or_default();
    let plan = format!("price_{}_{interval}", line.split(' ').next().unwrap());
    writeln!(
        out,
        "sub_{:07},{customer},{plan},{line},{},usd,{interval},{}.{:02},{},{},{},{},{},{},{},{},{}",
        s.line.len() + 1,
        row.quantity,
        row.cents / 100,
        row.cents % 100,
        row.status,
        text(row.start),
        opt(row.period_end),
        opt(row.trial.map(|t| t.0)),
        opt(row.trial.map(|t| t.1)),
        opt(row.canceled_at),
        row.canceled_at.is_some() && row.status != "canceled",
        opt(row.cancel_at),
        opt(row.ended_at),
    )
    .unwrap();
    s.line.push(line);
    s.customer.push(customer);
    s.status.push(row.status);
    s.yearly.push(row.yearly);
    s.amount_cents.push(row.cents);
    s.quantity.push(row.quantity);
    s.start.push(row.start);
    s.trial_start.push(row.trial.map(|t| t.0));
    s.trial_end.push(row.trial.map(|t| t.1));
    s.canceled_at.push(row.canceled_at);
    s.cancel_at.push(row.cancel_at);
    s.ended_at.push(row.ended_at);
    s.period_end.push(row.period_end);
}
