//! `records("tickets", #{ line: "Group", lines: #{ "Billing*": "Atlas
//! Analytics" }, hours: "business" })`: a script's word on one kind of
//! record table — which column names each record's product line, how the
//! values of that column map to lines (patterns with `*`), which files the
//! word is for, and the choices where the tools' KPI definitions differ.
//! Every key and word is checked here against the list the frame stage
//! keeps ([`CHOICES`]); a mistake is an error at its `file:line:col`.

use super::ScriptError;
use super::dynamic::suggest;
use super::layouts::quoted_list;
use super::places::{Place, Places};
use crate::frame::records::{CHOICES, COMMON_KEYS, MONEY_KEYS, RecordChoices, RecordKind};
use rhai::Dynamic;

/// How the declaration is written, for errors.
const WRITE: &str =
    "records(\"tickets\", #{ line: \"Group\", lines: #{ \"Billing*\": \"Atlas Analytics\" } })";

/// Checks one `records(kind, map)` call made at `call`.
pub fn parse(
    call: &Place,
    args: &(Dynamic, Dynamic),
    places: &Places,
) -> Result<(RecordKind, RecordChoices), Vec<ScriptError>> {
    let error = |place: &Place, message: String| vec![places.error(place, message)];
    let kinds: Vec<&str> = RecordKind::ALL.iter().map(|k| k.word()).collect();
    let word = args.0.clone().into_string().unwrap_or_default();
    let Some(kind) = RecordKind::from_word(word.trim()) else {
        return Err(error(
            call,
            format!(
                "the first argument must be the kind of records in quotes, one of {}{}: write {WRITE}",
                quoted_list(&kinds),
                suggest(&word, &kinds)
            ),
        ));
    };
    let Some(map) = args.1.clone().try_cast::<rhai::Map>() else {
        return Err(error(
            call,
            format!("the second argument must be a map #{{ ... }}: write {WRITE}"),
        ));
    };
    let choices: Vec<&crate::frame::records::Choice> =
        CHOICES.iter().filter(|c| c.kind == kind).collect();
    let mut keys: Vec<&str> = COMMON_KEYS.to_vec();
    if kind.has_money() {
        keys.extend(MONEY_KEYS);
    }
    keys.extend(choices.iter().map(|c| c.key));
    let experiments = matches!(kind, RecordKind::Experiments | RecordKind::Assignments);
    if experiments {
        keys.extend(EXPERIMENT_KEYS);
    }
    if kind == RecordKind::Assignments {
        keys.push("goal");
    }
    let mut declared = RecordChoices {
        declared_at: Some(format!("{}:{}:{}", call.file, call.line, call.column)),
        ..RecordChoices::default()
    };
    let mut errors = Vec::new();
    for (key, value) in map {
        let place = places.locate(call, &key);
        let text = || {
            value
                .clone()
                .into_string()
                .ok()
                .filter(|t| !t.trim().is_empty())
        };
        let checked: Result<(), String> = match key.as_str() {
            "file" => text()
                .map(|t| declared.file = Some(t))
                .ok_or_else(|| "\"file\" must be a file name pattern in quotes, e.g. \"zendesk*.csv\"".to_string()),
            "line" => text()
                .map(|t| declared.line = Some(t))
                .ok_or_else(|| "\"line\" must be the header of the column that names each record's product line, in quotes".to_string()),
            "lines" => lines(&value).map(|l| declared.lines = l),
            "columns" => columns(&value, kind).map(|c| declared.columns = c),
            "currency" if kind.has_money() => currency_code(&value)
                .map(|c| declared.currency = Some(c))
                .ok_or_else(|| "\"currency\" must be a three-letter currency code in quotes, e.g. \"USD\"".to_string()),
            "rates" if kind.has_money() => rates(&value).map(|r| declared.rates = r),
            "alpha" if experiments => alpha(&value)
                .map(|a| {
                    declared.chosen.insert("alpha".into(), a.to_string());
                })
                .ok_or_else(|| "\"alpha\" must be the significance level, a number above 0 and below 0.5, e.g. 0.05 (the default) or 0.01".to_string()),
            "goal" if kind == RecordKind::Assignments => text()
                .map(|t| {
                    declared.chosen.insert("goal".into(), t.trim().to_string());
                })
                .ok_or_else(|| "\"goal\" must be the name of the event that counts as a conversion, in quotes, e.g. \"checkout_completed\"".to_string()),
            "control" if experiments => text()
                .map(|t| {
                    declared.chosen.insert("control".into(), t.trim().to_string());
                })
                .ok_or_else(|| "\"control\" must be the name of the control variation in quotes, e.g. \"Control\"".to_string()),
            other => match choices.iter().find(|c| c.key == other) {
                Some(choice) => match text() {
                    Some(t) if choice.words.contains(&t.as_str()) => {
                        declared.chosen.insert(other.to_string(), t);
                        Ok(())
                    }
                    Some(t) => Err(format!(
                        "\"{other}\" cannot be \"{t}\"{}: it is one of {} ({})",
                        suggest(&t, choice.words),
                        quoted_list(choice.words),
                        choice.means
                    )),
                    None => Err(format!(
                        "\"{other}\" must be one of {} in quotes",
                        quoted_list(choice.words)
                    )),
                },
                None => Err(format!(
                    "unknown key \"{key}\" in records(\"{}\"){}: the keys are {}",
                    kind.word(),
                    suggest(&key, &keys),
                    keys.join(", ")
                )),
            },
        };
        if let Err(message) = checked {
            errors.push(places.error(&place, message));
        }
    }
    match errors.is_empty() {
        true => Ok((kind, declared)),
        false => Err(errors),
    }
}

