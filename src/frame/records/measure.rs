//! KPI definitions over record fields, as data: which records a KPI counts
//! (`Cond`), what it computes from them (`Agg`), and which time field puts
//! a record in a period. The definitions are written once per record kind
//! and compiled here to polars expressions; the same values could be
//! compiled to SQL for a warehouse, so nothing here is a closure.
//!
//! Statistics follow the spreadsheet and SQL conventions people check
//! against: a median of an even count is the mean of the middle two, and a
//! percentile interpolates linearly between ranks (Excel's `PERCENTILE.INC`,
//! SQL's `PERCENTILE_CONT`).

use crate::model::Unit;
use crate::model::format::show;
use polars::prelude::*;
use std::collections::BTreeSet;

/// A number per record.
#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    /// A number or hours field as read.
    Field(&'static str),
    /// Hours from one time field to a later one: `Between(from, to)`.
    HoursBetween(&'static str, &'static str),
    /// Days from one time field to a later one.
    DaysBetween(&'static str, &'static str),
    /// Calendar days from one time field's date to a later one's, the
    /// dates in `--timezone` (a close date on the day of creation is 0
    /// days, whatever the hours): what a spreadsheet's `B2 - A2` of two
    /// dates gives.
    DatesBetween(&'static str, &'static str),
    /// The first number where it has a value, else the second: a
    /// duration column where the export has one, else the time between
    /// two time columns.
    Either(Box<Num>, Box<Num>),
}

/// Which records a KPI counts. A condition on a missing value is false.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Always,
    /// The field has a value.
    Present(&'static str),
    /// A word field is one of these (lower case).
    Is(&'static str, &'static [&'static str]),
    /// A yes/no field is yes.
    Flag(&'static str),
    /// A yes/no field's value where it has one, else the condition: a
    /// deal's won flag, else what its stage says.
    FlagElse(&'static str, Box<Cond>),
    /// The number is above this.
    Above(Num, f64),
    /// The number is at or above this.
    AtLeast(Num, f64),
    Not(Box<Cond>),
    All(Vec<Cond>),
    Any(Vec<Cond>),
}

/// What a KPI computes from the records it counts.
#[derive(Debug, Clone, PartialEq)]
pub enum Agg {
    /// How many records.
    Count,
    Sum(Num),
    Mean(Num),
    Median(Num),
    /// The `q` quantile (0.9 for p90).
    Quantile(Num, f64),
    /// The share of the counted records that also meet this condition.
    Share(Cond),
    /// How many of the counted records also meet this condition: 0, not
    /// missing, when some were counted and none meets it (deals won among
    /// the deals closed in a quarter with losses only).
    CountOf(Cond),
    /// How many distinct people the counted records are, each record's
    /// person named by the first of these text fields it has (the
    /// strongest id first: a person id, then a user id, then a device id).
    People(&'static [&'static str]),
    /// The share of those people with a record that also meets this
    /// condition (people who used a feature, of the people active).
    PeopleShare(&'static [&'static str], Cond),
    /// How many records meet this condition per person who has one (uses
    /// of a feature per person who used it).
    PerPerson(&'static [&'static str], Cond),
}

/// One KPI computed from one kind of record.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// The metric it gives (a catalogue name).
    pub metric: &'static str,
    /// The time field that puts a record in a period, or [`LATEST`].
    pub by: &'static str,
    /// The records it counts: its sample.
    pub over: Cond,
    pub agg: Agg,
    /// What the sample is, after its count in the value's source: "tickets
    /// solved" for `tickets.csv (1,204 tickets solved in 2025-Q3)`.
    pub counted: Counted,
}

/// What a measure's sample is, for one record and for several: "1 ticket
/// solved", "1,204 tickets solved".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub one: &'static str,
    pub many: &'static str,
}

impl Counted {
    pub const fn new(one: &'static str, many: &'static str) -> Self {
        Counted { one, many }
    }

    /// `n` records, counted: "1 ticket solved", "1,204 tickets solved".
    pub fn of(&self, n: f64) -> String {
        match n == 1.0 {
            true => format!("1 {}", self.one),
            false => format!("{} {}", show(n, Unit::Count), self.many),
        }
    }
}

