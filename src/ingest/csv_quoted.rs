//! Delimited text with quotes, parsed by the csv crate (quotes, doubled
//! quotes, delimiters and line breaks inside quotes) into the same index
//! as the in-place one ([`Fields`]): row `r` is the record starting on
//! line `r + 1`, and blank lines, and the lines a quoted line break runs on
//! to, are rows of one empty field.
//!
//! A large text is cut at line breaks into pieces parsed on several
//! threads, each as if it started a record. That holds when every piece
//! but the last ends outside quotes (by induction from the first, which
//! starts the file); when a quoted line break spans a cut, the text is
//! parsed again in one piece, so the pieces never change what is read.

use super::csv_shape::{QuoteEnd, quote_end};
use super::fields::{self, Fields};
use super::limits::{self, MAX_SHEET_CELLS};
use super::{IngestError, InputFile};
use std::ops::Range;

/// The longest quoted text (with room for the unquoted fields' ends) that
/// the index's 32-bit offsets can hold.
pub(super) const MAX_QUOTED_TEXT: usize = (u32::MAX / 2) as usize;

/// Parses `text`, the UTF-8 text of `file`, on the machine's cores.
pub(super) fn parse(file: &InputFile, text: &[u8], separator: u8) -> Result<Fields, IngestError> {
    let pieces = fields::pieces(text, crate::parallel::cores());
    parse_in(file, text, separator, &pieces)
}

/// Parses `text` in `pieces` (which cut it after line breaks), or in one
/// piece when a quoted value runs across a cut.
fn parse_in(
    file: &InputFile,
    text: &[u8],
    separator: u8,
    pieces: &[Range<usize>],
) -> Result<Fields, IngestError> {
    let too_large = || IngestError::TooLarge {
        path: file.display.clone(),
        message: format!(
            "a quoted text file over {} MiB is more than linecard reads; split it, or export it without quotes",
            MAX_QUOTED_TEXT >> 20
        ),
    };
    if text.len() > MAX_QUOTED_TEXT {
        return Err(too_large());
    }
    let ends = crate::parallel::each(pieces, |piece| quote_end(&text[piece.clone()], separator));
    let all = 0..text.len();
    let whole = std::slice::from_ref(&all);
    let (pieces, ends) = match ends[..ends.len().saturating_sub(1)]
        .iter()
        .all(|end| matches!(end, QuoteEnd::Closed))
    {
        true => (pieces, ends),
        false => (whole, vec![quote_end(text, separator)]),
    };
    if let (Some(last), Some(QuoteEnd::Open { line, opening })) = (pieces.last(), ends.last()) {
        let lines_before = memchr::memchr_iter(b'\n', &text[..last.start]).count();
        return Err(IngestError::UnclosedQuote {
            path: file.display.clone(),
            line: lines_before + line,
            opening: opening.clone(),
        });
    }
    let parts = crate::parallel::each(pieces, |piece| {
        let last = piece.end == text.len();
        read_piece(&text[piece.clone()], separator, last)
    });
    let refused = |refusal| match refusal {
        Refused::Csv(message) => csv_error(file, message),
        Refused::TooManyFields => limits::too_many_fields(file),
    };
    let mut parts = parts.into_iter();
    let mut whole = match parts.next() {
        Some(first) => first.map_err(refused)?,
        None => Part::default(),
    };
    for part in parts {
        let part = part.map_err(refused)?;
        if whole.ends.len() + part.ends.len() > MAX_SHEET_CELLS {
            return Err(limits::too_many_fields(file));
        }
        // Offsets fit in u32: the text is at most MAX_QUOTED_TEXT bytes,
        // and the buffer holds its fields (never longer than their quoted
        // form) plus one byte per field, which ends in the text too.
        let (buffer_before, ends_before) = (whole.buffer.len() as u32, whole.ends.len() as u32);
        whole.rows.extend(part.rows.iter().map(|r| r + ends_before));
        whole
            .ends
            .extend(part.ends.iter().map(|e| e + buffer_before));
        whole.buffer.extend_from_slice(&part.buffer);
    }
    whole.rows.push(whole.ends.len() as u32);
    Fields::from_records(whole.buffer, whole.ends, whole.rows).ok_or_else(too_large)
}

fn csv_error(file: &InputFile, message: String) -> IngestError {
    IngestError::Csv {
        path: file.display.clone(),
        message,
    }
}

/// Why a piece was not read.
enum Refused {
    /// The csv crate's message.
    Csv(String),
    /// More fields than [`MAX_SHEET_CELLS`].
    TooManyFields,
}

/// The fields of one piece: every field followed by `\n` in `buffer`,
/// where each ends in `ends`, and where each row (each line) starts in
/// `ends`, all counted from the piece's start.
#[derive(Default)]
struct Part {
    buffer: Vec<u8>,
    ends: Vec<u32>,
    rows: Vec<u32>,
}

