//! The Trends sheet: every line's overall score in each period up to the
//! one shown. The Summary's sparklines and text trends draw from it.

use super::cell_text::TextCells;
use super::{internal_link, styles};
use crate::model::Period;
use crate::report::{ReportDoc, ReportError};
use rust_xlsxwriter::Worksheet;
use std::collections::HashMap;

pub const NAME: &str = "Trends";
const HEADER_ROW: u32 = 3;

/// How many periods the sheet shows: those up to the selected one.
pub fn period_count(doc: &ReportDoc) -> usize {
    doc.portfolio
        .periods
        .iter()
        .filter(|p| **p <= doc.period)
        .count()
}

/// Each line's overall score in each period the sheet shows, `None` for a
/// period without one.
pub fn overall_series<'a>(doc: &'a ReportDoc) -> HashMap<&'a str, Vec<Option<f64>>> {
    let periods: HashMap<Period, usize> = doc
        .portfolio
        .periods
        .iter()
        .filter(|p| **p <= doc.period)
        .enumerate()
        .map(|(i, p)| (*p, i))
        .collect();
    let mut series: HashMap<&'a str, Vec<Option<f64>>> = HashMap::new();
    for card in &doc.portfolio.cards {
        if let Some(&i) = periods.get(&card.period) {
            series
                .entry(card.line.as_str())
                .or_insert_with(|| vec![None; periods.len()])[i] = card.scores.overall;
        }
    }
    series
}

/// The row of `line` on the sheet.
pub fn row_of(doc: &ReportDoc, line: &str) -> Option<u32> {
    let i = doc.portfolio.lines.iter().position(|l| l == line)?;
    Some(HEADER_ROW + 1 + i as u32)
}

pub fn write(
    sheet: &mut Worksheet,
    doc: &ReportDoc,
    sheets: &HashMap<&str, String>,
) -> Result<(), ReportError> {
    sheet.set_name(NAME)?;
    sheet.text(0, 0, "Overall score by period", &styles::title())?;
    sheet.text(
        1,
        0,
        "0–100, as computed when the report was made; the Summary's trends draw from this table.",
        &styles::subtitle(),
    )?;
    let periods: Vec<_> = doc
        .portfolio
        .periods
        .iter()
        .copied()
        .filter(|p| *p <= doc.period)
        .collect();
    super::back_link(sheet, 0, periods.len().max(6) as u16)?;
    let names = doc.portfolio.lines.iter().map(String::as_str);
    sheet.set_column_width(0, styles::fitted_width(names, 20.0, 45.0))?;
    sheet.text(HEADER_ROW, 0, "Product line", &styles::header())?;
    for (i, p) in periods.iter().enumerate() {
        sheet.set_column_width(1 + i as u16, 9)?;
        sheet.text(
            HEADER_ROW,
            1 + i as u16,
            p.to_string(),
            &styles::header_right(),
        )?;
    }
    let mut index: HashMap<(&str, Period), Option<f64>> = HashMap::new();
    for c in &doc.portfolio.cards {
        index.insert((c.line.as_str(), c.period), c.scores.overall);
    }
    for line in &doc.portfolio.lines {
        let Some(row) = row_of(doc, line) else {
            continue;
        };
        match sheets.get(line.as_str()) {
            Some(name) => sheet.link(row, 0, &internal_link(name), line, &styles::link())?,
            None => sheet.text_plain(row, 0, line)?,
        };
        for (i, p) in periods.iter().enumerate() {
            if let Some(Some(score)) = index.get(&(line.as_str(), *p)) {
                sheet.write_number_with_format(row, 1 + i as u16, *score, &styles::score())?;
            }
        }
    }
    let last = HEADER_ROW + doc.portfolio.lines.len().max(1) as u32;
    if !periods.is_empty() {
        sheet.add_conditional_format(
            HEADER_ROW + 1,
            1,
            last,
            periods.len() as u16,
            &styles::score_scale(),
        )?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 1)?;
    styles::print_setup(sheet);
    Ok(())
}
