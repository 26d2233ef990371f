//! Delimited text files, parsed by polars into a grid of text cells.
//!
//! Every field is read as text (no type inference) so that the frame stage
//! interprets "85%", "1,250" or "n/a" the same way whatever the file format.

use super::{Cell, Grid, IngestError, InputFile};
use polars::prelude::*;
use std::io::Cursor;

/// The delimiters linecard recognises, in order of preference on a tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

pub fn read(file: &InputFile) -> Result<Grid, IngestError> {
    let bytes = file
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&file.bytes);
    let fail = |message: String| IngestError::Csv {
        path: file.display.clone(),
        message,
    };
    if std::str::from_utf8(bytes).is_err() {
        return Err(fail(
            "the text is not UTF-8; save it from your spreadsheet as \"CSV UTF-8\"".into(),
        ));
    }
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
    let mut rows: Vec<Vec<Cell>> = (0..height)
        .map(|_| Vec::with_capacity(df.width()))
        .collect();
    for column in df.columns() {
        let text = column.str().map_err(|e| fail(e.to_string()))?;
        for (row, value) in rows.iter_mut().zip(text.iter()) {
            row.push(match value {
                Some(v) if !v.trim().is_empty() => Cell::Text(v.to_string()),
                _ => Cell::Empty,
            });
        }
    }
    Ok(Grid {
        file: file.display.clone(),
        sheet: None,
        first_row: 1,
        first_column: 0,
        rows,
    })
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
        let grid = read(&file).unwrap();
        assert_eq!(grid.rows.len(), 3);
        assert_eq!(
            grid.rows[0],
            vec![Cell::Text("Line".into()), Cell::Text("NPS".into())]
        );
        assert_eq!(grid.rows[1][1], Cell::Text("31,5".into()));
        assert_eq!(grid.rows[2][1], Cell::Empty);
    }
}
