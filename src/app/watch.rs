//! `linecard watch`: run the report, then run it again whenever a file in
//! the inbox (or the INPUT folders) or the rules folder changes. Changes are
//! debounced; spreadsheet lock files, temporary files and partial downloads
//! are ignored. A broken rule or input prints its errors and keeps the last
//! good report: a bad edit never ends the watch.

use super::exit::{Exit, UsageError};
use super::workspace::Workspace;
use super::{pipeline, report};
use crate::cli::ReportArgs;
use crate::ingest::is_transient;
use crate::rules::RulesSource;
use anyhow::{Context, Result};
use notify_debouncer_mini::{new_debouncer, notify::RecursiveMode};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

type Stamp = (u64, Option<std::time::SystemTime>);

/// How long the files must be quiet before a re-run.
const DEBOUNCE: Duration = Duration::from_millis(400);

pub fn run(mut args: ReportArgs) -> Result<Exit> {
    Workspace::fill_report(&mut args);
    if args.sources.inputs.is_empty() {
        return Err(UsageError(
            "watch needs files to watch: run it in a workspace (see `linecard init`) or name the input files or folders".to_string(),
        )
        .into());
    }
    report::check_outputs(&args)?;
    let rules = match pipeline::rules_source(args.sources.rules.as_deref()) {
        RulesSource::Folder(dir) => Some(dir),
        RulesSource::Builtin => None,
    };
    let watched = Watched::new(&args.sources.inputs, rules.as_deref());

    let (tx, rx) = mpsc::channel();
    let mut debouncer = new_debouncer(DEBOUNCE, tx).context("starting the file watcher")?;
    for dir in &watched.dirs {
        debouncer
            .watcher()
            .watch(dir, RecursiveMode::NonRecursive)
            .with_context(|| format!("watching {}", dir.display()))?;
    }
    let mut last = watched.snapshot();
    run_once(&args);
    if !args.quiet {
        let dirs: Vec<String> = watched
            .dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect();
        eprintln!(
            "watching {} for changes; press Ctrl-C to stop",
            dirs.join(", ")
        );
    }
    for result in rx {
        let events = match result {
            Ok(events) => events,
            Err(error) => {
                eprintln!("warning: the file watcher reported: {error}");
                continue;
            }
        };
        // Reading a file raises events too: re-run only when a watched file's
        // size or modification time moved, or a file came or went.
        if !events.iter().any(|e| watched.matters(&e.path)) {
            continue;
        }
        let now = watched.snapshot();
        let changed: BTreeSet<&PathBuf> = now
            .iter()
            .filter(|(path, stamp)| last.get(*path) != Some(stamp))
            .map(|(path, _)| path)
            .chain(last.keys().filter(|path| !now.contains_key(*path)))
            .collect();
        if changed.is_empty() {
            continue;
        }
        if !args.quiet {
            let names: Vec<String> = changed.iter().map(|p| watched.show(p)).collect();
            eprintln!("\nchanged: {}", names.join(", "));
        }
        last = now;
        run_once(&args);
    }
    Ok(Exit::Success)
}

/// One report run; errors are printed and the last good report stays.
fn run_once(args: &ReportArgs) {
    if let Err(error) = report::run(args) {
        super::print_error(&error);
        eprintln!(
            "watch: kept the last good report ({}); waiting for the next change",
            args.out_path().display()
        );
    }
}

/// What to watch: folders (watched whole) and single files (through their
/// folder), as absolute paths to compare events with, and as given to print.
struct Watched {
    dirs: Vec<PathBuf>,
    folders: Vec<(PathBuf, PathBuf)>,
    files: Vec<(PathBuf, PathBuf)>,
    rules: Option<PathBuf>,
}

impl Watched {
    fn new(inputs: &[PathBuf], rules: Option<&Path>) -> Watched {
        let absolute = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let mut watched = Watched {
            dirs: Vec::new(),
            folders: Vec::new(),
            files: Vec::new(),
            rules: rules.map(absolute),
        };
        for input in inputs.iter().map(PathBuf::as_path).chain(rules) {
            if input.is_dir() {
                watched.folders.push((absolute(input), input.to_path_buf()));
                watched.dirs.push(input.to_path_buf());
            } else {
                let parent = match input.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let file = absolute(&parent).join(input.file_name().unwrap_or_default());
                watched.files.push((file, input.to_path_buf()));
                if !watched.dirs.contains(&parent) {
                    watched.dirs.push(parent);
                }
            }
        }
        watched
    }

    /// Whether a change to `path` should re-run the report.
    fn matters(&self, path: &Path) -> bool {
        let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
            return false;
        };
        if is_transient(&name) {
            return false;
        }
        let dir = path
            .parent()
            .map(|d| d.canonicalize().unwrap_or_else(|_| d.to_path_buf()));
        let in_rules = dir.is_some() && dir == self.rules;
        if in_rules {
            return name.ends_with(".rhai");
        }
        let file = dir.as_ref().map(|d| d.join(name.as_ref()));
        self.files.iter().any(|(f, _)| Some(f) == file.as_ref())
            || self.folders.iter().any(|(f, _)| Some(f) == dir.as_ref())
    }

    /// Size and modification time of every watched file that matters.
    fn snapshot(&self) -> BTreeMap<PathBuf, Stamp> {
        let stamp = |path: &Path| {
            let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
            Some((meta.len(), meta.modified().ok()))
        };
        let mut files = BTreeMap::new();
        for (file, _) in &self.files {
            if let Some(s) = stamp(file) {
                files.insert(file.clone(), s);
            }
        }
        for (folder, _) in &self.folders {
            let entries = std::fs::read_dir(folder).into_iter().flatten().flatten();
            for path in entries.map(|e| e.path()).filter(|p| self.matters(p)) {
                if let Some(s) = stamp(&path) {
                    files.insert(path, s);
                }
            }
        }
        files
    }

    /// `path` as the user would name it: under the folder they gave.
    fn show(&self, path: &Path) -> String {
        let name = path.file_name().unwrap_or_default();
        let dir = path
            .parent()
            .map(|d| d.canonicalize().unwrap_or_else(|_| d.to_path_buf()));
        self.folders
            .iter()
            .find(|(f, _)| Some(f) == dir.as_ref())
            .map(|(_, given)| given.join(name).display().to_string())
            .unwrap_or_else(|| path.display().to_string())
    }
}
