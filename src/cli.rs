//! The command line: subcommands and options, parsed by clap. `main.rs`
//! parses, [`crate::app`] runs.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// linecard: KPI scorecards for product lines, from the spreadsheets you
/// already have.
#[derive(Debug, Parser)]
#[command(name = "linecard", version, propagate_version = true)]
#[command(
    after_help = "Exit codes: 0 success · 1 data or rule errors (nothing written) · 2 usage error · \
3 --fail-on threshold reached (report written) · 4 the report could not be written"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Print nothing but errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Also print the files read, the rule scripts' log lines and how long each step took (on stderr).
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the scorecard workbook from spreadsheets and rules.
    ///
    /// With no INPUT, runs on the bundled sample data so you see a real report at once.
    Report(ReportArgs),
    /// Check inputs and rules, print every problem, write nothing.
    ///
    /// With no INPUT, checks the rules only.
    Check(CheckArgs),
    /// Create a workspace: inbox, rules and reports folders, with examples.
    ///
    /// Makes inbox/ with example inputs, scripts/ with the default rules, reports/, a README
    /// and linecard.toml, and never overwrites a file. Inside a workspace (a folder holding linecard.toml, or below one), `report`, `check`,
    /// `watch` and `explain` with no INPUT use its inbox and scripts, and `report` writes to
    /// reports/ and records each run in history.jsonl.
    Init(InitArgs),
    /// Re-run the report whenever a file in the inbox or the rules folder changes.
    ///
    /// In a workspace with no INPUT it watches inbox/ and scripts/; otherwise the INPUT files
    /// and folders and the --rules folder. Spreadsheet lock files, temporary files and partial
    /// downloads are ignored. A broken rule or input prints its errors and keeps the last good
    /// report; the watch goes on until Ctrl-C.
    Watch(ReportArgs),
    /// Say why each metric of a line has its status and what it adds to the scores.
    ///
    /// For each metric: its value and where it came from, its target and which rule set it,
    /// its status and why, and the points it adds to its owner's score and the overall score.
    Explain(ExplainArgs),
    /// Show what changed between two recorded runs of a workspace [default: the last two].
    Diff(DiffArgs),
    /// Print a shell completion script.
    ///
    /// e.g. `linecard completions bash > ~/.local/share/bash-completion/completions/linecard`
    Completions(CompletionsArgs),
    /// Print the manual page (roff).
    ///
    /// e.g. `linecard man > linecard.1 && man ./linecard.1`
    Man,
    /// Write the KPIs of record tables as SQL, to run in the warehouse that holds them.
    ///
    /// Name a sample of each table (an export, or its first rows, with the warehouse table's
    /// header) and the table it stands for (--table tickets.csv=support.tickets). Each
    /// statement returns line, period, metric, value, sample_size and query; save the results
    /// of every statement to one CSV or Parquet file and give it to `linecard report`.
    Sql(SqlArgs),
    /// Run the test cases written in the rule scripts with test(...).
    ///
    /// Exits 1 when a test fails or the rules have errors.
    Test(TestArgs),
}

#[derive(Debug, Args)]
pub struct SqlArgs {
    /// The warehouse's SQL dialect.
    #[arg(long, value_name = "DIALECT")]
    pub dialect: SqlDialect,

    /// The warehouse table a sample stands for, as FILE=TABLE (repeat for more); a bare TABLE
    /// when there is one sample [default with duckdb: the sample file itself]
    #[arg(long = "table", value_name = "FILE=TABLE")]
    pub tables: Vec<String>,

    /// Write the SQL to FILE [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub sources: Sources,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SqlDialect {
    Spark,
    Databricks,
    #[value(name = "bigquery")]
    BigQuery,
    Snowflake,
    #[value(name = "duckdb")]
    DuckDb,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Folder of rule scripts (*.rhai) [default: the workspace scripts, ./scripts, else the built-in rules].
    #[arg(short, long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to set up; created when missing [default: the current folder]
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The product line, as the data names it [default: list the lines and their KPIs].
    #[arg(value_name = "LINE")]
    pub line: Option<String>,

    /// Only this metric (its name or its catalogue key, e.g. nps) [default: every metric]
    #[arg(value_name = "METRIC")]
    pub metric: Option<String>,

    /// The period, e.g. 2025-Q2 [default: the latest]
    #[arg(long, value_name = "P")]
    pub period: Option<String>,

    /// Input files or folders [default: the workspace inbox, else the bundled sample data]
    #[arg(short, long = "input", value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Folder of rule scripts (*.rhai) [default: the workspace scripts, ./scripts, else the built-in rules]
    #[arg(short, long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier run: its number (1 is the first run; -1 the last, -2 the one before) or the
    /// start of its timestamp, e.g. 2025-06-30 or 2025-06-30T09:15 [default: the run before B]
    #[arg(value_name = "A", allow_hyphen_values = true)]
    pub from: Option<String>,

