//! The rows of a periods-across table (see `across.rs`): section rows
//! naming a line, KPI rows giving one value per period, target, threshold
//! and benchmark rows, a stage row, sample-size rows (`NPS responses`), and the summary rows and notes that are
//! skipped. Values go through [`units::value_cell`] and, one group per KPI,
//! [`units::check_groups`], as a wide table's columns do; a target of a KPI
//! whose values were rescaled (whole percentages of a fraction) is rescaled
//! with them.

use super::across::{Labels, Read, warn_places};
use super::across_columns::{self as columns, AcrossColumns, Holds, PeriodColumn};
use super::headers::{self, Flat};
use super::{Header, place_of};
use crate::frame::columns::{ColumnRole, HeaderMap};
use crate::frame::context::Found;
use crate::frame::units::{self, Group};
use crate::frame::{
    FrameError, FrameOptions, GridOutput, LineId, Observation, Reference, Source, values,
};
use crate::ingest::Grid;
use crate::model::{MetricId, Period, ReferenceKind, Stage};
use std::collections::BTreeMap;

/// Reading the rows of one across table.
pub struct Rows<'a> {
    grid: &'a Grid,
    index: usize,
    header: &'a Header,
    flat: &'a Flat,
    cols: &'a AcrossColumns,
    options: &'a FrameOptions,
    headers: &'a HeaderMap,
    /// The first observation of this table in the output.
    start: usize,
    groups: Vec<Group>,
    group_of: BTreeMap<MetricId, usize>,
    /// Each group's first non-zero value as read, to see how its unit
    /// check rescaled it: (observation, value).
    first_value: Vec<Option<(usize, f64)>>,
    references: Vec<Reference>,
    stages: BTreeMap<(LineId, Period), Stage>,
    /// Sample sizes from `NPS responses` rows, by line, period and KPI.
    samples: BTreeMap<(LineId, Period, MetricId), u32>,
    line_from: String,
    sections: Vec<String>,
    kpis: Vec<String>,
    targets: Vec<String>,
    stage_from: Option<String>,
    skipped: Vec<String>,
    /// The summary rows skipped: (cell, as the warning names it; row, as
    /// the reading does).
    summary_rows: Vec<(String, String)>,
    failed: bool,
    /// The KPI column, as places name a row.
    kpi: usize,
}

impl<'a> Rows<'a> {
    pub fn new(
        grid: &'a Grid,
        index: usize,
        header: &'a Header,
        flat: &'a Flat,
        cols: &'a AcrossColumns,
        options: &'a FrameOptions,
        headers: &'a HeaderMap,
    ) -> Self {
        Rows {
            grid,
            index,
            header,
            flat,
            cols,
            options,
            headers,
            start: 0,
            groups: Vec::new(),
            group_of: BTreeMap::new(),
            first_value: Vec::new(),
            references: Vec::new(),
            stages: BTreeMap::new(),
            samples: BTreeMap::new(),
            line_from: String::new(),
            sections: Vec::new(),
            kpis: Vec::new(),
            targets: Vec::new(),
            stage_from: None,
            skipped: Vec::new(),
            summary_rows: Vec::new(),
            failed: false,
            kpi: 0,
        }
    }

