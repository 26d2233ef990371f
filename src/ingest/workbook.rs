//! Spreadsheet workbooks (xlsx, xlsm, xlsb, xls, ods), read by calamine: one
//! grid per chosen worksheet that has any cells.
//!
//! xlsx, xlsm and xlsb sheets are streamed cell by cell into rows that end at
//! their last filled cell, so a stray cell far away (XFD1048576) costs one
//! short row list, not a dense block; every sheet is bounded by
//! [`limits::MAX_SHEET_CELLS`] and [`limits::MAX_TABLE_COLUMNS`]. Zipped workbooks are checked against
//! [`limits::MAX_INFLATED_BYTES`] before anything is inflated.
//!
//! Chart sheets and hidden sheets are skipped with a note (a hidden sheet
//! is read when `--sheet` names it); a workbook protected with a password
//! (an encrypted xlsx, or an xls with a FILEPASS record) is refused saying
//! so.

use super::cell::{Cell, Texts};
use super::cell_currency;
use super::limits;
use super::sheet_rows::SheetRows;
use super::xlsb;
use super::xlsx_values;
use super::{Grid, IngestError, InputFile};
use crate::model::{Currency, DataIssue, Location};
use calamine::{
    Data, DataRef, Reader, Sheet, SheetType, SheetVisible, Sheets, open_workbook_auto_from_rs,
};
use std::io::Cursor;

type Book<'a> = Sheets<Cursor<&'a [u8]>>;

/// Reads the chosen sheets; the sheets skipped (chart and hidden sheets)
/// are noted in `notes`.
pub fn read(
    file: &InputFile,
    wanted: &[String],
    notes: &mut Vec<DataIssue>,
) -> Result<Vec<Grid>, IngestError> {
    let fail = |message: String| IngestError::Workbook {
        path: file.display.clone(),
        message,
    };
    if file.bytes.starts_with(b"PK\x03\x04") {
        limits::check_zip(&file.display, &file.bytes)?;
    }
    if is_encrypted(&file.bytes) {
        return Err(IngestError::Encrypted {
            path: file.display.clone(),
        });
    }
    let mut workbook =
        open_workbook_auto_from_rs(Cursor::new(file.bytes.as_ref())).map_err(|e| match e {
            calamine::Error::Xls(calamine::XlsError::Password) => IngestError::Encrypted {
                path: file.display.clone(),
            },
            _ if is_encrypted_xls(&file.bytes) => IngestError::Encrypted {
                path: file.display.clone(),
            },
            e => fail(e.to_string()),
        })?;
    if let Sheets::Xlsb(_) = workbook {
        xlsb::check_cell_records(file)?;
    }
    let mut strict = match workbook {
        Sheets::Xlsx(_) => Some(xlsx_values::SheetParts::read(file)?),
        _ => None,
    };
    let names = chosen_sheets(file, &workbook.sheet_names(), wanted)?;
    let names = readable_sheets(file, workbook.sheets_metadata(), names, wanted, notes);
    let mut grids = Vec::new();
    for name in names {
        let sheet_fail = |e: String| fail(format!("sheet {name}: {e}"));
        // calamine's xlsx and xlsb cell readers share no trait, only their
        // method names: one macro streams either.
        macro_rules! streamed {
            ($book:expr) => {{
                let mut cells = $book
                    .worksheet_cells_reader(&name)
                    .map_err(|e| sheet_fail(e.to_string()))?;
                stream(file, &name, |texts| {
                    cells
                        .next_cell()
                        .map_err(|e| e.to_string())
                        .map(|c| c.map(|c| (c.get_position(), to_cell_ref(c.get_value(), texts))))
                })?
            }};
        }
        let grid = match &mut workbook {
            // An xlsx cell's style says whether a currency format shows it
            // as money: read in the same pass as the values.
            // The strict walk of the sheet's XML and calamine's read of it
            // run at once, on two threads; damage found by the walk is the
            // error, as it explains whatever the read made of the cells.
            Sheets::Xlsx(book) => std::thread::scope(|scope| {
                let checked = strict
                    .as_mut()
                    .map(|strict| scope.spawn(|| strict.check(file, &name)));
                let grid = xlsx_sheet(book, file, &name);
                match checked {
                    Some(checked) => checked
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                        .and(grid),
                    None => grid,
                }
            })?,
            Sheets::Xlsb(book) => streamed!(book),
            other => dense(file, other, &name)?,
        };
        let grid = match grid {
            Some(grid) => {
                let merges = merged_regions(&mut workbook, &name, &grid).map_err(sheet_fail)?;
                Some(grid.with_merges(merges))
            }
            None => None,
        };
        grids.extend(grid);
    }
    Ok(grids)
}

