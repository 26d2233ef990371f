//! Wide KPI tables: one row per product line and period, one column per
//! metric. Finds the header row, then turns every filled metric cell into an
//! [`Observation`].

use super::columns::{ColumnRole, HeaderMap};
use super::values::{self, Number};
use super::{FrameError, FrameOptions, Observation};
use crate::ingest::Grid;
use crate::model::{DataIssue, Location, MetricId, Unit};
use std::collections::BTreeMap;

/// How many rows from the top are searched for the header row.
pub const HEADER_SCAN_ROWS: usize = 20;

/// What reading one grid produced.
#[derive(Default)]
pub struct GridOutput {
    pub observations: Vec<Observation>,
    pub errors: Vec<FrameError>,
    pub issues: Vec<DataIssue>,
}

struct Layout {
    header_row: usize,
    line: usize,
    period: usize,
    stage: Option<usize>,
    /// (column index, header text, metric)
    metrics: Vec<(usize, String, MetricId)>,
    /// metric -> (column index, header text) of its sample size
    samples: BTreeMap<MetricId, (usize, String)>,
}

/// Finds the first row among the top rows that names both a line and a
/// period column.
fn find_layout(grid: &Grid, headers: &HeaderMap) -> Result<Option<Layout>, FrameError> {
    for (r, row) in grid.rows.iter().take(HEADER_SCAN_ROWS).enumerate() {
        let roles: Vec<(usize, String, ColumnRole)> = row
            .iter()
            .enumerate()
            .filter_map(|(c, cell)| {
                let text = values::text(cell)?;
                headers.role(&text).map(|role| (c, text, role))
            })
            .collect();
        let find = |want: ColumnRole| {
            roles
                .iter()
                .find(|(_, _, role)| *role == want)
                .map(|(c, _, _)| *c)
        };
        let (Some(line), Some(period)) = (find(ColumnRole::Line), find(ColumnRole::Period)) else {
            continue;
        };
        let mut layout = Layout {
            header_row: r,
            line,
            period,
            stage: find(ColumnRole::Stage),
            metrics: vec![],
            samples: BTreeMap::new(),
        };
        for (c, text, role) in roles {
            match role {
                ColumnRole::Metric(m) => {
                    if layout.metrics.iter().any(|(_, _, seen)| *seen == m) {
                        return Err(FrameError::DuplicateColumn {
                            place: grid.cell_ref(r, c),
                            column: text,
                        });
                    }
                    layout.metrics.push((c, text, m));
                }
                ColumnRole::SampleSize(m) => {
                    layout.samples.insert(m, (c, text));
                }
                ColumnRole::Line | ColumnRole::Period | ColumnRole::Stage => {}
            }
        }
        return Ok(Some(layout));
    }
    Ok(None)
}

fn place_of(grid: &Grid) -> String {
    match &grid.sheet {
        Some(sheet) => format!("{}, sheet {}", grid.file, sheet),
        None => grid.file.clone(),
    }
}

fn location(grid: &Grid, row: Option<usize>, column: Option<&str>) -> Location {
    Location {
        file: Some(grid.file.clone()),
        sheet: grid.sheet.clone(),
        row,
        column: column.map(str::to_string),
    }
}

