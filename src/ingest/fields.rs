//! Delimited text, indexed: the start and end of every field, so that a
//! field is a slice of one text and a million-row export costs one pass over
//! its bytes, not a string per field.
//!
//! A text without quotes is indexed where it lies ([`Fields::index`]): rows
//! end at `\n` (a `\r` before it is dropped), fields at the delimiter, and a
//! blank line is a row of one empty field, so row `r` is line `r + 1`. Rows
//! may differ in width (a title line above the header is one field wide).
//! Quotes that only wrap whole fields (`"Brand | Atlas, US"`, see
//! `simple_quotes`) are indexed in place too: a delimiter inside them ends
//! no field, and the quotes are dropped as the field is read. Anything else
//! (any other quote, a `\r` in a row, a text over 4 GiB) is parsed by the
//! csv crate in [`super::csv_quoted`], which builds the same index
//! over the unquoted fields ([`Fields::from_records`]); a test compares the
//! two on thousands of generated texts.

use super::limits::MAX_SHEET_CELLS;
use crate::parallel;
use bytes::Bytes;
use std::ops::Range;

/// The fewest bytes worth indexing on a thread of their own.
const BYTES_PER_THREAD: usize = 4 << 20;

/// An indexed text: every row's fields as byte ranges of `text`.
#[derive(Debug, Clone)]
pub struct Fields {
    /// UTF-8 text (checked before indexing).
    text: Bytes,
    /// Where every field ends (at its delimiter or `\n`, or the text's end),
    /// row after row; each starts just after the one before.
    ends: Vec<u32>,
    /// The index in `ends` of each row's first field, then the number of
    /// fields: row `r` holds `ends[rows[r]..rows[r + 1]]`.
    rows: Vec<u32>,
    /// Whether no row has more fields than the first.
    no_row_wider_than_first: bool,
    /// Whether a `\r` ending a field is a line break's (the file's own
    /// text), not part of the field (a text of unquoted fields).
    drop_carriage_return: bool,
    /// Whether a field starting with a quote is a quoted one whose quotes
    /// are dropped as it is read (simple quotes, see `simple_quotes`).
    unquote: bool,
}

/// Why a text was not indexed in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unindexed {
    /// Its quotes (or line breaks, or encoding) need the csv crate.
    NeedsParser,
    /// It holds more than [`MAX_SHEET_CELLS`] fields.
    TooManyFields,
}

/// The fields of one part of the text, with the widest row's width.
struct Part {
    ends: Vec<u32>,
    /// Where each row's first field is in `ends` (no final entry).
    rows: Vec<u32>,
    widest: usize,
    /// Whether a row has started and not yet ended.
    in_row: bool,
}

impl Part {
    /// A field ends at `at`, and with it the row when `row_ends`.
    #[inline]
    fn stop(&mut self, at: u32, row_ends: bool) {
        if !self.in_row {
            self.rows.push(self.ends.len() as u32);
            self.in_row = true;
        }
        self.ends.push(at);
        if row_ends {
            let first = *self.rows.last().expect("a row started") as usize;
            self.widest = self.widest.max(self.ends.len() - first);
            self.in_row = false;
        }
    }
}

impl Fields {
    /// Indexes `text`, whose fields end at the ASCII `delimiter`, on up to
    /// `cores` threads; `None` when the csv crate must read it (see the
    /// module) or when it is not UTF-8.
    pub fn index(text: Bytes, delimiter: u8, cores: usize) -> Result<Fields, Unindexed> {
        let fits = u32::try_from(text.len()).is_ok();
        if !fits || !carriage_returns_end_rows(&text) || !delimiter.is_ascii() {
            return Err(Unindexed::NeedsParser);
        }
        let quoted = super::simple_quotes::spans(&text, delimiter).ok_or(Unindexed::NeedsParser)?;
        if std::str::from_utf8(&text).is_err() {
            return Err(Unindexed::NeedsParser);
        }
        let pieces = pieces(&text, cores);
        let parts = parallel::each(&pieces, |piece| {
            index_part(&text, piece.clone(), delimiter, &quoted)
        });
        // Each part stops just past the limit, so the index never holds
        // much more than it.
        if parts.iter().map(|p| p.ends.len()).sum::<usize>() > MAX_SHEET_CELLS {
            return Err(Unindexed::TooManyFields);
        }
        // The first row starts at field 0 and ends where the second starts.
        let width = parts.first().map_or(0, |part| match part.rows.get(1) {
            Some(second) => *second as usize,
            None => part.ends.len(),
        });
        let no_row_wider_than_first = parts.iter().all(|p| p.widest <= width);
        let mut parts = parts.into_iter();
        let Part {
            mut ends, mut rows, ..
        } = parts.next().unwrap_or(Part {
            ends: Vec::new(),
            rows: Vec::new(),
            widest: 0,
            in_row: false,
        });
        for part in parts {
            // At most MAX_SHEET_CELLS fields: the offsets fit in u32.
            let before = ends.len() as u32;
            rows.extend(part.rows.iter().map(|r| r + before));
            ends.extend_from_slice(&part.ends);
        }
        rows.push(ends.len() as u32);
        Ok(Fields {
            text,
            ends,
            rows,
            no_row_wider_than_first,
            drop_carriage_return: true,
            unquote: !quoted.is_empty(),
        })
    }

