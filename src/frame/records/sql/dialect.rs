//! The five SQL dialects `linecard sql` writes, and everything that differs
//! between them in one table of small functions: how a name and a text are
//! quoted, the type names, and the few functions that have no common
//! spelling (epoch milliseconds, local times, day differences, quantiles,
//! raising an error). The statements are assembled from these pieces only,
//! so no name or text reaches the SQL unquoted, and each statement is
//! parsed back with `sqlparser` for its dialect before it is printed.

use super::SqlError;
use crate::frame::zone::ZoneName;
use sqlparser::ast::Ident;
use sqlparser::dialect::{
    BigQueryDialect, DatabricksDialect, Dialect as Parsing, DuckDbDialect, SnowflakeDialect,
    SparkSqlDialect,
};

/// A warehouse's SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Spark,
    Databricks,
    BigQuery,
    Snowflake,
    DuckDb,
}

/// What a value raised as an error stands in for (its type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stands {
    Bool,
    Number,
}

impl Dialect {
    pub const ALL: [Dialect; 5] = [
        Dialect::Spark,
        Dialect::Databricks,
        Dialect::BigQuery,
        Dialect::Snowflake,
        Dialect::DuckDb,
    ];

    /// The word `--dialect` takes.
    pub fn word(self) -> &'static str {
        match self {
            Dialect::Spark => "spark",
            Dialect::Databricks => "databricks",
            Dialect::BigQuery => "bigquery",
            Dialect::Snowflake => "snowflake",
            Dialect::DuckDb => "duckdb",
        }
    }

    /// The parser that checks what is written.
    pub fn parser(self) -> Box<dyn Parsing> {
        match self {
            Dialect::Spark => Box::new(SparkSqlDialect {}),
            Dialect::Databricks => Box::new(DatabricksDialect {}),
            Dialect::BigQuery => Box::new(BigQueryDialect {}),
            Dialect::Snowflake => Box::new(SnowflakeDialect {}),
            Dialect::DuckDb => Box::new(DuckDbDialect {}),
        }
    }

    /// Statements run before the queries, so that times without a zone
    /// are read as UTC whatever the session's zone.
    pub fn preamble(self) -> Option<&'static str> {
        match self {
            Dialect::DuckDb => Some("SET TimeZone = 'UTC';"),
            Dialect::Spark | Dialect::Databricks => Some("SET TIME ZONE 'UTC';"),
            Dialect::BigQuery | Dialect::Snowflake => None,
        }
    }

    /// A quoted name. `place` says where the name comes from, for the
    /// error when the dialect cannot quote it.
    pub fn ident(self, name: &str, place: &str) -> Result<String, SqlError> {
        let quote = match self {
            Dialect::DuckDb | Dialect::Snowflake => '"',
            _ => '`',
        };
        if self == Dialect::BigQuery && name.contains(['`', '\\']) {
            return Err(SqlError::Unquotable {
                name: name.to_string(),
                place: place.to_string(),
                dialect: self.word(),
            });
        }
        Ok(Ident::with_quote(quote, name).to_string())
    }

    /// A name linecard makes itself (a canonical field, a column of its
    /// own): always quotable.
    pub fn own(self, name: &str) -> String {
        self.ident(name, "linecard")
            .expect("linecard's own names quote")
    }

    /// A text literal. A text holding a quote, a backslash or a control
    /// character is written as the concatenation of its plain pieces and
    /// those characters by code, which every dialect reads the same way
    /// (they disagree on backslash escapes).
    pub fn text(self, text: &str) -> String {
        let plain = |c: char| c != '\'' && c != '\\' && !c.is_control();
        if text.chars().all(plain) {
            return format!("'{text}'");
        }
        let mut pieces: Vec<String> = Vec::new();
        let mut run = String::new();
        for c in text.chars() {
            if plain(c) {
                run.push(c);
                continue;
            }
            if !run.is_empty() {
                pieces.push(format!("'{}'", std::mem::take(&mut run)));
            }
            pieces.push(self.char_code(c as u32));
        }
        if !run.is_empty() {
            pieces.push(format!("'{run}'"));
        }
        match pieces.as_slice() {
            [one] => one.clone(),
            _ => self.concat(&pieces),
        }
    }

    fn char_code(self, code: u32) -> String {
        match self {
            Dialect::BigQuery => format!("CODE_POINTS_TO_STRING([{code}])"),
            Dialect::Snowflake => format!("CHR({code})"),
            _ => format!("chr({code})"),
        }
    }

    /// A number literal, always of the dialect's double type: written with
    /// an exponent (`1.08e0`), since `1.08` is a decimal in Spark, Snowflake
    /// and DuckDB, whose averages are then cut to a few places.
    pub fn number(self, x: f64) -> String {
        let shown = format!("{x:e}");
        match x < 0.0 {
            true => format!("({shown})"),
            false => shown,
        }
    }

    pub fn concat(self, parts: &[String]) -> String {
        format!("CONCAT({})", parts.join(", "))
    }

    pub fn string_type(self) -> &'static str {
        match self {
            Dialect::DuckDb | Dialect::Snowflake => "VARCHAR",
            _ => "STRING",
        }
    }

    pub fn double_type(self) -> &'static str {
        match self {
            Dialect::BigQuery => "FLOAT64",
            _ => "DOUBLE",
        }
    }

    pub fn integer_type(self) -> &'static str {
        match self {
            Dialect::BigQuery => "INT64",
            _ => "BIGINT",
        }
    }

    pub fn timestamp_type(self) -> &'static str {
        match self {
            Dialect::Snowflake => "TIMESTAMP_NTZ",
            _ => "TIMESTAMP",
        }
    }

    /// A cell as text, trimmed, empty as missing.
    pub fn trimmed(self, column: &str) -> String {
        format!("NULLIF(TRIM(CAST({column} AS {})), '')", self.string_type())
    }

    /// A point in time's milliseconds since 1970 (UTC).
    pub fn epoch_ms(self, t: &str) -> String {
        match self {
            Dialect::DuckDb => format!("epoch_ms({t})"),
            Dialect::Spark | Dialect::Databricks => format!("unix_millis({t})"),
            Dialect::BigQuery => format!("UNIX_MILLIS({t})"),
            Dialect::Snowflake => format!("DATE_PART(EPOCH_MILLISECOND, {t})"),
        }
    }

    /// The point in time `ms` (an integer expression) milliseconds after
    /// 1970 (UTC).
    pub fn from_epoch_ms(self, ms: &str) -> String {
        match self {
            Dialect::DuckDb => format!("epoch_ms({ms})"),
            Dialect::Spark | Dialect::Databricks => format!("timestamp_millis({ms})"),
            Dialect::BigQuery => format!("TIMESTAMP_MILLIS({ms})"),
            Dialect::Snowflake => format!("TO_TIMESTAMP_NTZ({ms}, 3)"),
        }
    }

    /// A UTC point in time as the wall-clock time in `zone`.
    pub fn local(self, t: &str, zone: ZoneName) -> String {
        let offset_text = |seconds: i32| {
            let sign = if seconds < 0 { '-' } else { '+' };
            let s = seconds.unsigned_abs();
            format!("{sign}{:02}:{:02}", s / 3600, s % 3600 / 60)
        };
        match (self, zone) {
            (Dialect::BigQuery, ZoneName::Utc) => format!("DATETIME({t}, 'UTC')"),
            (Dialect::BigQuery, ZoneName::Offset(s)) => {
                format!("DATETIME({t}, '{}')", offset_text(s))
            }
            (Dialect::BigQuery, ZoneName::Iana(name)) => {
                format!("DATETIME({t}, {})", self.text(name))
            }
            (_, ZoneName::Utc) => t.to_string(),
            (Dialect::DuckDb, ZoneName::Offset(s)) => format!("({t} + to_seconds({s}))"),
            (Dialect::DuckDb, ZoneName::Iana(name)) => {
                format!("timezone({}, CAST({t} AS TIMESTAMPTZ))", self.text(name))
            }
            (Dialect::Snowflake, ZoneName::Offset(s)) => format!("DATEADD(second, {s}, {t})"),
            (Dialect::Snowflake, ZoneName::Iana(name)) => {
                format!("CONVERT_TIMEZONE('UTC', {}, {t})", self.text(name))
            }
            (_, ZoneName::Offset(s)) => format!("from_utc_timestamp({t}, '{}')", offset_text(s)),
            (_, ZoneName::Iana(name)) => format!("from_utc_timestamp({t}, {})", self.text(name)),
        }
    }

    /// Whole days from date `a` to date `b`.
    pub fn days_between(self, a: &str, b: &str) -> String {
        match self {
            Dialect::DuckDb => format!("date_diff('day', {a}, {b})"),
            Dialect::Spark | Dialect::Databricks => format!("datediff({b}, {a})"),
            Dialect::BigQuery => format!("DATE_DIFF({b}, {a}, DAY)"),
            Dialect::Snowflake => format!("DATEDIFF(day, {a}, {b})"),
        }
    }

    /// The first day of the month, quarter or year (`unit`: `MONTH`,
    /// `QUARTER`, `YEAR`) that date `d` falls in, as a date.
    pub fn trunc_date(self, d: &str, unit: &str) -> String {
        match self {
            Dialect::DuckDb => format!(
                "CAST(date_trunc('{}', {d}) AS DATE)",
                unit.to_ascii_lowercase()
            ),
            Dialect::Spark | Dialect::Databricks => format!("trunc({d}, '{unit}')"),
            Dialect::BigQuery => format!("DATE_TRUNC({d}, {unit})"),
            Dialect::Snowflake => format!("DATE_TRUNC('{unit}', {d})"),
        }
    }

    /// Date `d` moved on by `months` months.
    pub fn add_months(self, d: &str, months: i32) -> String {
        match self {
            Dialect::DuckDb => format!("CAST({d} + INTERVAL ({months}) MONTH AS DATE)"),
            Dialect::Spark | Dialect::Databricks => format!("add_months({d}, {months})"),
            Dialect::BigQuery => format!("DATE_ADD({d}, INTERVAL {months} MONTH)"),
            Dialect::Snowflake => format!("DATEADD(month, {months}, {d})"),
        }
    }

    /// A calendar day as a date literal.
    pub fn date(self, day: chrono::NaiveDate) -> String {
        format!("DATE '{}'", day.format("%Y-%m-%d"))
    }

    /// Whether `needle` (a literal) is part of `haystack`.
    pub fn contains(self, haystack: &str, needle: &str) -> String {
        match self {
            Dialect::DuckDb => format!("contains({haystack}, {needle})"),
            Dialect::Spark | Dialect::Databricks => format!("(instr({haystack}, {needle}) > 0)"),
            Dialect::BigQuery => format!("(STRPOS({haystack}, {needle}) > 0)"),
            Dialect::Snowflake => format!("CONTAINS({haystack}, {needle})"),
        }
    }

    /// Whether text `value` (lower case) matches a shell pattern (`*`,
    /// `?`), compared without regard to case as the rules' `lines:` are.
    pub fn glob(self, value: &str, pattern: &str) -> String {
        let escape = match self {
            Dialect::BigQuery => '\\',
            _ => '!',
        };
        let mut like = String::new();
        for c in pattern.chars().flat_map(char::to_lowercase) {
            match c {
                '*' => like.push('%'),
                '?' => like.push('_'),
                '%' | '_' => {
                    like.push(escape);
                    like.push(c);
                }
                c if c == escape => {
                    like.push(escape);
                    like.push(c);
                }
                c => like.push(c),
            }
        }
        match self {
            Dialect::BigQuery => format!("({value} LIKE {})", self.text(&like)),
            _ => format!("({value} LIKE {} ESCAPE '!')", self.text(&like)),
        }
    }

    /// The middle value (the mean of the middle two of an even count),
    /// as an aggregate; `None` where the dialect has no aggregate for it
    /// (BigQuery: see [`Self::window_quantile`]).
    pub fn quantile(self, x: &str, q: f64) -> Option<String> {
        let q = self.number(q);
        match self {
            Dialect::DuckDb => Some(format!("quantile_cont({x}, {q})")),
            Dialect::Spark | Dialect::Databricks => Some(format!("percentile({x}, {q})")),
            Dialect::Snowflake => Some(format!("PERCENTILE_CONT({q}) WITHIN GROUP (ORDER BY {x})")),
            Dialect::BigQuery => None,
        }
    }

    /// The exact quantile over a window (BigQuery has it only so).
    pub fn window_quantile(self, x: &str, q: f64, partition: &str) -> String {
        format!(
            "PERCENTILE_CONT({x}, {}) OVER (PARTITION BY {partition})",
            self.number(q)
        )
    }

    /// An expression that ends the query with `message` (an expression
    /// of text) when evaluated, standing in for a value of type `stands`.
    pub fn fail(self, message: &str, stands: Stands) -> String {
        match (self, stands) {
            (Dialect::DuckDb, _) => format!("error({message})"),
            (Dialect::Spark | Dialect::Databricks, _) => format!("raise_error({message})"),
            (Dialect::BigQuery, _) => format!("ERROR({message})"),
            // Snowflake has no function that raises: a text that is not a
            // boolean or a number fails the conversion, quoting it.
            (Dialect::Snowflake, Stands::Bool) => format!("TO_BOOLEAN({message})"),
            (Dialect::Snowflake, Stands::Number) => format!("TO_DOUBLE({message})"),
        }
    }

    /// Whether quantiles are computed over windows (BigQuery).
    pub fn quantiles_by_window(self) -> bool {
        self == Dialect::BigQuery
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::ast::{Expr, SelectItem, SetExpr, Statement, Value};
    use sqlparser::parser::Parser;

    /// The one expression of `SELECT <expr>` parsed in `dialect`.
    fn parse_one(dialect: Dialect, expr: &str) -> Expr {
        let sql = format!("SELECT {expr}");
        let parsed = Parser::parse_sql(dialect.parser().as_ref(), &sql).expect(&sql);
        let Statement::Query(query) = &parsed[0] else {
            panic!("not a query: {sql}")
        };
        let SetExpr::Select(select) = query.body.as_ref() else {
            panic!("not a select: {sql}")
        };
        match &select.projection[0] {
            SelectItem::UnnamedExpr(e) => e.clone(),
            other => panic!("not an expression: {other:?}"),
        }
    }

    #[test]
    fn a_plain_text_is_one_literal_in_every_dialect() {
        for d in Dialect::ALL {
            let e = parse_one(d, &d.text("Atlas Analytics"));
            assert_eq!(
                e,
                Expr::Value(Value::SingleQuotedString("Atlas Analytics".into()).into()),
                "{d:?}"
            );
        }
    }

    #[test]
    fn quotes_and_backslashes_are_written_by_code() {
        let text = r"O'Brien\Support";
        assert_eq!(
            Dialect::DuckDb.text(text),
            r"CONCAT('O', chr(39), 'Brien', chr(92), 'Support')"
        );
        assert_eq!(
            Dialect::BigQuery.text("it's"),
            "CONCAT('it', CODE_POINTS_TO_STRING([39]), 's')"
        );
        for d in Dialect::ALL {
            // Parses in every dialect, as a call.
            assert!(matches!(parse_one(d, &d.text(text)), Expr::Function(_)));
        }
    }

    #[test]
    fn names_are_quoted_with_their_quotes_doubled() {
        assert_eq!(
            Dialect::DuckDb.ident(r#"Odd "name""#, "x").unwrap(),
            r#""Odd ""name""""#
        );
        assert_eq!(
            Dialect::Spark.ident("Created at", "x").unwrap(),
            "`Created at`"
        );
        let err = Dialect::BigQuery.ident("a`b", "tickets.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "tickets.csv: the name \"a`b\" holds a backtick or a backslash, which bigquery cannot quote; rename the column in the warehouse and in the sample"
        );
        for d in Dialect::ALL {
            let e = parse_one(d, &d.ident("Full resolution time in minutes", "x").unwrap());
            let Expr::Identifier(ident) = e else {
                panic!("{d:?}: not a name")
            };
            assert_eq!(ident.value, "Full resolution time in minutes");
        }
    }

    #[test]
    fn shell_patterns_become_like_patterns_with_their_wildcards_escaped() {
        assert_eq!(
            Dialect::DuckDb.glob("v", "Atlas_*?"),
            "(v LIKE 'atlas!_%_' ESCAPE '!')"
        );
        assert_eq!(
            Dialect::BigQuery.glob("v", "100%*"),
            "(v LIKE CONCAT('100', CODE_POINTS_TO_STRING([92]), '%%'))"
        );
        for d in Dialect::ALL {
            parse_one(d, &d.glob("v", "*Beacon*"));
        }
    }

    #[test]
    fn the_dialect_functions_parse_in_their_dialects() {
        for d in Dialect::ALL {
            for zone in [
                ZoneName::Utc,
                ZoneName::Offset(-5 * 3600),
                ZoneName::Iana("Europe/Berlin"),
            ] {
                parse_one(d, &d.local("t", zone));
            }
            parse_one(d, &d.epoch_ms("t"));
            parse_one(d, &d.from_epoch_ms("ms"));
            parse_one(d, &d.days_between("a", "b"));
            parse_one(d, &d.contains("h", "' x '"));
            parse_one(d, &d.fail("'linecard: bad'", Stands::Bool));
            match d.quantile("x", 0.9) {
                Some(q) => parse_one(d, &q),
                None => parse_one(d, &d.window_quantile("x", 0.9, "a, b")),
            };
        }
    }
}
