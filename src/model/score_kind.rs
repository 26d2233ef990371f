//! The four scores of a scorecard: one per owner and the overall one.

use super::Owner;

/// Which score: PM, PMM, shared or overall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScoreKind {
    Pm,
    Pmm,
    Shared,
    Overall,
}

impl ScoreKind {
    pub const ALL: [ScoreKind; 4] = [
        ScoreKind::Pm,
        ScoreKind::Pmm,
        ScoreKind::Shared,
        ScoreKind::Overall,
    ];

    /// The name in rule scripts and JSON: `pm`, `pmm`, `shared`, `overall`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ScoreKind::Pm => "pm",
            ScoreKind::Pmm => "pmm",
            ScoreKind::Shared => "shared",
            ScoreKind::Overall => "overall",
        }
    }

    /// The words in the report: `PM`, `PMM`, `Shared`, `Overall`.
    pub fn label(&self) -> &'static str {
        match self {
            ScoreKind::Pm => "PM",
            ScoreKind::Pmm => "PMM",
            ScoreKind::Shared => "Shared",
            ScoreKind::Overall => "Overall",
        }
    }

    /// The owner whose KPIs the score covers; `None` for overall (every KPI).
    pub fn owner(&self) -> Option<Owner> {
        match self {
            ScoreKind::Pm => Some(Owner::Pm),
            ScoreKind::Pmm => Some(Owner::Pmm),
            ScoreKind::Shared => Some(Owner::Shared),
            ScoreKind::Overall => None,
        }
    }

    /// The position in [`ScoreKind::ALL`].
    pub fn index(&self) -> usize {
        *self as usize
    }
}
