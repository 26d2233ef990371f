//! The features the rules declare (`feature("Dashboards", #{ line: "Atlas
//! Analytics", events: ["dashboard_created"] })`) on the events read: each
//! event marked as a use of one of its line's features or not, for
//! `feature_adoption` (see `events.rs`). A feature whose line no event has,
//! or whose events none of its line's events are, is a warning: a typo in
//! an event name would otherwise read as a feature nobody uses.

use super::events::FEATURE_USE;
use super::{Feature, RecordError};
use crate::frame::lines::Lines;
use crate::model::format::and_list;
use crate::model::{DataIssue, Location};
use polars::prelude::*;

/// Adds the [`FEATURE_USE`] column to each frame of events, and a warning
/// for each feature no event is a use of.
pub fn mark(
    frames: &mut [DataFrame],
    features: &[Feature],
    lines: &Lines,
    issues: &mut Vec<DataIssue>,
) -> Result<(), RecordError> {
    let polars = RecordError::polars;
    let mut uses: Vec<Expr> = Vec::new();
    for feature in features {
        let warn = |why: String| {
            DataIssue::warning(
                format!(
                    "the feature \"{}\" declared at {}: {why}, so its uses count for nothing",
                    feature.name, feature.declared_at
                ),
                Location::default(),
            )
        };
        let Some(line) = lines.get(&feature.line) else {
            issues.push(warn(format!(
                "no event read is of its line \"{}\"",
                feature.line
            )));
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
        let mut seen = 0;
        for frame in frames.iter() {
            seen += frame
                .clone()
                .lazy()
                .filter(used.clone())
                .collect()
                .map_err(polars)?
                .height();
        }
        if seen == 0 {
            let names: Vec<String> = feature.events.iter().map(|e| format!("\"{e}\"")).collect();
            issues.push(warn(format!(
                "none of the events of \"{}\" is {}",
                feature.line,
                and_list(&names).replace(" and ", " or ")
            )));
        }
        uses.push(used);
    }
    let marked = uses.into_iter().reduce(Expr::or).unwrap_or(lit(false));
    for frame in frames.iter_mut() {
        *frame = frame
            .clone()
            .lazy()
            .with_column(marked.clone().alias(FEATURE_USE))
            .collect()
            .map_err(polars)?;
    }
    Ok(())
}
