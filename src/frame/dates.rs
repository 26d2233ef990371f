//! Dates and period labels as people write them: "2025-Q1", "Q1 2025",
//! "Jan 2025", "2025-01", ISO dates and date-times, and spreadsheet date
//! cells, all into canonical periods (`YYYY-Qn`, `YYYY-MM`, `YYYY`).

use crate::model::{Granularity, Period};
use chrono::{Datelike, NaiveDate, NaiveDateTime};

/// The months' names, as people write them in full.
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The name of `month` (1..=12): "August".
pub fn month_name(month: u32) -> &'static str {
    MONTH_NAMES[month as usize - 1]
}

/// The period a date falls in, at the given granularity.
pub fn bucket(date: NaiveDateTime, by: Granularity) -> Period {
    bucket_month(date.year(), date.month() as u8, by)
}

/// The period month `month` (1..=12) of `year` falls in, at the given
/// granularity.
pub fn bucket_month(year: i32, month: u8, by: Granularity) -> Period {
    Period::month(year, month)
        .and_then(|m| m.within(by))
        .expect("a month (1..=12) lies within a period of any granularity")
}

/// The granularity a period column's header announces: "Month" holds months,
/// "Year" years, "Quarter" quarters; other headers ("Date", "Period") say
/// nothing.
pub fn header_granularity(header: &str) -> Option<Granularity> {
    let key = header.to_ascii_lowercase();
    if key.contains("month") {
        Some(Granularity::Month)
    } else if key.contains("quarter") {
        Some(Granularity::Quarter)
    } else if key.contains("year") {
        Some(Granularity::Year)
    } else {
        None
    }
}

/// A period as a person names one on the command line: any label the data
/// may hold (`2025-Q3`, `Q3 2025`, `Mar 2025`, `2025-03`, `2025`) or an ISO
/// date (its month).
pub fn named_period(text: &str) -> Option<Period> {
    period_label(text).or_else(|| iso_datetime(text).map(|d| bucket(d, Granularity::Month)))
}

/// The month (1..=12) a name gives, in full or cut to three letters
/// ("Jan", "january", "Sept"), in any case.
pub fn month_number(name: &str) -> Option<u8> {
    let prefix = name.get(..3)?;
    let i = MONTH_NAMES
        .iter()
        .position(|m| m[..3].eq_ignore_ascii_case(prefix))?;
    let full_ok = name.len() == 3
        || name.eq_ignore_ascii_case("sept")
        || MONTH_NAMES[i].eq_ignore_ascii_case(name);
    full_ok.then_some(i as u8 + 1)
}

/// A period label: the forms [`Period`] parses plus month names
/// ("Jan 2025", "January 2025", "2025 Jan", "Jan-2025", and "Jan-25" with
/// a two-digit year after the month, as spreadsheets show `mmm-yy`).
pub fn period_label(text: &str) -> Option<Period> {
    if let Ok(period) = text.parse() {
        return Some(period);
    }
    let lower = text.trim().to_ascii_lowercase();
    let parts: Vec<&str> = lower
        .split(['-', ' ', '/', '_', '.', ','])
        .filter(|p| !p.is_empty())
        .collect();
    let month = month_number;
    let year = |s: &str| -> Option<i32> {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [a, b] => match (month(a), year(b), year(a), month(b)) {
            (Some(m), Some(y), _, _) | (_, _, Some(y), Some(m)) => Period::month(y, m),
            (Some(m), None, _, _) if b.len() == 2 && b.bytes().all(|c| c.is_ascii_digit()) => {
                Period::month(2000 + b.parse::<i32>().ok()?, m)
            }
            _ => None,
        },
        _ => None,
    }
}

/// A date written day or month first, `03/08/2025`, `3.8.2025` or
/// `03-08-2025` (an optional time after it): the two numbers before the
/// year, and the year, when both orders or one of them make a date.
pub fn day_month_year(text: &str) -> Option<((u32, u32), i32)> {
    let date = text.trim().split([' ', 'T']).next()?;
    let mut parts = date.split(['/', '-', '.']);
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (a, b, year) = (
        number(a, 1..=2)?,
        number(b, 1..=2)?,
        number(y, 4..=4)? as i32,
    );
    let valid = |d: u32, m: u32| NaiveDate::from_ymd_opt(year, m, d).is_some();
    (parts.next().is_none() && (valid(a, b) || valid(b, a))).then_some(((a, b), year))
}

/// An ISO 8601 date or date-time: `2025-03-14`, `2025/03/14`,
/// `2025-03-14 10:22`, `2025-03-14T10:22:05Z`, `2025-03-14T10:22:05+02:00`
/// (the local date and time is kept; the offset is ignored, see
/// [`iso_instant`] to keep it).
pub fn iso_datetime(text: &str) -> Option<NaiveDateTime> {
    iso_parts(text).map(|(time, _)| time)
}

