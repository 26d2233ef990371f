//! Long (tidy) KPI tables: one row per product line, period and metric, with
//! a metric column ("Metric", "KPI"), a value column ("Value") and optionally
//! a sample-size column ("n", "Responses").

use super::columns::{ColumnRole, HeaderMap};
use super::layout::{self, Header};
use super::units::{self, Group};
use super::values::{self, Number};
use super::{FrameError, FrameOptions, GridOutput, Observation, Source};
use crate::ingest::Grid;
use crate::model::{Granularity, MetricId};
use std::collections::BTreeMap;

/// Reads the rows below the header of a long table, grid number `index`.
pub fn read(
    grid: &Grid,
    index: usize,
    header: &Header,
    options: &FrameOptions,
    headers: &HeaderMap,
    date_as: Granularity,
    out: &mut GridOutput,
) {
    let (Some((metric_col, _)), Some((value_col, value_header))) = (
        header.find(&ColumnRole::MetricName),
        header.find(&ColumnRole::Value),
    ) else {
        return;
    };
    let sample = header.find(&ColumnRole::Sample);
    let mut groups: BTreeMap<MetricId, Group> = BTreeMap::new();
    for r in header.row + 1..grid.height() {
        if grid.row_is_empty(r) {
            continue;
        }
        let Some(key) = layout::row_key(grid, header, r, date_as, out) else {
            continue;
        };
        let Some(metric) =
            values::text(grid.cell(r, metric_col)).and_then(|m| headers.metric_named(&m))
        else {
            out.errors.push(FrameError::MissingMetric {
                cell: grid.cell_ref(r, metric_col),
            });
            continue;
        };
        let value = match values::number(grid.cell(r, value_col)) {
            Number::Missing => continue,
            Number::Value(v) => v,
            Number::Invalid(raw) => {
                out.errors.push(FrameError::BadNumber {
                    cell: grid.cell_ref(r, value_col),
                    column: value_header.to_string(),
                    raw,
                });
                continue;
            }
        };
        let sample_size = sample.and_then(|(c, text)| units::sample_size(grid, r, c, text, out));
        groups
            .entry(metric.clone())
            .or_insert_with(|| Group::new(value_header.to_string(), metric.clone()))
            .push(out.observations.len(), value);
        out.observations.push(Observation {
            line: key.line,
            period: key.period,
            stage: key.stage,
            metric,
            value,
            sample_size,
            source: Source::cell(index, r, value_col),
        });
    }
    let groups: Vec<Group> = groups.into_values().collect();
    units::check_groups(grid, &groups, options, out);
}