    /// Reads every row below the header; `outside` is the line given
    /// outside the table, if any.
    pub fn read(&mut self, labels: &Labels, outside: Option<&Found<String>>, out: &mut GridOutput) {
        let grid = self.grid;
        self.start = out.observations.len();
        self.kpi = labels.kpi;
        let mut section: Option<String> = None;
        let mut in_summary = false;
        let mut last_metric: Option<(MetricId, String)> = None;
        let mut line_from_outside = false;
        // The line named in the line column above, within the block of rows
        // since the last blank, section, note or summary row: a blank line
        // cell under it (a merged or blank cell under `Atlas`) is its.
        let mut carried: Option<String> = None;
        let mut carried_rows: Vec<usize> = Vec::new();
        for r in self.header.body() {
            if grid.row_is_empty(r) {
                carried = None;
                continue;
            }
            let has_values = self
                .cols
                .periods
                .iter()
                .any(|p| !grid.cell(r, p.column).is_empty());
            let filled: Vec<usize> = (0..grid.width(r))
                .filter(|c| !grid.cell(r, *c).is_empty())
                .take(2)
                .collect();
            if !has_values && filled.len() == 1 && filled[0] <= labels.kpi {
                carried = None;
                let text = values::text(grid.cell(r, filled[0])).unwrap_or_default();
                let place = grid.cell_ref(r, filled[0]);
                let row = format!("row {} \"{text}\"", grid.row_number(r));
                if columns::is_note(&text) {
                    self.skipped.push(format!("{row}: a note"));
                } else if labels.line.is_none() && labels.sections {
                    in_summary = columns::is_summary_row(&text);
                    if in_summary {
                        self.summary_rows.push((format!("{place} \"{text}\""), row));
                        section = None;
                    } else {
                        self.sections.push(text.clone());
                        section = Some(text);
                    }
                    last_metric = None;
                }
                continue;
            }
            if in_summary {
                continue;
            }
            let label = values::text(headers::merged_cell(grid, r, labels.kpi));
            let line_cell = labels
                .line
                .map(|c| values::text(headers::merged_cell(grid, r, c)));
            let Some(label) = label else {
                if has_values {
                    out.errors.push(FrameError::MissingMetric {
                        cell: grid.cell_ref(r, labels.kpi),
                    });
                }
                continue;
            };
            let summary_line = line_cell.as_ref().and_then(|l| l.as_deref());
            if columns::is_summary_row(&label) || summary_line.is_some_and(columns::is_summary_row)
            {
                let c = match summary_line.is_some_and(columns::is_summary_row) {
                    true => labels.line.unwrap_or(labels.kpi),
                    false => labels.kpi,
                };
                let text = values::text(headers::merged_cell(grid, r, c)).unwrap_or_default();
                self.summary_rows.push((
                    format!("{} \"{text}\"", grid.cell_ref(r, c)),
                    format!("row {} \"{text}\"", grid.row_number(r)),
                ));
                carried = None;
                continue;
            }
            let line = match (line_cell, &section, outside) {
                (Some(Some(line)), _, _) => {
                    carried = Some(line.clone());
                    line
                }
                (Some(None), _, _) => match carried.clone().filter(|_| has_values) {
                    Some(line) => {
                        carried_rows.push(r);
                        line
                    }
                    None => {
                        if has_values {
                            out.errors.push(FrameError::MissingLine {
                                cell: grid.cell_ref(r, labels.line.unwrap_or(0)),
                            });
                        }
                        continue;
                    }
                },
                (None, Some(section), _) => section.clone(),
                (None, None, Some(found)) => {
                    line_from_outside = true;
                    found.value.clone()
                }
                (None, None, None) => {
                    out.errors.push(FrameError::AcrossNoLine {
                        place: place_of(grid),
                        periods: super::across::listed(&self.cols.periods),
                    });
                    self.failed = true;
                    return;
                }
            };
            let line = out.lines.intern(&line);
            self.row(r, line, &label, &mut last_metric, out);
        }
        self.line_from = match (labels.line, outside) {
            (Some(c), _) => format!(
                "{}{}",
                super::describe::column_named(grid, c, self.flat.text(c).as_deref()),
                carried_down(grid, &carried_rows)
            ),
            (None, Some(found)) if line_from_outside && self.sections.is_empty() => {
                found.from.clone()
            }
            (None, Some(found)) if line_from_outside => format!(
                "section rows ({}), and above them {}",
                self.sections.join(", "),
                found.from
            ),
            _ => format!("section rows ({})", self.sections.join(", ")),
        };
    }

    /// Reads row `r` of `line`, labelled `label`; `last_metric` is the KPI
    /// of the KPI row above (for a `Target` row under it).
    fn row(
        &mut self,
        r: usize,
        line: LineId,
        label: &str,
        last_metric: &mut Option<(MetricId, String)>,
        out: &mut GridOutput,
    ) {
        let place = || format!("row {} \"{label}\"", self.grid.row_number(r));
        let role = self.headers.role(label);
        if role == Some(ColumnRole::Stage) {
            self.stage_row(r, line, label, out);
            return;
        }
        if let Some(ColumnRole::SampleSize(metric)) = role {
            for p in self.actual_columns() {
                if let Some(n) = units::sample_size(self.grid, r, p.column, label, out) {
                    self.samples.insert((line, p.period, metric.clone()), n);
                }
            }
            return;
        }
        if let Some(holds) = columns::holds_word(label) {
            match (holds, last_metric.clone()) {
                (Holds::Reference(kind), Some((metric, kpi))) => {
                    let how = format!("{label} row under {kpi}");
                    self.reference_row(r, line, &metric, kind, how, out);
                }
                (Holds::Actual, Some((metric, kpi))) => {
                    self.metric_row(r, line, &metric, &kpi, out);
                }
                (_, None) => self
                    .skipped
                    .push(format!("{}: no KPI row above it", place())),
            }
            return;
        }
        if let Some((base, holds)) = columns::split_holds(label)
            && let Some(metric) = self.headers.metric_named(&base)
        {
            match holds {
                Holds::Actual => {
                    self.metric_row(r, line, &metric, label, out);
                    *last_metric = Some((metric, label.to_string()));
                }
                Holds::Reference(kind) => {
                    let how = format!("{label} row");
                    self.reference_row(r, line, &metric, kind, how, out);
                }
            }
            return;
        }
        if matches!(
            role,
            Some(
                ColumnRole::Line
                    | ColumnRole::Period
                    | ColumnRole::Pm
                    | ColumnRole::Pmm
                    | ColumnRole::MetricName
                    | ColumnRole::Value
                    | ColumnRole::Sample
            )
        ) {
            self.skipped.push(format!("{}: not a KPI", place()));
            return;
        }
        let Some(metric) = self.headers.metric_named(label) else {
            return;
        };
        crate::frame::currencies::from_name(
            self.grid,
            (r, self.kpi),
            label,
            &metric,
            self.options,
            &mut out.currencies,
        );
        if self.metric_row(r, line, &metric, label, out) {
            *last_metric = Some((metric, label.to_string()));
        }
    }

