//! `linecard sql`: the record-level KPI definitions of `measure.rs`, for
//! the tables the rules and the recognised sources describe, written as SQL
//! for the warehouse that holds the records (Spark, Databricks, BigQuery,
//! Snowflake, DuckDB), so that a table too large for one machine is counted
//! where it lives and only its KPI values come back to `linecard report`.
//!
//! The user names a small sample of each table (its export, or the first
//! rows): its header says which kind of record it is and which column is
//! which field, exactly as `linecard report` would read it. Each table
//! gives one statement per time field that puts its records in periods,
//! the holistic KPIs (medians, percentiles) in statements of their own and
//! the KPIs as of the export in one more, each returning `line, period,
//! metric, value, sample_size, query`: the long table `linecard report`
//! reads back, naming the query in each value's source.
//!
//! Every statement has the same steps: `typed` reads the cells as fields
//! (`fields.rs`), `checked` ends the query where linecard would refuse the
//! table (two records under one id), `timed` adds each time field's
//! milliseconds, period and local date, `records` each condition the KPIs
//! count by, and `grouped` computes the KPIs (`measures.rs`). Names and texts reach the SQL only through the
//! dialect's quoting (`dialect.rs`), and each statement is parsed back with
//! `sqlparser` in its dialect before it is printed.

mod adoption;
mod dialect;
mod fields;
mod measures;
mod statement;

pub use dialect::Dialect;

use super::measure::Measure;
use super::schema::Holds;
use super::{RecordError, RecordRules, find, kind};
use crate::frame::Zone;
use crate::frame::instants::{self, TimeFormat};
use crate::frame::zone::ZoneName;
use crate::ingest::Grid;
use crate::model::Granularity;
use crate::model::format::and_list;
use fields::Reading;
use statement::{Plan, groups};
use std::collections::{BTreeMap, BTreeSet};

/// What stops `linecard sql`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SqlError {
    #[error(
        "{place}: the name \"{name}\" holds a backtick or a backslash, which {dialect} cannot quote; rename the column in the warehouse and in the sample"
    )]
    Unquotable {
        name: String,
        place: String,
        dialect: &'static str,
    },

    #[error(
        "{place}: the header does not say the unit of its durations; name it with one (\"First reply time in minutes\", \"Resolution time (in hrs)\") in the warehouse and in the sample"
    )]
    NoDurationUnit { place: String },

    #[error(
        "{place}: the sample writes its times as {how} (e.g. \"{example}\"), which the SQL cannot read the same way in every warehouse; store them as a TIMESTAMP, ISO 8601 text (2025-07-21T10:00:00Z) or Unix times, and give a sample that writes them so"
    )]
    TimesWritten {
        place: String,
        how: String,
        example: String,
    },

    #[error("{place}: {problem}")]
    Time { place: String, problem: String },

    #[error(
        "{file}: no warehouse table named for it; say which table holds these records with --table {file}=SCHEMA.TABLE{duckdb}"
    )]
    NoTable { file: String, duckdb: &'static str },

    #[error("--table {given}: no record table among the inputs is named {file}; they are {files}")]
    UnknownTable {
        given: String,
        file: String,
        files: String,
    },

    #[error(
        "--table {given}: name the input it stands for (--table FILE=TABLE), since the inputs hold {count} record tables"
    )]
    WhichTable { given: String, count: usize },

    #[error(
        "no record table in {files}: `linecard sql` writes the KPIs of support tickets, CRM deals, marketing spend and product events; name a sample of each table (its export, or its first rows) with the header the warehouse table has"
    )]
    NoRecords { files: String },

    #[error(
        "linecard wrote {dialect} SQL its own parser rejects ({error}); please report this, with the sample's header"
    )]
    Rejected {
        dialect: &'static str,
        error: String,
    },

    #[error(transparent)]
    Records(#[from] RecordError),
}

/// What `linecard sql` is asked for.
pub struct Request<'a> {
    /// The samples, as ingested.
    pub grids: &'a [Grid],
    pub rules: &'a RecordRules,
    /// `--table`: input file (as named) -> the warehouse table; the file
    /// is empty for a bare name given with one record table.
    pub tables: &'a BTreeMap<String, String>,
    pub dialect: Dialect,
    pub by: Granularity,
    pub zone: Zone,
}

/// The SQL, and what was left out and why (for standard error).
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    pub sql: String,
    pub notes: Vec<String>,
}