    /// Fields already split and unquoted: `text` holds every field followed
    /// by one ASCII byte, `ends` where each field ends (at that byte) and
    /// `rows` where each row starts in `ends`, then `ends.len()`. `None`
    /// when the text is over 4 GiB or not UTF-8.
    pub fn from_records(text: Vec<u8>, ends: Vec<u32>, rows: Vec<u32>) -> Option<Fields> {
        u32::try_from(text.len()).ok()?;
        std::str::from_utf8(&text).ok()?;
        debug_assert_eq!(rows.last().map(|r| *r as usize), Some(ends.len()));
        let width = |r: usize| (rows[r + 1] - rows[r]) as usize;
        let first = if rows.len() > 1 { width(0) } else { 0 };
        let no_row_wider_than_first = (0..rows.len() - 1).all(|r| width(r) <= first);
        Some(Fields {
            text: text.into(),
            ends,
            rows,
            no_row_wider_than_first,
            drop_carriage_return: false,
            unquote: false,
        })
    }

    /// The number of rows.
    pub fn height(&self) -> usize {
        self.rows.len() - 1
    }

    /// The number of fields in row `r` (0 past the last row).
    pub fn width(&self, r: usize) -> usize {
        match (self.rows.get(r), self.rows.get(r + 1)) {
            (Some(first), Some(next)) => (next - first) as usize,
            _ => 0,
        }
    }

    /// Whether no row has more fields than the first (the common case, in
    /// which no row can be wider than the header).
    pub fn no_row_wider_than_first(&self) -> bool {
        self.no_row_wider_than_first
    }

    /// The text of field `c` of row `r`; `None` past the row's last field.
    #[inline]
    pub fn get(&self, r: usize, c: usize) -> Option<&str> {
        let (first, next) = (*self.rows.get(r)? as usize, *self.rows.get(r + 1)? as usize);
        let i = first + c;
        if i >= next {
            return None;
        }
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1] as usize + 1,
        };
        let mut end = self.ends[i] as usize;
        // In the file's own text a `\r` only ever comes right before a `\n`
        // (see `index`).
        if self.drop_carriage_return && end > start && self.text[end - 1] == b'\r' {
            end -= 1;
        }
        let mut bytes = &self.text[start..end];
        if self.unquote && bytes.first() == Some(&b'"') {
            // Its closing quote ends it (see `simple_quotes`).
            bytes = &bytes[1..bytes.len() - 1];
        }
        debug_assert!(std::str::from_utf8(bytes).is_ok());
        // SAFETY: `index` and `from_records` checked that the whole text is
        // UTF-8, and every field starts at the text's start or just after an
        // ASCII byte (the delimiter, `\n` or the byte after a field) and ends
        // at the text's end or at an ASCII byte (the delimiter, `\r`, `\n` or
        // the byte after a field): at character boundaries, so the field is
        // UTF-8 too. Checking each field again cost a quarter of
        // the time spent reading a survey export.
        Some(unsafe { std::str::from_utf8_unchecked(bytes) })
    }
}