    /// The period columns holding the KPI's own values.
    fn actual_columns(&self) -> impl Iterator<Item = &'a PeriodColumn> + 'a {
        self.cols
            .periods
            .iter()
            .filter(|p| p.holds == Holds::Actual)
    }

    /// Reads a KPI row: its values, and its targets in sub-columns.
    /// Returns false for a row of text that is not a known KPI (skipped
    /// with a note).
    fn metric_row(
        &mut self,
        r: usize,
        line: LineId,
        metric: &MetricId,
        label: &str,
        out: &mut GridOutput,
    ) -> bool {
        let grid = self.grid;
        let renamed = MetricId::normalise(label).is_none_or(|n| n != *metric);
        if !self.options.units.contains_key(metric) && !renamed {
            let cells = || self.cols.periods.iter().map(|p| grid.cell(r, p.column));
            let text = cells()
                .filter(|c| matches!(values::reading(*c), values::Reading::Invalid(_)))
                .count();
            let numbers = cells()
                .filter(|c| matches!(values::reading(*c), values::Reading::Value { .. }))
                .count();
            if text > numbers {
                self.skipped.push(format!(
                    "row {} \"{label}\": text, not numbers",
                    grid.row_number(r)
                ));
                return false;
            }
        }
        let g = match self.group_of.get(metric) {
            Some(g) => *g,
            None => {
                let g = self.groups.len();
                self.groups.push(Group::new(
                    label.to_string(),
                    usize::MAX - g,
                    metric.clone(),
                ));
                self.first_value.push(None);
                self.group_of.insert(metric.clone(), g);
                g
            }
        };
        if !self.kpis.iter().any(|k| k == label) {
            self.kpis.push(label.to_string());
        }
        let as_shown = units::percent_as_shown(self.options, metric);
        for p in &self.cols.periods {
            let units::ValueCell::Value(value, decimal) =
                units::value_cell(grid, (r, p.column), label, as_shown, out)
            else {
                continue;
            };
            let source = Source::cell(self.index, r, p.column);
            match &p.holds {
                Holds::Actual => {
                    let i = out.observations.len();
                    self.groups[g].push(i, value, decimal);
                    if value != 0.0 && self.first_value[g].is_none() {
                        self.first_value[g] = Some((i, value));
                    }
                    out.observations.push(Observation {
                        line,
                        period: p.period,
                        stage: None,
                        metric: metric.clone(),
                        value,
                        sample_size: None,
                        source,
                    });
                }
                Holds::Reference(kind) => {
                    let how = self.sub_column_how(p);
                    self.push_reference(line, p.period, metric, kind.clone(), value, source, how);
                }
            }
        }
        true
    }

    /// `Target under Q1 2025`, or `Q1 2025 Target column`.
    fn sub_column_how(&self, p: &PeriodColumn) -> String {
        match self.flat.cells.get(p.column) {
            Some(headers::HeaderCell {
                upper: Some(upper),
                leaf: Some(leaf),
            }) => format!("{leaf} under {upper}"),
            _ => format!("{} column", p.header),
        }
    }