/// One record table found among the samples.
struct Found<'a> {
    grid: &'a Grid,
    /// The header row.
    row: usize,
    columns: super::Columns,
}

/// Writes the statements for every record table among the samples.
pub fn compile(request: &Request) -> Result<Compiled, SqlError> {
    let mut notes = Vec::new();
    let mut found: Vec<Found> = Vec::new();
    for grid in request.grids {
        let place = super::columns::grid_place(grid);
        match find(grid, request.rules) {
            Some((row, columns)) => found.push(Found { grid, row, columns }),
            None => notes.push(format!(
                "{place}: not a table of tickets, deals, marketing spend or product events; left out"
            )),
        }
    }
    if found.is_empty() {
        let files: Vec<String> = request
            .grids
            .iter()
            .map(super::columns::grid_place)
            .collect();
        return Err(SqlError::NoRecords {
            files: and_list(&files),
        });
    }
    let tables = table_names(request, &found)?;
    let d = request.dialect;
    let mut statements: Vec<String> = d.preamble().map(str::to_string).into_iter().collect();
    for (table, name) in found.iter().zip(&tables) {
        let place = super::columns::grid_place(table.grid);
        let kind = kind(table.columns.kind);
        if let Some(custom) = kind.custom {
            notes.push(format!(
                "{place}: {} have no SQL form ({}); run `linecard report` on the export",
                kind.schema.kind.word(),
                custom.no_sql
            ));
            continue;
        }
        let Some(name) = name else { continue };
        let declared = request.rules.for_file(table.columns.kind, &table.grid.file);
        let (choices, lined) =
            super::line_column::lined(&table.columns, kind.schema, declared, &place);
        lined?;
        let (_, line_header) =
            super::line_column::line_column(table.grid, &table.columns, kind.schema, &choices)?;
        let mut present: BTreeSet<&'static str> = table.columns.fields.keys().copied().collect();
        super::events::with_feature_use(&mut present, &choices);
        let measures: Vec<Measure> = (kind.measures)(&choices)
            .into_iter()
            .filter(|m| m.usable(&present))
            .collect();
        let times = time_formats(table, kind.schema, request.zone, &mut notes)?;
        let reading = Reading {
            dialect: d,
            columns: &table.columns,
            schema: kind.schema,
            choices: &choices,
            place: &place,
            times: &times,
        };
        let plan = Plan {
            d,
            by: request.by,
            zone: request.zone.name(),
            place: &place,
            from: name,
            items: reading.select(line_header)?,
            guard: reading.guard(),
            times: kind
                .schema
                .fields
                .iter()
                .filter(|f| f.holds == Holds::Time)
                .map(|f| f.name)
                .collect(),
            marks: adoption::marks(d, &choices.features),
        };
        let mut sqls: Vec<String> = groups(&measures)
            .iter()
            .map(|group| plan.statement(group, &measures))
            .collect();
        if table.columns.kind == super::RecordKind::Events {
            // Each feature's own adoption table is the workbook's; its
            // KPIs are here.
            let features = &choices.features;
            sqls.push(plan.stickiness(&measures, !features.is_empty()));
            if !features.is_empty() {
                sqls.push(plan.time_to_adopt(&measures, features));
            }
        }
        for sql in sqls {
            check(d, &sql)?;
            statements.push(sql);
        }
    }
    Ok(Compiled {
        sql: statements.join("\n\n") + "\n",
        notes,
    })
}

/// The warehouse table of each record table found, as SQL (`None` for a
/// kind without a SQL form, which needs none).
fn table_names(request: &Request, found: &[Found]) -> Result<Vec<Option<String>>, SqlError> {
    let d = request.dialect;
    let with_sql: Vec<&Found> = found
        .iter()
        .filter(|f| kind(f.columns.kind).custom.is_none())
        .collect();
    for (file, given) in request.tables {
        let shown = match file.is_empty() {
            true => given.clone(),
            false => format!("{file}={given}"),
        };
        if file.is_empty() && with_sql.len() > 1 {
            return Err(SqlError::WhichTable {
                given: shown,
                count: with_sql.len(),
            });
        }
        if !file.is_empty() && !with_sql.iter().any(|f| names_file(f.grid, file)) {
            let files: Vec<String> = with_sql.iter().map(|f| f.grid.file.clone()).collect();
            return Err(SqlError::UnknownTable {
                given: shown,
                file: file.clone(),
                files: and_list(&files),
            });
        }
    }
    found
        .iter()
        .map(|f| {
            if kind(f.columns.kind).custom.is_some() {
                return Ok(None);
            }
            let given = request
                .tables
                .iter()
                .find(|(file, _)| file.is_empty() || names_file(f.grid, file))
                .map(|(_, name)| name);
            match given {
                Some(name) => dotted(d, name).map(Some),
                None => scan(d, f.grid).map(Some),
            }
        })
        .collect()
}

