//! The history file: one [`RunRecord`] per line (JSON Lines), appended to,
//! never rewritten; and picking runs out of it by number or timestamp.

use super::{FORMAT, RunRecord};
use std::io::Write;
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
    #[error("{path} holds {runs} run{}; diff needs two (run `linecard report` again after a change)", if *runs == 1 { "" } else { "s" })]
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

/// Appends one record as one line, creating the file if needed.
pub fn append(path: &Path, record: &RunRecord) -> Result<(), HistoryError> {
    let io = |source| HistoryError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut line = serde_json::to_string(record).map_err(|e| io(e.into()))?;
    line.push('\n');
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(io)?;
    file.write_all(line.as_bytes()).map_err(io)
}

/// Every run in the file, oldest first; a missing file holds no runs.
pub fn load(path: &Path) -> Result<Vec<RunRecord>, HistoryError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(HistoryError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let mut runs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parse = |message: String| HistoryError::Parse {
            path: path.to_path_buf(),
            line: i + 1,
            message,
        };
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| parse(e.to_string()))?;
        match value.get("format").and_then(serde_json::Value::as_u64) {
            Some(found) if found == u64::from(FORMAT) => {}
            Some(found) => {
                return Err(HistoryError::Format {
                    path: path.to_path_buf(),
                    line: i + 1,
                    found,
                });
            }
            None => return Err(parse("no \"format\" field".to_string())),
        }
        runs.push(serde_json::from_value(value).map_err(|e| parse(e.to_string()))?);
    }
    Ok(runs)
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