/// An ISO 8601 date or date-time as written and the offset from UTC (in
/// seconds) it carries: `Some(0)` for `Z` or `UTC`, `Some(7200)` for
/// `+02:00`, `+0200` or `+02`, `None` for none. A zone that is no offset
/// (`+2:00`, `+25:00`) makes the text no instant.
pub fn iso_instant(text: &str) -> Option<(NaiveDateTime, Option<i32>)> {
    let (time, zone) = iso_parts(text)?;
    if zone.is_empty() {
        return Some((time, None));
    }
    Some((time, Some(offset_seconds(zone)?)))
}

/// An ISO 8601 date or date-time, and the text of its zone (empty when it
/// has none).
fn iso_parts(text: &str) -> Option<(NaiveDateTime, &str)> {
    let text = text.trim();
    let b = text.as_bytes();
    if b.len() < 10 || !matches!(b[4], b'-' | b'/') || b[7] != b[4] {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        digits(&b[0..4])? as i32,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
    )?;
    let rest = &b[10..];
    let rest = match rest.first() {
        None => return Some((date.and_hms_opt(0, 0, 0)?, "")),
        Some(b'T' | b' ') => &rest[1..],
        Some(_) => return None,
    };
    // HH:MM, then optionally :SS and a fraction.
    if rest.len() < 5 || rest[2] != b':' {
        return None;
    }
    let (hour, minute) = (digits(&rest[0..2])?, digits(&rest[3..5])?);
    let mut at = 5;
    let (mut second, mut nanos) = (0, 0);
    if rest.get(at) == Some(&b':') {
        second = digits(rest.get(at + 1..at + 3)?)?;
        at += 3;
        if rest.get(at) == Some(&b'.') {
            let end = rest[at + 1..]
                .iter()
                .position(|c| !c.is_ascii_digit())
                .map_or(rest.len(), |p| at + 1 + p);
            let fraction = &rest[at + 1..end.min(at + 10)];
            nanos = digits(fraction)? * 10u32.pow(9 - fraction.len() as u32);
            at = end;
        }
    }
    // `rest` is a tail of `text`'s bytes, so its zone is a tail of `text`.
    let zone = text[text.len() - (rest.len() - at)..].trim();
    let zone_ok = zone.is_empty()
        || zone == "Z"
        || zone.eq_ignore_ascii_case("utc")
        || (zone.starts_with(['+', '-'])
            && zone[1..].bytes().all(|b| b.is_ascii_digit() || b == b':'));
    let time = chrono::NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    zone_ok.then(|| (date.and_time(time), zone))
}

/// The offset from UTC, in seconds, of a zone as times write it: `Z`,
/// `UTC` or `GMT` (0), `+02:00`, `+0200`, `+02`, `-5`, and the same after
/// `UTC` or `GMT` (`GMT+1`, `UTC-05:00`). Hours up to 23, minutes below 60.
pub fn offset_seconds(zone: &str) -> Option<i32> {
    let zone = zone.trim();
    let upper = zone.get(..3).map(|p| p.to_ascii_uppercase());
    let signed = match upper.as_deref() {
        Some("UTC" | "GMT") => &zone[3..],
        _ if zone.eq_ignore_ascii_case("z") => "",
        _ => zone,
    };
    if signed.is_empty() {
        return Some(0);
    }
    let sign = match signed.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let body = &signed[1..];
    let (hours, minutes) = match body.split_once(':') {
        Some((h, m)) if h.len() == 2 && m.len() == 2 => (h, m),
        Some(_) => return None,
        None if body.len() == 4 => body.split_at(2),
        None if (1..=2).contains(&body.len()) => (body, "0"),
        None => return None,
    };
    let (hours, minutes) = (digits(hours.as_bytes())?, digits(minutes.as_bytes())?);
    (hours < 24 && minutes < 60).then(|| sign * (hours * 3600 + minutes * 60) as i32)
}

