//! Rule tests: `test("name", #{ stage, values, expect })` declarations in a
//! rule script, checked at load and run by `linecard test`.
//!
//! ```text
//! test("a Growth line with weak NPS is amber", #{
//!     stage: "Growth",
//!     values: #{ nps: 22, retention: 0.9 },
//!     samples: #{ nps: 200 },
//!     expect: #{ nps: "amber", retention: "green", product_market: "green" },
//! });
//! ```

use super::ScriptError;
use super::catalogue::Catalogue;
use super::dynamic::{number, suggest, type_name};
use super::places::{Place, Places};
use crate::model::{Fit, Focus, MetricId, Period, Stage, Status};
use rhai::{Dynamic, Map};

/// What a test expects of the scorecard.
#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    Status(MetricId, Status),
    Fit(Fit, Status),
    Focus(Focus),
    /// A custom label from `labels(line)`, by name.
    Label(String, String),
    /// `pm_score`, `pmm_score`, `shared_score` or `overall_score`, within
    /// 0.05.
    Score(&'static str, f64),
}

/// One rule test case.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleTest {
    pub name: String,
    pub place: Place,
    pub line: String,
    pub period: Period,
    pub stage: Option<Stage>,
    pub values: Vec<(MetricId, f64)>,
    pub previous: Vec<(MetricId, f64)>,
    pub samples: Vec<(MetricId, u32)>,
    pub expect: Vec<(Expect, Place)>,
}

const TEST_KEYS: [&str; 7] = [
    "line", "period", "stage", "values", "previous", "samples", "expect",
];
const SCORES: [&str; 4] = ["pm_score", "pmm_score", "shared_score", "overall_score"];

