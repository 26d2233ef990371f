//! The one place where the problems a run found are grouped and capped
//! before they reach the terminal. A problem repeated on more than three
//! rows of one column becomes one message with the count and the first
//! three rows (`kpis.csv, column "NPS": 412 values are not numbers, first
//! at rows 5, 6 and 9 (e.g. "n/a?")`); at most [`PRINT_LIMIT`] messages
//! print unless `check --all` asks for every one. The JSON `issues` and the
//! Issues sheet are not touched here: they keep every issue.

use crate::frame::FrameError;
use crate::model::DataIssue;
use crate::model::terminal_text::for_terminal;
use std::collections::HashMap;
use std::mem::Discriminant;

/// The most messages of one kind (errors, warnings) printed without `--all`.
pub const PRINT_LIMIT: usize = 50;

/// More than this many of one problem in one column are grouped.
const GROUP_FROM: usize = 4;

/// What groups frame errors: their kind, column and phrase.
type ErrorKey = (Discriminant<FrameError>, String, String);

/// What groups warnings: their text, file, sheet and column.
type WarningKey<'a> = (String, Option<&'a str>, Option<&'a str>, Option<&'a str>);

/// Prints `messages` on stderr, each after `prefix` (`error`, `warning`):
/// the first [`PRINT_LIMIT`] and a line saying how many more, or every one
/// when `all`.
pub fn print(prefix: &str, messages: &[String], all: bool) {
    let messages = &super::across_files::messages(messages);
    let shown = if all {
        messages.len()
    } else {
        messages.len().min(PRINT_LIMIT)
    };
    for message in &messages[..shown] {
        eprintln!("{prefix}: {}", for_terminal(message));
    }
    if let Some(more) = more_line(messages.len() - shown) {
        eprintln!("{more}");
    }
}

/// `… and 12 more (run linecard check --all to see every one)`.
fn more_line(more: usize) -> Option<String> {
    (more > 0).then(|| format!("… and {more} more (run linecard check --all to see every one)"))
}

/// The frame's errors as messages, those repeated down one column grouped.
pub fn frame_errors(errors: &[FrameError]) -> Vec<String> {
    let mut groups: Vec<Group> = Vec::new();
    // Each error's group, in the errors' order.
    let mut order: Vec<usize> = Vec::with_capacity(errors.len());
    let mut index: HashMap<ErrorKey, usize> = HashMap::new();
    for error in errors {
        let Some((place, row, example)) = parts(error).and_then(|(cell, column, example)| {
            column_and_row(cell, column).map(|(place, row)| (place, row, example))
        }) else {
            groups.push(Group::single());
            order.push(groups.len() - 1);
            continue;
        };
        let key = (
            std::mem::discriminant(error),
            place.clone(),
            phrase(error).unwrap_or_default(),
        );
        let at = *index.entry(key).or_insert_with(|| {
            groups.push(Group {
                place,
                first: error.to_string(),
                phrase: phrase(error),
                example,
                rows: Vec::new(),
            });
            groups.len() - 1
        });
        groups[at].rows.push(row);
        order.push(at);
    }
    // A group prints once, where its first error was; a small one prints
    // each of its errors in place.
    let mut printed = vec![false; groups.len()];
    let mut messages = Vec::new();
    for (error, &at) in errors.iter().zip(&order) {
        if groups[at].rows.len() < GROUP_FROM {
            messages.push(error.to_string());
        } else if !printed[at] {
            printed[at] = true;
            messages.push(groups[at].summary());
        }
    }
    messages
}

/// The warnings as messages, one repeated on many rows of one column (the
/// same text at the same file, sheet and column) grouped.
pub fn warnings(issues: &[DataIssue]) -> Vec<String> {
    let mut out: Vec<Vec<&DataIssue>> = Vec::new();
    let mut order: Vec<usize> = Vec::with_capacity(issues.len());
    let mut index: HashMap<WarningKey, usize> = HashMap::new();
    for issue in issues {
        if issue.location.row.is_none() {
            out.push(vec![issue]);
            order.push(out.len() - 1);
            continue;
        }
        let l = &issue.location;
        let key = (
            issue.message.clone(),
            l.file.as_deref(),
            l.sheet.as_deref(),
            l.column.as_deref(),
        );
        let at = *index.entry(key).or_insert_with(|| {
            out.push(Vec::new());
            out.len() - 1
        });
        out[at].push(issue);
        order.push(at);
    }
    let mut printed = vec![false; out.len()];
    let mut messages = Vec::new();
    for (issue, &at) in issues.iter().zip(&order) {
        let group = &out[at];
        if group.len() < GROUP_FROM {
            messages.push(issue.to_string());
            continue;
        }
        if std::mem::replace(&mut printed[at], true) {
            continue;
        }
        let mut location = group[0].location.clone();
        location.row = None;
        let rows: Vec<usize> = group.iter().filter_map(|i| i.location.row).collect();
        messages.push(format!(
            "{location}: {} (on {} rows, first at {})",
            group[0].message,
            group.len(),
            first_rows(&rows)
        ));
    }
    messages
}

