//! A large, deterministic Google Ads spend export and a CRM deals report
//! beside it, generated for the differential test
//! (`tests/records_large/spend.rs`) and the benchmark
//! (`benches/records/spend.rs`): the CSV bytes, and beside them the same
//! rows as plain columns for an independent polars query to aggregate.
//!
//! The spend export has the columns of a Google Ads API report
//! (`segments.date`, `campaign.name`, `metrics.cost_micros` in millionths
//! of a dollar, ...), one row per campaign and day over 2025, and no
//! product column: each campaign's line comes from the name patterns of
//! [`PATTERNS`], which the rules declare as `records("spend", #{ lines:
//! ... })`. A few campaigns match no pattern and belong to no line. Some
//! names hold commas, so the export quotes them, as Google Ads does.

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

/// The campaign-name pattern of each line of [`LINES`], in the same order:
/// each generated campaign name matches its own line's pattern and no
/// other (patterns match without regard to case).
pub const PATTERNS: [&str; 8] = [
    "Atlas*", "*Beacon*", "Cobalt*", "*Drift*", "Ember*", "Fjord*", "Glacier*", "*Helix*",
];

/// Campaigns per line.
const CAMPAIGNS_PER_LINE: usize = 300;

/// Campaigns no pattern matches.
const UNMAPPED: usize = 40;

/// The rules' mapping, as a `records("spend", ...)` entry: `lines: #{
/// "Atlas*": "Atlas Analytics", ... }`.
pub fn mapping() -> String {
    let pairs: Vec<String> = PATTERNS
        .iter()
        .zip(LINES)
        .map(|(p, l)| format!("\"{p}\": \"{l}\""))
        .collect();
    format!("lines: #{{ {} }}", pairs.join(", "))
}

/// The spend rows as columns.
#[derive(Default)]
pub struct Spend {
    /// The line the campaign's name maps to; `None` for a campaign no
    /// pattern matches.
    pub line: Vec<Option<&'static str>>,
    /// The quarter (`year * 4 + quarter - 1`) of the row's day.
    pub quarter: Vec<i32>,
    /// `metrics.cost_micros`: millionths of a dollar.
    pub cost_micros: Vec<i64>,
}

/// The deals as columns.
#[derive(Default)]
pub struct Deals {
    pub line: Vec<&'static str>,
    pub won: Vec<bool>,
    /// Won or lost (not open).
    pub closed: Vec<bool>,
    /// The quarter (`year * 4 + quarter - 1`) of the close date.
    pub closed_quarter: Vec<i32>,
}

use crate::lcg::Lcg;

/// Day `day` of 2025 (0 is 1 January) as `2025-01-01`, and its quarter
/// (`year * 4 + quarter - 1`).
fn date(day: u32) -> (String, i32) {
    const DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut left = day;
    for (i, days) in DAYS.iter().enumerate() {
        if left < *days {
            let month = i as u32 + 1;
            let text = format!("2025-{month:02}-{:02}", left + 1);
            return (text, 2025 * 4 + i as i32 / 3);
        }
        left -= days;
    }
    panic!("day {day} is not in 2025")
}

/// A campaign name for line `line` (an index of [`LINES`]), the `k`th of
/// its campaigns, or for no line; written as the CSV cell (quoted when it
/// holds a comma).
fn campaign_name(line: Option<usize>, k: usize) -> String {
    const CHANNELS: [&str; 5] = ["Search", "Display", "YouTube", "Discovery", "PMax"];
    const REGIONS: [&str; 4] = ["US", "EMEA", "APAC", "LATAM"];
    let channel = CHANNELS[k % CHANNELS.len()];
    let region = REGIONS[(k / CHANNELS.len()) % REGIONS.len()];
    let n = k / (CHANNELS.len() * REGIONS.len());
    match line {
        // A prefix, in the case people type it.
        Some(0) => match k % 3 {
            0 => format!("Atlas - {channel} - {region} {n:02}"),
            1 => format!("ATLAS | {channel} | {region} | {n:02}"),
            _ => format!("atlas_{channel}_{region}_{n:02}").to_lowercase(),
        },
        Some(1) => match k % 2 {
            0 => format!("Spring Beacon Promo - {channel} {region} {n:02}"),
            _ => format!("Beacon - {channel} - {region} {n:02}"),
        },
        Some(2) => format!("Cobalt Payments - {channel} - {region} {n:02}"),
        Some(3) => format!("App Install - Drift - {channel} {region} {n:02}"),
        Some(4) => format!("Ember Security {channel} {region} {n:02}"),
        Some(5) => format!("Fjord - {channel} - {region} - Q{}", n % 4 + 1),
        Some(6) => format!("Glacier {channel} {region} v{n}"),
        // A comma: the cell is quoted.
        Some(7) => format!("\"Brand | Helix AI | {region}, {channel} {n:02}\""),
        Some(_) => unreachable!("8 lines"),
        None => match k % 2 {
            0 => format!("Competitor Conquest - {region} {n:02}"),
            _ => format!("\"Generic - {channel}, {region} {k:02}\""),
        },
    }
}

