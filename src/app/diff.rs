//! `linecard diff [A] [B]`, and recording each workspace report run in the
//! history file with a short "since the previous run" note for `report`.

use super::exit::{Exit, Invalid, UsageError};
use super::workspace::Workspace;
use crate::cli::DiffArgs;
use crate::history::{self, Change, RunRecord, SinceLast};
use crate::ingest::InputFile;
use crate::model::{MetricId, Period};
use crate::report::{Mark, SinceRun};
use crate::rules::RuleFile;
use crate::scorecard::Portfolio;
use anyhow::Result;
use std::collections::HashMap;
use std::path::Path;

pub use super::diff_text::summary;

pub fn run(args: &DiffArgs) -> Result<Exit> {
    let Some(workspace) = Workspace::find() else {
        return Err(UsageError(
            "diff compares the runs recorded in a workspace, and this folder is not in one; run `linecard init` to make one".to_string(),
        )
        .into());
    };
    let path = workspace.history();
    let runs = history::load(&path).map_err(|e| Invalid {
        problems: vec![e.to_string()],
    })?;
    let (a, b) = history::select(&path, &runs, args.from.as_deref(), args.to.as_deref())
        .map_err(|e| UsageError(e.to_string()))?;
    let changes = history::diff(&runs[a], &runs[b]);
    super::stdout::text(super::diff_text::full(&changes, &runs[a], &runs[b]))?;
    Ok(Exit::Success)
}

/// A report run's record, worked out before anything is written so the
/// changes can be shown with the report, and appended once it is written.
pub struct Pending {
    record: RunRecord,
    pub since: SinceLast,
}

/// Builds this run's record and compares it with the last recorded run.
pub fn prepare(
    path: &Path,
    files: &[InputFile],
    rules: &[RuleFile],
    portfolio: &Portfolio,
    period: Period,
) -> Result<Pending> {
    let (count, last) = history::last(path)?;
    let timestamp = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let record = RunRecord::new(count as u32 + 1, timestamp, files, rules, portfolio, period);
    let since = history::since_last(last, &record);
    Ok(Pending { record, since })
}

impl Pending {
    /// Appends the run to the history file, unless the last run there (read
    /// again now, under the file's lock) had exactly the same inputs, rules
    /// and period.
    pub fn commit(&self, path: &Path) -> Result<()> {
        history::append(path, &self.record)?;
        Ok(())
    }
}

/// The marks the report shows for what moved since the last recorded run;
/// `None` for a first run or a run the same as the last.
pub fn marks(since: &SinceLast) -> Option<SinceRun> {
    let SinceLast::Changed(last, changes) = since else {
        return None;
    };
    let mut marks = HashMap::new();
    for line in &changes.lines {
        for m in &line.metrics {
            let mark = match m.change {
                Some(Change::NewlyRed) => Mark::NewlyRed,
                Some(Change::Recovered) => Mark::Recovered,
                _ if !m.rules.is_empty() => Mark::RuleChanged,
                Some(Change::Other) => Mark::StatusMoved,
                None if m.data => Mark::ValueChanged,
                None => continue,
            };
            if let Some(id) = MetricId::normalise(&m.metric) {
                marks
                    .entry(line.line.clone())
                    .or_insert_with(HashMap::new)
                    .insert(id, mark);
            }
        }
    }
    Some(SinceRun {
        run: last.run,
        timestamp: last.timestamp.clone(),
        marks,
        new_lines: changes.new_lines.len(),
        gone_lines: changes.gone_lines.len(),
    })
}
