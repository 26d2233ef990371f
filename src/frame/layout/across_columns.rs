//! The header of a periods-across table, column by column: a period
//! (`Q1 2025`, `2025-Q1`, `Jan 2025`, `Jan-25`, `2025-01`, a date cell, `Q1`
//! under `FY2025`), with what it holds under it (`Actual`, `Target`,
//! `Threshold`, a benchmark); a summary column (`YTD`, `Total`, `FY2025`
//! beside its quarters); a notes column; or a label column left of the
//! periods (the KPI, the product line).
//!
//! Also the words that mark a row or sub-column as a target, threshold or
//! benchmark rather than the KPI's actual. Helper B's `columns.rs` roles
//! will own these words for column headers; until they land they are kept
//! here, private to the across layout.

use super::headers::Flat;
use crate::frame::{dates, reference_words};
use crate::ingest::{CellRef, Grid};
use crate::model::{Granularity, MetricId, Period, ReferenceKind};

/// What a cell under a period column (or a row) holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holds {
    /// The KPI's value (`Actual`, or nothing said).
    Actual,
    Reference(ReferenceKind),
}

/// A column headed by a period.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodColumn {
    pub column: usize,
    pub period: Period,
    pub holds: Holds,
    /// The header as written (flattened): `Q1 2025 Target`.
    pub header: String,
}

/// A periods-across header, column by column.
#[derive(Debug, Default)]
pub struct AcrossColumns {
    pub periods: Vec<PeriodColumn>,
    /// Columns of totals (`YTD`, `Total`, `FY2025`): (column, header).
    pub summaries: Vec<(usize, String)>,
    /// Notes and comments columns: (column, header).
    pub notes: Vec<(usize, String)>,
    /// Other headed columns right of the first period: (column, header).
    pub others: Vec<(usize, String)>,
}

impl AcrossColumns {
    /// The first period column, left of which the label columns lie.
    pub fn first(&self) -> Option<usize> {
        self.periods.first().map(|p| p.column)
    }
}

/// Reads the header `flat`, whose leaf row is `row` of `grid`.
pub fn classify(grid: &Grid, row: usize, flat: &Flat) -> AcrossColumns {
    let mut found = AcrossColumns::default();
    let mut years: Vec<(usize, String)> = Vec::new();
    for (c, cell) in flat.cells.iter().enumerate() {
        let Some(text) = cell.text() else { continue };
        let leaf_cell = grid.cell(row, c);
        if let Some((period, holds)) =
            period_header(leaf_cell, cell.upper.as_deref(), cell.leaf.as_deref())
        {
            if period.granularity() == Granularity::Year {
                years.push((c, text));
                continue;
            }
            found.periods.push(PeriodColumn {
                column: c,
                period,
                holds,
                header: text,
            });
            continue;
        }
        let key = words(cell.leaf.as_deref().unwrap_or(&text));
        if super::surroundings::is_summary_column(&key, true) {
            found.summaries.push((c, text));
        } else if NOTES.contains(&key.as_str()) {
            found.notes.push((c, text));
        } else {
            found.others.push((c, text));
        }
    }
    // Years beside quarters or months are their totals; years alone are
    // the periods.
    if found.periods.is_empty() {
        for (c, text) in years {
            let period = year_of(&text).map(Period::year).expect("a year");
            found.periods.push(PeriodColumn {
                column: c,
                period,
                holds: Holds::Actual,
                header: text,
            });
        }
    } else {
        found.summaries.extend(years);
        found.summaries.sort();
    }
    let first = found.first().unwrap_or(usize::MAX);
    found.others.retain(|(c, _)| *c > first);
    found
}

/// The period a header names and what its column holds: a date cell (its
/// month), a label, a label with `Actual`/`Target`/… before or after it,
/// a sub-header under a period, or a quarter or month under a year.
fn period_header(
    leaf_cell: CellRef,
    upper: Option<&str>,
    leaf: Option<&str>,
) -> Option<(Period, Holds)> {
    if let CellRef::Date(d) = leaf_cell {
        let holds = upper.and_then(holds_word).unwrap_or(Holds::Actual);
        return Some((dates::bucket(d, Granularity::Month), holds));
    }
    let leaf = leaf?;
    if let Some(holds) = holds_word(leaf) {
        return Some((period_of(upper?)?, holds));
    }
    if let Some((period, holds)) = labelled_period(leaf) {
        let holds = match (&holds, upper.and_then(holds_word)) {
            (Holds::Actual, Some(above)) => above,
            _ => holds,
        };
        return Some((period, holds));
    }
    let year = upper.and_then(year_of)?;
    let within = dates::period_label(&format!("{leaf} {year}"))?;
    (within.granularity() != Granularity::Year).then_some((within, Holds::Actual))
}

/// A period with an optional `Actual`/`Target`/… word before or after it:
/// `Q1 2025`, `Q1 2025 Target`, `Target Q1 2025`.
fn labelled_period(text: &str) -> Option<(Period, Holds)> {
    if let Some(period) = period_of(text) {
        return Some((period, Holds::Actual));
    }
    let (first, rest) = text.split_once(' ')?;
    let (last_rest, last) = text.rsplit_once(' ')?;
    if let (Some(holds), Some(period)) = (holds_word(last), period_of(last_rest)) {
        return Some((period, holds));
    }
    match (holds_word(first), period_of(rest)) {
        (Some(holds), Some(period)) => Some((period, holds)),
        _ => None,
    }
}

