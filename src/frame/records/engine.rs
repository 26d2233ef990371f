//! The aggregation: the typed records of one kind (every table read under
//! the same rules, stacked) grouped by product line and period with one
//! polars lazy query per time field that puts records in periods, and the
//! result turned into observations with their sample sizes and sources.
//! Values as of the export ([`LATEST`]) go in the latest period any other
//! value of the same records falls in.

use super::RecordError;
use super::measure::{Agg, Cond, LATEST, Measure, month_column, sample_column};
use super::results::Results;
use crate::frame::{LineId, Observation, Source};
use crate::model::{Granularity, MetricId, Period};
use polars::prelude::*;
use std::collections::BTreeSet;

/// The period key's column in the grouped result: the first month of the
/// period (a month index `year * 12 + month - 1`).
const KEY: &str = "period#key";

/// The column holding the first month of the period a time field's month
/// falls in.
fn key_column(time: &str) -> String {
    format!("{time}#period")
}

/// The KPI values of `frames`, which hold the fields `present`, per line
/// and period of `by`; `sources` names the files they came from.
pub fn run(
    frames: Vec<DataFrame>,
    present: &BTreeSet<&str>,
    measures: &[Measure],
    by: Granularity,
    sources: &str,
) -> Result<Vec<Observation>, RecordError> {
    let usable: Vec<&Measure> = measures.iter().filter(|m| m.usable(present)).collect();
    if usable.is_empty() {
        return Ok(Vec::new());
    }
    let times: BTreeSet<&str> = usable
        .iter()
        .map(|m| m.by)
        .filter(|by| *by != LATEST)
        .collect();
    let per = months(by);
    let starts: Vec<Expr> = times
        .iter()
        .map(|time| period_start(col(month_column(time)), per).alias(key_column(time)))
        .collect();
    let lazy: Vec<LazyFrame> = frames
        .into_iter()
        .map(|frame| frame.lazy().with_columns(starts.clone()))
        .collect();
    let conditions = Conditions::of(&usable);
    // The conditions are computed once, here, for every group-by below.
    let records = concat(lazy, UnionArgs::default())
        .map_err(RecordError::polars)?
        .with_columns(conditions.columns())
        .collect()
        .map_err(RecordError::polars)?
        .lazy();
    let cond = |c: &Cond| conditions.expr(c);
    let mut out = Vec::new();
    for time in times {
        let these: Vec<&Measure> = usable.iter().copied().filter(|m| m.by == time).collect();
        let exprs: Vec<Expr> = these.iter().flat_map(|m| m.exprs(cond)).collect();
        let key = key_column(time);
        let result = records
            .clone()
            .filter(col(&key).is_not_null())
            .group_by([col("line"), col(&key).alias(KEY)])
            .agg(exprs)
            .collect()
            .map_err(RecordError::polars)?;
        observations(&result, &these, by, sources, &mut out)?;
    }
    let latest: Vec<&Measure> = usable.iter().copied().filter(|m| m.by == LATEST).collect();
    let key = match latest.is_empty() {
        true => None,
        false => latest_key(&records, &usable, cond)?,
    };
    if let Some(key) = key {
        let exprs: Vec<Expr> = latest.iter().flat_map(|m| m.exprs(cond)).collect();
        let result = records
            .group_by([col("line"), lit(key).alias(KEY)])
            .agg(exprs)
            .collect()
            .map_err(RecordError::polars)?;
        observations(&result, &latest, by, sources, &mut out)?;
    }
    Ok(out)
}

/// The key of the export's latest period (see [`LATEST`]): the latest
/// period in which a record counts for one of the measures put in periods
/// by a time field; `None` when no record counts for any.
fn latest_key(
    records: &LazyFrame,
    measures: &[&Measure],
    cond: impl Fn(&Cond) -> Expr,
) -> Result<Option<i32>, RecordError> {
    let ends: Vec<Expr> = measures
        .iter()
        .filter(|m| m.by != LATEST)
        .map(|m| match m.over {
            // A filter by a literal `true` trips polars 0.55 on a frame of
            // several chunks (a shape mismatch): leave it out.
            Cond::Always => col(key_column(m.by)).max(),
            _ => col(key_column(m.by)).filter(cond(&m.over)).max(),
        })
        .collect();
    if ends.is_empty() {
        return Ok(None);
    }
    let polars = RecordError::polars;
    let found = records
        .clone()
        .select([polars::lazy::dsl::max_horizontal(ends)
            .map_err(polars)?
            .alias(KEY)])
        .collect()
        .map_err(polars)?;
    Ok(found
        .column(KEY)
        .map_err(polars)?
        .i32()
        .map_err(polars)?
        .get(0))
}