/// One problem at the rows of one column.
struct Group {
    /// `kpis.csv, column "NPS"`.
    place: String,
    /// The first error's own message.
    first: String,
    /// What the problem is, said of many cells: `values are not numbers`.
    phrase: Option<String>,
    /// The first offending text, shown as an example.
    example: Option<String>,
    rows: Vec<usize>,
}

impl Group {
    /// An error that is not grouped (not about one cell).
    fn single() -> Group {
        Group {
            place: String::new(),
            first: String::new(),
            phrase: None,
            example: None,
            rows: Vec::new(),
        }
    }

    /// The one message for the whole group.
    fn summary(&self) -> String {
        let (count, rows) = (self.rows.len(), first_rows(&self.rows));
        match &self.phrase {
            Some(phrase) => {
                let example = match self.example.as_ref().filter(|e| !e.trim().is_empty()) {
                    Some(e) => format!(" (e.g. \"{e}\")"),
                    None => String::new(),
                };
                // "values are not numbers; expected ...": what, then the hint.
                let (what, hint) = match phrase.split_once("; ") {
                    Some((what, hint)) => (what, format!("; {hint}")),
                    None => (phrase.as_str(), String::new()),
                };
                format!(
                    "{}: {count} {what}, first at {rows}{example}{hint}",
                    self.place
                )
            }
            None => format!(
                "{}: the same problem on {count} rows, first at {rows}: {}",
                self.place, self.first
            ),
        }
    }
}

/// `rows 5, 6 and 9`.
fn first_rows(rows: &[usize]) -> String {
    let shown: Vec<String> = rows.iter().take(3).map(ToString::to_string).collect();
    match shown.as_slice() {
        [one] => format!("row {one}"),
        [a, b] => format!("rows {a} and {b}"),
        [rest @ .., last] => format!("rows {} and {last}", rest.join(", ")),
        [] => String::new(),
    }
}

/// The cell an error is about, its column's header when the error names
/// it, and the offending text; `None` for an error not about one cell.
fn parts(error: &FrameError) -> Option<(&str, Option<&str>, Option<String>)> {
    use FrameError as E;
    Some(match error {
        E::BadNumber { cell, column, raw }
        | E::ExcelError { cell, column, raw }
        | E::BadSampleSize { cell, column, raw }
        | E::BadScore {
            cell, column, raw, ..
        } => (cell.as_str(), Some(column.as_str()), Some(raw.clone())),
        E::OutOfRange {
            cell,
            column,
            value,
            ..
        } => (
            cell.as_str(),
            Some(column.as_str()),
            Some(value.to_string()),
        ),
        E::BadPeriod { cell, raw }
        | E::BadTimestamp { cell, raw }
        | E::AmbiguousDate { cell, raw, .. }
        | E::DayOrMonthFirst { cell, raw, .. }
        | E::DeclaredElsewhere { cell, raw, .. } => (cell.as_str(), None, Some(raw.clone())),
        E::MissingLine { cell }
        | E::EmptyPeriod { cell }
        | E::MissingMetric { cell }
        | E::BadStage { cell, .. } => (cell.as_str(), None, None),
        E::Conflict { places, .. } => (places[1].0.as_str(), None, None),
        E::StageConflict { places, .. } => (places[1].0.as_str(), None, None),
        _ => return None,
    })
}

/// What an error is, said of many cells, for the kinds that have a phrase
/// of their own; the others are grouped with their first message.
fn phrase(error: &FrameError) -> Option<String> {
    use FrameError as E;
    Some(match error {
        E::BadNumber { .. } => {
            "values are not numbers; expected a number (e.g. 0.85, 85%, 1,250)".into()
        }
        E::ExcelError { .. } => {
            "cells show an Excel error; fix the formulas or leave the cells blank".into()
        }
        E::BadSampleSize { .. } => "values are not whole numbers of responses".into(),
        E::BadScore { low, high, .. } => format!("values are not whole scores from {low} to {high}"),
        E::OutOfRange {
            metric,
            unit,
            expected,
            ..
        } => format!("values are out of range for {metric} ({unit}): expected {expected}"),
        E::BadPeriod { .. } => {
            "cells are not periods; expected a period like 2025-Q1, Q1 2025, 2025-01 or 2025".into()
        }
        E::EmptyPeriod { .. } => {
            "rows have an empty period cell; expected a period like 2025-Q1".into()
        }
        E::BadTimestamp { .. } => {
            "cells are not the date or time of a response; expected e.g. 2025-03-14 or 2025-03-14 10:22"
                .into()
        }
        E::DayOrMonthFirst { .. } | E::AmbiguousDate { .. } => {
            "dates are written day or month first; write them as year-month-day, e.g. 2025-03-31"
                .into()
        }
        E::DeclaredElsewhere { what, declared, .. } => format!(
            "cells name another {what} than {}, which the layout(...) declared at {} takes from {}; correct the cells, or the declaration",
            declared[0], declared[2], declared[1]
        ),
        E::MissingLine { .. } => "rows have values but no product line".into(),
        E::MissingMetric { .. } => "rows have a value but no metric name".into(),
        _ => return None,
    })
}

