//! What surrounds a wide or long table on its sheet: notes and source lines
//! below it (`Notes: NPS from Delighted`, `Source: Salesforce`, a footnote
//! `* excludes trials`), blank separator rows and columns, a second table
//! stacked below it (a new header row after a blank row) or beside it (its
//! own line and period columns after a blank column), summary rows
//! (`Total`, `Average`, `Portfolio`, …) and summary columns (`YTD`, `FY`,
//! `Total`).
//!
//! [`tables`] turns the first header found on a grid into every table on
//! it, each with [`Header::end`] set where its rows end and
//! [`Header::skip`] listing its summary rows; [`note`] says what was left
//! out, as one warning per kind and in the grid's reading. A row is cut
//! off as a note only when every filled row after it (up to the next table)
//! is one too, so a data row is never dropped for looking like a note.

use super::across_columns::words;
use super::{HEADER_SCAN_ROWS, Header, Shape, find_header_from, outside};
use crate::frame::columns::{ColumnRole, HeaderMap};
use crate::frame::{GridOutput, values};
use crate::ingest::{CellRef, Grid};
use crate::model::format::and_list;
use crate::model::{DataIssue, Location};
use std::ops::Range;

/// Line-column labels of rows that sum up or average the lines above them.
const SUMMARY_ROWS: &[&str] = &[
    "total",
    "totals",
    "grand total",
    "subtotal",
    "sub-total",
    "sum",
    "average",
    "avg",
    "mean",
    "median",
    "portfolio",
    "all products",
    "all product lines",
    "all lines",
    "overall",
    "portfolio total",
    "company",
    "company total",
];

/// Headers of summary columns (a total or an average over the periods),
/// as [`words`] normalises them, for wide and periods-across tables alike:
/// `true` for the words that head one in any table, `false` for those that
/// do only beside period columns (in a wide table "Average", "Sum" or
/// "Annual" may be a KPI's own name).
const SUMMARY_COLUMNS: &[(&str, bool)] = &[
    ("ytd", true),
    ("year to date", true),
    ("total", true),
    ("totals", true),
    ("grand total", true),
    ("fy", true),
    ("full year", true),
    ("fy total", false),
    ("annual", false),
    ("average", false),
    ("avg", false),
    ("mean", false),
    ("sum", false),
];

/// What was left out around one table.
#[derive(Debug, Default)]
pub struct Around {
    /// Summary rows: (row, label).
    pub summary_rows: Vec<(usize, String)>,
    /// Summary columns: (column, header).
    pub summary_columns: Vec<(usize, String)>,
    /// Note rows below the table: (row, text).
    pub notes: Vec<(usize, String)>,
}

/// Every table on `grid`, the first under `first`: tables side by side
/// (split at a blank column) and stacked (a new header row below a blank
/// row), each bounded, with what was left out around it.
pub fn tables(grid: &Grid, first: Header, headers: &HeaderMap) -> Vec<(Header, Around)> {
    let mut tables = Vec::new();
    let mut next = Some(first);
    while let Some(header) = next.take() {
        // Only wide and long tables are bounded here; other layouts (survey
        // responses, and any added beside them) read their grid as found.
        if !matches!(header.shape, Shape::Wide | Shape::Long) {
            tables.push((header, Around::default()));
            break;
        }
        let parts = side_by_side(grid, header);
        let mut below: Option<usize> = None;
        for (mut header, span) in parts {
            let (around, next_row) = bound(grid, &mut header, &span, headers);
            below = below.max(next_row);
            tables.push((header, around));
        }
        next = below.and_then(|row| find_header_from(grid, headers, row));
    }
    tables
}

