//! Counting survey scores: how many respondents gave a 0-10 recommend score
//! and how many of them were promoters (9-10) or detractors (0-6); how many
//! gave a 1-5 satisfaction score and how many were satisfied (4-5). Tallies
//! add up, so rows are counted per line and month as they are read and
//! summed per period once the periods' length is known.

use crate::frame::LineId;
use crate::model::Period;

/// Marks a score that was not given.
pub const NO_SCORE: u8 = u8::MAX;

#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    promoters: u32,
    detractors: u32,
    recommend_n: u32,
    satisfied: u32,
    satisfaction_n: u32,
}

impl Tally {
    /// Counts one response's scores, either of which may be [`NO_SCORE`].
    pub fn count(&mut self, recommend: u8, satisfaction: u8) {
        if recommend != NO_SCORE {
            self.recommend_n += 1;
            match recommend {
                9..=10 => self.promoters += 1,
                0..=6 => self.detractors += 1,
                _ => {}
            }
        }
        if satisfaction != NO_SCORE {
            self.satisfaction_n += 1;
            if satisfaction >= 4 {
                self.satisfied += 1;
            }
        }
    }

    pub fn add(&mut self, other: &Tally) {
        self.promoters += other.promoters;
        self.detractors += other.detractors;
        self.recommend_n += other.recommend_n;
        self.satisfied += other.satisfied;
        self.satisfaction_n += other.satisfaction_n;
    }

    /// NPS (% promoters minus % detractors) and its sample size.
    pub fn nps(&self) -> Option<(f64, u32)> {
        (self.recommend_n > 0).then(|| {
            let n = self.recommend_n as f64;
            let nps = (self.promoters as f64 - self.detractors as f64) / n * 100.0;
            (nps, self.recommend_n)
        })
    }

    /// CSAT (the share of satisfied respondents) and its sample size.
    pub fn csat(&self) -> Option<(f64, u32)> {
        (self.satisfaction_n > 0).then(|| {
            let csat = self.satisfied as f64 / self.satisfaction_n as f64;
            (csat, self.satisfaction_n)
        })
    }
}

/// When a response was given: the month of a moment, bucketed later by
/// `--period-by`, or a period the file states outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum When {
    Month { year: i32, month: u8 },
    In(Period),
}

/// The tallies of one grid's responses, per line and month (or stated
/// period).
#[derive(Default)]
pub struct Counts {
    /// Keyed by the line id (high 32 bits) and the month: one small key to
    /// hash per row.
    months: foldhash::HashMap<u64, Tally>,
    periods: foldhash::HashMap<(LineId, Period), Tally>,
}

/// Offsets years so that every year chrono dates reach (within ±262,143)
/// packs into 28 bits.
const YEAR_OFFSET: i32 = 1 << 20;

impl Counts {
    /// The tally of `line` at `when`.
    pub fn tally(&mut self, line: LineId, when: When) -> &mut Tally {
        match when {
            When::Month { year, month } => {
                let month_key = ((year + YEAR_OFFSET) as u32) << 4 | u32::from(month);
                let key = (line.index() as u64) << 32 | u64::from(month_key);
                self.months.entry(key).or_default()
            }
            When::In(period) => self.periods.entry((line, period)).or_default(),
        }
    }

    /// Every tally, with its line and time.
    pub fn into_tallies(self) -> impl Iterator<Item = (LineId, When, Tally)> {
        let months = self.months.into_iter().map(|(key, tally)| {
            let line = LineId::from_index((key >> 32) as usize);
            let month_key = key as u32;
            let when = When::Month {
                year: (month_key >> 4) as i32 - YEAR_OFFSET,
                month: (month_key & 0xF) as u8,
            };
            (line, when, tally)
        });
        let periods = self
            .periods
            .into_iter()
            .map(|((line, period), tally)| (line, When::In(period), tally));
        months.chain(periods)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_promoters_detractors_and_satisfied() {
        let mut tally = Tally::default();
        for (recommend, satisfaction) in [(10, 5), (9, NO_SCORE), (7, 3), (3, 4)] {
            tally.count(recommend, satisfaction);
        }
        let mut more = Tally::default();
        more.count(NO_SCORE, 1);
        tally.add(&more);
        assert_eq!(tally.nps(), Some((25.0, 4)));
        assert_eq!(tally.csat(), Some((0.5, 4)));
        assert_eq!(Tally::default().nps(), None);
    }

    #[test]
    fn counts_keep_each_line_and_month_apart() {
        let mut counts = Counts::default();
        let (a, b) = (LineId::from_index(0), LineId::from_index(7));
        let months = [
            When::Month {
                year: 2025,
                month: 12,
            },
            When::Month {
                year: -262_143,
                month: 1,
            },
            When::Month {
                year: 262_142,
                month: 12,
            },
        ];
        for (line, when) in [a, b].into_iter().flat_map(|l| months.map(|m| (l, m))) {
            counts.tally(line, when).count(9, NO_SCORE);
        }
        counts.tally(b, months[0]).count(0, NO_SCORE);
        let quarter = When::In("2025-Q1".parse().unwrap());
        counts.tally(a, quarter).count(NO_SCORE, 5);
        let mut all: Vec<_> = counts
            .into_tallies()
            .map(|(line, when, t)| (line, format!("{when:?}"), t.nps()))
            .collect();
        all.sort_by(|x, y| (x.0, &x.1).cmp(&(y.0, &y.1)));
        assert_eq!(all.len(), 7);
        assert!(all.contains(&(b, format!("{:?}", months[0]), Some((0.0, 2)))));
        assert!(all.contains(&(a, format!("{:?}", months[1]), Some((100.0, 1)))));
        assert!(all.contains(&(b, format!("{:?}", months[2]), Some((100.0, 1)))));
        assert!(all.contains(&(a, format!("{quarter:?}"), None)));
    }
}