/// A time of day as exports write it after a date: `10:22`, `10:22:05`,
/// `10:22:05.123`, `1:22 PM`, `10:22:05 AM GMT`, `13:05 +02:00`, and the
/// zone's offset in seconds when one follows ([`offset_seconds`]).
pub fn clock(text: &str) -> Option<(chrono::NaiveTime, Option<i32>)> {
    let mut words = text.split_whitespace();
    let time = words.next()?;
    let (hour, rest) = time.split_once(':')?;
    let (minute, second) = match rest.split_once(':') {
        Some((m, s)) => (m, Some(s)),
        None => (rest, None),
    };
    let (second, fraction) = match second.map(|s| s.split_once('.').unwrap_or((s, ""))) {
        Some((s, f)) => (s, f),
        None => ("00", ""),
    };
    let two = |s: &str| (s.len() == 2).then(|| digits(s.as_bytes())).flatten();
    let hour = (1..=2)
        .contains(&hour.len())
        .then(|| digits(hour.as_bytes()))
        .flatten()?;
    let (minute, second) = (two(minute)?, two(second)?);
    let nanos = match fraction.len() {
        0 => 0,
        1..=9 => digits(fraction.as_bytes())? * 10u32.pow(9 - fraction.len() as u32),
        _ => return None,
    };
    let (mut half, mut offset) = (None, None);
    for word in words {
        if half.is_none() && offset.is_none() && word.eq_ignore_ascii_case("am") {
            half = Some(0);
        } else if half.is_none() && offset.is_none() && word.eq_ignore_ascii_case("pm") {
            half = Some(12);
        } else if offset.is_none() {
            offset = Some(offset_seconds(word)?);
        } else {
            return None;
        }
    }
    let hour = match half {
        Some(add) if (1..=12).contains(&hour) => hour % 12 + add,
        Some(_) => return None,
        None => hour,
    };
    let time = chrono::NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    Some((time, offset))
}

/// The year and month of an ISO date or date-time ([`iso_datetime`]), for
/// bucketing. The usual `YYYY-MM-DD HH:MM:SS` layout is checked directly,
/// accepting exactly what [`iso_datetime`] accepts in that layout.
pub fn iso_year_month(text: &str) -> Option<(i32, u8)> {
    plain_datetime(text.as_bytes())
        .or_else(|| iso_datetime(text).map(|d| (d.year(), d.month() as u8)))
}

/// `YYYY-MM-DD HH:MM:SS` (or with `T`) as year and month, when it is a valid
/// date and time; `None` for anything else (a zone after it included).
pub fn plain_datetime(text: &[u8]) -> Option<(i32, u8)> {
    let [
        y0,
        y1,
        y2,
        y3,
        b'-',
        m0,
        m1,
        b'-',
        d0,
        d1,
        b' ' | b'T',
        h0,
        h1,
        b':',
        i0,
        i1,
        b':',
        s0,
        s1,
    ] = *text
    else {
        return None;
    };
    let pair = |a: u8, b: u8| -> Option<u32> {
        (a.is_ascii_digit() && b.is_ascii_digit())
            .then(|| u32::from(a - b'0') * 10 + u32::from(b - b'0'))
    };
    let year = (pair(y0, y1)? * 100 + pair(y2, y3)?) as i32;
    let (month, day) = (pair(m0, m1)?, pair(d0, d1)?);
    let (hour, minute, second) = (pair(h0, h1)?, pair(i0, i1)?, pair(s0, s1)?);
    if hour >= 24 || minute >= 60 || second >= 60 {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)?;
    Some((year, month as u8))
}