/// The header split into tables side by side: at each blank header cell
/// after which a second product line column starts, when every part has a
/// line and a period column of its own. Each part with its columns.
fn side_by_side(grid: &Grid, header: Header) -> Vec<(Header, Range<usize>)> {
    let width = grid.width(header.row);
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    let mut has_line = false;
    let line_columns = header
        .columns
        .iter()
        .filter(|(c, _, role)| *c < width && *role == ColumnRole::Line);
    for &(c, _, _) in line_columns {
        if has_line && c > 0 && grid.cell(header.row, c - 1).is_empty() {
            spans.push(start..c);
            start = c;
        }
        has_line = true;
    }
    spans.push(start..usize::MAX);
    // The recognised columns within a span, found by halving (`columns`
    // is in column order), so many tables side by side stay linear.
    let within = |span: &Range<usize>| {
        let from = header.columns.partition_point(|(c, _, _)| *c < span.start);
        let to = header.columns.partition_point(|(c, _, _)| *c < span.end);
        &header.columns[from..to]
    };
    let in_span = |span: &Range<usize>, role: ColumnRole| {
        within(span)
            .iter()
            .find(|(_, _, r)| *r == role)
            .map(|(c, _, _)| *c)
    };
    let complete = spans.iter().all(|span| {
        in_span(span, ColumnRole::Line).is_some() && in_span(span, ColumnRole::Period).is_some()
    });
    if spans.len() < 2 || !complete || header.outside != outside::Outside::default() {
        return vec![(header, 0..usize::MAX)];
    }
    spans
        .iter()
        .map(|span| {
            let mut part = header.clone();
            part.columns = within(span).to_vec();
            part.line = in_span(span, ColumnRole::Line).expect("checked");
            part.period = in_span(span, ColumnRole::Period).expect("checked");
            part.stage = in_span(span, ColumnRole::Stage);
            part.pm = in_span(span, ColumnRole::Pm);
            part.pmm = in_span(span, ColumnRole::Pmm);
            let has = |role: ColumnRole| part.columns.iter().any(|(_, _, r)| *r == role);
            part.shape = if has(ColumnRole::MetricName) && has(ColumnRole::Value) {
                Shape::Long
            } else {
                Shape::Wide
            };
            (part, span.clone())
        })
        .collect()
}

/// The filled cells of row `r` within `span`, up to `most` of them.
fn filled<'g>(
    grid: &'g Grid,
    r: usize,
    span: &Range<usize>,
) -> impl Iterator<Item = CellRef<'g>> + 'g {
    let end = grid.width(r).min(span.end);
    (span.start..end)
        .map(move |c| grid.cell(r, c))
        .filter(|cell| !cell.is_empty())
}

fn is_blank(grid: &Grid, r: usize, span: &Range<usize>) -> bool {
    filled(grid, r, span).next().is_none()
}

/// A row holding only a note: one filled cell, a text that reads as a note
/// (`Notes: …`, `Source: …`, `* excludes trials`) or a sentence (three
/// words or more), not a product line's name.
fn note_in(grid: &Grid, r: usize, span: &Range<usize>) -> Option<String> {
    let mut cells = filled(grid, r, span);
    let cell = cells.next()?;
    if cells.next().is_some() {
        return None;
    }
    let text = values::text(cell)?;
    let lower = text.to_lowercase();
    let marked = ["*", "†", "‡", "(", "note", "source", "footnote", "comment"]
        .iter()
        .any(|m| lower.starts_with(m))
        || lower.contains(':');
    (marked || text.split_whitespace().count() >= 3).then_some(text)
}

/// Whether row `r` is a header row of a new table in `span`: a line and a
/// period column.
fn is_header(grid: &Grid, r: usize, span: &Range<usize>, headers: &HeaderMap) -> bool {
    let roles: Vec<ColumnRole> = filled(grid, r, span)
        .filter_map(|cell| values::text(cell).and_then(|t| headers.role(&t)))
        .collect();
    roles.contains(&ColumnRole::Line) && roles.contains(&ColumnRole::Period)
}

