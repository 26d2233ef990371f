//! Raw survey responses: one row per respondent with a product line, a
//! timestamp and a 0-10 "would you recommend" score and/or a 1-5
//! satisfaction score, aggregated per line and period into NPS (% promoters
//! scoring 9-10 minus % detractors scoring 0-6) and CSAT (the share scoring
//! 4-5), each with its sample size. The source of such a value names the
//! files the responses came from.

use super::response_rows;
use super::tally::{Tally, When};
use crate::frame::columns::ColumnRole;
use crate::frame::layout::survey_shape::{self, Survey};
use crate::frame::layout::{self, Header};
use crate::frame::reading::{Layout, Reading};
use crate::frame::{FrameOptions, GridOutput, LineId, Observation, Source, blocks, dates};
use crate::ingest::Grid;
use crate::model::{DataIssue, Location};
use crate::model::{Granularity, MetricId, Period};
use crate::parallel;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// The fewest rows worth a thread of their own.
const ROWS_PER_THREAD: usize = 100_000;

/// Every response read so far, from every response grid, counted per line,
/// grid and month (or stated period).
#[derive(Default)]
pub struct Responses {
    /// Each response grid's file (and sheet), as sources name it.
    sources: Vec<String>,
    /// (line, index into `sources`, when, tally).
    tallies: Vec<(LineId, u32, When, Tally)>,
}

impl Responses {
    pub fn is_empty(&self) -> bool {
        self.tallies.is_empty()
    }

    /// Reads the rows below the header of a response grid, a large one in
    /// blocks on parallel threads.
    pub fn read(
        &mut self,
        grid: &Grid,
        header: &Header,
        options: &FrameOptions,
        out: &mut GridOutput,
    ) {
        if let Some(survey) = &header.survey {
            if let Some(refusal) = &survey.refusal {
                out.errors.push(refusal.clone());
                return;
            }
            note_reading(grid, header, survey, out);
        } else {
            out.readings
                .push(layout::describe::reading(grid, header, Layout::Responses));
        }
        let source = u32::try_from(self.sources.len()).expect("fewer than 2^32 grids");
        self.sources.push(match &grid.sheet {
            Some(sheet) => format!("{}!{}", grid.file, sheet),
            None => grid.file.clone(),
        });
        let blocks = blocks::split(header.body(), ROWS_PER_THREAD);
        let times = response_rows::Times::of(grid, header, options);
        self.read_blocks(grid, header, &times, source, &blocks, out);
    }

    /// Reads `blocks` of rows of grid number `source`, one thread each.
    fn read_blocks(
        &mut self,
        grid: &Grid,
        header: &Header,
        times: &response_rows::Times,
        source: u32,
        blocks: &[Range<usize>],
        out: &mut GridOutput,
    ) {
        let parts = parallel::each(blocks, |rows| {
            response_rows::read(grid, header, times, rows.clone())
        });
        for (part, counts) in parts {
            let lines = out.append(part);
            for (line, when, tally) in counts.into_tallies() {
                self.tallies
                    .push((lines[line.index()], source, when, tally));
            }
        }
    }

    /// NPS and CSAT per line and period, timestamps bucketed `by` month,
    /// quarter or year.
    pub fn aggregate(&self, by: Granularity) -> Vec<Observation> {
        let mut tallies: BTreeMap<(LineId, Period), (Tally, BTreeSet<u32>)> = BTreeMap::new();
        for &(line, source, when, tally) in &self.tallies {
            let period = match when {
                When::Month { year, month } => dates::bucket_month(year, month, by),
                When::In(period) => period,
            };
            let (sum, sources) = tallies.entry((line, period)).or_default();
            sum.add(&tally);
            sources.insert(source);
        }
        let mut observations = Vec::new();
        for ((line, period), (tally, sources)) in tallies {
            let files: Vec<&str> = sources
                .iter()
                .map(|s| self.sources[*s as usize].as_str())
                .collect();
            // The scorecard adds "(312 responses)" from the sample size.
            let source = Source::Text(files.join(" + ").into_boxed_str());
            let metrics = [("nps", tally.nps()), ("csat", tally.csat())];
            for (metric, (value, n)) in metrics.into_iter().filter_map(|(m, v)| v.map(|v| (m, v))) {
                observations.push(Observation {
                    line,
                    period,
                    stage: None,
                    metric: MetricId::normalise(metric).expect("metric name"),
                    value,
                    sample_size: Some(n),
                    source: source.clone(),
                });
            }
        }
        observations
    }
}

