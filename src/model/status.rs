//! The status of one metric on one scorecard.

use std::fmt;

/// How a metric stands against what "good" looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Green,
    Amber,
    Red,
    /// The catalogue knows the metric but the line has no value this period.
    NoData,
    /// A value exists but rests on fewer responses than the rules' minimum.
    InsufficientSample,
    /// A value without a target: shown, never scored.
    Info,
    /// A rule set the metric's weight to 0: shown for information, not
    /// judged, counted or scored.
    Off,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Green => "green",
            Status::Amber => "amber",
            Status::Red => "red",
            Status::NoData => "no_data",
            Status::InsufficientSample => "insufficient_sample",
            Status::Info => "info",
            Status::Off => "off",
        }
    }

    /// The words a person reads in the report.
    pub fn label(&self) -> &'static str {
        match self {
            Status::Green => "Green",
            Status::Amber => "Amber",
            Status::Red => "Red",
            Status::NoData => "No data",
            Status::InsufficientSample => "Small sample",
            Status::Info => "Info",
            Status::Off => "Off",
        }
    }

    /// Whether the status takes part in the scores.
    pub fn is_scored(&self) -> bool {
        matches!(self, Status::Green | Status::Amber | Status::Red)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
