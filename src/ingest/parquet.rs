//! Parquet files (what warehouses and BI tools export), read by polars. Every
//! column is turned into text (numbers in full precision, dates and
//! date-times as ISO 8601), so the frame stage reads them exactly as it
//! reads a CSV file; the column names form the header row.

use super::limits::{self, MAX_INFLATED_BYTES, MAX_SHEET_CELLS, MAX_TABLE_COLUMNS};
use super::{Grid, IngestError, InputFile, TextColumn};
use polars::prelude::*;
use std::io::Cursor;

pub fn read(file: &InputFile) -> Result<Grid, IngestError> {
    let fail = |message: String| IngestError::Parquet {
        path: file.display.clone(),
        message,
    };
    let mut reader = ParquetReader::new(Cursor::new(file.bytes.as_ref()));
    let metadata = reader.get_metadata().map_err(|e| fail(e.to_string()))?;
    let unpacked: usize = metadata
        .row_groups
        .iter()
        .map(|g| g.total_byte_size())
        .sum();
    let cells = metadata
        .num_rows
        .saturating_mul(metadata.schema().fields().len().max(1));
    if unpacked as u64 > MAX_INFLATED_BYTES || cells > MAX_SHEET_CELLS {
        return Err(IngestError::TooLarge {
            path: file.display.clone(),
            message: format!(
                "the table holds {} rows ({} MiB unpacked); linecard reads tables up to {MAX_SHEET_CELLS} cells and {} MiB: filter or aggregate it in your warehouse first",
                metadata.num_rows,
                unpacked >> 20,
                MAX_INFLATED_BYTES >> 20
            ),
        });
    }
    let width = metadata.schema().fields().len();
    if width > MAX_TABLE_COLUMNS {
        return Err(limits::too_many_columns(file, "the table", width));
    }
    let df = reader.finish().map_err(|e| fail(e.to_string()))?;
    let height = df.height();
    let mut columns = Vec::with_capacity(df.width());
    for column in df.columns() {
        let text = column.cast(&DataType::String).map_err(|_| {
            fail(format!(
                "column \"{}\" holds {} values, which are not numbers, text or dates",
                column.name(),
                column.dtype()
            ))
        })?;
        let text = text.str().map_err(|e| fail(e.to_string()))?;
        // The column name is the header row's cell: a chunk of its own.
        let mut out = StringChunked::from_slice(column.name().clone(), &[column.name().as_str()]);
        out.append(text).map_err(|e| fail(e.to_string()))?;
        let out = TextColumn::new(&out);
        columns.push(out);
    }
    Ok(Grid::from_text_columns(
        file.display.clone(),
        height + 1,
        columns,
    ))
}
