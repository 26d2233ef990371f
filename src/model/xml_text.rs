//! The characters XML 1.0 forbids in a document, which neither a workbook
//! linecard reads nor one it writes may hold: controls below U+0020 other
//! than tab, line feed and carriage return, and the noncharacters U+FFFE
//! and U+FFFF (lone surrogates cannot occur in a Rust string). Ingest
//! refuses a value holding one; the report replaces them.

/// Whether XML 1.0 forbids `c`.
pub fn forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}
