//! How people take to a line's features, from its product events once
//! `features.rs` has marked each use: the KPIs that are not one group-by
//! of events, and the adoption of each feature for the line sheets.
//!
//! - `time_to_adopt` (and `time_to_adopt_p90`): over each person and
//!   feature whose first use falls in the period, the calendar days (in
//!   `--timezone`) from the later of the person's first event on the line
//!   and the feature's `released` day to that first use; a use before the
//!   release (early access) is 0 days. Counted from the events read, so a
//!   person active before the export begins counts from its first day.
//! - `stickiness`: the average daily active people over the average
//!   monthly active people, over the period's days and months that the
//!   events read cover (a month the export starts halfway through counts
//!   its days from the first event): a line whose monthly users come back
//!   every day is 1, one whose users come once a month about 1/30.
//! - Per feature, line and period ([`FeatureUsage`]): the people who used
//!   it, of those active on the line, its uses, and the median days to
//!   adopt it.
//!
//! The medians interpolate as `measure.rs`'s do (Excel's `PERCENTILE.INC`).

use super::events::{FEATURE_OF, PEOPLE};
use super::measure::Counted;
use super::measure::{day_column, month_column, person};
use super::results::Results;
use super::time_cells::EPOCH_DAYS_FROM_CE;
use super::{Feature, RecordError, engine};
use crate::frame::lines::Lines;
use crate::frame::{LineId, Observation};
use crate::model::format::show;
use crate::model::{Granularity, Unit};

const ACTIVE: Counted = Counted::new("person active", "people active");
const DAYS: Counted = Counted::new("day", "days");
const MONTHS: Counted = Counted::new("month", "months");
const FIRST_USES: Counted = Counted::new("first use of a feature", "first uses of a feature");
use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

/// The adoption of one feature on its line in one period.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FeatureUsage {
    pub line: String,
    pub period: String,
    pub feature: String,
    /// The people who used it in the period.
    pub adopters: u32,
    /// The people active on the line in the period.
    pub active: u32,
    /// Its uses in the period.
    pub uses: u32,
    /// The people whose first use of it falls in the period, and the
    /// median days they took (see the module's `time_to_adopt`).
    pub first_used: u32,
    pub median_days_to_adopt: Option<f64>,
    /// Where the feature is declared.
    pub declared_at: String,
}

/// The KPI values and the adoption of each feature of the events in
/// `frames` (marked), per line and period of `by`; `lines` names the line
/// ids, `sources` the files.
pub fn run(
    frames: &[DataFrame],
    features: &[Feature],
    lines: &Lines,
    by: Granularity,
    sources: &str,
) -> Result<(Vec<Observation>, Vec<FeatureUsage>), RecordError> {
    let polars = RecordError::polars;
    let per = engine::months(by);
    let (day, month) = (day_column("time"), month_column("time"));
    let lazy: Vec<LazyFrame> = frames.iter().map(|f| f.clone().lazy()).collect();
    let records = concat(lazy, UnionArgs::default())
        .map_err(polars)?
        .select([
            col("line"),
            person(PEOPLE).alias("person"),
            col(&day).alias("day"),
            col(&month).alias("month"),
            engine::period_start(col(&month), per).alias("key"),
            match features.is_empty() {
                true => lit(NULL).cast(DataType::UInt32).alias("feature"),
                false => col(FEATURE_OF).alias("feature"),
            },
        ])
        .filter(
            col("line")
                .is_not_null()
                .and(col("person").is_not_null())
                .and(col("day").is_not_null()),
        )
        .collect()
        .map_err(polars)?;
    if records.height() == 0 {
        return Ok((Vec::new(), Vec::new()));
    }
    let days = Results(&records).i32("day")?;
    let span = (days.min().unwrap_or(0), days.max().unwrap_or(0));
    let records = records.lazy();
    // The people active on each line in each period, for both.
    let active = records
        .clone()
        .group_by([col("line"), col("key")])
        .agg([col("person").n_unique().alias("active")])
        .collect()
        .map_err(polars)?
        .lazy();
    let mut out = Vec::new();
    stickiness(&records, &active, per, span, by, sources, &mut out)?;
    let usage = adoption(&records, &active, features, lines, by, sources, &mut out)?;
    Ok((out, usage))
}