/// A run of ASCII digits as a number; `None` if empty or anything else.
fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || bytes.len() > 9 {
        return None;
    }
    bytes.iter().try_fold(0u32, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + (b - b'0') as u32)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(text: &str) -> Option<String> {
        period_label(text).map(|p| p.to_string())
    }

    #[test]
    fn reads_month_names_and_the_usual_labels() {
        assert_eq!(label("Jan 2025").as_deref(), Some("2025-01"));
        assert_eq!(label("September 2024").as_deref(), Some("2024-09"));
        assert_eq!(label("Sept 2024").as_deref(), Some("2024-09"));
        assert_eq!(label("2025 dec").as_deref(), Some("2025-12"));
        assert_eq!(label("Feb-2026").as_deref(), Some("2026-02"));
        assert_eq!(label("Q1 2025").as_deref(), Some("2025-Q1"));
        assert_eq!(label("2025 Q1").as_deref(), Some("2025-Q1"));
        assert_eq!(label("Jan-25").as_deref(), Some("2025-01"));
        assert_eq!(label("Sep 24").as_deref(), Some("2024-09"));
        assert_eq!(label("25-Jan"), None);
        assert_eq!(label("Jan-2"), None);
        assert_eq!(label("Janu 2025"), None);
        assert_eq!(label("Spring 2025"), None);
    }

    #[test]
    fn reads_iso_dates_and_times() {
        let d = |t: &str| iso_datetime(t).map(|d| d.to_string());
        assert_eq!(d("2025-03-14").as_deref(), Some("2025-03-14 00:00:00"));
        assert_eq!(d("2025/03/14").as_deref(), Some("2025-03-14 00:00:00"));
        assert_eq!(
            d("2025-03-14T10:22:05Z").as_deref(),
            Some("2025-03-14 10:22:05")
        );
        assert_eq!(
            d("2025-03-14 10:22").as_deref(),
            Some("2025-03-14 10:22:00")
        );
        assert_eq!(
            d("2025-03-14T10:22:05.123+02:00").as_deref(),
            Some("2025-03-14 10:22:05.123")
        );
        assert_eq!(d("2025-02-30"), None);
        assert_eq!(d("2025-Q1"), None);
        assert_eq!(d("2025-03-14 lunch"), None);
        assert_eq!(d("2025-03-14 25:00"), None);
        assert_eq!(d("2025-3-14"), None);
    }

    #[test]
    fn keeps_the_offset_a_time_carries() {
        let offset = |t: &str| iso_instant(t).map(|(_, o)| o);
        assert_eq!(offset("2025-01-05T10:00:00Z"), Some(Some(0)));
        assert_eq!(offset("2025-01-05T10:00:00.000+0000"), Some(Some(0)));
        assert_eq!(offset("2025-01-05T12:00:00+02:00"), Some(Some(7200)));
        assert_eq!(offset("2025-01-05 05:00 -05"), Some(Some(-18000)));
        assert_eq!(offset("2025-01-05 10:00"), Some(None));
        // A zone that is no offset: no instant, though the date reads.
        assert_eq!(offset("2025-01-05T10:00:00+2:00"), None);
        assert!(iso_datetime("2025-01-05T10:00:00+2:00").is_some());
        assert_eq!(offset_seconds("GMT+1"), Some(3600));
        assert_eq!(offset_seconds("UTC-05:30"), Some(-19800));
        assert_eq!(offset_seconds("+24:00"), None);
        assert_eq!(offset_seconds("CET"), None);
    }

    #[test]
    fn reads_clocks_after_a_date() {
        let at = |t: &str| clock(t).map(|(time, o)| (time.to_string(), o));
        assert_eq!(at("10:22"), Some(("10:22:00".into(), None)));
        assert_eq!(at("12:05 AM"), Some(("00:05:00".into(), None)));
        assert_eq!(at("12:05 pm"), Some(("12:05:00".into(), None)));
        assert_eq!(
            at("1:22:05 PM GMT+1"),
            Some(("13:22:05".into(), Some(3600)))
        );
        assert_eq!(
            at("10:22:05.5 +02:00"),
            Some(("10:22:05.500".into(), Some(7200)))
        );
        assert_eq!(at("13:00 PM"), None);
        assert_eq!(at("10:2"), None);
        assert_eq!(at("10:22 lunch"), None);
    }

    #[test]
    fn the_year_and_month_shortcut_agrees_with_the_full_reading() {
        let full = |t: &str| iso_datetime(t).map(|d| (d.year(), d.month() as u8));
        let mut texts = vec![
            "2025-03-14".to_string(),
            "2025-03-14 10:22".to_string(),
            "2025-03-14T10:22:05Z".to_string(),
            "2025/03/14 10:22:05".to_string(),
            " 2025-03-14 10:22:05".to_string(),
            "2025-03-14 10:22:05 ".to_string(),
            "2025-03-14 1a:22:05".to_string(),
            "2025-03-14_10:22:05".to_string(),
            "+025-03-14 10:22:05".to_string(),
        ];
        for year in ["0000", "1900", "2000", "2023", "2024", "9999"] {
            for month in 0..=13 {
                for day in [0, 1, 28, 29, 30, 31, 32] {
                    for (sep, time) in [(' ', "00:00:00"), ('T', "23:59:59"), (' ', "24:00:00")] {
                        texts.push(format!("{year}-{month:02}-{day:02}{sep}{time}"));
                    }
                }
            }
        }
        for time in ["12:60:00", "12:00:60", "12:00:59", "09:05:07"] {
            texts.push(format!("2024-02-29 {time}"));
        }
        for text in &texts {
            assert_eq!(iso_year_month(text), full(text), "{text}");
        }
        assert_eq!(iso_year_month("2024-02-29 23:59:59"), Some((2024, 2)));
        assert_eq!(iso_year_month("2023-02-29 23:59:59"), None);
    }

    #[test]
    fn buckets_dates_into_periods() {
        let date = iso_datetime("2025-08-14").unwrap();
        assert_eq!(bucket(date, Granularity::Month).to_string(), "2025-08");
        assert_eq!(bucket(date, Granularity::Quarter).to_string(), "2025-Q3");
        assert_eq!(bucket(date, Granularity::Year).to_string(), "2025");
        assert_eq!(
            header_granularity("Reporting Month"),
            Some(Granularity::Month)
        );
        assert_eq!(header_granularity("Date"), None);
    }
}
