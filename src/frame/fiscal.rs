//! Fiscal periods as finance teams write them: `FY25 Q1`, `FY2025 Q1`,
//! `Q1 FY25`, `FY25-Q1`, `FY2025`, read with the fiscal year's first month
//! (`--fiscal-year-start`, January unless given).
//!
//! A fiscal year is named by the calendar year it ends in, as Microsoft
//! and Apple name theirs: with a start in April, FY25 runs from April 2024
//! to March 2025 and FY25 Q1 is April to June 2024. linecard reports
//! calendar periods, so a fiscal quarter is labelled by the calendar
//! quarter it is (FY25 Q1 -> 2024-Q2); that works when the fiscal year
//! starts in January, April, July or October. Any other start makes fiscal
//! quarters that are no calendar quarter, and such labels are refused.

use crate::model::{Granularity, Period};

/// A fiscal label: its fiscal year and, for a quarter, which one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiscalLabel {
    /// The calendar year the fiscal year ends in.
    pub year: i32,
    pub quarter: Option<u8>,
}

/// Reads `FY25 Q1`, `FY2025 Q1`, `Q1 FY25`, `FY25-Q1`, `FY 2025 Q1`,
/// `FY2025` or `FY25` (any case); `None` for anything else.
pub fn parse(text: &str) -> Option<FiscalLabel> {
    let lower = text.trim().to_ascii_lowercase();
    if !lower.contains("fy") {
        return None;
    }
    // "fy25q1" and "fy 25 q1" alike: split into words at letters/digits.
    let mut words: Vec<String> = Vec::new();
    let mut last: Option<bool> = None;
    for ch in lower.chars() {
        if !ch.is_ascii_alphanumeric() {
            last = None;
            continue;
        }
        let digit = ch.is_ascii_digit();
        // "q1" and "fy" stay one word with what follows only as letters.
        match (last, words.last_mut()) {
            (Some(was), Some(word)) if was == digit || (word == "q" && digit) => word.push(ch),
            _ => words.push(ch.to_string()),
        }
        last = Some(digit);
    }
    let year = |s: &str| -> Option<i32> {
        let n: i32 = s.parse().ok()?;
        match s.len() {
            2 => Some(2000 + n),
            4 => Some(n),
            _ => None,
        }
    };
    let quarter = |s: &str| -> Option<u8> {
        let q: u8 = s.strip_prefix('q')?.parse().ok()?;
        (1..=4).contains(&q).then_some(q)
    };
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["fy", y] => Some(FiscalLabel {
            year: year(y)?,
            quarter: None,
        }),
        ["fy", y, q] | [q, "fy", y] => Some(FiscalLabel {
            year: year(y)?,
            quarter: Some(quarter(q)?),
        }),
        _ => None,
    }
}

/// The calendar period of a fiscal label with the fiscal year starting in
/// month `start` (1..=12); `None` when it is no calendar period (a quarter
/// with a start outside January, April, July and October, or a whole
/// fiscal year not starting in January).
pub fn period(label: FiscalLabel, start: u32) -> Option<Period> {
    let first_year = if start == 1 {
        label.year
    } else {
        label.year - 1
    };
    match label.quarter {
        None => (start == 1).then(|| Period::year(label.year)),
        Some(q) => {
            let from_start = (start - 1) + 3 * (u32::from(q) - 1);
            let year = first_year + (from_start / 12) as i32;
            let month = from_start % 12 + 1;
            if !(month - 1).is_multiple_of(3) {
                return None;
            }
            Period::month(year, month as u8)?.within(Granularity::Quarter)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, start: u32) -> Option<String> {
        parse(text)
            .and_then(|l| period(l, start))
            .map(|p| p.to_string())
    }

    #[test]
    fn reads_the_ways_fiscal_quarters_are_written() {
        for text in [
            "FY25 Q1",
            "FY2025 Q1",
            "Q1 FY25",
            "FY25-Q1",
            "fy 2025 q1",
            "FY25Q1",
        ] {
            assert_eq!(read(text, 1).as_deref(), Some("2025-Q1"), "{text}");
        }
        assert_eq!(read("FY2025", 1).as_deref(), Some("2025"));
        assert_eq!(parse("2025-Q1"), None);
        assert_eq!(parse("FY25 Q5"), None);
        assert_eq!(parse("FY 5 Q1"), None);
    }

    #[test]
    fn a_fiscal_year_is_named_by_the_year_it_ends_in() {
        assert_eq!(read("FY25 Q1", 4).as_deref(), Some("2024-Q2"));
        assert_eq!(read("FY25 Q3", 4).as_deref(), Some("2024-Q4"));
        assert_eq!(read("FY25 Q4", 4).as_deref(), Some("2025-Q1"));
        assert_eq!(read("FY25 Q1", 7).as_deref(), Some("2024-Q3"));
        assert_eq!(read("FY25 Q1", 10).as_deref(), Some("2024-Q4"));
        assert_eq!(read("FY25 Q1", 2), None);
        assert_eq!(read("FY2025", 4), None);
    }
}