/// The name of the column holding a time field's month (`year * 12 +
/// month - 1`, in `--timezone`), which periods are cut from.
pub fn month_column(field: &str) -> String {
    format!("{field}#month")
}

/// The name of the column holding a time field's date, in days since
/// 1970-01-01 (in `--timezone`), which calendar days are counted from.
pub fn day_column(field: &str) -> String {
    format!("{field}#day")
}

/// A measure's `by` for a value as of the export: every record counted
/// goes in the export's latest period, the latest period in which a record
/// counts for one of the kind's other KPIs (a state, such as the open
/// pipeline, that the export holds only as of when it was made).
pub const LATEST: &str = "#latest";

/// The name of the column holding a measure's sample size.
pub fn sample_column(metric: &str) -> String {
    format!("{metric}#n")
}

/// The column every typed frame has (`columns.rs`), holding 3,600,000 (milliseconds in an hour)
/// on every row, for exact divisions (see [`Num::expr`]).
pub const MS_PER_HOUR: &str = "ms#hour";

impl Num {
    pub fn expr(&self) -> Expr {
        // Milliseconds over the column of milliseconds per hour, not over
        // a literal: polars divides by a literal as a multiplication by its
        // inverse, which makes 32 hours 31.999999999999996.
        let ms = |from: &str, to: &str| (col(to) - col(from)).cast(DataType::Float64);
        match self {
            Num::Field(f) => col(*f),
            Num::HoursBetween(from, to) => ms(from, to) / col(MS_PER_HOUR),
            Num::DaysBetween(from, to) => ms(from, to) / col(MS_PER_HOUR) / lit(24.0),
            Num::DatesBetween(from, to) => {
                (col(day_column(to)) - col(day_column(from))).cast(DataType::Float64)
            }
            Num::Either(first, second) => {
                let first = first.expr();
                when(first.clone().is_not_null())
                    .then(first)
                    .otherwise(second.expr())
            }
        }
    }
}

impl Cond {
    /// The condition as a boolean expression; missing values make it
    /// false, not missing.
    pub fn expr(&self) -> Expr {
        let known = |e: Expr| e.fill_null(lit(false));
        match self {
            Cond::Always => lit(true),
            Cond::Present(f) => col(*f).is_not_null(),
            Cond::Is(f, words) => known(
                words
                    .iter()
                    .map(|w| col(*f).eq(lit(*w)))
                    .reduce(Expr::or)
                    .unwrap_or(lit(false)),
            ),
            Cond::Flag(f) => known(col(*f)),
            Cond::FlagElse(f, otherwise) => when(col(*f).is_not_null())
                .then(col(*f))
                .otherwise(otherwise.expr()),
            Cond::Above(n, x) => known(n.expr().gt(lit(*x))),
            Cond::AtLeast(n, x) => known(n.expr().gt_eq(lit(*x))),
            Cond::Not(c) => c.expr().not(),
            Cond::All(cs) => cs
                .iter()
                .map(Cond::expr)
                .reduce(Expr::and)
                .unwrap_or(lit(true)),
            Cond::Any(cs) => cs
                .iter()
                .map(Cond::expr)
                .reduce(Expr::or)
                .unwrap_or(lit(false)),
        }
    }
}

