//! Reading one cell as a number, a period, a lifecycle stage or a name.
//!
//! All spreadsheet value conventions are handled here and only here:
//! percent strings, thousands separators, currency symbols, the words people
//! write for "missing", and dates standing for periods.

use super::dates;
use crate::ingest::CellRef;
use crate::model::{Granularity, Period, Stage};
use std::borrow::Cow;

/// What a cell held when a number was wanted.
#[derive(Debug, Clone, PartialEq)]
pub enum Number {
    Missing,
    Value(f64),
    /// Not a number; the text says what was found.
    Invalid(String),
}

/// Texts that mean "no value" in the files people share.
const MISSING_WORDS: [&str; 8] = ["n/a", "na", "-", "--", "—", "none", "null", "tbd"];

pub fn number(cell: CellRef) -> Number {
    match cell {
        CellRef::Empty => Number::Missing,
        CellRef::Number(n) if n.is_finite() => Number::Value(n),
        CellRef::Number(n) => Number::Invalid(n.to_string()),
        CellRef::Text(t) => parse_number_text(t),
        CellRef::Bool(_) | CellRef::Date(_) | CellRef::Error(_) => Number::Invalid(cell.shown()),
    }
}

/// `"85%"` -> 0.85, `"$1,250"` -> 1250, `"(12)"` -> -12, `"n/a"` -> missing.
fn parse_number_text(raw: &str) -> Number {
    let text = raw.trim();
    // Small whole numbers (survey scores) are read digit by digit.
    if (1..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        let n = text.bytes().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
        return Number::Value(f64::from(n));
    }
    // Plain numbers ("31.5", "-3", "1e3") need none of the work below.
    if let Ok(v) = text.parse::<f64>()
        && v.is_finite()
    {
        return Number::Value(v);
    }
    if text.is_empty() || MISSING_WORDS.contains(&text.to_ascii_lowercase().as_str()) {
        return Number::Missing;
    }
    let (negative, body) = match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        Some(inner) => (true, inner.trim()),
        None => (false, text),
    };
    let (percent, body) = match body.strip_suffix('%') {
        Some(b) => (true, b.trim()),
        None => (false, body),
    };
    let cleaned: String = body
        .chars()
        .filter(|c| !matches!(c, '$' | '€' | '£' | '¥' | ' ' | '\u{a0}' | '\''))
        .collect();
    match normalise_separators(&cleaned).parse::<f64>() {
        Ok(v) if v.is_finite() => {
            let v = if percent { v / 100.0 } else { v };
            Number::Value(if negative { -v } else { v })
        }
        _ => Number::Invalid(raw.to_string()),
    }
}

/// Resolves thousands and decimal separators: `1,250.5` and `1.250,5` both
/// become `1250.5`; a lone comma followed by other than three digits is a
/// decimal comma (`31,5`, `0,85`), while `1,250` keeps the thousands reading.
fn normalise_separators(text: &str) -> String {
    let (last_dot, last_comma) = (text.rfind('.'), text.rfind(','));
    match (last_dot, last_comma) {
        (Some(d), Some(c)) if c > d => text.replace('.', "").replace(',', "."),
        (_, Some(c))
            if last_dot.is_none() && text.matches(',').count() == 1 && text.len() - c - 1 != 3 =>
        {
            text.replace(',', ".")
        }
        _ => text.replace(',', ""),
    }
}

/// A period from a label ("2025-Q1", "Jan 2025"), a year number (2025), or
/// a date (ISO text or a date cell), which stands for the period of
/// granularity `date_as` it falls in.
pub fn period(cell: CellRef, date_as: Granularity) -> Option<Period> {
    match cell {
        CellRef::Text(t) => dates::period_label(t)
            .or_else(|| dates::iso_datetime(t).map(|d| dates::bucket(d, date_as))),
        CellRef::Number(n) if n.fract() == 0.0 && (1900.0..=2200.0).contains(&n) => {
            Some(Period::year(n as i32))
        }
        CellRef::Date(d) => Some(dates::bucket(d, date_as)),
        _ => None,
    }
}

