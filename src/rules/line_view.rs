//! What a hook sees of one product line in one period: the `line` argument
//! of `derive(line)`, `targets(line)`, `statuses(line)` and `labels(line)`.
//!
//! In a script: `line.name`, `line.period`, `line.stage` (or `()` when the
//! data gives none), `line["arpu"]` (the value, or `()` when missing),
//! `line.has("arpu")`, `line.previous("arpu")`, `line.sample("nps")`, and in
//! `status` and `labels` also `line.status("nps")` and `line.score("pm")`.
//! Asking for a metric that exists nowhere is an error with a "did you
//! mean", so a typo never reads as missing data.

use super::dynamic::suggest;
use rhai::{Dynamic, Engine, EvalAltResult, Position};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

/// The facts about one line and period a hook may read.
#[derive(Debug, Clone, Default)]
pub struct LineData {
    pub name: String,
    pub period: String,
    pub stage: Option<&'static str>,
    pub values: HashMap<String, f64>,
    pub previous: HashMap<String, f64>,
    pub samples: HashMap<String, i64>,
    /// Filled in for the `status` and `labels` hooks.
    pub statuses: HashMap<String, &'static str>,
    /// pm, pmm, shared, overall; filled in for `labels`.
    pub scores: HashMap<&'static str, f64>,
    /// Every metric name in the catalogue or the data.
    pub known: Rc<BTreeSet<String>>,
}

/// The `line` value scripts receive: cheap to clone.
#[derive(Debug, Clone)]
pub struct LineView(pub Rc<LineData>);

type Answer = Result<Dynamic, Box<EvalAltResult>>;

impl LineView {
    fn check(&self, metric: &str) -> Result<(), Box<EvalAltResult>> {
        if self.0.known.contains(metric) {
            return Ok(());
        }
        let names: Vec<&String> = self.0.known.iter().collect();
        Err(format!(
            "no metric \"{metric}\" in the catalogue or the data{}",
            suggest(metric, &names)
        )
        .into())
    }

    fn number(&self, map: &HashMap<String, f64>, metric: &str) -> Answer {
        self.check(metric)?;
        Ok(map
            .get(metric)
            .map_or(Dynamic::UNIT, |v| Dynamic::from_float(*v)))
    }
}

/// Teaches `engine` the `line` type.
pub fn register(engine: &mut Engine) {
    engine
        .register_type_with_name::<LineView>("line")
        .register_get("name", |l: &mut LineView| l.0.name.clone())
        .register_get("period", |l: &mut LineView| l.0.period.clone())
        .register_get("stage", |l: &mut LineView| {
            l.0.stage.map_or(Dynamic::UNIT, Dynamic::from)
        })
        .register_indexer_get(|l: &mut LineView, metric: &str| -> Answer {
            l.number(&l.0.values, metric)
        })
        .register_fn("has", |l: &mut LineView, metric: &str| -> Answer {
            l.check(metric)?;
            Ok(Dynamic::from_bool(l.0.values.contains_key(metric)))
        })
        .register_fn("previous", |l: &mut LineView, metric: &str| -> Answer {
            l.number(&l.0.previous, metric)
        })
        .register_fn("sample", |l: &mut LineView, metric: &str| -> Answer {
            l.check(metric)?;
            Ok(l.0.samples.get(metric).map_or(Dynamic::UNIT, |n| Dynamic::from_int(*n)))
        })
        .register_fn("status", |l: &mut LineView, metric: &str| -> Answer {
            l.check(metric)?;
            Ok(l.0.statuses.get(metric).map_or(Dynamic::UNIT, |s| Dynamic::from(*s)))
        })
        .register_fn("score", |l: &mut LineView, owner: &str| -> Answer {
            const OWNERS: [&str; 4] = ["pm", "pmm", "shared", "overall"];
            if !OWNERS.contains(&owner) {
                return Err(EvalAltResult::ErrorRuntime(
                    format!("score(\"{owner}\"): the scores are \"pm\", \"pmm\", \"shared\" and \"overall\"").into(),
                    Position::NONE,
                )
                .into());
            }
            Ok(l.0.scores.get(owner).map_or(Dynamic::UNIT, |v| Dynamic::from_float(*v)))
        });
}
