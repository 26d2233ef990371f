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

/// A value cell read with what its text says about the way it writes
/// decimals, for the column's decision (see `super::decimals`).
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    Missing,
    /// A number, as shown: `35%` is 35 with `percent` set.
    Value {
        value: f64,
        percent: bool,
        decimal: Decimal,
    },
    /// A spreadsheet error value (`#DIV/0!`), in a cell or as exported text.
    ExcelError(String),
    /// Not a number; the text says what was found.
    Invalid(String),
}

/// What a number's text says about its decimal separator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decimal {
    /// Nothing: no separator (`410`), a number cell, or an exponent.
    Silent,
    /// A decimal point: `4.2`, `0.125`, `1,250.50`, `1,300,000`.
    Point,
    /// A decimal comma: `41,5`, `0,125`, `1.250,50`, `1.300.000`.
    Comma,
    /// A lone separator before exactly three digits (`4.200`, `39,990`):
    /// the value is the decimal-point reading, `comma` the decimal-comma one.
    Either { comma: f64 },
}

/// Texts that mean "no value" in the files people share.
const MISSING_WORDS: [&str; 8] = ["n/a", "na", "-", "--", "—", "none", "null", "tbd"];

/// The error values spreadsheets show, as CSV exports write them too.
const EXCEL_ERRORS: [&str; 12] = [
    "#DIV/0!",
    "#N/A",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#GETTING_DATA",
];

/// A number with the conventions of [`reading`], an ambiguous separator
/// read as a decimal point (`1.250` -> 1.25, `1,250` -> 1250) and a
/// percent as a fraction (`85%` -> 0.85).
pub fn number(cell: CellRef) -> Number {
    match reading(cell) {
        Reading::Missing => Number::Missing,
        Reading::Value { value, percent, .. } => {
            Number::Value(if percent { value / 100.0 } else { value })
        }
        Reading::ExcelError(raw) | Reading::Invalid(raw) => Number::Invalid(raw),
    }
}

/// A value cell: the number it shows and how its text writes decimals.
pub fn reading(cell: CellRef) -> Reading {
    match cell {
        CellRef::Empty => Reading::Missing,
        CellRef::Number(n) if n.is_finite() => Reading::Value {
            value: n,
            percent: false,
            decimal: Decimal::Silent,
        },
        CellRef::Number(n) => Reading::Invalid(n.to_string()),
        CellRef::Text(t) => parse_number_text(t),
        CellRef::Error(e) => Reading::ExcelError(e.trim().to_string()),
        CellRef::Bool(_) | CellRef::Date(_) => Reading::Invalid(cell.shown()),
    }
}

