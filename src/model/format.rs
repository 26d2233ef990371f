//! Number formatting for people, in one place: every value, target and change
//! shown in a reason, the terminal table or Markdown goes through here. (The
//! workbook uses the matching Excel number formats in `report::xlsx::styles`.)

use super::Unit;

/// A value as a person reads it in its unit: `91.2%`, `31.2`, `4,250`,
/// `18.5 h`, `3.2x`.
pub fn show(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Fraction => format!("{}%", trim(value * 100.0, 1)),
        Unit::Score => trim(value, 1),
        Unit::Money if value.abs() < 1000.0 && value.fract() != 0.0 => format!("{value:.2}"),
        Unit::Money | Unit::Count => group_thousands(value.round()),
        Unit::Hours => format!("{} h", trim(value, 1)),
        Unit::Ratio => format!("{}x", trim(value, 2)),
        Unit::Number => trim(value, 3),
    }
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
        Unit::Fraction => format!("{sign}{} pts", trim(change.abs() * 100.0, 1)),
        _ => format!("{sign}{}", show(change.abs(), unit)),
    }
}

/// A 0-100 score with one decimal, or a dash when there is none.
pub fn show_score(score: Option<f64>) -> String {
    score.map_or_else(|| "–".to_string(), |s| format!("{s:.1}"))
}

/// A number for machines (CSV cells, cached formula results): the shortest
/// text that reads back to exactly the same value, never in scientific
/// notation: `0.85`, `-7.5`, `4232`.
pub fn plain(value: f64) -> String {
    format!("{value}")
}

/// Rounds to `decimals` places and drops trailing zeros: 30.0 -> "30".
fn trim(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" { "0".to_string() } else { text }
}

fn group_thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0.0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_each_unit_the_way_people_write_it() {
        assert_eq!(show(0.912, Unit::Fraction), "91.2%");
        assert_eq!(show(0.9, Unit::Fraction), "90%");
        assert_eq!(show(31.24, Unit::Score), "31.2");
        assert_eq!(show(-4.0, Unit::Score), "-4");
        assert_eq!(show(4250.4, Unit::Money), "4,250");
        assert_eq!(show(1234567.0, Unit::Money), "1,234,567");
        assert_eq!(show(412.5, Unit::Money), "412.50");
        assert_eq!(show(18.46, Unit::Hours), "18.5 h");
        assert_eq!(show(3.25, Unit::Ratio), "3.25x");
        assert_eq!(show_change(0.021, Unit::Fraction), "+2.1 pts");
        assert_eq!(show_change(-150.0, Unit::Money), "-150");
        assert_eq!(show_score(None), "–");
        assert_eq!(show_score(Some(71.25)), "71.2");
        assert_eq!(plain(-7.5), "-7.5");
        assert_eq!(plain(1e-7), "0.0000001");
        assert_eq!(plain(4232.0), "4232");
    }
}