/// Sets where the table under `header` ends (before notes below it, or a
/// blank row above the next table) and which of its rows are summary rows;
/// drops its summary columns. Returns what was left out, and the row from
/// which to look for the next table below.
fn bound(
    grid: &Grid,
    header: &mut Header,
    span: &Range<usize>,
    headers: &HeaderMap,
) -> (Around, Option<usize>) {
    let mut around = Around::default();
    let split = span.end != usize::MAX || span.start != 0;
    if header.shape == Shape::Wide {
        header.columns.retain(|(c, text, role)| {
            let summary = matches!(role, ColumnRole::Metric(_)) && is_summary_column(text, false);
            if summary {
                around.summary_columns.push((*c, text.clone()));
            }
            !summary
        });
    }
    let mut next = None;
    let mut after_blank = false;
    // Rows before this one are followed by a data row: not cut as notes.
    let mut data_until = 0;
    // The line (or period) column and another of the table's columns.
    let key = match header.outside.line {
        None => header.line,
        Some(_) => header.period,
    };
    let other = header
        .columns
        .iter()
        .map(|(c, _, _)| *c)
        .find(|c| *c != key && span.contains(c))
        .unwrap_or(key);
    let mut r = header.row + 1;
    while r < header.end {
        // Two filled key cells decide most rows (a data row); the others
        // are looked at whole.
        let data = !grid.cell(r, key).is_empty() && !grid.cell(r, other).is_empty();
        let (first, single) = if data {
            (true, false)
        } else {
            let mut cells = filled(grid, r, span);
            match cells.next() {
                None => (false, false),
                Some(_) => (true, cells.next().is_none()),
            }
        };
        if !first {
            if split && !grid.row_is_empty(r) {
                header.skip.push(r);
            }
            after_blank = true;
            r += 1;
            continue;
        }
        if after_blank && is_header(grid, r, span, headers) {
            header.end = r;
            next = Some(r);
            break;
        }
        let cut = single && r >= data_until && note_in(grid, r, span).is_some() && {
            let data = first_data_from(grid, r, span, headers);
            data_until = data.unwrap_or(0);
            data.is_none()
        };
        if cut {
            header.end = r;
            around.notes = (r..grid.height().min(r + HEADER_SCAN_ROWS * 5))
                .take_while(|row| !is_header(grid, *row, span, headers))
                .filter_map(|row| note_in(grid, row, span).map(|t| (row, t)))
                .collect();
            next = Some(r + 1);
            break;
        }
        after_blank = false;
        if header.outside.line.is_none()
            && let CellRef::Text(label) = grid.cell(r, header.line)
            && is_summary_row(label)
        {
            around.summary_rows.push((r, label.trim().to_string()));
            header.skip.push(r);
        }
        r += 1;
    }
    header.skip.sort_unstable();
    (around, next)
}

/// The first row from `r` on that is neither blank nor a note, unless a
/// new header row comes first: `None` when only notes follow.
fn first_data_from(
    grid: &Grid,
    r: usize,
    span: &Range<usize>,
    headers: &HeaderMap,
) -> Option<usize> {
    for row in r..grid.height() {
        if is_blank(grid, row, span) || note_in(grid, row, span).is_some() {
            continue;
        }
        return (!is_header(grid, row, span, headers)).then_some(row);
    }
    None
}

