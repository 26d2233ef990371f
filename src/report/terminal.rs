//! The short summary table printed after a run: one row per line for the
//! selected period, worst overall score first.

use super::{Exporter, ReportDoc, ReportError};
use crate::model::Status;
use crate::model::format::show_score;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table};

/// The terminal table exporter.
pub struct Terminal {
    /// Whether to colour statuses (off when NO_COLOR is set or stdout is not a terminal).
    pub color: bool,
}

impl Exporter for Terminal {
    fn render(&self, doc: &ReportDoc) -> Result<Vec<u8>, ReportError> {
        let mut table = Table::new();
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        table.set_header([
            "Line", "Stage", "PM", "PMM", "Shared", "Overall", "Red", "Amber", "Green",
        ]);
        for card in doc.portfolio.ranked(doc.period) {
            let score = |s: Option<f64>| {
                let cell = Cell::new(show_score(s)).set_alignment(CellAlignment::Right);
                match (self.color, s) {
                    (true, Some(v)) if v >= 75.0 => cell.fg(Color::Green),
                    (true, Some(v)) if v >= 50.0 => cell.fg(Color::Yellow),
                    (true, Some(_)) => cell.fg(Color::Red),
                    _ => cell,
                }
            };
            let count = |status: Status, color: Color| {
                let n = card.count(status);
                let cell = Cell::new(n).set_alignment(CellAlignment::Right);
                if self.color && n > 0 {
                    cell.fg(color)
                } else {
                    cell
                }
            };
            table.add_row(vec![
                Cell::new(&card.line),
                Cell::new(card.stage.map_or("–", |s| s.as_str())),
                score(card.scores.pm),
                score(card.scores.pmm),
                score(card.scores.shared),
                score(card.scores.overall),
                count(Status::Red, Color::Red),
                count(Status::Amber, Color::Yellow),
                count(Status::Green, Color::Green),
            ]);
        }
        if !self.color {
            table.force_no_tty();
        }
        Ok(format!("Scorecards for {}\n{table}\n", doc.period).into_bytes())
    }
}
