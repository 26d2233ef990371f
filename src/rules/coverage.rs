//! `min_coverage(...)`: how much of a score's weight must have a value for
//! the score to be given. Below it the score is left out (null, status
//! `insufficient_data`) rather than resting on a KPI or two.
//!
//! `min_coverage(0.6)` sets every score's minimum; `min_coverage(#{ pm:
//! 0.6, overall: 0.4 })` sets the named ones. A later call changes only
//! what it names. Each value is checked at its place.

use super::ScriptError;
use super::dynamic::{number, suggest, type_name};
use super::places::{Place, Places};
use crate::model::ScoreKind;
use rhai::{Dynamic, Map};
use std::sync::Arc;

/// The minimum when the rules set none: half of the weight.
pub const DEFAULT_MIN_COVERAGE: f64 = 0.5;

/// The keys of a `min_coverage(#{ ... })` map.
const KEYS: [&str; 4] = ["pm", "pmm", "shared", "overall"];

/// One score's minimum coverage and the rule that set it.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// 0..=1: the share of the score's weight that must have a value.
    pub share: f64,
    /// `rules/50-coverage.rhai:1`; `None` for the default.
    pub from: Option<Arc<str>>,
}

/// The minimum coverage of each score, in [`ScoreKind::ALL`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct MinCoverage(pub [Minimum; 4]);

impl Default for MinCoverage {
    fn default() -> Self {
        let default = Minimum {
            share: DEFAULT_MIN_COVERAGE,
            from: None,
        };
        MinCoverage([default.clone(), default.clone(), default.clone(), default])
    }
}

impl MinCoverage {
    pub fn of(&self, kind: ScoreKind) -> &Minimum {
        &self.0[kind.index()]
    }

    /// Applies one `min_coverage(...)` call made at `call`.
    pub fn apply(
        &mut self,
        call: &Place,
        arg: &Dynamic,
        places: &Places,
    ) -> Result<(), Vec<ScriptError>> {
        let mut errors = Vec::new();
        if let Some(map) = arg.clone().try_cast::<Map>() {
            for (key, value) in map {
                let at = places.locate(call, &key);
                let Some(kind) = ScoreKind::ALL.into_iter().find(|k| k.as_str() == key) else {
                    errors.push(places.error(
                        &at,
                        format!(
                            "unknown key \"{key}\" in min_coverage(...){}: the keys are {}",
                            suggest(&key, &KEYS),
                            KEYS.join(", ")
                        ),
                    ));
                    continue;
                };
                match share(&value, kind.as_str()) {
                    Ok(share) => {
                        self.0[kind.index()] = Minimum {
                            share,
                            from: Some(at.short().into()),
                        }
                    }
                    Err(m) => errors.push(places.error(&at, m)),
                }
            }
        } else if number(arg).is_some() {
            match share(arg, "every score") {
                Ok(share) => {
                    for m in &mut self.0 {
                        *m = Minimum {
                            share,
                            from: Some(call.short().into()),
                        };
                    }
                }
                Err(m) => errors.push(places.error(call, m)),
            }
        } else {
            errors.push(places.error(
                call,
                format!(
                    "min_coverage(...) takes a share of the weight from 0 to 1 (0.5 = half) or a map like #{{ pm: 0.6, overall: 0.5 }}, got {}",
                    type_name(arg)
                ),
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A share from 0 to 1, or the words that say what is wrong.
fn share(value: &Dynamic, what: &str) -> Result<f64, String> {
    match number(value).filter(|n| n.is_finite()) {
        Some(n) if (0.0..=1.0).contains(&n) => Ok(n),
        Some(n) => Err(format!(
            "min_coverage for {what} must be a share of the weight from 0 to 1 (0.5 = half), got {}",
            crate::model::format::plain(n)
        )),
        None => Err(format!(
            "min_coverage for {what} must be a number from 0 to 1 (0.5 = half), got {}",
            type_name(value)
        )),
    }
}