/// The sheets to read: those `--sheet` names (each must exist), else all.
fn chosen_sheets(
    file: &InputFile,
    names: &[String],
    wanted: &[String],
) -> Result<Vec<String>, IngestError> {
    if wanted.is_empty() {
        return Ok(names.to_vec());
    }
    let mut chosen = Vec::new();
    for want in wanted {
        let found = names
            .iter()
            .find(|n| *n == want)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(want.trim())));
        match found {
            Some(name) if !chosen.contains(name) => chosen.push(name.clone()),
            Some(_) => {}
            None => {
                return Err(IngestError::NoSuchSheet {
                    path: file.display.clone(),
                    sheet: want.clone(),
                    sheets: names
                        .iter()
                        .map(|n| format!("\"{n}\""))
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        }
    }
    Ok(chosen)
}

/// An encrypted xlsx is an OLE compound file (not a zip) holding the
/// streams `EncryptionInfo` and `EncryptedPackage`; their names are stored
/// in UTF-16 in its directory.
fn is_encrypted(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return false;
    }
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// An xls protected with a password (a FILEPASS record after the
/// workbook's first record): calamine's xls reader says so, but its
/// reader for any format answers only that it cannot detect the format,
/// so a file that failed to open is asked again, as xls. Only then: a
/// file that opens pays nothing.
fn is_encrypted_xls(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        && matches!(
            calamine::Xls::new(Cursor::new(bytes)),
            Err(calamine::XlsError::Password)
        )
}

/// The chosen sheets that hold cells: chart sheets are skipped with a note,
/// and so are hidden sheets unless `--sheet` names them.
fn readable_sheets(
    file: &InputFile,
    metadata: &[Sheet],
    names: Vec<String>,
    wanted: &[String],
    notes: &mut Vec<DataIssue>,
) -> Vec<String> {
    let note = |sheet: &str, message: String| {
        DataIssue::warning(
            message,
            Location {
                file: Some(file.display.clone()),
                sheet: Some(sheet.to_string()),
                ..Location::default()
            },
        )
    };
    names
        .into_iter()
        .filter(|name| {
            let Some(sheet) = metadata.iter().find(|s| s.name == *name) else {
                return true;
            };
            if sheet.typ == SheetType::ChartSheet {
                notes.push(note(name, "a chart sheet, not a table: skipped".into()));
                return false;
            }
            let named = wanted.iter().any(|w| w.trim().eq_ignore_ascii_case(name));
            if sheet.visible != SheetVisible::Visible && !named {
                notes.push(note(
                    name,
                    format!("a hidden sheet: skipped (name it with --sheet \"{name}\" to read it)"),
                ));
                return false;
            }
            true
        })
        .collect()
}

/// A merged region's first and last corner, (row, column) each, 0-based.
type Region = ((u32, u32), (u32, u32));

/// The most cells an xlsx sheet may have for its merged regions to be
/// read: calamine finds them by parsing the sheet's XML a second time, which
/// a large export (a table of data, not a hand-kept header) should not pay
/// for. A larger sheet's two-row headers are read by the continuation rule,
/// as an ods sheet's are.
const MERGES_UP_TO_CELLS: usize = 200_000;

/// The merged regions of sheet `name` (read into `grid`) as (first, last)
/// corners, where calamine gives them (xlsx, xls; none for ods and xlsb).
fn merged_regions(workbook: &mut Book, name: &str, grid: &Grid) -> Result<Vec<Region>, String> {
    let cells = || (0..grid.height()).map(|r| grid.width(r)).sum::<usize>();
    let regions = match workbook {
        Sheets::Xlsx(_) if cells() > MERGES_UP_TO_CELLS => Vec::new(),
        Sheets::Xlsx(book) => book
            .merge_cells_by_sheet_name(name)
            .map_err(|e| e.to_string())?,
        Sheets::Xls(book) => book
            .merge_cells_by_sheet_name(name)
            .map_err(|e| e.to_string())?,
        _ => Vec::new(),
    };
    Ok(regions.into_iter().map(|d| (d.start, d.end)).collect())
}

/// One xlsx sheet, streamed; an xlsx cell's style says whether a currency
/// format shows it as money, read in the same pass as the values.
fn xlsx_sheet(
    book: &mut calamine::Xlsx<Cursor<&[u8]>>,
    file: &InputFile,
    name: &str,
) -> Result<Option<Grid>, IngestError> {
    let sheet_fail = |e: String| IngestError::Workbook {
        path: file.display.clone(),
        message: format!("sheet {name}: {e}"),
    };
    let mut cells = book
        .worksheet_cells_reader(name)
        .map_err(|e| sheet_fail(e.to_string()))?;
    let palette: Vec<Option<Currency>> = cells
        .styles()
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .and_then(|f| Currency::in_number_format(&f.format_code))
        })
        .collect();
    let mut money = cell_currency::Builder::default();
    let grid = stream(file, name, |texts| {
        cells
            .next_cell_with_style_id()
            .map_err(|e| e.to_string())
            .map(|c| {
                c.map(|(c, style)| {
                    let (row, column) = c.get_position();
                    let value = to_cell_ref(c.get_value(), texts);
                    if let (Some(Some(currency)), Cell::Number(_)) = (palette.get(style), &value) {
                        money.push(row, column, *currency);
                    }
                    ((row, column), value)
                })
            })
    })?;
    Ok(grid.map(|g| g.with_currencies(money.finish())))
}

