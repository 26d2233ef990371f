//! Number formatting for people, in one place: every value, target and change
//! shown in a reason, the terminal table or Markdown goes through here. (The
//! workbook uses the matching Excel number formats in `report::xlsx::styles`.)

use super::{Money, Unit};
use std::fmt::{self, Write as _};

/// A value as a person reads it in its unit: `91.2%`, `31.2`, `4,250`,
/// `18.5 h`, `3.2x`.
pub fn show(value: f64, unit: Unit) -> String {
    Shown(value, unit).to_string()
}

/// [`show`] without the allocation: formats straight into whatever string
/// it is written to, e.g. `format!("{} is below", Shown(v, unit))`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shown(pub f64, pub Unit);

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Shown(value, unit) = *self;
        match unit {
            Unit::Fraction => {
                trim(f, value * 100.0, 1)?;
                f.write_char('%')
            }
            Unit::Score => trim(f, value, 1),
            Unit::Money(money) => show_money(f, value, money),
            Unit::Count => group_thousands(f, value.round()),
            Unit::Hours => {
                trim(f, value, 1)?;
                f.write_str(" h")
            }
            Unit::Ratio => {
                trim(f, value, 2)?;
                f.write_char('x')
            }
            Unit::Number => trim(f, value, 3),
        }
    }
}

/// An amount in its currency at its metric's precision: `$4,045`,
/// `€82.50`, `-£150`, `CHF 1,200`; without a currency as before (`4,045`).
fn show_money(f: &mut impl fmt::Write, value: f64, money: Money) -> fmt::Result {
    let cents = money
        .cents
        .unwrap_or(value.abs() < 1000.0 && value.fract() != 0.0);
    let rounded = if cents {
        (value * 100.0).round() / 100.0
    } else {
        value.round()
    };
    if rounded < 0.0 {
        f.write_char('-')?;
    }
    if let Some(currency) = money.currency {
        f.write_str(&currency.prefix())?;
    }
    let whole = rounded.abs().trunc();
    group_thousands(f, whole)?;
    if cents {
        let hundredths = ((rounded.abs() - whole) * 100.0).round() as u64;
        write!(f, ".{hundredths:02}")?;
    }
    Ok(())
}

/// A change between two values: `+2.1 pts` for fractions (percentage points),
/// otherwise the difference in the unit, with a sign.
pub fn show_change(change: f64, unit: Unit) -> String {
    let sign = if change > 0.0 {
        "+"
    } else if change < 0.0 {
        "-"
    } else {
        "±"
    };
    match unit {
        Unit::Fraction => format!("{sign}{} pts", Shown(change.abs() * 100.0, Unit::Score)),
        _ => format!("{sign}{}", Shown(change.abs(), unit)),
    }
}

/// A 0-100 score with one decimal, or a dash when there is none.
pub fn show_score(score: Option<f64>) -> String {
    score.map_or_else(|| "–".to_string(), |s| format!("{s:.1}"))
}

/// A share as a whole percentage, halves away from zero as a spreadsheet's
/// ROUND does: 0.625 -> `63%`. Like a spreadsheet it first drops the
/// binary noise past the ninth decimal, so 0.025 is `3%`, not `2%`.
pub fn show_share(share: f64) -> String {
    let percent = share * 100.0;
    let percent: f64 = format!("{percent:.9}").parse().unwrap_or(percent);
    format!("{}%", percent.round())
}

/// The eight block heights of a text trend, lowest first.
const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A trend as text, one character per period, for viewers that draw no
/// sparklines (LibreOffice's print and PDF, a plain-text export): each
/// value a block scaled between the series' lowest (`▁`) and highest (`█`)
/// value, a space for a period without one; a flat series is all `▄`.
/// `[Some(1.0), None, Some(3.0), Some(2.0)]` -> `"▁ █▅"`.
pub fn text_trend(values: &[Option<f64>]) -> String {
    let known = values.iter().flatten().filter(|v| v.is_finite());
    let (low, high) = known.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(*v), hi.max(*v))
    });
    text_trend_between(values, low, high)
}