    /// Reads a target, threshold or benchmark row of `metric`.
    fn reference_row(
        &mut self,
        r: usize,
        line: LineId,
        metric: &MetricId,
        kind: ReferenceKind,
        how: String,
        out: &mut GridOutput,
    ) {
        let as_shown = units::percent_as_shown(self.options, metric);
        for p in self.actual_columns() {
            if let units::ValueCell::Value(value, _) =
                units::value_cell(self.grid, (r, p.column), &how, as_shown, out)
            {
                let source = Source::cell(self.index, r, p.column);
                self.push_reference(
                    line,
                    p.period,
                    metric,
                    kind.clone(),
                    value,
                    source,
                    how.clone(),
                );
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_reference(
        &mut self,
        line: LineId,
        period: Period,
        metric: &MetricId,
        kind: ReferenceKind,
        value: f64,
        source: Source,
        how: String,
    ) {
        if !self.targets.contains(&how) {
            self.targets.push(how.clone());
        }
        self.references.push(Reference {
            line,
            period,
            metric: metric.clone(),
            kind,
            value,
            source,
            how,
        });
    }

    /// Reads a `Stage` row: the line's stage in each period.
    fn stage_row(&mut self, r: usize, line: LineId, label: &str, out: &mut GridOutput) {
        self.stage_from.get_or_insert_with(|| {
            format!(
                "the row labelled \"{label}\" (row {})",
                self.grid.row_number(r)
            )
        });
        for p in self.actual_columns() {
            match values::stage(self.grid.cell(r, p.column)) {
                None => {}
                Some(Ok(stage)) => {
                    self.stages.insert((line, p.period), stage);
                }
                Some(Err(message)) => out.errors.push(FrameError::BadStage {
                    cell: self.grid.cell_ref(r, p.column),
                    message,
                }),
            }
        }
    }

    /// Checks the units of every KPI, rescales the references with their
    /// KPI's values and checks their range, sets the stages, and warns of
    /// the summary rows skipped. `None` when the table could not be read.
    pub fn finish(mut self, out: &mut GridOutput) -> Option<Read> {
        if self.failed {
            return None;
        }
        let grid = self.grid;
        units::check_groups(grid, &mut self.groups, self.options, out);
        let scales: BTreeMap<MetricId, f64> = self
            .group_of
            .iter()
            .filter_map(|(metric, g)| {
                let (i, before) = self.first_value[*g]?;
                let after = out.observations.get(i)?.value;
                Some((metric.clone(), after / before))
            })
            .collect();
        for reference in &mut self.references {
            // The unit checks rescale by a whole factor (÷100 for whole
            // percentages of a share, ×100 for shares of a score): the
            // same operation, so that 94 gives 0.94 exactly as 94% would.
            match scales.get(&reference.metric) {
                Some(&scale) if scale < 1.0 && scale > 0.0 => {
                    reference.value /= (1.0 / scale).round();
                }
                Some(&scale) if scale > 1.0 && scale.is_finite() => {
                    reference.value *= scale.round();
                }
                _ => {}
            }
            let unit = self.options.unit(&reference.metric);
            if let Some((lo, hi)) = unit.valid_range()
                && !(lo..=hi).contains(&reference.value)
            {
                out.errors.push(FrameError::out_of_range(
                    reference.source.text_in(grid),
                    reference.how.clone(),
                    reference.value,
                    &reference.metric,
                    unit,
                ));
            }
        }
        for o in &mut out.observations[self.start..] {
            if let Some(stage) = self.stages.get(&(o.line, o.period)) {
                o.stage = Some(*stage);
            }
            if !self.samples.is_empty()
                && let Some(n) = self.samples.get(&(o.line, o.period, o.metric.clone()))
            {
                o.sample_size = Some(*n);
            }
        }
        let cells: Vec<String> = self.summary_rows.iter().map(|(c, _)| c.clone()).collect();
        warn_places(
            &cells,
            "a summary row, skipped",
            "summary rows, skipped",
            out,
        );
        for (_, row) in &self.summary_rows {
            self.skipped.push(format!("{row}: a summary row"));
        }
        out.references.append(&mut self.references);
        Some(Read {
            line_from: self.line_from,
            kpis: self.kpis,
            targets: self.targets,
            stage: self.stage_from,
            skipped: self.skipped,
        })
    }
}

/// `; row 4 blank: the line carried down from the row above`, for the
/// rows whose blank line cell took the line named above it.
fn carried_down(grid: &Grid, rows: &[usize]) -> String {
    let numbers: Vec<String> = rows
        .iter()
        .take(3)
        .map(|r| grid.row_number(*r).to_string())
        .collect();
    let named = match (numbers.as_slice(), rows.len()) {
        ([], _) => return String::new(),
        ([one], 1) => format!("row {one}"),
        (shown, 2 | 3) => format!(
            "rows {} and {}",
            shown[..shown.len() - 1].join(", "),
            shown[shown.len() - 1]
        ),
        (shown, n) => format!("rows {} and {} more", shown.join(", "), n - 3),
    };
    format!("; {named} blank: the line carried down from the row above")
}