    /// The later run, in the same form [default: the last run]
    #[arg(value_name = "B", allow_hyphen_values = true)]
    pub to: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Where the data and the rules come from.
#[derive(Debug, Args)]
pub struct Sources {
    /// Input files or folders (xlsx, xlsm, xlsb, xls, ods, csv, tsv, txt, parquet).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Folder of rule scripts (*.rhai) [default: ./scripts if present, else the built-in rules]
    #[arg(short, long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    #[command(flatten)]
    pub read: ReadArgs,
}

/// How the inputs are read.
#[derive(Debug, Clone, Default, Args)]
pub struct ReadArgs {
    /// Read only this sheet of each workbook (repeat for more) [default: every sheet that looks like a KPI table]
    #[arg(long = "sheet", value_name = "NAME")]
    pub sheets: Vec<String>,

    /// Text encoding of CSV/TSV/TXT inputs, e.g. windows-1252, latin1, utf-16le [default: utf-8]
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<String>,

    /// Bucket dates and survey response timestamps by month, quarter or year [default: the granularity of the other inputs, else quarter]
    #[arg(long, value_name = "UNIT")]
    pub period_by: Option<PeriodBy>,

    /// Whether dates like 3/4/2025 are day first (dmy: 3 April) or month first (mdy: 4 March), for a column where no day is above 12 [default: the column's own dates decide]
    #[arg(long, value_name = "ORDER")]
    pub date_order: Option<DateOrderArg>,

    /// The first month of the fiscal year, for labels like FY25 Q1 (a fiscal year is named by the year it ends in) [default: january]
    #[arg(long, value_name = "MONTH", value_parser = parse_month)]
    pub fiscal_year_start: Option<u32>,

    /// The time zone periods are decided in: a time with a zone (2025-03-31T23:30:00Z) or a Unix time is converted to it, a time without one is taken as local time there; an IANA name (Europe/Berlin), UTC or an offset (+02:00) [default: UTC]
    #[arg(long, value_name = "ZONE", value_parser = crate::frame::Zone::parse, allow_hyphen_values = true)]
    pub timezone: Option<crate::frame::Zone>,

    /// The most scorecards (product lines × periods) one run builds, each about 6 KB of memory [default: 200000]
    #[arg(long, value_name = "N")]
    pub max_scorecards: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateOrderArg {
    /// Day first: 31/3/2025.
    Dmy,
    /// Month first: 3/31/2025.
    Mdy,
}

/// A month by name (`april`, `Apr`) or number (`4`).
fn parse_month(text: &str) -> Result<u32, String> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = text.trim().to_ascii_lowercase();
    if let Ok(n) = lower.parse::<u32>()
        && (1..=12).contains(&n)
    {
        return Ok(n);
    }
    MONTHS
        .iter()
        .position(|m| lower.len() >= 3 && m.starts_with(&lower))
        .map(|i| i as u32 + 1)
        .ok_or_else(|| format!("expected a month such as april, apr or 4, got \"{text}\""))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodBy {
    Month,
    Quarter,
    Year,
}

fn parse_encoding(label: &str) -> Result<String, String> {
    crate::ingest::encoding_for(label)
        .map(|_| label.to_string())
        .ok_or_else(|| {
            format!("unknown encoding \"{label}\": use e.g. utf-8, windows-1252, latin1, iso-8859-15 or utf-16le")
        })
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub sources: Sources,

    /// Where to write the workbook [default: linecard-report.xlsx; reports/linecard-report.xlsx in a workspace]
    #[arg(short, long, value_name = "FILE.xlsx")]
    pub out: Option<PathBuf>,

    /// Also write the scorecards as JSON to FILE, or to standard output with `-`.
    #[arg(long, value_name = "FILE|-")]
    pub json: Option<PathBuf>,

    /// Also write one CSV row per line, period and KPI to FILE, or to standard output with `-`.
    #[arg(long, value_name = "FILE|-")]
    pub csv: Option<PathBuf>,

    /// Also write the scorecards as Markdown tables to FILE, or to standard output with `-`.
    #[arg(long, value_name = "FILE|-")]
    pub markdown: Option<PathBuf>,

    /// The period the summary and line sheets show, e.g. 2025-Q2 [default: the latest]
    #[arg(long, value_name = "P")]
    pub period: Option<String>,

    /// Exit with code 3 when any line in the period has a KPI at this status or worse, naming
    /// them on stderr (`watch` names them after each run and goes on).
    #[arg(long, value_name = "STATUS")]
    pub fail_on: Option<FailOn>,

    /// The most line sheets the workbook holds: past it, the Summary's first N rows (worst first)
    /// get a sheet and every line is still in the Summary, the Data sheet and the JSON [default: 1000]
    #[arg(long, value_name = "N")]
    pub line_sheets: Option<usize>,

    /// Set from the global `-q/--quiet`.
    #[arg(skip)]
    pub quiet: bool,

    /// The workspace's history file, which records the run; set inside a workspace.
    #[arg(skip)]
    pub history: Option<PathBuf>,
}

impl ReportArgs {
    /// The workbook to write: `--out`, else `linecard-report.xlsx`.
    pub fn out_path(&self) -> PathBuf {
        self.out
            .clone()
            .unwrap_or_else(|| PathBuf::from("linecard-report.xlsx"))
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub sources: Sources,

    /// Print every problem, not only the first 50.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Red,
    Amber,
}
