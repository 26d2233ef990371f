//! Long (tidy) KPI tables: one row per product line, period and metric, with
//! a metric column ("Metric", "KPI"), a value column ("Value") and optionally
//! a sample-size column ("n", "Responses"). Beside the value, columns such
//! as `Target`, `Threshold` or `Benchmark` give each row's metric's target,
//! amber threshold or benchmark (see [`crate::frame::references`]). A
//! `Query` column (as `linecard sql` writes) names what computed each
//! value, and its value's source says so.

use super::{self as layout, Header};
use crate::frame::columns::{ColumnRole, HeaderMap};
use crate::frame::references::{self, At};
use crate::frame::units::{self, Group};
use crate::frame::values;
use crate::frame::{FrameError, FrameOptions, GridOutput, Layout, Observation, Source};
use crate::ingest::Grid;
use crate::model::format::{count, plural};
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
    out.readings
        .push(layout::describe::reading(grid, header, Layout::Long));
    let (Some((metric_col, _)), Some((value_col, value_header))) = (
        header.find(&ColumnRole::MetricName),
        header.find(&ColumnRole::Value),
    ) else {
        return;
    };
    let sample = header.find(&ColumnRole::Sample);
    let query = header.find(&ColumnRole::Query);
    let refs: Vec<(usize, &str, &crate::model::ReferenceKind)> = header
        .columns
        .iter()
        .filter_map(|(c, text, role)| match role {
            ColumnRole::ReferenceValue(kind) => Some((*c, text.as_str(), kind)),
            _ => None,
        })
        .collect();
    let first_reference = out.references.len();
    for (_, text, role) in &header.columns {
        if let ColumnRole::Reference(_, kind) = role {
            out.issues.push(units::column_warning(
                grid,
                text,
                format!(
                    "the column names a KPI's {kind}, but this table names the KPI on each row: skipped; head it \"{}\" to give each row's KPI its {kind}",
                    match kind {
                        crate::model::ReferenceKind::Benchmark(label) => label.as_str(),
                        crate::model::ReferenceKind::Target => "Target",
                        crate::model::ReferenceKind::Threshold => "Threshold",
                    }
                ),
            ));
        }
    }
    let mut groups: BTreeMap<MetricId, Group> = BTreeMap::new();
    for r in header.body() {
        if grid.row_is_empty(r) {
            continue;
        }
        let Some(key) = layout::row_key(grid, header, r, date_as, out) else {
            continue;
        };
        let name = values::text(grid.cell(r, metric_col));
        let Some(metric) = name.as_deref().and_then(|m| headers.metric_named(m)) else {
            out.errors.push(FrameError::MissingMetric {
                cell: grid.cell_ref(r, metric_col),
            });
            continue;
        };
        for (c, text, kind) in &refs {
            let at = At {
                index,
                cell: (r, *c),
                column: text,
                line: key.line,
                period: key.period,
                metric: metric.clone(),
                kind: (*kind).clone(),
                how: format!("{text} column"),
            };
            references::push(grid, at, options, out);
        }
        if let Some(name) = &name {
            crate::frame::currencies::from_name(
                grid,
                (r, metric_col),
                name,
                &metric,
                options,
                &mut out.currencies,
            );
        }
        let as_shown = units::percent_as_shown(options, &metric);
        let (value, decimal) =
            match units::value_cell(grid, (r, value_col), value_header, as_shown, out) {
                units::ValueCell::Value(value, decimal) => (value, decimal),
                units::ValueCell::Missing | units::ValueCell::Refused { .. } => continue,
            };
        let sample_size = sample.and_then(|(c, text)| units::sample_size(grid, r, c, text, out));
        groups
            .entry(metric.clone())
            .or_insert_with(|| Group::new(value_header.to_string(), value_col, metric.clone()))
            .push(out.observations.len(), value, decimal);
        out.observations.push(Observation {
            line: key.line,
            period: key.period,
            stage: key.stage,
            metric,
            value,
            sample_size,
            source: computed_by(
                grid,
                header.source(index, r, value_col),
                query,
                r,
                sample_size,
            ),
        });
    }
    let mut groups: Vec<Group> = groups.into_values().collect();
    units::check_groups(grid, &mut groups, options, out);
    let headers: Vec<(usize, String)> = refs.iter().map(|(c, t, _)| (*c, t.to_string())).collect();
    references::check_units(grid, first_reference, &headers, options, out);
}

/// A value's source, with the query that computed it when the table names
/// one, and the records it counted: `kpis.csv!D7 (query: tickets.csv by
/// solved_at) (1,204 records)`. (A source that counts its sample itself is
/// shown as it is; others get "(n responses)" in the scorecard.)
fn computed_by(
    grid: &Grid,
    cell: Source,
    query: Option<(usize, &str)>,
    r: usize,
    sample_size: Option<u32>,
) -> Source {
    let Some(q) = query.and_then(|(c, _)| values::text(grid.cell(r, c))) else {
        return cell;
    };
    let counted = match sample_size {
        Some(n) => format!(" ({} record{})", count(n as usize), plural(n as usize)),
        None => String::new(),
    };
    Source::Text(format!("{} (query: {q}){counted}", cell.text_in(grid)).into())
}
