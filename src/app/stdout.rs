//! Standard output as a file like any other: every command prints through
//! [`write`], so a full disk, a closed terminal or `> /dev/full` ends the
//! run with exit 4 and "could not write to standard output: …", never a
//! panic or a message that names nothing.

use std::io::Write;

/// Standard output could not be written.
#[derive(Debug, thiserror::Error)]
#[error("could not write to standard output: {0}")]
pub struct StdoutError(pub std::io::Error);

impl From<std::io::Error> for StdoutError {
    fn from(error: std::io::Error) -> Self {
        StdoutError(error)
    }
}

/// Writes `bytes` to standard output and flushes it.
pub fn write(bytes: impl AsRef<[u8]>) -> Result<(), StdoutError> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes.as_ref())?;
    out.flush()?;
    Ok(())
}

/// Writes `text` and a line break to standard output.
pub fn line(text: impl AsRef<str>) -> Result<(), StdoutError> {
    write(format!("{}\n", text.as_ref()))
}
