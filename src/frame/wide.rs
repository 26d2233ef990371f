//! Wide KPI tables: one row per product line and period, one column per
//! metric. Turns every filled metric cell into an [`Observation`].

use super::columns::ColumnRole;
use super::layout::{self, Header};
use super::units::{self, Group};
use super::values::{self, Number};
use super::{FrameError, FrameOptions, GridOutput, Observation};
use crate::ingest::Grid;
use crate::model::{Granularity, MetricId};
use std::collections::BTreeMap;

/// Reads the rows below the header of a wide table.
pub fn read(
    grid: &Grid,
    header: &Header,
    options: &FrameOptions,
    date_as: Granularity,
    out: &mut GridOutput,
) {
    let mut metrics: Vec<(usize, String, MetricId)> = Vec::new();
    let mut samples: BTreeMap<MetricId, (usize, String)> = BTreeMap::new();
    for (c, text, role) in &header.columns {
        match role {
            ColumnRole::Metric(m) => {
                if metrics.iter().any(|(_, _, seen)| seen == m) {
                    out.errors.push(FrameError::DuplicateColumn {
                        place: grid.cell_ref(header.row, *c),
                        column: text.clone(),
                    });
                    return;
                }
                metrics.push((*c, text.clone(), m.clone()));
            }
            ColumnRole::SampleSize(m) => {
                samples.insert(m.clone(), (*c, text.clone()));
            }
            _ => {}
        }
    }
    let mut groups: Vec<Group> = metrics
        .iter()
        .map(|(_, text, m)| Group::new(text.clone(), m.clone()))
        .collect();
    for r in header.row + 1..grid.height() {
        if grid.row_is_empty(r) {
            continue;
        }
        let Some(key) = layout::row_key(grid, header, r, date_as, out) else {
            continue;
        };
        for ((c, text, metric), group) in metrics.iter().zip(groups.iter_mut()) {
            let value = match values::number(grid.cell(r, *c)) {
                Number::Missing => continue,
                Number::Value(v) => v,
                Number::Invalid(raw) => {
                    out.errors.push(FrameError::BadNumber {
                        cell: grid.cell_ref(r, *c),
                        column: text.clone(),
                        raw,
                    });
                    continue;
                }
            };
            let sample_size = samples
                .get(metric)
                .and_then(|(sc, stext)| units::sample_size(grid, r, *sc, stext, out));
            group.indices.push(out.observations.len());
            out.observations.push(Observation {
                line: key.line.clone(),
                period: key.period,
                stage: key.stage,
                metric: metric.clone(),
                value,
                sample_size,
                source: grid.cell_ref(r, *c),
                column: text.clone(),
            });
        }
    }
    units::check_groups(grid, &groups, options, out);
}