/// `stickiness` per line and period (see the module).
fn stickiness(
    records: &LazyFrame,
    active: &LazyFrame,
    per: i32,
    span: (i32, i32),
    by: Granularity,
    sources: &str,
    out: &mut Vec<Observation>,
) -> Result<(), RecordError> {
    let polars = RecordError::polars;
    let distinct = |of: &str| {
        records
            .clone()
            .select([col("line"), col("key"), col("person"), col(of)])
            .unique(None, UniqueKeepStrategy::Any)
            .group_by([col("line"), col("key")])
            .agg([len().alias(format!("{of}s"))])
    };
    let found = distinct("day")
        .join(
            distinct("month"),
            [col("line"), col("key")],
            [col("line"), col("key")],
            JoinArgs::new(JoinType::Inner),
        )
        .join(
            active.clone(),
            [col("line"), col("key")],
            [col("line"), col("key")],
            JoinArgs::new(JoinType::Inner),
        )
        .collect()
        .map_err(polars)?;
    let c = Results(&found);
    let (lines, keys) = (c.ints("line")?, c.ints("key")?);
    let (person_days, person_months, active) =
        (c.ints("days")?, c.ints("months")?, c.ints("active")?);
    for i in 0..found.height() {
        let (Some(line), Some(key), Some(pd), Some(pm), Some(n)) = (
            lines[i],
            keys[i],
            person_days[i],
            person_months[i],
            active[i],
        ) else {
            continue;
        };
        let Some(period) = engine::period(key as i32, by) else {
            continue;
        };
        let (days, months) = covered(key as i32, per, span);
        if days == 0 || months == 0 || pm == 0 {
            continue;
        }
        let daily = pd as f64 / days as f64;
        let monthly = pm as f64 / months as f64;
        let how = format!(
            "{} in {period}: {} a day on average over {}, {} a month over {}",
            ACTIVE.of(n as f64),
            show(daily, Unit::Number),
            DAYS.of(days as f64),
            show(monthly, Unit::Number),
            MONTHS.of(months as f64),
        );
        let value = daily / monthly;
        out.push(engine::observation(
            line as u32,
            period,
            "stickiness",
            value,
            n as f64,
            sources,
            how,
        ));
    }
    Ok(())
}

/// The days and months of the period starting at month `key` (`per`
/// months long) that lie within `span`, the first and last day any event
/// read falls on (days since 1970).
fn covered(key: i32, per: i32, span: (i32, i32)) -> (i64, i64) {
    let day_of = |month: i32| -> i32 {
        let date =
            NaiveDate::from_ymd_opt(month.div_euclid(12), month.rem_euclid(12) as u32 + 1, 1)
                .expect("a month from a read date");
        date.num_days_from_ce() - EPOCH_DAYS_FROM_CE
    };
    let (mut days, mut months) = (0i64, 0i64);
    for m in key..key + per {
        let (first, last) = (day_of(m).max(span.0), (day_of(m + 1) - 1).min(span.1));
        if first <= last {
            days += i64::from(last - first + 1);
            months += 1;
        }
    }
    (days, months)
}

/// `time_to_adopt`, `time_to_adopt_p90` and each feature's adoption.
fn adoption(
    records: &LazyFrame,
    active: &LazyFrame,
    features: &[Feature],
    lines: &Lines,
    by: Granularity,
    sources: &str,
    out: &mut Vec<Observation>,
) -> Result<Vec<FeatureUsage>, RecordError> {
    let polars = RecordError::polars;
    let on = |names: &[&str]| names.iter().map(|n| col(*n)).collect::<Vec<Expr>>();
    let inner = || JoinArgs::new(JoinType::Inner);
    // Each feature's release day, by its index.
    let released: Vec<Option<i32>> = features
        .iter()
        .map(|f| {
            f.released
                .map(|d| d.num_days_from_ce() - EPOCH_DAYS_FROM_CE)
        })
        .collect();
    let released = df!(
        "feature" => (0..features.len() as u32).collect::<Vec<u32>>(),
        "released" => released,
    )
    .map_err(polars)?
    .lazy();
    let uses = records.clone().filter(col("feature").is_not_null());
    let seen = records
        .clone()
        .group_by(on(&["line", "person"]))
        .agg([col("day").min().alias("seen")]);
    // Each person's first use of each feature, the month it falls in and
    // the days it took.
    let first = uses
        .clone()
        .group_by(on(&["line", "person", "feature"]))
        .agg([
            col("day").min().alias("used"),
            col("key")
                .filter(col("day").eq(col("day").min()))
                .first()
                .alias("key"),
        ])
        .join(
            seen,
            on(&["line", "person"]),
            on(&["line", "person"]),
            inner(),
        )
        .join(
            released,
            on(&["feature"]),
            on(&["feature"]),
            JoinArgs::new(JoinType::Left),
        )
        .with_column(
            (col("used")
                - polars::lazy::dsl::max_horizontal([col("seen"), col("released")])
                    .map_err(polars)?)
            .alias("days"),
        )
        .with_column(
            when(col("days").lt(lit(0)))
                .then(lit(0))
                .otherwise(col("days"))
                .cast(DataType::Float64)
                .alias("days"),
        )
        // Read twice below.
        .collect()
        .map_err(polars)?
        .lazy();
    let days = col("days");
    let medians = first
        .clone()
        .group_by(on(&["line", "key"]))
        .agg([
            len().alias("n"),
            days.clone().median().alias("median"),
            days.clone()
                .quantile(lit(0.9), QuantileMethod::Linear)
                .alias("p90"),
        ])
        .collect()
        .map_err(polars)?;
    kpis(&medians, by, sources, out)?;
    // Per feature of each line active in a period (none used is 0): the
    // line's active people, its adopters and uses, and its first uses
    // with their median days.
    let (mut of, mut on_line) = (Vec::new(), Vec::new());
    for (i, f) in features.iter().enumerate() {
        if let Some(line) = lines.get(&f.line) {
            of.push(i as u32);
            on_line.push(line.index() as u32);
        }
    }
    let featured = df!("feature" => of, "line" => on_line)
        .map_err(polars)?
        .lazy();
    let used = uses.group_by(on(&["line", "key", "feature"])).agg([
        col("person").n_unique().alias("adopters"),
        len().alias("uses"),
    ]);
    let per_feature = first
        .group_by(on(&["line", "key", "feature"]))
        .agg([len().alias("first_used"), days.median().alias("median")]);
    let left = || JoinArgs::new(JoinType::Left);
    let keys = || on(&["line", "key", "feature"]);
    let table = active
        .clone()
        .join(featured, on(&["line"]), on(&["line"]), inner())
        .join(used, keys(), keys(), left())
        .join(per_feature, keys(), keys(), left())
        .collect()
        .map_err(polars)?;
    usage(&table, features, lines, by)
}

