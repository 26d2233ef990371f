//! What a hook sees of one product line in one period: the `line` argument
//! of `derive(line)`, `targets(line)`, `statuses(line)` and `labels(line)`.
//!
//! In a script: `line.name`, `line.period`, `line.periods_a_year` (4 for
//! quarters, 12 for months, 1 for years), `line.stage` (or `()` when the
//! data gives none), `line["arpu"]` (the value, or `()` when missing),
//! `line.has("arpu")`, `line.previous("arpu")`, `line.sample("nps")`, the
//! data's own `line.data_target("nps")`, `line.data_threshold("nps")`,
//! `line.benchmark("nps", "Industry median")` and `line.benchmarks("nps")`,
//! and in `status` and `labels` also `line.status("nps")` and
//! `line.score("pm")`.
//! Asking for a metric that exists nowhere is an error with a "did you
//! mean", so a typo never reads as missing data.

use super::dynamic::suggest;
use crate::model::ReferenceKind;
use rhai::{Dynamic, Engine, EvalAltResult, Map, Position};
use std::sync::Arc;

/// Every metric name in the catalogue or the data, sorted: hooks look
/// metrics up here by name, and the per-line figures are indexed by it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetricNames {
    names: Vec<String>,
}

impl MetricNames {
    pub fn new(names: impl IntoIterator<Item = String>) -> Self {
        let mut names: Vec<String> = names.into_iter().collect();
        names.sort();
        names.dedup();
        MetricNames { names }
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.binary_search_by(|n| n.as_str().cmp(name)).ok()
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// The facts about one line and period a hook may read, indexed like
/// [`MetricNames`].
#[derive(Debug, Clone, Default)]
pub struct LineData {
    pub name: String,
    pub period: String,
    pub stage: Option<&'static str>,
    pub names: Arc<MetricNames>,
    pub values: Vec<Option<f64>>,
    pub previous: Vec<Option<f64>>,
    pub samples: Vec<Option<i64>>,
    /// Filled in for the `statuses` and `labels` hooks.
    pub statuses: Vec<Option<&'static str>>,
    /// pm, pmm, shared, overall; filled in for `labels`.
    pub scores: [Option<f64>; 4],
    /// The targets, thresholds and benchmarks the data gives for this line
    /// and period: (metric index, kind, value), in the order read.
    pub references: Vec<(usize, ReferenceKind, f64)>,
}

impl LineData {
    /// A line with no figures yet.
    pub fn new(
        name: String,
        period: String,
        stage: Option<&'static str>,
        names: Arc<MetricNames>,
    ) -> Self {
        let n = names.len();
        LineData {
            name,
            period,
            stage,
            names,
            values: vec![None; n],
            previous: vec![None; n],
            samples: vec![None; n],
            statuses: vec![None; n],
            scores: [None; 4],
            references: Vec::new(),
        }
    }
}

/// The `line` value scripts receive: cheap to clone.
#[derive(Debug, Clone)]
pub struct LineView(pub Arc<LineData>);

type Answer = Result<Dynamic, Box<EvalAltResult>>;

const SCORES: [&str; 4] = ["pm", "pmm", "shared", "overall"];

impl LineView {
    fn index(&self, metric: &str) -> Result<usize, Box<EvalAltResult>> {
        self.0.names.index(metric).ok_or_else(|| {
            format!(
                "no metric \"{metric}\" in the catalogue or the data{}",
                suggest(metric, self.0.names.names())
            )
            .into()
        })
    }

    fn number(&self, of: &[Option<f64>], metric: &str) -> Answer {
        let i = self.index(metric)?;
        Ok(of[i].map_or(Dynamic::UNIT, Dynamic::from_float))
    }

    /// The first of `metric`'s data references that `kind` accepts, or `()`.
    fn reference(&self, metric: &str, kind: impl Fn(&ReferenceKind) -> bool) -> Answer {
        let i = self.index(metric)?;
        let found = self
            .0
            .references
            .iter()
            .find(|(m, k, _)| *m == i && kind(k));
        Ok(found.map_or(Dynamic::UNIT, |(_, _, v)| Dynamic::from_float(*v)))
    }
}

/// How many periods like `label` make a year: 4 for `2025-Q1`, 12 for
/// `2025-03`, 1 for `2025`.
fn periods_a_year(label: &str) -> i64 {
    if label.contains("-Q") {
        4
    } else if label.len() == 7 {
        12
    } else {
        1
    }
}

/// Teaches `engine` the `line` type.
pub fn register(engine: &mut Engine) {
    engine
        .register_type_with_name::<LineView>("line")
        .register_get("name", |l: &mut LineView| l.0.name.clone())
        .register_get("period", |l: &mut LineView| l.0.period.clone())
        .register_get("periods_a_year", |l: &mut LineView| {
            periods_a_year(&l.0.period)
        })
        .register_get("stage", |l: &mut LineView| {
            l.0.stage.map_or(Dynamic::UNIT, Dynamic::from)
        })
        .register_indexer_get(|l: &mut LineView, metric: &str| -> Answer {
            l.number(&l.0.values, metric)
        })
        .register_fn("has", |l: &mut LineView, metric: &str| -> Answer {
            let i = l.index(metric)?;
            Ok(Dynamic::from_bool(l.0.values[i].is_some()))
        })
        .register_fn("previous", |l: &mut LineView, metric: &str| -> Answer {
            l.number(&l.0.previous, metric)
        })
        .register_fn("sample", |l: &mut LineView, metric: &str| -> Answer {
            let i = l.index(metric)?;
            Ok(l.0.samples[i].map_or(Dynamic::UNIT, Dynamic::from_int))
        })
        .register_fn("data_target", |l: &mut LineView, metric: &str| -> Answer {
            l.reference(metric, |k| *k == ReferenceKind::Target)
        })
        .register_fn("data_threshold", |l: &mut LineView, metric: &str| -> Answer {
            l.reference(metric, |k| *k == ReferenceKind::Threshold)
        })
        .register_fn(
            "benchmark",
            |l: &mut LineView, metric: &str, label: &str| -> Answer {
                l.reference(metric, |k| k.is_benchmark(label))
            },
        )
        .register_fn("benchmarks", |l: &mut LineView, metric: &str| -> Answer {
            let i = l.index(metric)?;
            let mut map = Map::new();
            for (m, kind, value) in &l.0.references {
                if let (true, ReferenceKind::Benchmark(label)) = (*m == i, kind) {
                    map.entry(label.as_str().into())
                        .or_insert_with(|| Dynamic::from_float(*value));
                }
            }
            Ok(Dynamic::from_map(map))
        })
        .register_fn("status", |l: &mut LineView, metric: &str| -> Answer {
            let i = l.index(metric)?;
            Ok(l.0.statuses[i].map_or(Dynamic::UNIT, Dynamic::from))
        })
        .register_fn("score", |l: &mut LineView, owner: &str| -> Answer {
            let Some(i) = SCORES.iter().position(|s| *s == owner) else {
                return Err(EvalAltResult::ErrorRuntime(
                    format!("score(\"{owner}\"): the scores are \"pm\", \"pmm\", \"shared\" and \"overall\"").into(),
                    Position::NONE,
                )
                .into());
            };
            Ok(l.0.scores[i].map_or(Dynamic::UNIT, Dynamic::from_float))
        });
}

#[cfg(test)]
mod tests {
    #[test]
    fn periods_a_year_follow_the_label() {
        assert_eq!(super::periods_a_year("2025-Q3"), 4);
        assert_eq!(super::periods_a_year("2025-03"), 12);
        assert_eq!(super::periods_a_year("2025"), 1);
    }
}
