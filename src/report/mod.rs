//! Stage 5 of 5: scorecards in, files and tables out.
//!
//! `ingest -> frame -> rules -> scorecard -> report`. Every output format is
//! one [`Exporter`] turning the same [`ReportDoc`] into bytes: the xlsx
//! workbook, the JSON document (DESIGN.md section 5), CSV, Markdown and the
//! terminal table.
//! Files are written atomically by [`write_atomically`], so a failed run
//! never leaves a half-written or clobbered report.

mod atomic;
mod csv;
mod error;
mod json;
mod markdown;
mod since;
mod terminal;
pub mod xlsx;

pub use atomic::{Staged, stage, write_atomically};
pub use csv::Csv;
pub use error::ReportError;
pub use json::Json;
pub use markdown::Markdown;
pub use since::{Mark, SinceRun};
pub use terminal::Terminal;
pub use xlsx::Xlsx;

use crate::frame::KpiFrame;
use crate::ingest::InputFile;
use crate::model::Period;
use crate::rules::{Catalogue, RuleFile, RuleSet};
use crate::scorecard::Portfolio;

/// An input file as the report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputRecord {
    pub path: String,
    pub sha256: String,
}

impl ReportDoc<'_> {
    /// The catalogue's metrics the scorecards show, in order: every one but
    /// the optional metrics no line has.
    pub fn specs(&self) -> Vec<&crate::rules::MetricSpec> {
        let on_cards: std::collections::BTreeSet<&str> = self
            .portfolio
            .cards
            .iter()
            .flat_map(|c| c.metrics.iter().map(|m| m.metric.as_str()))
            .collect();
        self.catalogue.in_use(&|m| on_cards.contains(m.as_str()))
    }
}

/// Everything an exporter may show.
#[derive(Debug, Clone)]
pub struct ReportDoc<'a> {
    pub version: &'static str,
    pub inputs: Vec<InputRecord>,
    pub rules: &'a [RuleFile],
    pub catalogue: &'a Catalogue,
    pub portfolio: &'a Portfolio,
    /// The period the summary and the line sheets show.
    pub period: Period,
    /// The normalised input values, for the workbook's Data sheet.
    pub frame: Option<&'a KpiFrame>,
    /// When the report was made (UTC), for the Run sheet.
    pub generated: Option<String>,
    /// The options of the run, as name and value, for the Run sheet.
    pub options: Vec<(String, String)>,
    /// What moved since the previous recorded run (workspace runs only).
    pub since: Option<SinceRun>,
    /// The most line sheets the workbook holds (`--line-sheets`): the
    /// Summary's first rows, worst first, get one.
    pub line_sheets: usize,
}

/// How many line sheets the workbook holds unless `--line-sheets` says
/// otherwise: past it, a workbook takes long to build and to open, and a
/// reader finds a line from the Summary, the Data sheet or the JSON.
pub const DEFAULT_LINE_SHEETS: usize = 1_000;

impl<'a> ReportDoc<'a> {
    /// The document for a run: inputs with their hashes, the rules, the
    /// scorecards and the period to show.
    pub fn new(
        files: &[InputFile],
        rules: &'a RuleSet,
        portfolio: &'a Portfolio,
        period: Period,
    ) -> Self {
        ReportDoc {
            version: env!("CARGO_PKG_VERSION"),
            inputs: files
                .iter()
                .map(|f| InputRecord {
                    path: f.display.clone(),
                    sha256: f.sha256(),
                })
                .collect(),
            rules: &rules.files,
            catalogue: &rules.catalogue,
            portfolio,
            period,
            frame: None,
            generated: None,
            options: Vec::new(),
            since: None,
            line_sheets: DEFAULT_LINE_SHEETS,
        }
    }

    /// Sets the most line sheets the workbook holds.
    pub fn with_line_sheets(mut self, most: usize) -> Self {
        self.line_sheets = most;
        self
    }

    /// Adds the normalised frame shown on the Data sheet.
    pub fn with_frame(mut self, frame: &'a KpiFrame) -> Self {
        self.frame = Some(frame);
        self
    }

    /// Adds what moved since the previous recorded run.
    pub fn with_since(mut self, since: Option<SinceRun>) -> Self {
        self.since = since;
        self
    }

    /// Stamps the document with the current time and the run's options.
    pub fn with_run(mut self, options: Vec<(String, String)>) -> Self {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        self.generated = chrono::DateTime::from_timestamp(now, 0)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string());
        self.options = options;
        self
    }
}

/// One output format.
pub trait Exporter {
    fn render(&self, doc: &ReportDoc) -> Result<Vec<u8>, ReportError>;
}
