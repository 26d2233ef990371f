//! Lifecycle stages of a product line (DESIGN.md section 2).

use std::fmt;
use std::str::FromStr;

/// Where a product line is in its life. What "good" looks like changes with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    Introduction,
    Growth,
    Maturity,
    Decline,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::Introduction,
        Stage::Growth,
        Stage::Maturity,
        Stage::Decline,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Stage::Introduction => "Introduction",
            Stage::Growth => "Growth",
            Stage::Maturity => "Maturity",
            Stage::Decline => "Decline",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Stage {
    type Err = String;

    /// Accepts the four stage names and their common short forms
    /// ("Intro", "Launch", "Mature", "Declining"), in any letter case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "introduction" | "intro" | "launch" | "introductory" => Ok(Stage::Introduction),
            "growth" | "growing" => Ok(Stage::Growth),
            "maturity" | "mature" => Ok(Stage::Maturity),
            "decline" | "declining" | "sunset" => Ok(Stage::Decline),
            _ => Err(format!(
                "'{}' is not a lifecycle stage: expected Introduction, Growth, Maturity or Decline",
                text.trim()
            )),
        }
    }
}