/// [`text_trend`] on a fixed scale from `low` (`▁`) to `high` (`█`), such
/// as 0 to 100 for scores, so that a dip of half a point stays a small
/// step; values outside it take the end blocks.
pub fn text_trend_between(values: &[Option<f64>], low: f64, high: f64) -> String {
    values
        .iter()
        .map(|v| match v {
            Some(v) if v.is_finite() && high > low => {
                let step = ((v - low) / (high - low) * 7.0).round().clamp(0.0, 7.0);
                BLOCKS[step as usize]
            }
            Some(v) if v.is_finite() => BLOCKS[3],
            _ => ' ',
        })
        .collect()
}

/// The plural ending of a counted noun: `format!("{n} file{}", plural(n))`.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[String]) -> String {
    listed(items, "and")
}

/// `a`, `a or b`, `a, b or c`.
pub fn or_list(items: &[String]) -> String {
    listed(items, "or")
}

fn listed(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

/// The files a value was computed from, as its source names them: each
/// one when there are three or fewer (`a.csv, b.csv`); else the files of
/// one folder or archive as that and how many (`export.zip/187520/ (8
/// files), mixpanel.jsonl`), and past three of those the first and how
/// many more.
pub fn files(list: &[String]) -> String {
    if list.len() <= 3 {
        return list.join(", ");
    }
    let folder = |f: &str| f.rfind('/').map(|at| f[..=at].to_string());
    let mut parts: Vec<(String, usize)> = Vec::new();
    for file in list {
        match (folder(file), parts.last_mut()) {
            (Some(dir), Some((last, n)))
                if folder(last).as_deref() == Some(dir.as_str()) || *last == dir =>
            {
                *last = dir;
                *n += 1;
            }
            _ => parts.push((file.clone(), 1)),
        }
    }
    let shown: Vec<String> = parts
        .iter()
        .map(|(part, n)| match n {
            1 => part.clone(),
            n => format!("{part} ({} files)", count(*n)),
        })
        .collect();
    match shown.len() <= 3 {
        true => shown.join(", "),
        false => format!("{} and {} more files", list[0], count(list.len() - 1)),
    }
}

/// A count as people read it: `20,000,000`.
pub fn count(n: usize) -> String {
    show(n as f64, Unit::Count)
}

/// `the other one is` or `the other 1,400 are`: the rest of a list past
/// a limit, as a sentence's subject.
pub fn the_others(n: usize) -> String {
    match n {
        1 => "the other one is".to_string(),
        n => format!("the other {} are", count(n)),
    }
}

/// A number for machines (CSV cells, cached formula results): the shortest
/// text that reads back to exactly the same value, never in scientific
/// notation: `0.85`, `-7.5`, `4232`.
pub fn plain(value: f64) -> String {
    format!("{value}")
}

/// Rounds to `decimals` places (halves away from zero, as Excel does) and
/// drops trailing zeros: 30.0 -> "30". Integer arithmetic keeps it quick:
/// reasons format millions of numbers on a large portfolio.
fn trim(f: &mut impl fmt::Write, value: f64, decimals: usize) -> fmt::Result {
    let scaled = (value * 10f64.powi(decimals as i32)).round();
    if scaled.is_finite() && scaled.abs() < 9e15 {
        let n = scaled as i64;
        let sign = if n < 0 { "-" } else { "" };
        let p = 10u64.pow(decimals as u32);
        let (whole, mut frac, mut places) = (n.unsigned_abs() / p, n.unsigned_abs() % p, decimals);
        while places > 0 && frac % 10 == 0 {
            frac /= 10;
            places -= 1;
        }
        return match (n, places) {
            (0, _) => f.write_char('0'),
            (_, 0) => write!(f, "{sign}{whole}"),
            _ => write!(f, "{sign}{whole}.{frac:0places$}"),
        };
    }
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    f.write_str(if text == "-0" { "0" } else { text })
}

fn group_thousands(f: &mut impl fmt::Write, value: f64) -> fmt::Result {
    if value < 0.0 {
        f.write_char('-')?;
    }
    let digits = if value.abs() < 9e15 {
        (value.abs().round() as u64).to_string()
    } else {
        format!("{:.0}", value.abs())
    };
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            f.write_char(',')?;
        }
        f.write_char(c)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_one_folder_are_named_by_it() {
        let list =
            |names: &[&str]| -> Vec<String> { names.iter().map(|n| n.to_string()).collect() };
        assert_eq!(files(&list(&["a.csv", "b.csv"])), "a.csv, b.csv");
        let hourly = list(&[
            "x.zip/p/1.json.gz",
            "x.zip/p/2.json.gz",
            "x.zip/p/3.json.gz",
            "mixpanel.jsonl",
        ]);
        assert_eq!(files(&hourly), "x.zip/p/ (3 files), mixpanel.jsonl");
        let apart = list(&["a.csv", "b.csv", "c.csv", "d.csv"]);
        assert_eq!(files(&apart), "a.csv and 3 more files");
    }

    #[test]
    fn shows_each_unit_the_way_people_write_it() {
        assert_eq!(show(0.912, Unit::Fraction), "91.2%");
        assert_eq!(show(0.9, Unit::Fraction), "90%");
        assert_eq!(show(31.24, Unit::Score), "31.2");
        assert_eq!(show(-4.0, Unit::Score), "-4");
        assert_eq!(
            show(31.25, Unit::Score),
            "31.3",
            "halves away from zero, as Excel"
        );
        assert_eq!(show(-0.04, Unit::Score), "0");
        assert_eq!(show(0.0005, Unit::Fraction), "0.1%");
        assert_eq!(show(4250.4, Unit::MONEY), "4,250");
        assert_eq!(show(1234567.0, Unit::MONEY), "1,234,567");
        assert_eq!(show(412.5, Unit::MONEY), "412.50");
        assert_eq!(show(18.46, Unit::Hours), "18.5 h");
        assert_eq!(show(3.25, Unit::Ratio), "3.25x");
        assert_eq!(show_change(0.021, Unit::Fraction), "+2.1 pts");
        assert_eq!(show_change(-150.0, Unit::MONEY), "-150");
        assert_eq!(show_score(None), "–");
        assert_eq!(show_score(Some(71.25)), "71.2");
        assert_eq!(plain(-7.5), "-7.5");
        assert_eq!(plain(1e-7), "0.0000001");
        assert_eq!(plain(4232.0), "4232");
    }

    #[test]
    fn text_trend_scales_each_value_between_the_lowest_and_the_highest() {
        // 10..80 in steps of 10: (v - 10) / 70 * 7 is exactly 0..7.
        let rising: Vec<Option<f64>> = (1..=8).map(|k| Some(f64::from(k) * 10.0)).collect();
        assert_eq!(text_trend(&rising), "▁▂▃▄▅▆▇█");
        assert_eq!(
            text_trend(&[Some(50.0), Some(0.0), Some(100.0), Some(75.0)]),
            "▅▁█▆",
            "50 -> 3.5 rounds to 4, 75 -> 5.25 to 5"
        );
        assert_eq!(
            text_trend(&[Some(1.0), None, Some(3.0), Some(2.0)]),
            "▁ █▅",
            "a missing period is a space"
        );
        assert_eq!(text_trend(&[Some(100.0); 3]), "▄▄▄", "flat");
        assert_eq!(text_trend(&[None, Some(7.0)]), " ▄");
        assert_eq!(text_trend(&[None, None]), "  ");
        assert_eq!(text_trend(&[]), "");
        // Scores on the 0-100 scale: 99.7 among hundreds is no dip.
        let fjord = [Some(100.0), Some(99.7), Some(100.0)];
        assert_eq!(text_trend(&fjord), "█▁█");
        assert_eq!(text_trend_between(&fjord, 0.0, 100.0), "███");
        assert_eq!(
            text_trend_between(&[Some(58.7), Some(29.9), None, Some(-5.0)], 0.0, 100.0),
            "▅▃ ▁",
            "4.1 -> ▅, 2.09 -> ▃, below the scale -> ▁"
        );
    }

    #[test]
    fn money_shows_its_currency_at_one_precision() {
        let money = |code: &str, cents: bool| {
            Unit::Money(Money {
                currency: crate::model::Currency::known(code),
                cents: Some(cents),
            })
        };
        assert_eq!(show(4045.0, money("USD", false)), "$4,045");
        assert_eq!(show(82.5, money("EUR", true)), "€82.50");
        assert_eq!(show(80.0, money("EUR", true)), "€80.00");
        assert_eq!(show(1234567.4, money("GBP", false)), "£1,234,567");
        assert_eq!(show(1200.0, money("CHF", false)), "CHF 1,200");
        assert_eq!(show(423.05, money("USD", true)), "$423.05");
        assert_eq!(show_change(-59.0, money("USD", false)), "-$59");
        assert_eq!(show_change(2.5, money("EUR", true)), "+€2.50");
        assert_eq!(show(-0.004, money("USD", true)), "$0.00");
    }
}