/// A period label, a fiscal year written `FY2025` / `FY25` (a calendar
/// year here), or an ISO date (its month: ods gives a `mmm yyyy` date
/// cell as `2025-01-01`).
pub fn period_of(text: &str) -> Option<Period> {
    let text = text.trim();
    dates::period_label(text)
        .or_else(|| fiscal_year(text).map(Period::year))
        .or_else(|| dates::iso_datetime(text).map(|d| dates::bucket(d, Granularity::Month)))
}

/// `FY2025`, `FY 2025`, `FY25` as the year 2025.
fn fiscal_year(text: &str) -> Option<i32> {
    let t = text.trim();
    let rest = t.get(..2).filter(|p| p.eq_ignore_ascii_case("fy"))?;
    let digits = t[rest.len()..].trim_start_matches([' ', '-']);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        4 => digits.parse().ok(),
        2 => digits.parse::<i32>().ok().map(|y| 2000 + y),
        _ => None,
    }
}

/// The year a label over quarters or months names: `2025`, `FY2025`, `FY25`.
fn year_of(text: &str) -> Option<i32> {
    match period_of(text) {
        Some(p) if p.granularity() == Granularity::Year => p.to_string().parse().ok(),
        _ => None,
    }
}

/// A header or row label reduced to lower-case words joined by single
/// spaces, without punctuation around them.
pub fn words(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || "_-–—()[]:.,/".contains(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sub-headers that mark a period's actual value (`Q1 2025 | Actual`).
const ACTUAL: &[&str] = &["actual", "actuals", "act", "value"];
/// What a label alone says a cell holds: `Actual`, or a target, threshold
/// or benchmark by the same words as a tidy table's headers
/// ([`reference_words`]: `Target`, `Goal`, `Plan`, `Budget`, `Threshold`,
/// `Floor`, `Min`, `Benchmark`, `Industry median`, `Competitor: Acme`, the
/// benchmark keeping its label as written).
pub fn holds_word(text: &str) -> Option<Holds> {
    if ACTUAL.contains(&words(text).as_str()) {
        return Some(Holds::Actual);
    }
    reference_words::classify(text)
        .filter(|found| found.metric.is_none())
        .map(|found| Holds::Reference(found.kind))
}

/// A row label naming a KPI and what the row holds: `NPS target` is
/// (`nps`, target), `NPS actual` is (`nps`, actual), `NPS – industry
/// median` a benchmark of NPS. `None` when the label names no KPI or
/// holds no such word.
pub fn split_holds(label: &str) -> Option<(String, Holds)> {
    let key = MetricId::normalise(label)?;
    if let Some(base) = reference_words::actual_of(key.as_str()) {
        return Some((base.to_string(), Holds::Actual));
    }
    let found = reference_words::classify(label)?;
    Some((found.metric?, Holds::Reference(found.kind)))
}

const NOTES: &[&str] = &[
    "notes",
    "note",
    "comments",
    "comment",
    "remarks",
    "remark",
    "source",
    "sources",
    "commentary",
    "unit",
    "units",
];

/// Whether a row label, a section or a line names a summary of several
/// lines (`Total`, `Average`, `Portfolio`, `All products`): the same words
/// as a tidy table's summary rows.
pub fn is_summary_row(label: &str) -> bool {
    super::surroundings::is_summary_row(label)
}

/// Whether a row's only text is a note (`Notes: …`, `Source: …`).
pub fn is_note(label: &str) -> bool {
    let key = words(label);
    ["note", "notes", "source", "sources", "comment", "comments"]
        .iter()
        .any(|w| key == *w || key.starts_with(&format!("{w} ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> String {
        period_of(text).map(|p| p.to_string()).unwrap_or_default()
    }

    #[test]
    fn period_headers_as_people_write_them() {
        assert_eq!(p("Q1 2025"), "2025-Q1");
        assert_eq!(p("2025-Q1"), "2025-Q1");
        assert_eq!(p("Jan 2025"), "2025-01");
        assert_eq!(p("Jan-25"), "2025-01");
        assert_eq!(p("2025-01"), "2025-01");
        assert_eq!(p("FY2025"), "2025");
        assert_eq!(p("FY25"), "2025");
        assert_eq!(p("2025-03-01"), "2025-03");
        assert_eq!(p("YTD"), "");
        let q = |leaf: &str, upper: Option<&str>| {
            period_header(CellRef::Text(leaf), upper, Some(leaf)).map(|(p, h)| (p.to_string(), h))
        };
        assert_eq!(
            q("Q1", Some("FY2025")),
            Some(("2025-Q1".into(), Holds::Actual))
        );
        assert_eq!(
            q("Target", Some("Q2 2025")),
            Some(("2025-Q2".into(), Holds::Reference(ReferenceKind::Target)))
        );
        assert_eq!(
            q("Q3 2025 Plan", None),
            Some(("2025-Q3".into(), Holds::Reference(ReferenceKind::Target)))
        );
        assert_eq!(q("Target", None), None);
    }

    #[test]
    fn row_labels_that_name_a_reference() {
        assert_eq!(
            split_holds("NPS target"),
            Some(("nps".into(), Holds::Reference(ReferenceKind::Target)))
        );
        assert_eq!(
            // A benchmark keeps its label as the file writes it.
            split_holds("Retention – industry median"),
            Some((
                "retention".into(),
                Holds::Reference(ReferenceKind::Benchmark("industry median".into()))
            ))
        );
        assert_eq!(
            split_holds("NPS actual"),
            Some(("nps".into(), Holds::Actual))
        );
        assert_eq!(split_holds("Target"), None);
        assert_eq!(split_holds("NPS"), None);
        assert!(is_summary_row("All products"));
        assert!(is_summary_row("Total"));
        assert!(!is_summary_row("Atlas"));
        assert!(is_note("Notes: NPS from Delighted"));
    }
}