/// Whether `--table FILE=...` names this grid's file (as given, or by its
/// last path part).
fn names_file(grid: &Grid, file: &str) -> bool {
    grid.file == file || grid.file.rsplit('/').next() == Some(file)
}

/// A table name as `--table` gives it (`analytics.support.tickets`),
/// each part quoted.
fn dotted(d: Dialect, name: &str) -> Result<String, SqlError> {
    let parts: Result<Vec<String>, SqlError> = name
        .split('.')
        .map(|part| d.ident(part.trim(), &format!("--table {name}")))
        .collect();
    Ok(parts?.join("."))
}

/// The sample file itself, read by DuckDB (`read_csv('tickets.csv')`);
/// other warehouses need `--table`.
fn scan(d: Dialect, grid: &Grid) -> Result<String, SqlError> {
    let lower = grid.file.to_ascii_lowercase();
    let duckdb_hint = " (DuckDB can read a CSV or Parquet sample itself)";
    if d != Dialect::DuckDb || grid.sheet.is_some() {
        return Err(SqlError::NoTable {
            file: grid.file.clone(),
            duckdb: if d == Dialect::DuckDb {
                ""
            } else {
                duckdb_hint
            },
        });
    }
    let path = d.text(&grid.file);
    Ok(match lower.ends_with(".parquet") {
        true => format!("read_parquet({path})"),
        false => match grid.delimiter {
            Some(b',') | None => format!("read_csv({path})"),
            Some(other) => format!(
                "read_csv({path}, delim = {})",
                d.text(&(other as char).to_string())
            ),
        },
    })
}

/// How the sample writes each of its time fields. Dates written day or
/// month first, or with month names, are refused: no cast reads them the
/// same way in every warehouse. Times without a zone are read as UTC by
/// the SQL, which a note says when `--timezone` is another zone (`linecard
/// report` would read them as local times there).
fn time_formats(
    table: &Found,
    schema: &super::schema::Schema,
    zone: Zone,
    notes: &mut Vec<String>,
) -> Result<BTreeMap<&'static str, TimeFormat>, SqlError> {
    let grid = table.grid;
    let rows = table.row + 1..grid.height();
    let mut out = BTreeMap::new();
    for spec in schema.fields.iter().filter(|f| f.holds == Holds::Time) {
        let Some((c, header)) = table.columns.get(spec.name) else {
            continue;
        };
        let place = super::columns::column_place(grid, header);
        let format =
            instants::infer(grid, c, rows.clone(), None).map_err(|problem| SqlError::Time {
                place: place.clone(),
                problem: problem.to_string(),
            })?;
        let first = rows
            .clone()
            .map(|r| grid.cell(r, c))
            .find(|cell| !cell.is_empty());
        if matches!(format, TimeFormat::DayMonth(_) | TimeFormat::MonthName) {
            return Err(SqlError::TimesWritten {
                place,
                how: format.describe(),
                example: first.map(|cell| cell.shown()).unwrap_or_default(),
            });
        }
        let local = rows.clone().any(|r| format.is_local(grid.cell(r, c)));
        let headers = table.columns.headers.iter().map(|(_, h)| h.as_str());
        if local
            && zone.name() != ZoneName::Utc
            && instants::written_zone(header, headers).is_none()
        {
            notes.push(format!(
                "{place}: the sample's times carry no zone; the SQL reads them as UTC, as warehouses store points in time, where `linecard report` on the file reads them as local times in {zone}"
            ));
        }
        out.insert(spec.name, format);
    }
    Ok(out)
}

/// Parses `sql` back in its dialect.
fn check(d: Dialect, sql: &str) -> Result<(), SqlError> {
    sqlparser::parser::Parser::parse_sql(d.parser().as_ref(), sql)
        .map(|_| ())
        .map_err(|e| SqlError::Rejected {
            dialect: d.word(),
            error: e.to_string(),
        })
}
