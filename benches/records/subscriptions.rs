//! 200,000 Stripe-style subscriptions (`tests/generated/subscriptions.rs`):
//! read, typed, and aggregated into the nine subscription KPIs per line and
//! quarter. The floor reads the CSV with polars (dates parsed), works out
//! each subscription's MRR, and runs the same polars query the differential
//! test checks linecard against (`tests/generated/subscription_kpis.rs`):
//! states at each quarter's start and end, per customer, then per line.

#[path = "../../tests/generated/subscriptions.rs"]
mod generated;
#[path = "../../tests/generated/subscription_kpis.rs"]
mod kpis;

use super::floor::{compare, input_file, linecard_records};

use criterion::Criterion;
use polars::prelude::*;
use std::io::Cursor;
use std::sync::Arc;

const SUBSCRIPTIONS: usize = 200_000;

/// The export's time columns and the names the query gives them.
const TIMES: [(&str, &str); 7] = [
    ("Start (UTC)", "start"),
    ("Trial Start (UTC)", "trial_start"),
    ("Trial End (UTC)", "trial_end"),
    ("Canceled At (UTC)", "canceled_at"),
    ("Cancel At (UTC)", "cancel_at"),
    ("Ended At (UTC)", "ended_at"),
    ("Current Period End (UTC)", "period_end"),
];

/// Microseconds in a minute: parsed dates are microseconds.
const MICROS_PER_MINUTE: i64 = 60_000_000;

/// The KPI values the floor gives (8 lines, 8 quarters: 480).
fn polars_floor(bytes: &[u8]) -> usize {
    // Times as dates even where a column's first rows are blank.
    let times = Schema::from_iter(TIMES.map(|(header, _)| {
        Field::new(
            header.into(),
            DataType::Datetime(TimeUnit::Microseconds, None),
        )
    }));
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_schema_overwrite(Some(Arc::new(times)))
        .map_parse_options(|p| p.with_try_parse_dates(true))
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()
        .expect("polars reads");
    // MRR in twelfths: a yearly plan's amount once, a monthly one's twelve
    // times, times its seats.
    let twelfths = when(col("Interval").eq(lit("year")))
        .then(lit(1.0))
        .otherwise(lit(12.0));
    let mut columns = vec![
        col("Product").alias("line"),
        col("Customer ID").alias("customer"),
        col("Status").alias("status"),
        (col("Amount").cast(DataType::Float64)
            * col("Quantity").cast(DataType::Float64)
            * twelfths)
            .alias("mrr"),
    ];
    columns.extend(TIMES.map(|(header, name)| col(header).cast(DataType::Int64).alias(name)));
    let (per_quarter, _) = kpis::per_quarter(df.lazy().select(columns), MICROS_PER_MINUTE);
    kpis::values(&per_quarter, 12.0).len()
}

pub fn benches(c: &mut Criterion) {
    let options = linecard::rules::RuleSet::load(&linecard::rules::RulesSource::Builtin)
        .expect("default rules")
        .frame_options();
    let (csv, _) = generated::generate(SUBSCRIPTIONS);
    let file = input_file("subscriptions.csv", csv);
    // 8 lines over 8 quarters: 4 KPIs in the first, 8 in each other.
    let values = 8 * (4 + 8 * 7);
    assert_eq!(linecard_records(&file, &options), values);
    assert_eq!(polars_floor(&file.bytes), values);

    compare(c, "subscriptions_200k_csv", &file, &options, polars_floor);
}
