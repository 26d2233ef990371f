//! Exit codes, documented in `--help` and the README.

use crate::report::ReportError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: everything worked.
    Success = 0,
    /// 1: the inputs or the rules have errors; no report was written.
    Invalid = 1,
    /// 2: the command line is wrong (clap uses 2 for its own errors too).
    Usage = 2,
    /// 3: the report was written, and `--fail-on` found a KPI at that status.
    Threshold = 3,
    /// 4: the report could not be written.
    Output = 4,
}

/// Everything wrong with the inputs and the rules, each problem rendered for
/// people (`file:line:col` and a caret for scripts, `file!sheet!cell` for data).
#[derive(Debug, thiserror::Error)]
#[error("{}", problems.join("\n"))]
pub struct Invalid {
    pub problems: Vec<String>,
}

/// A mistake in how linecard was called, found after parsing.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn classify(error: &anyhow::Error) -> Exit {
        if error.downcast_ref::<UsageError>().is_some() {
            Exit::Usage
        } else if error.downcast_ref::<ReportError>().is_some() {
            Exit::Output
        } else if error.downcast_ref::<Invalid>().is_some() {
            Exit::Invalid
        } else {
            Exit::Output
        }
    }
}
