//! 1,000,000 Salesforce-style deals (`tests/generated/deals.rs`): read,
//! typed, and aggregated into the six deals KPIs per line and quarter. The
//! floor reads the CSV with polars (dates parsed), puts each deal in the
//! quarters of its create and close dates, and computes the same KPIs in
//! two group-bys, the export's latest period, and the open pipeline in it.

#[path = "../../tests/generated/deals.rs"]
mod generated;

use super::floor::{compare, input_file, linecard_records, quarter_of};

use criterion::Criterion;
use polars::prelude::*;
use std::io::Cursor;

const DEALS: usize = 1_000_000;

fn polars_floor(bytes: &[u8]) -> usize {
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .map_parse_options(|p| p.with_try_parse_dates(true))
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()
        .expect("polars reads");
    let won = || col("Won").eq(lit(1));
    let deals = df.lazy().with_columns([
        quarter_of(col("Created Date")).alias("created_q"),
        quarter_of(col("Close Date")).alias("closed_q"),
        col("Closed").eq(lit(1)).alias("closed"),
        (col("Close Date").cast(DataType::Int32) - col("Created Date").cast(DataType::Int32))
            .alias("cycle"),
    ]);
    let closed = deals
        .clone()
        .filter(col("closed"))
        .group_by([col("Product Name"), col("closed_q")])
        .agg([
            won().cast(DataType::Float64).mean().alias("win_rate"),
            won().cast(DataType::Int64).sum().alias("deals_won"),
            col("Amount").filter(won()).mean().alias("avg_deal_size"),
            col("cycle")
                .filter(won())
                .median()
                .alias("sales_cycle_days"),
        ])
        .collect()
        .expect("aggregates");
    let created = deals
        .clone()
        .group_by([col("Product Name"), col("created_q")])
        .agg([col("Amount").sum().alias("pipeline_created")])
        .collect()
        .expect("aggregates");
    let latest = deals
        .clone()
        .select([polars::lazy::dsl::max_horizontal([
            col("closed_q").filter(col("closed")).max(),
            col("created_q").max(),
        ])
        .expect("two ends")
        .alias("latest")])
        .collect()
        .expect("aggregates");
    let latest = latest.column("latest").unwrap().i32().unwrap().get(0);
    let pipeline = deals
        .filter(col("closed").not())
        .group_by([col("Product Name")])
        .agg([
            col("Amount").sum().alias("pipeline"),
            lit(latest.expect("a latest period")).alias("q"),
        ])
        .collect()
        .expect("aggregates");
    closed.height() + created.height() + pipeline.height()
}

pub fn benches(c: &mut Criterion) {
    let options = linecard::rules::RuleSet::load(&linecard::rules::RulesSource::Builtin)
        .expect("default rules")
        .frame_options();
    let (csv, _) = generated::generate(DEALS);
    let file = input_file("deals.csv", csv);
    // 8 lines: 4 KPIs by close date over 2025 and 2026-Q1, 1 by create
    // date over 2025, the open pipeline in 2026-Q1.
    assert_eq!(linecard_records(&file, &options), 8 * (4 * 5 + 4 + 1));
    assert_eq!(polars_floor(&file.bytes), 8 * (5 + 4 + 1));

    compare(c, "deals_1m_csv", &file, &options, polars_floor);
}
