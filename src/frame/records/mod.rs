//! Record tables to KPI values: the one place where rows of another tool's
//! export (survey responses, support tickets, CRM deals, subscriptions,
//! marketing spend) become values per product line and period, each with
//! its sample size and a source that says how it was computed
//! (`tickets.csv (1,204 tickets solved in 2025-Q3)`).
//!
//! Survey responses (found by the responses layout) are counted as they
//! are read, per line and month, into tallies that add up (`responses.rs`,
//! `response_rows.rs`, `tally.rs`): a score histogram is all NPS and CSAT
//! need, so a million responses cost a few counters, not a table.
//!
//! A table is recognised by its columns (`schema.rs`, the fields of each
//! kind in its own file: `tickets.rs`, ...), read into typed columns
//! (`columns.rs`), and once every grid is read, aggregated with polars'
//! lazy API from KPI definitions written as data (`measure.rs`,
//! `engine.rs`). The values then merge with values read from KPI tables
//! exactly like a second KPI file: a value given both ways is a conflict
//! that names both places.

mod adoption;
mod assignments;
mod checks;
mod choices;
mod columns;
mod deals;
mod derived;
mod engine;
mod error;
mod events;
mod experiment_stats;
mod experiments;
mod features;
mod line_column;
mod measure;
mod memo;
mod money;
mod reading;
mod response_rows;
mod responses;
mod results;
mod schema;
mod spend;
pub mod sql;
mod subscription_state;
mod subscriptions;
mod tally;
mod tickets;
mod time_cells;

pub use adoption::FeatureUsage;
pub use choices::{CHOICES, COMMON_KEYS, Choice, Feature, MONEY_KEYS, RecordChoices, RecordRules};
pub use derived::derive;
pub use error::RecordError;
pub use experiment_stats::{Arm, Experiment, Verdict};
pub use schema::{Columns, RecordKind};

use super::lines::Lines;
use super::{FrameOptions, GridOutput, HEADER_SCAN_ROWS, Observation, Zone};
use crate::ingest::{CellRef, Grid};
use crate::model::Granularity;
use crate::model::format::and_list;
use crate::model::{DataIssue, Location};
use measure::Measure;
use polars::prelude::DataFrame;
use schema::Schema;
use std::collections::BTreeSet;

/// One kind of record: its fields and its KPIs.
pub struct Kind {
    pub schema: &'static Schema,
    /// The KPIs, each metric's definitions in order of preference.
    pub measures: fn(&RecordChoices) -> Vec<Measure>,
    /// For a kind whose KPIs are not one group-by of records per period
    /// (subscriptions: the state at each period's start and end), its own
    /// check and aggregation, used instead of [`engine::run`].
    pub custom: Option<&'static Custom>,
}

/// A kind's own aggregation: the tables of one group, each with the file
/// (and sheet) sources name it by, to KPI values per line and period; the
/// lines name the records' line ids; the product events read (each table
/// with its source) are for a kind whose records join them (assignments,
/// whose conversions are goal events).
pub type Aggregate = fn(
    Vec<(String, DataFrame)>,
    &RecordChoices,
    Granularity,
    Zone,
    &Lines,
    &[(String, DataFrame)],
) -> Result<Aggregated, RecordError>;

/// What a kind's own aggregation gives: KPI values, the experiments it
/// analysed (for the Experiments sheet), and warnings.
#[derive(Debug, Default)]
pub struct Aggregated {
    pub observations: Vec<Observation>,
    pub experiments: Vec<Experiment>,
    pub issues: Vec<DataIssue>,
}

/// The hooks of a kind with its own aggregation.
pub struct Custom {
    /// Checks one table as a whole, by its columns, before its records
    /// are (the schema's checks); `place` names the table (`stripe.csv`).
    /// A bad table is left out, with its errors.
    pub check: fn(&Columns, &str) -> Result<(), RecordError>,
    /// The KPI values of the tables of one group, each with the file (and
    /// sheet) sources name it by, per line and period of `by`; times are
    /// shown as dates in `zone` (`--timezone`).
    pub aggregate: Aggregate,
    /// What puts the records in periods, for `linecard check`.
    pub periods: fn(&Columns) -> String,
    /// Why `linecard sql` writes no SQL for this kind.
    pub no_sql: &'static str,
}

