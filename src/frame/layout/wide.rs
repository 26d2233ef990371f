//! Wide KPI tables: one row per product line and period, one column per
//! metric. Turns every filled metric cell into an [`Observation`].

use super::{self as layout, Header};
use crate::frame::columns::ColumnRole;
use crate::frame::references::{self, At};
use crate::frame::units::{self, Group};
use crate::frame::{FrameError, FrameOptions, GridOutput, Layout, Observation, blocks};
use crate::ingest::Grid;
use crate::model::{DataIssue, Granularity, Location, MetricId, ReferenceKind};
use crate::parallel;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// The fewest rows worth a thread of their own.
const ROWS_PER_THREAD: usize = 20_000;

/// One metric column of the table.
struct MetricColumn {
    column: usize,
    header: String,
    metric: MetricId,
    /// The column holding this metric's sample size, and its header.
    sample: Option<(usize, String)>,
    /// Whether a percent (`35%`) means the number shown (35): the metric's
    /// unit is known and not a fraction.
    percent_as_shown: bool,
    /// Whether the column is unknown (not a catalogue metric, a synonym or
    /// an alias), so that a column of text in it is skipped.
    unknown: bool,
}

/// Reads the rows below the header of a wide table, grid number `index`,
/// a large one in blocks on parallel threads.
pub fn read(
    grid: &Grid,
    index: usize,
    header: &Header,
    options: &FrameOptions,
    date_as: Granularity,
    out: &mut GridOutput,
) {
    out.readings
        .push(layout::describe::reading(grid, header, Layout::Wide));
    let Some(metrics) = metric_columns(grid, header, options, out) else {
        return;
    };
    let refs = reference_columns(grid, header, &metrics, out);
    let blocks = blocks::split(header.body(), ROWS_PER_THREAD);
    let read = Read {
        grid,
        index,
        header,
        metrics: &metrics,
        references: &refs,
        options,
        date_as,
    };
    read.blocks(&blocks, options, out);
}

/// A column giving a metric's target, threshold or benchmark.
struct RefColumn {
    column: usize,
    header: String,
    metric: MetricId,
    kind: ReferenceKind,
    /// `"NPS Target" column`, or `Target column` for one naming no metric.
    how: String,
}

/// The table's target, threshold and benchmark columns. One that names no
/// metric (`Target`) is the only metric column's; beside several it is
/// skipped with a warning saying how to name it.
fn reference_columns(
    grid: &Grid,
    header: &Header,
    metrics: &[MetricColumn],
    out: &mut GridOutput,
) -> Vec<RefColumn> {
    let mut refs = Vec::new();
    for (c, text, role) in &header.columns {
        let (metric, kind, how) = match role {
            ColumnRole::Reference(m, kind) => (m.clone(), kind, format!("\"{text}\" column")),
            ColumnRole::ReferenceValue(kind) => match metrics {
                [only] => (only.metric.clone(), kind, format!("{text} column")),
                _ => {
                    out.issues
                        .push(unnamed_reference(grid, header, text, kind, metrics));
                    continue;
                }
            },
            _ => continue,
        };
        refs.push(RefColumn {
            column: *c,
            header: text.clone(),
            metric,
            kind: kind.clone(),
            how,
        });
    }
    refs
}

/// The warning for a `Target` column beside no or several metric columns.
fn unnamed_reference(
    grid: &Grid,
    header: &Header,
    text: &str,
    kind: &ReferenceKind,
    metrics: &[MetricColumn],
) -> DataIssue {
    let example = metrics.first().map_or("NPS", |m| m.header.as_str());
    let what = match kind {
        ReferenceKind::Benchmark(_) => "a benchmark".to_string(),
        other => format!("a {other}"),
    };
    DataIssue::warning(
        format!(
            "the column \"{text}\" (row {}) gives {what} but names no KPI, and the table has {} KPI columns: skipped; name the KPI in its header, like \"{example} {text}\"",
            grid.row_number(header.row),
            metrics.len()
        ),
        Location {
            file: Some(grid.file.clone()),
            sheet: grid.sheet.clone(),
            row: None,
            column: Some(text.to_string()),
        },
    )
}

