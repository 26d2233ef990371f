//! Recognising a survey-tool export by its shape, not only by its header
//! names: one row per respondent, many rows for one line and period, whole
//! scores from 0 to 10 (recommend) or 1 to 5 (satisfaction), a response id
//! or a time-of-response column, and free-text columns beside them.
//!
//! All of a score column's sampled cells whole numbers from 0 to 10, two
//! rows for one line and period (which a table of one value per line and
//! period cannot have), and a response id or a time of day: only then is
//! a table with a generic or aggregate-named score read as responses.
//!
//! Delighted, Typeform, SurveyMonkey, Google Forms, Zendesk and in-app NPS
//! widgets write such files with a generic `Score` or `Rating` column, a
//! per-response `NPS` column, or the question itself as the header. Once a
//! grid's header row is found, [`refine`] looks at the header and at a
//! bounded sample of rows (never a pass over a large file), and when the
//! evidence says "responses" it turns the score columns into response
//! columns and notes which columns it skipped and why. The notes and the
//! evidence become the grid's [`crate::frame::Reading`].

use super::{Header, Shape};
use crate::frame::FrameError;
use crate::frame::columns::ColumnRole;
use crate::frame::values::{self, Number};
use crate::ingest::{CellRef, Grid};
use crate::model::{Granularity, MetricId, Period};
use std::collections::HashSet;

/// How many rows below the header are looked at to decide the shape.
pub const SAMPLE_ROWS: usize = 500;

/// Columns that identify a response (or the respondent's device): skipped.
const ID: &[&str] = &[
    "id",
    "response_id",
    "respondent_id",
    "respondent",
    "collector_id",
    "network_id",
    "submission_id",
    "response_token",
    "token",
    "ticket_id",
    "user_id",
    "customer_id",
    "ip_address",
];
/// Free-text columns: skipped.
const COMMENT: &[&str] = &[
    "comment",
    "comments",
    "feedback",
    "reason",
    "why",
    "open_ended_response",
    "verbatim",
    "notes",
];
/// A per-response promoter/passive/detractor column, checked against the score.
const GROUP: &[&str] = &["nps_group", "nps_category", "nps_segment", "nps_type"];
/// The time a response was finished, preferred over when it was started.
const FINISHED: &[&str] = &[
    "end_date",
    "submit_date_utc",
    "submit_date",
    "date_submitted",
    "end_time",
    "created_at",
    "timestamp",
];
/// Generic score headers: the scale is read from the values.
const GENERIC_SCORE: &[&str] = &["score", "response_score", "answer"];
/// The cells of SurveyMonkey's second header row.
const SUB_HEADERS: &[&str] = &["Response", "Open-Ended Response"];

/// What [`refine`] found about a per-response grid.
#[derive(Debug, Clone, Default)]
pub struct Survey {
    /// The shape evidence, in words, for the grid's Reading.
    pub why: String,
    /// Each skipped column, with why.
    pub skipped: Vec<String>,
    /// What the user must know (shown by `check` and in the Issues sheet).
    pub warnings: Vec<String>,
    /// The `NPS Group` column, checked against the recommend score.
    pub group: Option<usize>,
    /// A reason not to read the grid at all.
    pub refusal: Option<FrameError>,
}

/// What one column's header says in a survey export.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Id,
    Email,
    Comment,
    Group,
    /// A generic `Score` column, or one named like an aggregate (`NPS`).
    Score,
    Other,
}

fn kind(text: &str, role: Option<&ColumnRole>) -> Kind {
    if text.trim() == "#" {
        return Kind::Id;
    }
    let Some(key) = MetricId::normalise(text) else {
        return Kind::Other;
    };
    let key = key.as_str();
    if ID.contains(&key) || key.ends_with("_id") {
        Kind::Id
    } else if key.contains("email") {
        Kind::Email
    } else if COMMENT.contains(&key)
        || ["comment", "reason", "feedback"]
            .iter()
            .any(|word| key.contains(word))
    {
        Kind::Comment
    } else if GROUP.contains(&key) {
        Kind::Group
    } else if GENERIC_SCORE.contains(&key)
        || matches!(role, Some(ColumnRole::Metric(m)) if m.as_str() == "nps" || m.as_str() == "csat")
    {
        Kind::Score
    } else {
        Kind::Other
    }
}

