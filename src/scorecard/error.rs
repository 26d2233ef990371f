//! What can go wrong while building scorecards: a rule hook failing or
//! returning something linecard cannot use.

use crate::rules::ScriptError;

#[derive(Debug, thiserror::Error)]
pub enum ScorecardError {
    #[error("{0}")]
    Hook(ScriptError),
}
