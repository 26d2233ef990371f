//! A record table's columns as the typed fields the KPI definitions read,
//! in SQL: each cell read as `columns.rs` reads it (texts trimmed, words in
//! lower case, durations in hours by their header's unit, yes/no words and
//! ratings to booleans, amounts in one currency), the product line from
//! its column or the rules' `lines:` patterns, and the guards that end the
//! query where linecard itself would refuse the table (a cell it cannot
//! read, two different records under one id, amounts in several
//! currencies without rates).

use super::SqlError;
use super::dialect::{Dialect, Stands};
use crate::frame::durations::DurationUnit;
use crate::frame::instants::TimeFormat;
use crate::frame::records::RecordChoices;
use crate::frame::records::schema::{Columns, FieldSpec, Holds, Schema};
use crate::model::MetricId;
use std::collections::BTreeMap;

/// The suffix of the column holding a time field's milliseconds since 1970.
pub const MS: &str = "__ms";
/// The suffix of the column holding a time field's period ("2025-Q3").
pub const PERIOD: &str = "__period";
/// The suffix of the column holding a time field's local date.
pub const DATE: &str = "__date";

/// How one table's cells become fields.
pub struct Reading<'a> {
    pub dialect: Dialect,
    pub columns: &'a Columns,
    pub schema: &'a Schema,
    pub choices: &'a RecordChoices,
    /// The table as messages name it (`tickets.csv`).
    pub place: &'a str,
    /// How the sample writes each time field present.
    pub times: &'a BTreeMap<&'static str, TimeFormat>,
}

