//! Durations as record exports write them, in hours (the canonical unit of
//! durations): numbers in the unit their header names (`Full resolution
//! time in minutes`, `Resolution time (in hrs)`, `Days open`), texts with
//! units (`1h 30m`, `2d 3h`, `90 min`, `1.5 hours`) and clocks (`2:30`,
//! `02:30:15`). A day is 24 hours (calendar time, not business days).
//!
//! Values are signed. Jira Service Management's SLA fields, such as
//! `Custom field (Time to resolution)`, hold the SLA time *remaining*, not
//! the time taken: `-2:30` means the target was missed by two and a half
//! hours. [`hours`] returns it as -2.5, so a caller counts breaches by the
//! sign; it is no resolution time and must not be averaged as one.

use crate::ingest::CellRef;

/// The unit a plain number of a duration column is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationUnit {
    Seconds,
    Minutes,
    Hours,
    Days,
}

impl DurationUnit {
    /// The unit a header names: the one after "in" (`First reply time in
    /// minutes within business hours` is in minutes), else the only one it
    /// names (`Days open`); `None` when it names none or several.
    pub fn from_header(header: &str) -> Option<DurationUnit> {
        let lower = header.to_ascii_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let after_in = words
            .windows(2)
            .find_map(|w| (w[0] == "in").then(|| unit_word(w[1])).flatten());
        if after_in.is_some() {
            return after_in;
        }
        let mut named = words.iter().filter_map(|w| unit_word(w));
        let first = named.next()?;
        named.all(|u| u == first).then_some(first)
    }

    /// `value` of this unit in hours, divided rather than multiplied by
    /// an inverse, so that 600 minutes are exactly 10 hours.
    pub fn in_hours(self, value: f64) -> f64 {
        match self {
            DurationUnit::Seconds => value / 3600.0,
            DurationUnit::Minutes => value / 60.0,
            DurationUnit::Hours => value,
            DurationUnit::Days => value * 24.0,
        }
    }

    /// The unit in words: "minutes".
    pub fn name(self) -> &'static str {
        match self {
            DurationUnit::Seconds => "seconds",
            DurationUnit::Minutes => "minutes",
            DurationUnit::Hours => "hours",
            DurationUnit::Days => "days",
        }
    }
}

/// A unit written in a header or after a number, in full or short.
fn unit_word(word: &str) -> Option<DurationUnit> {
    Some(match word {
        "seconds" | "second" | "secs" | "sec" => DurationUnit::Seconds,
        "minutes" | "minute" | "mins" | "min" => DurationUnit::Minutes,
        "hours" | "hour" | "hrs" | "hr" => DurationUnit::Hours,
        "days" | "day" => DurationUnit::Days,
        _ => return None,
    })
}

/// A cell that is no duration; the caller names it, saying [`expected`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotADuration;

/// A duration cell in hours, signed; `Ok(None)` when empty. A plain number
/// is in `unit` (the header's) and needs one.
pub fn hours(cell: CellRef, unit: Option<DurationUnit>) -> Result<Option<f64>, NotADuration> {
    match cell {
        _ if cell.is_empty() => Ok(None),
        CellRef::Number(v) => unit.map(|u| Some(u.in_hours(v))).ok_or(NotADuration),
        CellRef::Text(t) => text_hours(t, unit).map(Some).ok_or(NotADuration),
        _ => Err(NotADuration),
    }
}

/// What a duration cell should hold, for the caller's error after the
/// cell's place.
pub fn expected(unit: Option<DurationUnit>) -> String {
    match unit {
        Some(unit) => format!(
            "expected a duration: a number of {} (the header's unit), or a time such as 1h 30m, 2d 3h or 1:30",
            unit.name()
        ),
        None => "expected a duration such as 1h 30m, 2d 3h or 1:30 (a plain number needs its unit in the header, such as \"Resolution time in hours\")".to_string(),
    }
}

/// A duration text in hours: a number in `unit`, a clock (`-2:30`,
/// `02:30:15`) or numbers with units (`2d 3h`, `1h30m`, `90 min`).
fn text_hours(text: &str, unit: Option<DurationUnit>) -> Option<f64> {
    let text = text.trim();
    let (sign, body) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest.trim_start()),
        None => (1.0, text.strip_prefix('+').unwrap_or(text).trim_start()),
    };
    let value = if body.contains(':') {
        clock_hours(body)?
    } else if body.bytes().any(|b| b.is_ascii_alphabetic()) {
        worded_hours(body)?
    } else {
        unit?.in_hours(number(body)?)
    };
    Some(sign * value)
}

/// A plain unsigned number: digits with one decimal point at most.
fn number(text: &str) -> Option<f64> {
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    let points = text.bytes().filter(|b| *b == b'.').count();
    (digits > 0 && digits + points == text.len() && points <= 1)
        .then(|| text.parse().ok())
        .flatten()
}

/// `2:30` or `02:30:15`: hours (any number of them), then minutes and
/// seconds of two digits below 60.
fn clock_hours(text: &str) -> Option<f64> {
    let mut parts = text.split(':');
    let hours = parts.next().filter(|h| !h.contains('.')).and_then(number)?;
    let mut sixtieths = |scale: f64| -> Option<f64> {
        match parts.next() {
            None => Some(0.0),
            Some(p) if p.len() == 2 => number(p).filter(|v| *v < 60.0).map(|v| v / scale),
            Some(_) => None,
        }
    };
    let (minutes, seconds) = (sixtieths(60.0)?, sixtieths(3600.0)?);
    parts.next().is_none().then_some(hours + minutes + seconds)
}

