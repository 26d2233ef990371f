//! Why a metric has its status, in words a person can read: "31.2 is below
//! the Growth-stage target 35 (amber from 20)".
//!
//! A judged metric keeps only what its words need beyond its own fields
//! (the stage, when the target was the stage's own); the text is written
//! when something shows it. A large portfolio has millions of metrics and a
//! report shows the words of few of them, so the scorecard stage does not
//! format them all up front; the common words (no value, no target, not in
//! the catalogue) are variants, not texts, so they cost no allocation.

use super::MetricResult;
use crate::model::format::Shown;
use crate::model::{Direction, Period, Stage, Status, Unit};
use crate::rules::Threshold;
use std::fmt;

/// Why a metric has its status.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Judged against the metric's own value and threshold.
    Judged {
        /// The stage whose own target it was ("the Growth-stage target").
        stage: Option<Stage>,
    },
    /// Weight 0: switched off by the rule in the metric's `weight_from`,
    /// so not judged, counted or scored.
    Off,
    /// No value for the period: the period is the scorecard's, and
    /// `scored` says whether the catalogue knows the metric (whose absence
    /// then leaves it out of the scores).
    NoValue { period: Period, scored: bool },
    /// A value, but no target in the rules.
    NoTarget,
    /// A value of a metric the catalogue does not know.
    NotInCatalogue,
    /// Words set by a rule hook, or for a metric that was not judged.
    Text(String),
}

impl MetricResult {
    /// The reason in words; `to_string()` it, or write it with `{}`.
    pub fn reason(&self) -> ReasonText<'_> {
        ReasonText(self)
    }

    /// Whether the status follows from the value and the threshold by the
    /// catalogue's arithmetic (which a spreadsheet formula can redo), rather
    /// than being set by a `statuses()` hook.
    pub fn is_judged(&self) -> bool {
        matches!(self.why, Reason::Judged { .. })
    }
}

/// A metric's reason, written out when displayed.
pub struct ReasonText<'a>(&'a MetricResult);

impl fmt::Display for ReasonText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.0;
        match &m.why {
            Reason::Text(text) => f.write_str(text),
            Reason::NoValue { period, scored } => {
                write!(f, "no value for {period} in the inputs")?;
                if *scored {
                    f.write_str(", so it is left out of the scores")?;
                }
                Ok(())
            }
            Reason::NoTarget => {
                f.write_str("no target in the rules: shown for information, not scored")
            }
            Reason::NotInCatalogue => f.write_str(
                "not in the rules' catalogue: no owner or target, shown for information",
            ),
            Reason::Judged { stage } => {
                if let (Some(value), Some(t), Some(direction)) = (m.value, m.threshold, m.direction)
                {
                    let whose = match (m.scored_benchmark(), stage) {
                        (Some(b), _) => Whose::Benchmark(&b.label),
                        (None, Some(s)) => Whose::Stage(*s),
                        (None, None) => Whose::Rules,
                    };
                    judged(f, value, t, direction, m.unit, m.status, whose)?;
                }
                Ok(())
            }
            Reason::Off => {
                f.write_str("switched off (weight 0)")?;
                if let Some(by) = &m.weight_from {
                    write!(f, " by {by}")?;
                }
                f.write_str(": not judged, counted or scored")?;
                match (m.value, m.threshold) {
                    (Some(v), Some(t)) => write!(
                        f,
                        "; {} against the target {}",
                        Shown(v, m.unit),
                        Shown(t.target, m.unit)
                    ),
                    (Some(v), None) => write!(f, "; the value is {}", Shown(v, m.unit)),
                    (None, _) => f.write_str("; no value this period"),
                }
            }
        }
    }
}

/// Whose target a metric was judged against, as its reason names it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Whose<'a> {
    /// The rules' or the data's: "the target 30".
    Rules,
    /// The stage's own: "the Growth-stage target 35".
    Stage(Stage),
    /// A benchmark a rule names: "the Industry median target 38".
    Benchmark(&'a str),
}

/// "31.2 is below the Growth-stage target 35 (amber from 20)".
pub(super) fn judged(
    f: &mut impl fmt::Write,
    value: f64,
    t: Threshold,
    direction: Direction,
    unit: Unit,
    status: Status,
    whose: Whose,
) -> fmt::Result {
    let stage = match whose {
        Whose::Stage(s) => Some(s),
        _ => None,
    };
    let v = Shown(value, unit);
    if let Some(upper) = t.upper.filter(|_| direction == Direction::Band) {
        let band = Band {
            stage,
            low: Shown(t.target, unit),
            high: Shown(upper, unit),
        };
        let side = if value < t.target { "below" } else { "above" };
        return match (status, t.warn) {
            (Status::Green, _) => write!(f, "{v} is within {band}"),
            (Status::Amber, Some(w)) => write!(
                f,
                "{v} is {side} {band} (amber up to {} outside)",
                Shown(w, unit)
            ),
            (_, Some(w)) => write!(
                f,
                "{v} is {side} {band}, more than {} outside",
                Shown(w, unit)
            ),
            (_, None) => write!(f, "{v} is {side} {band} (no amber band)"),
        };
    }
    let target = Target {
        whose,
        value: Shown(t.target, unit),
    };
    let (good, bad) = match direction {
        Direction::Higher => ("at or above", "below"),
        Direction::Lower | Direction::Band => ("at or below", "above"),
    };
    match (status, t.warn) {
        (Status::Green, _) => write!(f, "{v} is {good} {target}"),
        (Status::Amber, Some(w)) => {
            write!(f, "{v} is {bad} {target} (amber from {})", Shown(w, unit))
        }
        (_, Some(w)) => write!(
            f,
            "{v} is {bad} {target} and past the amber threshold {}",
            Shown(w, unit)
        ),
        (_, None) => write!(f, "{v} is {bad} {target} (no amber band)"),
    }
}

/// "the target 30", "the Growth-stage target 35" or "the Industry median
/// target 38".
struct Target<'a> {
    whose: Whose<'a>,
    value: Shown,
}

impl fmt::Display for Target<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.whose {
            Whose::Stage(s) => write!(f, "the {s}-stage target {}", self.value),
            Whose::Benchmark(label) => write!(f, "the {label} target {}", self.value),
            Whose::Rules => write!(f, "the target {}", self.value),
        }
    }
}

/// "the band 20%–40%" or "the Growth-stage band 20%–40%".
struct Band {
    stage: Option<Stage>,
    low: Shown,
    high: Shown,
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.stage {
            Some(s) => write!(f, "the {s}-stage band {}–{}", self.low, self.high),
            None => write!(f, "the band {}–{}", self.low, self.high),
        }
    }
}
