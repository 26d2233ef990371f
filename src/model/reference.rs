//! Targets, amber thresholds and benchmarks that the input files give
//! themselves (a `Target` column, `Actual | Target` under a quarter, an
//! `NPS goal` row, an `Industry median` column), as opposed to those the
//! rules set. The frame stage reads them with their cell; the scorecard
//! decides what they weigh against the rules (see the README's precedence).

use super::{MetricId, Period};
use std::fmt;

/// What a value in the data stands for, when it is not the KPI's actual.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReferenceKind {
    /// The line's target for the KPI (`Target`, `Goal`, `Plan`, `Budget`).
    Target,
    /// The amber threshold: below it (for a higher-is-better KPI) is red
    /// (`Threshold`, `Floor`, `Min`).
    Threshold,
    /// A benchmark to compare with, not scored unless a rule says so; the
    /// label is as the file writes it (`Industry median`, `Competitor: Acme`).
    Benchmark(String),
}

impl fmt::Display for ReferenceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReferenceKind::Target => f.write_str("target"),
            ReferenceKind::Threshold => f.write_str("threshold"),
            ReferenceKind::Benchmark(label) => f.write_str(label),
        }
    }
}

impl ReferenceKind {
    /// Whether this is a benchmark labelled `label`, as a rule names it:
    /// letters in either case, runs of spaces as one (`"industry  Median"`
    /// is `Industry median`).
    pub fn is_benchmark(&self, label: &str) -> bool {
        match self {
            ReferenceKind::Benchmark(own) => same_label(own, label),
            _ => false,
        }
    }
}

/// Whether two benchmark labels are the same but for case and spacing.
pub fn same_label(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

/// One target, threshold or benchmark read from the data.
#[derive(Debug, Clone, PartialEq)]
pub struct DataReference {
    pub line: String,
    pub period: Period,
    pub metric: MetricId,
    pub kind: ReferenceKind,
    /// In the metric's canonical unit, like every value.
    pub value: f64,
    /// Where it was read, with how: `kpis.xlsx!KPIs!F7 (Target column)`.
    pub source: String,
}
