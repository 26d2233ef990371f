//! Turning the user's INPUT arguments (files and folders) into the list of
//! files to read, each read into memory exactly once.

use super::format::is_supported_name;
use super::own_report::is_linecard_report;
use super::{IngestError, InputFile};
use crate::model::{DataIssue, Location};
use std::path::{Path, PathBuf};

/// What the INPUT arguments hold: the files to read, an error for every
/// path that could not be read, and a warning for every item of a folder
/// that is not read (other than lock, hidden and temporary files).
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<InputFile>,
    pub errors: Vec<IngestError>,
    pub skipped: Vec<DataIssue>,
}

/// [`discover_all`] without the warnings about skipped items.
pub fn discover(inputs: &[PathBuf]) -> (Vec<InputFile>, Vec<IngestError>) {
    let found = discover_all(inputs);
    (found.files, found.errors)
}

/// Expands folders into the supported files directly inside them (sorted by
/// name), then reads every file. Lock, hidden and temporary files
/// ([`is_transient`]) are passed over silently; any other item of a folder
/// that is not read (a file of another format, a subfolder, a report
/// linecard wrote) gets a warning. A linecard report named as an input is an
/// error. The files that could be read are returned with an error for every
/// path that could not, so the caller can go on checking the readable ones.
pub fn discover_all(inputs: &[PathBuf]) -> Discovered {
    let mut found = Discovered::default();
    let mut paths = Vec::new();
    for input in inputs {
        match expand(input, &mut found.skipped) {
            Ok(files) => paths.extend(files.into_iter().map(|f| (input.clone(), f))),
            Err(e) => found.errors.push(e),
        }
    }
    paths.dedup_by(|a, b| a.1 == b.1);
    for (input, path) in paths {
        let bytes = match super::limits::read_file(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                found.errors.push(e);
                continue;
            }
        };
        let display = path.display().to_string();
        if is_linecard_report(&bytes) {
            if input == path {
                found.errors.push(IngestError::OwnReport { path: display });
            } else {
                found.skipped.push(skipped(format!(
                    "skipped {display}: a report written by linecard, not input data"
                )));
            }
            continue;
        }
        found.files.push(InputFile {
            display,
            bytes: bytes.into(),
        });
    }
    found
}

fn skipped(message: String) -> DataIssue {
    DataIssue::warning(message, Location::default())
}

fn expand(input: &Path, skipped_items: &mut Vec<DataIssue>) -> Result<Vec<PathBuf>, IngestError> {
    let meta = std::fs::metadata(input).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => IngestError::NotFound {
            path: input.to_path_buf(),
        },
        _ => IngestError::Io {
            path: input.to_path_buf(),
            source,
        },
    })?;
    if !meta.is_dir() {
        return Ok(vec![input.to_path_buf()]);
    }
    let entries = std::fs::read_dir(input).map_err(|source| IngestError::Io {
        path: input.to_path_buf(),
        source,
    })?;
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    let mut found = Vec::new();
    for path in entries {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.as_deref().is_none_or(is_transient) {
            continue;
        }
        if path.is_dir() {
            skipped_items.push(skipped(format!(
                "skipped folder {}: linecard reads the files directly in a folder; name the folder as an input to read it too",
                path.display()
            )));
        } else if !is_candidate(&path) {
            skipped_items.push(skipped(format!(
                "skipped {}: not a format linecard reads (save it as .xlsx or .csv)",
                path.display()
            )));
        } else {
            found.push(path);
        }
    }
    if found.is_empty() {
        return Err(IngestError::EmptyFolder {
            path: input.to_path_buf(),
        });
    }
    Ok(found)
}

/// Whether a file inside an input folder is data rather than a lock file,
/// a temporary file or something of another kind.
pub fn is_candidate(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    !is_transient(&name) && is_supported_name(&name)
}

/// Spreadsheet lock files (`~$kpis.xlsx`, `.~lock.kpis.xlsx#`), hidden and
/// backup files, temporary files and partial downloads: passed over without
/// a word, in an input folder and by `linecard watch`.
pub fn is_transient(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('#')
        || name.ends_with('~')
        || [
            ".tmp",
            ".crdownload",
            ".part",
            ".partial",
            ".download",
            ".swp",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_lock_and_temporary_files() {
        assert!(is_candidate(Path::new("inbox/kpis.xlsx")));
        assert!(is_candidate(Path::new("inbox/Export.CSV")));
        assert!(!is_candidate(Path::new("inbox/~$kpis.xlsx")));
        assert!(!is_candidate(Path::new("inbox/.~lock.kpis.xlsx#")));
        assert!(!is_candidate(Path::new("inbox/kpis.xlsx.crdownload")));
        assert!(!is_candidate(Path::new("inbox/notes.docx")));
        for name in [
            "~$kpis.xlsx",
            ".~lock.kpis.xlsx#",
            "kpis.xlsx.tmp",
            "a.csv.part",
            ".DS_Store",
            "export.csv.crdownload",
            "kpis.csv~",
        ] {
            assert!(is_transient(name), "{name}");
        }
        for name in [
            "notes.docx",
            "kpis.xlsx",
            "marketing.csv",
            "10-catalogue.rhai",
        ] {
            assert!(!is_transient(name), "{name}");
        }
    }

    #[test]
    fn every_other_item_of_a_folder_gets_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("inbox");
        std::fs::create_dir_all(inbox.join("q4")).unwrap();
        for name in [
            "kpis.csv",
            "q3-product.numbers",
            "notes.docx",
            "~$kpis.xlsx",
            ".DS_Store",
            "x.csv.part",
        ] {
            std::fs::write(inbox.join(name), "Line,Quarter\n").unwrap();
        }
        let found = discover_all(std::slice::from_ref(&inbox));
        let inbox = inbox.display();
        assert_eq!(
            found
                .files
                .iter()
                .map(|f| f.display.clone())
                .collect::<Vec<_>>(),
            [format!("{inbox}/kpis.csv")]
        );
        assert!(found.errors.is_empty());
        assert_eq!(
            found
                .skipped
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            [
                format!(
                    "skipped {inbox}/notes.docx: not a format linecard reads (save it as .xlsx or .csv)"
                ),
                format!(
                    "skipped {inbox}/q3-product.numbers: not a format linecard reads (save it as .xlsx or .csv)"
                ),
                format!(
                    "skipped folder {inbox}/q4: linecard reads the files directly in a folder; name the folder as an input to read it too"
                ),
            ]
        );
    }
}
