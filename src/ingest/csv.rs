//! Delimited text files, read into a grid of text cells.
//!
//! Every field is read as text (no type inference) so that the frame stage
//! interprets "85%", "1,250" or "n/a" the same way whatever the file format.
//! A file without quotes, or whose quotes only wrap whole fields
//! (`"Brand | Atlas, US"`, see `simple_quotes`), is indexed in place
//! ([`Fields::index`]); any other is parsed by the csv crate, which reads it the same way (see the tests),
//! into the same index. Rows may differ in width: titles and notes above the
//! header are narrower, and the frame stage finds the header among them. A
//! row below the table's first row that is wider than it, and a quote that
//! is never closed, are errors naming the line.

use super::csv_quoted::parse;
use super::csv_shape::{check_columns, check_widths};
use super::fields::{Fields, Unindexed};
use super::limits;
use super::wide_text;
use super::{Grid, IngestError, InputFile};
use bytes::Bytes;
use encoding_rs::{Encoding, UTF_8};
use std::borrow::Cow;

/// The delimiters linecard recognises, in order of preference on a tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

pub fn read(file: &InputFile, encoding: Option<&'static Encoding>) -> Result<Grid, IngestError> {
    let text = decode(file, encoding)?;
    let separator = sniff_delimiter(&text);
    let fields = match Fields::index(text.clone(), separator, crate::parallel::cores()) {
        Ok(fields) => fields,
        Err(Unindexed::NeedsParser) => parse(file, &text, separator)?,
        Err(Unindexed::TooManyFields) => return Err(limits::too_many_fields(file)),
    };
    check_columns(file, &fields)?;
    check_widths(file, &fields, separator)?;
    Ok(Grid::from_fields(file.display.clone(), fields, separator))
}

