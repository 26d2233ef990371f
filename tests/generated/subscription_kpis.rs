//! The subscription KPIs per line and quarter as a plain polars lazy query,
//! written from the README's definitions ("### Subscriptions") with no
//! linecard code: the differential test (`tests/records_large/
//! subscriptions.rs`) runs it over the generator's columns, and the
//! benchmark's floor (`benches/records/subscriptions.rs`) over the CSV as
//! polars reads it.
//!
//! Each state is taken at an instant: a subscription pays at `t` when it
//! pays from (its trial's end, else its start) at or before `t` and has not
//! ended by `t`. A quarter's end is its last instant (one tick before the
//! next quarter), the last quarter's the export's date; its start is the
//! end of the quarter before. Money stays in the scale of the `mrr` column
//! given (integers stay integers, so sums are exact) until the caller
//! divides by `scale`.

use chrono::{DateTime, Datelike};
use polars::prelude::*;
use std::collections::BTreeMap;

/// (line, period, metric) -> (value, sample size).
pub type Values = BTreeMap<(String, String, String), (f64, u64)>;

fn status_is(words: &[&str]) -> Expr {
    words
        .iter()
        .map(|w| col("status").eq(lit(*w)))
        .reduce(Expr::or)
        .expect("words")
        .fill_null(lit(false))
}

/// The quarter (`year * 4 + quarter - 1`) of a time in ticks.
fn quarter(ticks: i64, per_minute: i64) -> i32 {
    let time = DateTime::from_timestamp(ticks / per_minute * 60, 0).expect("a time");
    time.year() * 4 + time.month0() as i32 / 3
}

/// The first tick of quarter `q`.
fn quarter_start(q: i32, per_minute: i64) -> i64 {
    let date = chrono::NaiveDate::from_ymd_opt(q.div_euclid(4), q.rem_euclid(4) as u32 * 3 + 1, 1)
        .expect("a date");
    date.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp() / 60 * per_minute
}

/// Whether a subscription pays at the instant in column `at`.
fn pays_at(at: &str) -> Expr {
    col("paid")
        .lt_eq(col(at))
        .and(col("end").is_null().or(col("end").gt(col(at))))
}

/// The per line and quarter counts and sums of `subs` (columns `line`,
/// `customer`, `status`, `mrr` and the times `start`, `trial_start`,
/// `trial_end`, `canceled_at`, `cancel_at`, `ended_at`, `period_end` as
/// Int64 ticks, `per_minute` to a minute), and the export's date.
pub fn per_quarter(subs: LazyFrame, per_minute: i64) -> (DataFrame, i64) {
    let happened = ["start", "canceled_at", "ended_at", "trial_start"];
    let latest = subs
        .clone()
        .select(happened.map(|f| col(f).max()))
        .collect()
        .unwrap();
    let export = latest
        .columns()
        .iter()
        .filter_map(|c| c.i64().unwrap().get(0))
        .max()
        .expect("an export date");
    let running = status_is(&["active", "past_due", "unpaid", "trialing"]);
    let never_paid = status_is(&["trialing", "incomplete", "incomplete_expired", "paused"]);
    let none = || lit(NULL).cast(DataType::Int64);
    let paid = when(col("trial_end").gt(col("start")).fill_null(lit(false)))
        .then(col("trial_end"))
        .otherwise(col("start"));
    let end = when(col("ended_at").is_not_null())
        .then(col("ended_at"))
        .when(running.clone().and(col("cancel_at").is_not_null()))
        .then(col("cancel_at"))
        .when(running.clone().and(col("canceled_at").is_not_null()))
        .then(col("period_end"))
        .when(running)
        .then(none())
        .when(col("canceled_at").is_not_null())
        .then(col("canceled_at"))
        .otherwise(col("cancel_at"));
    let paying = subs
        .with_columns([paid.alias("paid"), end.alias("end")])
        .filter(
            never_paid
                .not()
                .and(col("mrr").gt(lit(0)))
                .and(col("paid").lt_eq(lit(export)))
                .and(col("end").is_null().or(col("end").gt(col("paid")))),
        )
        // An end after the export's date has not happened.
        .with_column(
            when(col("end").gt(lit(export)))
                .then(none())
                .otherwise(col("end"))
                .alias("end"),
        );
    let first = paying
        .clone()
        .select([col("paid").min()])
        .collect()
        .unwrap();
    let first = first.columns()[0]
        .i64()
        .unwrap()
        .get(0)
        .expect("one paying");
    let (first, last) = (quarter(first, per_minute), quarter(export, per_minute));
    let qs: Vec<i32> = (first..=last).collect();
    let from: Vec<i64> = qs.iter().map(|q| quarter_start(*q, per_minute)).collect();
    let until: Vec<i64> = qs
        .iter()
        .map(|q| quarter_start(q + 1, per_minute))
        .collect();
    let quarters = df!(
        "q" => qs.clone(),
        "from" => from.clone(),
        "until" => until.clone(),
        "at_start" => from.iter().map(|t| t - 1).collect::<Vec<_>>(),
        "at_end" => qs.iter().zip(&until).map(|(q, t)| if *q == last { export } else { t - 1 }).collect::<Vec<_>>(),
    )
    .unwrap()
    .lazy();
    let grid = paying
        .clone()
        .group_by([col("line")])
        .agg([col("paid").min().alias("first")])
        .cross_join(quarters.clone(), None)
        .filter(col("first").lt(col("until")))
        .select([col("line"), col("q")]);
    let new = paying
        .clone()
        .group_by([col("line"), col("customer")])
        .agg([col("paid").min().alias("first")])
        .cross_join(quarters.clone(), None)
        .filter(
            col("first")
                .gt_eq(col("from"))
                .and(col("first").lt(col("until"))),
        )
        .group_by([col("line"), col("q")])
        .agg([len().cast(DataType::Int64).alias("new")]);
    let states = paying
        .cross_join(quarters, None)
        .with_columns([
            when(pays_at("at_start"))
                .then(col("mrr"))
                .otherwise(zero_of("mrr"))
                .alias("s"),
            when(pays_at("at_end"))
                .then(col("mrr"))
                .otherwise(zero_of("mrr"))
                .alias("e"),
        ])
        .group_by([col("line"), col("customer"), col("q")])
        .agg([col("s").sum(), col("e").sum()]);
    let count = |e: Expr| e.cast(DataType::Int64).sum();
    let (had, has) = (col("s").gt(lit(0)), col("e").gt(lit(0)));
    let per_line = states.group_by([col("line"), col("q")]).agg([
        count(has.clone()).alias("customers"),
        col("e").sum().alias("mrr"),
        count(had.clone()).alias("opening"),
        count(had.clone().and(has)).alias("retained"),
        col("s").sum().alias("opening_mrr"),
        when(col("e").lt(col("s")))
            .then(col("e"))
            .otherwise(col("s"))
            .sum()
            .alias("kept"),
        when(had)
            .then(col("e"))
            .otherwise(zero_of("e"))
            .sum()
            .alias("net"),
    ]);
    let on = [col("line"), col("q")];
    let result = grid
        .join(
            per_line,
            on.clone(),
            on.clone(),
            JoinArgs::new(JoinType::Left),
        )
        .join(new, on.clone(), on, JoinArgs::new(JoinType::Left))
        .select([
            col("line"),
            col("q"),
            col("customers").fill_null(lit(0)),
            col("opening").fill_null(lit(0)),
            col("retained").fill_null(lit(0)),
            col("new").fill_null(lit(0)),
            col("mrr").cast(DataType::Float64).fill_null(lit(0.0)),
            col("opening_mrr")
                .cast(DataType::Float64)
                .fill_null(lit(0.0)),
            col("kept").cast(DataType::Float64).fill_null(lit(0.0)),
            col("net").cast(DataType::Float64).fill_null(lit(0.0)),
        ])
        .sort(["line", "q"], SortMultipleOptions::default())
        .collect()
        .unwrap();
    (result, export)
}

