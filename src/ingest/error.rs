//! What can go wrong while finding and reading input files.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: no such file or folder")]
    NotFound { path: PathBuf },

    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "{path}: no supported input files in this folder (expected .xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv or .txt)"
    )]
    EmptyFolder { path: PathBuf },

    #[error(
        "{path}: unsupported file type '.{extension}' (expected .xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv or .txt)"
    )]
    Unsupported { path: String, extension: String },

    #[error(
        "{path}: the name says {claimed} but the content is {actual}; rename the file to match what it is"
    )]
    Mismatch {
        path: String,
        claimed: &'static str,
        actual: &'static str,
    },

    #[error("{path}: not a readable CSV file: {message}")]
    Csv { path: String, message: String },

    #[error("{path}: not a readable spreadsheet: {message}")]
    Workbook { path: String, message: String },

    #[error("{path}: the file is empty")]
    Empty { path: String },
}
