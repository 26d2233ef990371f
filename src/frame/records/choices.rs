//! What the rules say about one kind of record table, given in a
//! `records("tickets", #{ line: "Group", lines: #{ "Billing*": "Atlas" },
//! hours: "business" })` declaration: where each record's product line
//! comes from and the choices where the tools' definitions differ. The
//! choice keys, their words and defaults are listed once, here: the rules
//! check declarations against this list and the KPI definitions read it.

use super::RecordKind;
use crate::frame::glob_match;
use std::collections::BTreeMap;

/// A choice a `records(...)` declaration can make: its key, the kinds it
/// applies to, its words (the default first) and what it means.
pub struct Choice {
    pub key: &'static str,
    pub kind: RecordKind,
    pub words: &'static [&'static str],
    pub means: &'static str,
}

/// Every choice, with its default first among its words.
pub const CHOICES: &[Choice] = &[
    Choice {
        key: "statistic",
        kind: RecordKind::Tickets,
        words: &["median", "mean"],
        means: "support_resolution_hours and first_reply_hours as the median (half the tickets took longer) or the mean of the tickets' times",
    },
    Choice {
        key: "hours",
        kind: RecordKind::Tickets,
        words: &["calendar", "business"],
        means: "resolution and first reply times in calendar hours, or within business hours where the export gives them",
    },
    Choice {
        key: "new_customers",
        kind: RecordKind::Spend,
        words: &["subscriptions", "deals"],
        means: "CAC divides marketing spend by new_customers (new subscriptions), or by deals_won (deals won in the CRM)",
    },
];

/// The keys every kind takes, besides its choices.
pub const COMMON_KEYS: [&str; 4] = ["file", "line", "lines", "columns"];

/// The keys of kinds with money in several currencies.
pub const MONEY_KEYS: [&str; 2] = ["currency", "rates"];

/// The rules' word on one kind of record table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordChoices {
    /// Which files the declaration is for (a name pattern); every file
    /// when `None`.
    pub file: Option<String>,
    /// The column that names each record's product line (its header).
    pub line: Option<String>,
    /// Patterns of the line column's values and the line each stands for,
    /// in the order declared. With a mapping, a value no pattern matches
    /// has no line.
    pub lines: Vec<(String, String)>,
    /// `columns: #{ solved_at: "Closed on" }`: the columns of a table the
    /// tools' headers do not name, field -> header text.
    pub columns: BTreeMap<String, String>,
    /// The choices made: key -> word.
    pub chosen: BTreeMap<String, String>,
    /// `currency: "USD"`: the currency amounts are reported in, when the
    /// records carry several (an ISO code, upper case).
    pub currency: Option<String>,
    /// `rates: #{ EUR: 1.08 }`: how many of `currency` one unit of each
    /// other currency is worth.
    pub rates: BTreeMap<String, f64>,
    /// Where the declaration is (`scripts/30-records.rhai:4:1`), for errors.
    pub declared_at: Option<String>,
    /// For product events: the features the rules declare.
    pub features: Vec<Feature>,
}

/// A feature of a product line and the events that mean it was used:
/// `feature("Dashboards", #{ line: "Atlas Analytics", events:
/// ["dashboard_created"] })`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Feature {
    pub name: String,
    pub line: String,
    pub events: Vec<String>,
    /// The day it was released (`released: "2025-03-01"`), from which its
    /// time to adopt is counted for people active before.
    pub released: Option<chrono::NaiveDate>,
    /// Where it is declared (`scripts/40-features.rhai:3:1`).
    pub declared_at: String,
}

impl RecordChoices {
    /// The line a line cell's text stands for.
    pub fn line_of<'a>(&'a self, text: &'a str) -> Option<&'a str> {
        match self.lines.is_empty() {
            true => Some(text),
            false => self
                .lines
                .iter()
                .find(|(pattern, _)| glob_match(pattern, text))
                .map(|(_, line)| line.as_str()),
        }
    }

    /// The word chosen for `key`, else its default.
    pub fn word(&self, key: &str) -> &str {
        match self.chosen.get(key) {
            Some(word) => word,
            None => {
                CHOICES
                    .iter()
                    .find(|c| c.key == key)
                    .expect("a listed choice")
                    .words[0]
            }
        }
    }

    /// Said after "no product line" when a mapping could have given one.
    pub fn mapping_hint(&self) -> String {
        match (&self.declared_at, self.lines.is_empty()) {
            (Some(at), false) => format!(" that the lines of the records(...) at {at} match"),
            _ => String::new(),
        }
    }
}

/// The choices for each kind, from the rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordRules {
    /// Declarations in the order made; a file takes the first whose kind
    /// and file pattern match, else the defaults.
    pub declared: Vec<(RecordKind, RecordChoices)>,
    /// The `feature(...)` declarations, for product events.
    pub features: Vec<Feature>,
}

impl RecordRules {
    /// The `records(...)` declaration for records of `kind` in `file`: the
    /// first whose kind and file pattern match.
    pub fn declaration(&self, kind: RecordKind, file: &str) -> Option<&RecordChoices> {
        self.declared
            .iter()
            .find(|(k, c)| {
                *k == kind
                    && c.file.as_deref().is_none_or(|pattern| {
                        glob_match(pattern, file)
                            || glob_match(pattern, file.rsplit('/').next().unwrap_or(file))
                    })
            })
            .map(|(_, c)| c)
    }

    /// The rules' word on records of `kind` in `file`: its declaration,
    /// else the defaults, and for product events the features declared.
    pub fn for_file(&self, kind: RecordKind, file: &str) -> RecordChoices {
        let mut choices = self.declaration(kind, file).cloned().unwrap_or_default();
        if kind == RecordKind::Events {
            choices.features = self.features.clone();
        }
        choices
    }
}