/// Every kind, in the order tables are tried.
pub const KINDS: &[Kind] = &[
    Kind {
        schema: &tickets::SCHEMA,
        measures: tickets::measures,
        custom: None,
    },
    Kind {
        schema: &deals::SCHEMA,
        measures: deals::measures,
        custom: None,
    },
    Kind {
        schema: &subscriptions::SCHEMA,
        measures: subscriptions::measures,
        custom: Some(&subscriptions::CUSTOM),
    },
    Kind {
        schema: &spend::SCHEMA,
        measures: spend::measures,
        custom: None,
    },
    Kind {
        schema: &events::SCHEMA,
        measures: events::measures,
        custom: None,
    },
    Kind {
        schema: &experiments::SCHEMA,
        measures: experiments::measures,
        custom: Some(&experiments::CUSTOM),
    },
    Kind {
        schema: &assignments::SCHEMA,
        measures: experiments::measures,
        custom: Some(&assignments::CUSTOM),
    },
];

impl RecordKind {
    /// The names of the kind's fields, as `records(kind, #{ columns })`
    /// takes them.
    pub fn field_names(self) -> Vec<&'static str> {
        kind(self).schema.fields.iter().map(|f| f.name).collect()
    }
}

fn kind(of: RecordKind) -> &'static Kind {
    KINDS
        .iter()
        .find(|k| k.schema.kind == of)
        .expect("every kind is listed")
}

/// The first of the top rows of `grid` that is the header of a record
/// table, and its columns. A table the rules describe (`records(kind, #{
/// file, columns })`) is looked for by the columns they name.
pub fn find(grid: &Grid, rules: &RecordRules) -> Option<(usize, Columns)> {
    let described = described(grid, rules);
    (0..grid.height().min(HEADER_SCAN_ROWS)).find_map(|r| {
        let header = header_texts(grid, r);
        described
            .iter()
            .find_map(|(k, c)| kind(*k).schema.recognise_naming(&header, &c.columns))
            .or_else(|| KINDS.iter().find_map(|k| k.schema.recognise(&header)))
            .map(|found| (r, found))
    })
}

/// The `records(...)` declarations that name the columns of `grid`'s file.
fn described<'a>(grid: &Grid, rules: &'a RecordRules) -> Vec<&'a (RecordKind, RecordChoices)> {
    rules
        .declared
        .iter()
        .filter(|(k, c)| {
            !c.columns.is_empty()
                && rules
                    .declaration(*k, &grid.file)
                    .is_some_and(|d| std::ptr::eq(d, c))
        })
        .collect()
}

/// Row `r`'s non-blank texts, trimmed, with their columns.
fn header_texts(grid: &Grid, r: usize) -> Vec<(usize, String)> {
    grid.row(r)
        .enumerate()
        .filter_map(|(c, cell)| match cell {
            CellRef::Text(t) if !t.trim().is_empty() => Some((c, t.trim().to_string())),
            _ => None,
        })
        .collect()
}

/// A `records(...)` that describes the columns of the files it names but
/// matches no header row of `grid`: what it names and what the header
/// holds, so that a typo says itself instead of the file being read
/// another way.
pub fn described_but_not_found(grid: &Grid, rules: &RecordRules) -> Option<RecordError> {
    let (kind, choices) = described(grid, rules).into_iter().next()?;
    let header: Vec<String> = header_texts(grid, 0)
        .into_iter()
        .map(|(_, t)| format!("\"{t}\""))
        .collect();
    let named: Vec<String> = choices
        .columns
        .iter()
        .map(|(field, column)| format!("{field}: \"{column}\""))
        .collect();
    Some(RecordError::NotAsDescribed {
        place: columns::grid_place(grid),
        kind: kind.word(),
        declared_at: choices.declared_at.clone().unwrap_or_default(),
        named: named.join(", "),
        header: header.join(", "),
    })
}

