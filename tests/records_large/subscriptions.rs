//! A generated Stripe-style export of 200,000 subscriptions: every
//! subscription KPI on every line and quarter agrees with a polars query
//! written from the README's definitions over the generator's own columns
//! (`tests/generated/subscription_kpis.rs`): money to the cent, shares to
//! 1e-9, counts and sample sizes exactly, and neither side has a value the
//! other lacks.

#[path = "../generated/subscriptions.rs"]
mod generated;
#[path = "../generated/subscription_kpis.rs"]
mod kpis;

use super::common::*;
use polars::prelude::*;

const ROWS: usize = 200_000;

/// (line, period, metric) -> (value, sample size), from the JSON report.
fn from_linecard(doc: &serde_json::Value) -> kpis::Values {
    measured_values(doc, None)
}

/// The generator's columns as a frame: MRR in twelfths of a cent (a yearly
/// plan's amount once, a monthly one's twelve times, times its seats), so
/// every sum is an exact integer; times in minutes.
fn frame(s: &generated::Subscriptions) -> LazyFrame {
    df!(
        "line" => s.line.clone(),
        "customer" => s.customer.clone(),
        "status" => s.status.clone(),
        "yearly" => s.yearly.clone(),
        "cents" => s.amount_cents.clone(),
        "quantity" => s.quantity.clone(),
        "start" => s.start.clone(),
        "trial_start" => s.trial_start.clone(),
        "trial_end" => s.trial_end.clone(),
        "canceled_at" => s.canceled_at.clone(),
        "cancel_at" => s.cancel_at.clone(),
        "ended_at" => s.ended_at.clone(),
        "period_end" => s.period_end.clone(),
    )
    .unwrap()
    .lazy()
    .with_column(
        (col("cents")
            * col("quantity")
            * when(col("yearly")).then(lit(1i64)).otherwise(lit(12i64)))
        .alias("mrr"),
    )
}

/// How far apart two values of `metric` may be.
fn tolerance(metric: &str) -> f64 {
    match metric {
        "mrr" | "arpu" => 0.005,
        "customers" | "new_customers" => 0.0,
        _ => 1e-9,
    }
}

#[test]
fn two_hundred_thousand_subscriptions_agree_with_an_independent_polars_query() {
    let (csv, subs) = generated::generate(ROWS);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("subscriptions.csv"), csv).unwrap();
    let doc = report_json(dir.path(), &["subscriptions.csv", "--period-by", "quarter"]);
    let got = from_linecard(&doc);
    let (per_quarter, export) = kpis::per_quarter(frame(&subs), 1);
    assert_eq!(
        export,
        generated::month_start(2025, 12) + 19 * 1440 + 18 * 60
    );
    let want = kpis::values(&per_quarter, 1200.0);
    // 8 lines over 8 quarters: customers, mrr, arpu and new_customers in
    // each, retention, churn_rate, grr and nrr in all but the first.
    assert_eq!(want.len(), 8 * (4 + 8 * 7), "expected values");
    for (key, (value, n)) in &want {
        let (v, sample) = got
            .get(key)
            .unwrap_or_else(|| panic!("linecard has no value for {key:?}"));
        assert!(
            (v - value).abs() <= tolerance(&key.2),
            "{key:?}: linecard {v}, polars {value}"
        );
        assert_eq!(sample, n, "{key:?}: sample size");
    }
    let extra: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    assert!(extra.is_empty(), "values polars does not give: {extra:?}");
    // The last quarter is measured on the export's date, and says so.
    let source = scorecards::source(&doc, "Atlas Analytics", "2025-Q4", "customers");
    assert!(
        source.ends_with("on 2025-12-20, the export's latest date)"),
        "{source}"
    );
}
