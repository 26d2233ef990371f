//! 1,000,000 Zendesk-style tickets (`tests/generated/tickets.rs`): read,
//! typed, and aggregated into the seven support KPIs per line and quarter.
//! The floor reads the CSV with polars (dates parsed), puts each ticket in
//! its quarter, and computes the same KPIs in two group-bys.

#[path = "../../tests/generated/tickets.rs"]
mod generated;

use super::floor::{compare, input_file, linecard_records, quarter_of};

use criterion::Criterion;
use polars::prelude::*;
use std::io::Cursor;

const TICKETS: usize = 1_000_000;

fn polars_floor(bytes: &[u8]) -> usize {
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .map_parse_options(|p| p.with_try_parse_dates(true))
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()
        .expect("polars reads");
    let kept = df
        .lazy()
        .filter(col("Status").neq(lit("Deleted")))
        .with_columns([
            quarter_of(col("Created at")).alias("created_q"),
            quarter_of(col("Solved at")).alias("solved_q"),
            (col("Full resolution time in minutes").cast(DataType::Float64) / lit(60.0))
                .alias("resolution"),
            (col("First reply time in minutes").cast(DataType::Float64) / lit(60.0)).alias("reply"),
        ]);
    let solved = kept
        .clone()
        .filter(col("Solved at").is_not_null())
        .group_by([col("Product [list]"), col("solved_q")])
        .agg([
            len(),
            col("resolution").median(),
            col("resolution")
                .quantile(lit(0.9), QuantileMethod::Linear)
                .alias("p90"),
            col("Reopens").gt(lit(0)).cast(DataType::Float64).mean(),
            col("Satisfaction Score")
                .eq(lit("good"))
                .filter(
                    col("Satisfaction Score")
                        .eq(lit("good"))
                        .or(col("Satisfaction Score").eq(lit("bad"))),
                )
                .cast(DataType::Float64)
                .mean()
                .alias("csat"),
        ])
        .collect()
        .expect("aggregates");
    let replies = kept
        .filter(col("reply").is_not_null())
        .group_by([col("Product [list]"), col("created_q")])
        .agg([
            col("reply").median(),
            col("reply")
                .quantile(lit(0.9), QuantileMethod::Linear)
                .alias("p90"),
        ])
        .collect()
        .expect("aggregates");
    solved.height() + replies.height()
}

pub fn benches(c: &mut Criterion) {
    let options = linecard::rules::RuleSet::load(&linecard::rules::RulesSource::Builtin)
        .expect("default rules")
        .frame_options();
    let (csv, _) = generated::generate(TICKETS);
    let file = input_file("tickets.csv", csv);
    // 8 lines: 7 KPIs in each of 2025's quarters, fewer in 2026-Q1.
    assert!(linecard_records(&file, &options) > 8 * 4 * 7);
    assert!(polars_floor(&file.bytes) > 8 * 4 * 2);

    compare(c, "tickets_1m_csv", &file, &options, polars_floor);
}
