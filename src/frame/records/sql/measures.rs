//! The KPI definitions of `measure.rs` (`Num`, `Cond`, `Agg`) written as
//! SQL over the typed fields of `fields.rs`, with the same meaning as the
//! polars expressions they compile to for `linecard report`: a condition
//! on a missing value is false, a statistic leaves out the records without
//! the number, and each value has the sample size its source counts.

use super::dialect::Dialect;
use super::fields::{DATE, MS};
use crate::frame::records::measure::{Agg, Cond, Measure, Num};

/// Milliseconds in an hour: a duration between two times is their
/// milliseconds apart divided by it, as `measure.rs` divides them.
const MS_PER_HOUR: f64 = 3_600_000.0;

/// Writes definitions in one dialect.
pub struct Writer {
    pub dialect: Dialect,
    /// Conditions computed once per record, each as a column of its own
    /// (see [`conditions`]): written as that column.
    pub named: Vec<(Cond, String)>,
}

/// One KPI's value and sample size, as aggregates over the records of a
/// group.
pub struct Aggregates {
    pub value: String,
    pub n: String,
}

impl Writer {
    fn d(&self) -> Dialect {
        self.dialect
    }

    fn double(&self, e: &str) -> String {
        format!("CAST({e} AS {})", self.d().double_type())
    }

    /// A time field's derived column.
    fn derived(&self, field: &str, suffix: &str) -> String {
        self.d().own(&format!("{field}{suffix}"))
    }

    /// A number per record (empty where it has none).
    pub fn num(&self, n: &Num) -> String {
        let ms = |from: &str, to: &str| {
            self.double(&format!(
                "{} - {}",
                self.derived(to, MS),
                self.derived(from, MS)
            ))
        };
        match n {
            Num::Field(f) => self.d().own(f),
            Num::HoursBetween(from, to) => {
                format!("({} / {})", ms(from, to), self.d().number(MS_PER_HOUR))
            }
            // As the polars definition divides: hours, then days.
            Num::DaysBetween(from, to) => format!(
                "(({} / {}) / {})",
                ms(from, to),
                self.d().number(MS_PER_HOUR),
                self.d().number(24.0)
            ),
            Num::DatesBetween(from, to) => self.double(
                &self
                    .d()
                    .days_between(&self.derived(from, DATE), &self.derived(to, DATE)),
            ),
            Num::Either(first, second) => {
                format!("COALESCE({}, {})", self.num(first), self.num(second))
            }
        }
    }

    /// A condition per record: true or false, never empty.
    pub fn cond(&self, c: &Cond) -> String {
        if let Some((_, name)) = self.named.iter().find(|(seen, _)| seen == c) {
            return self.d().own(name);
        }
        let known = |e: String| format!("COALESCE({e}, FALSE)");
        match c {
            Cond::Always => "TRUE".into(),
            Cond::Present(f) => format!("({} IS NOT NULL)", self.d().own(f)),
            Cond::Is(f, words) => {
                let listed: Vec<String> = words.iter().map(|w| self.d().text(w)).collect();
                known(format!("{} IN ({})", self.d().own(f), listed.join(", ")))
            }
            Cond::Flag(f) => known(self.d().own(f)),
            Cond::FlagElse(f, otherwise) => {
                let f = self.d().own(f);
                format!(
                    "CASE WHEN {f} IS NOT NULL THEN {f} ELSE {} END",
                    self.cond(otherwise)
                )
            }
            Cond::Above(n, x) => known(format!("{} > {}", self.num(n), self.d().number(*x))),
            Cond::AtLeast(n, x) => known(format!("{} >= {}", self.num(n), self.d().number(*x))),
            Cond::Not(c) => format!("(NOT {})", self.cond(c)),
            Cond::All(cs) => self.joined(cs, " AND ", "TRUE"),
            Cond::Any(cs) => self.joined(cs, " OR ", "FALSE"),
        }
    }

    /// Each record's person: the first of the `ids` fields it has.
    pub fn person(&self, ids: &[&str]) -> String {
        let ids: Vec<String> = ids.iter().map(|f| self.d().own(f)).collect();
        match ids.as_slice() {
            [one] => one.clone(),
            _ => format!("COALESCE({})", ids.join(", ")),
        }
    }

    /// 1 where the condition holds, else 0, as doubles (a decimal `1.0`
    /// would make Spark's and Snowflake's averages decimals, cut to a few
    /// places).
    fn one_or_zero(&self, c: &Cond) -> String {
        let d = self.d();
        format!(
            "CASE WHEN {} THEN {} ELSE {} END",
            self.cond(c),
            d.number(1.0),
            d.number(0.0)
        )
    }

    fn joined(&self, cs: &[Cond], op: &str, none: &str) -> String {
        match cs {
            [] => none.into(),
            [one] => self.cond(one),
            _ => {
                let each: Vec<String> = cs.iter().map(|c| self.cond(c)).collect();
                format!("({})", each.join(op))
            }
        }
    }

