//! The features the rules declare (`feature("Dashboards", #{ line: "Atlas
//! Analytics", events: ["dashboard_created"] })`) on the events read: each
//! event marked as a use of one of its line's features or not, for
//! `feature_adoption` (see `events.rs`). A feature whose line no event has,
//! or whose events none of its line's events are, is a warning: a typo in
//! an event name would otherwise read as a feature nobody uses.

use super::events::{FEATURE_OF, FEATURE_USE};
use super::results::Results;
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
    // Each feature whose line was read (by its index in `features`), and
    // the events that are its uses.
    let mut uses: Vec<(usize, Expr)> = Vec::new();
    for (at, feature) in features.iter().enumerate() {
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
        uses.push((at, used));
    }
    // Which feature an event is a use of (the rules let an event be the
    // use of one feature of its line only).
    let which =
        uses.iter()
            .rev()
            .fold(lit(NULL).cast(DataType::UInt32), |otherwise, (at, used)| {
                when(used.clone())
                    .then(lit(*at as u32))
                    .otherwise(otherwise)
            });
    // Whether it is a use at all; null on the events of lines with no
    // feature, whose feature KPIs then have no records (see
    // `events::measures`).
    let featured = features
        .iter()
        .filter_map(|f| lines.get(&f.line))
        .map(|line| col("line").eq(lit(line.index() as u32)))
        .reduce(Expr::or);
    let marked = match featured {
        None => lit(NULL).cast(DataType::Boolean),
        Some(featured) => when(featured.fill_null(lit(false)))
            .then(col(FEATURE_OF).is_not_null())
            .otherwise(lit(NULL).cast(DataType::Boolean)),
    };
    // How many uses of each feature the frames hold, counted from the
    // marked column.
    let mut seen = vec![0u64; features.len()];
    for frame in frames.iter_mut() {
        *frame = frame
            .clone()
            .lazy()
            .with_column(which.clone().alias(FEATURE_OF))
            .with_column(marked.clone().alias(FEATURE_USE))
            .collect()
            .map_err(polars)?;
        for at in Results(frame).u32(FEATURE_OF)?.iter().flatten() {
            seen[at as usize] += 1;
        }
    }
    for (at, _) in &uses {
        let feature = &features[*at];
        if seen[*at] == 0 {
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
