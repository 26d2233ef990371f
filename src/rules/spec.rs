//! Checking one metric's declared keys, every mistake reported at its place,
//! and turning them into a typed [`MetricSpec`].

use super::ScriptError;
use super::catalogue::{BenchmarkTarget, LineOverride, MetricSpec, Rule, Threshold};
use super::dynamic::{number, suggest, type_name};
use super::places::{Place, Places};
use crate::model::{Currency, Direction, MetricId, Money, Owner, Stage, Unit};
use rhai::{Dynamic, Map};
use std::collections::BTreeMap;
use std::str::FromStr;

/// The keys declared so far for one metric, each with its place.
#[derive(Debug, Clone)]
pub struct Declared {
    pub first: Place,
    pub order: usize,
    pub keys: Keys,
}

/// Key -> (value, where it was written).
pub type Keys = BTreeMap<String, (Dynamic, Place)>;

const STAGE_KEYS: [&str; 4] = ["target", "warn", "min", "max"];
const LINE_KEYS: [&str; 6] = ["owner", "weight", "target", "warn", "min", "max"];

/// Collects every error found in one metric's keys.
struct Check<'a> {
    id: &'a MetricId,
    places: &'a Places<'a>,
    errors: Vec<ScriptError>,
}

impl Check<'_> {
    fn fail(&mut self, place: &Place, message: String) {
        self.errors.push(self.places.error(place, message));
    }

    fn text(&mut self, key: &str, (value, place): &(Dynamic, Place)) -> Option<String> {
        let found = value.clone().into_string().ok();
        if found.is_none() {
            let id = self.id;
            self.fail(
                place,
                format!(
                    "{key} for \"{id}\" must be a string in quotes, got {}",
                    type_name(value)
                ),
            );
        }
        found
    }

    /// `currency: "USD"`: the unit of a money metric in that currency; a
    /// metric without a unit becomes money.
    fn currency(&mut self, unit: Unit, unit_given: bool, entry: &(Dynamic, Place)) -> Option<Unit> {
        let code = self.text("currency", entry)?;
        let id = self.id;
        let currency = match Currency::parse_code(&code) {
            Ok(c) => c,
            Err(m) => {
                self.fail(&entry.1, format!("{m} (in \"{id}\", key currency)"));
                return None;
            }
        };
        match unit {
            Unit::Money(money) => Some(Unit::Money(Money {
                currency: Some(currency),
                ..money
            })),
            Unit::Number if !unit_given => Some(Unit::Money(Money {
                currency: Some(currency),
                cents: None,
            })),
            other => {
                self.fail(
                    &entry.1,
                    format!(
                        "currency \"{code}\" is for money, and \"{id}\" has unit \"{}\": write unit: \"money\", or leave currency out",
                        other.as_str()
                    ),
                );
                None
            }
        }
    }

    fn number(&mut self, key: &str, (value, place): &(Dynamic, Place)) -> Option<f64> {
        let found = number(value).filter(|n| n.is_finite());
        if found.is_none() {
            let id = self.id;
            self.fail(
                place,
                format!(
                    "{key} for \"{id}\" must be a number, got {}",
                    type_name(value)
                ),
            );
        }
        found
    }

    fn parse<T: FromStr<Err = String>>(
        &mut self,
        key: &str,
        entry: &(Dynamic, Place),
    ) -> Option<T> {
        let text = self.text(key, entry)?;
        match text.parse() {
            Ok(v) => Some(v),
            Err(m) => {
                let id = self.id;
                self.fail(&entry.1, format!("{m} (in \"{id}\", key {key})"));
                None
            }
        }
    }

    fn weight(&mut self, key: &str, entry: &(Dynamic, Place)) -> Option<f64> {
        let w = self.number(key, entry)?;
        if w < 0.0 {
            let id = self.id;
            self.fail(
                &entry.1,
                format!("{key} for \"{id}\" must be 0 or more, got {w}"),
            );
            return None;
        }
        Some(w)
    }

    /// The entries of a nested map such as `by_stage`, each with its keys
    /// placed where they were written.
    fn entries(
        &mut self,
        key: &str,
        (value, place): &(Dynamic, Place),
        allowed: &[&str],
        example: &str,
    ) -> Vec<(String, Keys, Place)> {
        let id = self.id;
        let Some(map) = value.clone().try_cast::<Map>() else {
            self.fail(
                place,
                format!(
                    "{key} for \"{id}\" must be a map like {example}, got {}",
                    type_name(value)
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, entry) in map {
            let at = self.places.locate(place, &name);
            let Some(inner) = entry.clone().try_cast::<Map>() else {
                self.fail(
                    &at,
                    format!(
                        "{key}.{name} for \"{id}\" must be a map #{{ ... }}, got {}",
                        type_name(&entry)
                    ),
                );
                continue;
            };
            let mut keys = Keys::new();
            for (k, v) in inner {
                let kp = self.places.locate(&at, &k);
                if allowed.contains(&k.as_str()) {
                    keys.insert(k.to_string(), (v, kp));
                } else {
                    self.fail(
                        &kp,
                        format!(
                            "unknown key \"{k}\" in {key}.{name} of \"{id}\"{}: the keys are {}",
                            suggest(&k, allowed),
                            allowed.join(", ")
                        ),
                    );
                }
            }
            out.push((name.to_string(), keys, at));
        }
        out
    }

    /// The threshold in `keys` (`target`/`warn`, or `min`/`max`/`warn` for a
    /// band); `what` names where it is, e.g. ` (by_stage.Growth)`.
    fn rule(&mut self, keys: &Keys, what: &str, direction: Direction) -> Option<Rule> {
        let id = self.id;
        let get = |k: &str| keys.get(k);
        if direction == Direction::Band {
            if let Some((_, p)) = get("target") {
                self.fail(
                    p,
                    format!("\"{id}\" is a band: give min and max{what} instead of a target"),
                );
            }
            let (min, max) = match (get("min"), get("max")) {
                (Some(lo), Some(hi)) => (
                    self.number(&format!("min{what}"), lo),
                    self.number(&format!("max{what}"), hi),
                ),
                (None, None) if get("warn").is_none() => return None,
                (lo, hi) => {
                    let p = lo.or(hi).or(get("warn")).map(|(_, p)| p.clone())?;
                    self.fail(
                        &p,
                        format!("a band needs both min and max{what} for \"{id}\""),
                    );
                    return None;
                }
            };
            let (min, max) = (min?, max?);
            if min > max {
                let p = &get("max")?.1;
                self.fail(
                    p,
                    format!("max{what} for \"{id}\" must be at least min {min}, got {max}"),
                );
                return None;
            }
            let warn = match get("warn") {
                None => None,
                Some(w) => {
                    let v = self.number(&format!("warn{what}"), w)?;
                    if v < 0.0 {
                        self.fail(&w.1, format!("warn{what} for the band \"{id}\" is how far outside it still counts as amber, so it must be 0 or more, got {v}"));
                        return None;
                    }
                    Some(v)
                }
            };
            let from = format!("{}{what}", get("min")?.1.short());
            return Some(Rule {
                threshold: Threshold {
                    target: min,
                    warn,
                    upper: Some(max),
                },
                from: from.into(),
            });
        }
        for k in ["min", "max"] {
            if let Some((_, p)) = get(k) {
                self.fail(p, format!("{k}{what} is for direction \"band\"; \"{id}\" is \"{}\": use target and warn", direction.as_str()));
            }
        }
        let Some(t) = get("target") else {
            if let Some((_, p)) = get("warn") {
                self.fail(
                    p,
                    format!("warn{what} for \"{id}\" needs a target beside it"),
                );
            }
            return None;
        };
        let target = self.number(&format!("target{what}"), t)?;
        let warn = match get("warn") {
            None => None,
            Some(w) => {
                let warn = self.number(&format!("warn{what}"), w)?;
                if direction.meets(warn, target) && warn != target {
                    let side = if direction == Direction::Higher {
                        "below"
                    } else {
                        "above"
                    };
                    self.fail(&w.1, format!(
                        "warn{what} for \"{id}\" must be {side} the target {target} because {} is better, got {warn}",
                        direction.as_str()
                    ));
                    return None;
                }
                Some(warn)
            }
        };
        Some(Rule {
            threshold: Threshold {
                target,
                warn,
                upper: None,
            },
            from: format!("{}{what}", t.1.short()).into(),
        })
    }
}

impl Check<'_> {
    /// `target_from_benchmark: "Industry median"`: a label in quotes, for
    /// a metric judged against one number.
    fn benchmark(
        &mut self,
        entry: &(Dynamic, Place),
        direction: Direction,
    ) -> Option<BenchmarkTarget> {
        let key = "target_from_benchmark";
        let label = self.text(key, entry)?;
        let id = self.id;
        if label.trim().is_empty() {
            self.fail(&entry.1, format!(
                "{key} for \"{id}\" must name a benchmark as the data labels it, e.g. \"Industry median\", got an empty string"
            ));
            return None;
        }
        if direction == Direction::Band {
            self.fail(&entry.1, format!(
                "{key} for \"{id}\" cannot score a band: a benchmark is one number, and a band needs min and max"
            ));
            return None;
        }
        Some(BenchmarkTarget {
            label: label.trim().to_string(),
            declared_at: entry.1.short().into(),
        })
    }

    fn line_override(&mut self, keys: &Keys, what: &str, direction: Direction) -> LineOverride {
        LineOverride {
            owner: keys.get("owner").and_then(|e| self.parse("owner", e)),
            weight: keys
                .get("weight")
                .and_then(|e| self.weight(&format!("weight{what}"), e)),
            weight_from: keys
                .get("weight")
                .map(|(_, p)| format!("{}{what}", p.short()).into()),
            rule: self.rule(keys, what, direction),
        }
    }
}

