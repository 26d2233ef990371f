//! What can go wrong while producing the outputs.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("could not build the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),

    #[error("could not build the JSON output: {0}")]
    Json(#[from] serde_json::Error),

    #[error("{path}: cannot write the report: {reason}; the previous file, if any, is unchanged")]
    Write { path: PathBuf, reason: String },

    #[error(
        "{path}: cannot write the report: the folder {folder} does not exist; create it or choose another path"
    )]
    NoFolder { path: PathBuf, folder: PathBuf },

    #[error("{path} is a folder: give the path of a file to write instead")]
    IsFolder { path: PathBuf },
}