/// The two time-to-adopt KPIs of each line and period.
fn kpis(
    medians: &DataFrame,
    by: Granularity,
    sources: &str,
    out: &mut Vec<Observation>,
) -> Result<(), RecordError> {
    let c = Results(medians);
    let (lines, keys, n) = (c.ints("line")?, c.ints("key")?, c.ints("n")?);
    let (median, p90) = (c.floats("median")?, c.floats("p90")?);
    for i in 0..medians.height() {
        let (Some(line), Some(key), Some(n)) = (lines[i], keys[i], n[i]) else {
            continue;
        };
        let Some(period) = engine::period(key as i32, by) else {
            continue;
        };
        let counted = FIRST_USES.of(n as f64);
        for (metric, value) in [("time_to_adopt", median[i]), ("time_to_adopt_p90", p90[i])] {
            let Some(value) = value.filter(|v| v.is_finite()) else {
                continue;
            };
            let how = format!("{counted} in {period}");
            out.push(engine::observation(
                line as u32,
                period,
                metric,
                value,
                n as f64,
                sources,
                how,
            ));
        }
    }
    Ok(())
}

/// Each feature's adoption, by line, period and the features' order.
fn usage(
    table: &DataFrame,
    features: &[Feature],
    lines: &Lines,
    by: Granularity,
) -> Result<Vec<FeatureUsage>, RecordError> {
    let c = Results(table);
    let (line_ids, keys, feature) = (c.ints("line")?, c.ints("key")?, c.ints("feature")?);
    let (adopters, uses, active) = (c.ints("adopters")?, c.ints("uses")?, c.ints("active")?);
    let (first_used, median) = (c.ints("first_used")?, c.floats("median")?);
    let mut rows: Vec<(i64, i64, FeatureUsage)> = Vec::new();
    for i in 0..table.height() {
        let (Some(line), Some(key), Some(f)) = (line_ids[i], keys[i], feature[i]) else {
            continue;
        };
        let (Some(period), Some(declared)) =
            (engine::period(key as i32, by), features.get(f as usize))
        else {
            continue;
        };
        let number = |v: Option<i64>| v.unwrap_or(0) as u32;
        rows.push((
            key,
            f,
            FeatureUsage {
                line: lines.name(LineId::from_index(line as usize)).to_string(),
                period: period.to_string(),
                feature: declared.name.clone(),
                adopters: number(adopters[i]),
                active: number(active[i]),
                uses: number(uses[i]),
                first_used: number(first_used[i]),
                median_days_to_adopt: median[i],
                declared_at: declared.declared_at.clone(),
            },
        ));
    }
    rows.sort_by(|a, b| (&a.2.line, a.0, a.1).cmp(&(&b.2.line, b.0, b.1)));
    Ok(rows.into_iter().map(|(_, _, u)| u).collect())
}
