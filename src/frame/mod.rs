//! Stage 2 of 5: raw grids in, one canonical KPI frame out.
//!
//! `ingest -> frame -> rules -> scorecard -> report`. This stage reads the
//! header row of every grid, maps columns to lines, periods, stages and
//! metrics, parses every value into canonical units, and merges all files
//! into one long polars frame with the columns `line`, `period`, `stage`,
//! `metric`, `value`, `sample_size` and `source` (where the value came from).
//! Every bad cell is collected and reported with its place; a value is never
//! guessed or silently dropped.

mod blocks;
mod columns;
mod context;
mod currencies;
mod date_order;
mod dates;
mod decimals;
pub mod durations;
mod error;
mod fiscal;
pub mod instants;
mod layout;
mod lines;
mod merge;
mod overrides;
mod people;
mod reading;
pub mod records;
mod reference_words;
mod references;
mod source;
mod table;
mod table_columns;
mod units;
mod values;
mod zone;

pub use columns::{ColumnRole, HeaderMap};
pub use date_order::DateOrder;
pub use dates::named_period;
pub use error::FrameError;
pub use instants::Zone;
pub use layout::HEADER_SCAN_ROWS;
pub use overrides::{ForcedShape, LayoutOverride, Outside, glob_match};
pub use reading::{Layout, Reading};
pub use table::{KpiFrame, ObservationRef};

use crate::ingest::Grid;
use crate::model::{
    DataIssue, DataReference, ErrorList, Granularity, Location, MetricId, Period, ReferenceKind,
    Stage, Unit,
};
use layout::{Shape, across, long, outside, surroundings, wide};
use lines::{LineId, Lines};
use people::{Mention, Role};
use source::Source;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// What the frame stage needs to know from the rules, passed in by the caller
/// so that this stage does not depend on a later one.
#[derive(Debug, Clone, Default)]
pub struct FrameOptions {
    /// Extra header names for metrics (header text -> metric).
    pub aliases: BTreeMap<String, MetricId>,
    /// Canonical units of known metrics, for range checks and percent columns.
    pub units: BTreeMap<MetricId, Unit>,
    /// The rules' `layout(...)` declarations, in the order declared.
    pub layouts: Vec<LayoutOverride>,
    /// `--date-order`: whether `3/4/2025` is day or month first, for a
    /// column whose dates do not say.
    pub date_order: Option<DateOrder>,
    /// `--fiscal-year-start`: the fiscal year's first month (1..=12);
    /// `None` for January.
    pub fiscal_year_start: Option<u32>,
    /// The rules' `records(...)` declarations: where record tables take
    /// their lines from, and the choices of their KPI definitions.
    pub records: records::RecordRules,
    /// `--timezone`: the zone periods are decided in (see [`Zone`]); UTC
    /// by default.
    pub timezone: Zone,
    /// Where each metric's `currency:` key is written in the rules (its
    /// currency is in `units`), for an input that names another.
    pub currency_keys: BTreeMap<MetricId, String>,
    /// `--max-scorecards`: the most product lines × periods the values may
    /// span; [`MAX_SCORECARDS`] when `None`.
    pub max_scorecards: Option<usize>,
}

/// The most scorecards (product lines × periods: every line gets one for
/// every period) the values may span unless `--max-scorecards` says
/// otherwise. A scorecard holds a result for every catalogue metric, about
/// 6 KB in all, so this many take about 1.2 GB; the values are checked
/// against it before the frame is built from them.
pub const MAX_SCORECARDS: usize = 200_000;

impl FrameOptions {
    /// The canonical unit of `metric`: the catalogue's, else a plain number.
    pub fn unit(&self, metric: &MetricId) -> Unit {
        self.units.get(metric).copied().unwrap_or(Unit::Number)
    }

    /// The first `layout(...)` declaration whose file (and sheet) pattern
    /// matches `grid`, if any.
    pub fn layout_for(&self, grid: &Grid) -> Option<&LayoutOverride> {
        self.layouts.iter().find(|l| l.matches(grid))
    }
}

/// One value read from one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// The product line, named in [`GridOutput::lines`].
    pub line: LineId,
    pub period: Period,
    pub stage: Option<Stage>,
    pub metric: MetricId,
    pub value: f64,
    pub sample_size: Option<u32>,
    /// Where the value came from: `file.xlsx!Sheet!E7` once written out.
    pub source: Source,
}

/// A target, threshold or benchmark read from one cell (see
/// [`DataReference`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub line: LineId,
    pub period: Period,
    pub metric: MetricId,
    pub kind: ReferenceKind,
    pub value: f64,
    pub source: Source,
    /// How the cell was known to hold it, shown after its place:
    /// `Target column`, `Target under Q1 2025`, `NPS target row`.
    pub how: String,
}

