//! Deciding what a file is from its name and, above all, its first bytes.

use super::IngestError;

/// The families of input linecard reads, and the two wrappers around them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Delimited text: .csv, .tsv, .txt.
    Csv,
    /// A spreadsheet workbook read by calamine: .xlsx, .xlsm, .xlsb, .xls, .ods.
    Workbook,
    /// A Parquet file read by polars: .parquet, .pq.
    Parquet,
    /// JSON objects, one per line or in one array: .jsonl, .ndjson, .json.
    Json,
    /// Any of the text kinds gzipped: `events.jsonl.gz`, `tickets.csv.gz`.
    Gzip,
    /// A zip archive of data files (Amplitude's export): .zip.
    Zip,
}

const WORKBOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];
const TEXT_EXTENSIONS: [&str; 3] = ["csv", "tsv", "txt"];
const PARQUET_EXTENSIONS: [&str; 2] = ["parquet", "pq"];
const JSON_EXTENSIONS: [&str; 3] = ["jsonl", "ndjson", "json"];

/// Every extension linecard reads, as messages list them.
pub const EXPECTED: &str = ".xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv, .txt, .parquet, .jsonl, .ndjson or .json, the text ones possibly gzipped (.csv.gz, .jsonl.gz), or a .zip of them";

/// Whether a file name has an extension linecard reads (used to pick files
/// out of a folder): a gzipped file when the name under `.gz` is text
/// linecard reads.
pub fn is_supported_name(name: &str) -> bool {
    let ext = extension(name);
    match ext.as_str() {
        "gz" => is_gzipped_text(name),
        "zip" => true,
        ext => {
            WORKBOOK_EXTENSIONS.contains(&ext)
                || TEXT_EXTENSIONS.contains(&ext)
                || PARQUET_EXTENSIONS.contains(&ext)
                || JSON_EXTENSIONS.contains(&ext)
        }
    }
}

/// The name under a `.gz` (`events.jsonl.gz` -> `events.jsonl`).
pub fn without_gz(name: &str) -> &str {
    match name.len().checked_sub(3) {
        Some(at) if name.is_char_boundary(at) && name[at..].eq_ignore_ascii_case(".gz") => {
            &name[..at]
        }
        _ => name,
    }
}

/// Whether a `.gz` name wraps delimited text or JSON.
fn is_gzipped_text(name: &str) -> bool {
    let inner = extension(without_gz(name));
    TEXT_EXTENSIONS.contains(&inner.as_str()) || JSON_EXTENSIONS.contains(&inner.as_str())
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
    } else if bytes.starts_with(&[0x1F, 0x8B]) {
        "gzipped data"
    } else {
        "text"
    }
}

impl FileKind {
    /// Decides from the content, checked against the name: a workbook
    /// renamed `.csv` or a CSV renamed `.xlsx` is refused with a message
    /// saying what the file really is. `kind_name` is the name that says
    /// the kind (the name under a `.gz`); messages name `path`.
    pub fn detect(path: &str, kind_name: &str, bytes: &[u8]) -> Result<FileKind, IngestError> {
        if bytes.is_empty() {
            return Err(IngestError::Empty {
                path: path.to_string(),
            });
        }
        let ext = extension(kind_name);
        let is = |ext_list: &[&str]| ext_list.contains(&ext.as_str());
        let actual = sniff(bytes);
        let is_text = actual == "text";
        // The kind the name says, what that is in words, and whether the
        // content is one.
        let (kind, claimed, fits) = if is(&PARQUET_EXTENSIONS) {
            (
                FileKind::Parquet,
                "a Parquet file",
                actual == "a Parquet file",
            )
        } else if is(&TEXT_EXTENSIONS) {
            (FileKind::Csv, "delimited text (CSV)", is_text)
        } else if is(&JSON_EXTENSIONS) {
            (FileKind::Json, "JSON text", is_text)
        } else if ext == "gz" && is_gzipped_text(kind_name) {
            (FileKind::Gzip, "gzipped data", actual == "gzipped data")
        } else if ext == "zip" {
            let zip = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06");
            (FileKind::Zip, "a zip archive", zip)
        } else if is(&WORKBOOK_EXTENSIONS) {
            let other = is_text || actual == "a Parquet file" || actual == "gzipped data";
            (FileKind::Workbook, "a spreadsheet workbook", !other)
        } else {
            return Err(IngestError::Unsupported {
                path: path.to_string(),
                extension: match ext.as_str() {
                    "gz" => format!("{}.gz", extension(without_gz(kind_name))),
                    _ => ext,
                },
            });
        };
        match fits {
            true => Ok(kind),
            false => Err(IngestError::Mismatch {
                path: path.to_string(),
                claimed,
                actual,
            }),
        }
    }
}