/// The table's metric columns, each with its sample-size column if any;
/// `None` (with the error recorded) when a metric has two columns.
fn metric_columns(
    grid: &Grid,
    header: &Header,
    options: &FrameOptions,
    out: &mut GridOutput,
) -> Option<Vec<MetricColumn>> {
    let mut metrics: Vec<MetricColumn> = Vec::new();
    let mut seen: BTreeSet<&MetricId> = BTreeSet::new();
    let mut samples: BTreeMap<MetricId, (usize, String)> = BTreeMap::new();
    for (c, text, role) in &header.columns {
        match role {
            ColumnRole::Metric(m) => {
                if !seen.insert(m) {
                    out.errors.push(FrameError::DuplicateColumn {
                        place: grid.cell_ref(header.row, *c),
                        column: text.clone(),
                    });
                    return None;
                }
                // A header that normalises to another name is a synonym or
                // an alias.
                let renamed = MetricId::normalise(text).is_none_or(|n| n != *m);
                metrics.push(MetricColumn {
                    column: *c,
                    header: text.clone(),
                    metric: m.clone(),
                    sample: None,
                    percent_as_shown: units::percent_as_shown(options, m),
                    unknown: !options.units.contains_key(m) && !renamed,
                });
            }
            ColumnRole::SampleSize(m) => {
                samples.insert(m.clone(), (*c, text.clone()));
            }
            _ => {}
        }
    }
    for metric in &mut metrics {
        metric.sample = samples.get(&metric.metric).cloned();
    }
    Some(metrics)
}

/// What reading a wide table's rows needs to know.
struct Read<'a> {
    grid: &'a Grid,
    /// The grid's number, as sources name it.
    index: usize,
    header: &'a Header,
    metrics: &'a [MetricColumn],
    references: &'a [RefColumn],
    options: &'a FrameOptions,
    date_as: Granularity,
}

impl Read<'_> {
    /// Reads `blocks` of rows, one thread each, then checks each column's
    /// units over all of them.
    fn blocks(&self, blocks: &[Range<usize>], options: &FrameOptions, out: &mut GridOutput) {
        // The first block's list has room for every block's values, so that
        // the others are appended to it without moving it.
        let all_rows: usize = blocks.iter().map(Range::len).sum();
        let first_reference = out.references.len();
        let parts = parallel::each(blocks, |rows| {
            let room = match rows.start == blocks[0].start {
                true => all_rows,
                false => rows.len(),
            };
            self.rows(rows.clone(), room)
        });
        let mut groups: Vec<Group> = self
            .metrics
            .iter()
            .map(|m| Group::new(m.header.clone(), m.column, m.metric.clone()))
            .collect();
        for (part, part_groups) in parts {
            let offset = out.observations.len();
            let error_offset = out.errors.len();
            out.append(part);
            for (group, part_group) in groups.iter_mut().zip(part_groups) {
                group.append(part_group, offset, error_offset);
            }
        }
        let text = self.skip_text_columns(&mut groups, out);
        units::check_groups(self.grid, &mut groups, options, out);
        let headers: Vec<(usize, String)> = self
            .references
            .iter()
            .map(|r| (r.column, r.header.clone()))
            .collect();
        references::check_units(self.grid, first_reference, &headers, options, out);
        drop_sorted(&mut out.observations, &text);
    }

    /// Skips, with a warning, each unknown column whose filled cells are
    /// mostly not numbers (a "Comments" column): its errors are dropped and
    /// its groups emptied. Returns the observations to drop, sorted, once
    /// the groups are checked.
    fn skip_text_columns(&self, groups: &mut [Group], out: &mut GridOutput) -> Vec<usize> {
        let mut drop_errors: Vec<usize> = Vec::new();
        let mut drop_values: Vec<usize> = Vec::new();
        for group in groups.iter_mut() {
            if group.not_numbers.len() <= group.len() {
                continue;
            }
            let first = &out.errors[group.not_numbers[0]];
            let example = match first {
                FrameError::BadNumber { raw, .. } | FrameError::ExcelError { raw, .. } => {
                    raw.clone()
                }
                _ => String::new(),
            };
            out.issues.push(units::column_warning(
                self.grid,
                &group.column,
                format!("the column holds text, not numbers (e.g. \"{example}\"): skipped"),
            ));
            drop_errors.append(&mut group.not_numbers);
            drop_values.extend_from_slice(group.indices());
            *group = Group::new(group.column.clone(), group.at, group.metric.clone());
        }
        drop_errors.sort_unstable();
        drop_sorted(&mut out.errors, &drop_errors);
        drop_values.sort_unstable();
        drop_values
    }

    /// Reads `rows`: the output (lines named in it, with room for the
    /// values of `room` rows) and each metric column's group of
    /// observations.
    fn rows(&self, rows: Range<usize>, room: usize) -> (GridOutput, Vec<Group>) {
        let Read {
            grid,
            index,
            header,
            metrics,
            references,
            options,
            date_as,
        } = *self;
        let mut out = GridOutput::default();
        // Each block's own copies of the ids: threads that shared them would
        // contend for their reference counts, once per value.
        let ids: Vec<MetricId> = metrics.iter().map(|m| m.metric.detached()).collect();
        let mut groups: Vec<Group> = metrics
            .iter()
            .zip(&ids)
            .map(|(m, id)| Group::new(m.header.clone(), m.column, id.clone()))
            .collect();
        out.observations.reserve(room.saturating_mul(metrics.len()));
        for r in rows {
            if grid.row_is_empty(r) {
                continue;
            }
            let Some(key) = layout::row_key(grid, header, r, date_as, &mut out) else {
                continue;
            };
            for ((m, id), group) in metrics.iter().zip(&ids).zip(groups.iter_mut()) {
                let (value, decimal) = match units::value_cell(
                    grid,
                    (r, m.column),
                    &m.header,
                    m.percent_as_shown,
                    &mut out,
                ) {
                    units::ValueCell::Value(value, decimal) => (value, decimal),
                    units::ValueCell::Missing => continue,
                    units::ValueCell::Refused { not_a_number } => {
                        if not_a_number && m.unknown {
                            group.not_numbers.push(out.errors.len() - 1);
                        }
                        continue;
                    }
                };
                let sample_size = m
                    .sample
                    .as_ref()
                    .and_then(|(sc, stext)| units::sample_size(grid, r, *sc, stext, &mut out));
                group.push(out.observations.len(), value, decimal);
                out.observations.push(Observation {
                    line: key.line,
                    period: key.period,
                    stage: key.stage,
                    metric: id.clone(),
                    value,
                    sample_size,
                    source: header.source(index, r, m.column),
                });
            }
            for col in references {
                let at = At {
                    index,
                    cell: (r, col.column),
                    column: &col.header,
                    line: key.line,
                    period: key.period,
                    metric: col.metric.clone(),
                    kind: col.kind.clone(),
                    how: col.how.clone(),
                };
                references::push(grid, at, options, &mut out);
            }
        }
        (out, groups)
    }
}

