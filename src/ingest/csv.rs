//! Delimited text files, read into a grid of text cells.
//!
//! Every field is read as text (no type inference) so that the frame stage
//! interprets "85%", "1,250" or "n/a" the same way whatever the file format.
//! A file without quotes is indexed in place ([`Fields`]); any other is
//! parsed by polars, which reads it the same way (see the tests).

use super::fields::Fields;
use super::{Grid, IngestError, InputFile, TextColumn};
use bytes::Bytes;
use encoding_rs::{Encoding, UTF_8};
use polars::prelude::*;
use std::borrow::Cow;
use std::io::Cursor;

/// The delimiters linecard recognises, in order of preference on a tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

pub fn read(file: &InputFile, encoding: Option<&'static Encoding>) -> Result<Grid, IngestError> {
    let text = decode(file, encoding)?;
    let separator = sniff_delimiter(&text);
    match Fields::index(text.clone(), separator, crate::parallel::cores()) {
        Some(fields) => Ok(Grid::from_fields(file.display.clone(), fields)),
        None => parse(file, &text, separator),
    }
}

/// Parses `bytes`, the UTF-8 text of `file`, with polars.
fn parse(file: &InputFile, bytes: &[u8], separator: u8) -> Result<Grid, IngestError> {
    let fail = |message: String| IngestError::Csv {
        path: file.display.clone(),
        message,
    };
    let parse = CsvParseOptions::default()
        .with_separator(separator)
        .with_missing_is_null(true);
    let df = CsvReadOptions::default()
        .with_has_header(false)
        .with_infer_schema_length(Some(0))
        .with_raise_if_empty(false)
        .with_parse_options(parse)
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()
        .map_err(|e| fail(e.to_string()))?;

    let height = df.height();
    let columns = df
        .columns()
        .iter()
        .map(|column| column.str().map(TextColumn::new))
        .collect::<PolarsResult<Vec<_>>>()
        .map_err(|e| fail(e.to_string()))?;
    Ok(Grid::from_text_columns(
        file.display.clone(),
        height,
        columns,
    ))
}

/// The file's text as UTF-8: decoded from `encoding` when given (or from
/// UTF-16 when the file starts with its byte-order mark, as Excel's "Unicode
/// text" does), else checked to be UTF-8 (and shared, not copied), with any
/// byte-order mark dropped.
fn decode(file: &InputFile, encoding: Option<&'static Encoding>) -> Result<Bytes, IngestError> {
    let bytes = file.bytes.as_ref();
    let utf16 = Encoding::for_bom(bytes).filter(|(e, _)| *e != UTF_8);
    if let Some(encoding) = utf16.map(|(e, _)| e).or(encoding) {
        let (text, _, _) = encoding.decode(bytes);
        return Ok(match text {
            // The text as it is in the file (less any byte-order mark).
            Cow::Borrowed(t) => file
                .bytes
                .slice_ref(t.trim_start_matches('\u{feff}').as_bytes()),
            Cow::Owned(mut t) => {
                t.drain(..t.len() - t.trim_start_matches('\u{feff}').len());
                Bytes::from(t.into_bytes())
            }
        });
    }
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let bom = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    let bytes = &bytes[bom..];
    match std::str::from_utf8(bytes) {
        Ok(_) => Ok(file.bytes.slice(bom..)),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let before = std::str::from_utf8(&valid[line_start..]).unwrap_or_default();
            Err(IngestError::NotUtf8 {
                path: file.display.clone(),
                byte: bytes[e.valid_up_to()],
                line: valid.iter().filter(|b| **b == b'\n').count() + 1,
                column: before.chars().count() + 1,
            })
        }
    }
}

