//! Run history: after the scorecard stage, beside the report stage.
//!
//! `ingest -> frame -> rules -> scorecard -> report`, with `history` reading
//! the scorecard stage's [`Portfolio`](crate::scorecard::Portfolio) next to
//! `report`. Each report run in a workspace appends one [`RunRecord`] (the
//! scorecards of the period it shows, with the rule and input hashes) to
//! `history.jsonl`, one JSON object per line with a `format` version. [`diff`]
//! compares two records and keeps rule changes (target, amber threshold,
//! owner, weight) apart from data changes (value, status). No earlier stage
//! imports this module.

mod diff;
mod record;
mod store;

pub use diff::{Change, LineDiff, MetricDiff, RuleChange, RunDiff, SinceLast, diff, since_last};
pub use record::{CardRecord, FORMAT, FileRecord, MetricRecord, RunRecord};
pub use store::{HistoryError, append, last, load, select};
