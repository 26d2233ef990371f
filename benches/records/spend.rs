//! 1,000,000 Google Ads spend rows (`tests/generated/spend.rs`): read,
//! typed, each campaign mapped to its line by the rules' name patterns, and
//! summed into `marketing_spend` per line and quarter. The floor reads the
//! CSV with polars (dates parsed), sums the micros per campaign and
//! quarter, maps the few thousand campaign names to lines (the patterns
//! are prefixes and substrings, matched without case, and the polars build
//! has no string functions), and sums again per line and quarter.

#[path = "../../tests/generated/spend.rs"]
#[allow(dead_code)] // The deals report is the test's, not the benchmark's.
mod generated;

use super::floor::{compare, input_file, linecard_records, quarter_of, rules_with};

use criterion::Criterion;
use linecard::frame::FrameOptions;
use polars::prelude::*;
use std::io::Cursor;

const ROWS: usize = 1_000_000;

/// The line a campaign name maps to, as the patterns of
/// [`generated::PATTERNS`] say: `Atlas*` a prefix, `*Beacon*` a substring.
fn line_of(name: &str) -> Option<&'static str> {
    let name = name.to_lowercase();
    generated::PATTERNS
        .iter()
        .zip(generated::LINES)
        .find(|(pattern, _)| {
            let pattern = pattern.to_lowercase();
            match pattern.strip_prefix('*') {
                Some(inner) => name.contains(inner.trim_end_matches('*')),
                None => name.starts_with(pattern.trim_end_matches('*')),
            }
        })
        .map(|(_, line)| line)
}

fn polars_floor(bytes: &[u8]) -> usize {
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .map_parse_options(|p| p.with_try_parse_dates(true))
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()
        .expect("polars reads");
    let mut by_campaign = df
        .lazy()
        .group_by([
            col("campaign.name"),
            quarter_of(col("segments.date")).alias("q"),
        ])
        .agg([col("metrics.cost_micros").sum().alias("micros"), len()])
        .collect()
        .expect("aggregates");
    let lines: Vec<Option<&str>> = by_campaign
        .column("campaign.name")
        .expect("campaigns")
        .str()
        .expect("text")
        .iter()
        .map(|name| name.and_then(line_of))
        .collect();
    by_campaign
        .with_column(Column::new("line".into(), lines))
        .expect("one line per campaign");
    // Whole micros: the 32 sums in dollars are not the cost.
    let by_line = by_campaign
        .lazy()
        .filter(col("line").is_not_null())
        .group_by([col("line"), col("q")])
        .agg([col("micros").sum(), col("len").sum()])
        .collect()
        .expect("aggregates");
    by_line.height()
}

/// The shipped rules and the generated campaigns' mapping.
fn options() -> FrameOptions {
    let script = format!("records(\"spend\", #{{ {} }});\n", generated::mapping());
    rules_with("spend", &script)
}

pub fn benches(c: &mut Criterion) {
    let options = options();
    let (csv, _) = generated::generate(ROWS);
    let file = input_file("google-ads.csv", csv);
    // 8 lines, each with its spend in the 4 quarters of 2025.
    assert!(linecard_records(&file, &options) >= 8 * 4);
    assert_eq!(polars_floor(&file.bytes), 8 * 4);

    compare(c, "spend_1m_csv", &file, &options, polars_floor);
}
