//! What can be wrong with a record table, each said once for its table or
//! column with what was expected and what to do.

use polars::prelude::PolarsError;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RecordError {
    #[error(
        "{place}: expected {expected}, but {count} {} not, first at {rows} (e.g. \"{example}\"); correct {} or clear {}",
        if *count == 1 { "cell is" } else { "cells are" },
        if *count == 1 { "it" } else { "them" },
        if *count == 1 { "it" } else { "them" }
    )]
    Cells {
        place: String,
        count: usize,
        expected: String,
        rows: String,
        example: String,
    },

    #[error("{place}: {problem}")]
    Time { place: String, problem: String },

    #[error("{place}: {problem}")]
    ExperimentArms { place: String, problem: String },

    #[error(
        "{place}: these look like {kind} (one row per {noun}) but no column says each {noun}'s product line; name the column with records(\"{kind}\", #{{ line: \"Group\" }}), or add a Product column"
    )]
    NoLineColumn {
        place: String,
        kind: &'static str,
        noun: &'static str,
    },

    #[error(
        "{place}: these look like marketing spend, with a campaign in column \"{column}\" but no column naming each row's product line, and a campaign is not a product line; map campaigns to lines with records(\"spend\", #{{ lines: #{{ \"Atlas*\": \"Atlas Analytics\", \"*Beacon*\": \"Beacon CRM\" }} }}), or add a Product column"
    )]
    CampaignsUnmapped { place: String, column: String },

    #[error(
        "{place}: these look like product events, with the event's name in column \"{column}\" but no column naming each event's product line; name the column with records(\"events\", #{{ line: \"{suggest}\" }}), or map event names to lines with records(\"events\", #{{ lines: #{{ \"dashboard_*\": \"Atlas Analytics\" }} }})"
    )]
    EventsUnmapped {
        place: String,
        column: String,
        suggest: String,
    },

    #[error(
        "{place}: the records(...) declared at {declared_at} takes the product line from the column \"{column}\", but the header has no such column; its columns are {headers}"
    )]
    NoSuchLineColumn {
        place: String,
        column: String,
        declared_at: String,
        headers: String,
    },

    #[error(
        "{place}: the amounts are in {count} currencies ({list}); say which to report in and what the others are worth in it, e.g. {example}"
    )]
    Currencies {
        place: String,
        count: usize,
        list: String,
        example: String,
    },

    #[error("{place}: {count} {says}, first at {at}; {fix}")]
    Contradiction {
        place: String,
        /// `3 deals`.
        count: String,
        says: &'static str,
        /// `rows 4 and 7`, with an example when there is one: `rows 4 and
        /// 7 (e.g. "fortnight")`.
        at: String,
        fix: &'static str,
    },

    /// Records that cannot be right, one class of them: `stripe.csv: 2
    /// subscriptions end before they start, first at rows 4 and 9; ...`.
    #[error("{place}: {problem}")]
    Invalid { place: String, problem: String },

    #[error(
        "{place}: the amounts are in {code} (first at row {row}) but the records(...) at {declared_at} reports in {target} and gives no rate for {code}; add it, e.g. rates: #{{ {code}: … }}"
    )]
    NoRate {
        place: String,
        code: String,
        row: u64,
        target: String,
        declared_at: String,
    },

    #[error(
        "the amounts of {list} are in different currencies, so they cannot be added up; say which to report in and what the others are worth in it, e.g. {example}"
    )]
    CurrenciesAcross { list: String, example: String },

    #[error(
        "{place}: the records(\"{kind}\", ...) declared at {declared_at} describes this file's columns ({named}), but no header row has them all with what {kind} need; its first row is {header}"
    )]
    NotAsDescribed {
        place: String,
        kind: &'static str,
        declared_at: String,
        named: String,
        header: String,
    },

    #[error("could not aggregate the records: {message}")]
    Engine { message: String },

    /// Several problems of one table, each its own message.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Several(Vec<RecordError>),
}

impl RecordError {
    pub fn polars(error: PolarsError) -> Self {
        RecordError::Engine {
            message: error.to_string(),
        }
    }

    /// The problems, one per message.
    pub fn into_each(self) -> Vec<RecordError> {
        match self {
            RecordError::Several(all) => all.into_iter().flat_map(Self::into_each).collect(),
            one => vec![one],
        }
    }
}