/// Checks what a `targets` hook returned for one metric: the keys of a
/// `by_line` entry (owner, weight, target, warn, min, max).
pub fn hook_override(
    id: &MetricId,
    keys: &Keys,
    what: &str,
    direction: Direction,
    places: &Places,
) -> Result<LineOverride, Vec<ScriptError>> {
    let mut c = Check {
        id,
        places,
        errors: Vec::new(),
    };
    for (k, (_, p)) in keys {
        if !LINE_KEYS.contains(&k.as_str()) {
            c.fail(
                p,
                format!(
                    "unknown key \"{k}\" for \"{id}\"{}: the keys are {}",
                    suggest(k, &LINE_KEYS),
                    LINE_KEYS.join(", ")
                ),
            );
        }
    }
    let over = c.line_override(keys, what, direction);
    if c.errors.is_empty() {
        Ok(over)
    } else {
        Err(c.errors)
    }
}

/// Turns declared keys into a spec, reporting every wrong key.
pub fn build_spec(
    id: &MetricId,
    declared: &Declared,
    places: &Places,
) -> Result<MetricSpec, Vec<ScriptError>> {
    let mut c = Check {
        id,
        places,
        errors: Vec::new(),
    };
    let get = |key: &str| declared.keys.get(key);

    let owner: Option<Owner> = match get("owner") {
        Some(entry) => c.parse("owner", entry),
        None => {
            c.fail(
                &declared.first,
                format!("metric \"{id}\" needs an owner: add owner: \"pm\", \"pmm\" or \"shared\""),
            );
            None
        }
    };
    let direction = get("direction").map_or(Some(Direction::Higher), |e| c.parse("direction", e));
    let unit = get("unit").map_or(Some(Unit::Number), |e| c.parse::<Unit>("unit", e));
    let unit = match get("currency") {
        None => unit,
        Some(entry) => unit.and_then(|u| c.currency(u, get("unit").is_some(), entry)),
    };
    let name = get("name")
        .and_then(|e| c.text("name", e))
        .unwrap_or_else(|| id.to_string());
    let description = get("description")
        .and_then(|e| c.text("description", e))
        .unwrap_or_default();
    let weight = get("weight").map_or(Some(1.0), |e| c.weight("weight", e));
    let min_sample = get("min_sample").and_then(|e| {
        let n = c.number("min_sample", e)?;
        if n >= 0.0 && n.fract() == 0.0 {
            Some(n as u32)
        } else {
            c.fail(
                &e.1,
                format!("min_sample for \"{id}\" must be a whole number of responses, got {n}"),
            );
            None
        }
    });
    let oversight = match get("oversight") {
        None => false,
        Some((v, p)) => v.as_bool().unwrap_or_else(|_| {
            c.fail(
                p,
                format!(
                    "oversight for \"{id}\" must be true or false, got {}",
                    type_name(v)
                ),
            );
            false
        }),
    };

    let data_targets = match get("data_targets") {
        None => true,
        Some((v, p)) => v.as_bool().unwrap_or_else(|_| {
            c.fail(
                p,
                format!(
                    "data_targets for \"{id}\" must be true or false, got {}",
                    type_name(v)
                ),
            );
            true
        }),
    };

    let optional = match get("optional") {
        None => false,
        Some((v, p)) => v.as_bool().unwrap_or_else(|_| {
            c.fail(
                p,
                format!(
                    "optional for \"{id}\" must be true or false, got {}",
                    type_name(v)
                ),
            );
            false
        }),
    };

    let Some(direction) = direction else {
        return Err(c.errors);
    };
    let default = c.rule(&declared.keys, "", direction);
    let benchmark_target = get("target_from_benchmark").and_then(|e| c.benchmark(e, direction));

    let mut by_stage = BTreeMap::new();
    if let Some(entry) = get("by_stage") {
        let example = "#{ Growth: #{ target: 0.8, warn: 0.7 } }";
        for (name, keys, at) in c.entries("by_stage", entry, &STAGE_KEYS, example) {
            let stage: Stage = match name.parse() {
                Ok(s) => s,
                Err(m) => {
                    c.fail(&at, format!("{m} (in by_stage of \"{id}\")"));
                    continue;
                }
            };
            match c.rule(&keys, &format!(" (by_stage.{name})"), direction) {
                Some(rule) => {
                    by_stage.insert(stage, rule);
                }
                None if keys.is_empty() => {
                    c.fail(&at, format!("by_stage.{name} for \"{id}\" needs a target"))
                }
                None => {}
            }
        }
    }

    let mut by_line = BTreeMap::new();
    if let Some(entry) = get("by_line") {
        let example = "#{ \"Drift Mobile\": #{ owner: \"pmm\", target: 0.3 } }";
        for (line, keys, _) in c.entries("by_line", entry, &LINE_KEYS, example) {
            let over = c.line_override(&keys, &format!(" (by_line.\"{line}\")"), direction);
            by_line.insert(line, over);
        }
    }

    match (owner, unit, weight) {
        (Some(owner), Some(unit), Some(weight)) if c.errors.is_empty() => Ok(MetricSpec {
            id: id.clone(),
            name: name.into(),
            owner,
            direction,
            unit,
            default,
            by_stage,
            by_line,
            weight,
            weight_from: get("weight").map(|(_, p)| p.short().into()),
            min_sample,
            description,
            oversight,
            data_targets,
            benchmark_target,
            optional,
            order: declared.order,
        }),
        _ => Err(c.errors),
    }
}
