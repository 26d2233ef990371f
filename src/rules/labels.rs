//! The declarative line labels: which KPIs tell whether each of the four fits
//! holds, and when a line looks high-maintenance or high-growth.
//!
//! ```text
//! fits(#{
//!     product_market: ["retention", "feature_adoption", "csat"],
//!     pricing_channel: ["win_rate", "cac"],
//! });
//! focus(#{
//!     maintenance: ["support_resolution_hours", "csat"],
//!     growth_stages: ["Introduction", "Growth"],
//! });
//! ```
//!
//! A fit is as good as its worst judged KPI. A line is high-maintenance when
//! a `maintenance` KPI is red, high-growth when its stage is one of
//! `growth_stages` and its product-market fit is not red, else balanced. A
//! `labels(line)` hook, when defined, can override either.

use super::ScriptError;
use super::catalogue::Catalogue;
use super::dynamic::{suggest, type_name};
use super::engine::DeclarationKind;
use super::places::{Place, Places};
use crate::model::{Fit, MetricId, Stage};
use rhai::{Array, Dynamic, Map};
use std::collections::BTreeMap;

/// When a line needs which kind of support.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FocusRule {
    pub maintenance: Vec<MetricId>,
    pub growth_stages: Vec<Stage>,
}

/// The declared fits and focus rule.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabelRules {
    /// Each fit's KPIs, in `Fit::ALL` order.
    pub fits: Vec<(Fit, Vec<MetricId>)>,
    pub focus: Option<FocusRule>,
}

const FOCUS_KEYS: [&str; 2] = ["maintenance", "growth_stages"];

/// Checks every `fits(...)` and `focus(...)` call; later calls override
/// earlier ones key by key.
pub fn parse(
    calls: &[(DeclarationKind, Place, Dynamic)],
    catalogue: &Catalogue,
    places: &Places,
) -> Result<LabelRules, Vec<ScriptError>> {
    let mut errors = Vec::new();
    let mut fits: BTreeMap<Fit, Vec<MetricId>> = BTreeMap::new();
    let mut focus: Option<FocusRule> = None;
    let metric_names: Vec<String> = catalogue.metrics.keys().map(|m| m.to_string()).collect();
    for (kind, call, arg) in calls {
        let what = if *kind == DeclarationKind::Fits {
            "fits"
        } else {
            "focus"
        };
        let Some(map) = arg.clone().try_cast::<Map>() else {
            errors.push(places.error(
                call,
                format!("{what}(...) takes a map #{{ ... }}, got {}", type_name(arg)),
            ));
            continue;
        };
        let list = |key: &str,
                    value: &Dynamic,
                    place: &Place,
                    errors: &mut Vec<ScriptError>|
         -> Vec<String> {
            match value.clone().try_cast::<Array>() {
                Some(items) => items
                    .iter()
                    .filter_map(|item| {
                        let text = item.clone().into_string().ok();
                        if text.is_none() {
                            errors.push(places.error(
                                place,
                                format!(
                                    "{what}.{key} must list names in quotes, got {}",
                                    type_name(item)
                                ),
                            ));
                        }
                        text
                    })
                    .collect(),
                None => {
                    errors.push(places.error(
                        place,
                        format!(
                            "{what}.{key} must be a list like [\"retention\", \"csat\"], got {}",
                            type_name(value)
                        ),
                    ));
                    Vec::new()
                }
            }
        };
        let metrics = |key: &str,
                       names: Vec<String>,
                       place: &Place,
                       errors: &mut Vec<ScriptError>|
         -> Vec<MetricId> {
            names
                .into_iter()
                .filter_map(|n| {
                    match MetricId::normalise(&n).filter(|m| catalogue.get(m).is_some()) {
                        Some(m) => Some(m),
                        None => {
                            errors.push(places.error(
                                place,
                                format!(
                                    "{what}.{key}: \"{n}\" is not a metric in the catalogue{}",
                                    suggest(&n, &metric_names)
                                ),
                            ));
                            None
                        }
                    }
                })
                .collect()
        };
        for (key, value) in &map {
            let place = places.locate(call, key);
            if *kind == DeclarationKind::Fits {
                match key.parse::<Fit>() {
                    Ok(fit) => {
                        let names = list(key, value, &place, &mut errors);
                        let ids = metrics(key, names, &place, &mut errors);
                        fits.insert(fit, ids);
                    }
                    Err(m) => errors.push(places.error(&place, m)),
                }
                continue;
            }
            let rule = focus.get_or_insert_with(FocusRule::default);
            match key.as_str() {
                "maintenance" => {
                    let names = list(key, value, &place, &mut errors);
                    rule.maintenance = metrics(key, names, &place, &mut errors);
                }
                "growth_stages" => {
                    rule.growth_stages = list(key, value, &place, &mut errors)
                        .into_iter()
                        .filter_map(|s| {
                            s.parse::<Stage>()
                                .map_err(|m| errors.push(places.error(&place, m)))
                                .ok()
                        })
                        .collect();
                }
                other => errors.push(places.error(
                    &place,
                    format!(
                        "unknown key \"{other}\" in focus(...){}: the keys are {}",
                        suggest(other, &FOCUS_KEYS),
                        FOCUS_KEYS.join(", ")
                    ),
                )),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(LabelRules {
        fits: fits.into_iter().collect(),
        focus,
    })
}
