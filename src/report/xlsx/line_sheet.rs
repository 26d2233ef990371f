//! One scorecard sheet per product line: a header block with the stage and
//! scores, then the metrics in PM, PMM and Shared sections, each with its
//! value, target, status, change against the previous period and reason.

use super::styles;
use super::{SUMMARY, internal_link};
use crate::model::{Owner, format::show_score};
use crate::report::{ReportDoc, ReportError};
use crate::scorecard::{MetricResult, Scorecard};
use rust_xlsxwriter::{Url, Worksheet};

const COLUMNS: [(&str, f64); 9] = [
    ("KPI", 34.0),
    ("Value", 12.0),
    ("Target", 12.0),
    ("Amber from", 12.0),
    ("Status", 13.0),
    ("Previous", 12.0),
    ("Change", 12.0),
    ("Weight", 8.0),
    ("Why", 70.0),
];

pub fn write(
    sheet: &mut Worksheet,
    doc: &ReportDoc,
    card: &Scorecard,
    name: &str,
) -> Result<(), ReportError> {
    sheet.set_name(name)?;
    for (c, (_, width)) in COLUMNS.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    sheet.write_string_with_format(0, 0, &card.line, &styles::title())?;
    sheet.write_url_with_format(
        0,
        8,
        Url::new(internal_link(SUMMARY)).set_text("← Back to Summary"),
        &styles::link(),
    )?;
    let previous = doc
        .portfolio
        .periods
        .iter()
        .rev()
        .find(|p| **p < card.period);
    sheet.write_string_with_format(
        1,
        0,
        format!(
            "Stage: {} · Period: {}{}",
            card.stage.map_or("not stated", |s| s.as_str()),
            card.period,
            previous
                .map(|p| format!(" · compared with {p}"))
                .unwrap_or_default()
        ),
        &styles::subtitle(),
    )?;
    let score_labels = ["PM score", "PMM score", "Shared score", "Overall"];
    let scores = [
        card.scores.pm,
        card.scores.pmm,
        card.scores.shared,
        card.scores.overall,
    ];
    for (i, (label, score)) in score_labels.iter().zip(scores).enumerate() {
        let col = 1 + i as u16;
        sheet.write_string_with_format(3, col, *label, &styles::header())?;
        match score {
            Some(s) => sheet.write_number_with_format(4, col, s, &styles::score())?,
            None => sheet.write_string_with_format(4, col, show_score(None), &styles::score())?,
        };
    }
    sheet.write_string_with_format(4, 0, "Scores (0–100)", &styles::label())?;

    let mut row = 6u32;
    let groups: [(Option<Owner>, &str); 4] = [
        (Some(Owner::Pm), Owner::Pm.title()),
        (Some(Owner::Pmm), Owner::Pmm.title()),
        (Some(Owner::Shared), Owner::Shared.title()),
        (None, "Not in the catalogue (no owner)"),
    ];
    for (owner, title) in groups {
        let metrics: Vec<&MetricResult> =
            card.metrics.iter().filter(|m| m.owner == owner).collect();
        if metrics.is_empty() {
            continue;
        }
        sheet.merge_range(
            row,
            0,
            row,
            COLUMNS.len() as u16 - 1,
            title,
            &styles::section(),
        )?;
        row += 1;
        for (c, (header, _)) in COLUMNS.iter().enumerate() {
            sheet.write_string_with_format(row, c as u16, *header, &styles::header())?;
        }
        row += 1;
        for m in metrics {
            write_metric(sheet, row, m)?;
            row += 1;
        }
        row += 1;
    }
    sheet.set_freeze_panes(6, 1)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0);
    Ok(())
}

fn write_metric(sheet: &mut Worksheet, row: u32, m: &MetricResult) -> Result<(), ReportError> {
    let value = styles::value(m.unit);
    sheet.write_string(row, 0, &*m.name)?;
    let mut number =
        |col: u16, v: Option<f64>, format: &rust_xlsxwriter::Format| -> Result<(), ReportError> {
            if let Some(v) = v {
                sheet.write_number_with_format(row, col, v, format)?;
            }
            Ok(())
        };
    number(1, m.value, &value)?;
    number(2, m.threshold.map(|t| t.target), &value)?;
    number(3, m.threshold.and_then(|t| t.warn), &value)?;
    number(5, m.previous, &value)?;
    number(6, m.change(), &styles::change(m.unit))?;
    number(7, Some(m.weight), &styles::centred())?;
    sheet.write_string_with_format(row, 4, m.status.label(), &styles::status(m.status))?;
    sheet.write_string_with_format(row, 8, &m.reason, &styles::wrap())?;
    Ok(())
}
