//! Delimited text files, parsed by polars into a grid of text cells.
//!
//! Every field is read as text (no type inference) so that the frame stage
//! interprets "85%", "1,250" or "n/a" the same way whatever the file format.

use super::{Grid, IngestError, InputFile, TextColumn};
use encoding_rs::{Encoding, UTF_8};
use polars::prelude::*;
use std::borrow::Cow;
use std::io::Cursor;

/// The delimiters linecard recognises, in order of preference on a tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

pub fn read(file: &InputFile, encoding: Option<&'static Encoding>) -> Result<Grid, IngestError> {
    let fail = |message: String| IngestError::Csv {
        path: file.display.clone(),
        message,
    };
    let text = decode(file, encoding)?;
    let bytes: &[u8] = &text;
    let separator = sniff_delimiter(bytes);
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
/// text" does), else checked to be UTF-8, with any byte-order mark dropped.
fn decode<'a>(
    file: &'a InputFile,
    encoding: Option<&'static Encoding>,
) -> Result<Cow<'a, [u8]>, IngestError> {
    let bytes = file.bytes.as_slice();
    let utf16 = Encoding::for_bom(bytes).filter(|(e, _)| *e != UTF_8);
    if let Some(encoding) = utf16.map(|(e, _)| e).or(encoding) {
        let (text, _, _) = encoding.decode(bytes);
        return Ok(match text {
            Cow::Borrowed(t) => Cow::Borrowed(t.strip_prefix('\u{feff}').unwrap_or(t).as_bytes()),
            Cow::Owned(t) => Cow::Owned(t.trim_start_matches('\u{feff}').as_bytes().to_vec()),
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(_) => Ok(Cow::Borrowed(bytes)),
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
            bytes: b"\xEF\xBB\xBFLine;NPS\nAtlas;31,5\nBeacon;\n".to_vec(),
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
            bytes: b"Line,Owner\nZ\xfcrich,Jos\xe9\n".to_vec(),
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
    fn reads_utf16_with_a_byte_order_mark() {
        let text = "\u{feff}Line\tNPS\nAtlas\t31\n";
        let bytes = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let file = InputFile {
            display: "x.txt".into(),
            bytes,
        };
        let grid = read(&file, None).unwrap();
        assert_eq!(grid.cell(0, 0), CellRef::Text("Line"));
        assert_eq!(grid.cell(1, 1), CellRef::Text("31"));
    }
}
