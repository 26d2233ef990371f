//! Subscriptions to revenue KPIs: the state of each customer at each
//! period's start and end, per product line, from one polars lazy query
//! written as joins and group-bys (so it could be SQL): the subscriptions
//! that pay (`subscriptions.rs` says what each is worth and when it pays),
//! cross-joined with the periods they overlap; per customer, line and
//! period the MRR at the period's start and at its end; per line and
//! period the counts and sums the KPIs divide. The periods run from the
//! earliest start to the export's date (the latest date the export says
//! something happened on); the last period is measured at that date.

use super::engine::{self, months, period};
use super::results::Results;
use super::subscriptions::{HAPPENED, ends, monthly, never_paid, paid_from};
use super::{RecordChoices, RecordError, schema::Columns};
use crate::frame::{Observation, Zone};
use crate::model::format::show;
use crate::model::{Granularity, Unit};
use chrono::Datelike;
use polars::prelude::*;

const MRR: &str = "mrr#sub";
const PAID: &str = "paid#ms";
const FROM: &str = "from#month";
const TO: &str = "to#month";
const FIRST: &str = "first#month";
const KEY: &str = "period#key";
const LAST: &str = "period#last";
const AT_START: &str = "mrr#start";
const AT_END: &str = "mrr#end";

/// What puts subscriptions in periods, for `linecard check`.
pub fn periods(columns: &Columns) -> String {
    let named = |f: &str| columns.get(f).map(|(_, h)| format!("\"{h}\""));
    let ends: Vec<String> = ["ended_at", "canceled_at", "cancel_at"]
        .iter()
        .filter_map(|f| named(f))
        .collect();
    format!(
        "each customer's MRR at the start and end of every period, from {} to {} (customers, mrr, arpu, retention, churn_rate, grr, nrr, new_customers)",
        named("start").unwrap_or_default(),
        match ends.is_empty() {
            true => "no end column: every subscription still runs".to_string(),
            false => ends.join(" or "),
        }
    )
}

fn polars(error: PolarsError) -> RecordError {
    RecordError::polars(error)
}

/// The month index (`year * 12 + month - 1`) of a UTC time in `zone`.
fn month_of(ms: i64, zone: Zone) -> i32 {
    let local = zone.local(ms);
    local.year() * 12 + local.month0() as i32
}

/// The KPI values of the subscriptions of `tables` per line and period.
pub fn aggregate(
    tables: Vec<(String, DataFrame)>,
    choices: &RecordChoices,
    by: Granularity,
    zone: Zone,
    _: &crate::frame::lines::Lines,
    _: &[(String, DataFrame)],
) -> Result<super::Aggregated, RecordError> {
    revenue(tables, choices, by, zone).map(|observations| super::Aggregated {
        observations,
        ..super::Aggregated::default()
    })
}

/// [`aggregate`]'s KPI values.
fn revenue(
    tables: Vec<(String, DataFrame)>,
    _: &RecordChoices,
    by: Granularity,
    zone: Zone,
) -> Result<Vec<Observation>, RecordError> {
    let sources: Vec<String> = tables.iter().map(|(s, _)| s.clone()).collect();
    let sources = crate::model::format::files(&sources);
    let lazy: Vec<LazyFrame> = tables.into_iter().map(|(_, f)| f.lazy()).collect();
    let records = concat(lazy, UnionArgs::default()).map_err(polars)?;
    let latest = records
        .clone()
        .select(HAPPENED.iter().map(|f| col(*f).max()).collect::<Vec<_>>())
        .collect()
        .map_err(polars)?;
    let export = latest
        .columns()
        .iter()
        .filter_map(|c| c.i64().ok().and_then(|c| c.get(0)))
        .max();
    let Some(export) = export else {
        return Ok(Vec::new());
    };
    let per = months(by);
    // The subscriptions that pay: never-paid ones, free ones and those
    // whose trial ends after the export are left out; an end after the
    // export's date has not happened.
    let paying = records
        .select([
            col("line"),
            col("customer"),
            monthly().alias(MRR),
            paid_from(false).alias(PAID),
            paid_from(true).alias(FROM),
            when(ends(false).gt(lit(export)))
                .then(lit(NULL).cast(DataType::Int32))
                .otherwise(ends(true))
                .alias(TO),
            ends(false).alias("end#ms"),
            never_paid().alias("never#paid"),
        ])
        .filter(
            col("never#paid")
                .not()
                .and(col(MRR).gt(lit(0.0)))
                .and(col(PAID).lt_eq(lit(export)))
                .and(col("end#ms").gt(col(PAID)).fill_null(lit(true))),
        )
        .with_column(
            col(FROM)
                .min()
                .over([col("line"), col("customer")])
                .map_err(polars)?
                .alias(FIRST),
        );
    let first = paying
        .clone()
        .select([col(FROM).min()])
        .collect()
        .map_err(polars)?;
    let Some(first) = first.columns()[0].i32().map_err(polars)?.get(0) else {
        return Ok(Vec::new());
    };
    let start_of = |m: i32| m - m.rem_euclid(per);
    let (first, last) = (start_of(first), start_of(month_of(export, zone)));
    let keys: Vec<i32> = (first..=last).step_by(per as usize).collect();
    let ends_at: Vec<i32> = keys.iter().map(|k| k + per - 1).collect();
    let periods = DataFrame::new(
        keys.len(),
        vec![
            Column::new(KEY.into(), keys),
            Column::new(LAST.into(), ends_at),
        ],
    )
    .map_err(polars)?
    .lazy();
    // Every period of each line from its first customer on, so a line
    // whose customers all left shows 0 customers, not no value.
    let grid = paying
        .clone()
        .group_by([col("line")])
        .agg([col(FROM).min().alias("line#first")])
        .cross_join(periods.clone(), None)
        .filter(col(LAST).gt_eq(col("line#first")))
        .select([col("line"), col(KEY)]);
    let runs = col(TO).is_null();
    let per_customer = paying
        .cross_join(periods, None)
        .filter(
            col(FROM)
                .lt_eq(col(LAST))
                .and(runs.clone().or(col(TO).gt_eq(col(KEY)))),
        )
        .with_columns([
            when(
                col(FROM)
                    .lt(col(KEY))
                    .and(runs.clone().or(col(TO).gt_eq(col(KEY)))),
            )
            .then(col(MRR))
            .otherwise(lit(0.0))
            .alias(AT_START),
            when(runs.or(col(TO).gt(col(LAST))))
                .then(col(MRR))
                .otherwise(lit(0.0))
                .alias(AT_END),
        ])
        .group_by([col("line"), col("customer"), col(KEY)])
        .agg([
            col(AT_START).sum(),
            col(AT_END).sum(),
            col(FIRST)
                .gt_eq(col(KEY))
                .and(col(FIRST).lt_eq(col(LAST)))
                .any(true)
                .alias("new"),
        ]);
    let count = |e: Expr| e.cast(DataType::Float64).sum();
    let had = col(AT_START).gt(lit(0.0));
    let has = col(AT_END).gt(lit(0.0));
    let per_line = per_customer.group_by([col("line"), col(KEY)]).agg([
        count(has.clone()).alias("customers"),
        col(AT_END).sum().alias("mrr"),
        count(had.clone()).alias("opening"),
        count(had.clone().and(has)).alias("retained"),
        col(AT_START).sum().alias("opening_mrr"),
        when(col(AT_END).lt(col(AT_START)))
            .then(col(AT_END))
            .otherwise(col(AT_START))
            .sum()
            .alias("kept_mrr"),
        when(had)
            .then(col(AT_END))
            .otherwise(lit(0.0))
            .sum()
            .alias("net_mrr"),
        count(col("new")).alias("new"),
    ]);
    let result = grid
        .join(
            per_line,
            [col("line"), col(KEY)],
            [col("line"), col(KEY)],
            JoinArgs::new(JoinType::Left),
        )
        .sort(["line", KEY], SortMultipleOptions::default())
        .collect()
        .map_err(polars)?;
    let on = zone.local(export).format("%Y-%m-%d").to_string();
    observations(&result, by, last, &sources, &on)
}

