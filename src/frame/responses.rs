//! Raw survey responses: one row per respondent with a product line, a
//! timestamp and a 0-10 "would you recommend" score and/or a 1-5
//! satisfaction score, aggregated per line and period into NPS (% promoters
//! scoring 9-10 minus % detractors scoring 0-6) and CSAT (the share scoring
//! 4-5), each with its sample size. The source of such a value names the
//! files the responses came from.

use super::columns::ColumnRole;
use super::layout::{self, Header};
use super::values::{self, Number};
use super::{FrameError, GridOutput, Observation, dates};
use crate::ingest::{CellRef, Grid};
use crate::model::{Granularity, MetricId, Period};
use chrono::NaiveDateTime;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// When a response was given: a moment, bucketed later by `--period-by`, or
/// a period the file states outright.
#[derive(Debug, Clone, Copy)]
enum When {
    At(NaiveDateTime),
    In(Period),
}

/// Marks a score that was not given.
const NO_SCORE: u8 = u8::MAX;

struct Response {
    line: u32,
    when: When,
    recommend: u8,
    satisfaction: u8,
    source: u16,
}

/// Every response read so far, from every response grid.
#[derive(Default)]
pub struct Responses {
    lines: Vec<String>,
    line_ids: HashMap<String, u32>,
    sources: Vec<String>,
    rows: Vec<Response>,
}

#[derive(Default)]
struct Tally {
    promoters: u32,
    detractors: u32,
    recommend_n: u32,
    satisfied: u32,
    satisfaction_n: u32,
    sources: BTreeSet<u16>,
}

impl Responses {
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Reads the rows below the header of a response grid.
    pub fn read(&mut self, grid: &Grid, header: &Header, out: &mut GridOutput) {
        let recommend = header.find(&ColumnRole::Recommend);
        let satisfaction = header.find(&ColumnRole::Satisfaction);
        let source = self.sources.len() as u16;
        self.sources.push(match &grid.sheet {
            Some(sheet) => format!("{}!{}", grid.file, sheet),
            None => grid.file.clone(),
        });
        for r in header.row + 1..grid.height() {
            if grid.row_is_empty(r) {
                continue;
            }
            let Some(line) = values::text_cow(grid.cell(r, header.line)) else {
                out.errors.push(FrameError::MissingLine {
                    cell: grid.cell_ref(r, header.line),
                });
                continue;
            };
            let time = grid.cell(r, header.period);
            let when = match time {
                CellRef::Date(d) => Some(When::At(d)),
                CellRef::Text(t) => dates::iso_datetime(t)
                    .map(When::At)
                    .or_else(|| dates::period_label(t).map(When::In)),
                _ => values::period(time, Granularity::Quarter).map(When::In),
            };
            let Some(when) = when else {
                out.errors.push(FrameError::BadTimestamp {
                    cell: grid.cell_ref(r, header.period),
                    raw: time.shown(),
                });
                continue;
            };
            let mut score = |col: Option<(usize, &str)>, range: (u8, u8)| -> Option<u8> {
                let Some((c, column)) = col else {
                    return Some(NO_SCORE);
                };
                let cell = grid.cell(r, c);
                match values::number(cell) {
                    Number::Missing => Some(NO_SCORE),
                    Number::Value(v)
                        if v.fract() == 0.0 && v >= range.0 as f64 && v <= range.1 as f64 =>
                    {
                        Some(v as u8)
                    }
                    _ => {
                        out.errors.push(FrameError::BadScore {
                            cell: grid.cell_ref(r, c),
                            column: column.to_string(),
                            raw: cell.shown(),
                            low: range.0,
                            high: range.1,
                        });
                        None
                    }
                }
            };
            let (Some(rec), Some(sat)) = (score(recommend, (0, 10)), score(satisfaction, (1, 5)))
            else {
                continue;
            };
            if rec == NO_SCORE && sat == NO_SCORE {
                continue;
            }
            layout::note_people(grid, header, r, &line, None, out);
            // A survey names few lines: a scan beats hashing each row's name.
            let known = if self.lines.len() <= 32 {
                self.lines.iter().position(|l| *l == line).map(|i| i as u32)
            } else {
                self.line_ids.get(line.as_ref()).copied()
            };
            let id = match known {
                Some(id) => id,
                None => {
                    let id = self.lines.len() as u32;
                    self.line_ids.insert(line.to_string(), id);
                    self.lines.push(line.into_owned());
                    id
                }
            };
            self.rows.push(Response {
                line: id,
                when,
                recommend: rec,
                satisfaction: sat,
                source,
            });
        }
    }

    /// NPS and CSAT per line and period, timestamps bucketed `by` month,
    /// quarter or year.
    pub fn aggregate(&self, by: Granularity) -> Vec<Observation> {
        let mut tallies: BTreeMap<(u32, Period), Tally> = BTreeMap::new();
        for response in &self.rows {
            let period = match response.when {
                When::At(moment) => dates::bucket(moment, by),
                When::In(period) => period,
            };
            let tally = tallies.entry((response.line, period)).or_default();
            if tally.sources.last() != Some(&response.source) {
                tally.sources.insert(response.source);
            }
            if response.recommend != NO_SCORE {
                tally.recommend_n += 1;
                match response.recommend {
                    9..=10 => tally.promoters += 1,
                    0..=6 => tally.detractors += 1,
                    _ => {}
                }
            }
            if response.satisfaction != NO_SCORE {
                tally.satisfaction_n += 1;
                if response.satisfaction >= 4 {
                    tally.satisfied += 1;
                }
            }
        }
        let mut observations = Vec::new();
        for ((line, period), tally) in tallies {
            let files: Vec<&str> = tally
                .sources
                .iter()
                .map(|s| self.sources[*s as usize].as_str())
                .collect();
            let mut push = |metric: &str, value: f64, n: u32| {
                observations.push(Observation {
                    line: self.lines[line as usize].clone(),
                    period,
                    stage: None,
                    metric: MetricId::normalise(metric).expect("metric name"),
                    value,
                    sample_size: Some(n),
                    // The scorecard adds "(312 responses)" from the sample size.
                    source: files.join(" + "),
                    column: metric.to_string(),
                });
            };
            if tally.recommend_n > 0 {
                let n = tally.recommend_n as f64;
                let nps = (tally.promoters as f64 - tally.detractors as f64) / n * 100.0;
                push("nps", nps, tally.recommend_n);
            }
            if tally.satisfaction_n > 0 {
                let csat = tally.satisfied as f64 / tally.satisfaction_n as f64;
                push("csat", csat, tally.satisfaction_n);
            }
        }
        observations
    }
}
