//! Stage 2 of 5: raw grids in, one canonical KPI frame out.
//!
//! `ingest -> frame -> rules -> scorecard -> report`. This stage reads the
//! header row of every grid, maps columns to lines, periods, stages and
//! metrics, parses every value into canonical units, and merges all files
//! into one long polars frame with the columns `line`, `period`, `stage`,
//! `metric`, `value`, `sample_size` and `source` (where the value came from).
//! Every bad cell is collected and reported with its place; a value is never
//! guessed or silently dropped.

mod columns;
mod dates;
mod error;
mod layout;
mod long;
mod people;
mod responses;
mod table;
mod units;
mod values;
mod wide;

pub use columns::{ColumnRole, HeaderMap};
pub use error::FrameError;
pub use layout::HEADER_SCAN_ROWS;
pub use table::{KpiFrame, ObservationRef};

use crate::ingest::Grid;
use crate::model::{DataIssue, ErrorList, Granularity, Location, MetricId, Period, Stage, Unit};
use layout::Shape;
use people::{Mention, Role};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the frame stage needs to know from the rules, passed in by the caller
/// so that this stage does not depend on a later one.
#[derive(Debug, Clone, Default)]
pub struct FrameOptions {
    /// Extra header names for metrics (header text -> metric).
    pub aliases: BTreeMap<String, MetricId>,
    /// Canonical units of known metrics, for range checks and percent columns.
    pub units: BTreeMap<MetricId, Unit>,
}

/// One value read from one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub line: String,
    pub period: Period,
    pub stage: Option<Stage>,
    pub metric: MetricId,
    pub value: f64,
    pub sample_size: Option<u32>,
    /// Where the value came from: `file.xlsx!Sheet!E7`.
    pub source: String,
    /// The header of the column the value sat in.
    pub column: String,
}

/// What reading one grid produced.
#[derive(Default)]
pub struct GridOutput {
    pub observations: Vec<Observation>,
    pub errors: Vec<FrameError>,
    pub issues: Vec<DataIssue>,
    pub people: Vec<Mention>,
}

/// Builds the canonical frame from every grid, collecting every error.
/// Dates in period columns stand for their quarter (or the month or year a
/// "Month" or "Year" header announces).
pub fn build(grids: &[Grid], options: &FrameOptions) -> Result<KpiFrame, ErrorList<FrameError>> {
    build_by(grids, options, None)
}

/// [`build`], with dates and response timestamps bucketed by `period_by`.
/// Without it, responses are bucketed at the granularity of the other
/// inputs' periods when they all share one, else by quarter.
pub fn build_by(
    grids: &[Grid],
    options: &FrameOptions,
    period_by: Option<Granularity>,
) -> Result<KpiFrame, ErrorList<FrameError>> {
    let headers = HeaderMap::new(&options.aliases);
    let date_as = period_by.unwrap_or(Granularity::Quarter);
    let mut all = GridOutput::default();
    let mut responses = responses::Responses::default();

    // A workbook may hold notes or chart sheets: a sheet without a header row
    // is skipped with a warning, unless no sheet of its file is a KPI table.
    let mut files_with_table: HashMap<&str, bool> = HashMap::new();
    let mut missing_headers: Vec<&Grid> = Vec::new();
    for grid in grids {
        let has_table = files_with_table.entry(grid.file.as_str()).or_default();
        let Some(header) = layout::find_header(grid, &headers) else {
            missing_headers.push(grid);
            continue;
        };
        *has_table = true;
        match header.shape {
            Shape::Wide => wide::read(grid, &header, options, date_as, &mut all),
            Shape::Long => long::read(grid, &header, options, &headers, date_as, &mut all),
            Shape::Responses => responses.read(grid, &header, &mut all),
        }
    }
    for grid in missing_headers {
        if files_with_table.get(grid.file.as_str()) == Some(&true) {
            let location = Location {
                file: Some(grid.file.clone()),
                sheet: grid.sheet.clone(),
                ..Location::default()
            };
            all.issues.push(DataIssue::warning(
                "sheet skipped: it has no header row with a product line and a period column",
                location,
            ));
        } else {
            all.errors.push(FrameError::NoHeader {
                place: layout::place_of(grid),
                scanned: HEADER_SCAN_ROWS,
            });
        }
    }
    if !responses.is_empty() {
        let by = period_by.unwrap_or_else(|| {
            let seen: BTreeSet<Granularity> = all
                .observations
                .iter()
                .map(|o| o.period.granularity())
                .collect();
            match seen.len() {
                1 => *seen.first().expect("one granularity"),
                _ => Granularity::Quarter,
            }
        });
        all.observations.extend(responses.aggregate(by));
    }

    let GridOutput {
        observations,
        mut errors,
        mut issues,
        people,
    } = all;
    let observations = merge(observations, &mut errors);
    check_stages(&observations, &mut errors);
    if !errors.is_empty() {
        return Err(ErrorList(errors));
    }
    let people = people::resolve(people, &mut issues);
    KpiFrame::from_observations(observations, issues, people).map_err(|e| ErrorList(vec![e]))
}