/// `byte` in each of a word's eight bytes.
const fn repeat(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// The top bit set in each byte of `word` that is zero, and no other bit
/// (the exact form of the zero-byte test, which borrows nothing).
#[inline]
fn zero_bytes(word: u64) -> u64 {
    const LOW_SEVEN: u64 = repeat(0x7F);
    !(((word & LOW_SEVEN) + LOW_SEVEN) | word | LOW_SEVEN)
}

/// Whether every `\r` is directly followed by `\n`.
fn carriage_returns_end_rows(text: &[u8]) -> bool {
    memchr::memchr_iter(b'\r', text).all(|i| text.get(i + 1) == Some(&b'\n'))
}

/// `text` cut after a `\n` into about `cores` pieces of at least
/// [`BYTES_PER_THREAD`] (one piece for a small text).
pub(super) fn pieces(text: &[u8], cores: usize) -> Vec<Range<usize>> {
    let count = (text.len() / BYTES_PER_THREAD).clamp(1, cores.max(1));
    let mut pieces = Vec::with_capacity(count);
    let mut start = 0;
    for i in 1..count {
        let aim = (text.len() * i / count).max(start);
        let Some(newline) = memchr::memchr(b'\n', &text[aim..]) else {
            break;
        };
        pieces.push(start..aim + newline + 1);
        start = aim + newline + 1;
    }
    pieces.push(start..text.len());
    pieces
}

/// The fields of the rows in `piece`, which starts at a row's start and ends
/// after a `\n` or at the end of the text.
fn index_part(text: &[u8], piece: Range<usize>, delimiter: u8, quoted: &[(u32, u32)]) -> Part {
    let bytes = &text[piece.clone()];
    // A delimiter inside a quoted field does not end it: the quoted fields
    // from the first that closes in the piece on.
    let mut quoted =
        &quoted[quoted.partition_point(|(_, close)| (*close as usize) < piece.start)..];
    let mut inside = |at: u32| {
        while let Some(((_, close), rest)) = quoted.split_first()
            && *close < at
        {
            quoted = rest;
        }
        quoted.first().is_some_and(|(open, _)| *open < at)
    };
    let mut part = Part {
        ends: Vec::with_capacity(bytes.len() / 8),
        rows: Vec::with_capacity(bytes.len() / 32),
        widest: 0,
        in_row: false,
    };
    // Offsets fit in u32: the whole text does.
    let at = |i: usize| (piece.start + i) as u32;
    // Eight bytes at a time: the top bit of each byte that ends a field.
    let (delimiters, newlines) = (repeat(delimiter), repeat(b'\n'));
    let mut words = bytes.chunks_exact(8);
    let mut base = 0;
    for word in &mut words {
        if part.ends.len() > MAX_SHEET_CELLS {
            // Over the limit: `index` refuses the text.
            return part;
        }
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let ends_row = zero_bytes(word ^ newlines);
        let mut ends = zero_bytes(word ^ delimiters) | ends_row;
        while ends != 0 {
            let bit = ends.trailing_zeros();
            ends &= ends - 1;
            let stop = at(base + bit as usize / 8);
            if !inside(stop) {
                part.stop(stop, ends_row >> bit & 1 == 1);
            }
        }
        base += 8;
    }
    for (i, b) in words.remainder().iter().enumerate() {
        if (*b == delimiter || *b == b'\n') && !inside(at(base + i)) {
            part.stop(at(base + i), *b == b'\n');
        }
    }
    // The last row, when the text does not end with a line break.
    let after_last_stop = part.ends.last().map_or(0, |end| *end as usize + 1);
    if part.in_row || after_last_stop.max(piece.start) < piece.end {
        part.stop(at(bytes.len()), true);
    }
    part
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, delimiter: u8, cores: usize) -> Option<Vec<Vec<String>>> {
        let fields =
            Fields::index(Bytes::copy_from_slice(text.as_bytes()), delimiter, cores).ok()?;
        Some(
            (0..fields.height())
                .map(|r| {
                    (0..fields.width(0).max(fields.width(r)))
                        .map(|c| fields.get(r, c).unwrap_or("-").to_string())
                        .collect()
                })
                .collect(),
        )
    }

    #[test]
    fn indexes_rows_and_fields() {
        let expect = |rows: &[&[&str]]| {
            Some(
                rows.iter()
                    .map(|r| r.iter().map(|f| f.to_string()).collect::<Vec<_>>())
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            rows("a,b\n1,2\n", b',', 1),
            expect(&[&["a", "b"], &["1", "2"]])
        );
        assert_eq!(
            rows("a;b\r\n1\r\n", b';', 1),
            expect(&[&["a", "b"], &["1", "-"]])
        );
        assert_eq!(
            rows("a|b\n\n1|", b'|', 1),
            expect(&[&["a", "b"], &["", "-"], &["1", ""]])
        );
        assert_eq!(rows("", b',', 1), Some(vec![]));
        assert_eq!(rows("\n", b',', 1), expect(&[&[""]]));
    }

    #[test]
    fn leaves_quotes_inside_values_and_stray_carriage_returns_to_the_csv_reader() {
        assert_eq!(
            rows("a,\"b\"\n", b',', 1),
            Some(vec![vec!["a".to_string(), "b".to_string()]])
        );
        assert_eq!(rows("a,\"b \"\"c\"\"\"\n", b',', 1), None);
        assert_eq!(rows("a,b\r1,2\n", b',', 1), None);
        assert_eq!(rows("a,b\n1,2\r", b',', 1), None);
    }

    #[test]
    fn rows_may_differ_in_width() {
        let text = "Title\n\nLine,Quarter\nAtlas,2025-Q1,7\n";
        let fields = Fields::index(Bytes::copy_from_slice(text.as_bytes()), b',', 1).unwrap();
        let widths: Vec<usize> = (0..=fields.height()).map(|r| fields.width(r)).collect();
        assert_eq!(widths, [1, 1, 2, 3, 0]);
        assert_eq!(fields.get(3, 2), Some("7"));
        assert_eq!(fields.get(2, 2), None);
        assert!(!fields.no_row_wider_than_first());
        let even = Fields::index(Bytes::from_static(b"a,b\n1\n"), b',', 1).unwrap();
        assert!(even.no_row_wider_than_first());
    }

    #[test]
    fn pieces_end_at_line_breaks_and_index_the_same_apart() {
        let text: String = (0..2000).map(|i| format!("line {i},{}\n", i * 7)).collect();
        let text = text.repeat(500);
        for piece in pieces(text.as_bytes(), 3) {
            assert!(piece.start == 0 || text.as_bytes()[piece.start - 1] == b'\n');
        }
        assert_eq!(pieces(text.as_bytes(), 3).len(), 3);
        assert_eq!(rows(&text, b',', 3), rows(&text, b',', 1));
    }
}