/// Looks at a grid whose header row was found and, when its shape is one
/// row per survey response, marks it so ([`Shape::Responses`], score
/// columns as recommend or satisfaction) and records the evidence in
/// `header.survey`. A grid already named as responses by its headers gets
/// its notes too. Anything else is left as it was.
pub fn refine(grid: &Grid, header: &mut Header) {
    if header.shape == Shape::Long {
        return;
    }
    let row = header.row;
    let width = grid.width(row);
    let texts: Vec<Option<String>> = (0..width)
        .map(|c| values::text(grid.cell(row, c)))
        .collect();
    let roles: Vec<Option<ColumnRole>> = (0..width)
        .map(|c| header.column_entry(c).map(|(_, _, r)| r.clone()))
        .collect();
    let kinds: Vec<Kind> = (0..width)
        .map(|c| {
            texts[c]
                .as_deref()
                .map_or(Kind::Other, |t| kind(t, roles[c].as_ref()))
        })
        .collect();
    // "Satisfaction Comment" is a comment, not a satisfaction score.
    for (c, _, role) in header.columns.iter_mut() {
        if matches!(kinds.get(*c), Some(Kind::Id | Kind::Email | Kind::Comment))
            && matches!(role, ColumnRole::Recommend | ColumnRole::Satisfaction)
        {
            *role = ColumnRole::Value;
        }
    }
    let named_responses = header
        .columns
        .iter()
        .any(|(_, _, r)| matches!(r, ColumnRole::Recommend | ColumnRole::Satisfaction));
    let scores: Vec<usize> = (0..width).filter(|c| kinds[*c] == Kind::Score).collect();
    if !named_responses && scores.is_empty() {
        return;
    }

    // The time a response was finished, when the export also says when it
    // was started.
    let time_columns: Vec<usize> = header
        .columns
        .iter()
        .filter(|(_, _, r)| *r == ColumnRole::Period)
        .map(|(c, _, _)| *c)
        .collect();
    let finished = time_columns.iter().copied().find(|c| {
        texts[*c]
            .as_deref()
            .and_then(MetricId::normalise)
            .is_some_and(|k| FINISHED.contains(&k.as_str()))
    });
    let started = header.period;
    if let Some(end) = finished {
        header.period = end;
    }
    // SurveyMonkey writes a second header row under the questions.
    let sub_header = grid.height() > row + 1
        && (0..width).any(|c| {
            values::text(grid.cell(row + 1, c)).is_some_and(|t| SUB_HEADERS.contains(&t.as_str()))
        });
    let first = row + 1 + usize::from(sub_header);
    let sample = first..header.end.min(first + SAMPLE_ROWS);

    let has_id = kinds.contains(&Kind::Id);
    let timed = sample
        .clone()
        .any(|r| has_clock(grid.cell(r, header.period)));
    let repeated = repeats(grid, header, sample.clone());
    let mut evidence = Vec::new();
    if let Some(c) = kinds.iter().position(|k| *k == Kind::Id) {
        evidence.push(format!("a response id ({})", column_name(grid, row, c)));
    }
    if timed {
        evidence.push(format!(
            "a time of response ({})",
            column_name(grid, row, header.period)
        ));
    }
    if repeated {
        evidence.push("several rows for one line and period".to_string());
    }

    let mut survey = Survey::default();
    if !named_responses {
        // Whole numbers 0-10 or 1-5 in every sampled score cell.
        let ranges: Vec<Option<(u8, u8)>> = scores
            .iter()
            .map(|c| whole_range(grid, *c, sample.clone()))
            .collect();
        if ranges.iter().any(Option::is_none) || !((has_id || timed) && repeated) {
            header.period = started;
            return;
        }
        for (c, range) in scores.iter().zip(&ranges) {
            let (low, high) = range.expect("checked above");
            let name = column_name(grid, row, *c);
            let header_text = texts[*c].clone().unwrap_or_default();
            let role = match &roles[*c] {
                Some(ColumnRole::Metric(m)) if m.as_str() == "nps" => ColumnRole::Recommend,
                Some(ColumnRole::Metric(m)) if m.as_str() == "csat" => ColumnRole::Satisfaction,
                _ if low == 0 || high > 5 => {
                    survey.warnings.push(format!(
                        "{name} read as 0-10 \"would you recommend\" answers (NPS): its values run from {low} to {high}; if it is something else, name it in the rules with alias(\"{header_text}\", \"csat\") or another metric"
                    ));
                    ColumnRole::Recommend
                }
                _ => {
                    survey.refusal = Some(FrameError::ScoreScaleUnknown {
                        place: format!("{}, {name}", super::place_of(grid)),
                        header: header_text.clone(),
                        low,
                        high,
                    });
                    ColumnRole::Recommend
                }
            };
            if let Some(at) = header.column_at(*c) {
                header.columns[at].2 = role;
            }
        }
        header.shape = Shape::Responses;
        let ranges: Vec<String> = scores
            .iter()
            .zip(&ranges)
            .map(|(c, r)| {
                let (low, high) = r.expect("checked above");
                format!(
                    "whole scores from {low} to {high} in {}",
                    column_name(grid, row, *c)
                )
            })
            .collect();
        evidence.extend(ranges);
    } else if evidence.is_empty() {
        evidence.push("a survey score column".to_string());
    }
    if header.shape != Shape::Responses {
        return;
    }
    survey.why = format!("one row per response: {}", evidence.join(", "));

    for c in time_columns.into_iter().filter(|c| *c != header.period) {
        survey.skipped.push(format!(
            "{}: the time of a response is {}",
            column_name(grid, row, c),
            column_name(grid, row, header.period)
        ));
    }

    let score_columns: HashSet<usize> = header
        .columns
        .iter()
        .filter(|(_, _, r)| matches!(r, ColumnRole::Recommend | ColumnRole::Satisfaction))
        .map(|(c, _, _)| *c)
        .collect();
    let recommend = header.find(&ColumnRole::Recommend).map(|(c, _)| c);
    for (c, k) in kinds.iter().enumerate() {
        let name = || column_name(grid, row, c);
        let under = if sub_header {
            values::text(grid.cell(row + 1, c))
        } else {
            None
        };
        match k {
            Kind::Id => survey.skipped.push(format!("{}: a response id", name())),
            Kind::Email => survey.skipped.push(format!(
                "{}: respondents' email addresses (not read)",
                name()
            )),
            Kind::Comment => survey
                .skipped
                .push(format!("{}: free-text comments", name())),
            Kind::Group if recommend.is_some() => survey.group = Some(c),
            _ if under.as_deref() == Some("Open-Ended Response") && !score_columns.contains(&c) => {
                survey
                    .skipped
                    .push(format!("{}: an open-ended answer", name()));
            }
            _ => {}
        }
    }
    if let Some(c) = survey.group {
        survey.skipped.push(format!(
            "{}: promoter, passive or detractor, checked against the score",
            column_name(grid, row, c)
        ));
    }
    if sub_header {
        survey.skipped.push(format!(
            "row {}: SurveyMonkey's second header row (\"Response\", \"Open-Ended Response\")",
            grid.row_number(row + 1)
        ));
        // The rows of responses start under the second header row.
        header.row = row + 1;
    }
    header.survey = Some(survey);
}