/// Records how a survey export was read, and warns of what the user must
/// know.
fn note_reading(grid: &Grid, header: &Header, survey: &Survey, out: &mut GridOutput) {
    let column = |c: usize| {
        let label = survey_shape::column_label(grid, c);
        match header.text_of(c) {
            Some(text) => format!("column {label} \"{text}\""),
            None => format!("column {label}"),
        }
    };
    let mut from = vec![
        ("product line", column(header.line)),
        ("time of each response", column(header.period)),
    ];
    for (role, what) in [
        (ColumnRole::Recommend, "0-10 recommend scores (NPS)"),
        (ColumnRole::Satisfaction, "satisfaction scores (CSAT)"),
    ] {
        if let Some((c, _)) = header.find(&role) {
            from.push((what, column(c)));
        }
    }
    out.readings.push(Reading {
        place: layout::place_of(grid),
        layout: Layout::Responses,
        why: survey.why.clone(),
        from,
        skipped: survey.skipped.clone(),
    });
    for warning in &survey.warnings {
        out.issues.push(DataIssue::warning(
            warning.clone(),
            Location {
                file: Some(grid.file.clone()),
                sheet: grid.sheet.clone(),
                ..Location::default()
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::HeaderMap;
    use crate::frame::layout::find_header;

    #[test]
    fn blocks_read_apart_give_what_one_pass_gives() {
        let mut columns = [
            vec!["Submitted At".to_string()],
            vec!["Product".to_string()],
            vec!["Recommend".to_string()],
        ];
        for i in 0..3000 {
            let time = match i {
                1200 => "someday".to_string(),
                _ => format!("2025-{:02}-14 10:22:00", 1 + i % 12),
            };
            let line = ["Atlas", "Beacon", " Cobalt  Pay"][i % 3].to_string();
            let score = match i {
                100 | 2900 => "11".to_string(),
                _ => (i % 11).to_string(),
            };
            for (column, text) in columns.iter_mut().zip([time, line, score]) {
                column.push(text);
            }
        }
        let grid = Grid::from_texts("r.csv", &columns);
        let header = find_header(&grid, &HeaderMap::new(&BTreeMap::new())).expect("header");
        let read = |blocks: &[Range<usize>]| {
            let (mut responses, mut out) = (Responses::default(), GridOutput::default());
            responses.sources.push("r.csv".into());
            let times = response_rows::Times::default();
            responses.read_blocks(&grid, &header, &times, 0, blocks, &mut out);
            let mut values: Vec<_> = responses
                .aggregate(Granularity::Quarter)
                .into_iter()
                .map(|o| {
                    let line = out.lines.name(o.line).to_string();
                    (line, o.period, o.metric, o.value, o.sample_size, o.source)
                })
                .collect();
            // Line ids follow the order names were met: compare by name.
            values.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
            let errors: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
            (errors, values)
        };
        let whole = read(std::slice::from_ref(&(1..3001)));
        assert_eq!(whole.0.len(), 3);
        assert_eq!(whole.1.len(), 12);
        assert_eq!(whole, read(&[1..1000, 1000..2100, 2100..3001]));
    }

    #[test]
    fn a_survey_export_says_how_it_was_read() {
        let texts = |cells: &[&str]| cells.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let columns = [
            texts(&["#", "t1", "t2"]),
            texts(&["How likely is it that you would recommend us?", "9", "3"]),
            texts(&["Which product do you use most?", "Atlas", "Atlas"]),
            texts(&[
                "Start Date (UTC)",
                "2025-01-05 10:00:00",
                "2025-01-06 10:00:00",
            ]),
            texts(&[
                "Submit Date (UTC)",
                "2025-01-05 10:01:00",
                "2025-01-06 10:01:00",
            ]),
            texts(&["Any other comments?", "ok", ""]),
        ];
        let grid = Grid::from_texts("t.csv", &columns);
        let header = find_header(&grid, &HeaderMap::new(&BTreeMap::new())).expect("header");
        let (mut responses, mut out) = (Responses::default(), GridOutput::default());
        responses.read(&grid, &header, &FrameOptions::default(), &mut out);
        assert_eq!(
            out.readings[0].to_string(),
            "t.csv: read as survey responses (a row per response): one row per response: a response id (column 1 \"#\"), a time of response (column 5 \"Submit Date (UTC)\"), several rows for one line and period\n  \
             product line: column 3 \"Which product do you use most?\"\n  \
             time of each response: column 5 \"Submit Date (UTC)\"\n  \
             0-10 recommend scores (NPS): column 2 \"How likely is it that you would recommend us?\"\n  \
             skipped column 4 \"Start Date (UTC)\": the time of a response is column 5 \"Submit Date (UTC)\"\n  \
             skipped column 1 \"#\": a response id\n  \
             skipped column 6 \"Any other comments?\": free-text comments"
        );
        let nps: Vec<_> = responses
            .aggregate(Granularity::Quarter)
            .into_iter()
            .map(|o| (o.period.to_string(), o.value, o.sample_size))
            .collect();
        assert_eq!(nps, [("2025-Q1".to_string(), 0.0, Some(2))]);
    }
}