/// The `columns: #{ solved_at: "Closed on" }` map: each field of the kind
/// and the header of the column that holds it.
fn columns(
    value: &Dynamic,
    kind: RecordKind,
) -> Result<std::collections::BTreeMap<String, String>, String> {
    let fields = kind.field_names();
    let how = format!(
        "\"columns\" must be a map of fields to the headers of your columns, e.g. #{{ {}: \"Opened\" }}; the fields of {} are {}",
        fields[0],
        kind.word(),
        fields.join(", ")
    );
    let map = value
        .clone()
        .try_cast::<rhai::Map>()
        .ok_or_else(|| how.clone())?;
    map.into_iter()
        .map(|(field, header)| {
            let field = field.to_string();
            if !fields.contains(&field.as_str()) {
                return Err(format!(
                    "{} has no field \"{field}\"{}: its fields are {}",
                    kind.word(),
                    suggest(&field, &fields),
                    fields.join(", ")
                ));
            }
            match header.into_string() {
                Ok(h) if !h.trim().is_empty() => Ok((field, h.trim().to_string())),
                _ => Err(format!(
                    "{how}; \"{field}\" is not given a header in quotes"
                )),
            }
        })
        .collect()
}

/// The keys experiment results and assignments take besides the common
/// ones: the significance level and the control variation's name.
const EXPERIMENT_KEYS: [&str; 2] = ["alpha", "control"];

/// A significance level: a number above 0 and below 0.5.
fn alpha(value: &Dynamic) -> Option<f64> {
    let number = value
        .as_float()
        .ok()
        .or_else(|| value.clone().into_string().ok()?.trim().parse().ok())?;
    (number > 0.0 && number < 0.5).then_some(number)
}

/// A three-letter currency code, upper case.
fn currency_code(value: &Dynamic) -> Option<String> {
    let text = value.clone().into_string().ok()?;
    let code = text.trim().to_uppercase();
    (code.len() == 3 && code.chars().all(|c| c.is_ascii_alphabetic())).then_some(code)
}

/// The `rates: #{ EUR: 1.08 }` map: what one unit of each currency is
/// worth in the reporting currency.
fn rates(value: &Dynamic) -> Result<std::collections::BTreeMap<String, f64>, String> {
    const HOW: &str = "\"rates\" must be a map of currency codes to what one unit is worth in the reporting currency, e.g. #{ EUR: 1.08, GBP: 1.27 }";
    let map = value.clone().try_cast::<rhai::Map>().ok_or(HOW)?;
    map.into_iter()
        .map(|(code, rate)| {
            let number = rate
                .as_float()
                .ok()
                .or_else(|| rate.as_int().ok().map(|i| i as f64));
            match (currency_code(&Dynamic::from(code.to_string())), number) {
                (Some(code), Some(r)) if r.is_finite() && r > 0.0 => Ok((code, r)),
                (None, _) => Err(format!(
                    "{HOW}; \"{code}\" is not a three-letter currency code"
                )),
                (Some(_), _) => Err(format!(
                    "{HOW}; the rate of {code} must be a number above 0, got {rate}"
                )),
            }
        })
        .collect()
}

/// The `lines: #{ "pattern": "Line name" }` map, the most specific
/// pattern (the most letters besides `*`) first, since a map keeps no
/// order of its own.
fn lines(value: &Dynamic) -> Result<Vec<(String, String)>, String> {
    const HOW: &str = "\"lines\" must be a map of patterns to line names, e.g. #{ \"Billing*\": \"Atlas Analytics\", \"*mobile*\": \"Drift Mobile\" }";
    let map = value.clone().try_cast::<rhai::Map>().ok_or(HOW)?;
    map.into_iter()
        .map(|(pattern, line)| match line.into_string() {
            Ok(line) if !line.trim().is_empty() => {
                Ok((pattern.to_string(), line.trim().to_string()))
            }
            _ => Err(format!(
                "{HOW}; the pattern \"{pattern}\" is not given a line name in quotes"
            )),
        })
        .collect::<Result<Vec<_>, String>>()
        .map(|mut lines| {
            lines.sort_by_key(|(p, _)| std::cmp::Reverse(p.chars().filter(|c| *c != '*').count()));
            lines
        })
}
