//! The header block of a line sheet: the line's name, stage, period and
//! the period it is compared with, the PM and PMM, its labels, the four
//! fits (each with its reason as a note) and the captions of the scores.

use super::cell_text::{self, TextCells};
use super::line_sheet::{SCORES_ROW, WHY};
use super::styles;
use crate::report::{ReportDoc, ReportError};
use crate::scorecard::Scorecard;
use rust_xlsxwriter::{Note, Worksheet};

pub fn write(sheet: &mut Worksheet, doc: &ReportDoc, card: &Scorecard) -> Result<(), ReportError> {
    sheet.text(0, 0, &card.line, &styles::title())?;
    super::back_link(sheet, 0, WHY)?;
    let previous = doc
        .portfolio
        .periods
        .iter()
        .rev()
        .find(|p| **p < card.period);
    sheet.text(
        1,
        0,
        format!(
            "Stage: {} · Period: {}{}",
            card.stage.map_or("not stated", |s| s.as_str()),
            card.period,
            previous
                .map(|p| format!(" · compared with {p}"))
                .unwrap_or_default()
        ),
        &styles::subtitle(),
    )?;
    let person = |who: &Option<String>| who.clone().unwrap_or_else(|| "not named".to_string());
    sheet.text(
        2,
        0,
        format!(
            "PM: {} · PMM: {}",
            person(&card.people.pm),
            person(&card.people.pmm)
        ),
        &styles::label(),
    )?;
    let mut labels: Vec<String> = Vec::new();
    if let Some((focus, reason)) = &card.labels.focus {
        labels.push(format!("Focus: {} ({reason})", focus.title()));
    }
    labels.extend(
        card.labels
            .custom
            .iter()
            .map(|(name, value)| format!("{name}: {value}")),
    );
    if !labels.is_empty() {
        sheet.text(3, 0, labels.join(" · "), &styles::subtitle())?;
    }
    if !card.labels.fits.is_empty() {
        sheet.text(4, 0, "Four fits", &styles::label())?;
        for (i, fit) in card.labels.fits.iter().enumerate() {
            let col = 1 + 2 * i as u16;
            sheet.merged_text(
                4,
                col,
                4,
                col + 1,
                format!(
                    "{}: {}",
                    fit.fit.title().trim_end_matches(" fit"),
                    fit.status.label()
                ),
                &styles::status(fit.status),
            )?;
            sheet.insert_note(4, col, &note(&fit.reason))?;
        }
    }
    let labels = ["PM score", "PMM score", "Shared score", "Overall"];
    for (i, label) in labels.iter().enumerate() {
        sheet.text(SCORES_ROW - 1, 1 + i as u16, *label, &styles::header())?;
    }
    sheet.set_row_height(SCORES_ROW - 1, 30)?;
    sheet.text(SCORES_ROW, 0, "Scores (0–100)", &styles::label())?;
    Ok(())
}

/// A cell note sized for a sentence or two.
pub fn note(text: &str) -> Note {
    cell_text::note(text).set_width(320).set_height(110)
}
