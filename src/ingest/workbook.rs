//! Spreadsheet workbooks (xlsx, xlsm, xlsb, xls, ods), read by calamine: one
//! grid per worksheet that has any cells.

use super::{Cell, Grid, IngestError, InputFile};
use calamine::{Data, Reader, open_workbook_auto_from_rs};
use std::io::Cursor;

pub fn read(file: &InputFile) -> Result<Vec<Grid>, IngestError> {
    let fail = |message: String| IngestError::Workbook {
        path: file.display.clone(),
        message,
    };
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(file.bytes.as_slice()))
        .map_err(|e| fail(e.to_string()))?;
    let mut grids = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| fail(format!("sheet {name}: {e}")))?;
        let Some((start_row, start_column)) = range.start() else {
            continue;
        };
        let rows = range
            .rows()
            .map(|row| row.iter().map(to_cell).collect())
            .collect();
        grids.push(Grid {
            file: file.display.clone(),
            sheet: Some(name),
            first_row: start_row as usize + 1,
            first_column: start_column as usize,
            rows,
        });
    }
    Ok(grids)
}

fn to_cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => {
            if s.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.clone())
            }
        }
        Data::Bool(b) => Cell::Bool(*b),
        // calamine applies the workbook's date system (1900 or 1904).
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(moment) if dt.is_datetime() => Cell::Date(moment),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}