/// The encoding a `--encoding` label names (`utf-8`, `windows-1252`,
/// `latin1`, `iso-8859-15`, `utf-16le`, `shift_jis`, ...).
pub fn encoding_for(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Picks the delimiter that occurs most often, outside quotes, in the first
/// non-empty line.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let line = bytes
        .split(|b| *b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace))
        .unwrap_or(&[]);
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for b in line {
        if *b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = DELIMITERS.iter().position(|d| d == b) {
            counts[i] += 1;
        }
    }
    let best = (0..DELIMITERS.len())
        .max_by_key(|i| (counts[*i], std::cmp::Reverse(*i)))
        .unwrap_or(0);
    DELIMITERS[best]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::CellRef;

    #[test]
    fn sniffs_the_delimiter_from_the_header_line() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3"), b',');
        assert_eq!(sniff_delimiter(b"a;b;\"x,y\"\n"), b';');
        assert_eq!(sniff_delimiter(b"\n\na\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c"), b'|');
        assert_eq!(sniff_delimiter(b"single"), b',');
    }

    #[test]
    fn reads_every_field_as_text_with_a_bom() {
        let file = InputFile {
            display: "x.csv".into(),
            bytes: Bytes::from_static(b"\xEF\xBB\xBFLine;NPS\nAtlas;31,5\nBeacon;\n"),
        };
        let grid = read(&file, None).unwrap();
        assert_eq!(grid.height(), 3);
        let header: Vec<CellRef> = grid.row(0).collect();
        assert_eq!(header, [CellRef::Text("Line"), CellRef::Text("NPS")]);
        assert_eq!(grid.cell(1, 1), CellRef::Text("31,5"));
        assert_eq!(grid.cell(2, 1), CellRef::Empty);
        assert!(!grid.row_is_empty(2));
        assert_eq!(grid.cell(9, 9), CellRef::Empty);
    }

    #[test]
    fn decodes_latin1_when_told_and_refuses_it_otherwise() {
        let file = InputFile {
            display: "x.csv".into(),
            bytes: Bytes::from_static(b"Line,Owner\nZ\xfcrich,Jos\xe9\n"),
        };
        assert_eq!(
            read(&file, None).unwrap_err().to_string(),
            "x.csv: the text is not UTF-8 (the first byte that is not, 0xFC, is on line 2, column 2); pass --encoding windows-1252 (or the encoding it was saved in), or save it from your spreadsheet as \"CSV UTF-8\""
        );
        let grid = read(&file, encoding_for("latin1")).unwrap();
        assert_eq!(grid.cell(1, 0), CellRef::Text("Zürich"));
        assert_eq!(grid.cell(1, 1), CellRef::Text("José"));
    }

    #[test]
    fn a_byte_order_mark_wins_over_the_encoding_given() {
        let file = InputFile {
            display: "x.csv".into(),
            bytes: Bytes::from_static(b"\xEF\xBB\xBFLine,Owner\nAtlas,Jos\xC3\xA9\n"),
        };
        let grid = read(&file, encoding_for("latin1")).unwrap();
        assert_eq!(grid.cell(0, 0), CellRef::Text("Line"));
        assert_eq!(grid.cell(1, 1), CellRef::Text("José"));
    }

    #[test]
    fn reads_utf16_with_a_byte_order_mark() {
        let text = "\u{feff}Line\tNPS\nAtlas\t31\n";
        let bytes = text
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>()
            .into();
        let file = InputFile {
            display: "x.txt".into(),
            bytes,
        };
        let grid = read(&file, None).unwrap();
        assert_eq!(grid.cell(0, 0), CellRef::Text("Line"));
        assert_eq!(grid.cell(1, 1), CellRef::Text("31"));
    }

    /// Every cell of a grid, row by row, one column past its width.
    fn cells(grid: &Grid) -> Vec<Vec<CellRef<'_>>> {
        (0..grid.height())
            .map(|r| (0..=grid.width(r)).map(|c| grid.cell(r, c)).collect())
            .collect()
    }

    #[test]
    fn the_index_reads_every_unquoted_text_as_polars_does() {
        // Texts built from the bytes that matter to a CSV reader, and the
        // cases the index leaves to polars (quotes, stray \r, ragged rows).
        const PIECES: [&str; 14] = [
            "a", "7", " ", ",", ",", ";", "\t", "|", "\n", "\n", "\r\n", "\r", "\"", "é",
        ];
        let mut seed: u64 = 1;
        let mut next = |below: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % below
        };
        let mut indexed = 0;
        for _ in 0..20_000 {
            let text: String = (0..next(40)).map(|_| PIECES[next(PIECES.len())]).collect();
            let bytes = Bytes::from(text.clone().into_bytes());
            let separator = sniff_delimiter(&bytes);
            let Some(fields) = Fields::index(bytes.clone(), separator, 1) else {
                continue;
            };
            indexed += 1;
            let file = InputFile {
                display: "x.csv".into(),
                bytes: bytes.clone(),
            };
            let by_polars = parse(&file, &bytes, separator).expect("polars reads it");
            let by_index = Grid::from_fields("x.csv".into(), fields);
            assert_eq!(by_index.height(), by_polars.height(), "{text:?}");
            assert_eq!(cells(&by_index), cells(&by_polars), "{text:?}");
        }
        assert!(indexed > 2_000, "only {indexed} texts took the index");
    }

    #[test]
    fn a_large_text_is_indexed_on_several_threads_as_polars_reads_it() {
        let text: String = (0..200_000)
            .map(|i| match i % 1000 {
                999 => "\r\n".to_string(),
                7 => format!("Atlas;{i}\r\n"),
                _ => format!("Beacon CRM;{i};{}\r\n", i % 11),
            })
            .collect();
        let bytes = Bytes::from(text.into_bytes());
        let file = InputFile {
            display: "x.csv".into(),
            bytes: bytes.clone(),
        };
        let fields = Fields::index(bytes.clone(), b';', 4).expect("indexed");
        let by_index = Grid::from_fields("x.csv".into(), fields);
        let by_polars = parse(&file, &bytes, b';').expect("polars reads it");
        assert_eq!(by_index.height(), 200_000);
        assert_eq!(cells(&by_index), cells(&by_polars));
    }
}
