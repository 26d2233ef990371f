//! The metric catalogue: what the scripts declared with `metric(...)`, checked
//! key by key and turned into typed [`MetricSpec`]s.
//!
//! A script may declare a metric again in a later file to change some of its
//! keys; the later value of each key wins.

use super::ScriptError;
use crate::model::{Direction, MetricId, Owner, Stage, Unit};
use rhai::{Dynamic, Map};
use std::collections::BTreeMap;

/// A target and the amber threshold beside it. Between the two the status is
/// amber; past the amber threshold it is red. Without `warn` there is no
/// amber band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Threshold {
    /// The target; for a band, the band's bottom.
    pub target: f64,
    /// The amber threshold (a value); for a band, how far outside the band
    /// still counts as amber (a distance).
    pub warn: Option<f64>,
    /// The band's top; `None` unless the direction is a band.
    pub upper: Option<f64>,
}

/// Everything the rules say about one metric.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricSpec {
    pub id: MetricId,
    pub name: String,
    pub owner: Owner,
    pub direction: Direction,
    pub unit: Unit,
    /// The target for lines whose stage has no entry in `by_stage`.
    pub default: Option<Threshold>,
    pub by_stage: BTreeMap<Stage, Threshold>,
    pub weight: f64,
    pub min_sample: Option<u32>,
    pub description: String,
    /// Position of the metric's first declaration across all scripts: the
    /// report lists metrics in this order.
    pub order: usize,
}

impl MetricSpec {
    /// The threshold for a line at `stage`, and whether it is stage-specific.
    pub fn threshold(&self, stage: Option<Stage>) -> Option<(Threshold, bool)> {
        if let Some(t) = stage.and_then(|s| self.by_stage.get(&s)) {
            return Some((*t, true));
        }
        self.default.map(|t| (t, false))
    }
}

/// All metrics, by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogue {
    pub metrics: BTreeMap<MetricId, MetricSpec>,
}

impl Catalogue {
    pub fn get(&self, id: &MetricId) -> Option<&MetricSpec> {
        self.metrics.get(id)
    }

    /// Every metric, in the order the scripts first declared them.
    pub fn in_order(&self) -> Vec<&MetricSpec> {
        let mut specs: Vec<&MetricSpec> = self.metrics.values().collect();
        specs.sort_by_key(|s| s.order);
        specs
    }
}

/// The keys a `metric(...)` map may hold, in the order the README lists them.
pub const METRIC_KEYS: [&str; 10] = [
    "name",
    "owner",
    "direction",
    "unit",
    "target",
    "warn",
    "weight",
    "min_sample",
    "description",
    "by_stage",
];
const STAGE_KEYS: [&str; 2] = ["target", "warn"];

/// Where a key was written: enough to point at it with a caret.
#[derive(Debug, Clone)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// The keys declared so far for one metric, each with its place.
#[derive(Debug, Clone)]
pub struct Declared {
    pub first: Place,
    pub order: usize,
    pub keys: BTreeMap<String, (Dynamic, Place)>,
}

/// Reports an error at a place; `sources` gives each file's text.
pub type ErrorAt<'a> = dyn Fn(&Place, String) -> ScriptError + 'a;

/// The closest allowed word, for "did you mean" hints.
pub fn suggest(word: &str, allowed: &[&str]) -> String {
    allowed
        .iter()
        .map(|a| (strsim::levenshtein(word, a), *a))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, a)| format!(" (did you mean \"{a}\"?)"))
        .unwrap_or_default()
}

fn number(value: &Dynamic) -> Option<f64> {
    value
        .as_float()
        .ok()
        .or_else(|| value.as_int().ok().map(|i| i as f64))
}

fn type_name(value: &Dynamic) -> &'static str {
    match value.type_name() {
        "i64" | "f64" => "a number",
        "string" | "ImmutableString" => "a string",
        "bool" => "true/false",
        "map" => "a map #{...}",
        "array" => "an array [...]",
        "()" => "nothing",
        _ => "another kind of value",
    }
}

