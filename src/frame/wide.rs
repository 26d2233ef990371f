//! Wide KPI tables: one row per product line and period, one column per
//! metric. Turns every filled metric cell into an [`Observation`].

use super::columns::ColumnRole;
use super::layout::{self, Header};
use super::units::{self, Group};
use super::values::{self, Number};
use super::{FrameError, FrameOptions, GridOutput, Observation, Source};
use crate::ingest::Grid;
use crate::model::{Granularity, MetricId};
use std::collections::BTreeMap;

/// One metric column of the table.
struct MetricColumn {
    column: usize,
    header: String,
    metric: MetricId,
    /// The column holding this metric's sample size, and its header.
    sample: Option<(usize, String)>,
}

/// Reads the rows below the header of a wide table, grid number `index`.
pub fn read(
    grid: &Grid,
    index: usize,
    header: &Header,
    options: &FrameOptions,
    date_as: Granularity,
    out: &mut GridOutput,
) {
    let mut metrics: Vec<MetricColumn> = Vec::new();
    let mut samples: BTreeMap<MetricId, (usize, String)> = BTreeMap::new();
    for (c, text, role) in &header.columns {
        match role {
            ColumnRole::Metric(m) => {
                if metrics.iter().any(|seen| seen.metric == *m) {
                    out.errors.push(FrameError::DuplicateColumn {
                        place: grid.cell_ref(header.row, *c),
                        column: text.clone(),
                    });
                    return;
                }
                metrics.push(MetricColumn {
                    column: *c,
                    header: text.clone(),
                    metric: m.clone(),
                    sample: None,
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
    let mut groups: Vec<Group> = metrics
        .iter()
        .map(|m| Group::new(m.header.clone(), m.metric.clone()))
        .collect();
    let rows = grid.height().saturating_sub(header.row + 1);
    out.observations.reserve(rows.saturating_mul(metrics.len()));
    for r in header.row + 1..grid.height() {
        if grid.row_is_empty(r) {
            continue;
        }
        let Some(key) = layout::row_key(grid, header, r, date_as, out) else {
            continue;
        };
        for (m, group) in metrics.iter().zip(groups.iter_mut()) {
            let value = match values::number(grid.cell(r, m.column)) {
                Number::Missing => continue,
                Number::Value(v) => v,
                Number::Invalid(raw) => {
                    out.errors.push(FrameError::BadNumber {
                        cell: grid.cell_ref(r, m.column),
                        column: m.header.clone(),
                        raw,
                    });
                    continue;
                }
            };
            let sample_size = m
                .sample
                .as_ref()
                .and_then(|(sc, stext)| units::sample_size(grid, r, *sc, stext, out));
            group.indices.push(out.observations.len());
            out.observations.push(Observation {
                line: key.line,
                period: key.period,
                stage: key.stage,
                metric: m.metric.clone(),
                value,
                sample_size,
                source: Source::cell(index, r, m.column),
            });
        }
    }
    units::check_groups(grid, &groups, options, out);
}
