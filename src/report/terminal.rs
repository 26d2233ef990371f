//! The short summary table printed after a run: one row per line for the
//! selected period, worst overall score first. The line name wraps to fit the
//! terminal width (the stage and coverage, then the status counts, are left
//! out on narrow terminals); colour only when asked for (never with NO_COLOR).

use super::{Exporter, ReportDoc, ReportError};
use crate::model::format::{and_list, show_score, show_share};
use crate::model::terminal_text::short_name;
use crate::model::{ScoreKind, Status};
use crate::scorecard::{Coverage, ScoreStatus, Scorecard};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width};

/// The terminal table exporter.
pub struct Terminal {
    /// Whether to colour statuses (off when NO_COLOR is set or stdout is not a terminal).
    pub color: bool,
    /// The width to fit in; `None` asks the terminal (no limit when output
    /// is not a terminal).
    pub width: Option<u16>,
}

impl Exporter for Terminal {
    fn render(&self, doc: &ReportDoc) -> Result<Vec<u8>, ReportError> {
        let mut table = Table::new();
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        table.set_header([
            "Line", "Stage", "PM", "PMM", "Shared", "Overall", "Coverage", "Red", "Amber", "Green",
        ]);
        let mut unscored: Vec<String> = Vec::new();
        for card in doc.portfolio.ranked(doc.period) {
            unscored.extend(insufficient(card));
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
                Cell::new(short_name(&card.line)),
                Cell::new(card.stage.map_or("–", |s| s.as_str())),
                score(card.scores.pm),
                score(card.scores.pmm),
                score(card.scores.shared),
                score(card.scores.overall),
                Cell::new(short_coverage(card.scores.coverage(ScoreKind::Overall)))
                    .set_alignment(CellAlignment::Right),
                count(Status::Red, Color::Red),
                count(Status::Amber, Color::Yellow),
                count(Status::Green, Color::Green),
            ]);
        }
        if let Some(width) = self.width {
            table.set_width(width);
        }
        // Numbers never wrap; the line name takes what is left. On narrow
        // terminals the stage and the coverage go first, then the status
        // counts.
        let available = table.width().unwrap_or(u16::MAX);
        for (i, column) in table.column_iter_mut().enumerate() {
            let constraint = match i {
                0 => ColumnConstraint::LowerBoundary(Width::Fixed(12)),
                1 if available < 90 => ColumnConstraint::Hidden,
                6 if available < 90 => ColumnConstraint::Hidden,
                7..=9 if available < 70 => ColumnConstraint::Hidden,
                _ => ColumnConstraint::ContentWidth,
            };
            column.set_constraint(constraint);
        }
        if self.color {
            table.enforce_styling();
        }
        let mut text = format!("Scorecards for {}\n{table}\n", doc.period);
        for line in unscored {
            text.push_str(&format!("– {line}\n"));
        }
        Ok(text.into_bytes())
    }
}

/// `9 of 10 · 88%`: the overall score's KPIs with a value and its share
/// of the weight.
fn short_coverage(c: &Coverage) -> String {
    match c.share() {
        Some(share) => format!("{} of {} · {}", c.kpis, c.of, show_share(share)),
        None => "–".to_string(),
    }
}

/// A note for a line with scores left out for too little data:
/// `Dune: no PMM, Shared or Overall score: too little data (Overall: 1 of
/// 8 KPIs, 20% of the weight; it needs 50%)`.
fn insufficient(card: &Scorecard) -> Option<String> {
    let kinds: Vec<ScoreKind> = ScoreKind::ALL
        .into_iter()
        .filter(|k| card.scores.status(*k) == ScoreStatus::InsufficientData)
        .collect();
    let last = *kinds.last()?;
    let names: Vec<String> = kinds.iter().map(|k| k.label().to_string()).collect();
    let names = and_list(&names).replacen(" and ", " or ", 1);
    let c = card.scores.coverage(last);
    Some(format!(
        "{}: no {names} score: too little data ({}: {c}; it needs {})",
        short_name(&card.line),
        last.label(),
        show_share(c.minimum)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;
    use crate::rules::Catalogue;
    use crate::scorecard::{Portfolio, Scorecard, Scores};

    #[test]
    fn fits_the_width_and_has_no_colour_codes_without_colour() {
        let period: Period = "2025-Q4".parse().unwrap();
        let card = |line: &str, overall: f64| Scorecard {
            line: line.to_string(),
            period,
            stage: None,
            people: Default::default(),
            scores: Scores {
                overall: Some(overall),
                ..Scores::default()
            },
            labels: Default::default(),
            metrics: Vec::new(),
        };
        let portfolio = Portfolio {
            lines: vec![
                "A product line with a very long name indeed".into(),
                "B".into(),
            ],
            periods: vec![period],
            cards: vec![
                card("A product line with a very long name indeed", 40.0),
                card("B", 80.0),
            ],
            issues: Vec::new(),
        };
        let catalogue = Catalogue::default();
        let doc = ReportDoc {
            version: "test",
            inputs: Vec::new(),
            rules: &[],
            catalogue: &catalogue,
            portfolio: &portfolio,
            period,
            frame: None,
            generated: None,
            options: Vec::new(),
            since: None,
            line_sheets: crate::report::DEFAULT_LINE_SHEETS,
        };
        let text = String::from_utf8(
            Terminal {
                color: false,
                width: Some(72),
            }
            .render(&doc)
            .unwrap(),
        )
        .unwrap();
        assert!(!text.contains('\u{1b}'), "{text}");
        for line in text.lines() {
            assert!(line.chars().count() <= 72, "{line:?} is wider than 72");
        }
        // Below 90 columns the stage is left out; the counts stay.
        assert!(!text.contains("Stage") && text.contains("Amber"), "{text}");
        assert!(text.contains("40.0") && text.contains("80.0"), "{text}");
    }
}