/// Turns declared keys into a spec, reporting every wrong key.
pub fn build_spec(
    id: &MetricId,
    declared: &Declared,
    error_at: &ErrorAt,
) -> Result<MetricSpec, Vec<ScriptError>> {
    let mut errors = Vec::new();
    let get = |key: &str| declared.keys.get(key);
    let text = |key: &str, errors: &mut Vec<ScriptError>| -> Option<(String, Place)> {
        let (value, place) = get(key)?;
        match value.clone().into_string() {
            Ok(s) => Some((s, place.clone())),
            Err(_) => {
                errors.push(error_at(
                    place,
                    format!(
                        "{key} for \"{id}\" must be a string in quotes, got {}",
                        type_name(value)
                    ),
                ));
                None
            }
        }
    };
    fn parse_as<T: std::str::FromStr<Err = String>>(
        key: &str,
        id: &MetricId,
        errors: &mut Vec<ScriptError>,
        error_at: &ErrorAt,
        text: Option<(String, Place)>,
    ) -> Option<T> {
        let (s, place) = text?;
        s.parse()
            .map_err(|m: String| {
                errors.push(error_at(&place, format!("{m} (in \"{id}\", key {key})")))
            })
            .ok()
    }
    let owner_text = text("owner", &mut errors);
    if owner_text.is_none() && get("owner").is_none() {
        errors.push(error_at(
            &declared.first,
            format!("metric \"{id}\" needs an owner: add owner: \"pm\", \"pmm\" or \"shared\""),
        ));
    }
    let owner: Option<Owner> = parse_as("owner", id, &mut errors, error_at, owner_text);
    let direction_text = text("direction", &mut errors);
    let direction: Option<Direction> = if direction_text.is_some() {
        parse_as("direction", id, &mut errors, error_at, direction_text)
    } else {
        Some(Direction::Higher)
    };
    let unit_text = text("unit", &mut errors);
    let unit: Option<Unit> = if unit_text.is_some() {
        parse_as("unit", id, &mut errors, error_at, unit_text)
    } else {
        Some(Unit::Number)
    };
    let name = text("name", &mut errors)
        .map(|(s, _)| s)
        .unwrap_or_else(|| id.to_string());
    let description = text("description", &mut errors)
        .map(|(s, _)| s)
        .unwrap_or_default();

    let num =
        |key: &str, value: &Dynamic, place: &Place, errors: &mut Vec<ScriptError>| -> Option<f64> {
            let n = number(value);
            if n.is_none() {
                errors.push(error_at(
                    place,
                    format!(
                        "{key} for \"{id}\" must be a number, got {}",
                        type_name(value)
                    ),
                ));
            }
            n
        };
    let weight = match get("weight") {
        None => Some(1.0),
        Some((v, p)) => match num("weight", v, p, &mut errors) {
            Some(w) if w < 0.0 || !w.is_finite() => {
                errors.push(error_at(
                    p,
                    format!("weight for \"{id}\" must be 0 or more, got {w}"),
                ));
                None
            }
            other => other,
        },
    };
    let min_sample = match get("min_sample") {
        None => None,
        Some((v, p)) => match num("min_sample", v, p, &mut errors) {
            Some(n) if n >= 0.0 && n.fract() == 0.0 => Some(n as u32),
            Some(n) => {
                errors.push(error_at(
                    p,
                    format!("min_sample for \"{id}\" must be a whole number of responses, got {n}"),
                ));
                None
            }
            None => None,
        },
    };

    let threshold = |target: Option<&(Dynamic, Place)>,
                     warn: Option<&(Dynamic, Place)>,
                     what: &str,
                     errors: &mut Vec<ScriptError>|
     -> Option<Threshold> {
        let (tv, tp) = target?;
        let target = num(&format!("target{what}"), tv, tp, errors)?;
        let warn = match warn {
            None => None,
            Some((wv, wp)) => {
                let warn = num(&format!("warn{what}"), wv, wp, errors)?;
                if let Some(d) = direction
                    && d.meets(warn, target)
                    && warn != target
                {
                    let side = if d == Direction::Higher {
                        "below"
                    } else {
                        "above"
                    };
                    errors.push(error_at(
                        wp,
                        format!(
                            "warn{what} for \"{id}\" must be {side} the target {target} because {} is better, got {warn}",
                            d.as_str()
                        ),
                    ));
                    return None;
                }
                Some(warn)
            }
        };
        Some(Threshold {
            target,
            warn,
            upper: None,
        })
    };
    if get("target").is_none()
        && let Some((_, p)) = get("warn")
    {
        errors.push(error_at(
            p,
            format!("warn for \"{id}\" needs a target beside it"),
        ));
    }
    let default = threshold(get("target"), get("warn"), "", &mut errors);

    let mut by_stage = BTreeMap::new();
    if let Some((value, place)) = get("by_stage") {
        match value.clone().try_cast::<Map>() {
            None => errors.push(error_at(
                place,
                format!("by_stage for \"{id}\" must be a map like #{{ Growth: #{{ target: 0.8, warn: 0.7 }} }}, got {}", type_name(value)),
            )),
            Some(map) => {
                for (stage_name, entry) in map {
                    let stage: Stage = match stage_name.parse() {
                        Ok(s) => s,
                        Err(m) => {
                            errors.push(error_at(place, format!("{m} (in by_stage of \"{id}\")")));
                            continue;
                        }
                    };
                    let Some(entry) = entry.clone().try_cast::<Map>() else {
                        errors.push(error_at(
                            place,
                            format!("by_stage.{stage_name} for \"{id}\" must be a map like #{{ target: 0.8, warn: 0.7 }}"),
                        ));
                        continue;
                    };
                    for key in entry.keys() {
                        if !STAGE_KEYS.contains(&key.as_str()) {
                            errors.push(error_at(
                                place,
                                format!(
                                    "unknown key \"{key}\" in by_stage.{stage_name} of \"{id}\": expected target or warn{}",
                                    suggest(key, &STAGE_KEYS)
                                ),
                            ));
                        }
                    }
                    let with_place = |k: &str| entry.get(k).map(|v| (v.clone(), place.clone()));
                    let (t, w) = (with_place("target"), with_place("warn"));
                    if t.is_none() {
                        errors.push(error_at(place, format!("by_stage.{stage_name} for \"{id}\" needs a target")));
                        continue;
                    }
                    if let Some(th) = threshold(t.as_ref(), w.as_ref(), &format!(" (by_stage.{stage_name})"), &mut errors) {
                        by_stage.insert(stage, th);
                    }
                }
            }
        }
    }

    match (owner, direction, unit, weight) {
        (Some(owner), Some(direction), Some(unit), Some(weight)) if errors.is_empty() => {
            Ok(MetricSpec {
                id: id.clone(),
                name,
                owner,
                direction,
                unit,
                default,
                by_stage,
                weight,
                min_sample,
                description,
                order: declared.order,
            })
        }
        _ => Err(errors),
    }
}