/// Checks one `test(...)` declaration.
pub fn parse(
    name: String,
    call: &Place,
    case: &Map,
    catalogue: &Catalogue,
    places: &Places,
) -> Result<RuleTest, Vec<ScriptError>> {
    let mut errors = Vec::new();
    let mut fail = |place: &Place, message: String| errors.push(places.error(place, message));
    let at = |key: &str| places.locate(call, key);
    for key in case.keys() {
        if !TEST_KEYS.contains(&key.as_str()) {
            fail(
                &at(key),
                format!(
                    "unknown key \"{key}\" in test \"{name}\"{}: the keys are {}",
                    suggest(key, &TEST_KEYS),
                    TEST_KEYS.join(", ")
                ),
            );
        }
    }
    let text = |key: &str, fail: &mut dyn FnMut(&Place, String)| -> Option<String> {
        let v = case.get(key)?;
        let s = v.clone().into_string().ok();
        if s.is_none() {
            fail(
                &at(key),
                format!(
                    "{key} in test \"{name}\" must be a string in quotes, got {}",
                    type_name(v)
                ),
            );
        }
        s
    };
    let line = text("line", &mut fail).unwrap_or_else(|| "Test line".to_string());
    let period = match text("period", &mut fail) {
        None => Period::quarter(2025, 1).expect("a valid quarter"),
        Some(p) => p.parse().unwrap_or_else(|e| {
            fail(&at("period"), format!("period in test \"{name}\": {e}"));
            Period::year(2025)
        }),
    };
    let stage = text("stage", &mut fail).and_then(|s| {
        s.parse()
            .map_err(|m: String| fail(&at("stage"), format!("{m} (in test \"{name}\")")))
            .ok()
    });
    let known: Vec<&str> = catalogue.metrics.keys().map(MetricId::as_str).collect();
    let numbers = |key: &str, fail: &mut dyn FnMut(&Place, String)| -> Vec<(MetricId, f64)> {
        let Some(v) = case.get(key) else {
            return Vec::new();
        };
        let Some(map) = v.clone().try_cast::<Map>() else {
            fail(
                &at(key),
                format!(
                    "{key} in test \"{name}\" must be a map like #{{ nps: 31 }}, got {}",
                    type_name(v)
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (metric, value) in map {
            let place = places.locate(&at(key), &metric);
            // A column that is not a KPI may be given too (hooks read any
            // column), but a near miss of a catalogue metric is a typo.
            let near = (!known.contains(&metric.as_str()))
                .then(|| suggest(&metric, &known))
                .filter(|hint| !hint.is_empty());
            if let Some(hint) = near {
                fail(
                    &place,
                    format!(
                        "{key}.{metric}: \"{metric}\" is not a metric in the catalogue{hint} (in test \"{name}\")"
                    ),
                );
                continue;
            }
            match (MetricId::normalise(&metric), number(&value)) {
                (Some(id), Some(n)) => out.push((id, n)),
                _ => fail(
                    &place,
                    format!(
                        "{key}.{metric} in test \"{name}\" must be a number, got {}",
                        type_name(&value)
                    ),
                ),
            }
        }
        out
    };
    let values = numbers("values", &mut fail);
    let previous = numbers("previous", &mut fail);
    let samples = numbers("samples", &mut fail)
        .into_iter()
        .map(|(m, n)| (m, n.max(0.0) as u32))
        .collect();

    let mut expect = Vec::new();
    match case.get("expect").map(|v| (v, v.clone().try_cast::<Map>())) {
        None => fail(
            call,
            format!("test \"{name}\" needs expect: #{{ metric: \"green\", ... }}"),
        ),
        Some((v, None)) => fail(
            &at("expect"),
            format!(
                "expect in test \"{name}\" must be a map like #{{ nps: \"green\" }}, got {}",
                type_name(v)
            ),
        ),
        Some((_, Some(map))) => {
            for (key, value) in map {
                let place = places.locate(&at("expect"), &key);
                match expectation(&key, &value, catalogue) {
                    Ok(e) => expect.push((e, place)),
                    Err(m) => fail(&place, format!("{m} (in test \"{name}\")")),
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(RuleTest {
        name,
        place: call.clone(),
        line,
        period,
        stage,
        values,
        previous,
        samples,
        expect,
    })
}

fn status_of(key: &str, value: &Dynamic) -> Result<Status, String> {
    let text = value.clone().into_string().map_err(|_| {
        format!(
            "expect.{key} must be a status in quotes, got {}",
            type_name(value)
        )
    })?;
    match text.trim().to_ascii_lowercase().as_str() {
        "green" => Ok(Status::Green),
        "amber" => Ok(Status::Amber),
        "red" => Ok(Status::Red),
        "no_data" => Ok(Status::NoData),
        "insufficient_sample" => Ok(Status::InsufficientSample),
        "info" => Ok(Status::Info),
        "off" => Ok(Status::Off),
        other => Err(format!(
            "expect.{key}: \"{other}\" is not a status: expected green, amber, red, no_data, insufficient_sample, info or off"
        )),
    }
}

fn expectation(key: &str, value: &Dynamic, catalogue: &Catalogue) -> Result<Expect, String> {
    if let Some(id) = MetricId::normalise(key).filter(|id| catalogue.get(id).is_some()) {
        return Ok(Expect::Status(id, status_of(key, value)?));
    }
    if let Ok(fit) = key.parse::<Fit>() {
        return Ok(Expect::Fit(fit, status_of(key, value)?));
    }
    if key == "focus" {
        let text = value
            .clone()
            .into_string()
            .map_err(|_| "expect.focus must be text in quotes".to_string())?;
        return Ok(Expect::Focus(text.parse()?));
    }
    if let Some(score) = SCORES.iter().find(|s| **s == key) {
        let n = number(value)
            .ok_or_else(|| format!("expect.{key} must be a number, got {}", type_name(value)))?;
        return Ok(Expect::Score(score, n));
    }
    if key == "labels" {
        return Err("write custom labels as label_<name>: \"text\"".to_string());
    }
    if let Some(label) = key.strip_prefix("label_") {
        return Ok(Expect::Label(label.to_string(), value.to_string()));
    }
    let mut words: Vec<String> = catalogue.metrics.keys().map(|m| m.to_string()).collect();
    words.extend(Fit::ALL.iter().map(|f| f.as_str().to_string()));
    words.extend(SCORES.iter().map(|s| s.to_string()));
    words.push("focus".to_string());
    Err(format!(
        "expect.{key}: \"{key}\" is not a metric in the catalogue, a fit, focus, a score (pm_score, ...) or label_<name>{}",
        suggest(key, &words)
    ))
}
