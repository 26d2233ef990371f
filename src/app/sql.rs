//! `linecard sql`: reads the rules and the samples of the record tables,
//! has the frame stage write the KPI definitions as SQL for the warehouse
//! (`frame::records::sql`), and prints it or writes it whole to `-o`.

use super::exit::{Exit, Invalid, UsageError};
use super::pipeline;
use crate::cli::{SqlArgs, SqlDialect};
use crate::frame::records::sql::{self, Dialect, Request};
use crate::ingest;
use crate::model::Granularity;
use crate::model::terminal_text::for_terminal;
use anyhow::Result;
use std::collections::BTreeMap;

pub fn run(args: &SqlArgs, quiet: bool) -> Result<Exit> {
    let tables = tables(&args.tables)?;
    if args.sources.inputs.is_empty() {
        return Err(UsageError(
            "name a sample of each record table (its export, or its first rows): `linecard sql --dialect duckdb tickets.csv`".into(),
        )
        .into());
    }
    let mut problems = Vec::new();
    let rules = pipeline::load_rules(&args.sources)
        .map_err(|invalid| problems.extend(invalid.problems))
        .ok();
    let found = ingest::discover_all(&args.sources.inputs);
    problems.extend(found.errors.iter().map(ToString::to_string));
    let ingested = pipeline::ingest_files(&args.sources, found.files, &mut problems);
    let (Some(rules), Some(ingested), true) = (rules, ingested, problems.is_empty()) else {
        return Err(Invalid { problems }.into());
    };
    let request = Request {
        grids: &ingested.grids,
        rules: &rules.records,
        tables: &tables,
        dialect: dialect(args.dialect),
        by: pipeline::period_by(&args.sources).unwrap_or(Granularity::Quarter),
        zone: args.sources.read.timezone.unwrap_or_default(),
    };
    let compiled = sql::compile(&request).map_err(|e| Invalid {
        problems: vec![e.to_string()],
    })?;
    if !quiet {
        for note in &compiled.notes {
            eprintln!("note: {}", for_terminal(note));
        }
    }
    match &args.out {
        Some(path) => {
            crate::report::write_atomically(path, compiled.sql.as_bytes())?;
            if !quiet {
                eprintln!("wrote {}", path.display());
            }
        }
        None => super::stdout::write(compiled.sql.as_bytes())?,
    }
    Ok(Exit::Success)
}

/// `--table FILE=TABLE` (or a bare `TABLE`), by file.
fn tables(given: &[String]) -> Result<BTreeMap<String, String>, UsageError> {
    let mut out = BTreeMap::new();
    for one in given {
        let (file, table) = match one.rsplit_once('=') {
            Some((file, table)) => (file.trim(), table.trim()),
            None => ("", one.trim()),
        };
        if table.is_empty() || table.split('.').any(|part| part.trim().is_empty()) {
            return Err(UsageError(format!(
                "--table {one}: expected FILE=TABLE, e.g. --table tickets.csv=support.tickets"
            )));
        }
        if out.insert(file.to_string(), table.to_string()).is_some() {
            return Err(UsageError(format!(
                "--table {one}: {} is given a table twice",
                if file.is_empty() { "the sample" } else { file }
            )));
        }
    }
    Ok(out)
}

fn dialect(d: SqlDialect) -> Dialect {
    match d {
        SqlDialect::Spark => Dialect::Spark,
        SqlDialect::Databricks => Dialect::Databricks,
        SqlDialect::BigQuery => Dialect::BigQuery,
        SqlDialect::Snowflake => Dialect::Snowflake,
        SqlDialect::DuckDb => Dialect::DuckDb,
    }
}
