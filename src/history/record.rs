//! One run as the history file keeps it: a versioned, self-describing JSON
//! object (documented in the README, "Run history").

use crate::ingest::InputFile;
use crate::model::Period;
use crate::rules::RuleFile;
use crate::scorecard::Portfolio;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The version of the record format this linecard writes and reads.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub format: u32,
    /// 1 for the first run in the file, then counting up.
    pub run: u32,
    /// When the run finished, UTC, RFC 3339 (`2025-06-30T09:15:02Z`).
    pub timestamp: String,
    pub linecard_version: String,
    /// The period the run reported on; `scorecards` holds that period's cards.
    pub period: String,
    /// SHA-256 over every rule script's path and hash, in load order.
    pub rules_sha256: String,
    pub rules: Vec<FileRecord>,
    pub inputs: Vec<FileRecord>,
    pub scorecards: Vec<CardRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardRecord {
    pub line: String,
    pub period: String,
    pub stage: Option<String>,
    pub scores: ScoresRecord,
    pub metrics: Vec<MetricRecord>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ScoresRecord {
    pub pm: Option<f64>,
    pub pmm: Option<f64>,
    pub shared: Option<f64>,
    pub overall: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricRecord {
    pub metric: String,
    pub unit: String,
    /// A money metric's currency (`USD`), when the rules or inputs name one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// A money metric's precision: cents (`true`) or whole amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cents: Option<bool>,
    pub value: Option<f64>,
    /// `green`, `amber`, `red`, `no_data`, `insufficient_sample`, `info` or
    /// `off` (weight 0).
    pub status: String,
    pub target: Option<f64>,
    pub warn: Option<f64>,
    /// `pm`, `pmm`, `shared`, or null for a metric the catalogue does not know.
    pub owner: Option<String>,
    pub weight: f64,
    pub target_from: Option<String>,
}

impl RunRecord {
    /// The record of a run: the scorecards of `period`, stamped `timestamp`.
    pub fn new(
        run: u32,
        timestamp: String,
        inputs: &[InputFile],
        rules: &[RuleFile],
        portfolio: &Portfolio,
        period: Period,
    ) -> RunRecord {
        let rules: Vec<FileRecord> = rules
            .iter()
            .map(|r| FileRecord {
                path: r.path.clone(),
                sha256: r.sha256.clone(),
            })
            .collect();
        let mut hasher = Sha256::new();
        for r in &rules {
            hasher.update(format!("{}\0{}\n", r.path, r.sha256));
        }
        let rules_sha256 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let scorecards = portfolio
            .cards
            .iter()
            .filter(|c| c.period == period)
            .map(|card| CardRecord {
                line: card.line.clone(),
                period: card.period.to_string(),
                stage: card.stage.map(|s| s.as_str().to_string()),
                scores: ScoresRecord {
                    pm: card.scores.pm,
                    pmm: card.scores.pmm,
                    shared: card.scores.shared,
                    overall: card.scores.overall,
                },
                metrics: card
                    .metrics
                    .iter()
                    .map(|m| MetricRecord {
                        metric: m.metric.to_string(),
                        unit: m.unit.as_str().to_string(),
                        currency: m
                            .unit
                            .money()
                            .and_then(|money| money.currency)
                            .map(|c| c.code().to_string()),
                        cents: m.unit.money().and_then(|money| money.cents),
                        value: m.value,
                        status: m.status.as_str().to_string(),
                        target: m.threshold.map(|t| t.target),
                        warn: m.threshold.and_then(|t| t.warn),
                        owner: m.owner.map(|o| o.as_str().to_string()),
                        weight: m.weight,
                        target_from: m.target_from.as_deref().map(str::to_string),
                    })
                    .collect(),
            })
            .collect();
        RunRecord {
            format: FORMAT,
            run,
            timestamp,
            linecard_version: env!("CARGO_PKG_VERSION").to_string(),
            period: period.to_string(),
            rules_sha256,
            rules,
            inputs: inputs
                .iter()
                .map(|f| FileRecord {
                    path: f.display.clone(),
                    sha256: f.sha256(),
                })
                .collect(),
            scorecards,
        }
    }

    /// Whether `other` ran the same linecard on the same inputs, rules and
    /// period, and so holds the same scorecards.
    pub fn same_run_as(&self, other: &RunRecord) -> bool {
        self.linecard_version == other.linecard_version
            && self.period == other.period
            && self.rules_sha256 == other.rules_sha256
            && self.inputs == other.inputs
    }

    pub fn card(&self, line: &str) -> Option<&CardRecord> {
        self.scorecards.iter().find(|c| c.line == line)
    }
}