/// What reading the grids produced.
#[derive(Default)]
pub struct GridOutput {
    /// The names of the lines the observations name.
    pub lines: Lines,
    pub observations: Vec<Observation>,
    /// Targets, thresholds and benchmarks given in the data.
    pub references: Vec<Reference>,
    /// How each grid was read, for `check`.
    pub readings: Vec<Reading>,
    pub errors: Vec<FrameError>,
    pub issues: Vec<DataIssue>,
    pub people: Vec<Mention>,
    /// Headers and record exports that name their money's currency.
    pub currencies: Vec<currencies::Said>,
    /// The experiments analysed from experiment results.
    pub experiments: Vec<records::Experiment>,
    /// The adoption of each feature the rules declare, from product events.
    pub features: Vec<records::FeatureUsage>,
}

impl GridOutput {
    /// Appends `part`, read apart (on another thread) with line ids of its
    /// own: its lines are interned here and its observations renamed to
    /// match. Returns the id here of each of the part's line ids.
    pub fn append(&mut self, mut part: GridOutput) -> Vec<LineId> {
        let ids: Vec<LineId> = part.lines.names().map(|n| self.lines.intern(n)).collect();
        for o in &mut part.observations {
            o.line = ids[o.line.index()];
        }
        // The first part's observations are taken as they are, not copied.
        if self.observations.is_empty() {
            self.observations = part.observations;
        } else {
            self.observations.append(&mut part.observations);
        }
        for r in &mut part.references {
            r.line = ids[r.line.index()];
        }
        self.references.extend(part.references);
        self.readings.extend(part.readings);
        self.errors.extend(part.errors);
        self.issues.extend(part.issues);
        self.people.extend(part.people);
        self.currencies.extend(part.currencies);
        self.experiments.extend(part.experiments);
        self.features.extend(part.features);
        ids
    }
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
    build_reading(grids, options, period_by).0
}

/// The outcome of a build, and how each grid was read (kept when the build
/// fails).
pub type Built = (Result<KpiFrame, ErrorList<FrameError>>, Vec<Reading>);