impl Measure {
    /// The value and sample size expressions, named after the metric, for
    /// a group-by over lines and periods; `cond` gives each condition's
    /// expression (a column computed before the group-by, see
    /// `engine::Conditions`).
    pub fn exprs(&self, cond: impl Fn(&Cond) -> Expr) -> [Expr; 2] {
        let over = cond(&self.over);
        let n_of = |e: Expr| e.filter(over.clone()).count().cast(DataType::Float64);
        let (value, n) = match &self.agg {
            Agg::Count => {
                let n = over.clone().cast(DataType::Float64).sum();
                (n.clone(), n)
            }
            Agg::Sum(x) => (
                x.expr().filter(over.clone()).sum().cast(DataType::Float64),
                n_of(x.expr()),
            ),
            Agg::Mean(x) => (x.expr().filter(over.clone()).mean(), n_of(x.expr())),
            Agg::Median(x) => (x.expr().filter(over.clone()).median(), n_of(x.expr())),
            Agg::Quantile(x, q) => (
                x.expr()
                    .filter(over.clone())
                    .quantile(lit(*q), QuantileMethod::Linear),
                n_of(x.expr()),
            ),
            Agg::Share(c) => (
                cond(c).filter(over.clone()).cast(DataType::Float64).mean(),
                over.clone().cast(DataType::Float64).sum(),
            ),
            Agg::CountOf(c) => (
                cond(c).filter(over.clone()).cast(DataType::Float64).sum(),
                over.clone().cast(DataType::Float64).sum(),
            ),
            Agg::People(ids) => {
                let people = people(ids, over.clone());
                (people.clone(), people)
            }
            Agg::PeopleShare(ids, c) => {
                let all = people(ids, over.clone());
                (people(ids, over.clone().and(cond(c))) / all.clone(), all)
            }
            Agg::PerPerson(ids, c) => {
                let doing = over.clone().and(cond(c));
                let who = people(ids, doing.clone());
                let records = doing
                    .and(person(ids).is_not_null())
                    .cast(DataType::Float64)
                    .sum();
                (records / who.clone(), who)
            }
        };
        [
            value.alias(self.metric),
            n.alias(sample_column(self.metric)),
        ]
    }

    /// Whether a table with the fields `present` gives this KPI: it has
    /// the time field and what the KPI computes from. (A field its
    /// condition names may be missing: it reads as empty, so
    /// `Not(Is("status", ["deleted"]))` counts every record.)
    pub fn usable(&self, present: &BTreeSet<&str>) -> bool {
        (self.by == LATEST || present.contains(self.by))
            && match &self.agg {
                Agg::Count => true,
                Agg::Sum(x) | Agg::Mean(x) | Agg::Median(x) | Agg::Quantile(x, _) => {
                    x.usable(present)
                }
                Agg::Share(c) | Agg::CountOf(c) => c.usable(present),
                Agg::People(ids) => ids.iter().any(|f| present.contains(f)),
                Agg::PeopleShare(ids, c) | Agg::PerPerson(ids, c) => {
                    ids.iter().any(|f| present.contains(f)) && c.usable(present)
                }
            }
    }
}

/// How many distinct people the records where `only` holds are.
fn people(ids: &[&'static str], only: Expr) -> Expr {
    let person = person(ids);
    person
        .clone()
        .filter(only.and(person.is_not_null()))
        .n_unique()
        .cast(DataType::Float64)
}

/// Each record's person: the first of the `ids` fields it has.
pub(super) fn person(ids: &[&'static str]) -> Expr {
    let mut fields = ids.iter().rev();
    let last = col(*fields.next().expect("a person field"));
    fields.fold(last, |otherwise, f| {
        when(col(*f).is_not_null())
            .then(col(*f))
            .otherwise(otherwise)
    })
}

impl Num {
    fn usable(&self, present: &BTreeSet<&str>) -> bool {
        match self {
            Num::Field(f) => present.contains(f),
            Num::HoursBetween(a, b) | Num::DaysBetween(a, b) | Num::DatesBetween(a, b) => {
                present.contains(a) && present.contains(b)
            }
            Num::Either(a, b) => a.usable(present) || b.usable(present),
        }
    }
}

impl Cond {
    /// Whether every field the condition names is present.
    fn usable(&self, present: &BTreeSet<&str>) -> bool {
        match self {
            Cond::Always => true,
            Cond::Present(f) | Cond::Is(f, _) | Cond::Flag(f) => present.contains(f),
            Cond::FlagElse(f, otherwise) => present.contains(f) || otherwise.usable(present),
            Cond::Above(n, _) | Cond::AtLeast(n, _) => n.usable(present),
            Cond::Not(c) => c.usable(present),
            Cond::All(cs) | Cond::Any(cs) => cs.iter().all(|c| c.usable(present)),
        }
    }
}
