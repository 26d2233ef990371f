//! What can go wrong while loading the rules.

use super::ScriptError;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error(
        "{path}: the rules folder does not exist (create it with `linecard init`, or leave out --rules to use the built-in rules)"
    )]
    MissingFolder { path: PathBuf },

    #[error("{path}: no rule scripts (*.rhai) in the rules folder")]
    NoScripts { path: PathBuf },

    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{0}")]
    Script(#[from] ScriptError),
}
