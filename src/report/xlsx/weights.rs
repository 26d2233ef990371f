//! The Weights sheet: every metric's weight and every target the rules set,
//! as editable cells. Line sheets and the Summary read them through
//! formulas, so editing a weight or a target here recomputes every score.

use super::cell_text::TextCells;
use super::styles;
use crate::model::{MetricId, Stage};
use crate::report::{ReportDoc, ReportError};
use crate::scorecard::MetricResult;
use rust_xlsxwriter::Worksheet;
use rust_xlsxwriter::utility::row_col_to_cell_absolute;
use std::collections::HashMap;

pub const NAME: &str = "Weights";

const WEIGHT_COLUMNS: [(&str, f64); 4] = [
    ("KPI", 34.0),
    ("Owner", 26.0),
    ("Weight", 10.0),
    ("Direction", 12.0),
];
const TARGET_COLUMNS: [(&str, f64); 7] = [
    ("KPI", 34.0),
    ("Owner", 26.0),
    ("Applies to", 13.0),
    ("Direction", 12.0),
    ("Target", 12.0),
    ("Amber from", 12.0),
    ("Band top", 12.0),
];

/// Where each weight and target sits on the Weights sheet.
#[derive(Debug, Default)]
pub struct WeightRefs {
    weights: HashMap<MetricId, (u32, f64)>,
    /// (metric, stage or None for the default) -> row.
    targets: HashMap<(MetricId, Option<Stage>), u32>,
}

/// References to the Weights sheet for one metric on one scorecard; `None`
/// where the scorecard's number did not come from the catalogue (a rule hook
/// set it), so the line sheet writes the number itself.
#[derive(Debug, Default)]
pub struct MetricRefs {
    pub weight: Option<String>,
    pub target: Option<String>,
    pub warn: Option<String>,
    pub upper: Option<String>,
}

fn reference(row: u32, col: u16) -> String {
    format!("{NAME}!{}", row_col_to_cell_absolute(row, col))
}

impl WeightRefs {
    pub fn for_metric(
        &self,
        doc: &ReportDoc,
        m: &MetricResult,
        line: &str,
        stage: Option<Stage>,
    ) -> MetricRefs {
        let mut refs = MetricRefs::default();
        if let Some(&(row, weight)) = self.weights.get(&m.metric)
            && weight == m.weight
        {
            refs.weight = Some(reference(row, 2));
        }
        let Some(spec) = doc.catalogue.get(&m.metric) else {
            return refs;
        };
        // A per-line rule has no row on the sheet; a hook's target differs
        // from the sheet's and is caught by the comparisons below.
        let resolved = spec.resolve(line, stage);
        let Some(rule) = resolved.rule.filter(|_| !spec.by_line.contains_key(line)) else {
            return refs;
        };
        let (threshold, stage_specific) = (rule.threshold, resolved.stage_specific);
        let key = (m.metric.clone(), stage.filter(|_| stage_specific));
        let (Some(&row), Some(actual)) = (self.targets.get(&key), m.threshold) else {
            return refs;
        };
        if actual.target == threshold.target {
            refs.target = Some(reference(row, 4));
        }
        if actual.warn.is_some() && actual.warn == threshold.warn {
            refs.warn = Some(reference(row, 5));
        }
        if actual.upper.is_some() && actual.upper == threshold.upper {
            refs.upper = Some(reference(row, 6));
        }
        refs
    }
}

pub fn write(sheet: &mut Worksheet, doc: &ReportDoc) -> Result<WeightRefs, ReportError> {
    sheet.set_name(NAME)?;
    super::back_link(sheet, 0, TARGET_COLUMNS.len() as u16 - 1)?;
    sheet.text(0, 0, "Weights and targets", &styles::title())?;
    sheet.text(
        1,
        0,
        "Edit the yellow cells: every attainment, status and score in the workbook recomputes from them. For a band KPI, Target is the band's bottom, Amber from how far outside it still counts as amber.",
        &styles::subtitle(),
    )?;
    for (c, (_, width)) in TARGET_COLUMNS.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    let specs = doc.specs();
    let mut refs = WeightRefs::default();

    let mut row = 3;
    sheet.merged_text(row, 0, row, 3, "Weights", &styles::section())?;
    row += 1;
    for (c, (header, _)) in WEIGHT_COLUMNS.iter().enumerate() {
        sheet.text(row, c as u16, *header, &styles::header())?;
    }
    row += 1;
    for spec in &specs {
        sheet.text_plain(row, 0, &*spec.name)?;
        sheet.text_plain(row, 1, spec.owner.title())?;
        sheet.write_number_with_format(
            row,
            2,
            spec.weight,
            &styles::input("General").set_align(rust_xlsxwriter::FormatAlign::Center),
        )?;
        sheet.text_plain(row, 3, spec.direction.as_str())?;
        refs.weights.insert(spec.id.clone(), (row, spec.weight));
        row += 1;
    }

    row += 1;
    sheet.merged_text(
        row,
        0,
        row,
        TARGET_COLUMNS.len() as u16 - 1,
        "Targets",
        &styles::section(),
    )?;
    row += 1;
    for (c, (header, _)) in TARGET_COLUMNS.iter().enumerate() {
        sheet.text(row, c as u16, *header, &styles::header())?;
    }
    sheet.set_row_height(row, 30)?;
    row += 1;
    for spec in &specs {
        let scopes = spec
            .default
            .as_ref()
            .map(|t| {
                let words = if spec.by_stage.is_empty() {
                    "All stages"
                } else {
                    "Other stages"
                };
                (None, words, t.threshold)
            })
            .into_iter()
            .chain(
                spec.by_stage
                    .iter()
                    .map(|(s, t)| (Some(*s), s.as_str(), t.threshold)),
            );
        for (stage, words, t) in scopes {
            let format = styles::input(&styles::number_format(spec.unit));
            sheet.text_plain(row, 0, &*spec.name)?;
            sheet.text_plain(row, 1, spec.owner.title())?;
            sheet.text_plain(row, 2, words)?;
            sheet.text_plain(row, 3, spec.direction.as_str())?;
            sheet.write_number_with_format(row, 4, t.target, &format)?;
            if let Some(w) = t.warn {
                sheet.write_number_with_format(row, 5, w, &format)?;
            }
            if let Some(u) = t.upper {
                sheet.write_number_with_format(row, 6, u, &format)?;
            }
            refs.targets.insert((spec.id.clone(), stage), row);
            row += 1;
        }
    }
    if specs.is_empty() {
        sheet.text(row, 0, "The rules declare no KPIs.", &styles::subtitle())?;
    }
    styles::print_setup(sheet);
    Ok(refs)
}
