//! Stage 5 of 5: scorecards in, files and tables out.
//!
//! `ingest -> frame -> rules -> scorecard -> report`. Every output format is
//! one [`Exporter`] turning the same [`ReportDoc`] into bytes: the xlsx
//! workbook, the JSON document (DESIGN.md section 5) and the terminal table.
//! Files are written atomically by [`write_atomically`], so a failed run
//! never leaves a half-written or clobbered report.

mod atomic;
mod error;
mod json;
mod terminal;
pub mod xlsx;

pub use atomic::write_atomically;
pub use error::ReportError;
pub use json::Json;
pub use terminal::Terminal;
pub use xlsx::Xlsx;

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
}

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
        }
    }
}

/// One output format.
pub trait Exporter {
    fn render(&self, doc: &ReportDoc) -> Result<Vec<u8>, ReportError>;
}
