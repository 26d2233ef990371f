//! How each sheet or file was read: the layout linecard recognised and why,
//! where the product line, period, KPIs, targets and stage came from, and
//! what it skipped. `linecard check` prints these, so that a user can see
//! at once whether a file was read as they meant it.

use super::records::RecordKind;
use std::fmt;

/// The table layouts linecard reads (one file each under `frame/layout/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One row per line and period, one column per KPI.
    Wide,
    /// One row per line, period and KPI, with a KPI and a value column.
    Long,
    /// KPIs down the rows, periods across the columns.
    PeriodsAcross,
    /// One row per survey response.
    Responses,
    /// One row per record of another tool's export (`frame::records`).
    Records(RecordKind),
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Wide => "wide (a row per line and period, a column per KPI)",
            Layout::Long => "long (a row per line, period and KPI)",
            Layout::PeriodsAcross => {
                "periods across (KPIs down the rows, periods across the columns)"
            }
            Layout::Responses => "survey responses (a row per response)",
            Layout::Records(kind) => match kind {
                RecordKind::Tickets => "support tickets (a row per ticket)",
                RecordKind::Deals => "CRM deals (a row per deal)",
                RecordKind::Subscriptions => "subscriptions (a row per subscription)",
                RecordKind::Spend => "marketing spend (a row per day or campaign)",
                RecordKind::Events => "product events (a row per event)",
                RecordKind::Assignments => {
                    "experiment assignments (a row per person exposed to a variation)"
                }
                RecordKind::Experiments => {
                    "experiment results (a row per experiment and variation)"
                }
            },
        }
    }
}

/// How one grid (a sheet, or a text file) was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// `kpis.xlsx, sheet KPIs` or `kpis.csv`.
    pub place: String,
    pub layout: Layout,
    /// Why this layout: `header row 3 has a product line column ("Product")
    /// and KPI columns`.
    pub why: String,
    /// Where each part came from, in order: ("product line", "column A
    /// \"Product\""), ("period", "the file name (Q4 2025)"), ...
    pub from: Vec<(&'static str, String)>,
    /// What was skipped, and why: `row 14 "Total": a summary row`.
    pub skipped: Vec<String>,
}

impl fmt::Display for Reading {
    /// `kpis.csv: read as wide (…): header row 1 has …` then one indented
    /// line per part and per skipped item.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: read as {}", self.place, self.layout.as_str())?;
        if !self.why.is_empty() {
            write!(f, ": {}", self.why)?;
        }
        for (what, from) in &self.from {
            write!(f, "\n  {what}: {from}")?;
        }
        for skipped in &self.skipped {
            write!(f, "\n  skipped {skipped}")?;
        }
        Ok(())
    }
}