/// Removes the items at `indices` (sorted) from `items`.
fn drop_sorted<T>(items: &mut Vec<T>, indices: &[usize]) {
    if indices.is_empty() {
        return;
    }
    let mut i = 0;
    items.retain(|_| {
        i += 1;
        indices.binary_search(&(i - 1)).is_err()
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::HeaderMap;
    use crate::frame::layout::find_header;
    use crate::model::Unit;

    #[test]
    fn blocks_read_apart_give_what_one_pass_gives() {
        let header = ["Product Line", "Quarter", "NPS", "Feature Adoption %"];
        let mut columns: Vec<Vec<String>> = header.iter().map(|h| vec![h.to_string()]).collect();
        for i in 0..3000 {
            let nps = match i {
                700 => "140".to_string(),
                2500 => "lots".to_string(),
                _ => (i % 90).to_string(),
            };
            // Whole percentages in every block: one decision for the column.
            let adoption = (2 + i % 98).to_string();
            let row = [
                format!("Line {}", i % 7),
                format!("{}-Q{}", 2000 + i / 28, 1 + (i / 7) % 4),
                nps,
                adoption,
            ];
            for (column, text) in columns.iter_mut().zip(row) {
                column.push(text);
            }
        }
        let grid = Grid::from_texts("w.csv", &columns);
        let header = find_header(&grid, &HeaderMap::new(&BTreeMap::new())).expect("header");
        let options = FrameOptions {
            units: [("nps", Unit::Score), ("feature_adoption", Unit::Fraction)]
                .into_iter()
                .map(|(m, u)| (MetricId::normalise(m).unwrap(), u))
                .collect(),
            ..FrameOptions::default()
        };
        let read = |blocks: &[Range<usize>]| {
            let mut out = GridOutput::default();
            let metrics = metric_columns(&grid, &header, &options, &mut out).expect("metrics");
            let read = Read {
                grid: &grid,
                index: 0,
                header: &header,
                metrics: &metrics,
                references: &[],
                options: &options,
                date_as: Granularity::Quarter,
            };
            read.blocks(blocks, &options, &mut out);
            let grids = std::slice::from_ref(&grid);
            let values: Vec<_> = out
                .observations
                .iter()
                .map(|o| {
                    let line = out.lines.name(o.line).to_string();
                    (
                        line,
                        o.period,
                        o.metric.clone(),
                        o.value,
                        o.source.text(grids),
                    )
                })
                .collect();
            let errors: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
            let issues: Vec<String> = out.issues.iter().map(|i| i.to_string()).collect();
            (values, errors, issues)
        };
        let whole = read(std::slice::from_ref(&(1..3001)));
        assert_eq!(whole.0.len(), 5999);
        assert_eq!(whole.0[1].3, 0.02);
        assert_eq!(whole.1.len(), 2, "{:?}", whole.1);
        assert_eq!(whole.2.len(), 1, "{:?}", whole.2);
        assert_eq!(whole, read(&[1..1000, 1000..2100, 2100..3001]));
    }
}