/// A cell's column, as messages name it, and its row number, from the
/// places the frame writes: `kpis.xlsx!KPIs!E7` -> (`kpis.xlsx, sheet KPIs,
/// column E "NPS"`, 7) and `kpis.csv, row 7, column 5 (column "NPS")` ->
/// (`kpis.csv, column "NPS"`, 7).
fn column_and_row(cell: &str, column: Option<&str>) -> Option<(String, usize)> {
    let (cell, suffix) = match cell.rsplit_once(" (column \"") {
        Some((cell, rest)) => (cell, rest.strip_suffix("\")")),
        None => (cell, None),
    };
    let header = column.or(suffix).filter(|h| !h.is_empty());
    if let Some((file, rest)) = cell.rsplit_once(", row ") {
        let (row, number) = rest.split_once(", column ")?;
        let row = row.parse().ok()?;
        let name = match header {
            Some(h) => format!("column \"{h}\""),
            None => format!("column {number}"),
        };
        return Some((format!("{file}, {name}"), row));
    }
    let (sheet_place, reference) = cell.rsplit_once('!')?;
    let (file, sheet) = sheet_place.rsplit_once('!')?;
    let digits = reference.trim_start_matches(|c: char| c.is_ascii_uppercase());
    let letters = &reference[..reference.len() - digits.len()];
    if letters.is_empty() {
        return None;
    }
    let row = digits.parse().ok()?;
    let name = match header {
        Some(h) => format!("column {letters} \"{h}\""),
        None => format!("column {letters}"),
    };
    Some((format!("{file}, sheet {sheet}, {name}"), row))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(cell: &str, raw: &str) -> FrameError {
        FrameError::BadNumber {
            cell: cell.into(),
            column: "NPS".into(),
            raw: raw.into(),
        }
    }

    #[test]
    fn places_give_their_column_and_row() {
        assert_eq!(
            column_and_row("k.xlsx!KPIs!AB12", Some("NPS")),
            Some(("k.xlsx, sheet KPIs, column AB \"NPS\"".into(), 12))
        );
        assert_eq!(
            column_and_row("k.csv, row 7, column 5 (column \"Submitted At\")", None),
            Some(("k.csv, column \"Submitted At\"".into(), 7))
        );
        assert_eq!(column_and_row("k.csv", None), None);
    }

    #[test]
    fn few_repeats_print_apart_and_many_as_one() {
        let few: Vec<FrameError> = (2..5)
            .map(|r| bad(&format!("k.csv, row {r}, column 3"), "x"))
            .collect();
        assert_eq!(frame_errors(&few).len(), 3);
        let many: Vec<FrameError> = (2..9)
            .map(|r| bad(&format!("k.csv, row {r}, column 3"), "n/a?"))
            .collect();
        assert_eq!(
            frame_errors(&many),
            [
                "k.csv, column \"NPS\": 7 values are not numbers, first at rows 2, 3 and 4 (e.g. \"n/a?\"); expected a number (e.g. 0.85, 85%, 1,250)"
            ]
        );
    }

    #[test]
    fn warnings_repeated_down_a_column_are_one_message() {
        use crate::model::Location;
        let at = |row: usize| Location {
            file: Some("k.xlsx".into()),
            sheet: Some("KPIs".into()),
            row: Some(row),
            column: Some("Region".into()),
        };
        let mut issues: Vec<DataIssue> = (2..7)
            .map(|r| DataIssue::warning("a summary row: skipped", at(r)))
            .collect();
        issues.insert(1, DataIssue::warning("sheet skipped", Location::default()));
        assert_eq!(
            warnings(&issues),
            [
                "k.xlsx, sheet KPIs, column \"Region\": a summary row: skipped (on 5 rows, first at rows 2, 3 and 4)",
                "sheet skipped",
            ]
        );
        assert_eq!(warnings(&issues[..3]).len(), 3);
    }

    #[test]
    fn the_cap_line_says_how_many_more() {
        assert_eq!(more_line(0), None);
        assert_eq!(
            more_line(7).as_deref(),
            Some("… and 7 more (run linecard check --all to see every one)")
        );
    }
}
