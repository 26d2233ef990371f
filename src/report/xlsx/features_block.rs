//! The Features block of a line sheet, under its KPIs: for each feature
//! the rules declare for the line (`feature(...)`), from the product
//! events of the sheet's period, the people who used it of those active
//! on the line, its uses, the people who used it for the first time and
//! the median days they took to (`frame::records::adoption`). Written only
//! on the sheet of a line with declared features and events in the period.

use super::cell_text::TextCells;
use super::line_sheet::WHY;
use super::styles;
use crate::frame::records::FeatureUsage;
use crate::report::{ReportDoc, ReportError};
use crate::scorecard::Scorecard;
use rust_xlsxwriter::{Format, Worksheet};

const HEADERS: [&str; 8] = [
    "Feature",
    "Adopters",
    "Active",
    "Adoption",
    "Uses",
    "Per adopter",
    "First used",
    "Median days",
];

/// Writes the block from `row` when the line has features in the period;
/// the next free row.
pub fn write(
    sheet: &mut Worksheet,
    doc: &ReportDoc,
    card: &Scorecard,
    row: u32,
) -> Result<u32, ReportError> {
    let period = card.period.to_string();
    let rows: Vec<&FeatureUsage> = doc
        .frame
        .map_or(&[][..], |f| f.features())
        .iter()
        .filter(|u| u.line == card.line && u.period == period)
        .collect();
    if rows.is_empty() {
        return Ok(row);
    }
    let mut row = row;
    sheet.merged_text(
        row,
        0,
        row,
        WHY,
        format!("Features (from product events, {period})"),
        &styles::section(),
    )?;
    row += 1;
    for (c, header) in HEADERS.iter().enumerate() {
        sheet.text(row, c as u16, *header, &styles::header())?;
    }
    row += 1;
    let percent = Format::new().set_num_format("0.0%");
    let decimal = Format::new().set_num_format("0.0#");
    for u in rows {
        sheet.text_plain(row, 0, &u.feature)?;
        sheet.write_number(row, 1, f64::from(u.adopters))?;
        sheet.write_number(row, 2, f64::from(u.active))?;
        if u.active > 0 {
            let share = f64::from(u.adopters) / f64::from(u.active);
            sheet.write_number_with_format(row, 3, share, &percent)?;
        }
        sheet.write_number(row, 4, f64::from(u.uses))?;
        if u.adopters > 0 {
            let depth = f64::from(u.uses) / f64::from(u.adopters);
            sheet.write_number_with_format(row, 5, depth, &decimal)?;
        }
        sheet.write_number(row, 6, f64::from(u.first_used))?;
        if let Some(days) = u.median_days_to_adopt {
            sheet.write_number_with_format(row, 7, days, &decimal)?;
        }
        row += 1;
    }
    sheet.merged_text(
        row,
        0,
        row,
        WHY,
        "Adoption: the people who used the feature, of those active on the line. Per adopter: its uses per person who used it. First used: the people whose first use of it came in the period; median days: the days they took, from the later of their first event on the line and the feature's release.",
        &styles::wrap_ink(),
    )?;
    sheet.set_row_height(row, 30)?;
    Ok(row + 2)
}