/// `"85%"` -> 85 (percent), `"$1,250.5"` -> 1250.5, `"(12)"` -> -12,
/// `"n/a"` -> missing.
fn parse_number_text(raw: &str) -> Reading {
    let text = raw.trim();
    let plain = |value: f64, decimal: Decimal| Reading::Value {
        value,
        percent: false,
        decimal,
    };
    // Small whole numbers (survey scores) are read digit by digit.
    if (1..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        let n = text.bytes().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
        return plain(f64::from(n), Decimal::Silent);
    }
    // Plain numbers ("31.5", "-3", "1e3") need none of the work below, but
    // "4.200" may mean 4200.
    if let Ok(v) = text.parse::<f64>()
        && v.is_finite()
    {
        return plain(v, plain_decimal(text));
    }
    if text.is_empty() || MISSING_WORDS.contains(&text.to_ascii_lowercase().as_str()) {
        return Reading::Missing;
    }
    if text.starts_with('#') && EXCEL_ERRORS.iter().any(|e| e.eq_ignore_ascii_case(text)) {
        return Reading::ExcelError(text.to_ascii_uppercase());
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
    let sign = if negative { -1.0 } else { 1.0 };
    match separated(&cleaned) {
        Some((value, decimal)) => Reading::Value {
            value: sign * value,
            percent,
            decimal: match decimal {
                Decimal::Either { comma } => Decimal::Either {
                    comma: sign * comma,
                },
                other => other,
            },
        },
        None => Reading::Invalid(raw.to_string()),
    }
}

/// What a text Rust parsed as `value` says about its decimals: `4.200`
/// (one to three digits, not a lone 0, a point, three digits) may be 4200.
fn plain_decimal(text: &str) -> Decimal {
    match text.split_once('.') {
        None => Decimal::Silent,
        // "1.5e3" or "4.25" are no thousands group.
        Some((whole, fraction)) if lone_group(whole, fraction) => format!("{whole}{fraction}")
            .parse()
            .map_or(Decimal::Point, |comma| Decimal::Either { comma }),
        Some(_) => Decimal::Point,
    }
}

/// Whether `whole` and `fraction` around a lone separator could be a
/// thousands group: one to three digits (not a lone 0, after an optional
/// sign), then exactly three.
fn lone_group(whole: &str, fraction: &str) -> bool {
    let digits = whole.strip_prefix(['-', '+']).unwrap_or(whole);
    fraction.len() == 3
        && (1..=3).contains(&digits.len())
        && digits != "0"
        && digits.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// Resolves thousands and decimal separators, saying which convention the
/// text shows: `1,250.5` (point) and `1.250,5` (comma) both become 1250.5;
/// `1.300.000` and `1,300,000` are thousands groups (comma and point
/// conventions); a lone separator before exactly three digits (`4.200`,
/// `39,990`) is [`Decimal::Either`]; otherwise a lone separator is the
/// decimal one (`31,5`, `0,125`, `4.2`).
fn separated(text: &str) -> Option<(f64, Decimal)> {
    let parse = |t: &str| t.parse::<f64>().ok().filter(|v| v.is_finite());
    let (dots, commas) = (text.matches('.').count(), text.matches(',').count());
    let grouped = |sep: char| {
        let mut parts = text.split(sep);
        let first = parts.next().unwrap_or_default();
        let digits = first.strip_prefix(['-', '+']).unwrap_or(first);
        let ok = (1..=3).contains(&digits.len())
            && parts.all(|p| p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()));
        ok.then(|| text.replace(sep, ""))
    };
    match (dots, commas) {
        (0, 0) => parse(text).map(|v| (v, Decimal::Silent)),
        (_, 0) if dots > 1 => parse(&grouped('.')?).map(|v| (v, Decimal::Comma)),
        (0, _) if commas > 1 => parse(&grouped(',')?).map(|v| (v, Decimal::Point)),
        (1, 0) | (0, 1) => {
            let sep = if dots == 1 { '.' } else { ',' };
            let (whole, fraction) = text.split_once(sep)?;
            let as_decimal = parse(&format!("{whole}.{fraction}"))?;
            let as_thousands = parse(&format!("{whole}{fraction}"))?;
            Some(match (lone_group(whole, fraction), sep) {
                (true, '.') => (
                    as_decimal,
                    Decimal::Either {
                        comma: as_thousands,
                    },
                ),
                (true, _) => (as_thousands, Decimal::Either { comma: as_decimal }),
                (false, '.') => (as_decimal, Decimal::Point),
                (false, _) => (as_decimal, Decimal::Comma),
            })
        }
        _ => {
            let comma_last = text.rfind(',') > text.rfind('.');
            let normal = match comma_last {
                true => text.replace('.', "").replace(',', "."),
                false => text.replace(',', ""),
            };
            let decimal = if comma_last {
                Decimal::Comma
            } else {
                Decimal::Point
            };
            parse(&normal).map(|v| (v, decimal))
        }
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
    // Byte by byte while the text is ASCII (nearly every cell).
    let mut previous_space = true;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b' ' if previous_space => return false,
            b' ' => previous_space = true,
            0x21..0x7f => previous_space = false,
            _ => return is_clean_chars(&text[i..], previous_space),
        }
    }
    !previous_space
}

/// [`is_clean`] of text after a space or not.
fn is_clean_chars(text: &str, mut previous_space: bool) -> bool {
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
    fn each_text_says_which_decimal_separator_it_shows() {
        let d = |text: &str| match reading(CellRef::Text(text)) {
            Reading::Value { value, decimal, .. } => (value, decimal),
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(d("410"), (410.0, Decimal::Silent));
        assert_eq!(d("4.2"), (4.2, Decimal::Point));
        assert_eq!(d("0.125"), (0.125, Decimal::Point));
        assert_eq!(d("1,250.50"), (1250.5, Decimal::Point));
        assert_eq!(d("1,300,000"), (1_300_000.0, Decimal::Point));
        assert_eq!(d("41,5"), (41.5, Decimal::Comma));
        assert_eq!(d("0,125"), (0.125, Decimal::Comma));
        assert_eq!(d("1.250,50"), (1250.5, Decimal::Comma));
        assert_eq!(d("1.300.000"), (1_300_000.0, Decimal::Comma));
        assert_eq!(d("4.200"), (4.2, Decimal::Either { comma: 4200.0 }));
        assert_eq!(d("-4.350"), (-4.35, Decimal::Either { comma: -4350.0 }));
        assert_eq!(d("39,990"), (39990.0, Decimal::Either { comma: 39.99 }));
        assert_eq!(d("(1.300)"), (-1.3, Decimal::Either { comma: -1300.0 }));
        assert_eq!(d("1234.567"), (1234.567, Decimal::Point));
        assert_eq!(n("1.30.000"), Number::Invalid("1.30.000".into()));
        assert_eq!(
            reading(CellRef::Text(" #n/a ")),
            Reading::ExcelError("#N/A".into())
        );
        assert_eq!(
            reading(CellRef::Text("35%")),
            Reading::Value {
                value: 35.0,
                percent: true,
                decimal: Decimal::Silent
            }
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
