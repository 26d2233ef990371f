//! Deciding what a file is from its name and, above all, its first bytes.

use super::IngestError;

/// The two families of input linecard reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Delimited text: .csv, .tsv, .txt.
    Csv,
    /// A spreadsheet workbook read by calamine: .xlsx, .xlsm, .xlsb, .xls, .ods.
    Workbook,
    /// A Parquet file read by polars: .parquet, .pq.
    Parquet,
}

const WORKBOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];
const TEXT_EXTENSIONS: [&str; 3] = ["csv", "tsv", "txt"];
const PARQUET_EXTENSIONS: [&str; 2] = ["parquet", "pq"];

/// Whether a file name has an extension linecard reads (used to pick files
/// out of a folder).
pub fn is_supported_name(name: &str) -> bool {
    let ext = extension(name);
    WORKBOOK_EXTENSIONS.contains(&ext.as_str())
        || TEXT_EXTENSIONS.contains(&ext.as_str())
        || PARQUET_EXTENSIONS.contains(&ext.as_str())
}

fn extension(name: &str) -> String {
    std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// What the first bytes say the file is.
fn sniff(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"PK\x03\x04") {
        "a zipped workbook (xlsx, xlsm, xlsb or ods)"
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "a legacy Excel workbook (xls)"
    } else if bytes.starts_with(b"PAR1") {
        "a Parquet file"
    } else {
        "text"
    }
}

impl FileKind {
    /// Decides from the content, checked against the name: a workbook
    /// renamed `.csv` or a CSV renamed `.xlsx` is refused with a message
    /// saying what the file really is.
    pub fn detect(name: &str, bytes: &[u8]) -> Result<FileKind, IngestError> {
        if bytes.is_empty() {
            return Err(IngestError::Empty {
                path: name.to_string(),
            });
        }
        let ext = extension(name);
        let actual = sniff(bytes);
        let is_text = actual == "text";
        if PARQUET_EXTENSIONS.contains(&ext.as_str()) {
            if actual == "a Parquet file" {
                Ok(FileKind::Parquet)
            } else {
                Err(IngestError::Mismatch {
                    path: name.to_string(),
                    claimed: "a Parquet file",
                    actual,
                })
            }
        } else if TEXT_EXTENSIONS.contains(&ext.as_str()) {
            if is_text {
                Ok(FileKind::Csv)
            } else {
                Err(IngestError::Mismatch {
                    path: name.to_string(),
                    claimed: "delimited text (CSV)",
                    actual,
                })
            }
        } else if WORKBOOK_EXTENSIONS.contains(&ext.as_str()) {
            if is_text || actual == "a Parquet file" {
                Err(IngestError::Mismatch {
                    path: name.to_string(),
                    claimed: "a spreadsheet workbook",
                    actual,
                })
            } else {
                Ok(FileKind::Workbook)
            }
        } else {
            Err(IngestError::Unsupported {
                path: name.to_string(),
                extension: ext,
            })
        }
    }
}
