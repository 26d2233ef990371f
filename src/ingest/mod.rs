//! Stage 1 of 5: files in, raw grids out.
//!
//! `ingest -> frame -> rules -> scorecard -> report`. This stage finds the
//! input files (a folder means every supported file in it), reads each one
//! into memory once (so it can be hashed, and so inputs are never touched
//! again), and turns every sheet or CSV file into a [`Grid`] of cells that
//! remembers where each cell came from. It does not interpret headers or
//! values; that is the frame stage's job.

mod archive;
mod bundled;
mod cell;
mod cell_currency;
mod csv;
mod csv_quoted;
mod csv_shape;
mod discover;
mod error;
mod fields;
mod format;
mod grid;
mod json;
mod limits;
mod own_report;
mod parquet;
mod sheet_rows;
mod simple_quotes;
mod wide_text;
mod workbook;
mod xlsb;
mod xlsx_values;

pub use bundled::bundled_sample;
pub use cell::CellRef;
pub use cell_currency::CellCurrencies;
pub use discover::{Discovered, discover, discover_all, is_transient};
pub use error::IngestError;
pub use format::FileKind;
pub use grid::{Grid, Merge, TextColumn};
pub use limits::{MAX_INFLATED_BYTES, MAX_SHEET_CELLS, MAX_TABLE_COLUMNS};

/// How to read the files: which sheets, and the text encoding of CSV files.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// `--sheet`: read only these sheets of each workbook (all when empty).
    pub sheets: Vec<String>,
    /// `--encoding`: the encoding of text files (UTF-8 when `None`).
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// The encoding a `--encoding` label names, if any.
pub fn encoding_for(label: &str) -> Option<&'static encoding_rs::Encoding> {
    csv::encoding_for(label)
}

use crate::model::{DataIssue, ErrorList};
use bytes::Bytes;
use sha2::{Digest, Sha256};

/// One input file, read into memory.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// The path as the user gave it (or `sample-data/...` for the bundled copy).
    pub display: String,
    /// The file's contents, shared (not copied) by the grids read from it.
    pub bytes: Bytes,
}

impl InputFile {
    pub fn sha256(&self) -> String {
        Sha256::digest(&self.bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Everything read from the inputs.
#[derive(Debug)]
pub struct Ingested {
    pub files: Vec<InputFile>,
    pub grids: Vec<Grid>,
    /// The sheets skipped, and why (chart sheets, hidden sheets).
    pub notes: Vec<DataIssue>,
}

/// Where [`read_into`] puts what it reads, and what one input may still
/// inflate to.
struct Read<'a> {
    grids: &'a mut Vec<Grid>,
    errors: &'a mut Vec<IngestError>,
    notes: &'a mut Vec<DataIssue>,
    budget: &'a mut u64,
}

/// Reads `file`, whose kind `name` says (the name under a `.gz`), into
/// `out`: a zip archive's data files each in turn.
fn read_into(file: &InputFile, name: &str, options: &ReadOptions, out: &mut Read) {
    let kind = match FileKind::detect(&file.display, name, &file.bytes) {
        Ok(kind) => kind,
        Err(e) => return out.errors.push(e),
    };
    let read = limits::guard(&file.display, || match kind {
        FileKind::Csv => csv::read(file, options.encoding).map(|g| vec![g]),
        FileKind::Workbook => workbook::read(file, &options.sheets, out.notes),
        FileKind::Parquet => parquet::read(file).map(|g| vec![g]),
        FileKind::Json => json::read(file).map(|g| vec![g]),
        FileKind::Gzip => {
            let (inner, name) = archive::gunzip(file, out.budget)?;
            read_into(&inner, &name, options, out);
            Ok(Vec::new())
        }
        FileKind::Zip => {
            for member in archive::unzip(file, out.notes, out.budget)? {
                read_into(&member, &member.display, options, out);
            }
            Ok(Vec::new())
        }
    });
    match read {
        Ok(mut g) => out.grids.append(&mut g),
        Err(e) => out.errors.push(e),
    }
}

/// Reads every file into grids, collecting every file's errors rather than
/// stopping at the first.
pub fn ingest(files: Vec<InputFile>) -> Result<Ingested, ErrorList<IngestError>> {
    ingest_with(files, &ReadOptions::default())
}

/// [`ingest`] with the sheet choice and text encoding of [`ReadOptions`].
/// A reader that panics on a file's content gives an error naming the file.
pub fn ingest_with(
    files: Vec<InputFile>,
    options: &ReadOptions,
) -> Result<Ingested, ErrorList<IngestError>> {
    let mut grids = Vec::new();
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    for file in &files {
        let mut budget = MAX_INFLATED_BYTES;
        let mut out = Read {
            grids: &mut grids,
            errors: &mut errors,
            notes: &mut notes,
            budget: &mut budget,
        };
        read_into(file, &file.display, options, &mut out);
    }
    ErrorList(errors).into_result(Ingested {
        files,
        grids,
        notes,
    })
}
