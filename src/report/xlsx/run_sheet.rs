//! The Run sheet: how this report was made: linecard's version, the time,
//! every input and rule file with its SHA-256, and the options.

use super::cell_text::TextCells;
use super::styles;
use crate::report::{ReportDoc, ReportError};
use rust_xlsxwriter::Worksheet;

pub const NAME: &str = "Run";

pub fn write(sheet: &mut Worksheet, doc: &ReportDoc) -> Result<(), ReportError> {
    sheet.set_name(NAME)?;
    sheet.set_column_width(0, 20)?;
    sheet.set_column_width(1, 56)?;
    sheet.set_column_width(2, 68)?;
    sheet.text(0, 0, "How this report was made", &styles::title())?;
    super::back_link(sheet, 0, 2)?;
    let text = styles::text();
    let mut row = 2;
    let mut pair = |sheet: &mut Worksheet, key: &str, value: &str| -> Result<(), ReportError> {
        sheet.text(row, 0, key, &styles::label())?;
        sheet.text(row, 1, value, &text)?;
        row += 1;
        Ok(())
    };
    pair(sheet, "linecard version", doc.version)?;
    pair(
        sheet,
        "Generated (UTC)",
        doc.generated.as_deref().unwrap_or("–"),
    )?;
    pair(sheet, "Period shown", &doc.period.to_string())?;
    let periods = &doc.portfolio.periods;
    if let (Some(first), Some(last)) = (periods.first(), periods.last()) {
        pair(
            sheet,
            "Periods in the data",
            &match periods.len() {
                1 => format!("{first} (1 period)"),
                n => format!("{first} to {last} ({n} periods)"),
            },
        )?;
    }
    pair(
        sheet,
        "Product lines",
        &doc.portfolio.lines.len().to_string(),
    )?;
    for (key, value) in &doc.options {
        pair(sheet, key, value)?;
    }
    row += 1;
    for (title, files) in [
        (
            "Inputs",
            doc.inputs
                .iter()
                .map(|i| (i.path.as_str(), i.sha256.as_str(), ""))
                .collect::<Vec<_>>(),
        ),
        (
            "Rule files",
            doc.rules
                .iter()
                .map(|r| {
                    let note = if r.builtin {
                        " (`linecard init` gives an editable copy)"
                    } else {
                        ""
                    };
                    (r.path.as_str(), r.sha256.as_str(), note)
                })
                .collect(),
        ),
    ] {
        sheet.merged_text(row, 0, row, 2, title, &styles::section())?;
        row += 1;
        for (c, h) in ["#", "File", "SHA-256"].iter().enumerate() {
            sheet.text(row, c as u16, *h, &styles::header())?;
        }
        row += 1;
        for (i, (path, sha, note)) in files.into_iter().enumerate() {
            sheet.write_number_with_format(row, 0, (i + 1) as f64, &styles::centred())?;
            sheet.text(row, 1, format!("{path}{note}"), &text)?;
            sheet.text(row, 2, sha, &styles::mono())?;
            row += 1;
        }
        row += 1;
    }
    styles::print_setup(sheet);
    Ok(())
}
