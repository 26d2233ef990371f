//! A generated Salesforce-style report of 1,000,000 deals: every deals KPI
//! on every line and quarter agrees with a polars query written from the
//! definitions in `src/frame/records/deals.rs` over the generator's own
//! columns (amounts in integer cents, so sums are exact): money to the
//! cent, the rest to 1e-9 relative, sample sizes exactly, and neither side
//! has a value the other lacks. The open pipeline goes in the export's
//! latest period (2026-Q1), which open deals' expected close dates, far
//! into 2026, must not move.

#[path = "../generated/deals.rs"]
mod generated;

use super::common::*;
use polars::prelude::*;
use std::collections::BTreeMap;

const ROWS: usize = 1_000_000;

/// (line, period, metric) -> (value, sample size).
type Values = BTreeMap<(String, String, String), (f64, u64)>;

/// (line, period, metric) -> (value, sample size), from the JSON report.
fn from_linecard(doc: &serde_json::Value) -> Values {
    measured_values(doc, None)
}

fn period(q: i32) -> String {
    format!("{}-Q{}", q / 4, q % 4 + 1)
}

/// Column `name` of `df` as i64s.
fn ints(df: &DataFrame, name: &str) -> Vec<Option<i64>> {
    let ints = df
        .column(name)
        .unwrap()
        .cast(&DataType::Int64)
        .unwrap()
        .i64()
        .unwrap()
        .clone();
    (0..df.height()).map(|i| ints.get(i)).collect()
}

fn lines(df: &DataFrame) -> Vec<String> {
    let lines = df.column("line").unwrap().str().unwrap().clone();
    (0..df.height())
        .map(|i| lines.get(i).unwrap().to_string())
        .collect()
}

/// The same KPIs, by polars over the generated columns.
fn from_polars(d: &generated::Deals) -> (Values, i32) {
    use generated::Outcome;
    let outcome: Vec<&str> = (d.outcome.iter())
        .map(|o| match o {
            Outcome::Won => "won",
            Outcome::Lost => "lost",
            Outcome::Open => "open",
        })
        .collect();
    let deals = df!(
        "line" => d.line.clone(),
        "outcome" => outcome,
        "created_q" => d.created_quarter.clone(),
        "closed_q" => d.closed_quarter.clone(),
        "cents" => d.amount_cents.clone(),
        "cycle" => d.cycle_days.clone(),
    )
    .unwrap()
    .lazy();
    let won = || col("outcome").eq(lit("won"));
    let closed = deals
        .clone()
        .filter(col("closed_q").is_not_null())
        .group_by([col("line"), col("closed_q").alias("q")])
        .agg([
            len().alias("closed"),
            won().cast(DataType::Int64).sum().alias("won"),
            col("cents").filter(won()).sum().alias("won_cents"),
            col("cents").filter(won()).count().alias("won_amounts"),
            col("cycle").filter(won()).median().alias("cycle"),
        ])
        .collect()
        .unwrap();
    let created = deals
        .clone()
        .filter(col("cents").is_not_null())
        .group_by([col("line"), col("created_q").alias("q")])
        .agg([col("cents").sum().alias("cents"), len().alias("n")])
        .collect()
        .unwrap();
    // The export's latest period: the latest a deal was created or closed in.
    let latest = deals
        .clone()
        .select([col("created_q").max(), col("closed_q").max()])
        .collect()
        .unwrap();
    let latest = ints(&latest, "created_q")[0]
        .max(ints(&latest, "closed_q")[0])
        .unwrap() as i32;
    let open = deals
        .filter(col("closed_q").is_null().and(col("cents").is_not_null()))
        .group_by([col("line")])
        .agg([col("cents").sum().alias("cents"), len().alias("n")])
        .collect()
        .unwrap();

    let mut out = Values::new();
    let mut put = |line: &str, q: i32, metric: &str, value: f64, n: i64| {
        if n > 0 {
            let key = (line.to_string(), period(q), metric.to_string());
            assert!(out.insert(key, (value, n as u64)).is_none());
        }
    };
    let qs = ints(&closed, "q");
    let (n_closed, n_won) = (ints(&closed, "closed"), ints(&closed, "won"));
    let (won_cents, won_amounts) = (ints(&closed, "won_cents"), ints(&closed, "won_amounts"));
    let cycle = closed.column("cycle").unwrap().f64().unwrap().clone();
    for (i, line) in lines(&closed).iter().enumerate() {
        let q = qs[i].unwrap() as i32;
        let (c, w) = (n_closed[i].unwrap(), n_won[i].unwrap());
        put(line, q, "win_rate", w as f64 / c as f64, c);
        // Counted among the deals closed: its sample is them.
        put(line, q, "deals_won", w as f64, c);
        let (cents, n) = (won_cents[i].unwrap_or(0), won_amounts[i].unwrap());
        put(line, q, "avg_deal_size", cents as f64 / n as f64 / 100.0, n);
        if let Some(days) = cycle.get(i) {
            put(line, q, "sales_cycle_days", days, w);
        }
    }
    let (qs, cents, n) = (
        ints(&created, "q"),
        ints(&created, "cents"),
        ints(&created, "n"),
    );
    for (i, line) in lines(&created).iter().enumerate() {
        let value = cents[i].unwrap() as f64 / 100.0;
        put(
            line,
            qs[i].unwrap() as i32,
            "pipeline_created",
            value,
            n[i].unwrap(),
        );
    }
    let (cents, n) = (ints(&open, "cents"), ints(&open, "n"));
    for (i, line) in lines(&open).iter().enumerate() {
        let value = cents[i].unwrap() as f64 / 100.0;
        put(line, latest, "pipeline", value, n[i].unwrap());
    }
    (out, latest)
}

fn agrees(metric: &str, linecard: f64, polars: f64) -> bool {
    match metric {
        "avg_deal_size" | "pipeline" | "pipeline_created" => (linecard - polars).abs() < 0.005,
        _ => (linecard - polars).abs() <= 1e-9 * polars.abs().max(1.0),
    }
}

#[test]
fn a_million_deals_agree_with_an_independent_polars_query() {
    let (csv, deals) = generated::generate(ROWS);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("deals.csv"), csv).unwrap();
    let doc = report_json(dir.path(), &["deals.csv", "--period-by", "quarter"]);
    let got = from_linecard(&doc);
    let (want, latest) = from_polars(&deals);
    assert_eq!(period(latest), "2026-Q1", "the export's latest period");
    // 8 lines: closes and creations over 2025's quarters, closes in
    // 2026-Q1, the open pipeline there.
    let pipelines = want.keys().filter(|k| k.2 == "pipeline").count();
    assert_eq!(pipelines, 8, "one open pipeline per line");
    assert!(want.len() > 8 * 4 * 6, "{} expected values", want.len());
    for (key, (value, n)) in &want {
        let (v, sample) = got
            .get(key)
            .unwrap_or_else(|| panic!("linecard has no value for {key:?}"));
        assert!(
            agrees(&key.2, *v, *value),
            "{key:?}: linecard {v}, polars {value}"
        );
        assert_eq!(sample, n, "{key:?}: sample size");
    }
    let extra: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    assert!(extra.is_empty(), "values polars does not give: {extra:?}");
}
