//! Reading one KPI of one line and period back from a JSON report, and the
//! statistics the record tests work their expected values out with.

use serde_json::Value;

/// The metric `metric` of `line` in `period`, with or without a value.
pub fn metric_entry<'a>(
    doc: &'a Value,
    line: &str,
    period: &str,
    metric: &str,
) -> Option<&'a Value> {
    doc["scorecards"]
        .as_array()
        .expect("scorecards")
        .iter()
        .filter(|card| card["line"] == line && card["period"] == period)
        .flat_map(|card| card["metrics"].as_array().expect("metrics"))
        .find(|m| m["metric"] == metric)
}

/// [`metric_entry`], which must be there.
pub fn find<'a>(doc: &'a Value, line: &str, period: &str, metric: &str) -> &'a Value {
    metric_entry(doc, line, period, metric)
        .unwrap_or_else(|| panic!("no {metric} for {line} in {period}"))
}

/// Whether the metric is there with a value.
pub fn has_value(doc: &Value, line: &str, period: &str, metric: &str) -> bool {
    metric_entry(doc, line, period, metric).is_some_and(|m| !m["value"].is_null())
}

pub fn value(doc: &Value, line: &str, period: &str, metric: &str) -> f64 {
    find(doc, line, period, metric)["value"]
        .as_f64()
        .unwrap_or_else(|| panic!("{metric} of {line} in {period} has no value"))
}

pub fn sample(doc: &Value, line: &str, period: &str, metric: &str) -> u64 {
    find(doc, line, period, metric)["sample_size"]
        .as_u64()
        .expect("a sample size")
}

pub fn source(doc: &Value, line: &str, period: &str, metric: &str) -> String {
    find(doc, line, period, metric)["source"]
        .as_str()
        .expect("a source")
        .to_string()
}

/// A scratch folder holding the fixtures `names` of
/// `tests/fixtures/records/KIND` and a rules folder `rules` (the shipped
/// scripts plus `extra` as `script`), so that messages name the files as
/// `posthog.csv`.
pub fn record_workspace(
    kind: &str,
    names: &[&str],
    script: &str,
    extra: &str,
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in names {
        std::fs::copy(record_fixture(kind, name), dir.path().join(name)).unwrap();
    }
    super::rules_with(dir.path(), script, extra);
    dir
}

/// The path of fixture `name` under `tests/fixtures/records/KIND`.
pub fn record_fixture(kind: &str, name: &str) -> String {
    let path = super::repo()
        .join("tests/fixtures/records")
        .join(kind)
        .join(name);
    path.to_str().unwrap().to_string()
}

pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    match n % 2 {
        1 => v[n / 2],
        _ => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// The 90th percentile as Excel's PERCENTILE.INC works it out.
pub fn p90(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let rank = 0.9 * (v.len() - 1) as f64;
    let (low, frac) = (rank.floor() as usize, rank.fract());
    match v.get(low + 1) {
        Some(high) => v[low] + frac * (high - v[low]),
        None => v[low],
    }
}

/// The two-sided p-value of a pooled two-proportion z-test, from the
/// normal distribution's tail as a series (independent of linecard's
/// statistics crate): people and conversions of control and treatment.
pub fn z_test(nc: f64, xc: f64, nt: f64, xt: f64) -> f64 {
    let pooled = (xc + xt) / (nc + nt);
    let se = (pooled * (1.0 - pooled) * (1.0 / nc + 1.0 / nt)).sqrt();
    let z = ((xt / nt - xc / nc) / se).abs();
    // Phi(-z) by the Zelen & Severo approximation (26.2.17), |error| < 7.5e-8.
    let t = 1.0 / (1.0 + 0.2316419 * z);
    let poly = t
        * (0.319381530
            + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    let tail = (-z * z / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt() * poly;
    2.0 * tail
}

/// The experiment `name` of the JSON's `experiments`.
pub fn experiment<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["experiments"]
        .as_array()
        .expect("experiments in the JSON")
        .iter()
        .find(|e| e["experiment"] == name)
        .unwrap_or_else(|| panic!("no experiment {name}"))
}

/// The arm `name` of an experiment of the JSON.
pub fn arm<'a>(e: &'a Value, name: &str) -> &'a Value {
    e["arms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no arm {name}"))
}
