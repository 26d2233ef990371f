//! The Markdown export, for pasting into documents and chat: a summary
//! table of every line for the selected period, worst first, then a table
//! per line with each KPI's value, target, status, change and reason.

use super::{Exporter, ReportDoc, ReportError};
use crate::model::format::{show, show_change, show_score, show_share};
use crate::model::{Owner, ScoreKind, Status};
use crate::scorecard::{MetricResult, ScoreStatus, Scorecard};

/// The Markdown exporter.
pub struct Markdown;

/// A table cell: pipes escaped, line breaks folded into spaces.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

fn table(out: &mut String, header: &[&str], align: &str, rows: &[Vec<String>]) {
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    let marks: Vec<&str> = align
        .chars()
        .map(|a| if a == 'r' { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("| {} |\n", marks.join(" | ")));
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out.push('\n');
}

fn status_mark(status: Status) -> &'static str {
    match status {
        Status::Green => "🟢 Green",
        Status::Amber => "🟡 Amber",
        Status::Red => "🔴 Red",
        Status::NoData => "⚪ No data",
        Status::InsufficientSample => "⚪ Small sample",
        Status::Info => "ℹ️ Info",
        Status::Off => "⚪ Off",
    }
}

fn summary_row(card: &Scorecard) -> Vec<String> {
    let s = &card.scores;
    vec![
        cell(&card.line),
        card.stage.map_or("–", |s| s.as_str()).to_string(),
        card.labels
            .focus
            .as_ref()
            .map_or("–", |(f, _)| f.title())
            .to_string(),
        show_score(s.pm),
        show_score(s.pmm),
        show_score(s.shared),
        format!("**{}**", show_score(s.overall)),
        coverage(card, ScoreKind::Overall),
        card.count(Status::Red).to_string(),
        card.count(Status::Amber).to_string(),
        card.count(Status::Green).to_string(),
    ]
}

/// `3 of 5 KPIs, 64% of the weight`, and why there is no score when the
/// coverage is below the rules' minimum.
fn coverage(card: &Scorecard, kind: ScoreKind) -> String {
    let c = card.scores.coverage(kind);
    match card.scores.status(kind) {
        ScoreStatus::InsufficientData => {
            format!("{c}: below the minimum {}", show_share(c.minimum))
        }
        _ => c.to_string(),
    }
}

fn metric_row(m: &MetricResult) -> Vec<String> {
    let value = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| show(v, m.unit));
    let target = match m.threshold {
        Some(t) => match t.upper {
            Some(u) => format!("{}–{}", show(t.target, m.unit), show(u, m.unit)),
            None => show(t.target, m.unit),
        },
        None => "–".to_string(),
    };
    vec![
        cell(&m.name),
        m.owner.map_or("–", |o| o.short()).to_string(),
        value(m.value),
        target,
        status_mark(m.status).to_string(),
        m.change()
            .map_or_else(|| "–".to_string(), |c| show_change(c, m.unit)),
        cell(&m.reason().to_string()),
    ]
}

fn line_section(out: &mut String, card: &Scorecard) {
    out.push_str(&format!("## {}\n\n", cell(&card.line)));
    let mut facts = vec![format!(
        "Stage: {}",
        card.stage.map_or("not stated", |s| s.as_str())
    )];
    if let Some(pm) = &card.people.pm {
        facts.push(format!("PM: {}", cell(pm)));
    }
    if let Some(pmm) = &card.people.pmm {
        facts.push(format!("PMM: {}", cell(pmm)));
    }
    if let Some((focus, _)) = &card.labels.focus {
        facts.push(format!("Focus: {}", focus.title()));
    }
    facts.extend(
        card.labels
            .fits
            .iter()
            .map(|f| format!("{}: {}", f.fit.title(), f.status.label())),
    );
    let s = &card.scores;
    let scores: Vec<String> = ScoreKind::ALL
        .iter()
        .map(|k| {
            format!(
                "{} {} ({})",
                k.label(),
                show_score(s.get(*k)),
                coverage(card, *k)
            )
        })
        .collect();
    facts.push(format!("Scores: {}", scores.join(" · ")));
    out.push_str(&facts.join(" · "));
    out.push_str("\n\n");
    let mut metrics: Vec<&MetricResult> = card.metrics.iter().collect();
    let rank =
        |o: Option<Owner>| o.map_or(3, |o| Owner::ALL.iter().position(|x| *x == o).unwrap_or(3));
    metrics.sort_by_key(|m| rank(m.owner));
    let rows: Vec<Vec<String>> = metrics.into_iter().map(metric_row).collect();
    table(
        out,
        &["KPI", "Owner", "Value", "Target", "Status", "Change", "Why"],
        "llrrlrl",
        &rows,
    );
}

impl Exporter for Markdown {
    fn render(&self, doc: &ReportDoc) -> Result<Vec<u8>, ReportError> {
        let mut out = format!("# Portfolio scorecard · {}\n\n", doc.period);
        out.push_str("Scores run 0–100: 100 = every scored KPI at its target, 50 = at its amber threshold. Worst line first. Coverage is how much of a score's KPIs, by weight, had a value; below the rules' minimum the score is left out (–).\n\n");
        let cards = doc.portfolio.ranked(doc.period);
        let rows: Vec<Vec<String>> = cards.iter().map(|c| summary_row(c)).collect();
        table(
            &mut out,
            &[
                "Line", "Stage", "Focus", "PM", "PMM", "Shared", "Overall", "Coverage", "Red",
                "Amber", "Green",
            ],
            "lllrrrrlrrr",
            &rows,
        );
        for card in cards {
            line_section(&mut out, card);
        }
        Ok(out.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_pipes_and_fold_lines() {
        assert_eq!(cell("A | B\nC"), "A \\| B C");
        assert_eq!(cell("back\\slash"), "back\\\\slash");
    }
}
