//! `feature("Dashboards", #{ line: "Atlas Analytics", events:
//! ["dashboard_created", "dashboard_shared"], released: "2025-03-01" })`: a
//! feature of a product line, the product events that mean a person used
//! it and, optionally, the day it was released, from which
//! `feature_adoption` and the time to adopt are computed (see
//! `frame::records::events` and `adoption`). Every key is checked here; a mistake is an
//! error at its `file:line:col`.

use super::ScriptError;
use super::dynamic::suggest;
use super::places::{Place, Places};
use crate::frame::records::Feature;
use rhai::Dynamic;

/// How the declaration is written, for errors.
const WRITE: &str =
    "feature(\"Dashboards\", #{ line: \"Atlas Analytics\", events: [\"dashboard_created\"] })";

const KEYS: [&str; 3] = ["line", "events", "released"];

/// Checks one `feature(name, map)` call made at `call`; `seen` are the
/// features declared before it.
pub fn parse(
    call: &Place,
    args: &(Dynamic, Dynamic),
    places: &Places,
    seen: &[Feature],
) -> Result<Feature, Vec<ScriptError>> {
    let error = |place: &Place, message: String| vec![places.error(place, message)];
    let name = args
        .0
        .clone()
        .into_string()
        .ok()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| {
            error(
                call,
                format!("the first argument must be the feature's name in quotes: write {WRITE}"),
            )
        })?;
    if let Some(before) = seen.iter().find(|f| f.name.eq_ignore_ascii_case(&name)) {
        return Err(error(
            call,
            format!(
                "the feature \"{name}\" is declared twice (first at {}): give each feature one feature(...), with all its events",
                before.declared_at
            ),
        ));
    }
    let Some(map) = args.1.clone().try_cast::<rhai::Map>() else {
        return Err(error(
            call,
            format!("the second argument must be a map #{{ ... }}: write {WRITE}"),
        ));
    };
    let mut feature = Feature {
        name,
        declared_at: format!("{}:{}:{}", call.file, call.line, call.column),
        ..Feature::default()
    };
    let mut errors = Vec::new();
    for (key, value) in &map {
        let place = places.locate(call, key);
        let checked: Result<(), String> = match key.as_str() {
            "line" => value
                .clone()
                .into_string()
                .ok()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .map(|l| feature.line = l)
                .ok_or_else(|| {
                    "\"line\" must be the product line's name in quotes, as the data names it"
                        .to_string()
                }),
            "events" => events(value).map(|e| feature.events = e),
            "released" => released(value).map(|d| feature.released = Some(d)),
            other => Err(format!(
                "unknown key \"{other}\" in feature(...){}: the keys are {}",
                suggest(other, &KEYS),
                KEYS.join(", ")
            )),
        };
        if let Err(message) = checked {
            errors.push(places.error(&place, message));
        }
    }
    for (key, missing) in [
        ("line", feature.line.is_empty()),
        (
            "events",
            feature.events.is_empty() && !map.contains_key("events"),
        ),
    ] {
        if missing {
            errors.push(places.error(
                call,
                format!(
                    "feature(\"{}\", ...) needs \"{key}\": write {WRITE}",
                    feature.name
                ),
            ));
        }
    }
    // An event is a use of one feature of its line: shared, the second
    // feature's adoption would read as nobody's.
    let shared = seen
        .iter()
        .filter(|f| f.line == feature.line)
        .find_map(|f| {
            feature
                .events
                .iter()
                .find(|e| f.events.contains(e))
                .map(|e| (f, e))
        });
    if let Some((before, event)) = shared {
        errors.push(places.error(
            call,
            format!(
                "the event \"{event}\" is already a use of the feature \"{}\" of \"{}\" (declared at {}): an event is the use of one feature of its line, so give it to one of them",
                before.name, feature.line, before.declared_at
            ),
        ));
    }
    match errors.is_empty() {
        true => Ok(feature),
        false => Err(errors),
    }
}

/// `events: ["dashboard_created", ...]`: one or more event names.
fn events(value: &Dynamic) -> Result<Vec<String>, String> {
    const HOW: &str = "\"events\" must be a list of the event names that mean the feature was used, in quotes, e.g. [\"dashboard_created\", \"dashboard_shared\"]";
    let list = value.clone().try_cast::<rhai::Array>().ok_or(HOW)?;
    let names: Vec<String> = list
        .into_iter()
        .map(|e| e.into_string().ok().map(|t| t.trim().to_string()))
        .collect::<Option<Vec<_>>>()
        .ok_or(HOW)?;
    match names.is_empty() || names.iter().any(String::is_empty) {
        true => Err(HOW.to_string()),
        false => Ok(names),
    }
}

/// `released: "2025-03-01"`: a date, year first.
fn released(value: &Dynamic) -> Result<chrono::NaiveDate, String> {
    let text = value.clone().into_string().unwrap_or_default();
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        format!(
            "\"released\" must be the day the feature was released, year first in quotes, e.g. \"2025-03-01\"; got {}",
            match text.is_empty() {
                true => value.type_name().to_string(),
                false => format!("\"{text}\""),
            }
        )
    })
}
