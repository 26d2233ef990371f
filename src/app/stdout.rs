//! Standard output as a file like any other: every command prints through
//! [`write`] (or [`text`] for what people read), so a full disk, a closed terminal or `> /dev/full` ends the
//! run with exit 4 and "could not write to standard output: …", never a
//! panic or a message that names nothing.

use crate::model::terminal_text::for_terminal;
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

/// Writes text for people (a table, a list, an explanation) to standard
/// output, made safe for the terminal by
/// [`for_terminal`](crate::model::terminal_text::for_terminal). The exports
/// (`--json -`, `--csv -`) go through [`write`] and keep the data exact.
pub fn text(text: impl AsRef<str>) -> Result<(), StdoutError> {
    write(for_terminal(text.as_ref()).as_bytes())
}

/// [`text`] and a line break.
pub fn line(text: impl AsRef<str>) -> Result<(), StdoutError> {
    self::text(format!("{}\n", text.as_ref()))
}