/// `2d 3h`, `1h30m`, `1 hour 30 minutes`, `90 min`, `1.5 hrs`: numbers,
/// each with a unit (`d`, `h`, `m`, `s` or a word), each unit once.
fn worded_hours(text: &str) -> Option<f64> {
    let mut rest = text;
    let (mut total, mut seen) = (0.0, Vec::new());
    loop {
        rest = rest.trim_start_matches([' ', ',']);
        if rest.is_empty() {
            break;
        }
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let value = number(&rest[..end])?;
        rest = rest[end..].trim_start();
        let end = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let word = rest[..end].to_ascii_lowercase();
        let unit = match word.as_str() {
            "d" => DurationUnit::Days,
            "h" => DurationUnit::Hours,
            "m" => DurationUnit::Minutes,
            "s" => DurationUnit::Seconds,
            other => unit_word(other)?,
        };
        if seen.contains(&unit) {
            return None;
        }
        seen.push(unit);
        total += unit.in_hours(value);
        rest = &rest[end..];
    }
    (!seen.is_empty()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str, unit: Option<DurationUnit>) -> Option<f64> {
        hours(CellRef::Text(t), unit).ok().flatten()
    }

    #[test]
    fn reads_the_unit_a_header_names() {
        use DurationUnit::*;
        let unit = DurationUnit::from_header;
        assert_eq!(unit("Full resolution time in minutes"), Some(Minutes));
        assert_eq!(
            unit("First reply time in minutes within business hours"),
            Some(Minutes)
        );
        assert_eq!(unit("Resolution time (in hrs)"), Some(Hours));
        assert_eq!(unit("Handle time (seconds)"), Some(Seconds));
        assert_eq!(unit("Days open"), Some(Days));
        assert_eq!(unit("Hours"), Some(Hours));
        assert_eq!(unit("Time to resolution"), None);
        assert_eq!(unit("Minutes or hours"), None);
        assert_eq!(unit("Mining time"), None);
    }

    #[test]
    fn reads_numbers_in_the_headers_unit() {
        let minutes = Some(DurationUnit::Minutes);
        assert_eq!(hours(CellRef::Number(90.0), minutes), Ok(Some(1.5)));
        assert_eq!(text("90", minutes), Some(1.5));
        assert_eq!(text("2", Some(DurationUnit::Days)), Some(48.0));
        assert!((text("5400", Some(DurationUnit::Seconds)).unwrap() - 1.5).abs() < 1e-12);
        assert_eq!(text("1.25", Some(DurationUnit::Hours)), Some(1.25));
        // A plain number with no unit is refused, not taken as hours.
        assert_eq!(hours(CellRef::Number(90.0), None), Err(NotADuration));
        assert_eq!(hours(CellRef::Text("90"), None), Err(NotADuration));
        assert_eq!(hours(CellRef::Text("  "), None), Ok(None));
        assert_eq!(hours(CellRef::Empty, minutes), Ok(None));
        assert_eq!(hours(CellRef::Bool(true), minutes), Err(NotADuration));
    }

    #[test]
    fn reads_times_with_units() {
        assert_eq!(text("1h 30m", None), Some(1.5));
        assert_eq!(text("2d 3h", None), Some(51.0));
        assert_eq!(text("1h30m", None), Some(1.5));
        assert_eq!(text("90 min", None), Some(1.5));
        assert_eq!(text("1 hour, 30 minutes", None), Some(1.5));
        assert_eq!(text("1.5 hrs", None), Some(1.5));
        assert!((text("45s", Some(DurationUnit::Hours)).unwrap() - 0.0125).abs() < 1e-12);
        assert_eq!(text("1h 1h", None), None);
        assert_eq!(text("1 fortnight", None), None);
        assert_eq!(text("h", None), None);
    }

    #[test]
    fn reads_clocks_and_jiras_remaining_sla_time_with_its_sign() {
        assert_eq!(text("2:30", None), Some(2.5));
        assert!((text("02:30:36", None).unwrap() - 2.51).abs() < 1e-12);
        assert_eq!(text("120:00", None), Some(120.0));
        // Jira Service Management: the SLA was missed by 2 h 30 min.
        assert_eq!(text("-2:30", None), Some(-2.5));
        assert_eq!(text("-1h 15m", None), Some(-1.25));
        assert_eq!(text("2:3", None), None);
        assert_eq!(text("2:75", None), None);
        assert_eq!(text("1:00:00:00", None), None);
        assert_eq!(text("1.5:30", None), None);
    }

    #[test]
    fn says_what_a_duration_should_be() {
        assert_eq!(
            expected(Some(DurationUnit::Minutes)),
            "expected a duration: a number of minutes (the header's unit), or a time such as 1h 30m, 2d 3h or 1:30"
        );
        assert_eq!(
            expected(None),
            "expected a duration such as 1h 30m, 2d 3h or 1:30 (a plain number needs its unit in the header, such as \"Resolution time in hours\")"
        );
    }
}