/// The rows below header row `row` of `grid` that hold records, and a
/// note for each row under the last record that holds one cell only (a
/// copyright line, a remark): those are not records.
fn record_rows(grid: &Grid, row: usize) -> (std::ops::Range<usize>, Vec<String>) {
    let filled = |r: usize| -> Vec<CellRef> { grid.row(r).filter(|c| !c.is_empty()).collect() };
    let mut end = grid.height();
    let mut notes = Vec::new();
    while end > row + 1 {
        match filled(end - 1).as_slice() {
            [] => {}
            [one] => notes.push(format!(
                "row {} below the records holds a note, not a record: \"{}\"",
                grid.row_number(end - 1),
                one.shown().trim()
            )),
            _ => break,
        }
        end -= 1;
    }
    notes.reverse();
    (row + 1..end, notes)
}

/// One table's records, typed, waiting for the aggregation.
struct Table {
    kind: RecordKind,
    choices: RecordChoices,
    /// The file (and sheet) as sources name it.
    source: String,
    /// The fields the table has.
    present: BTreeSet<&'static str>,
    frame: DataFrame,
    /// The currency its amounts are in, when it says.
    currency: Option<String>,
}

/// The tables of one kind read under the same rules, aggregated together.
struct Group {
    kind: RecordKind,
    choices: RecordChoices,
    sources: Vec<String>,
    present: BTreeSet<&'static str>,
    frames: Vec<DataFrame>,
    /// Each currency its tables' amounts are in, with the first table in it.
    currencies: Vec<(String, String)>,
}

/// Every record table read so far, and every survey response.
#[derive(Default)]
pub struct Records {
    tables: Vec<Table>,
    responses: responses::Responses,
}

