//! Reading a record table's cells into typed columns: each field's cells
//! parsed once (times to UTC milliseconds and their local month and date,
//! durations to hours, amounts in millionths to units, statuses to
//! lower-case words, yes/no cells to flags), and each record's product line
//! from its line column through the rules' mapping. Records left without a
//! line are counted in one warning, with the money they hold. A field of
//! the kind that the table does not have is a column of empty values, so a
//! condition on it is simply false.
//!
//! Problems are counted per column, never reported per row: one message
//! with the count, the first rows and an example.

use super::choices::RecordChoices;
use super::memo::Memo;
use super::schema::{Columns, FieldSpec, Holds, Schema};
use super::time_cells;
use super::{RecordError, measure};
use crate::frame::durations::{self, DurationUnit};
use crate::frame::{FrameOptions, GridOutput, values};
use crate::ingest::{CellRef, Grid};
use crate::model::format::{and_list, show};
use crate::model::{DataIssue, Location, MetricId, Unit};
use crate::parallel;
use polars::prelude::*;
use std::borrow::Cow;
use std::ops::Range;
use std::rc::Rc;

/// A text field's cell as it goes into its column: the cell's own text, or
/// one made from it (spaces cleaned, lower-cased), shared by every record
/// that writes it the same way.
#[derive(Clone)]
enum Text<'a> {
    Cell(&'a str),
    Made(Rc<str>),
}

impl AsRef<str> for Text<'_> {
    fn as_ref(&self) -> &str {
        match self {
            Text::Cell(t) => t,
            Text::Made(t) => t,
        }
    }
}

/// The column holding each record's row number as people see it, for
/// messages about records.
pub const ROW: &str = "row#";

/// The most rows a problem names before "and N more".
const FIRST_ROWS: usize = 3;

/// One problem found down one column: how many cells, the first rows.
#[derive(Debug, Default)]
pub struct Tally {
    pub count: usize,
    pub rows: Vec<usize>,
    pub example: Option<String>,
}

impl Tally {
    pub fn note(&mut self, row: usize, example: impl FnOnce() -> String) {
        self.count += 1;
        if self.rows.len() < FIRST_ROWS {
            self.rows.push(row);
        }
        if self.example.is_none() {
            self.example = Some(example());
        }
    }

    /// `rows 5, 6 and 9`, `row 5`.
    pub fn first_rows(&self) -> String {
        let rows: Vec<String> = self.rows.iter().map(|r| r.to_string()).collect();
        match rows.as_slice() {
            [one] => format!("row {one}"),
            [rest @ .., last] => format!("rows {} and {last}", rest.join(", ")),
            [] => String::new(),
        }
    }
}