/// `Total`, `Average`, `All products`, `Total portfolio` …
pub fn is_summary_row(label: &str) -> bool {
    // Read on every row of a table: no allocation, and most labels are
    // turned away by their length or first letter.
    if label.len() > 24 || label.len() < 3 {
        return false;
    }
    let label = label.trim().trim_end_matches([':', '*']).trim();
    // The first letters of the labels below.
    if !label
        .bytes()
        .next()
        .is_some_and(|b| b"tgsamponcTGSAMPONC".contains(&b))
    {
        return false;
    }
    let starts = |prefix: &str| {
        label
            .get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    SUMMARY_ROWS.iter().any(|s| s.eq_ignore_ascii_case(label))
        || starts("total ")
        || starts("grand total")
}

/// `YTD`, `FY`, `FY2025`, `FY 2025`, `Total`, `Full year`, `YTD 2025` …;
/// `beside_periods` (a periods-across header) adds `Average`, `Sum`,
/// `Annual`, `FY total` and `Total …`, `… total`, `… YTD`, which in a wide
/// table may name a KPI (`Total revenue`).
pub fn is_summary_column(header: &str, beside_periods: bool) -> bool {
    let key = words(header);
    if SUMMARY_COLUMNS
        .iter()
        .any(|(word, anywhere)| *word == key && (*anywhere || beside_periods))
    {
        return true;
    }
    let rest = key.strip_prefix("fy").map(str::trim_start);
    let fiscal_year = rest
        .is_some_and(|y| (y.len() == 2 || y.len() == 4) && y.bytes().all(|b| b.is_ascii_digit()));
    fiscal_year
        || key.starts_with("ytd ")
        || (beside_periods
            && (key.starts_with("total ") || key.ends_with(" ytd") || key.ends_with(" total")))
}

/// Warns once per kind about what was left out around a table, and lists it
/// in the grid's reading.
pub fn note(grid: &Grid, header: &Header, around: &Around, out: &mut GridOutput) {
    let location = Location {
        file: Some(grid.file.clone()),
        sheet: grid.sheet.clone(),
        ..Location::default()
    };
    let row = |r: usize| grid.row_number(r);
    let mut skipped: Vec<String> = Vec::new();
    match around.summary_rows.as_slice() {
        [] => {}
        [(r, label)] => {
            out.issues.push(DataIssue::warning(
                format!("\"{label}\" is a summary row, not a product line: skipped"),
                Location {
                    row: Some(row(*r)),
                    ..location.clone()
                },
            ));
            skipped.push(format!("row {} \"{label}\": a summary row", row(*r)));
        }
        many => {
            let named: Vec<String> = many
                .iter()
                .map(|(r, label)| format!("\"{label}\" (row {})", row(*r)))
                .collect();
            out.issues.push(DataIssue::warning(
                format!(
                    "{} are summary rows, not product lines: skipped",
                    and_list(&named)
                ),
                location.clone(),
            ));
            skipped.extend(
                many.iter()
                    .map(|(r, label)| format!("row {} \"{label}\": a summary row", row(*r))),
            );
        }
    }
    if !around.summary_columns.is_empty() {
        let named: Vec<String> = around
            .summary_columns
            .iter()
            .map(|(c, text)| format!("\"{text}\" ({})", grid.cell_ref(header.row, *c)))
            .collect();
        let (what, verb) = match named.len() {
            1 => ("a summary column", "is"),
            _ => ("summary columns", "are"),
        };
        out.issues.push(DataIssue::warning(
            format!(
                "{} {verb} {what} (a total over periods), not a KPI: skipped",
                and_list(&named)
            ),
            location.clone(),
        ));
        skipped.extend(
            around
                .summary_columns
                .iter()
                .map(|(_, text)| format!("column \"{text}\": a summary column")),
        );
    }
    skipped.extend(
        around
            .notes
            .iter()
            .map(|(r, text)| format!("row {} \"{text}\": a note below the table", row(*r))),
    );
    if !skipped.is_empty() {
        outside::reading(grid, header, out).skipped.extend(skipped);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_labels_are_known_and_product_lines_are_not() {
        for label in [
            "Total",
            "TOTAL:",
            "Grand Total",
            "Average",
            "All products",
            "Total portfolio",
        ] {
            assert!(is_summary_row(label), "{label}");
        }
        for label in [
            "Atlas",
            "Totalizer",
            "Portfolio Manager Pro",
            "Mean Machine",
        ] {
            assert!(!is_summary_row(label), "{label}");
        }
        for header in ["YTD", "FY", "FY2025", "FY 25", "Total", "Full year"] {
            assert!(is_summary_column(header, false), "{header}");
        }
        for header in ["NPS", "Total revenue", "FYI", "Average", "NPS YTD"] {
            assert!(!is_summary_column(header, false), "{header}");
        }
        // Beside period columns these can only be summaries.
        for header in ["Average", "Total revenue", "NPS YTD", "FY total", "Sum"] {
            assert!(is_summary_column(header, true), "{header}");
        }
    }
}

#[cfg(test)]
mod reading_tests {
    use crate::frame::{FrameOptions, build};
    use crate::ingest::Grid;

    #[test]
    fn the_reading_lists_the_notes_and_summary_rows_skipped() {
        let grid = Grid::from_text_rows(
            "kpis.csv",
            &[
                &["Product Line", "Quarter", "NPS"],
                &["Atlas", "2025-Q1", "31"],
                &["Total", "2025-Q1", "31"],
                &["", "", ""],
                &["Notes: NPS from Delighted", "", ""],
                &["* excludes trials", "", ""],
            ],
        );
        let frame = build(&[grid], &FrameOptions::default()).expect("reads");
        assert_eq!(
            frame.readings()[0].skipped,
            vec![
                "row 3 \"Total\": a summary row".to_string(),
                "row 5 \"Notes: NPS from Delighted\": a note below the table".to_string(),
                "row 6 \"* excludes trials\": a note below the table".to_string(),
            ]
        );
        assert_eq!(frame.df().height(), 1);
    }

    #[test]
    fn a_row_of_data_after_a_note_keeps_the_note_in_the_table() {
        // Never drop a data row for looking like a note: the "note" is read
        // as a row and its missing period is an error, as before.
        let grid = Grid::from_text_rows(
            "kpis.csv",
            &[
                &["Product Line", "Quarter", "NPS"],
                &["Atlas", "2025-Q1", "31"],
                &["Source: Salesforce", "", ""],
                &["Beacon", "2025-Q1", "21"],
            ],
        );
        let Err(errors) = build(&[grid], &FrameOptions::default()) else {
            panic!("a row with no period is refused");
        };
        assert_eq!(
            errors.0[0].to_string(),
            "kpis.csv, row 3, column 2 (column \"Quarter\"): the period cell is empty: expected a period like 2025-Q1, Q1 2025, 2025-01 or 2025"
        );
    }
}
