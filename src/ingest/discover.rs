//! Turning the user's INPUT arguments (files and folders) into the list of
//! files to read, each read into memory exactly once.

use super::format::is_supported_name;
use super::{IngestError, InputFile};
use std::path::{Path, PathBuf};

/// Expands folders into the supported files directly inside them (sorted by
/// name, skipping hidden files, spreadsheet lock files such as `~$kpis.xlsx`
/// and `.~lock.kpis.xlsx#`, and partial downloads), then reads every file.
/// Returns the files that could be read and an error for every path that
/// could not, so the caller can go on checking the readable ones.
pub fn discover(inputs: &[PathBuf]) -> (Vec<InputFile>, Vec<IngestError>) {
    let mut paths = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        match expand(input) {
            Ok(mut found) => paths.append(&mut found),
            Err(e) => errors.push(e),
        }
    }
    paths.dedup();
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        match std::fs::read(&path) {
            Ok(bytes) => files.push(InputFile {
                display: path.display().to_string(),
                bytes: bytes.into(),
            }),
            Err(source) => errors.push(IngestError::Io { path, source }),
        }
    }
    (files, errors)
}

fn expand(input: &Path) -> Result<Vec<PathBuf>, IngestError> {
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
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_candidate(p))
        .collect();
    found.sort();
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
    let transient = name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('#')
        || name.ends_with('~');
    !transient && is_supported_name(&name)
}

#[cfg(test)]
mod tests {
    use super::is_candidate;
    use std::path::Path;

    #[test]
    fn skips_lock_and_temporary_files() {
        assert!(is_candidate(Path::new("inbox/kpis.xlsx")));
        assert!(is_candidate(Path::new("inbox/Export.CSV")));
        assert!(!is_candidate(Path::new("inbox/~$kpis.xlsx")));
        assert!(!is_candidate(Path::new("inbox/.~lock.kpis.xlsx#")));
        assert!(!is_candidate(Path::new("inbox/kpis.xlsx.crdownload")));
        assert!(!is_candidate(Path::new("inbox/notes.docx")));
    }
}
