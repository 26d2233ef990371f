//! The history file: one [`RunRecord`] per line (JSON Lines), appended to,
//! never rewritten; and picking runs out of it by number or timestamp.

use super::{FORMAT, RunRecord};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}, line {line}: not a linecard run record ({message})")]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error(
        "{path}, line {line}: the run was recorded in history format {found}, and this linecard reads format {FORMAT}; update linecard"
    )]
    Format {
        path: PathBuf,
        line: usize,
        found: u64,
    },
    #[error("{path} holds {runs} run{}; diff needs two (run `linecard report` again after a change)", crate::model::format::plural(*runs))]
    TooFew { path: PathBuf, runs: usize },
    #[error(
        "no run matches \"{text}\": name a run by its number (1 to {runs}, or -1 for the last, -2 for the one before) or by the start of its timestamp (the runs go from {first} to {last})"
    )]
    NoSuchRun {
        text: String,
        runs: usize,
        first: String,
        last: String,
    },
    #[error("run {run} is the first one recorded: there is no earlier run to compare it with")]
    NothingBefore { run: usize },
}

/// Appends `record` as the next run, one line, creating the file if needed.
///
/// The file is locked while it is read and written, so two runs at once (a
/// `watch` and a `report` in the same workspace, say) neither interleave
/// their lines nor take the same number: the run is numbered after the runs
/// the file holds when the lock is taken, and is not appended at all when
/// the last of them is the same run (same inputs, rules and period).
/// Returns the number the run was given, or `None` when it was not needed.
pub fn append(path: &Path, record: &RunRecord) -> Result<Option<u32>, HistoryError> {
    let io = |source| HistoryError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .read(true)
        .append(true)
        .open(path)
        .map_err(io)?;
    locked(file.lock()).map_err(io)?;
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(io)?;
    let (count, last) = count_and_last(path, &text)?;
    if last.is_some_and(|last| last.same_run_as(record)) {
        return Ok(None);
    }
    let run = u32::try_from(count + 1).unwrap_or(u32::MAX);
    let numbered = RunRecord {
        run,
        ..record.clone()
    };
    let mut line = serde_json::to_string(&numbered).map_err(|e| io(e.into()))?;
    if !text.is_empty() && !text.ends_with('\n') {
        // A last line without its line end (edited by hand, say): start
        // ours on a line of its own.
        line.insert(0, '\n');
    }
    line.push('\n');
    file.write_all(line.as_bytes()).map_err(io)?;
    Ok(Some(run))
}

/// The file's text, read under a shared lock so a run being appended at the
/// same moment is seen whole or not at all; a missing file is empty.
fn read(path: &Path) -> Result<String, HistoryError> {
    let io = |source| HistoryError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(String::new()),
        Err(source) => return Err(io(source)),
    };
    locked(file.lock_shared()).map_err(io)?;
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(io)?;
    Ok(text)
}

/// A lock's outcome, where a file system that cannot lock (some network
/// shares) counts as locked: the history is then kept as it was before
/// locking, which is right whenever one run writes at a time.
fn locked(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported => Ok(()),
        other => other,
    }
}

/// The non-empty lines of the file with their 1-based line numbers.
fn records(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l))
}

fn parse(path: &Path, line: usize, text: &str) -> Result<RunRecord, HistoryError> {
    let parse = |message: String| HistoryError::Parse {
        path: path.to_path_buf(),
        line,
        message,
    };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| parse(e.to_string()))?;
    match value.get("format").and_then(serde_json::Value::as_u64) {
        Some(found) if found == u64::from(FORMAT) => {}
        Some(found) => {
            return Err(HistoryError::Format {
                path: path.to_path_buf(),
                line,
                found,
            });
        }
        None => return Err(parse("no \"format\" field".to_string())),
    }
    serde_json::from_value(value).map_err(|e| parse(e.to_string()))
}

/// Every run in the file, oldest first; a missing file holds no runs.
pub fn load(path: &Path) -> Result<Vec<RunRecord>, HistoryError> {
    let text = read(path)?;
    records(&text)
        .map(|(line, record)| parse(path, line, record))
        .collect()
}

/// How many runs the file holds, and the last one (the only one parsed, so a
/// long history does not slow each report down).
pub fn last(path: &Path) -> Result<(usize, Option<RunRecord>), HistoryError> {
    count_and_last(path, &read(path)?)
}

/// How many runs `text` (the file at `path`) holds, and the last, parsed.
fn count_and_last(path: &Path, text: &str) -> Result<(usize, Option<RunRecord>), HistoryError> {
    let count = records(text).count();
    let last = records(text)
        .last()
        .map(|(line, record)| parse(path, line, record))
        .transpose()?;
    Ok((count, last))
}