/// `column B "Score"` (a sheet) or `column 2 "Score"` (a text file): a
/// column by its letter or number, with its header text.
fn column_name(grid: &Grid, row: usize, c: usize) -> String {
    let label = column_label(grid, c);
    match values::text(grid.cell(row, c)) {
        Some(text) => format!("column {label} \"{text}\""),
        None => format!("column {label}"),
    }
}

/// A column's letter (a sheet) or number (a text file).
pub fn column_label(grid: &Grid, c: usize) -> String {
    match grid.column_place(c) {
        Some(place) => place.rsplit('!').next().unwrap_or_default().to_string(),
        None => {
            let place = grid.cell_ref(0, c);
            place
                .rsplit("column ")
                .next()
                .unwrap_or_default()
                .to_string()
        }
    }
}

/// Whether a time cell holds a time of day, as response timestamps do.
fn has_clock(cell: CellRef) -> bool {
    match cell {
        CellRef::Date(d) => d.time() != chrono::NaiveTime::MIN,
        CellRef::Text(t) => t.contains(':'),
        _ => false,
    }
}

/// The lowest and highest score in `rows` of column `c` when every filled
/// cell is a whole number from 0 to 10 (blank cells allowed); `None`
/// otherwise, or when no cell is filled.
fn whole_range(grid: &Grid, c: usize, rows: std::ops::Range<usize>) -> Option<(u8, u8)> {
    let mut range: Option<(u8, u8)> = None;
    for r in rows {
        match values::number(grid.cell(r, c)) {
            Number::Missing => {}
            Number::Value(v) if v.fract() == 0.0 && (0.0..=10.0).contains(&v) => {
                let v = v as u8;
                range = Some(range.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))));
            }
            _ => return None,
        }
    }
    range
}

