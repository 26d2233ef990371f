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

    /// Read only this sheet of each workbook (repeat for more) [default: every sheet that looks like a KPI table]
    #[arg(long = "sheet", value_name = "NAME")]
    pub sheets: Vec<String>,

    /// Text encoding of CSV/TSV/TXT inputs, e.g. windows-1252, latin1, utf-16le [default: utf-8]
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<String>,

    /// Bucket dates and survey response timestamps by month, quarter or year [default: the granularity of the other inputs, else quarter]
    #[arg(long, value_name = "UNIT")]
    pub period_by: Option<PeriodBy>,
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

    /// Where to write the workbook.
    #[arg(
        short,
        long,
        value_name = "FILE.xlsx",
        default_value = "linecard-report.xlsx"
    )]
    pub out: PathBuf,

    /// Also write the scorecards as JSON to FILE, or to standard output with `-`.
    #[arg(long, value_name = "FILE|-")]
    pub json: Option<PathBuf>,

    /// The period the summary and line sheets show, e.g. 2025-Q2 [default: the latest]
    #[arg(long, value_name = "P")]
    pub period: Option<String>,

    /// Exit with code 3 when any line in the period has a KPI at this status or worse.
    #[arg(long, value_name = "STATUS")]
    pub fail_on: Option<FailOn>,

    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub sources: Sources,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Red,
    Amber,
}