impl Reading<'_> {
    fn d(&self) -> Dialect {
        self.dialect
    }

    /// The quoted name of a column of the table.
    fn column(&self, header: &str) -> Result<String, SqlError> {
        self.d().ident(header, self.place)
    }

    /// `linecard: tickets.csv, column "Status": <what>` followed by the
    /// value, as an expression of text.
    fn message(&self, header: &str, what: &str, value: Option<&str>) -> String {
        let lead = self.d().text(&format!(
            "linecard: {}, column \"{header}\": {what}",
            self.place
        ));
        match value {
            Some(v) => self.d().concat(&[lead, v.to_string()]),
            None => lead,
        }
    }

    /// `SELECT` items: the line, then every field of the kind, typed (a
    /// field the table lacks is a typed empty value).
    pub fn select(&self, line_header: &str) -> Result<Vec<String>, SqlError> {
        let d = self.d();
        let mut items = vec![format!("{} AS {}", self.line(line_header)?, d.own("line"))];
        for spec in self.schema.fields {
            let expr = match self.columns.get(spec.name) {
                Some((_, header)) => self.field(spec, header)?,
                None => empty(d, spec.holds),
            };
            items.push(format!("{expr} AS {}", d.own(spec.name)));
        }
        Ok(items)
    }

    /// Each record's product line.
    fn line(&self, header: &str) -> Result<String, SqlError> {
        let d = self.d();
        let text = d.trimmed(&self.column(header)?);
        if self.choices.lines.is_empty() {
            return Ok(text);
        }
        let lower = format!("LOWER({text})");
        let arms: Vec<String> = self
            .choices
            .lines
            .iter()
            .map(|(pattern, line)| {
                format!("WHEN {} THEN {}", d.glob(&lower, pattern), d.text(line))
            })
            .collect();
        Ok(format!("CASE {} ELSE NULL END", arms.join(" ")))
    }

    /// One field's value from its column.
    fn field(&self, spec: &FieldSpec, header: &str) -> Result<String, SqlError> {
        let d = self.d();
        let c = self.column(header)?;
        let text = d.trimmed(&c);
        let double = |e: &str| format!("CAST({e} AS {})", d.double_type());
        let lower = format!("LOWER({text})");
        let one_of = |words: &[&str]| {
            let listed: Vec<String> = words.iter().map(|w| d.text(w)).collect();
            format!("{lower} IN ({})", listed.join(", "))
        };
        Ok(match spec.holds {
            Holds::Text => text,
            Holds::Word => lower,
            Holds::Number => double(&c),
            Holds::Money => {
                let amount = match micros(header) {
                    true => format!("({} / {})", double(&c), d.number(1e6)),
                    false => double(&c),
                };
                self.in_one_currency(&amount)?
            }
            Holds::Hours => {
                let unit =
                    DurationUnit::from_header(header).ok_or_else(|| SqlError::NoDurationUnit {
                        place: format!("{}, column \"{header}\"", self.place),
                    })?;
                let x = double(&c);
                match unit {
                    DurationUnit::Seconds => format!("({x} / {})", d.number(3600.0)),
                    DurationUnit::Minutes => format!("({x} / {})", d.number(60.0)),
                    DurationUnit::Hours => x,
                    DurationUnit::Days => format!("({x} * {})", d.number(24.0)),
                }
            }
            Holds::Time => match self.times.get(spec.name) {
                Some(TimeFormat::UnixSeconds) => d.from_epoch_ms(&unix_ms(d, &c, 1000.0)),
                Some(TimeFormat::UnixMillis) => d.from_epoch_ms(&unix_ms(d, &c, 1.0)),
                _ => format!("CAST({c} AS {})", d.timestamp_type()),
            },
            Holds::Flag => format!(
                "CASE WHEN {text} IS NULL THEN NULL WHEN {} THEN TRUE WHEN {} THEN FALSE ELSE {} END",
                one_of(&["true", "yes", "y", "1", "1.0"]),
                one_of(&["false", "no", "n", "0", "0.0"]),
                d.fail(
                    &self.message(
                        header,
                        "expected yes/no values (true, false, yes, no, 1, 0), got ",
                        Some(&text)
                    ),
                    Stands::Bool
                ),
            ),
            Holds::Marks(words) => {
                // The words between spaces, commas and semicolons.
                let spaced = d.concat(&[
                    "' '".into(),
                    format!("TRANSLATE({lower}, ',;', '  ')"),
                    "' '".into(),
                ]);
                let any: Vec<String> = words
                    .iter()
                    .map(|w| d.contains(&spaced, &d.text(&format!(" {w} "))))
                    .collect();
                format!("COALESCE({}, FALSE)", any.join(" OR "))
            }
            Holds::Rating => format!(
                "CASE WHEN {text} IS NULL OR {} THEN NULL WHEN {} THEN TRUE WHEN {} THEN FALSE ELSE {} END",
                one_of(&["offered", "unoffered"]),
                one_of(&["good", "4", "5", "4.0", "5.0"]),
                one_of(&["bad", "1", "2", "3", "1.0", "2.0", "3.0"]),
                d.fail(
                    &self.message(
                        header,
                        "expected satisfaction ratings (good, bad, offered, unoffered, or 1 to 5), got ",
                        Some(&text)
                    ),
                    Stands::Bool
                ),
            ),
        })
    }

    /// An amount in the currency the rules report in: converted with the
    /// rules' rates where the table says each record's currency and the
    /// rules give a currency; a currency without a rate ends the query.
    /// Without a reporting currency the amounts are left as they are and
    /// [`Self::guard`] makes sure they are in one currency.
    fn in_one_currency(&self, amount: &str) -> Result<String, SqlError> {
        let d = self.d();
        let (Some((currency, _)), Some(target)) = (self.schema.money, &self.choices.currency)
        else {
            return Ok(amount.to_string());
        };
        let Some((_, header)) = self.columns.get(currency) else {
            return Ok(amount.to_string());
        };
        let code = format!("UPPER({})", d.trimmed(&self.column(header)?));
        let mut arms = vec![format!(
            "WHEN {code} IS NULL OR {code} = {} THEN {}",
            d.text(&target.to_uppercase()),
            d.number(1.0)
        )];
        for (other, rate) in &self.choices.rates {
            if other.eq_ignore_ascii_case(target) {
                continue;
            }
            arms.push(format!(
                "WHEN {code} = {} THEN {}",
                d.text(&other.to_uppercase()),
                d.number(*rate)
            ));
        }
        let at = self.choices.declared_at.as_deref().unwrap_or("the rules");
        let missing = self.message(
            header,
            &format!("no rate to {target} in the records(...) at {at} for the currency "),
            Some(&code),
        );
        Ok(format!(
            "({amount} * CASE {} ELSE {} END)",
            arms.join(" "),
            d.fail(&missing, Stands::Number)
        ))
    }

    /// A boolean that is true for every record, or ends the query: two
    /// different records under one id, or amounts in several currencies
    /// with no currency to report in. Computed over windows, so it sits in
    /// a step of its own before the records are counted.
    pub fn guard(&self) -> Option<String> {
        let d = self.d();
        let mut arms = Vec::new();
        if let Some((_, header)) = self.columns.get("id") {
            let id = d.own("id");
            let noun = self.schema.kind.noun();
            let said = self.message(
                header,
                &format!("two {noun}s with different contents share the id "),
                Some(&id),
            );
            arms.push(format!(
                "WHEN {id} IS NOT NULL AND COUNT(*) OVER (PARTITION BY {id}) > 1 THEN {}",
                d.fail(&said, Stands::Bool)
            ));
        }
        if let (Some((currency, _)), None) = (self.schema.money, &self.choices.currency)
            && let Some((_, header)) = self.columns.get(currency)
        {
            let code = d.own(currency);
            let said = self.message(
                header,
                "the amounts are in several currencies; give the currency to report in and the rates with records(..., #{ currency: \"USD\", rates: #{ EUR: 1.08 } })",
                None,
            );
            arms.push(format!(
                "WHEN MIN({code}) OVER () <> MAX({code}) OVER () THEN {}",
                d.fail(&said, Stands::Bool)
            ));
        }
        (!arms.is_empty()).then(|| format!("CASE {} ELSE TRUE END", arms.join(" ")))
    }
}

/// A typed empty value, for a field the table lacks.
fn empty(d: Dialect, holds: Holds) -> String {
    let ty = match holds {
        Holds::Text | Holds::Word => d.string_type(),
        Holds::Number | Holds::Money | Holds::Hours => d.double_type(),
        Holds::Time => d.timestamp_type(),
        Holds::Flag | Holds::Rating => "BOOLEAN",
        // No tags: not marked.
        Holds::Marks(_) => return "FALSE".into(),
    };
    format!("CAST(NULL AS {ty})")
}

/// Milliseconds since 1970 from a Unix time of `per_unit` milliseconds per
/// unit, rounded as linecard rounds them.
fn unix_ms(d: Dialect, c: &str, per_unit: f64) -> String {
    format!(
        "CAST(ROUND(CAST({c} AS {}) * {}) AS {})",
        d.double_type(),
        d.number(per_unit),
        d.integer_type()
    )
}

/// Whether a money column is in millionths (`metrics.cost_micros`).
fn micros(header: &str) -> bool {
    MetricId::normalise(header).is_some_and(|k| k.as_str().ends_with("micros"))
}
