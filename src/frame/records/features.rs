//! The features the rules declare (`feature("Dashboards", #{ line: "Atlas
//! Analytics", events: ["dashboard_created"] })`) on the events read: each
//! event marked as a use of one of its line's features or not, for
//! `feature_adoption` (see `events.rs`). A feature whose line no event has,
//! or whose events none of its line's events are, is a warning: a typo in
//! an event name would otherwise read as a feature nobody uses.

use super::events::{FEATURE_OF, FEATURE_USE};
use super::{Feature, RecordError};
use crate::frame::lines::Lines;
use crate::model::format::or_list;
use crate::model::{DataIssue, Location};
use polars::prelude::*;

/// Adds the [`FEATURE_USE`] and [`FEATURE_OF`] columns to each frame of
/// events, and a warning for each feature no event is a use of.
pub fn mark(
    frames: &mut [DataFrame],
    features: &[Feature],
    lines: &Lines,
    issues: &mut Vec<DataIssue>,
) -> Result<(), RecordError> {
    let polars = RecordError::polars;
    let warn = |feature: &Feature, why: String| {
        DataIssue::warning(
            format!(
                "the feature \"{}\" declared at {}: {why}, so its uses count for nothing",
                feature.name, feature.declared_at
            ),
            Location::default(),
        )
    };
    // Each feature whose line was read, and the events that are its uses.
    let mut uses: Vec<(&Feature, Expr)> = Vec::new();
    for feature in features {
        let Some(line) = lines.get(&feature.line) else {
            issues.push(warn(
                feature,
                format!("no event read is of its line \"{}\"", feature.line),
            ));
            continue;
        };
        let events = feature
            .events
            .iter()
            .map(|e| col("event").eq(lit(e.as_str())))
            .reduce(Expr::or)
            .expect("a feature has events");
        let used = col("line")
            .eq(lit(line.index() as u32))
            .and(events)
            .fill_null(lit(false));
        uses.push((feature, used));
    }
    // One pass over each frame: the column, and how many uses of each
    // feature it holds.
    // Null on the events of lines with no feature, whose feature KPIs then
    // have no records (see `events::measures`).
    let marked = uses
        .iter()
        .map(|(_, used)| used.clone())
        .reduce(Expr::or)
        .unwrap_or(lit(false));
    let featured = features
        .iter()
        .filter_map(|f| lines.get(&f.line))
        .map(|line| col("line").eq(lit(line.index() as u32)))
        .reduce(Expr::or);
    let marked = match featured {
        None => lit(NULL).cast(DataType::Boolean),
        Some(featured) => when(featured.fill_null(lit(false)))
            .then(marked)
            .otherwise(lit(NULL).cast(DataType::Boolean)),
    };
    let counts: Vec<Expr> = uses
        .iter()
        .enumerate()
        .map(|(i, (_, used))| used.clone().sum().alias(format!("uses#{i}")))
        .collect();
    // Which feature (its index in `features`) an event is a use of: the
    // first declared, for an event two features of one line share.
    let which = uses.iter().rev().fold(
        lit(NULL).cast(DataType::UInt32),
        |otherwise, (feature, used)| {
            let at = features
                .iter()
                .position(|f| std::ptr::eq(f, *feature))
                .expect("one of the features");
            when(used.clone()).then(lit(at as u32)).otherwise(otherwise)
        },
    );
    let mut seen = vec![0u64; uses.len()];
    for frame in frames.iter_mut() {
        let with = frame.clone().lazy().with_columns([
            marked.clone().alias(FEATURE_USE),
            which.clone().alias(FEATURE_OF),
        ]);
        if !counts.is_empty() {
            let found = with
                .clone()
                .select(counts.clone())
                .collect()
                .map_err(polars)?;
            for (i, column) in found.columns().iter().enumerate() {
                let n = column.cast(&DataType::UInt64).map_err(polars)?;
                seen[i] += n.u64().map_err(polars)?.get(0).unwrap_or(0);
            }
        }
        *frame = with.collect().map_err(polars)?;
    }
    for ((feature, _), n) in uses.iter().zip(seen) {
        if n == 0 {
            let names: Vec<String> = feature.events.iter().map(|e| format!("\"{e}\"")).collect();
            issues.push(warn(
                feature,
                format!(
                    "none of the events of \"{}\" is {}",
                    feature.line,
                    or_list(&names)
                ),
            ));
        }
    }
    Ok(())
}