/// The two runs `diff A B` compares (by index into `runs`): B defaults to
/// the last run, A to the run before B.
pub fn select(
    path: &Path,
    runs: &[RunRecord],
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(usize, usize), HistoryError> {
    if runs.len() < 2 {
        return Err(HistoryError::TooFew {
            path: path.to_path_buf(),
            runs: runs.len(),
        });
    }
    let to = match to {
        Some(text) => find(runs, text)?,
        None => runs.len() - 1,
    };
    let from = match from {
        Some(text) => find(runs, text)?,
        None if to == 0 => return Err(HistoryError::NothingBefore { run: 1 }),
        None => to - 1,
    };
    Ok((from, to))
}

fn find(runs: &[RunRecord], text: &str) -> Result<usize, HistoryError> {
    let text = text.trim();
    let by_number = text.parse::<i64>().ok().and_then(|n| {
        let len = runs.len() as i64;
        let index = if n < 0 { len + n } else { n - 1 };
        (0..len).contains(&index).then_some(index as usize)
    });
    let looks_like_number = text.parse::<i64>().is_ok();
    by_number
        .or_else(|| {
            (!looks_like_number && !text.is_empty())
                .then(|| runs.iter().rposition(|r| r.timestamp.starts_with(text)))
                .flatten()
        })
        .ok_or_else(|| HistoryError::NoSuchRun {
            text: text.to_string(),
            runs: runs.len(),
            first: runs[0].timestamp.clone(),
            last: runs[runs.len() - 1].timestamp.clone(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(n: u32, timestamp: &str) -> RunRecord {
        RunRecord {
            format: FORMAT,
            run: n,
            timestamp: timestamp.to_string(),
            linecard_version: "0.1.0".to_string(),
            period: "2025-Q2".to_string(),
            rules_sha256: String::new(),
            rules: Vec::new(),
            inputs: Vec::new(),
            scorecards: Vec::new(),
        }
    }

    #[test]
    fn runs_are_named_by_number_from_either_end_or_by_timestamp() {
        let runs = [
            run(1, "2025-06-29T08:00:00Z"),
            run(2, "2025-06-30T09:15:00Z"),
            run(3, "2025-06-30T17:40:00Z"),
            run(4, "2025-07-01T08:00:00Z"),
        ];
        let pick = |a: Option<&str>, b: Option<&str>| select(Path::new("h"), &runs, a, b).ok();
        assert_eq!(pick(None, None), Some((2, 3)));
        assert_eq!(pick(Some("1"), None), Some((0, 3)));
        assert_eq!(pick(None, Some("2")), Some((0, 1)));
        assert_eq!(pick(Some("-2"), Some("-1")), Some((2, 3)));
        assert_eq!(pick(Some("2025-06-30"), None), Some((2, 3)));
        assert_eq!(pick(Some("2025-06-30T09"), Some("2025-07")), Some((1, 3)));
        assert_eq!(pick(Some("0"), None), None);
        assert_eq!(pick(Some("5"), None), None);
        assert_eq!(pick(Some("-5"), None), None);
        assert_eq!(pick(Some("2024"), None), None);
        assert!(matches!(
            select(Path::new("h"), &runs, None, Some("1")),
            Err(HistoryError::NothingBefore { run: 1 })
        ));
    }

    #[test]
    fn appends_and_reads_back_only_the_last_run_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        assert_eq!(last(&path).unwrap(), (0, None));
        for n in 1..=3 {
            let numbered = append(&path, &run_on(&n.to_string())).unwrap();
            assert_eq!(numbered, Some(n));
        }
        let all = load(&path).unwrap();
        assert_eq!(all.iter().map(|r| r.run).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(last(&path).unwrap(), (3, Some(all[2].clone())));
    }

    /// A run differing from another only in its inputs' hashes.
    fn run_on(inputs: &str) -> RunRecord {
        RunRecord {
            inputs: vec![super::super::FileRecord {
                path: "inbox/kpis.csv".to_string(),
                sha256: inputs.to_string(),
            }],
            ..run(1, "2025-06-01T00:00:00Z")
        }
    }

    #[test]
    fn runs_appended_at_once_get_numbers_of_their_own_and_whole_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        let numbers: Vec<u32> = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..8)
                .map(|n| {
                    let path = &path;
                    scope.spawn(move || append(path, &run_on(&n.to_string())).unwrap())
                })
                .collect();
            threads
                .into_iter()
                .map(|t| t.join().unwrap().unwrap())
                .collect()
        });
        let mut sorted = numbers.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (1..=8).collect::<Vec<_>>(), "{numbers:?}");
        let all = load(&path).unwrap();
        assert_eq!(all.iter().map(|r| r.run).collect::<Vec<_>>(), sorted);
    }

    #[test]
    fn the_same_run_again_is_not_appended_and_a_missing_line_end_is_mended() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        assert_eq!(append(&path, &run_on("a")).unwrap(), Some(1));
        assert_eq!(append(&path, &run_on("a")).unwrap(), None);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.trim_end()).unwrap();
        assert_eq!(append(&path, &run_on("b")).unwrap(), Some(2));
        let all = load(&path).unwrap();
        assert_eq!(all.iter().map(|r| r.run).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(all[1].inputs[0].sha256, "b");
    }
}