/// Each distinct condition the measures count by, computed once over
/// every record as a boolean column (`cond#0`, ...) before the group-bys,
/// not once per KPI inside each group: a stage compared with the won and
/// lost stages once, not for each of the six KPIs that ask.
struct Conditions {
    named: Vec<(Cond, String)>,
}

impl Conditions {
    fn of(measures: &[&Measure]) -> Self {
        let mut named: Vec<(Cond, String)> = Vec::new();
        let shares = measures.iter().filter_map(|m| match &m.agg {
            Agg::Share(c) | Agg::CountOf(c) | Agg::PeopleShare(_, c) | Agg::PerPerson(_, c) => {
                Some(c)
            }
            _ => None,
        });
        for c in measures.iter().map(|m| &m.over).chain(shares) {
            if *c != Cond::Always && !named.iter().any(|(seen, _)| seen == c) {
                named.push((c.clone(), format!("cond#{}", named.len())));
            }
        }
        Conditions { named }
    }

    /// The columns to compute.
    fn columns(&self) -> Vec<Expr> {
        self.named
            .iter()
            .map(|(c, name)| c.expr().alias(name))
            .collect()
    }

    /// The condition's column, or its expression when it has none.
    fn expr(&self, c: &Cond) -> Expr {
        match self.named.iter().find(|(seen, _)| seen == c) {
            Some((_, name)) => col(name.as_str()),
            None => c.expr(),
        }
    }
}

/// The first month of the period (`per` months long) that month index
/// `month` falls in: periods start in January (months count from year 0,
/// so never below zero).
pub(super) fn period_start(month: Expr, per: i32) -> Expr {
    month.clone() - month % lit(per)
}

/// Months in a period of `by`.
pub(super) fn months(by: Granularity) -> i32 {
    match by {
        Granularity::Month => 1,
        Granularity::Quarter => 3,
        Granularity::Year => 12,
    }
}

/// The period of `by` that starts at month index `first_month`.
pub(super) fn period(first_month: i32, by: Granularity) -> Option<Period> {
    let (year, month) = (
        first_month.div_euclid(12),
        first_month.rem_euclid(12) as u8 + 1,
    );
    Period::month(year, month)?.within(by)
}

/// A KPI value computed from records: line id `line`, its sample size `n`
/// and its source, the files and `how` it was counted (`posthog.csv (2
/// first uses of a feature in 2025-Q1)`).
pub(super) fn observation(
    line: u32,
    period: Period,
    metric: &str,
    value: f64,
    n: f64,
    sources: &str,
    how: String,
) -> Observation {
    Observation {
        line: LineId::from_index(line as usize),
        period,
        stage: None,
        metric: MetricId::normalise(metric).expect("a metric name"),
        value,
        sample_size: Some(n as u32),
        source: Source::Text(format!("{sources} ({how})").into()),
    }
}

/// Appends an observation for every line, period and measure of the
/// grouped `result` that has a value.
fn observations(
    result: &DataFrame,
    measures: &[&Measure],
    by: Granularity,
    sources: &str,
    out: &mut Vec<Observation>,
) -> Result<(), RecordError> {
    let read = Results(result);
    let (lines, keys) = (read.u32("line")?, read.i32(KEY)?);
    for m in measures {
        let (values, samples) = (read.f64(m.metric)?, read.f64(&sample_column(m.metric))?);
        let metric = MetricId::normalise(m.metric).expect("a metric name");
        for i in 0..result.height() {
            let (Some(line), Some(key), Some(value), Some(n)) =
                (lines.get(i), keys.get(i), values.get(i), samples.get(i))
            else {
                continue;
            };
            let Some(period) = period(key, by) else {
                continue;
            };
            if n < 1.0 || !value.is_finite() {
                continue;
            }
            out.push(Observation {
                line: LineId::from_index(line as usize),
                period,
                stage: None,
                metric: metric.clone(),
                value,
                sample_size: Some(n as u32),
                source: Source::Text(format!("{sources} ({} in {period})", m.counted.of(n)).into()),
            });
        }
    }
    Ok(())
}
