//! `layout("Product KPIs*.xlsx", #{ periods: "across", line: "sheet" })`:
//! a script's word on how the files a pattern matches are laid out, for the
//! rare file the detection reads wrong. Each key is checked here (unknown
//! keys and bad values are errors at their `file:line:col`) and the
//! declaration becomes a [`LayoutOverride`] in the frame options.

use super::ScriptError;
use super::dynamic::suggest;
use super::places::{Place, Places};
use crate::frame::{ForcedShape, LayoutOverride, Outside};
use rhai::Dynamic;

/// The keys a `layout(...)` map takes.
pub const LAYOUT_KEYS: [&str; 6] = ["sheet", "header_row", "shape", "periods", "line", "period"];

/// How the declaration is written, for errors.
const WRITE: &str = "layout(\"Product KPIs*.xlsx\", #{ periods: \"across\", line: \"sheet\" })";

/// Checks one `layout(pattern, map)` call made at `call`.
pub fn parse(
    call: &Place,
    args: &(Dynamic, Dynamic),
    places: &Places,
) -> Result<LayoutOverride, Vec<ScriptError>> {
    let error = |place: &Place, message: String| vec![places.error(place, message)];
    let Some(file) = args
        .0
        .clone()
        .into_string()
        .ok()
        .filter(|f| !f.trim().is_empty())
    else {
        return Err(error(
            call,
            format!("the first argument must be a file name pattern in quotes: write {WRITE}"),
        ));
    };
    let Some(map) = args.1.clone().try_cast::<rhai::Map>() else {
        return Err(error(
            call,
            format!("the second argument must be a map #{{ ... }}: write {WRITE}"),
        ));
    };
    let mut layout = LayoutOverride {
        file,
        sheet: None,
        header_row: None,
        shape: None,
        line: None,
        period: None,
        declared_at: format!("{}:{}:{}", call.file, call.line, call.column),
    };
    let mut errors = Vec::new();
    for (key, value) in map {
        let place = places.locate(call, &key);
        let word = |allowed: &[&str]| -> Result<String, String> {
            let text = value.clone().into_string().map_err(|_| {
                format!(
                    "\"{key}\" must be one of {} in quotes",
                    quoted_list(allowed)
                )
            })?;
            match allowed.contains(&text.as_str()) {
                true => Ok(text),
                false => Err(format!(
                    "\"{key}\" cannot be \"{text}\"{}: it is one of {}",
                    suggest(&text, allowed),
                    quoted_list(allowed)
                )),
            }
        };
        let checked: Result<(), String> = match key.as_str() {
            "sheet" => match value.clone().into_string() {
                Ok(s) if !s.trim().is_empty() => {
                    layout.sheet = Some(s);
                    Ok(())
                }
                _ => Err("\"sheet\" must be a sheet name pattern in quotes, e.g. \"Q*\"".into()),
            },
            "header_row" => match value.as_int() {
                Ok(n) if (1..=1_048_576).contains(&n) => {
                    layout.header_row = Some(n as usize);
                    Ok(())
                }
                _ => Err(format!(
                    "\"header_row\" must be a row number from 1 (as the sheet shows it), got {value}"
                )),
            },
            "shape" => word(&ForcedShape::WORDS).map(|w| {
                layout.shape = ForcedShape::from_word(&w);
            }),
            "periods" => word(&["across", "column"]).map(|w| {
                if w == "across" {
                    layout.shape = Some(ForcedShape::Across);
                }
            }),
            "line" => word(&Outside::LINE_WORDS).map(|w| layout.line = Outside::from_word(&w)),
            "period" => {
                word(&Outside::PERIOD_WORDS).map(|w| layout.period = Outside::from_word(&w))
            }
            _ => Err(format!(
                "unknown key \"{key}\" in layout(\"{}\"){}: the keys are {}",
                layout.file,
                suggest(&key, &LAYOUT_KEYS),
                LAYOUT_KEYS.join(", ")
            )),
        };
        if let Err(message) = checked {
            errors.push(places.error(&place, message));
        }
    }
    match errors.is_empty() {
        true => Ok(layout),
        false => Err(errors),
    }
}

/// `"wide", "long" or "across"`.
pub(super) fn quoted_list(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    crate::model::format::or_list(&quoted)
}
