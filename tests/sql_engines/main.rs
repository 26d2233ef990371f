//! `linecard sql` against `linecard report` itself: the SQL written for a
//! record export is run by a real engine on the same file — DuckDB (its
//! Python package) and Spark in local mode (pyspark, with its bundled jars
//! and a Java runtime), both installed by `.ci/run` — its result table is
//! read back by `linecard report`, and every KPI value and sample size must
//! equal what `linecard report` computes from the export directly. The
//! exports are the help desks', CRMs' and ad platforms' real column layouts
//! (`tests/fixtures/records/*/make.py`), plus generated tables of 5,000
//! records.

/// The generators' random numbers (`tests/generated/`).
#[path = "../generated/lcg.rs"]
mod lcg;

#[path = "../common/mod.rs"]
mod common;

#[path = "../generated/tickets.rs"]
#[allow(dead_code)]
mod tickets;

#[path = "../generated/spend.rs"]
#[allow(dead_code)]
mod spend;

mod duckdb;
mod spark;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// An engine the SQL runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    DuckDb,
    Spark,
}

/// The table the Spark statements read: the export, as a view.
const VIEW: &str = "records";

impl Engine {
    fn dialect(self) -> &'static str {
        match self {
            Engine::DuckDb => "duckdb",
            Engine::Spark => "spark",
        }
    }

    /// What `linecard sql` needs besides the sample: Spark reads the view
    /// the runner makes of the export; DuckDB reads the file itself.
    fn table_args(self) -> Vec<&'static str> {
        match self {
            Engine::DuckDb => vec![],
            Engine::Spark => vec!["--table", VIEW],
        }
    }

    /// Runs `sql` on `data` from `dir`, the rows going to `results.csv`
    /// there: its path, or the engine's message when it fails.
    fn run(self, dir: &Path, sql: &str, data: &str) -> Result<PathBuf, String> {
        let sql_file = write(dir, "kpis.sql", sql);
        let out = dir.join("results.csv");
        let mut command = Command::new("python3");
        command.current_dir(dir);
        match self {
            Engine::DuckDb => {
                let script = write(dir, "run_duckdb.py", include_str!("run_duckdb.py"));
                command.arg(script).arg(&sql_file).arg(&out);
            }
            Engine::Spark => {
                let script = write(dir, "run_spark.py", include_str!("run_spark.py"));
                command
                    .arg(script)
                    .arg(data)
                    .arg(VIEW)
                    .arg(&sql_file)
                    .arg(&out);
            }
        }
        let run = command.output().expect("python3 runs");
        match run.status.success() {
            true => Ok(out),
            false => Err(String::from_utf8_lossy(&run.stderr).into_owned()),
        }
    }
}

/// The engine's answer to `sql` on `data` from `dir`, as a CSV file there;
/// panics with the engine's message when it fails.
fn answer(engine: Engine, dir: &Path, sql: &str, data: &str) -> PathBuf {
    engine.run(dir, sql, data).unwrap_or_else(|err| {
        panic!(
            "{engine:?} failed (pip install duckdb==1.4.2 pyspark==3.5.3, and a Java runtime, as .ci/run does, if one is missing):\n{err}"
        )
    })
}

/// `linecard sql --dialect DIALECT ARGS` from `dir`: the SQL.
fn sql(engine: Engine, dir: &Path, args: &[&str]) -> String {
    let out = linecard(dir)
        .args(["sql", "--dialect", engine.dialect()])
        .args(engine.table_args())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "linecard sql failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every value of a JSON report: (line, period, metric) -> (value, sample).
fn values(doc: &serde_json::Value) -> BTreeMap<(String, String, String), (f64, Option<u64>)> {
    measured(doc)
        .into_iter()
        .map(|(line, period, m)| {
            let key = (line, period, m["metric"].as_str().unwrap().to_string());
            (
                key,
                (m["value"].as_f64().unwrap(), m["sample_size"].as_u64()),
            )
        })
        .collect()
}

/// The fixture `kind/name` copied into a scratch folder (so that the SQL
/// reads it by its own name), with `rules` added to the shipped scripts.
fn scratch(kind: &str, name: &str, rules: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/records").join(kind).join(name),
        dir.path().join(name),
    )
    .unwrap();
    rules_with(dir.path(), "30-records.rhai", rules);
    dir
}

/// The export's KPIs by `linecard report`, and by the engine running
/// `linecard sql`: the same keys, values and sample sizes. Returns how many
/// values were compared and the report read from the engine's results.
fn same_both_ways(
    engine: Engine,
    dir: &Path,
    input: &str,
    extra: &[&str],
) -> (usize, serde_json::Value) {
    let mut args = vec!["-r", "rules", input];
    args.extend_from_slice(extra);
    let direct = values(&report_json(dir, &args));
    let results = answer(engine, dir, &sql(engine, dir, &args), input);
    let results = results.to_str().unwrap();
    let mut args = vec!["-r", "rules", results];
    args.extend_from_slice(extra);
    let doc = report_json(dir, &args);
    let through_sql = values(&doc);
    assert_eq!(
        direct.keys().collect::<Vec<_>>(),
        through_sql.keys().collect::<Vec<_>>(),
        "{engine:?}: the same KPIs, lines and periods"
    );
    for (key, (value, n)) in &direct {
        let (got, got_n) = through_sql[key];
        assert_close(got, *value, &format!("{engine:?}: {key:?}"));
        assert_eq!(got_n, *n, "{engine:?}: sample size of {key:?}");
    }
    assert!(!direct.is_empty(), "the export gives KPIs");
    (direct.len(), doc)
}
