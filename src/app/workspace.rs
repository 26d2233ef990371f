//! A linecard workspace: a folder holding `linecard.toml`, with `inbox/`
//! (the data), `scripts/` (the rules), `reports/` (the output) and
//! `history.jsonl` (one record per report run). Commands run in the
//! workspace folder or below it find it and fill in what was left out.

use crate::cli::{ReportArgs, Sources};
use std::path::{Path, PathBuf};

/// The file that marks a workspace. It holds only comments for now.
pub const MARKER: &str = "linecard.toml";
/// The report's file name inside `reports/`.
pub const REPORT: &str = "linecard-report.xlsx";
/// The run history, next to the marker.
pub const HISTORY: &str = "history.jsonl";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// The workspace folder, relative to the current folder (`.` or `../..`)
    /// so the paths linecard prints stay short.
    pub root: PathBuf,
}

impl Workspace {
    /// The workspace holding the current folder, if any.
    pub fn find() -> Option<Workspace> {
        let cwd = std::env::current_dir().ok()?;
        cwd.ancestors().enumerate().find_map(|(depth, dir)| {
            dir.join(MARKER).is_file().then(|| Workspace {
                root: if depth == 0 {
                    PathBuf::from(".")
                } else {
                    (0..depth).map(|_| "..").collect()
                },
            })
        })
    }

    fn at(&self, name: &str) -> PathBuf {
        if self.root == Path::new(".") {
            PathBuf::from(name)
        } else {
            self.root.join(name)
        }
    }

    pub fn inbox(&self) -> PathBuf {
        self.at("inbox")
    }

    pub fn scripts(&self) -> PathBuf {
        self.at("scripts")
    }

    pub fn report(&self) -> PathBuf {
        self.at("reports").join(REPORT)
    }

    pub fn history(&self) -> PathBuf {
        self.at(HISTORY)
    }

    /// Fills in the inbox when no INPUT was given and the workspace's
    /// scripts when no `--rules` was; returns the workspace when the run
    /// uses its inbox (so its history should record the run).
    pub fn fill(sources: &mut Sources) -> Option<Workspace> {
        let workspace = Workspace::find()?;
        if sources.rules.is_none() && workspace.scripts().is_dir() {
            sources.rules = Some(workspace.scripts());
        }
        if !sources.inputs.is_empty() {
            return None;
        }
        sources.inputs = vec![workspace.inbox()];
        Some(workspace)
    }

    /// For `report` and `watch`: the inbox, the scripts, `reports/` as the
    /// default output and the history file, when run in a workspace with no INPUT.
    pub fn fill_report(args: &mut ReportArgs) -> Option<Workspace> {
        let workspace = Workspace::fill(&mut args.sources)?;
        if args.out.is_none() {
            // Recreate reports/ if someone tidied it away; a failure shows when writing.
            let _ = std::fs::create_dir_all(workspace.at("reports"));
            args.out = Some(workspace.report());
        }
        args.history = Some(workspace.history());
        Some(workspace)
    }
}
