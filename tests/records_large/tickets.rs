//! A generated export of 1,000,000 support tickets: hours agree to the
//! second, shares and counts exactly, on every line and quarter.

#[path = "../generated/tickets.rs"]
mod generated;

use super::common::*;
use polars::prelude::*;
use std::collections::BTreeMap;

const ROWS: usize = 1_000_000;

/// (line, period, metric) -> (value, sample size), from the JSON report.
fn from_linecard(doc: &serde_json::Value) -> BTreeMap<(String, String, String), (f64, u64)> {
    measured_values(doc, None)
}

/// The same KPIs, by polars over the generated columns.
fn from_polars(t: &generated::Tickets) -> BTreeMap<(String, String, String), (f64, u64)> {
    let hours = |v: &[Option<i64>]| -> Vec<Option<f64>> {
        v.iter().map(|m| m.map(|m| m as f64 / 60.0)).collect()
    };
    let df = df!(
        "line" => t.line.clone(),
        "deleted" => t.deleted.clone(),
        "created_q" => t.created_quarter.clone(),
        "solved_q" => t.solved_quarter.clone(),
        "resolution" => hours(&t.resolution_minutes),
        "reply" => hours(&t.reply_minutes),
        "reopened" => t.reopens.iter().map(|r| *r > 0).collect::<Vec<bool>>(),
        "good" => t.rating.clone(),
    )
    .unwrap();
    let kept = df.lazy().filter(col("deleted").not());
    let by_solve = kept
        .clone()
        .filter(col("solved_q").is_not_null())
        .group_by([col("line"), col("solved_q").alias("q")])
        .agg([
            len().cast(DataType::Float64).alias("tickets_solved"),
            col("resolution").median().alias("support_resolution_hours"),
            col("resolution")
                .quantile(lit(0.9), QuantileMethod::Linear)
                .alias("support_resolution_hours_p90"),
            col("reopened")
                .cast(DataType::Float64)
                .mean()
                .alias("reopen_rate"),
            col("good").cast(DataType::Float64).mean().alias("csat"),
            col("good").count().alias("csat#n"),
        ])
        .collect()
        .unwrap();
    let by_creation = kept
        .filter(col("reply").is_not_null())
        .group_by([col("line"), col("created_q").alias("q")])
        .agg([
            col("reply").median().alias("first_reply_hours"),
            col("reply")
                .quantile(lit(0.9), QuantileMethod::Linear)
                .alias("first_reply_hours_p90"),
            len().alias("reply#n"),
        ])
        .collect()
        .unwrap();
    let mut out = BTreeMap::new();
    let mut take = |df: &DataFrame, metrics: &[(&str, &str)]| {
        let lines = df.column("line").unwrap().str().unwrap().clone();
        let quarters = df.column("q").unwrap().i32().unwrap().clone();
        for (metric, n) in metrics {
            let values = df.column(metric).unwrap().f64().unwrap().clone();
            let samples = df
                .column(n)
                .unwrap()
                .cast(&DataType::UInt64)
                .unwrap()
                .u64()
                .unwrap()
                .clone();
            for i in 0..df.height() {
                let q = quarters.get(i).unwrap();
                let period = format!("{}-Q{}", q / 4, q % 4 + 1);
                out.insert(
                    (
                        lines.get(i).unwrap().to_string(),
                        period,
                        metric.to_string(),
                    ),
                    (values.get(i).unwrap(), samples.get(i).unwrap()),
                );
            }
        }
    };
    take(
        &by_solve
            .lazy()
            .with_column(col("tickets_solved").alias("solved#n"))
            .collect()
            .unwrap(),
        &[
            ("tickets_solved", "solved#n"),
            ("support_resolution_hours", "solved#n"),
            ("support_resolution_hours_p90", "solved#n"),
            ("reopen_rate", "solved#n"),
            ("csat", "csat#n"),
        ],
    );
    take(
        &by_creation,
        &[
            ("first_reply_hours", "reply#n"),
            ("first_reply_hours_p90", "reply#n"),
        ],
    );
    out
}

#[test]
fn a_million_tickets_agree_with_an_independent_polars_query() {
    let (csv, tickets) = generated::generate(ROWS);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tickets.csv");
    std::fs::write(&path, csv).unwrap();
    let doc = report_json(dir.path(), &["tickets.csv", "--period-by", "quarter"]);
    let got = from_linecard(&doc);
    let want = from_polars(&tickets);
    // Tickets created late in 2025 are solved in 2026: both sides have them.
    assert!(want.len() > 8 * 4 * 7, "{} expected values", want.len());
    for (key, (value, n)) in &want {
        let (v, sample) = got
            .get(key)
            .unwrap_or_else(|| panic!("linecard has no value for {key:?}"));
        // Hours agree to the second; shares and counts exactly.
        assert!(
            (v - value).abs() < 1.0 / 3600.0,
            "{key:?}: linecard {v}, polars {value}"
        );
        assert_eq!(sample, n, "{key:?}: sample size");
    }
    let computed: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    assert!(
        computed.is_empty(),
        "values polars does not give: {computed:?}"
    );
}