pub fn stage(cell: CellRef) -> Option<Result<Stage, String>> {
    match cell {
        CellRef::Empty => None,
        CellRef::Text(t) => Some(t.parse()),
        other => Some(other.shown().parse()),
    }
}

/// A name cell (product line) as trimmed text with single spaces; numbers
/// are kept as written.
pub fn text(cell: CellRef) -> Option<String> {
    text_cow(cell).map(Cow::into_owned)
}

/// [`text`], borrowing the cell's text when it is already clean.
pub fn text_cow(cell: CellRef<'_>) -> Option<Cow<'_, str>> {
    match cell {
        CellRef::Empty => None,
        CellRef::Text(t) if is_clean(t) => Some(Cow::Borrowed(t)),
        CellRef::Text(t) => Some(Cow::<str>::Owned(
            t.split_whitespace().collect::<Vec<_>>().join(" "),
        ))
        .filter(|t| !t.is_empty()),
        other => Some(Cow::Owned(other.shown())),
    }
}

/// Non-empty, no space at either end, and only single plain spaces inside.
fn is_clean(text: &str) -> bool {
    let mut previous_space = true;
    for c in text.chars() {
        if c.is_whitespace() {
            if previous_space || c != ' ' {
                return false;
            }
            previous_space = true;
        } else {
            previous_space = false;
        }
    }
    !previous_space
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Number {
        number(CellRef::Text(text))
    }

    #[test]
    fn reads_the_numbers_people_write() {
        assert_eq!(n("85%"), Number::Value(0.85));
        assert_eq!(n(" 12.5 % "), Number::Value(0.125));
        assert_eq!(n("$1,250"), Number::Value(1250.0));
        assert_eq!(n("€ 99.90"), Number::Value(99.9));
        assert_eq!(n("(12)"), Number::Value(-12.0));
        assert_eq!(n("-3.5"), Number::Value(-3.5));
        assert_eq!(n("n/a"), Number::Missing);
        assert_eq!(n("-"), Number::Missing);
        assert_eq!(n("twelve"), Number::Invalid("twelve".into()));
        assert_eq!(n("31,5"), Number::Value(31.5));
        assert_eq!(n("85,0 %"), Number::Value(0.85));
        assert_eq!(n("1.250,5"), Number::Value(1250.5));
        assert_eq!(n("1,250.5"), Number::Value(1250.5));
        assert_eq!(n("1,250,000"), Number::Value(1_250_000.0));
        assert_eq!(n("1.250"), Number::Value(1.25));
        assert_eq!(n("nan"), Number::Invalid("nan".into()));
        assert_eq!(
            number(CellRef::Error("#DIV/0!")),
            Number::Invalid("#DIV/0!".into())
        );
    }

    #[test]
    fn names_are_trimmed_to_single_spaces() {
        let t = |s: &str| text(CellRef::Text(s));
        assert_eq!(t("Atlas Analytics").as_deref(), Some("Atlas Analytics"));
        assert_eq!(
            t("  Atlas \u{a0} Analytics ").as_deref(),
            Some("Atlas Analytics")
        );
        assert_eq!(t("Atlas\tAnalytics").as_deref(), Some("Atlas Analytics"));
        assert_eq!(t("   "), None);
        assert_eq!(text(CellRef::Number(7.0)).as_deref(), Some("7"));
    }

    #[test]
    fn reads_periods_from_labels_years_and_dates() {
        let q = Granularity::Quarter;
        let label = |cell: CellRef| period(cell, q).map(|p| p.to_string());
        assert_eq!(label(CellRef::Text("Q2 2025")).unwrap(), "2025-Q2");
        assert_eq!(label(CellRef::Text("Jan 2025")).unwrap(), "2025-01");
        assert_eq!(label(CellRef::Text("2025-08-14")).unwrap(), "2025-Q3");
        assert_eq!(label(CellRef::Number(2024.0)).unwrap(), "2024");
        let date = chrono::NaiveDate::from_ymd_opt(2025, 8, 14)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert_eq!(label(CellRef::Date(date)).unwrap(), "2025-Q3");
        let month = period(CellRef::Date(date), Granularity::Month).unwrap();
        assert_eq!(month.to_string(), "2025-08");
        assert_eq!(label(CellRef::Number(3.5)), None);
    }
}