/// Reads the rows `rows` of `grid` as records of `schema`'s kind: a frame
/// with the columns `line` (the line's id in the output's lines), [`ROW`],
/// each field of the kind, and `FIELD#month` and `FIELD#day` for each
/// time field.
pub fn read(
    grid: &Grid,
    rows: Range<usize>,
    columns: &Columns,
    schema: &Schema,
    choices: &RecordChoices,
    options: &FrameOptions,
    out: &mut GridOutput,
) -> Result<DataFrame, RecordError> {
    let kind = schema.kind;
    let (line_column, line_header) =
        super::line_column::line_column(grid, columns, schema, choices)?;
    let kept: Vec<usize> = rows.filter(|r| !grid.row_is_empty(*r)).collect();

    // The line of each record; records with none are left out, counted.
    let mut lines: Vec<Option<u32>> = Vec::with_capacity(kept.len());
    let mut no_line = Tally::default();
    let mut ids: foldhash::HashMap<String, u32> = foldhash::HashMap::default();
    // Each distinct text is matched against the patterns once (a million
    // rows of a few hundred campaigns), not once per record.
    let mut mapped: Memo<Option<u32>> = Memo::default();
    for &r in &kept {
        let read = |cell| {
            let line = values::text_cow(cell).and_then(|text| {
                // A name is copied the first time it is seen.
                choices.line_of(&text).map(|name| match ids.get(name) {
                    Some(id) => *id,
                    None => {
                        let id = out.lines.intern(name).index() as u32;
                        ids.insert(name.to_string(), id);
                        id
                    }
                })
            });
            Ok::<_, ()>(line)
        };
        let line = mapped.read(grid.cell(r, line_column), read).unwrap_or(None);
        if line.is_none() {
            no_line.note(grid.row_number(r), String::new);
        }
        lines.push(line);
    }
    if no_line.count > 0 {
        let left_out: Vec<usize> = (0..kept.len())
            .filter(|i| lines[*i].is_none())
            .map(|i| kept[i])
            .collect();
        out.issues.push(DataIssue::warning(
            format!(
                "{}{} {} no product line in column \"{line_header}\"{}: left out; first at {}",
                kind.count(no_line.count),
                amounts_of(grid, &left_out, columns, schema),
                if no_line.count == 1 { "has" } else { "have" },
                choices.mapping_hint(),
                no_line.first_rows(),
            ),
            Location {
                file: Some(grid.file.clone()),
                sheet: grid.sheet.clone(),
                ..Location::default()
            },
        ));
    }
    let keep: Vec<usize> = (0..kept.len()).filter(|i| lines[*i].is_some()).collect();
    let rows: Vec<usize> = keep.iter().map(|i| kept[*i]).collect();
    let mut series: Vec<Column> = vec![
        Column::new(
            "line".into(),
            keep.iter()
                .map(|i| lines[*i].unwrap_or(0))
                .collect::<Vec<u32>>(),
        ),
        Column::new(
            ROW.into(),
            rows.iter()
                .map(|r| grid.row_number(*r) as u64)
                .collect::<Vec<u64>>(),
        ),
    ];
    // Each field's cells are typed on its own, so the fields are dealt out
    // over the cores in turn (times, the dearest, spread among them) and
    // put back in the schema's order.
    let cores = parallel::cores().min(schema.fields.len()).max(1);
    let hands: Vec<Vec<usize>> = (0..cores)
        .map(|k| (k..schema.fields.len()).step_by(cores).collect())
        .collect();
    let typed_hands = parallel::each(&hands, |hand| {
        hand.iter()
            .map(|&i| {
                let spec = &schema.fields[i];
                let cols = match columns.get(spec.name) {
                    Some((c, header)) => typed(grid, &rows, (c, header), columns, spec, options),
                    None => Ok(empty(spec, rows.len())),
                };
                (i, cols)
            })
            .collect::<Vec<_>>()
    });
    let mut in_order: Vec<_> = typed_hands.into_iter().flatten().collect();
    in_order.sort_by_key(|(i, _)| *i);
    let mut problems: Vec<RecordError> = Vec::new();
    for (_, result) in in_order {
        match result {
            Ok(cols) => series.extend(cols),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(RecordError::Several(problems));
    }
    series.push(Column::new(
        measure::MS_PER_HOUR.into(),
        vec![3_600_000.0f64; rows.len()],
    ));
    DataFrame::new(rows.len(), series).map_err(RecordError::polars)
}

/// `tickets.csv` or `deals.xlsx!Export`.
pub fn grid_place(grid: &Grid) -> String {
    match &grid.sheet {
        Some(sheet) => format!("{}!{sheet}", grid.file),
        None => grid.file.clone(),
    }
}

/// Whether lower-casing `text` changes it (titlecase letters included).
fn changes_in_lower_case(text: &str) -> bool {
    if text.is_ascii() {
        return text.bytes().any(|b| b.is_ascii_uppercase());
    }
    text.chars()
        .any(|c| !c.to_lowercase().eq(std::iter::once(c)))
}

/// A field the table does not have: empty values of its type.
fn empty(spec: &FieldSpec, height: usize) -> Vec<Column> {
    let dtype = match spec.holds {
        Holds::Text | Holds::Word => DataType::String,
        Holds::Number | Holds::Money | Holds::Hours => DataType::Float64,
        Holds::Time => DataType::Int64,
        Holds::Flag | Holds::Marks(_) | Holds::Rating => DataType::Boolean,
    };
    let mut out = vec![Column::full_null(spec.name.into(), height, &dtype)];
    if spec.holds == Holds::Time {
        for column in [
            measure::month_column(spec.name),
            measure::day_column(spec.name),
        ] {
            out.push(Column::full_null(column.into(), height, &DataType::Int32));
        }
    }
    out
}

/// The typed column (and, for a time, its month column) of field `spec`
/// in column `c`, or the problem its cells have.
fn typed(
    grid: &Grid,
    rows: &[usize],
    (c, header): (usize, &str),
    columns: &Columns,
    spec: &FieldSpec,
    options: &FrameOptions,
) -> Result<Vec<Column>, RecordError> {
    let mut bad = Tally::default();
    let name: PlSmallStr = spec.name.into();
    let cells = rows.iter().map(|r| (*r, grid.cell(*r, c)));
    let mut note = |r: usize, cell: CellRef| bad.note(grid.row_number(r), || cell.shown());
    let columns = match spec.holds {
        Holds::Text | Holds::Word => {
            let lower = spec.holds == Holds::Word;
            // Straight from the cells' text into the column: a text is
            // copied only when it must be cleaned or lower-cased, once.
            let mut seen: Memo<Option<Text>> = Memo::default();
            let texts: StringChunked = cells
                .map(|(_, cell)| {
                    let read = |cell| {
                        Ok::<_, ()>(values::text_cow(cell).map(|t| match t {
                            Cow::Borrowed(t) if !(lower && changes_in_lower_case(t)) => {
                                Text::Cell(t)
                            }
                            t if lower => Text::Made(t.to_lowercase().into()),
                            t => Text::Made(t.into()),
                        }))
                    };
                    seen.read(cell, read).unwrap_or_default()
                })
                .collect();
            vec![texts.with_name(name).into_column()]
        }
        Holds::Number | Holds::Money => {
            let scale = match spec.holds {
                Holds::Money => money_scale(header),
                _ => 1.0,
            };
            let numbers: Vec<Option<f64>> = cells
                .map(|(r, cell)| match values::number(cell) {
                    values::Number::Missing => None,
                    values::Number::Value(v) => Some(v / scale),
                    values::Number::Invalid(_) => {
                        note(r, cell);
                        None
                    }
                })
                .collect();
            vec![Column::new(name, numbers)]
        }
        Holds::Hours => {
            // The header's unit, read once for the column.
            let unit = DurationUnit::from_header(header);
            let hours: Vec<Option<f64>> = cells
                .map(|(r, cell)| match durations::hours(cell, unit) {
                    Ok(h) => h,
                    Err(_) => {
                        note(r, cell);
                        None
                    }
                })
                .collect();
            vec![Column::new(name, hours)]
        }
        Holds::Time => {
            let format = time_cells::infer(grid, c, header, &columns.headers, rows, options)
                .map_err(|problem| RecordError::Time {
                    place: column_place(grid, header),
                    problem: problem.to_string(),
                })?;
            let mut ms: Vec<Option<i64>> = Vec::with_capacity(rows.len());
            let mut months: Vec<Option<i32>> = Vec::with_capacity(rows.len());
            let mut days: Vec<Option<i32>> = Vec::with_capacity(rows.len());
            let mut seen: Memo<Option<time_cells::Time>> = Memo::default();
            for (r, cell) in cells {
                let read = |cell| {
                    let at = format.read(cell)?;
                    Ok(at.map(|at| (at, format.month(at), format.day(at))))
                };
                let time = seen.read(cell, read).unwrap_or_else(|()| {
                    note(r, cell);
                    None
                });
                ms.push(time.map(|t| t.0));
                months.push(time.map(|t| t.1));
                days.push(time.map(|t| t.2));
            }
            vec![
                Column::new(name, ms),
                Column::new(measure::month_column(spec.name).into(), months),
                Column::new(measure::day_column(spec.name).into(), days),
            ]
        }
        Holds::Flag => {
            let flags: Vec<Option<bool>> = cells
                .map(|(r, cell)| match flag(cell) {
                    Ok(f) => f,
                    Err(()) => {
                        note(r, cell);
                        None
                    }
                })
                .collect();
            vec![Column::new(name, flags)]
        }
        Holds::Marks(words) => {
            let marks: Vec<Option<bool>> = cells
                .map(|(_, cell)| {
                    Some(values::text_cow(cell).is_some_and(|t| {
                        t.to_lowercase()
                            .split(|ch: char| ch.is_whitespace() || ch == ',' || ch == ';')
                            .any(|w| words.contains(&w))
                    }))
                })
                .collect();
            vec![Column::new(name, marks)]
        }
        Holds::Rating => {
            let ratings: Vec<Option<bool>> = cells
                .map(|(r, cell)| match rating(cell) {
                    Ok(s) => s,
                    Err(()) => {
                        note(r, cell);
                        None
                    }
                })
                .collect();
            vec![Column::new(name, ratings)]
        }
    };
    match bad.count {
        0 => Ok(columns),
        _ => Err(RecordError::Cells {
            place: column_place(grid, header),
            count: bad.count,
            expected: expected(spec.holds, header),
            rows: bad.first_rows(),
            example: bad.example.unwrap_or_default(),
        }),
    }
}

/// How many of a money column's cells make one unit of its currency: a
/// million under a header that says so (`metrics.cost_micros`). Amounts
/// are divided by it, which is exact where multiplying by a millionth is
/// not.
fn money_scale(header: &str) -> f64 {
    match MetricId::normalise(header).is_some_and(|k| k.as_str().ends_with("micros")) {
        true => 1e6,
        false => 1.0,
    }
}

/// What the records on `rows` amount to in each currency, for the message
/// that leaves them out: ` (worth 1,240 USD)`; empty for a kind without
/// money.
fn amounts_of(grid: &Grid, rows: &[usize], columns: &Columns, schema: &Schema) -> String {
    let Some((currency, amounts)) = schema.money else {
        return String::new();
    };
    let currency = columns.get(currency).map(|(c, _)| c);
    let mut parts: Vec<String> = Vec::new();
    for field in amounts {
        let Some((c, header)) = columns.get(field) else {
            continue;
        };
        let scale = money_scale(header);
        let mut sums: Vec<(String, f64)> = Vec::new();
        for &r in rows {
            let values::Number::Value(v) = values::number(grid.cell(r, c)) else {
                continue;
            };
            let code = currency
                .and_then(|cc| values::text_cow(grid.cell(r, cc)))
                .map(|t| t.trim().to_uppercase())
                .unwrap_or_default();
            match sums.iter_mut().find(|(seen, _)| *seen == code) {
                Some((_, sum)) => *sum += v / scale,
                None => sums.push((code, v / scale)),
            }
        }
        let each: Vec<String> = sums
            .iter()
            .map(|(code, sum)| match code.is_empty() {
                true => show(*sum, Unit::MONEY),
                false => format!("{} {code}", show(*sum, Unit::MONEY)),
            })
            .collect();
        if !each.is_empty() {
            parts.push(and_list(&each));
        }
    }
    match parts.is_empty() {
        true => String::new(),
        false => format!(" (worth {})", parts.join(", ")),
    }
}

/// `tickets.csv, column "Solved at"`.
pub fn column_place(grid: &Grid, header: &str) -> String {
    format!("{}, column \"{header}\"", grid_place(grid))
}

/// What a field's cells should be, for a message.
fn expected(holds: Holds, header: &str) -> String {
    match holds {
        Holds::Number => "numbers".into(),
        Holds::Money => "amounts".into(),
        Holds::Hours => durations::expected(DurationUnit::from_header(header))
            .trim_start_matches("expected ")
            .to_string(),
        Holds::Time => "dates or times".into(),
        Holds::Flag => "yes/no values (true, false, yes, no, 1, 0)".into(),
        Holds::Rating => "satisfaction ratings (good, bad, offered, unoffered, or 1 to 5)".into(),
        Holds::Text | Holds::Word | Holds::Marks(_) => "text".into(),
    }
}

/// A yes/no cell; empty is no value.
fn flag(cell: CellRef) -> Result<Option<bool>, ()> {
    match cell {
        CellRef::Empty => Ok(None),
        CellRef::Bool(b) => Ok(Some(b)),
        CellRef::Number(1.0) => Ok(Some(true)),
        CellRef::Number(0.0) => Ok(Some(false)),
        CellRef::Text(t) => {
            let t = t.trim();
            let is = |words: &[&str]| words.iter().any(|w| t.eq_ignore_ascii_case(w));
            match t.is_empty() {
                true => Ok(None),
                false if is(&["true", "yes", "y", "1"]) => Ok(Some(true)),
                false if is(&["false", "no", "n", "0"]) => Ok(Some(false)),
                false => Err(()),
            }
        }
        _ => Err(()),
    }
}

/// A satisfaction rating: satisfied or not, or none when unrated.
fn rating(cell: CellRef) -> Result<Option<bool>, ()> {
    let score = match cell {
        CellRef::Empty => return Ok(None),
        CellRef::Number(n) => n,
        CellRef::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
            "" | "offered" | "unoffered" => return Ok(None),
            "good" => return Ok(Some(true)),
            "bad" => return Ok(Some(false)),
            other => other.parse::<f64>().map_err(|_| ())?,
        },
        _ => return Err(()),
    };
    match score.fract() == 0.0 && (1.0..=5.0).contains(&score) {
        true => Ok(Some(score >= 4.0)),
        false => Err(()),
    }
}

impl Columns {
    /// The column headed `name` (compared without regard to case or
    /// punctuation), whether or not it is one of the kind's fields.
    pub fn named(&self, name: &str) -> Option<(usize, &str)> {
        let want = crate::model::MetricId::normalise(name)?;
        self.headers
            .iter()
            .find(|(_, h)| crate::model::MetricId::normalise(h).as_ref() == Some(&want))
            .map(|(c, h)| (*c, h.as_str()))
    }

    /// `"Id", "Status", "Created at"`, for a message.
    pub fn header_list(&self) -> String {
        let quoted: Vec<String> = self
            .headers
            .iter()
            .map(|(_, h)| format!("\"{h}\""))
            .collect();
        quoted.join(", ")
    }
}