/// The file's text as UTF-8: decoded from `encoding` when given (or from
/// UTF-16 when the file starts with its byte-order mark, as Excel's "Unicode
/// text" does), else checked to be UTF-8 (and shared, not copied), with any
/// byte-order mark dropped.
fn decode(file: &InputFile, encoding: Option<&'static Encoding>) -> Result<Bytes, IngestError> {
    let bytes = file.bytes.as_ref();
    if encoding.is_none()
        && let Some(wide) = wide_text::detect(bytes)
    {
        return Err(IngestError::WideText {
            path: file.display.clone(),
            encoding: wide.name(),
            advice: wide.advice(),
        });
    }
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

    /// A seeded stream of numbers below a bound, for generated texts.
    fn numbers(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |below| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % below
        }
    }
    use crate::ingest::CellRef;
    use crate::ingest::cell::text_cell;

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
    fn the_index_reads_every_unquoted_text_as_the_csv_reader_does() {
        // Texts built from the bytes that matter to a CSV reader, and the
        // cases the index leaves to the csv crate (quotes, stray \r).
        const PIECES: [&str; 14] = [
            "a", "7", " ", ",", ",", ";", "\t", "|", "\n", "\n", "\r\n", "\r", "\"", "é",
        ];
        let mut next = numbers(1);
        let mut indexed = 0;
        for _ in 0..20_000 {
            let text: String = (0..next(40)).map(|_| PIECES[next(PIECES.len())]).collect();
            let bytes = Bytes::from(text.clone().into_bytes());
            let separator = sniff_delimiter(&bytes);
            let Ok(fields) = Fields::index(bytes.clone(), separator, 1) else {
                continue;
            };
            indexed += 1;
            let file = InputFile {
                display: "x.csv".into(),
                bytes: bytes.clone(),
            };
            let by_csv = parse(&file, &bytes, separator).expect("the csv crate reads it");
            let by_csv = Grid::from_fields("x.csv".into(), by_csv, b',');
            let by_index = Grid::from_fields("x.csv".into(), fields, b',');
            assert_eq!(by_index.height(), by_csv.height(), "{text:?}");
            assert_eq!(cells(&by_index), cells(&by_csv), "{text:?}");
        }
        assert!(indexed > 2_000, "only {indexed} texts took the index");
    }

    #[test]
    fn quoted_values_read_back_exactly_on_the_line_they_start() {
        // Tables of values holding delimiters, quotes and line breaks,
        // written as a spreadsheet writes CSV, read back value for value;
        // each record is the row of the line it starts on.
        const PIECES: [&str; 10] = ["a", "7", " ", ",", ";", "\"", "\n", "\r\n", "é", "x y"];
        let mut next = numbers(7);
        let mut in_place = 0;
        for _ in 0..3_000 {
            let width = 1 + next(4);
            let rows: Vec<Vec<String>> = (0..1 + next(5))
                .map(|_| {
                    (0..width)
                        .map(|_| (0..next(4)).map(|_| PIECES[next(PIECES.len())]).collect())
                        .collect()
                })
                .collect();
            let mut text = String::new();
            let mut lines = Vec::new();
            for row in &rows {
                lines.push(text.matches('\n').count());
                let fields: Vec<String> = row
                    .iter()
                    .map(
                        |f| match f.contains([',', ';', '"', '\n', '\r']) || f.is_empty() {
                            true => format!("\"{}\"", f.replace('"', "\"\"")),
                            false => f.clone(),
                        },
                    )
                    .collect();
                text.push_str(&fields.join(","));
                text.push_str(if next(2) == 0 { "\n" } else { "\r\n" });
            }
            let file = InputFile {
                display: "x.csv".into(),
                bytes: Bytes::from(text.clone().into_bytes()),
            };
            let fields =
                parse(&file, &file.bytes, b',').unwrap_or_else(|e| panic!("{text:?}: {e}"));
            let mut grids = vec![Grid::from_fields("x.csv".into(), fields, b',')];
            // Quotes around whole fields only: indexed in place as well.
            if let Ok(fields) = Fields::index(file.bytes.clone(), b',', 1 + next(3)) {
                grids.push(Grid::from_fields("x.csv".into(), fields, b','));
                in_place += 1;
            }
            for grid in &grids {
                for (row, at) in rows.iter().zip(&lines) {
                    let read: Vec<CellRef> = grid.row(*at).collect();
                    let want: Vec<CellRef> = row.iter().map(|f| text_cell(f)).collect();
                    assert_eq!(read, want, "{text:?}");
                }
            }
        }
        assert!(in_place > 300, "{in_place} texts indexed in place");
    }

    #[test]
    fn a_large_text_is_indexed_on_several_threads_as_the_csv_reader_reads_it() {
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
        let by_index = Grid::from_fields("x.csv".into(), fields, b',');
        let by_csv = parse(&file, &bytes, b';').expect("the csv crate reads it");
        let by_csv = Grid::from_fields("x.csv".into(), by_csv, b',');
        assert_eq!(by_index.height(), 200_000);
        assert_eq!(cells(&by_index), cells(&by_csv));
    }

    #[test]
    fn a_large_text_quoting_whole_fields_is_indexed_in_place_as_the_csv_reader_reads_it() {
        let text: String = (0..200_000)
            .map(|i| match i % 1000 {
                999 => "\r\n".to_string(),
                7 => format!("\"Atlas; EU\";{i}\r\n"),
                8 => format!("\"\";\"{i}\"\r\n"),
                _ => format!("Beacon CRM;\"{i};{}\";x\r\n", i % 11),
            })
            .collect();
        let bytes = Bytes::from(text.into_bytes());
        let file = InputFile {
            display: "x.csv".into(),
            bytes: bytes.clone(),
        };
        let fields = Fields::index(bytes.clone(), b';', 4).expect("indexed in place");
        let by_index = Grid::from_fields("x.csv".into(), fields, b',');
        let by_csv = parse(&file, &bytes, b';').expect("the csv crate reads it");
        let by_csv = Grid::from_fields("x.csv".into(), by_csv, b',');
        assert_eq!(by_index.height(), 200_000);
        assert_eq!(by_index.cell(7, 0), CellRef::Text("Atlas; EU"));
        assert_eq!(by_index.cell(8, 0), CellRef::Empty);
        assert_eq!(by_index.cell(9, 1), CellRef::Text("9;9"));
        assert_eq!(cells(&by_index), cells(&by_csv));
    }

    fn error(text: &'static str) -> String {
        let file = InputFile {
            display: "k.csv".into(),
            bytes: Bytes::from_static(text.as_bytes()),
        };
        read(&file, None).unwrap_err().to_string()
    }

    #[test]
    fn titles_above_the_header_are_narrower_and_fine() {
        let file = InputFile {
            display: "k.csv".into(),
            bytes: Bytes::from_static(
                b"Marketing KPIs\nGenerated by BI\n\nLine,Quarter,CAC\nAtlas,2025-Q1,\"4,000\"\n",
            ),
        };
        let grid = read(&file, None).unwrap();
        assert_eq!(grid.width(0), 1);
        assert_eq!(grid.cell(3, 2), CellRef::Text("CAC"));
        assert_eq!(grid.cell(4, 2), CellRef::Text("4,000"));
        // Trailing delimiters are empty fields, not values.
        assert!(
            read(
                &InputFile {
                    display: "k.csv".into(),
                    bytes: Bytes::from_static(
                        b"Title\nLine,Quarter\nAtlas,2025-Q1,,\nBeacon,2025-Q1\n"
                    ),
                },
                None
            )
            .is_ok()
        );
    }

    #[test]
    fn a_row_wider_than_the_header_names_its_line_and_value() {
        assert_eq!(
            error(
                "Title\nLine,Quarter,Win Rate,CAC\nAtlas,2025-Q1,0.23,4000\nAtlas,2025-Q2,0.25,4,100\n"
            ),
            "k.csv, line 4: 5 fields where the header row has 4; a value holding the delimiter (4,100) needs quotes (\"4,100\") or no thousands separator"
        );
        assert_eq!(
            error(
                "Line,Quarter,NPS\nAtlas,2025-Q1,31,5\nAtlas,2025-Q2,32,5\nBeacon,2025-Q2,12\nBeacon,2025-Q3,12\n"
            ),
            "k.csv, line 2: 4 fields where the header row has 3; a value holding the delimiter (31,5) needs quotes (\"31,5\") or a decimal point; 1 more row below is wider than the header row too"
        );
        assert_eq!(
            error(
                "Line;Quarter;Note\nAtlas;2025-Q1;a;b;c\n\"Beacon\";2025-Q1;x\nAtlas;2025-Q2;y\n"
            ),
            "k.csv, line 2: 5 fields where the header row has 3; a value holding the delimiter (a semicolon) needs quotes, or the row has 2 values too many"
        );
    }

    #[test]
    fn an_unclosed_quote_names_the_line_it_opens_on() {
        assert_eq!(
            error("Line,Quarter,CAC\nAtlas,2025-Q1,\"4,000\nAtlas,2025-Q2,4100\n"),
            "k.csv, line 2: the quote opening \"4,000 is never closed, so the rest of the file would be read as one value; add the closing quote (\") where the value ends, or remove the opening one"
        );
        // Quotes inside a value, doubled quotes and quoted line breaks are fine.
        let file = InputFile {
            display: "k.csv".into(),
            bytes: Bytes::from_static(
                b"Line,Note\nAtlas,5\" screen\n\"Beacon\",\"say \"\"hi\"\"\nthere\"\nCedar,x\n",
            ),
        };
        let grid = read(&file, None).unwrap();
        assert_eq!(grid.cell(1, 1), CellRef::Text("5\" screen"));
        assert_eq!(grid.cell(2, 1), CellRef::Text("say \"hi\"\nthere"));
        assert_eq!(grid.cell(4, 0), CellRef::Text("Cedar"));
        assert_eq!(grid.row_number(4), 5);
    }
}
