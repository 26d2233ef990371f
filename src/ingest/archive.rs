//! Files inside other files: a gzipped text file (`events.jsonl.gz`,
//! `tickets.csv.gz`) is inflated and read by the name under `.gz`; a zip
//! archive (Amplitude's export: a folder of hourly `.json.gz` files) gives
//! each data file inside it, named `export.zip/123/2025-03-01_5#0.json.gz`.
//! Both are bounded like a zipped workbook: nothing inflates past
//! [`MAX_INFLATED_BYTES`], whatever the archive declares.

use super::format::{is_supported_name, without_gz};
use super::limits::MAX_INFLATED_BYTES;
use super::{IngestError, InputFile, discover::is_transient};
use crate::model::format::{and_list, count, plural};
use crate::model::{DataIssue, Location};
use std::io::{Cursor, Read};

/// The text under a `.gz`, as a file of the inner name: `events.jsonl.gz`
/// is read as `events.jsonl`, but places still name the file as given.
/// What it inflates to is taken from `budget` (see [`unzip`]).
pub fn gunzip(file: &InputFile, budget: &mut u64) -> Result<(InputFile, String), IngestError> {
    let gzip = flate2::read::MultiGzDecoder::new(file.bytes.as_ref());
    let text = inflate(gzip, budget)
        .map_err(|e| IngestError::Gzip {
            path: file.display.clone(),
            message: e.to_string(),
        })?
        .ok_or_else(|| too_large(&file.display, "the file"))?;
    let inner = InputFile {
        display: file.display.clone(),
        bytes: text.into(),
    };
    Ok((inner, without_gz(&file.display).to_string()))
}

/// What `reader` inflates to, taken from `budget`; `None` past it.
fn inflate(reader: impl Read, budget: &mut u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader.take(*budget + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > *budget {
        return Ok(None);
    }
    *budget -= bytes.len() as u64;
    Ok(Some(bytes))
}

/// The data files inside a zip archive, each named after the archive
/// (`export.zip/day/1.json.gz`); a note names what else it holds. Folders,
/// and hidden and temporary files (macOS's `__MACOSX/` copies), are passed
/// over without a word. Every byte inflated, here and from the gzipped
/// files inside ([`gunzip`]), is taken from `budget`: one input inflates
/// to [`MAX_INFLATED_BYTES`] in all, whatever its parts declare.
pub fn unzip(
    file: &InputFile,
    notes: &mut Vec<DataIssue>,
    budget: &mut u64,
) -> Result<Vec<InputFile>, IngestError> {
    let damaged = |e: zip::result::ZipError| IngestError::Archive {
        path: file.display.clone(),
        message: format!("{e}; download or zip it again"),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(file.bytes.as_ref())).map_err(damaged)?;
    let mut members = Vec::new();
    let mut others = Vec::new();
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(damaged)?;
        let name = entry.name().map_err(damaged)?.to_string();
        let base = name.rsplit('/').next().unwrap_or_default();
        if entry.is_dir() || name.starts_with("__MACOSX/") || is_transient(base) {
            continue;
        }
        if !is_supported_name(base) || base.to_ascii_lowercase().ends_with(".zip") {
            others.push(format!("\"{name}\""));
            continue;
        }
        if entry.size() > *budget {
            return Err(too_large(&file.display, "the archive"));
        }
        let bytes = inflate(entry, budget)
            .map_err(|e| IngestError::Archive {
                path: format!("{}/{name}", file.display),
                message: format!("{e}; download or zip it again"),
            })?
            .ok_or_else(|| too_large(&file.display, "the archive"))?;
        members.push(InputFile {
            display: format!("{}/{name}", file.display),
            bytes: bytes.into(),
        });
    }
    if members.is_empty() {
        return Err(IngestError::Archive {
            path: file.display.clone(),
            message: format!(
                "it holds no data files (expected {})",
                super::format::EXPECTED
            ),
        });
    }
    if !others.is_empty() {
        let mut shown: Vec<String> = others.iter().take(3).cloned().collect();
        if others.len() > 3 {
            shown.push(format!("{} more", count(others.len() - 3)));
        }
        notes.push(DataIssue::warning(
            format!(
                "skipped {} file{} in {}, not a format linecard reads: {}",
                count(others.len()),
                plural(others.len()),
                file.display,
                and_list(&shown)
            ),
            Location {
                file: Some(file.display.clone()),
                ..Location::default()
            },
        ));
    }
    Ok(members)
}

fn too_large(path: &str, what: &str) -> IngestError {
    IngestError::TooLarge {
        path: path.to_string(),
        message: format!(
            "{what} inflates to more than {} MiB; linecard reads up to that much from one input: split the export into several files",
            MAX_INFLATED_BYTES >> 20
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(text: &[u8]) -> InputFile {
        let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        out.write_all(text).unwrap();
        InputFile {
            display: "x.zip/a.jsonl.gz".into(),
            bytes: out.finish().unwrap().into(),
        }
    }

    #[test]
    fn what_one_input_inflates_to_is_taken_from_one_budget() {
        let file = gz(&[b'{'; 1000]);
        let mut budget = 2500;
        gunzip(&file, &mut budget).unwrap();
        gunzip(&file, &mut budget).unwrap();
        assert_eq!(budget, 500);
        // The third copy is past what is left.
        let e = gunzip(&file, &mut budget).unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.zip/a.jsonl.gz: the file inflates to more than 1024 MiB; linecard reads up to that much from one input: split the export into several files"
        );
    }
}
