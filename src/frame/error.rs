//! What can be wrong with the values inside the input files.

use crate::model::format::{self, show};
use crate::model::{MetricId, Unit};

/// One problem in the data, naming the cell (`file!sheet!E7`) and what was
/// expected there.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FrameError {
    #[error(
        "the inputs hold {} product lines over {} periods, {} scorecards (one per line and period); linecard builds up to {} in one run, about 6 KB of memory each: report fewer lines or periods per run (a folder per group of lines, or only the recent periods), or raise the limit with --max-scorecards {cards} where the memory allows",
        format::count(*lines), format::count(*periods), format::count(*cards), format::count(*most)
    )]
    TooManyScorecards {
        lines: usize,
        periods: usize,
        cards: usize,
        most: usize,
    },

    /// `found` says what the closest row holds and what would make it read
    /// (built by `layout::guess`).
    #[error(
        "{place}: no header row found in {}{found}",
        if *scanned == 1 { "its only row".to_string() } else { format!("the first {scanned} rows") }
    )]
    NoHeader {
        place: String,
        scanned: usize,
        found: String,
    },

    #[error(
        "{place}: this looks like one row per survey response (header row {row} has the column \"{id}\") but no score column linecard knows (other columns: {others}): rename the score column \"Recommend\" (a 0-10 score) or \"Satisfaction\" (1-5), or name it in a rule script with alias({example}, \"nps\")"
    )]
    NoScoreColumn {
        place: String,
        row: usize,
        id: String,
        others: String,
        example: String,
    },

    #[error("{place}: the layout(...) declared at {declared_at} says {message}")]
    LayoutOverride {
        place: String,
        declared_at: String,
        message: String,
    },

    #[error(
        "{place}: row {row} has a product line column (\"{line}\") and KPI columns but no period column, and there is no period in the file name, sheet name or title: add a Quarter column or put the quarter in the file name, e.g. KPIs Q4 2025.xlsx"
    )]
    NoPeriod {
        place: String,
        row: usize,
        line: String,
    },

    #[error(
        "{place}: row {row} has a product line column (\"{line}\") and KPI columns but no period column, and {several}, not one: add a Quarter column or name one quarter in the file name, e.g. KPIs Q4 2025.xlsx"
    )]
    SeveralPeriodsOutside {
        place: String,
        row: usize,
        line: String,
        /// `the file name "KPIs Q3 vs Q2 2025.csv" names 2025-Q3 and 2025-Q2`.
        several: String,
    },

    #[error(
        "{place}: row {row} has a period column (\"{period}\") and KPI columns but no product line column, and no product line in a \"Product line | …\" row above it, the sheet name or the file name: add a Product Line column or name the sheet after the line, e.g. Atlas Analytics"
    )]
    NoLine {
        place: String,
        row: usize,
        period: String,
    },

    #[error(
        "{cell}: \"{raw}\" is another {what} than {}, which the layout(...) declared at {} takes from {}; correct the cell, or the declaration",
        declared[0], declared[2], declared[1]
    )]
    DeclaredElsewhere {
        cell: String,
        raw: String,
        /// `period` or `product line`.
        what: &'static str,
        /// The declared period (or the line in quotes), where it came from
        /// (`the file name "KPIs Q4 2025.csv"`) and the declaration's place
        /// (boxed: errors stay small).
        declared: Box<[String; 3]>,
    },

    #[error("{cell}: this row has values but no product line")]
    MissingLine { cell: String },

    #[error("{cell}: expected a period like 2025-Q1, Q1 2025, 2025-01 or 2025, got \"{raw}\"")]
    BadPeriod { cell: String, raw: String },

    #[error(
        "{cell}: the period cell is empty: expected a period like 2025-Q1, Q1 2025, 2025-01 or 2025"
    )]
    EmptyPeriod { cell: String },

    #[error(
        "{cell}: \"{raw}\" is a date whose day and month order is ambiguous ({first} or {second}); write it as year-month-day, e.g. {iso} for {first}"
    )]
    AmbiguousDate {
        cell: String,
        raw: String,
        /// The day-first and the month-first reading, in words.
        first: String,
        second: String,
        /// The day-first reading in ISO form.
        iso: String,
    },

    #[error(
        "{cell}: \"{raw}\" is a date written day or month first; write it as year-month-day, {iso}"
    )]
    DayOrMonthFirst {
        cell: String,
        raw: String,
        iso: String,
    },

    #[error("{cell}: this row has a value but no metric name")]
    MissingMetric { cell: String },

    #[error(
        "{cell}: expected the date or time of the response (e.g. 2025-03-14 or 2025-03-14 10:22) or a period like 2025-Q1, got \"{raw}\""
    )]
    BadTimestamp { cell: String, raw: String },

    #[error(
        "{cell} (column \"{column}\"): expected a whole score from {low} to {high}, got \"{raw}\""
    )]
    BadScore {
        cell: String,
        column: String,
        raw: String,
        low: u8,
        high: u8,
    },

    #[error("{cell}: {message}")]
    BadStage { cell: String, message: String },

    #[error(
        "{cell} (column \"{column}\"): expected a number (e.g. 0.85, 85%, 1,250), got \"{raw}\""
    )]
    BadNumber {
        cell: String,
        column: String,
        raw: String,
    },

    #[error(
        "{cell} (column \"{column}\"): the cell shows the Excel error {raw}; fix the formula or leave the cell blank"
    )]
    ExcelError {
        cell: String,
        column: String,
        raw: String,
    },

    #[error(
        "{comma_cell} and {point_cell} (column \"{column}\"): \"{comma_raw}\" is written with a decimal comma and \"{point_raw}\" with a decimal point; expected one way in a column: write every number in it with a decimal comma (1.250,5) or every one with a decimal point (1,250.5)"
    )]
    MixedDecimals {
        comma_cell: String,
        comma_raw: String,
        point_cell: String,
        point_raw: String,
        column: String,
    },

    #[error(
        "{cell} (column \"{column}\"): CSAT values from {low} to {high} look like an average on a 1-5 scale; linecard needs the share of 4 and 5 answers (e.g. 85% or 0.85), or the raw responses"
    )]
    CsatAverage {
        cell: String,
        column: String,
        low: f64,
        high: f64,
    },

    #[error("{cell} (column \"{column}\"): expected a whole number of responses, got \"{raw}\"")]
    BadSampleSize {
        cell: String,
        column: String,
        raw: String,
    },

    #[error(
        "{cell} (column \"{column}\"): {value} is out of range for {metric} ({unit}): expected {expected}"
    )]
    OutOfRange {
        cell: String,
        column: String,
        value: f64,
        metric: MetricId,
        unit: &'static str,
        expected: String,
    },

    #[error(
        "{metric} for {line} in {period} has two different values: {} at {} and {} at {}; keep one of them",
        show(places[0].1, *unit), places[0].0, show(places[1].1, *unit), places[1].0
    )]
    Conflict {
        line: String,
        period: String,
        metric: MetricId,
        unit: Unit,
        /// (place, value) of the first and the second value.
        places: Box<[(String, f64); 2]>,
    },

    #[error(
        "{metric} is in two currencies: {} at {} and {} at {}; give one metric its amounts in one currency (convert them, or name the others as metrics of their own)",
        places[0].0, places[0].1, places[1].0, places[1].1
    )]
    TwoCurrencies {
        metric: MetricId,
        /// (currency code, place) of the first and the other currency.
        places: Box<[(String, String); 2]>,
    },

    #[error(
        "{line} in {period} has two lifecycle stages: {} at {} and {} at {}; keep one of them",
        places[0].1, places[0].0, places[1].1, places[1].0
    )]
    StageConflict {
        line: String,
        period: String,
        /// (place, stage) of the first and the second statement.
        places: Box<[(String, String); 2]>,
    },

    #[error("could not build the KPI table: {message}")]
    Internal { message: String },

    #[error(
        "{place}: the scores are whole numbers from {low} to {high}, which fit a 0-10 \"would you recommend\" scale and a 1-5 satisfaction scale alike; say which in the rules: alias(\"{header}\", \"nps\") or alias(\"{header}\", \"csat\")"
    )]
    ScoreScaleUnknown {
        place: String,
        header: String,
        low: u8,
        high: u8,
    },

    #[error(
        "{cell}: the NPS group \"{group}\" does not match the score {score} at {score_cell}: 9-10 is a Promoter, 7-8 a Passive, 0-6 a Detractor"
    )]
    NpsGroupMismatch {
        cell: String,
        group: String,
        score: u8,
        score_cell: String,
    },

    #[error(
        "{place}: {count} {} \"{example}\" could be day or month first ({} or {}) and no date in the column has a day above 12; say which with --date-order dmy (day first) or --date-order mdy (month first), or write {} as year-month-day; first at {places}",
        if *count == 1 { "date" } else { "dates like" }, readings[0], readings[1],
        if *count == 1 { "it" } else { "them" }
    )]
    AmbiguousDates {
        place: String,
        count: usize,
        example: String,
        /// The day-first and the month-first reading of the example, in
        /// words (boxed: errors stay small).
        readings: Box<[String; 2]>,
        /// The first three cells.
        places: String,
    },

    #[error(
        "{place}: the dates are written both day first (\"{day_first}\" at {day_cell}) and month first (\"{month_first}\" at {month_cell}); write them one way, or as year-month-day"
    )]
    MixedDateOrder {
        place: String,
        day_first: String,
        day_cell: String,
        month_first: String,
        month_cell: String,
    },

    #[error(
        "{place}: \"{raw}\" at {cell} can only be {order}, but --date-order {option} says otherwise; drop --date-order or fix the dates"
    )]
    DateOrderContradicted {
        place: String,
        raw: String,
        cell: String,
        order: &'static str,
        option: &'static str,
    },

    #[error(
        "{place}: {count} {} \"{example}\": with a fiscal year starting in {start}, its quarters are not calendar quarters, which linecard reports; give monthly data, or use a fiscal year starting in January, April, July or October; first at {places}",
        if *count == 1 { "fiscal period" } else { "fiscal periods like" }
    )]
    FiscalNotCalendar {
        place: String,
        count: usize,
        example: String,
        start: &'static str,
        places: String,
    },

    #[error("{place}: the column \"{column}\" appears twice in the header row")]
    DuplicateColumn { place: String, column: String },

    #[error(
        "the {kind} of {metric} for {line} in {period} is given twice with different values: {} at {} and {} at {}; keep one of them",
        show(places[0].1, *unit), places[0].0, show(places[1].1, *unit), places[1].0
    )]
    ReferenceConflict {
        /// `target`, `threshold` or the benchmark's label.
        kind: String,
        line: String,
        period: String,
        metric: MetricId,
        unit: Unit,
        /// (place, value) of the first and the second.
        places: Box<[(String, f64); 2]>,
    },

    #[error(
        "{place}: periods across the columns ({periods}) but no KPI column: head the column that holds the KPI names \"KPI\" (or leave its header blank)"
    )]
    AcrossNoKpiColumn { place: String, periods: String },

    #[error(
        "{place}: KPIs down the rows and periods across the columns ({periods}) but no product line: name the product line in a column, a `Product line | …` row above the table, or the sheet's name"
    )]
    AcrossNoLine { place: String, periods: String },

    #[error(
        "{cell}: the period {period} (\"{header}\") heads two columns, {first} and this one; keep one of them"
    )]
    DuplicatePeriod {
        cell: String,
        period: String,
        header: String,
        first: String,
    },

    /// A record table's problem (`frame::records`), boxed: its messages
    /// carry more parts than the others.
    #[error(transparent)]
    Records(Box<super::records::RecordError>),
}

