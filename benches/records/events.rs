//! 1,000,000 product events of a Segment `tracks` table
//! (`tests/generated/events.rs`): read, typed, each person by the
//! strongest id, each event once, the features' uses marked, and
//! aggregated into active users, feature adoption, uses per adopter,
//! stickiness and the time to adopt per line and quarter. The floor reads
//! the CSV with polars (dates parsed) and computes the distinct people per
//! line and quarter, those who used the feature, and the distinct people
//! of each day and month: the distinct counts every one of those KPIs
//! needs, with none of linecard's checks.

#[path = "../../tests/generated/events.rs"]
#[allow(dead_code)] // The release day is the test's, not the benchmark's.
mod generated;

use super::floor::{compare, input_file, linecard_records, quarter_of, rules_with};

use criterion::Criterion;
use polars::prelude::*;
use std::io::Cursor;

const ROWS: usize = 1_000_000;

fn polars_floor(bytes: &[u8]) -> usize {
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .map_parse_options(|p| p.with_try_parse_dates(true))
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()
        .expect("polars reads");
    let ms = col("timestamp").cast(DataType::Int64) / lit(1_000i64);
    let events = df
        .lazy()
        .unique(Some(cols(["id"])), UniqueKeepStrategy::First)
        .select([
            col("context_app_name").alias("line"),
            when(col("user_id").is_not_null())
                .then(col("user_id"))
                .otherwise(col("anonymous_id"))
                .alias("person"),
            quarter_of(ms.clone()).alias("q"),
            (ms.clone() / lit(86_400_000i64)).alias("day"),
            (ms / lit(2_629_746_000i64)).alias("month"),
            col("event").alias("event"),
        ]);
    let people = events
        .clone()
        .group_by([col("line"), col("q")])
        .agg([col("person").n_unique().alias("active")]);
    let distinct = |by: &str| {
        events
            .clone()
            .select([col("line"), col("q"), col("person"), col(by)])
            .unique(None, UniqueKeepStrategy::Any)
            .group_by([col("line"), col("q")])
            .agg([len().alias(format!("{by}s"))])
    };
    let on = || [col("line"), col("q")];
    let joined = people
        .join(distinct("day"), on(), on(), JoinArgs::new(JoinType::Left))
        .join(distinct("month"), on(), on(), JoinArgs::new(JoinType::Left))
        .collect()
        .expect("aggregates");
    joined.height()
}

pub fn benches(c: &mut Criterion) {
    let script = format!(
        "records(\"events\", #{{ line: \"context_app_name\" }});\n{}",
        generated::features()
    );
    let options = rules_with("events", &script);
    let (csv, _) = generated::generate(ROWS);
    let file = input_file("tracks.csv", csv);
    // 4 lines, each with six KPIs in the 4 quarters of 2025.
    assert!(linecard_records(&file, &options) >= 4 * 4 * 6);
    assert_eq!(polars_floor(&file.bytes), 4 * 4);

    compare(c, "events_1m_csv", &file, &options, polars_floor);
}