/// Builds a grid from a stream of (row, column, cell), rows ending at their
/// last filled cell, within the cell limit.
fn stream(
    file: &InputFile,
    sheet: &str,
    mut next: impl FnMut(&mut Texts) -> Result<Option<((u32, u32), Cell)>, String>,
) -> Result<Option<Grid>, IngestError> {
    let mut rows = SheetRows::new();
    let mut texts = Texts::default();
    let too_many = |_| limits::too_many_cells(file, sheet);
    while let Some(((row, column), cell)) =
        next(&mut texts).map_err(|message| IngestError::Workbook {
            path: file.display.clone(),
            message: format!("sheet {sheet}: {message}"),
        })?
    {
        if cell != Cell::Empty {
            if column as usize >= limits::MAX_TABLE_COLUMNS {
                let place = format!("sheet {sheet}, row {}", row as usize + 1);
                return Err(limits::too_many_columns(file, &place, column as usize + 1));
            }
            rows.push(row, column, cell).map_err(too_many)?;
        }
    }
    let rows = rows.finish().map_err(too_many)?;
    Ok(rows.map(|(first_row, first_column, rows)| {
        Grid::from_rows(
            file.display.clone(),
            Some(sheet.to_string()),
            (first_row as usize + 1, first_column as usize),
            rows,
            texts.into_texts(),
        )
    }))
}

/// xls and ods sheets, which calamine reads as a whole range.
fn dense(file: &InputFile, workbook: &mut Book, name: &str) -> Result<Option<Grid>, IngestError> {
    let range = workbook
        .worksheet_range(name)
        .map_err(|e| IngestError::Workbook {
            path: file.display.clone(),
            message: format!("sheet {name}: {e}"),
        })?;
    let Some((start_row, start_column)) = range.start() else {
        return Ok(None);
    };
    let (height, width) = range.get_size();
    if width > limits::MAX_TABLE_COLUMNS {
        let place = format!("sheet {name}");
        return Err(limits::too_many_columns(file, &place, width));
    }
    if height.saturating_mul(width) > limits::MAX_SHEET_CELLS {
        return Err(limits::too_many_cells(file, name));
    }
    let mut texts = Texts::default();
    let rows = range
        .rows()
        .map(|row| {
            let mut cells: Vec<Cell> = row.iter().map(|c| to_cell(c, &mut texts)).collect();
            while cells.last() == Some(&Cell::Empty) {
                cells.pop();
            }
            cells
        })
        .collect();
    Ok(Some(Grid::from_rows(
        file.display.clone(),
        Some(name.to_string()),
        (start_row as usize + 1, start_column as usize),
        rows,
        texts.into_texts(),
    )))
}

fn date_cell(dt: &calamine::ExcelDateTime) -> Cell {
    // calamine applies the workbook's date system (1900 or 1904).
    match dt.as_datetime() {
        Some(moment) if dt.is_datetime() => Cell::Date(moment),
        _ => Cell::Number(dt.as_f64()),
    }
}

fn to_cell_ref(data: &DataRef, texts: &mut Texts) -> Cell {
    match data {
        DataRef::Empty => Cell::Empty,
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => texts.text(s),
        DataRef::SharedString(s) => texts.shared(s),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => date_cell(dt),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => texts.text(s),
        DataRef::Error(e) => texts.error(&e.to_string()),
    }
}

fn to_cell(data: &Data, texts: &mut Texts) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => texts.text(s),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => date_cell(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => texts.text(s),
        Data::Error(e) => texts.error(&e.to_string()),
    }
}
