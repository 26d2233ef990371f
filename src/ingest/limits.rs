//! Bounds that keep a hostile or broken file from taking unbounded memory or
//! time: what may be read at all (regular files, up to a size), the inflated
//! size of a zipped workbook, the cells of one sheet, and a reader that
//! panics on a file's content.

use super::{IngestError, InputFile};
use crate::model::format::count;
use std::io::{Cursor, Read};
use std::path::Path;

/// The most bytes one input file may hold. Every read stops one byte past
/// it, so a file that grows while it is read (or a special file that never
/// ends) costs no more than this.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Reads one input file whole, refusing anything that is not a regular file
/// (a FIFO, a device such as `/dev/zero`, a socket) before opening it, so
/// nothing blocks or streams forever, and anything over [`MAX_FILE_BYTES`].
/// Symbolic links are followed: a link to a regular file is read.
pub fn read_file(path: &Path) -> Result<Vec<u8>, IngestError> {
    let io = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(IngestError::NotAFile {
            path: path.to_path_buf(),
            kind: kind_of(&meta),
        });
    }
    let too_large = || IngestError::TooLarge {
        path: path.display().to_string(),
        message: format!(
            "the file is larger than {} MiB, the most linecard reads from one file: split the data into several files, or keep only the columns and rows the scorecards use",
            mib(MAX_FILE_BYTES)
        ),
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// What a path that is not a regular file is, in the user's words.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The most a zipped workbook (xlsx, xlsm, xlsb, ods) may inflate to, all
/// its parts together, as its zip directory declares them. The zip reader
/// stops at the declared size, so the declaration bounds the real work.
pub const MAX_INFLATED_BYTES: u64 = 1 << 30;

/// The most cells one sheet may hold (its rows counted from the first filled
/// row, each up to its last filled cell), and the most fields one text file
/// may hold (every field of every row, empty ones too).
pub const MAX_SHEET_CELLS: usize = 20_000_000;

/// The most columns one table may have: Excel's own limit (A to XFD). A
/// text file's row is counted up to its last filled field.
pub const MAX_TABLE_COLUMNS: usize = 16_384;

fn mib(bytes: u64) -> u64 {
    bytes >> 20
}

/// Refuses a zipped workbook whose parts declare more than
/// [`MAX_INFLATED_BYTES`] before any part is inflated.
pub fn check_zip(path: &str, bytes: &[u8]) -> Result<(), IngestError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| IngestError::Workbook {
            path: path.to_string(),
            message: format!("the zip container is damaged: {e}"),
        })?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| IngestError::Workbook {
            path: path.to_string(),
            message: format!("the zip container is damaged: {e}"),
        })?;
        total = total.saturating_add(entry.size());
        if total > MAX_INFLATED_BYTES {
            return Err(IngestError::TooLarge {
                path: path.to_string(),
                message: format!(
                    "the workbook inflates to more than {} MiB (part \"{}\" alone is {} MiB); linecard reads workbooks up to {} MiB unpacked: split the data or save it as CSV",
                    mib(MAX_INFLATED_BYTES),
                    entry.name().unwrap_or_default(),
                    mib(entry.size()),
                    mib(MAX_INFLATED_BYTES)
                ),
            });
        }
    }
    Ok(())
}

pub fn too_many_cells(file: &InputFile, sheet: &str) -> IngestError {
    IngestError::TooLarge {
        path: file.display.clone(),
        message: format!(
            "sheet {sheet}: the used range holds more than {} cells; linecard reads sheets up to that size: delete stray cells far below or right of the table, or split the data",
            count(MAX_SHEET_CELLS)
        ),
    }
}

/// A text file with more fields than [`MAX_SHEET_CELLS`], found while it
/// is indexed (so the index never grows past the limit).
pub fn too_many_fields(file: &InputFile) -> IngestError {
    IngestError::TooLarge {
        path: file.display.clone(),
        message: format!(
            "the file holds more than {} fields (every value and empty cell of every row); linecard reads tables up to that size: keep only the columns and rows the scorecards use, or split the data into several files",
            count(MAX_SHEET_CELLS)
        ),
    }
}

/// A table wider than [`MAX_TABLE_COLUMNS`]: `place` is where its widest
/// row is (`line 1`, `sheet KPIs, row 3`), `width` how wide it is.
pub fn too_many_columns(file: &InputFile, place: &str, width: usize) -> IngestError {
    IngestError::TooLarge {
        path: file.display.clone(),
        message: format!(
            "{place} is {} columns wide; linecard reads tables up to {} columns, as Excel does: keep only the columns the scorecards use, or put the KPIs down the rows (a KPI column and a value column)",
            count(width),
            count(MAX_TABLE_COLUMNS)
        ),
    }
}

/// Runs a reader, turning a panic inside it into an error naming the file.
pub fn guard<T>(
    path: &str,
    read: impl FnOnce() -> Result<T, IngestError>,
) -> Result<T, IngestError> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = catch_unwind(AssertUnwindSafe(read));
    std::panic::set_hook(previous);
    outcome.unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".to_string());
        Err(IngestError::Panicked {
            path: path.to_string(),
            message,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_reader_becomes_an_error_naming_the_file() {
        let result: Result<(), _> = guard("k.xlsx", || panic!("index out of bounds"));
        assert_eq!(
            result.unwrap_err().to_string(),
            "k.xlsx: the reader failed on this file's content (index out of bounds); it may be damaged: open it in your spreadsheet program and save it again"
        );
        assert_eq!(guard("k.xlsx", || Ok(3)).unwrap(), 3);
    }
}