/// Reads one grid. A grid without a header row gives [`FrameError::NoHeader`],
/// which the caller turns into a warning for an extra worksheet.
pub fn read(grid: &Grid, options: &FrameOptions, headers: &HeaderMap) -> GridOutput {
    let mut out = GridOutput::default();
    let layout = match find_layout(grid, headers) {
        Ok(Some(layout)) => layout,
        Ok(None) => {
            out.errors.push(FrameError::NoHeader {
                place: place_of(grid),
                scanned: HEADER_SCAN_ROWS,
            });
            return out;
        }
        Err(e) => {
            out.errors.push(e);
            return out;
        }
    };
    let first_data = layout.header_row + 1;
    let mut per_column: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (r, row) in grid.rows.iter().enumerate().skip(first_data) {
        if row.iter().all(|c| c.is_empty()) {
            continue;
        }
        let cell = |c: usize| row.get(c).unwrap_or(&crate::ingest::Cell::Empty);
        let Some(line) = values::text(cell(layout.line)) else {
            out.errors.push(FrameError::MissingLine {
                cell: grid.cell_ref(r, layout.line),
            });
            continue;
        };
        let Some(period) = values::period(cell(layout.period)) else {
            out.errors.push(FrameError::BadPeriod {
                cell: grid.cell_ref(r, layout.period),
                raw: cell(layout.period).shown(),
            });
            continue;
        };
        let stage = match layout
            .stage
            .and_then(|c| values::stage(cell(c)).map(|s| (c, s)))
        {
            None => None,
            Some((_, Ok(stage))) => Some(stage),
            Some((c, Err(message))) => {
                out.errors.push(FrameError::BadStage {
                    cell: grid.cell_ref(r, c),
                    message,
                });
                None
            }
        };
        for (c, header, metric) in &layout.metrics {
            let value = match values::number(cell(*c)) {
                Number::Missing => continue,
                Number::Value(v) => v,
                Number::Invalid(raw) => {
                    out.errors.push(FrameError::BadNumber {
                        cell: grid.cell_ref(r, *c),
                        column: header.clone(),
                        raw,
                    });
                    continue;
                }
            };
            let sample_size = match layout.samples.get(metric) {
                None => None,
                Some((sc, sheader)) => match values::number(cell(*sc)) {
                    Number::Missing => None,
                    Number::Value(n) if n >= 0.0 && n.fract() == 0.0 && n <= u32::MAX as f64 => {
                        Some(n as u32)
                    }
                    Number::Value(_) | Number::Invalid(_) => {
                        out.errors.push(FrameError::BadSampleSize {
                            cell: grid.cell_ref(r, *sc),
                            column: sheader.clone(),
                            raw: cell(*sc).shown(),
                        });
                        None
                    }
                },
            };
            per_column
                .entry(*c)
                .or_default()
                .push(out.observations.len());
            out.observations.push(Observation {
                line: line.clone(),
                period,
                stage,
                metric: metric.clone(),
                value,
                sample_size,
                source: grid.cell_ref(r, *c),
                column: header.clone(),
            });
        }
    }
    for (c, header, metric) in &layout.metrics {
        let Some(indices) = per_column.get(c) else {
            continue;
        };
        let unit = options.units.get(metric).copied().unwrap_or(Unit::Number);
        if unit == Unit::Fraction {
            rescale_percent_column(grid, header, indices, &mut out);
        }
        if let Some((lo, hi)) = unit.valid_range() {
            for &i in indices {
                let o = &out.observations[i];
                if o.value < lo || o.value > hi {
                    out.errors.push(FrameError::out_of_range(
                        o.source.clone(),
                        header.clone(),
                        o.value,
                        metric,
                        unit,
                    ));
                }
            }
        }
    }
    out
}

/// A fraction column written as 85 rather than 0.85: when every non-zero
/// value is above 1 and none above 100, the whole column is read as
/// percentages, and the decision is reported. A column mixing 0.9 and 1.7
/// is left alone, so the stray value is reported as out of range.
fn rescale_percent_column(grid: &Grid, header: &str, indices: &[usize], out: &mut GridOutput) {
    let values = || indices.iter().map(|&i| out.observations[i].value);
    let max = values().fold(f64::MIN, f64::max);
    let whole_percents = values().all(|v| v == 0.0 || (v > 1.0 && v <= 100.0));
    if whole_percents && max > 1.0 {
        for &i in indices {
            out.observations[i].value /= 100.0;
        }
        out.issues.push(DataIssue::warning(
            format!("column \"{header}\" holds percentages written as whole numbers (largest {max}); read as {max}% and so on"),
            location(grid, None, Some(header)),
        ));
    }
}