/// Whether two sampled rows share a line and a period (dates and
/// timestamps taken by quarter).
fn repeats(grid: &Grid, header: &Header, rows: std::ops::Range<usize>) -> bool {
    let mut seen: HashSet<(String, Period)> = HashSet::new();
    for r in rows {
        let Some(line) = values::text(grid.cell(r, header.line)) else {
            continue;
        };
        let time = grid.cell(r, header.period);
        let period = values::period(time, Granularity::Quarter).or_else(|| match time {
            CellRef::Text(t) => crate::frame::dates::iso_year_month(t)
                .and_then(|(y, m)| Period::month(y, m))
                .and_then(|m| m.within(Granularity::Quarter)),
            _ => None,
        });
        if let Some(period) = period
            && !seen.insert((line, period))
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::HeaderMap;
    use crate::frame::layout::find_header;
    use std::collections::BTreeMap;

    fn header_of(columns: &[Vec<&str>], aliases: &[(&str, &str)]) -> Header {
        let columns: Vec<Vec<String>> = columns
            .iter()
            .map(|c| c.iter().map(|s| s.to_string()).collect())
            .collect();
        let grid = Grid::from_texts("s.csv", &columns);
        let aliases: BTreeMap<String, MetricId> = aliases
            .iter()
            .map(|(a, m)| (a.to_string(), MetricId::normalise(m).unwrap()))
            .collect();
        find_header(&grid, &HeaderMap::new(&aliases)).expect("header")
    }

    #[test]
    fn a_score_column_with_a_response_id_is_read_as_responses() {
        let h = header_of(
            &[
                vec!["Response ID", "1", "2"],
                vec!["Created At", "2025-01-05 10:00:00", "2025-01-06 10:00:00"],
                vec!["Product", "Atlas", "Atlas"],
                vec!["Score", "9", "3"],
            ],
            &[],
        );
        assert_eq!(h.shape, Shape::Responses);
        assert_eq!(h.find(&ColumnRole::Recommend).map(|(c, _)| c), Some(3));
        let survey = h.survey.expect("survey");
        assert_eq!(
            survey.why,
            "one row per response: a response id (column 1 \"Response ID\"), a time of response (column 2 \"Created At\"), several rows for one line and period, whole scores from 3 to 9 in column 4 \"Score\""
        );
        assert_eq!(survey.skipped, ["column 1 \"Response ID\": a response id"]);
    }

    #[test]
    fn a_wide_table_of_small_numbers_stays_wide() {
        let h = header_of(
            &[
                vec!["Product Line", "Atlas", "Atlas"],
                vec!["Quarter", "2025-Q1", "2025-Q2"],
                vec!["NPS", "9", "3"],
            ],
            &[],
        );
        assert_eq!(h.shape, Shape::Wide);
        assert!(h.survey.is_none());
    }

    #[test]
    fn an_alias_names_the_scale_of_a_generic_score() {
        let columns = [
            vec!["Response ID", "1", "2"],
            vec!["Date", "2025-01-05", "2025-01-06"],
            vec!["Product", "Atlas", "Atlas"],
            vec!["Rating", "5", "3"],
        ];
        let h = header_of(&columns, &[("Rating", "csat")]);
        assert_eq!(h.shape, Shape::Responses);
        assert_eq!(h.find(&ColumnRole::Satisfaction).map(|(c, _)| c), Some(3));
        let mut columns = columns;
        columns[3][0] = "Score";
        let h = header_of(&columns, &[]);
        assert_eq!(
            h.survey.unwrap().refusal.map(|e| e.to_string()).as_deref(),
            Some(
                "s.csv, column 4 \"Score\": the scores are whole numbers from 3 to 5, which fit a 0-10 \"would you recommend\" scale and a 1-5 satisfaction scale alike; say which in the rules: alias(\"Score\", \"nps\") or alias(\"Score\", \"csat\")"
            )
        );
    }
}