impl From<super::records::RecordError> for FrameError {
    fn from(error: super::records::RecordError) -> Self {
        FrameError::Records(Box::new(error))
    }
}

impl FrameError {
    /// The error for a period or timestamp cell that is not one: an empty
    /// cell and a day-first or month-first date get their own message,
    /// anything else `otherwise`.
    pub fn bad_period(cell: String, raw: String, otherwise: fn(String, String) -> Self) -> Self {
        if raw.trim().is_empty() {
            return FrameError::EmptyPeriod { cell };
        }
        match super::dates::day_month_year(&raw) {
            Some(((day, month), year)) if day <= 12 && month <= 12 && day != month => {
                let word = |d: u32, m: u32| format!("{d} {} {year}", super::dates::month_name(m));
                FrameError::AmbiguousDate {
                    cell,
                    first: word(day, month),
                    second: word(month, day),
                    iso: format!("{year}-{month:02}-{day:02}"),
                    raw: raw.trim().to_string(),
                }
            }
            Some(((a, b), year)) => {
                // One order only makes a date: 13/08/2025 or 08/13/2025.
                let (day, month) = if a > 12 { (a, b) } else { (b, a) };
                FrameError::DayOrMonthFirst {
                    cell,
                    iso: format!("{year}-{month:02}-{day:02}"),
                    raw: raw.trim().to_string(),
                }
            }
            None => otherwise(cell, raw),
        }
    }

    pub fn out_of_range(
        cell: String,
        column: String,
        value: f64,
        metric: &MetricId,
        unit: Unit,
    ) -> Self {
        let expected = match unit.valid_range() {
            Some((lo, hi)) if hi.is_infinite() => format!("a value of at least {lo}"),
            Some((lo, hi)) if unit == Unit::Fraction => {
                format!("a share between {lo} and {hi} (0% to 100%)")
            }
            Some((lo, hi)) => format!("a value between {lo} and {hi}"),
            None => "a finite number".to_string(),
        };
        FrameError::OutOfRange {
            cell,
            column,
            value,
            metric: metric.clone(),
            unit: unit.as_str(),
            expected,
        }
    }
}
