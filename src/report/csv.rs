//! The CSV export: one row per line, period and metric, with the status,
//! its reason, the source of the value, where the target came from and
//! the data's benchmarks; columns are only ever added at the end. Text
//! that a spreadsheet would read as a formula (starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return) is neutralised with a leading
//! apostrophe; numbers stay numbers, negative ones included.

use super::{Exporter, ReportDoc, ReportError};
use crate::model::format::plain;
use crate::scorecard::{MetricResult, Scorecard};

/// The CSV exporter.
pub struct Csv;

const HEADER: [&str; 20] = [
    "line",
    "period",
    "stage",
    "metric",
    "name",
    "owner",
    "direction",
    "unit",
    "value",
    "previous",
    "target",
    "warn",
    "upper",
    "status",
    "attainment",
    "weight",
    "reason",
    "source",
    "target_from",
    "benchmarks",
];

/// One CSV field.
enum Field<'a> {
    Text(&'a str),
    Number(Option<f64>),
}

/// Appends `text` as a safe CSV field: neutralised against formula
/// injection, then quoted when it holds a comma, quote or line break.
fn push_text(out: &mut String, text: &str) {
    let neutral = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = text.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if neutral {
        out.push('\'');
    }
    if quoted {
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

fn row(out: &mut String, fields: &[Field]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match field {
            Field::Text(t) => push_text(out, t),
            Field::Number(Some(n)) => out.push_str(&plain(*n)),
            Field::Number(None) => {}
        }
    }
    out.push_str("\r\n");
}

/// `Industry median 38; Competitor: Acme 41`: each benchmark's label and
/// value in canonical units, as the value column writes them.
fn benchmarks(m: &MetricResult) -> String {
    let each: Vec<String> = m
        .benchmarks
        .iter()
        .map(|b| format!("{} {}", b.label, plain(b.value)))
        .collect();
    each.join("; ")
}

fn metric_row(out: &mut String, card: &Scorecard, m: &MetricResult) {
    use Field::{Number, Text};
    let period = card.period.to_string();
    let reason = m.reason().to_string();
    let benchmarks = benchmarks(m);
    row(
        out,
        &[
            Text(&card.line),
            Text(&period),
            Text(card.stage.map_or("", |s| s.as_str())),
            Text(m.metric.as_str()),
            Text(&m.name),
            Text(m.owner.map_or("", |o| o.as_str())),
            Text(m.direction.map_or("", |d| d.as_str())),
            Text(m.unit.as_str()),
            Number(m.value),
            Number(m.previous),
            Number(m.threshold.map(|t| t.target)),
            Number(m.threshold.and_then(|t| t.warn)),
            Number(m.threshold.and_then(|t| t.upper)),
            Text(m.status.as_str()),
            Number(m.attainment),
            Number(Some(m.weight)),
            Text(&reason),
            Text(m.source.as_deref().unwrap_or("")),
            Text(m.target_from.as_deref().unwrap_or("")),
            Text(&benchmarks),
        ],
    );
}

impl Exporter for Csv {
    fn render(&self, doc: &ReportDoc) -> Result<Vec<u8>, ReportError> {
        let mut out = String::new();
        row(
            &mut out,
            &HEADER.iter().map(|h| Field::Text(h)).collect::<Vec<_>>(),
        );
        for card in &doc.portfolio.cards {
            for m in &card.metrics {
                metric_row(&mut out, card, m);
            }
        }
        Ok(out.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_field(text: &str) -> String {
        let mut out = String::new();
        push_text(&mut out, text);
        out
    }

    #[test]
    fn neutralises_formulas_and_quotes_what_needs_it() {
        assert_eq!(
            text_field("=HYPERLINK(\"x\")"),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(text_field("-5 pts"), "'-5 pts");
        assert_eq!(text_field("@sum"), "'@sum");
        assert_eq!(text_field("\tx"), "'\tx");
        assert_eq!(text_field("a, b"), "\"a, b\"");
        assert_eq!(text_field("plain"), "plain");
        let mut out = String::new();
        row(&mut out, &[Field::Number(Some(-7.5)), Field::Number(None)]);
        assert_eq!(out, "-7.5,\r\n");
    }
}
