//! Reading Rhai values in the user's terms: numbers whether written `30` or
//! `30.0`, type names a non-programmer recognises, and "did you mean" hints.

use rhai::Dynamic;

/// The number in `value`, whether an integer or a float.
pub fn number(value: &Dynamic) -> Option<f64> {
    value
        .as_float()
        .ok()
        .or_else(|| value.as_int().ok().map(|i| i as f64))
}

/// "a number", "a string", "a map #{...}" and so on.
pub fn type_name(value: &Dynamic) -> &'static str {
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

/// The closest allowed word, as ` (did you mean "x"?)`, or nothing.
pub fn suggest<S: AsRef<str>>(word: &str, allowed: &[S]) -> String {
    allowed
        .iter()
        .map(|a| (strsim::levenshtein(word, a.as_ref()), a.as_ref()))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, a)| format!(" (did you mean \"{a}\"?)"))
        .unwrap_or_default()
}