    /// The value and sample size of `agg` over the records `over` counts.
    /// For a quantile in a dialect without the aggregate, `partition`
    /// names the window the statement groups by (see
    /// [`Dialect::window_quantile`]); the sample is then a window count
    /// too.
    pub fn aggregates(&self, over: &Cond, agg: &Agg, partition: Option<&str>) -> Aggregates {
        let d = self.d();
        let always = *over == Cond::Always;
        let over = self.cond(over);
        let only = |x: &str| match always {
            true => x.to_string(),
            false => format!("CASE WHEN {over} THEN {x} END"),
        };
        let windowed = |aggregate: String| match partition {
            Some(p) => format!("{aggregate} OVER (PARTITION BY {p})"),
            None => aggregate,
        };
        let counted = windowed(format!("SUM(CASE WHEN {over} THEN 1 ELSE 0 END)"));
        let count_of = |x: &str| windowed(format!("COUNT({})", only(x)));
        let (value, n) = match agg {
            Agg::Count => (counted.clone(), counted.clone()),
            Agg::Sum(x) => {
                let x = self.num(x);
                (windowed(format!("SUM({})", only(&x))), count_of(&x))
            }
            Agg::Mean(x) => {
                let x = self.num(x);
                (windowed(format!("AVG({})", only(&x))), count_of(&x))
            }
            Agg::Median(x) => self.quantile(&self.num(x), 0.5, partition, &only, &count_of),
            Agg::Quantile(x, q) => self.quantile(&self.num(x), *q, partition, &only, &count_of),
            Agg::Share(c) => {
                let yes = self.one_or_zero(c);
                (windowed(format!("AVG({})", only(&yes))), counted.clone())
            }
            Agg::People(ids) => {
                let people = windowed(format!("COUNT(DISTINCT {})", only(&self.person(ids))));
                (people.clone(), people)
            }
            Agg::PeopleShare(ids, c) => {
                let person = self.person(ids);
                let people = windowed(format!("COUNT(DISTINCT {})", only(&person)));
                let users = windowed(format!(
                    "COUNT(DISTINCT CASE WHEN {} THEN {} END)",
                    self.cond(c),
                    only(&person)
                ));
                (
                    format!("{} / NULLIF({people}, 0)", self.double(&users)),
                    people,
                )
            }
            Agg::PerPerson(ids, c) => {
                let person = self.person(ids);
                let doing = format!("{} AND {person} IS NOT NULL", self.cond(c));
                let people = windowed(format!(
                    "COUNT(DISTINCT CASE WHEN {doing} THEN {} END)",
                    only(&person)
                ));
                let records = windowed(format!(
                    "SUM(CASE WHEN {doing} THEN {} ELSE 0 END)",
                    only("1")
                ));
                (
                    format!("{} / NULLIF({people}, 0)", self.double(&records)),
                    people,
                )
            }
            Agg::CountOf(c) => {
                let yes = self.one_or_zero(c);
                (windowed(format!("SUM({})", only(&yes))), counted.clone())
            }
        };
        Aggregates {
            value: self.double(&value),
            n: format!("CAST({n} AS {})", d.integer_type()),
        }
    }

    fn quantile(
        &self,
        x: &str,
        q: f64,
        partition: Option<&str>,
        only: &dyn Fn(&str) -> String,
        count_of: &dyn Fn(&str) -> String,
    ) -> (String, String) {
        let d = self.d();
        let value = match (d.quantile(&only(x), q), partition) {
            (Some(aggregate), _) => aggregate,
            (None, Some(p)) => d.window_quantile(&only(x), q, p),
            (None, None) => unreachable!("quantiles without the aggregate are windowed"),
        };
        (value, count_of(x))
    }
}

/// Each distinct condition the measures count by or share out, with the
/// name of the column that holds it (`c0`, ...), as `engine.rs` computes
/// them once per record before the group-by.
pub fn conditions<'m>(measures: impl IntoIterator<Item = &'m Measure>) -> Vec<(Cond, String)> {
    let mut named: Vec<(Cond, String)> = Vec::new();
    for m in measures {
        let shared = match &m.agg {
            Agg::Share(c) | Agg::CountOf(c) | Agg::PeopleShare(_, c) | Agg::PerPerson(_, c) => {
                Some(c)
            }
            _ => None,
        };
        for c in std::iter::once(&m.over).chain(shared) {
            if *c != Cond::Always && !named.iter().any(|(seen, _)| seen == c) {
                named.push((c.clone(), format!("c{}", named.len())));
            }
        }
    }
    named
}

/// Whether the aggregate needs every value of its group at once (a
/// median or a quantile): such KPIs get statements of their own.
pub fn holistic(agg: &Agg) -> bool {
    matches!(agg, Agg::Median(_) | Agg::Quantile(..))
}
