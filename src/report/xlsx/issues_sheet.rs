//! The Issues sheet: every warning from the data and the rules, with where
//! it is (file, sheet, row, column).

use super::cell_text::TextCells;
use super::styles;
use crate::report::{ReportDoc, ReportError};
use rust_xlsxwriter::Worksheet;

pub const NAME: &str = "Issues";

const COLUMNS: [(&str, f64); 6] = [
    ("Severity", 10.0),
    ("What", 70.0),
    ("File", 24.0),
    ("Sheet", 14.0),
    ("Row", 6.0),
    ("Column", 16.0),
];

pub fn write(sheet: &mut Worksheet, doc: &ReportDoc) -> Result<(), ReportError> {
    sheet.set_name(NAME)?;
    sheet.text(
        0,
        0,
        "Issues found in the inputs and rules",
        &styles::title(),
    )?;
    super::back_link(sheet, 0, COLUMNS.len() as u16 - 1)?;
    let issues = &doc.portfolio.issues;
    sheet.text(
        1,
        0,
        if issues.is_empty() {
            "None: every value was read and every KPI is known to the rules.".to_string()
        } else {
            format!(
                "{} warning{}; none stopped the run.",
                issues.len(),
                crate::model::format::plural(issues.len())
            )
        },
        &styles::subtitle(),
    )?;
    for (c, (header, width)) in COLUMNS.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
        sheet.text(3, c as u16, *header, &styles::header())?;
    }
    for (i, issue) in issues.iter().enumerate() {
        let row = 4 + i as u32;
        let severity = match issue.severity {
            crate::model::Severity::Warning => "Warning",
            crate::model::Severity::Error => "Error",
        };
        sheet.text_plain(row, 0, severity)?;
        sheet.text(row, 1, &issue.message, &styles::wrap_ink())?;
        styles::fit_row(sheet, row, &issue.message, COLUMNS[1].1)?;
        let l = &issue.location;
        if let Some(file) = &l.file {
            sheet.text_plain(row, 2, file)?;
        }
        if let Some(s) = &l.sheet {
            sheet.text_plain(row, 3, s)?;
        }
        if let Some(r) = l.row {
            sheet.write_number(row, 4, r as f64)?;
        }
        if let Some(c) = &l.column {
            sheet.text_plain(row, 5, c)?;
        }
    }
    if !issues.is_empty() {
        sheet.autofilter(3, 0, 3 + issues.len() as u32, COLUMNS.len() as u16 - 1)?;
        sheet.set_freeze_panes(4, 0)?;
        sheet.set_repeat_rows(3, 3)?;
    }
    styles::print_setup(sheet);
    Ok(())
}
