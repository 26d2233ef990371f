//! The Ownership sheet: every KPI in the catalogue against PM, PMM and
//! Shared, with its direction, unit, weight and description. The page that
//! settles "who owns this".

use super::cell_text::TextCells;
use super::styles;
use crate::model::Owner;
use crate::report::{ReportDoc, ReportError};
use rust_xlsxwriter::Worksheet;

pub const NAME: &str = "Ownership";

const COLUMNS: [(&str, f64); 8] = [
    ("KPI", 30.0),
    ("PM", 7.0),
    ("PMM", 7.0),
    ("Shared", 8.0),
    ("Good when", 11.0),
    ("Unit", 10.0),
    ("Weight", 8.0),
    ("What it measures", 95.0),
];

pub fn write(sheet: &mut Worksheet, doc: &ReportDoc) -> Result<(), ReportError> {
    sheet.set_name(NAME)?;
    sheet.text(0, 0, "Who owns which KPI", &styles::title())?;
    sheet.text(
        1,
        0,
        "PM: product management (inward, product–market fit) · PMM: product marketing (outward, pricing–channel fit) · Shared: both",
        &styles::subtitle(),
    )?;
    super::back_link(sheet, 0, COLUMNS.len() as u16 - 1)?;
    for (c, (header, width)) in COLUMNS.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
        sheet.text(3, c as u16, *header, &styles::header())?;
    }
    let mut row = 4;
    for spec in doc.specs() {
        let top = rust_xlsxwriter::Format::new().set_align(rust_xlsxwriter::FormatAlign::Top);
        sheet.text(row, 0, &*spec.name, &top)?;
        for (k, owner) in Owner::ALL.iter().enumerate() {
            if spec.owner == *owner {
                let mark = styles::owner_mark().set_align(rust_xlsxwriter::FormatAlign::Top);
                sheet.text(row, 1 + k as u16, "●", &mark)?;
            }
        }
        let good = match spec.direction {
            crate::model::Direction::Higher => "higher",
            crate::model::Direction::Lower => "lower",
            crate::model::Direction::Band => "in a band",
        };
        sheet.text(row, 4, good, &top)?;
        sheet.text(row, 5, spec.unit.as_str(), &top)?;
        let weight = styles::centred().set_align(rust_xlsxwriter::FormatAlign::Top);
        sheet.write_number_with_format(row, 6, spec.weight, &weight)?;
        sheet.text(row, 7, &spec.description, &styles::wrap())?;
        styles::fit_row(sheet, row, &spec.description, COLUMNS[7].1)?;
        row += 1;
    }
    if row == 4 {
        sheet.text(4, 0, "The rules declare no KPIs.", &styles::subtitle())?;
    } else {
        sheet.set_freeze_panes(4, 1)?;
    }
    styles::print_setup(sheet);
    Ok(())
}
