//! How a record table was read, in words for `linecard check`: the kind
//! its columns made it, where each record's line comes from, which time
//! puts each KPI in a period, the KPIs it gives, and the columns it does
//! not use.

use super::choices::RecordChoices;
use super::measure::{LATEST, Measure};
use super::schema::Columns;
use crate::frame::layout::describe::column_named;
use crate::frame::layout::place_of;
use crate::frame::{Layout, Reading};
use crate::ingest::Grid;
use crate::model::format::plural;
use std::collections::BTreeSet;

/// How many header texts a line names before "…".
const NAMED: usize = 6;

/// `"Id", "Status", "Created at", …`: the first few texts, quoted.
fn some<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    let texts: Vec<&str> = texts.collect();
    let mut shown: Vec<String> = texts
        .iter()
        .take(NAMED)
        .map(|t| format!("\"{t}\""))
        .collect();
    if texts.len() > NAMED {
        shown.push("…".to_string());
    }
    shown.join(", ")
}

/// The reading of the record table under header row `row` of `grid`;
/// `periods` says what puts the records in periods for a kind with its own
/// aggregation, instead of the time column of each KPI.
pub fn reading(
    grid: &Grid,
    row: usize,
    found: &Columns,
    choices: &RecordChoices,
    measures: &[Measure],
    present: &BTreeSet<&str>,
    periods: Option<String>,
) -> Reading {
    let column = |c: usize, header: &str| column_named(grid, c, Some(header));
    let mut fields: Vec<&(usize, String)> = found.fields.values().collect();
    fields.sort_unstable();
    let why = format!(
        "{} has the columns of {} ({})",
        grid.header_words(row),
        found.kind.export(),
        some(fields.iter().map(|(_, h)| h.as_str()))
    );
    let mut from: Vec<(&'static str, String)> = Vec::new();
    let line = match &choices.line {
        Some(named) => found.named(named),
        None => super::kind(found.kind)
            .schema
            .line_fields
            .iter()
            .find_map(|f| found.get(f)),
    };
    if let Some((c, header)) = line {
        let mut text = column(c, header);
        if let (false, Some(at)) = (choices.lines.is_empty(), &choices.declared_at) {
            text.push_str(&format!(", mapped to lines by the records(...) at {at}"));
        }
        from.push(("product line", text));
    }
    let usable: Vec<&Measure> = measures.iter().filter(|m| m.usable(present)).collect();
    let mut times: Vec<&str> = Vec::new();
    for m in &usable {
        if !times.contains(&m.by) {
            times.push(m.by);
        }
    }
    let by_time: Vec<String> = times
        .iter()
        .filter_map(|t| match *t {
            LATEST => Some((t, "the export's latest period".to_string())),
            _ => found.get(t).map(|(c, h)| (t, column(c, h))),
        })
        .map(|(t, place)| {
            let kpis: Vec<&str> = usable
                .iter()
                .filter(|m| m.by == *t)
                .map(|m| m.metric)
                .collect();
            format!("{place} for {}", kpis.join(", "))
        })
        .collect();
    from.push(("period", periods.unwrap_or_else(|| by_time.join("; "))));
    let mut used: Vec<usize> = found.fields.values().map(|(c, _)| *c).collect();
    used.extend(line.map(|(c, _)| c));
    let unused: Vec<&str> = found
        .headers
        .iter()
        .filter(|(c, _)| !used.contains(c))
        .map(|(_, h)| h.as_str())
        .collect();
    let skipped = match unused.len() {
        0 => Vec::new(),
        n => vec![format!(
            "{n} column{} not used for these KPIs: {}",
            plural(n),
            some(unused.iter().copied())
        )],
    };
    Reading {
        place: place_of(grid),
        layout: Layout::Records(found.kind),
        why,
        from,
        skipped,
    }
}