/// [`build_by`], with how each grid was read also returned beside the
/// outcome, so that `check` can say it when the build fails.
pub fn build_reading(
    grids: &[Grid],
    options: &FrameOptions,
    period_by: Option<Granularity>,
) -> Built {
    let headers = HeaderMap::new(&options.aliases).knowing(options.units.keys());
    let date_as = period_by.unwrap_or(Granularity::Quarter);
    let mut all = GridOutput::default();
    let mut record_tables = records::Records::default();

    // A workbook may hold notes or chart sheets: a sheet without a header row
    // is skipped with a warning, unless no sheet of its file is a KPI table.
    let mut files_with_table: HashMap<&str, bool> = HashMap::new();
    let mut missing_headers: Vec<&Grid> = Vec::new();
    for (index, grid) in grids.iter().enumerate() {
        let has_table = files_with_table.entry(grid.file.as_str()).or_default();
        let forced = options.layout_for(grid);
        // An export of records (tickets, deals, ...) is known by its
        // columns, unless the rules name the grid's shape.
        if let Some((row, found)) = forced
            .is_none_or(|f| f.shape.is_none())
            .then(|| records::find(grid, &options.records))
            .flatten()
        {
            *has_table = true;
            record_tables.read(grid, row, &found, options, &mut all);
            continue;
        }
        if let Some(error) = records::described_but_not_found(grid, &options.records) {
            *has_table = true;
            all.errors.push(error.into());
            continue;
        }
        let found = layout::detect(grid, &headers, options);
        let first = match found {
            Ok(Some(header)) => header,
            Ok(None) => {
                missing_headers.push(grid);
                continue;
            }
            Err(error) => {
                *has_table = true;
                all.errors.push(error);
                continue;
            }
        };
        *has_table = true;
        if let Some(message) = forced.and_then(|f| f.unused(first.shape)) {
            all.issues.push(DataIssue::warning(
                message,
                Location {
                    file: Some(grid.file.clone()),
                    sheet: grid.sheet.clone(),
                    ..Location::default()
                },
            ));
        }
        // A shape the rules name is taken as it is.
        let guessed = forced.is_none_or(|f| f.shape.is_none());
        if let Some(error) = guessed
            .then(|| layout::guess::responses_without_score(grid, &first, options))
            .flatten()
        {
            all.errors.push(error);
            continue;
        }
        // A sheet may hold several tables, stacked or side by side.
        for (mut header, around) in surroundings::tables(grid, first, &headers) {
            if let Some(forced) = forced
                && let Err(error) = layout::declared::follow(grid, &headers, forced, &mut header)
            {
                all.errors.push(error);
                continue;
            }
            let period_read =
                header.outside.period.is_none() || header.outside.period_column.is_some();
            currencies::from_headers(
                grid,
                header.row,
                &header.columns,
                options,
                &mut all.currencies,
            );
            if period_read && header.shape != Shape::Across {
                header.dates = date_order::prepare(grid, &header, options, &mut all);
            }
            match header.shape {
                Shape::Wide => wide::read(grid, index, &header, options, date_as, &mut all),
                Shape::Long => {
                    long::read(grid, index, &header, options, &headers, date_as, &mut all)
                }
                Shape::Responses => record_tables.read_responses(grid, &header, options, &mut all),
                Shape::Across => {
                    let from = across::line_from(forced);
                    across::read(grid, index, &header, options, &headers, &from, &mut all)
                }
            }
            surroundings::note(grid, &header, &around, &mut all);
            outside::note_reading(grid, &header, &mut all);
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
            all.errors.push(
                outside::why_not(grid, &headers, options)
                    .unwrap_or_else(|| layout::guess::no_header(grid, &headers)),
            );
        }
    }
    if !record_tables.is_empty() {
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
        let computed = record_tables.aggregate(by, options.timezone, &mut all);
        all.observations.extend(computed);
    }
    let derived = records::derive(
        &all.observations,
        &options.records,
        grids,
        &all.lines,
        &mut all.issues,
    );
    all.observations.extend(derived);

    let GridOutput {
        lines,
        observations,
        references,
        readings,
        mut errors,
        mut issues,
        people,
        currencies,
        experiments,
        features,
    } = all;
    for alike in lines.look_alikes() {
        issues.push(DataIssue::warning(
            look_alike_message(&alike),
            Location::default(),
        ));
    }
    if let Some(error) = too_many_scorecards(&observations, &lines, options) {
        return (Err(ErrorList(vec![error])), readings);
    }
    let (observations, metrics) = merge::merge(observations, &lines, grids, options, &mut errors);
    merge::check_stages(&observations, &lines, grids, &mut errors);
    let references = references::merge(references, &lines, grids, options, &mut errors);
    let money = currencies::resolve(&observations, currencies, grids, options, &mut errors);
    if !errors.is_empty() {
        return (Err(ErrorList(errors)), readings);
    }
    let people = people::resolve(people, &mut issues);
    let references = references
        .into_iter()
        .map(|r| DataReference {
            source: references::described(&r, grids),
            line: lines.name(r.line).to_string(),
            period: r.period,
            metric: r.metric,
            kind: r.kind,
            value: r.value,
        })
        .collect();
    let mut frame =
        match KpiFrame::from_observations(observations, metrics, &lines, grids, issues, people) {
            Ok(frame) => frame,
            Err(e) => return (Err(ErrorList(vec![e])), readings),
        };
    frame.set_read(references, readings.clone());
    frame.set_money(money);
    frame.set_experiments(experiments);
    frame.set_features(features);
    (Ok(frame), readings)
}

/// The lines × periods the observations span, past the limit.
fn too_many_scorecards(
    observations: &[Observation],
    lines: &Lines,
    options: &FrameOptions,
) -> Option<FrameError> {
    let most = options.max_scorecards.unwrap_or(MAX_SCORECARDS);
    // One pass: line ids are dense, so a flag per line; periods are few.
    let mut seen = vec![false; lines.len()];
    let mut periods: HashSet<Period> = HashSet::new();
    for o in observations {
        seen[o.line.index()] = true;
        periods.insert(o.period);
    }
    let line_count = seen.iter().filter(|s| **s).count();
    let cards = line_count.saturating_mul(periods.len());
    (cards > most).then_some(FrameError::TooManyScorecards {
        lines: line_count,
        periods: periods.len(),
        cards,
        most,
    })
}

/// The warning for product lines that look like one: differing only in
/// capitals, or in characters that cannot be seen (named, and shown as
/// their codes so the names no longer look the same).
fn look_alike_message(alike: &lines::LookAlike) -> String {
    let quoted: Vec<String> = alike
        .names
        .iter()
        .map(|n| format!("\"{}\"", lines::shown(n)))
        .collect();
    let (quoted, count) = (quoted.join(" and "), alike.names.len());
    if alike.hidden.is_empty() {
        return format!(
            "the product lines {quoted} differ only in capitals, so they are reported as {count} lines; if they are one, write its name the same way everywhere"
        );
    }
    let hidden: Vec<String> = alike
        .hidden
        .iter()
        .map(|c| {
            let (name, _) = lines::unseen(*c).expect("only unseen characters are listed");
            format!("{name} (U+{:04X})", u32::from(*c))
        })
        .collect();
    format!(
        "the product lines {quoted} look the same but differ in {}, which cannot be seen, so they are reported as {count} lines; if they are one, retype its name where it holds the hidden character",
        hidden.join(" and ")
    )
}