impl Records {
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty() && self.responses.is_empty()
    }

    /// Reads the survey responses below `header` (the responses layout,
    /// `responses.rs`): counted per line and month as they are read.
    pub fn read_responses(
        &mut self,
        grid: &Grid,
        header: &super::layout::Header,
        options: &FrameOptions,
        out: &mut GridOutput,
    ) {
        self.responses.read(grid, header, options, out);
    }

    /// Reads the rows below header row `row` of `grid` as records with
    /// these columns.
    pub fn read(
        &mut self,
        grid: &Grid,
        row: usize,
        found: &Columns,
        options: &FrameOptions,
        out: &mut GridOutput,
    ) {
        let kind = kind(found.kind);
        let place = columns::grid_place(grid);
        let declared = options.records.for_file(found.kind, &grid.file);
        let (choices, lined) = line_column::lined(found, kind.schema, declared, &place);
        let measures = (kind.measures)(&choices);
        let mut present: BTreeSet<&'static str> = found.fields.keys().copied().collect();
        events::with_feature_use(&mut present, &choices);
        let (rows, notes) = record_rows(grid, row);
        let periods = kind.custom.map(|custom| (custom.periods)(found));
        let mut read = reading::reading(grid, row, found, &choices, &measures, &present, periods);
        read.skipped.extend(notes);
        out.readings.push(read);
        if let Err(error) = lined {
            out.errors.push(error.into());
            return;
        }
        let typed = columns::read(grid, rows, found, kind.schema, &choices, options, out)
            .and_then(|frame| match kind.schema.money {
                Some((currency, amounts)) => {
                    money::one_currency(frame, currency, amounts, &choices, found.kind, &place)
                }
                None => Ok((frame, None)),
            })
            .and_then(|(frame, currency)| match kind.custom {
                Some(custom) => (custom.check)(found, &place).map(|()| (frame, currency)),
                None => Ok((frame, currency)),
            })
            .and_then(|(frame, currency)| {
                let checks = kind.schema.checks;
                checks::run(&frame, checks, found.kind, found, &place, options.timezone)
                    .map(|()| (frame, currency))
            })
            .and_then(|(frame, currency)| {
                let (frame, note) = checks::one_per_id(frame, found.kind, &place)?;
                if let Some(note) = note {
                    let at = Location {
                        file: Some(grid.file.clone()),
                        sheet: grid.sheet.clone(),
                        ..Location::default()
                    };
                    out.issues.push(DataIssue::warning(note, at));
                }
                Ok((frame, currency))
            });
        match typed {
            Ok((frame, currency)) => self.tables.push(Table {
                kind: found.kind,
                choices,
                source: place,
                present,
                frame,
                currency,
            }),
            Err(error) => out
                .errors
                .extend(error.into_each().into_iter().map(Into::into)),
        }
    }

    /// The KPI values of every table, per line and period of `by`. Tables
    /// of one kind read under the same rules are aggregated together;
    /// `zone` (`--timezone`) shows the dates some sources name.
    pub fn aggregate(self, by: Granularity, zone: Zone, out: &mut GridOutput) -> Vec<Observation> {
        let mut observations = match self.responses.is_empty() {
            true => Vec::new(),
            false => self.responses.aggregate(by),
        };
        let mut groups: Vec<Group> = Vec::new();
        for table in self.tables {
            // Lines and currencies are settled as each table is read: the
            // choices of the KPI definitions decide which add up.
            let group = match groups
                .iter_mut()
                .position(|g| g.kind == table.kind && g.choices.chosen == table.choices.chosen)
            {
                Some(at) => &mut groups[at],
                None => {
                    groups.push(Group {
                        kind: table.kind,
                        choices: table.choices,
                        sources: Vec::new(),
                        present: BTreeSet::new(),
                        frames: Vec::new(),
                        currencies: Vec::new(),
                    });
                    groups.last_mut().expect("just pushed")
                }
            };
            if let Some(code) = table.currency
                && !group.currencies.iter().any(|(c, _)| *c == code)
            {
                group.currencies.push((code, table.source.clone()));
            }
            group.sources.push(table.source);
            group.present.extend(table.present);
            group.frames.push(table.frame);
        }
        // The events of every group, for the kinds that join them.
        let events: Vec<(String, DataFrame)> = groups
            .iter()
            .filter(|g| g.kind == RecordKind::Events)
            .flat_map(|g| g.sources.iter().cloned().zip(g.frames.iter().cloned()))
            .collect();
        for group in groups {
            if group.currencies.len() > 1 {
                let list: Vec<String> = group
                    .currencies
                    .iter()
                    .map(|(code, source)| format!("{source} ({code})"))
                    .collect();
                out.errors.push(
                    RecordError::CurrenciesAcross {
                        list: and_list(&list),
                        example: money::example(
                            group.currencies.iter().map(|(c, _)| c.as_str()),
                            group.choices.currency.as_deref(),
                            group.kind,
                        ),
                    }
                    .into(),
                );
                continue;
            }
            let kind = kind(group.kind);
            let result = match kind.custom {
                Some(custom) => (custom.aggregate)(
                    group.sources.into_iter().zip(group.frames).collect(),
                    &group.choices,
                    by,
                    zone,
                    &out.lines,
                    &events,
                )
                .map(|aggregated| {
                    out.experiments.extend(aggregated.experiments);
                    out.issues.extend(aggregated.issues);
                    aggregated.observations
                }),
                None if group.kind == RecordKind::Events => events::aggregate(
                    group.frames,
                    &group.sources,
                    &group.choices,
                    &group.present,
                    by,
                    out,
                ),
                None => {
                    let measures = (kind.measures)(&group.choices);
                    let sources = crate::model::format::files(&group.sources);
                    engine::run(group.frames, &group.present, &measures, by, &sources)
                }
            };
            match result {
                Ok(values) => {
                    if let Some((code, source)) = group.currencies.first() {
                        super::currencies::from_records(&values, code, source, &mut out.currencies);
                    }
                    observations.extend(values)
                }
                Err(error) => out
                    .errors
                    .extend(error.into_each().into_iter().map(Into::into)),
            }
        }
        observations
    }
}
