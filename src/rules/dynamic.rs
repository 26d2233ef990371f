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

/// "a number", "a string", "a map #{...}" and so on. A float that is not
/// a number at all says which and how it arises, since "must be a number,
/// got a number" would explain nothing.
pub fn type_name(value: &Dynamic) -> &'static str {
    match value.as_float() {
        Ok(f) if f.is_nan() => return "NaN (0.0/0.0)",
        Ok(f) if f == f64::INFINITY => return "infinity (1.0/0.0)",
        Ok(f) if f == f64::NEG_INFINITY => return "minus infinity (-1.0/0.0)",
        _ => {}
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_float_that_is_no_number_says_which() {
        assert_eq!(type_name(&Dynamic::from_float(f64::NAN)), "NaN (0.0/0.0)");
        assert_eq!(
            type_name(&Dynamic::from_float(-f64::INFINITY)),
            "minus infinity (-1.0/0.0)"
        );
        assert_eq!(type_name(&Dynamic::from_float(2.5)), "a number");
        assert_eq!(type_name(&Dynamic::from_int(2)), "a number");
    }
}
