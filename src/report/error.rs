//! What can go wrong while producing the outputs.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("could not build the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),

    #[error("could not build the JSON output: {0}")]
    Json(#[from] serde_json::Error),

    #[error("{path}: cannot write the report: {source}; the previous file, if any, is unchanged")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}
