//! Reporting periods: a year, a quarter or a month, labelled `YYYY`, `YYYY-Qn`
//! or `YYYY-MM`, and sorted in time order.

use std::fmt;
use std::str::FromStr;

/// How long a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Granularity {
    Month,
    Quarter,
    Year,
}

/// A reporting period. Periods sort by their first month, then shortest
/// first, so `2025-01` < `2025-Q1` < `2025` < `2025-02`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    year: i32,
    granularity: Granularity,
    /// 1..=4 for quarters, 1..=12 for months, 1 for years.
    index: u8,
}

/// Why a text is not a period label.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{text}' is not a period: expected a label like 2025-Q1, Q1 2025, 2025-01 or 2025")]
pub struct PeriodParseError {
    pub text: String,
}

impl Period {
    pub fn year(year: i32) -> Self {
        Period {
            year,
            granularity: Granularity::Year,
            index: 1,
        }
    }

    pub fn quarter(year: i32, quarter: u8) -> Option<Self> {
        (1..=4).contains(&quarter).then_some(Period {
            year,
            granularity: Granularity::Quarter,
            index: quarter,
        })
    }

    pub fn month(year: i32, month: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(Period {
            year,
            granularity: Granularity::Month,
            index: month,
        })
    }

    /// Whether this is a month, a quarter or a year.
    pub fn granularity(&self) -> Granularity {
        self.granularity
    }

    /// The period of granularity `by` that holds this one (March 2025 is in
    /// 2025-Q1 and in 2025); `None` when `by` is the shorter.
    pub fn within(&self, by: Granularity) -> Option<Period> {
        let month = self.first_month();
        match (self.granularity, by) {
            (from, to) if from > to => None,
            (_, Granularity::Month) => Some(*self),
            (_, Granularity::Quarter) => Period::quarter(self.year, (month - 1) / 3 + 1),
            (_, Granularity::Year) => Some(Period::year(self.year)),
        }
    }

    /// The first month of the period, 1..=12.
    fn first_month(&self) -> u8 {
        match self.granularity {
            Granularity::Month => self.index,
            Granularity::Quarter => (self.index - 1) * 3 + 1,
            Granularity::Year => 1,
        }
    }

    fn sort_key(&self) -> (i32, u8, Granularity) {
        (self.year, self.first_month(), self.granularity)
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.granularity {
            Granularity::Year => write!(f, "{}", self.year),
            Granularity::Quarter => write!(f, "{}-Q{}", self.year, self.index),
            Granularity::Month => write!(f, "{}-{:02}", self.year, self.index),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodParseError;

    /// Accepts `2025-Q1`, `2025 Q1`, `2025Q1`, `Q1 2025`, `Q1-2025`, `2025-01`,
    /// `2025/01` and `2025`, in any letter case and with surrounding space.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Some(period) = canonical(text) {
            return Ok(period);
        }
        let err = || PeriodParseError {
            text: text.to_string(),
        };
        let upper = text.trim().to_ascii_uppercase();
        let parts: Vec<&str> = upper
            .split(['-', ' ', '/', '_'])
            .filter(|p| !p.is_empty())
            .collect();
        let year = |s: &str| -> Option<i32> {
            (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let quarter =
            |s: &str| -> Option<u8> { s.strip_prefix('Q').filter(|q| q.len() == 1)?.parse().ok() };
        let parsed = match parts.as_slice() {
            [y] => match (year(y), y.len()) {
                (Some(y), _) => Some(Period::year(y)),
                // 2025Q1
                (None, 6) => year(&y[..4])
                    .zip(quarter(&y[4..]))
                    .and_then(|(y, q)| Period::quarter(y, q)),
                _ => None,
            },
            [a, b] => {
                if let (Some(y), Some(q)) = (year(a), quarter(b)) {
                    Period::quarter(y, q)
                } else if let (Some(q), Some(y)) = (quarter(a), year(b)) {
                    Period::quarter(y, q)
                } else if let (Some(y), true) = (
                    year(a),
                    b.len() <= 2 && b.bytes().all(|c| c.is_ascii_digit()),
                ) {
                    b.parse().ok().and_then(|m| Period::month(y, m))
                } else {
                    None
                }
            }
            _ => None,
        };
        parsed.ok_or_else(err)
    }
}

/// A canonical label (`2025-Q1`, `2025-01`, `2025`) read without the
/// allocations of the general parse, which reads it the same way.
fn canonical(text: &str) -> Option<Period> {
    let b = text.as_bytes();
    let digits = |s: &[u8]| {
        s.iter().try_fold(0i32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + i32::from(d - b'0'))
        })
    };
    let year = digits(b.get(..4)?)?;
    match b.get(4..)? {
        [] => Some(Period::year(year)),
        [b'-', b'Q', q] => Period::quarter(year, digits(&[*q])? as u8),
        [b'-', m0, m1] => Period::month(year, digits(&[*m0, *m1])? as u8),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_lies_within_the_longer_ones_holding_it() {
        let march = Period::month(2025, 3).unwrap();
        let q4 = Period::quarter(2025, 4).unwrap();
        assert_eq!(march.within(Granularity::Quarter), Period::quarter(2025, 1));
        assert_eq!(march.within(Granularity::Year), Some(Period::year(2025)));
        assert_eq!(march.within(Granularity::Month), Some(march));
        assert_eq!(q4.within(Granularity::Year), Some(Period::year(2025)));
        assert_eq!(q4.within(Granularity::Month), None);
        assert_eq!(Period::year(2025).within(Granularity::Quarter), None);
    }

    #[test]
    fn parses_and_labels_the_usual_forms() {
        for (text, label) in [
            ("2025-Q1", "2025-Q1"),
            ("q3 2024", "2024-Q3"),
            ("2024 Q4", "2024-Q4"),
            ("2024Q2", "2024-Q2"),
            ("2025-01", "2025-01"),
            ("2025/7", "2025-07"),
            (" 2023 ", "2023"),
        ] {
            assert_eq!(text.parse::<Period>().unwrap().to_string(), label, "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_period() {
        for text in ["", "Q5 2025", "2025-13", "25-Q1", "spring"] {
            assert!(text.parse::<Period>().is_err(), "{text}");
        }
    }

    #[test]
    fn sorts_in_time_order() {
        let mut periods: Vec<Period> = ["2025-Q2", "2024", "2025-01", "2025-Q1", "2024-Q4"]
            .iter()
            .map(|p| p.parse().unwrap())
            .collect();
        periods.sort();
        let labels: Vec<String> = periods.iter().map(|p| p.to_string()).collect();
        assert_eq!(labels, ["2024", "2024-Q4", "2025-01", "2025-Q1", "2025-Q2"]);
    }
}
