//! Targets, thresholds and benchmarks read from the data ([`Reference`]s):
//! reading one cell like the metric's own values, settling each column's
//! unit as a metric column's is settled, and merging them, so that one
//! line, period, KPI and kind has one value. The same value given twice is
//! kept once; two different values are an error naming both cells, as
//! `merge.rs` does for the values themselves.

use super::units::{self, ValueCell};
use super::{FrameError, FrameOptions, GridOutput, Lines, Reference, Source};
use crate::ingest::Grid;
use crate::model::{MetricId, Period, ReferenceKind, Unit};
use std::collections::BTreeMap;

/// Where a reference is and what it is of, for [`push`].
pub struct At<'a> {
    /// The grid's number, as sources name it.
    pub index: usize,
    pub cell: (usize, usize),
    /// The header of the cell's column, as messages name it.
    pub column: &'a str,
    pub line: super::LineId,
    pub period: Period,
    pub metric: MetricId,
    pub kind: ReferenceKind,
    /// How the cell is known to hold it: `"NPS Target" column`.
    pub how: String,
}

/// Reads the cell at `at` (a bad one is an error, an empty one nothing) and
/// pushes its value as a reference.
pub fn push(grid: &Grid, at: At, options: &FrameOptions, out: &mut GridOutput) {
    let as_shown = units::percent_as_shown(options, &at.metric);
    let ValueCell::Value(value, _) = units::value_cell(grid, at.cell, at.column, as_shown, out)
    else {
        return;
    };
    out.references.push(Reference {
        line: at.line,
        period: at.period,
        metric: at.metric,
        kind: at.kind,
        value,
        source: Source::cell(at.index, at.cell.0, at.cell.1),
        how: at.how,
    });
}

/// Settles the unit of the references `out.references[from..]`, all read
/// from `grid`, column by column and metric by metric, as
/// [`units::check_groups`] does for values: a fraction column of whole
/// percentages (90 for 90%) is divided by 100 and a score column of shares
/// (0.4 for 40) multiplied by 100, each with a warning; a value still out
/// of its unit's range is an error naming its cell. `headers` gives each
/// column's header text.
pub fn check_units(
    grid: &Grid,
    from: usize,
    headers: &[(usize, String)],
    options: &FrameOptions,
    out: &mut GridOutput,
) {
    let mut groups: BTreeMap<(u32, MetricId), Vec<usize>> = BTreeMap::new();
    for (i, r) in out.references.iter().enumerate().skip(from) {
        if let Source::Cell { column, .. } = r.source {
            groups
                .entry((column, r.metric.clone()))
                .or_default()
                .push(i);
        }
    }
    for ((column, metric), indices) in groups {
        let header = headers
            .iter()
            .find(|(c, _)| *c == column as usize)
            .map_or("", |(_, h)| h.as_str());
        let unit = options.unit(&metric);
        let values: Vec<f64> = indices.iter().map(|&i| out.references[i].value).collect();
        let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let low = values.iter().copied().fold(f64::INFINITY, f64::min);
        let kind = &out.references[indices[0]].kind;
        let scale = if unit == Unit::Fraction
            && high > 1.0
            && values
                .iter()
                .all(|v| *v == 0.0 || (*v > 1.0 && *v <= 100.0))
        {
            let message = format!(
                "{metric} {kind} values are percentages written as whole numbers (largest {}): read as {}% and so on",
                crate::model::format::plain(high),
                crate::model::format::plain(high)
            );
            out.issues
                .push(units::column_warning(grid, header, message));
            0.01
        } else if unit == Unit::Score
            && low >= -1.0
            && high <= 1.0
            && values.iter().any(|v| v.fract() != 0.0)
        {
            let message = format!(
                "{metric} {kind} values between -1 and 1 (e.g. {}), as cells formatted as percentages store them: read as {} and so on, since {metric} runs from -100 to 100",
                crate::model::format::plain(high),
                crate::model::format::plain(high * 100.0)
            );
            out.issues
                .push(units::column_warning(grid, header, message));
            100.0
        } else {
            1.0
        };
        let range = unit.valid_range();
        for i in indices {
            let r = &mut out.references[i];
            r.value *= scale;
            if let Some((lo, hi)) = range
                && (r.value < lo || r.value > hi)
            {
                out.errors.push(FrameError::out_of_range(
                    r.source.text_in(grid),
                    header.to_string(),
                    r.value,
                    &metric,
                    unit,
                ));
            }
        }
    }
}

/// Sorts the references by line, period, metric and kind (the inputs'
/// order within each) and keeps one of each: the same value given twice is
/// kept once, two different values are an error naming both cells.
pub fn merge(
    references: Vec<Reference>,
    lines: &Lines,
    grids: &[Grid],
    options: &FrameOptions,
    errors: &mut Vec<FrameError>,
) -> Vec<Reference> {
    let mut sorted: Vec<(usize, Reference)> = references.into_iter().enumerate().collect();
    sorted.sort_by(|(i, a), (j, b)| {
        (lines.name(a.line), a.period, &a.metric, &a.kind, i).cmp(&(
            lines.name(b.line),
            b.period,
            &b.metric,
            &b.kind,
            j,
        ))
    });
    let mut kept: Vec<Reference> = Vec::with_capacity(sorted.len());
    for (_, r) in sorted {
        if let Some(first) = kept.last()
            && (first.line, first.period, &first.metric, &first.kind)
                == (r.line, r.period, &r.metric, &r.kind)
        {
            if (first.value - r.value).abs() > 1e-9 * first.value.abs().max(1.0) {
                errors.push(FrameError::ReferenceConflict {
                    kind: r.kind.to_string(),
                    line: lines.name(r.line).to_string(),
                    period: r.period.to_string(),
                    metric: r.metric.clone(),
                    unit: options.unit(&r.metric),
                    places: Box::new([
                        (described(first, grids), first.value),
                        (described(&r, grids), r.value),
                    ]),
                });
            }
            continue;
        }
        kept.push(r);
    }
    kept
}

/// `kpis.csv, row 2, column 5 (Target column)`.
pub fn described(r: &Reference, grids: &[Grid]) -> String {
    format!("{} ({})", r.source.text(grids), r.how)
}
