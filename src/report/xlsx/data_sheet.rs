//! The Data sheet: the normalised KPI frame every score rests on, one row
//! per value, as an Excel table with a Source column naming the file, sheet
//! and cell each value came from. The workbook writes it in constant-memory
//! mode (rows stream to a temporary file), as it can hold a row per input
//! value.

use super::cell_text::TextCells;
use super::styles;
use crate::model::format;
use crate::report::{ReportDoc, ReportError};
use rust_xlsxwriter::{Table, TableColumn, TableStyle, Worksheet};

pub const NAME: &str = "Data";

const COLUMNS: [(&str, f64); 7] = [
    ("Line", 26.0),
    ("Period", 10.0),
    ("Stage", 12.0),
    ("Metric", 28.0),
    ("Value", 14.0),
    ("Sample size", 11.0),
    ("Source", 44.0),
];
const HEADER_ROW: u32 = 2;

/// The most values the sheet holds: the rows of an Excel sheet
/// (1,048,576) below the title, the note and the header row. The CSV
/// export holds every value.
pub const MAX_VALUES: usize = 1_048_576 - HEADER_ROW as usize - 1;

pub fn write(sheet: &mut Worksheet, doc: &ReportDoc) -> Result<(), ReportError> {
    sheet.set_name(NAME)?;
    sheet.text(0, 0, "Input data, normalised", &styles::title())?;
    super::back_link(sheet, 0, COLUMNS.len() as u16 - 1)?;
    for (c, (_, width)) in COLUMNS.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    let Some(frame) = doc.frame else {
        sheet.text(1, 0, "No input frame was given.", &styles::subtitle())?;
        return Ok(());
    };
    let (shown, note) = shown(frame.df().height());
    sheet.text(1, 0, note, &styles::subtitle())?;
    // The sheet may be in constant-memory mode: rows go out in order, so
    // the table (which writes its header row) comes before the data.
    let count = shown as u32;
    if count == 0 {
        for (c, (header, _)) in COLUMNS.iter().enumerate() {
            sheet.text(HEADER_ROW, c as u16, *header, &styles::header())?;
        }
    } else {
        let columns: Vec<TableColumn> = COLUMNS
            .iter()
            .map(|(h, _)| TableColumn::new().set_header(*h))
            .collect();
        let table = Table::new()
            .set_name("KpiData")
            .set_style(TableStyle::Light9)
            .set_columns(&columns);
        sheet.add_table(
            HEADER_ROW,
            0,
            HEADER_ROW + count,
            COLUMNS.len() as u16 - 1,
            &table,
        )?;
        sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
        sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    }
    let beside = styles::beside_number();
    let mut formats: std::collections::HashMap<&str, rust_xlsxwriter::Format> =
        std::collections::HashMap::new();
    for (i, obs) in frame.rows().take(MAX_VALUES).enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        sheet.text_plain(row, 0, obs.line)?;
        sheet.text_plain(row, 1, obs.period.to_string())?;
        if let Some(stage) = frame.stage(obs.line, obs.period) {
            sheet.text_plain(row, 2, stage.as_str())?;
        }
        sheet.text_plain(row, 3, obs.metric)?;
        let format = formats.entry(obs.metric).or_insert_with(|| {
            let unit = crate::model::MetricId::normalise(obs.metric)
                .and_then(|id| doc.catalogue.get(&id).map(|spec| spec.unit))
                .unwrap_or(crate::model::Unit::Number);
            rust_xlsxwriter::Format::new().set_num_format(styles::data_format(unit))
        });
        sheet.write_number_with_format(row, 4, obs.value, format)?;
        if let Some(n) = obs.sample_size {
            sheet.write_number(row, 5, n as f64)?;
        }
        sheet.text(row, 6, obs.source, &beside)?;
    }
    styles::print_setup(sheet);
    Ok(())
}

/// How many of `all` values the sheet shows, and the note above them.
fn shown(all: usize) -> (usize, String) {
    const UNITS: &str = "in canonical units (percentages as fractions, money in the input currency, durations in hours)";
    match all > MAX_VALUES {
        false => (all, format!("One row per value read, {UNITS}.")),
        true => (
            MAX_VALUES,
            format!(
                "The first {} of the {} values read (an Excel sheet holds 1,048,576 rows; linecard report --csv FILE writes every value), {UNITS}.",
                format::count(MAX_VALUES),
                format::count(all)
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn past_the_sheet_rows_the_first_values_are_shown_and_the_note_says_so() {
        let (n, note) = super::shown(1_048_573);
        assert_eq!(n, 1_048_573);
        assert!(note.starts_with("One row per value read, in canonical units"));
        let (n, note) = super::shown(6_000_000);
        assert_eq!(n, 1_048_573);
        assert_eq!(
            note,
            "The first 1,048,573 of the 6,000,000 values read (an Excel sheet holds 1,048,576 rows; linecard report --csv FILE writes every value), in canonical units (percentages as fractions, money in the input currency, durations in hours)."
        );
    }
}