impl Part {
    fn blank_row(&mut self) {
        self.rows.push(self.ends.len() as u32);
        self.ends.push(self.buffer.len() as u32);
        self.buffer.push(b'\n');
    }
}

/// Reads `text`, a piece that starts a line outside quotes, into a part
/// with a row for each of its lines; `last` when it ends the file (which
/// may end without a line break).
fn read_piece(text: &[u8], separator: u8, last: bool) -> Result<Part, Refused> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text);
    let mut part = Part {
        buffer: Vec::with_capacity(text.len() + text.len() / 8),
        ends: Vec::with_capacity(text.len() / 8),
        rows: Vec::with_capacity(text.len() / 32),
    };
    let mut record = ::csv::ByteRecord::new();
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| Refused::Csv(e.to_string()))?
    {
        if part.ends.len() > MAX_SHEET_CELLS {
            return Err(Refused::TooManyFields);
        }
        // The record's first line: the line its end is on, less the line
        // breaks inside its quoted fields.
        let end = reader.position();
        let at = end.byte() as usize;
        let ended_by_newline = at > 0 && text[at - 1] == b'\n';
        let last_line = end.line() as usize - usize::from(ended_by_newline);
        let first_line =
            last_line.saturating_sub(memchr::memchr_iter(b'\n', record.as_slice()).count());
        while part.rows.len() + 1 < first_line {
            part.blank_row();
        }
        part.rows.push(part.ends.len() as u32);
        for field in record.iter() {
            part.buffer.extend_from_slice(field);
            part.ends.push(part.buffer.len() as u32);
            part.buffer.push(b'\n');
        }
    }
    // Blank lines at the end are rows too, as the index reads them.
    let lines = memchr::memchr_iter(b'\n', text).count()
        + usize::from(last && !text.is_empty() && !text.ends_with(b"\n"));
    while part.rows.len() < lines {
        part.blank_row();
    }
    Ok(part)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn file(text: &str) -> InputFile {
        InputFile {
            display: "k.csv".into(),
            bytes: Bytes::copy_from_slice(text.as_bytes()),
        }
    }

    /// Each row's fields as text.
    fn rows(fields: &Fields) -> Vec<Vec<String>> {
        (0..fields.height())
            .map(|r| {
                (0..fields.width(r))
                    .map(|c| fields.get(r, c).unwrap_or_default().to_string())
                    .collect()
            })
            .collect()
    }

    /// `text` cut after each of its line breaks listed in `after` (the
    /// 1-based lines the pieces end on).
    fn cut(text: &str, after: &[usize]) -> Vec<Range<usize>> {
        let breaks: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
        let mut starts = vec![0];
        starts.extend(after.iter().map(|line| breaks[line - 1] + 1));
        let mut pieces: Vec<Range<usize>> = starts.windows(2).map(|w| w[0]..w[1]).collect();
        pieces.push(*starts.last().unwrap()..text.len());
        pieces
    }

    const TEXT: &str = "Campaign,Spend\n\"Brand | Atlas, US\",12.5\n\n\"say \"\"hi\"\"\",3\nplain,4\n\"Brand | Cobalt, EU\",7\n";

    #[test]
    fn pieces_read_as_the_whole_does() {
        let whole = parse_in(&file(TEXT), TEXT.as_bytes(), b',', &cut(TEXT, &[])).unwrap();
        for after in [&[1][..], &[2, 3], &[1, 2, 3, 4, 5]] {
            let pieces = cut(TEXT, after);
            let apart = parse_in(&file(TEXT), TEXT.as_bytes(), b',', &pieces).unwrap();
            assert_eq!(rows(&apart), rows(&whole), "cut after {after:?}");
        }
        assert_eq!(rows(&whole)[1], ["Brand | Atlas, US", "12.5"]);
        assert_eq!(rows(&whole)[2], [""]);
        assert_eq!(rows(&whole)[3], ["say \"hi\"", "3"]);
    }

    #[test]
    fn a_quoted_line_break_across_a_cut_is_read_in_one_piece() {
        let text = "Line,Note\nAtlas,\"two\nlines\"\nBeacon,x\n";
        // Cut inside the quoted value, after "two".
        let pieces = cut(text, &[2]);
        let fields = parse_in(&file(text), text.as_bytes(), b',', &pieces).unwrap();
        assert_eq!(rows(&fields)[1], ["Atlas", "two\nlines"]);
        assert_eq!(rows(&fields)[2], [""]);
        assert_eq!(rows(&fields)[3], ["Beacon", "x"]);
    }

    #[test]
    fn an_unclosed_quote_in_a_later_piece_names_its_line_in_the_file() {
        let text = "Line,CAC\nAtlas,4000\nBeacon,4100\nCedar,\"4,200\nDrift,10\n";
        let error = parse_in(&file(text), text.as_bytes(), b',', &cut(text, &[2])).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("k.csv, line 4: the quote opening \"4,200 is never closed"),
            "{error}"
        );
    }
}