/// `rows` Google Ads rows over 2025, in date order, as CSV bytes and as
/// columns.
pub fn generate(rows: usize) -> (Vec<u8>, Spend) {
    let mut campaigns: Vec<(Option<usize>, String)> = Vec::new();
    for line in 0..LINES.len() {
        for k in 0..CAMPAIGNS_PER_LINE {
            campaigns.push((Some(line), campaign_name(Some(line), k)));
        }
    }
    for k in 0..UNMAPPED {
        campaigns.push((None, campaign_name(None, k)));
    }
    let mut rng = Lcg(20_250_101);
    let mut s = Spend::default();
    let mut out = Vec::with_capacity(rows * 120);
    out.extend_from_slice(b"segments.date,customer.id,customer.descriptive_name,customer.currency_code,campaign.id,campaign.name,campaign.status,metrics.impressions,metrics.clicks,metrics.cost_micros,metrics.conversions\n");
    let mut day_text = (u32::MAX, String::new(), 0);
    for i in 0..rows {
        let day = (i as u64 * 365 / rows as u64) as u32;
        if day != day_text.0 {
            let (text, q) = date(day);
            day_text = (day, text, q);
        }
        let c = rng.next(campaigns.len() as u64) as usize;
        let (line, name) = &campaigns[c];
        // One row in 20 spent nothing (a paused campaign still reports).
        let micros = match rng.next(20) {
            0 => 0,
            _ => 10_000 + rng.next(400_000_000) as i64,
        };
        let impressions = rng.next(5_000);
        let clicks = impressions / (5 + rng.next(40));
        writeln!(
            out,
            "{},1234567890,Northwind Software,USD,{},{name},ENABLED,{impressions},{clicks},{micros},{}.0",
            day_text.1,
            21_000_000_000u64 + c as u64,
            clicks / 20,
        )
        .unwrap();
        s.line.push(line.map(|l| LINES[l]));
        s.quarter.push(day_text.2);
        s.cost_micros.push(micros);
    }
    (out, s)
}

/// `count` Salesforce opportunities closed (or expected to close) in 2025,
/// as a report export's CSV bytes and as columns: won, lost and open.
pub fn deals(count: usize) -> (Vec<u8>, Deals) {
    let mut rng = Lcg(7);
    let mut d = Deals::default();
    let mut out = Vec::with_capacity(count * 120);
    out.extend_from_slice(b"Opportunity ID,Opportunity Name,Stage,Won,Closed,Amount,Close Date,Created Date,Product Name\n");
    for i in 0..count {
        let line = LINES[rng.next(LINES.len() as u64) as usize];
        let close = rng.next(365) as u32;
        let created = close - rng.next(close as u64 + 1) as u32;
        let (close_text, quarter) = date(close);
        let (created_text, _) = date(created);
        let (stage, won, closed) = match rng.next(10) {
            0..=3 => ("Closed Won", true, true),
            4..=7 => ("Closed Lost", false, true),
            8 => ("Negotiation/Review", false, false),
            _ => ("Prospecting", false, false),
        };
        writeln!(
            out,
            "006{i:012},Deal {i},{stage},{won},{closed},{}.00,{close_text},{created_text},{line}",
            1_000 + rng.next(90_000),
        )
        .unwrap();
        d.line.push(line);
        d.won.push(won);
        d.closed.push(closed);
        d.closed_quarter.push(quarter);
    }
    (out, d)
}