/// A zero of the column's type (integer money stays integer).
fn zero_of(name: &str) -> Expr {
    col(name) * lit(0)
}

/// The KPI values of [`per_quarter`]'s result, money divided by `scale`
/// (the `mrr` column's units in a currency unit): what the README's table
/// gives, with its sample sizes.
pub fn values(frame: &DataFrame, scale: f64) -> Values {
    let text = |name: &str| frame.column(name).unwrap().str().unwrap().clone();
    let int = |name: &str| frame.column(name).unwrap().i64().unwrap().clone();
    let float = |name: &str| frame.column(name).unwrap().f64().unwrap().clone();
    let (lines, qs) = (text("line"), frame.column("q").unwrap().i32().unwrap());
    let (customers, opening, retained, new) = (
        int("customers"),
        int("opening"),
        int("retained"),
        int("new"),
    );
    let (mrr, opening_mrr, kept, net) = (
        float("mrr"),
        float("opening_mrr"),
        float("kept"),
        float("net"),
    );
    let mut out = Values::new();
    for i in 0..frame.height() {
        let q = qs.get(i).unwrap();
        let period = format!("{}-Q{}", q.div_euclid(4), q.rem_euclid(4) + 1);
        let line = lines.get(i).unwrap().to_string();
        let mut put = |metric: &str, value: f64, n: i64| {
            let key = (line.clone(), period.clone(), metric.to_string());
            out.insert(key, (value, n as u64));
        };
        let (now, open, kept_n, new_n) = (
            customers.get(i).unwrap(),
            opening.get(i).unwrap(),
            retained.get(i).unwrap(),
            new.get(i).unwrap(),
        );
        let (money, start_money) = (mrr.get(i).unwrap(), opening_mrr.get(i).unwrap());
        put("customers", now as f64, now);
        put("mrr", money / scale, now);
        put("new_customers", new_n as f64, new_n);
        if now > 0 {
            put("arpu", money / scale / now as f64, now);
        }
        if open > 0 {
            put("retention", kept_n as f64 / open as f64, open);
            put("churn_rate", (open - kept_n) as f64 / open as f64, open);
        }
        if start_money > 0.0 {
            put("grr", kept.get(i).unwrap() / start_money, open);
            put("nrr", net.get(i).unwrap() / start_money, open);
        }
    }
    out
}
