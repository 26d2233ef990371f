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
        "{path}: no supported input files in this folder (expected {expected})",
        expected = super::format::EXPECTED
    )]
    EmptyFolder { path: PathBuf },

    #[error(
        "{path}: unsupported file type '.{extension}' (expected {expected})",
        expected = super::format::EXPECTED
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

    #[error(
        "{path}, line {line}: the quote opening {opening} is never closed, so the rest of the file would be read as one value; add the closing quote (\") where the value ends, or remove the opening one"
    )]
    UnclosedQuote {
        path: String,
        line: usize,
        /// The value from its opening quote to the end of its line.
        opening: String,
    },

    #[error("{path}, line {line}: {fields} fields where the header row has {header}; {advice}")]
    WiderThanHeader {
        path: String,
        line: usize,
        fields: usize,
        header: usize,
        /// What to do, naming the value that holds the delimiter when it
        /// can be seen.
        advice: String,
    },

    #[error("{path}, line {line}: {message}")]
    Json {
        path: String,
        line: usize,
        message: String,
    },

    #[error(
        "{path}: not a readable gzip file ({message}); it may have been cut short: download or compress it again"
    )]
    Gzip { path: String, message: String },

    #[error("{path}: not a readable zip archive: {message}")]
    Archive { path: String, message: String },

    #[error("{path}: not a readable Parquet file: {message}")]
    Parquet { path: String, message: String },

    #[error("{path}: not a readable spreadsheet: {message}")]
    Workbook { path: String, message: String },

    #[error("{path}: the workbook is damaged{place}: {what}; re-save it from Excel or LibreOffice")]
    Damaged {
        path: String,
        /// ` at Sheet!D7`, or empty when no cell is known.
        place: String,
        what: String,
    },

    #[error(
        "{path}: the workbook stores cells in the short form some tools write (SheetJS-based exports do), which linecard's xlsb reader would skip, losing cells; open the file in Excel or LibreOffice and save it as .xlsx"
    )]
    ShortXlsbCells { path: String },

    #[error(
        "{path}: this is a report written by linecard, not input data; name the files it was made from (its Run sheet lists them)"
    )]
    OwnReport { path: String },

    #[error(
        "{path}: not a regular file (it is {kind}); linecard reads only regular files, and symbolic links to them: save the data to a file and name that"
    )]
    NotAFile { path: PathBuf, kind: &'static str },

    #[error("{path}: the file is empty")]
    Empty { path: String },

    #[error("{path}: no sheet named \"{sheet}\" (--sheet); the sheets are {sheets}")]
    NoSuchSheet {
        path: String,
        sheet: String,
        sheets: String,
    },

    #[error(
        "{path}: the workbook is protected with a password; remove the password (File > Info > Protect Workbook in Excel) and save it again"
    )]
    Encrypted { path: String },

    #[error("{path}: {message}")]
    TooLarge { path: String, message: String },

    #[error(
        "{path}: the reader failed on this file's content ({message}); it may be damaged: open it in your spreadsheet program and save it again"
    )]
    Panicked { path: String, message: String },

    #[error("{path}: the text is {encoding}, not UTF-8; {advice}")]
    WideText {
        path: String,
        encoding: &'static str,
        advice: &'static str,
    },

    #[error(
        "{path}: the text is not UTF-8 (the first byte that is not, 0x{byte:02X}, is on line {line}, column {column}); pass --encoding windows-1252 (or the encoding it was saved in), or save it from your spreadsheet as \"CSV UTF-8\""
    )]
    NotUtf8 {
        path: String,
        byte: u8,
        line: usize,
        column: usize,
    },
}
