//! A check before an xlsb workbook is read. calamine's xlsb reader knows the
//! cell records Excel writes, each naming its column, but skips the short
//! ones (record types 12 to 18) that other writers such as SheetJS use for a
//! cell right after another in its row: read anyway, such a table would lose
//! every cell but the first of each row, with no error. A workbook whose
//! sheets hold short cell records is refused instead, saying how to fix it.

use super::{IngestError, InputFile};
use std::io::{BufReader, Cursor, Read};

/// The record types of the short cell records (BrtShortBlank to
/// BrtShortIsst), which carry no column.
const SHORT_CELLS: std::ops::RangeInclusive<u32> = 12..=18;

/// The record that ends a sheet's cells (BrtEndSheetData).
const END_OF_CELLS: u32 = 0x92;

/// Refuses an xlsb workbook whose sheets hold short cell records. The zip
/// directory has been checked against the size limit already.
pub fn check_cell_records(file: &InputFile) -> Result<(), IngestError> {
    let damaged = |e: &dyn std::fmt::Display| IngestError::Workbook {
        path: file.display.clone(),
        message: format!("the zip container is damaged: {e}"),
    };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(file.bytes.as_ref())).map_err(|e| damaged(&e))?;
    for i in 0..archive.len() {
        let part = archive.by_index(i).map_err(|e| damaged(&e))?;
        let name = part.name().map_err(|e| damaged(&e))?;
        if !(name.starts_with("xl/worksheets/") && name.ends_with(".bin")) {
            continue;
        }
        if has_short_cells(BufReader::new(part)).map_err(|e| damaged(&e))? {
            return Err(IngestError::ShortXlsbCells {
                path: file.display.clone(),
            });
        }
    }
    Ok(())
}

/// Whether a sheet's record stream holds a short cell record before its
/// cells end.
fn has_short_cells(mut records: impl Read) -> std::io::Result<bool> {
    // A record is its type (1 or 2 bytes), its size (1 to 4 bytes), both
    // 7 bits per byte with the top bit saying another byte follows, then
    // its content.
    while let Some(kind) = number(&mut records, 2)? {
        if SHORT_CELLS.contains(&kind) {
            return Ok(true);
        }
        if kind == END_OF_CELLS {
            return Ok(false);
        }
        let size = number(&mut records, 4)?.unwrap_or(0);
        std::io::copy(
            &mut (&mut records).take(u64::from(size)),
            &mut std::io::sink(),
        )?;
    }
    Ok(false)
}

/// A number of up to `bytes` bytes, 7 bits each; `None` at the end.
fn number(input: &mut impl Read, bytes: u32) -> std::io::Result<Option<u32>> {
    let mut value = 0;
    for i in 0..bytes {
        let mut byte = [0u8];
        if input.read(&mut byte)? == 0 {
            return Ok(None);
        }
        value |= u32::from(byte[0] & 0x7F) << (7 * i);
        if byte[0] & 0x80 == 0 {
            break;
        }
    }
    Ok(Some(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_short_cell_records_before_the_cells_end() {
        // BrtRowHdr (0, 25 bytes), BrtCellSt (6, 3 bytes), then a
        // BrtShortSt (17) or the end of the cells (0x92) first.
        let mut sheet = vec![0x00, 25];
        sheet.extend([0u8; 25]);
        sheet.extend([0x06, 3, 1, 2, 3]);
        assert!(!has_short_cells(sheet.as_slice()).unwrap());
        let short = [sheet.clone(), vec![0x11, 0]].concat();
        assert!(has_short_cells(short.as_slice()).unwrap());
        let ended = [sheet, vec![0x92, 0x01, 0, 0x11, 0]].concat();
        assert!(!has_short_cells(ended.as_slice()).unwrap());
        // A two-byte type (0x0281 = 641, BrtEndCellXFs) and a two-byte size.
        assert!(!has_short_cells([0x81, 0x05, 0x81, 0x01].as_slice()).unwrap());
    }
}
