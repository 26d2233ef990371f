//! What a record table's columns are: each kind of record (tickets, deals,
//! subscriptions, spend) lists its canonical fields, the header names the
//! tools write for each (report labels and API field names, compared after
//! [`MetricId::normalise`]), and what a cell of it holds. A table is of a
//! kind when its header names the fields that kind needs: recognition is by
//! columns, never by file name, and a rule's `records(...)` declaration can
//! name the columns of any other table.

use super::checks::Check;
use crate::model::format::show;
use crate::model::{MetricId, Unit};
use std::collections::BTreeMap;

/// A kind of record table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    Tickets,
    Deals,
    Subscriptions,
    Spend,
    Experiments,
    Events,
    Assignments,
}

impl RecordKind {
    pub const ALL: [RecordKind; 7] = [
        RecordKind::Tickets,
        RecordKind::Deals,
        RecordKind::Subscriptions,
        RecordKind::Spend,
        RecordKind::Experiments,
        RecordKind::Events,
        RecordKind::Assignments,
    ];

    /// The word a rule names the kind by: `records("tickets", ...)`.
    pub fn word(self) -> &'static str {
        match self {
            RecordKind::Tickets => "tickets",
            RecordKind::Deals => "deals",
            RecordKind::Subscriptions => "subscriptions",
            RecordKind::Spend => "spend",
            RecordKind::Experiments => "experiments",
            RecordKind::Assignments => "assignments",
            RecordKind::Events => "events",
        }
    }

    pub fn from_word(word: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.word() == word)
    }

    /// One record, in a sentence: "ticket", "deal", "subscription", "spend row".
    pub fn noun(self) -> &'static str {
        match self {
            RecordKind::Tickets => "ticket",
            RecordKind::Deals => "deal",
            RecordKind::Subscriptions => "subscription",
            RecordKind::Spend => "spend row",
            RecordKind::Experiments => "variation",
            RecordKind::Assignments => "assignment",
            RecordKind::Events => "event",
        }
    }

    /// What an export of this kind is, for `linecard check`: "a ticket
    /// export", "an experiment results export".
    pub fn export(self) -> &'static str {
        match self {
            RecordKind::Tickets => "a ticket export",
            RecordKind::Deals => "a deal export",
            RecordKind::Subscriptions => "a subscription export",
            RecordKind::Spend => "a spend row export",
            RecordKind::Experiments => "an experiment results export",
            RecordKind::Assignments => "an experiment assignment table",
            RecordKind::Events => "an event export",
        }
    }

    /// Whether records of this kind carry amounts in a currency of their
    /// own (`records(...)` then takes `currency` and `rates`).
    pub fn has_money(self) -> bool {
        matches!(
            self,
            RecordKind::Deals | RecordKind::Subscriptions | RecordKind::Spend
        )
    }

    /// [`Self::noun`], counted: "1 ticket", "1,204 tickets".
    pub fn count(self, n: usize) -> String {
        let noun = self.noun();
        match n {
            1 => format!("1 {noun}"),
            _ => format!("{} {noun}s", show(n as f64, Unit::Count)),
        }
    }
}

/// What one cell of a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// Text kept as written (ids, names, campaigns).
    Text,
    /// A word compared without regard to case (statuses, stages): kept
    /// trimmed and in lower case.
    Word,
    /// A number (amounts, counts).
    Number,
    /// An amount of money: a number, in millionths of the currency under
    /// a header that says so (`metrics.cost_micros`, as the Google Ads API
    /// writes costs), kept in units of the currency.
    Money,
    /// A point in time (see `frame::instants`).
    Time,
    /// A duration, in the unit its header says (see `frame::durations`),
    /// kept in hours.
    Hours,
    /// A yes/no cell: `true`/`false`, `yes`/`no`, `1`/`0`.
    Flag,
    /// Words (tags, separated by spaces, commas or semicolons): yes when
    /// any of these words is among them, no otherwise.
    Marks(&'static [&'static str]),
    /// A satisfaction rating: `good`/`bad` (Zendesk), or 1-5 where 4 and 5
    /// are satisfied; yes when satisfied, no when not, empty when unrated
    /// (`offered`, `unoffered`, blank).
    Rating,
}

