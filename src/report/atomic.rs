//! Writing a file all at once: the bytes go to a temporary file in the target
//! folder, which is then renamed over the target. Readers see the old file or
//! the new one, never a half-written one. A file written over keeps its
//! permissions; a new one gets the usual ones (readable by others unless the
//! user's umask says otherwise), not the owner-only ones of temporary files.

use super::ReportError;
use std::io::Write;
use std::path::Path;

pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    stage(path, bytes)?.commit()
}

/// A file written whole to its temporary file beside the target, not yet
/// renamed over it. Dropped without [`Staged::commit`], the temporary file
/// is removed and the target is untouched.
pub struct Staged {
    path: std::path::PathBuf,
    temp: tempfile::NamedTempFile,
}

impl Staged {
    /// Renames the temporary file over the target.
    pub fn commit(self) -> Result<(), ReportError> {
        let path = self.path;
        self.temp.persist(&path).map_err(|e| ReportError::Write {
            reason: reason(&e.error),
            path,
        })?;
        Ok(())
    }
}

/// Writes `bytes` to a temporary file beside `path` and syncs it, so that
/// several outputs can all be made ready before any of them replaces its
/// old file: a run that cannot write one of them changes none.
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, ReportError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(ReportError::IsFolder {
            path: path.to_path_buf(),
        });
    }
    if !dir.is_dir() {
        return Err(ReportError::NoFolder {
            path: path.to_path_buf(),
            folder: dir.to_path_buf(),
        });
    }
    let fail = |error: std::io::Error| ReportError::Write {
        path: path.to_path_buf(),
        reason: reason(&error),
    };
    let existing = std::fs::metadata(path).ok().map(|m| m.permissions());
    let mut builder = tempfile::Builder::new();
    builder.prefix(".linecard-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created with the umask applied, as any new file would be.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir).map_err(fail)?;
    if let Some(permissions) = existing {
        temp.as_file().set_permissions(permissions).map_err(fail)?;
    }
    temp.write_all(bytes).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    Ok(Staged {
        path: path.to_path_buf(),
        temp,
    })
}

/// What went wrong, in words: the system's message without the temporary
/// file's name, which means nothing to the user.
fn reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => {
            "permission denied (the folder or the file is read-only for you)".to_string()
        }
        std::io::ErrorKind::StorageFull => "the disk is full".to_string(),
        _ => {
            let text = error.to_string();
            match text.find(" at path \"") {
                Some(cut) => text[..cut].to_string(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.xlsx");
        std::fs::write(&path, b"old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_staged_file_replaces_nothing_until_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.xlsx");
        std::fs::write(&path, b"old").unwrap();
        let staged = stage(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        drop(staged);
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        stage(&path, b"new").unwrap().commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn a_missing_folder_or_a_folder_as_the_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder").join("report.xlsx");
        let err = write_atomically(&missing, b"new").unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}: cannot write the report: the folder {} does not exist; create it or choose another path",
                missing.display(),
                dir.path().join("no-such-folder").display()
            )
        );
        let err = write_atomically(dir.path(), b"new").unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{} is a folder: give the path of a file to write instead",
                dir.path().display()
            )
        );
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_not_owner_only_and_old_files_keep_their_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let new = dir.path().join("new.xlsx");
        write_atomically(&new, b"new").unwrap();
        // Whatever the umask takes away, the group and others may read
        // unless it says so; owner-only (0600) is what temporary files get.
        assert_ne!(mode(&new), 0o600);
        assert_eq!(mode(&new) & 0o600, 0o600);

        let shared = dir.path().join("shared.xlsx");
        std::fs::write(&shared, b"old").unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o664)).unwrap();
        write_atomically(&shared, b"new").unwrap();
        assert_eq!(mode(&shared), 0o664);
    }
}