/// Reads a numeric column of the result; a missing value is 0.
fn number(result: &DataFrame, name: &str, i: usize) -> Result<f64, RecordError> {
    Ok(Results(result).f64(name)?.get(i).unwrap_or(0.0))
}

/// The observations of the per-line result; `last` is the first month of
/// the export's period, which is measured on the date `on`.
fn observations(
    result: &DataFrame,
    by: Granularity,
    last: i32,
    sources: &str,
    on: &str,
) -> Result<Vec<Observation>, RecordError> {
    let read = Results(result);
    let (lines, keys) = (read.u32("line")?, read.i32(KEY)?);
    let customers = |n: f64| {
        let n = n as usize;
        match n {
            1 => "1 customer".to_string(),
            _ => format!("{} customers", show(n as f64, Unit::Count)),
        }
    };
    let mut out = Vec::new();
    for i in 0..result.height() {
        let (Some(line), Some(key)) = (lines.get(i), keys.get(i)) else {
            continue;
        };
        let Some(p) = period(key, by) else {
            continue;
        };
        let get = |name: &str| number(result, name, i);
        let (now, mrr, opening, retained) = (
            get("customers")?,
            get("mrr")?,
            get("opening")?,
            get("retained")?,
        );
        let (opening_mrr, kept, net, new) = (
            get("opening_mrr")?,
            get("kept_mrr")?,
            get("net_mrr")?,
            get("new")?,
        );
        let (end, by_end) = match key == last {
            true => {
                let on = format!("on {on}, the export's latest date");
                (on.clone(), on)
            }
            false => (format!("at the end of {p}"), "at its end".to_string()),
        };
        let opened = format!("{} at the start of {p}", customers(opening));
        let mut push = |metric: &str, value: f64, n: f64, how: String| {
            if value.is_finite() {
                out.push(engine::observation(line, p, metric, value, n, sources, how));
            }
        };
        push("customers", now, now, format!("{} {end}", customers(now)));
        push(
            "mrr",
            mrr,
            now,
            format!("{} {end}: their MRR", customers(now)),
        );
        push(
            "new_customers",
            new,
            new,
            format!("{} new in {p}", customers(new)),
        );
        if now > 0.0 {
            let how = format!("{} {end}: MRR / customers", customers(now));
            push("arpu", mrr / now, now, how);
        }
        if opening > 0.0 {
            let kept = show(retained, Unit::Count);
            let how = format!("{opened}, {kept} still paying {by_end}");
            push("retention", retained / opening, opening, how);
            let gone = show(opening - retained, Unit::Count);
            let how = format!("{opened}, {gone} gone {by_end}");
            push("churn_rate", 1.0 - retained / opening, opening, how);
        }
        if opening_mrr > 0.0 {
            let how = format!("{opened}: their MRR {by_end}, each capped at their MRR then");
            push("grr", kept / opening_mrr, opening, how);
            let how = format!("{opened}: their MRR {by_end}, upgrades included");
            push("nrr", net / opening_mrr, opening, how);
        }
    }
    Ok(out)
}