/// One field of a record kind.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The canonical name: the column's name in the aggregation's frame.
    pub name: &'static str,
    /// Normalised header names the tools write for it, best first.
    pub headers: &'static [&'static str],
    pub holds: Holds,
}

/// A record kind's fields and which of them make a table that kind.
#[derive(Debug)]
pub struct Schema {
    pub kind: RecordKind,
    pub fields: &'static [FieldSpec],
    /// Each inner list names fields of which one must be present; every
    /// list must be met for a table to be of this kind.
    pub needs: &'static [&'static [&'static str]],
    /// Fields that hold the product line, best first (a rule's `line:`
    /// names another column).
    pub line_fields: &'static [&'static str],
    /// Fields that name a line only through the rules' `lines:` patterns
    /// (a spend row's campaign), used when no line field is present:
    /// without patterns, the table is an error, never a line per value.
    pub mapped_line_fields: &'static [&'static str],
    /// The field naming each record's currency and the money fields it is
    /// the currency of, converted to one currency by `money.rs`.
    pub money: Option<(&'static str, &'static [&'static str])>,
    /// Contradictions its records can hold, each an error (`checks.rs`).
    pub checks: &'static [Check],
}

/// The columns of a record table: each field found and its column.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    pub kind: RecordKind,
    /// Field name -> (column index, header text as written).
    pub fields: BTreeMap<&'static str, (usize, String)>,
    /// Every non-blank header cell: (column, text).
    pub headers: Vec<(usize, String)>,
}

impl Columns {
    /// The header of `field`'s column in quotes (`"End date"`); empty
    /// when the table has none.
    pub fn quoted(&self, field: &str) -> String {
        self.get(field)
            .map(|(_, h)| format!("\"{h}\""))
            .unwrap_or_default()
    }

    pub fn get(&self, field: &str) -> Option<(usize, &str)> {
        self.fields.get(field).map(|(c, h)| (*c, h.as_str()))
    }

    pub fn has(&self, field: &str) -> bool {
        self.fields.contains_key(field)
    }
}

impl Schema {
    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The columns of a header row of these fields, when it names what
    /// this kind needs; `header` is (column, text) per non-blank header
    /// cell. A header matched by two fields goes to the first.
    pub fn recognise(&self, header: &[(usize, String)]) -> Option<Columns> {
        self.recognise_naming(header, &BTreeMap::new())
    }

    /// [`Self::recognise`], with the columns the rules name for some
    /// fields (field -> header text): a header row is this kind's when it
    /// has every named column and, with them, what the kind needs.
    pub fn recognise_naming(
        &self,
        header: &[(usize, String)],
        named: &BTreeMap<String, String>,
    ) -> Option<Columns> {
        let mut fields = BTreeMap::new();
        let keys: Vec<(usize, &str, Option<MetricId>)> = header
            .iter()
            .map(|(c, text)| (*c, text.as_str(), MetricId::normalise(text)))
            .collect();
        let mut taken = vec![false; keys.len()];
        for spec in self.fields {
            if let Some(want) = named.get(spec.name) {
                let want = MetricId::normalise(want);
                let (i, (c, text, _)) = keys
                    .iter()
                    .enumerate()
                    .find(|(_, (_, _, key))| want.is_some() && *key == want)?;
                taken[i] = true;
                fields.insert(spec.name, (*c, text.to_string()));
                continue;
            }
            let found = spec.headers.iter().find_map(|want| {
                keys.iter()
                    .enumerate()
                    .find(|(i, (_, _, key))| {
                        !taken[*i] && key.as_ref().is_some_and(|k| k.as_str() == *want)
                    })
                    .map(|(i, (c, text, _))| (i, *c, text.to_string()))
            });
            if let Some((i, c, text)) = found {
                taken[i] = true;
                fields.insert(spec.name, (c, text));
            }
        }
        let met = self
            .needs
            .iter()
            .all(|any| any.iter().any(|f| fields.contains_key(f)));
        met.then(|| Columns {
            kind: self.kind,
            fields,
            headers: header.to_vec(),
        })
    }
}