/// Sorts by line, period and metric (keeping the order of the inputs within
/// each), then removes identical duplicates (the same value for the same
/// line, period and metric in two places); different values are an error
/// naming both places.
fn merge(observations: Vec<Observation>, errors: &mut Vec<FrameError>) -> Vec<Observation> {
    let observations = sorted(observations);
    let mut kept: Vec<Observation> = Vec::with_capacity(observations.len());
    let mut group_start = 0;
    for o in observations {
        let same = kept.get(group_start).is_some_and(|first: &Observation| {
            first.line == o.line && first.period == o.period && first.metric == o.metric
        });
        if !same {
            group_start = kept.len();
            kept.push(o);
            continue;
        }
        let first = &kept[group_start];
        if (first.value - o.value).abs() > 1e-9 * first.value.abs().max(1.0) {
            errors.push(FrameError::Conflict {
                line: o.line.clone(),
                period: o.period.to_string(),
                metric: o.metric.clone(),
                places: Box::new([(first.source.clone(), first.value), (o.source, o.value)]),
            });
        }
    }
    kept
}

/// Observations in (line, period, metric) order, inputs' order within each.
/// Names are ranked once, so the sort compares small keys, not strings.
fn sorted(observations: Vec<Observation>) -> Vec<Observation> {
    fn ranks<'a>(names: impl Iterator<Item = &'a str>) -> HashMap<&'a str, u32> {
        let mut distinct: Vec<&str> = names
            .collect::<std::collections::HashSet<_>>()
            .into_iter()
            .collect();
        distinct.sort_unstable();
        distinct.into_iter().zip(0..).collect()
    }
    let keys: Vec<(u32, Period, u32, u32)> = {
        let lines = ranks(observations.iter().map(|o| o.line.as_str()));
        let metrics = ranks(observations.iter().map(|o| o.metric.as_str()));
        let mut keys: Vec<_> = observations
            .iter()
            .zip(0..)
            .map(|(o, i)| {
                (
                    lines[o.line.as_str()],
                    o.period,
                    metrics[o.metric.as_str()],
                    i,
                )
            })
            .collect();
        keys.sort_unstable();
        keys
    };
    let mut slots: Vec<Option<Observation>> = observations.into_iter().map(Some).collect();
    keys.into_iter()
        .map(|(_, _, _, i)| slots[i as usize].take().expect("each index once"))
        .collect()
}

/// A line has one lifecycle stage per period, wherever it is stated.
fn check_stages(observations: &[Observation], errors: &mut Vec<FrameError>) {
    let mut stages: HashMap<(&str, Period), (Stage, &str)> = HashMap::new();
    for o in observations {
        let Some(stage) = o.stage else { continue };
        match stages.get(&(o.line.as_str(), o.period)) {
            Some((first, place)) if *first != stage => {
                let error = FrameError::StageConflict {
                    line: o.line.clone(),
                    period: o.period.to_string(),
                    places: Box::new([
                        (place.to_string(), first.to_string()),
                        (o.source.clone(), stage.to_string()),
                    ]),
                };
                if !errors.contains(&error) {
                    errors.push(error);
                }
            }
            Some(_) => {}
            None => {
                stages.insert((o.line.as_str(), o.period), (stage, o.source.as_str()));
            }
        }
    }
}
