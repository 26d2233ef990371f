//! One scorecard sheet per product line: a header block (line, stage,
//! period, the PM and PMM, labels and the four fits), live scores, then the
//! metrics in PM, PMM and Shared sections. Each metric row shows its value,
//! target, attainment (a traffic light), status, change against the previous
//! period, a sparkline of its history and the same trend as text, and its
//! weight, with a note on the status giving the reason and the source. The
//! history block and its charts start a second printed page.

use super::cell_text::TextCells;
use super::formulas::{self, AttainmentCells};
use super::weights::WeightRefs;
use super::{features_block, line_header, line_history, pages, styles};
use crate::model::format::show_share;
use crate::model::{Direction, Owner, ScoreKind, Status};
use crate::report::{Mark, ReportDoc, ReportError};
use crate::scorecard::{MetricResult, Scorecard};
use rust_xlsxwriter::utility::{cell_range, row_col_to_cell};
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, ConditionalFormatCustomIcon,
    ConditionalFormatIconSet, ConditionalFormatIconType, ConditionalFormatType, Format,
    FormatAlign, Formula, Worksheet,
};

pub const KPI: u16 = 0;
pub const VALUE: u16 = 1;
pub const TARGET: u16 = 2;
pub const WARN: u16 = 3;
pub const ATTAINMENT: u16 = 4;
pub const STATUS: u16 = 5;
pub const PREVIOUS: u16 = 6;
pub const CHANGE: u16 = 7;
/// A sparkline of the KPI's history, then the same trend as text (for
/// viewers that draw no sparklines, such as LibreOffice's print and PDF).
pub const TREND: u16 = 8;
pub const TREND_TEXT: u16 = 9;
pub const WEIGHT: u16 = 10;
/// What moved since the previous recorded run; hidden without a history.
pub const SINCE: u16 = 11;
pub const WHY: u16 = 12;
/// The benchmarks the data gives (`Industry median 38`), not scored;
/// written only on a sheet with a metric that has one.
pub const BENCHMARKS: u16 = 13;
const BENCHMARKS_HEADER: &str = "Benchmarks (not scored)";
const BENCHMARKS_WIDTH: f64 = 28.0;
/// The header when a rule scores some KPI of the sheet against one.
const SCORED_BENCHMARKS_HEADER: &str = "Benchmarks";

const COLUMNS: [(&str, f64); 13] = [
    ("KPI", 30.0),
    ("Value", 11.0),
    ("Target", 11.0),
    ("Amber from", 11.0),
    ("Attainment", 11.0),
    ("Status", 12.0),
    ("Previous", 11.0),
    ("Change", 12.0),
    ("Trend (chart)", 12.0),
    ("Trend (text)", 11.0),
    ("Weight", 8.0),
    ("Since last run", 14.0),
    ("Why", 80.0),
];

/// The row of the four score cells (PM, PMM, Shared, Overall in columns
/// B to E).
pub const SCORES_ROW: u32 = 7;
/// The row of the four scores' coverage, under them.
pub const COVERAGE_ROW: u32 = 8;
const FIRST_SECTION_ROW: u32 = 10;

/// Where a line sheet keeps what the Summary reads.
#[derive(Debug, Clone, Copy)]
pub struct LineLayout {
    /// First and last metric rows (0-based), if any metric is shown.
    pub metrics: Option<(u32, u32)>,
}

pub fn write(
    sheet: &mut Worksheet,
    doc: &ReportDoc,
    card: &Scorecard,
    history: &[&Scorecard],
    name: &str,
    refs: &WeightRefs,
) -> Result<LineLayout, ReportError> {
    sheet.set_name(name)?;
    for (c, (_, width)) in COLUMNS.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    let names = card.metrics.iter().map(|m| &*m.name);
    let kpi_width = styles::fitted_width(names, COLUMNS[0].1, 50.0);
    sheet.set_column_width(KPI, kpi_width)?;
    if doc.since.is_none() {
        sheet.set_column_hidden(SINCE)?;
    }
    let benchmarks = card.metrics.iter().any(|m| !m.benchmarks.is_empty());
    let benchmarks_header = match card.metrics.iter().any(|m| m.scored_benchmark().is_some()) {
        true => SCORED_BENCHMARKS_HEADER,
        false => BENCHMARKS_HEADER,
    };
    if benchmarks {
        sheet.set_column_width(BENCHMARKS, BENCHMARKS_WIDTH)?;
    }
    line_header::write(sheet, doc, card)?;

    let mut row = FIRST_SECTION_ROW;
    let mut first_last: Option<(u32, u32)> = None;
    let mut owner_ranges: Vec<(Owner, u32, u32)> = Vec::new();
    let mut metric_rows: Vec<(u32, &MetricResult)> = Vec::new();
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
        sheet.merged_text(row, 0, row, WHY, title, &styles::section())?;
        row += 1;
        for (c, (header, _)) in COLUMNS.iter().enumerate() {
            let header = match &doc.since {
                Some(since) if c as u16 == SINCE => since.header(),
                _ => header.to_string(),
            };
            sheet.text(row, c as u16, header, &styles::header())?;
        }
        if benchmarks {
            sheet.text(row, BENCHMARKS, benchmarks_header, &styles::header())?;
        }
        row += 1;
        let start = row;
        for m in metrics {
            write_metric(sheet, doc, card, row, m, refs)?;
            metric_rows.push((row, m));
            row += 1;
        }
        if let Some(owner) = owner {
            owner_ranges.push((owner, start, row - 1));
        }
        first_last = Some((first_last.map_or(start, |(f, _)| f), row - 1));
        row += 1;
    }
    scores(sheet, card, &owner_ranges, first_last)?;
    if let Some((first, last)) = first_last {
        status_colours(sheet, first, last)?;
    }
    let row = features_block::write(sheet, doc, card, row)?;
    let top = row + 1;
    let shown = line_history::write(sheet, name, card, history, &metric_rows, top)?;
    // The widths of the columns that print (Since is hidden without a run
    // history, Benchmarks written only when some KPI has one).
    let widths: Vec<f64> = COLUMNS
        .iter()
        .enumerate()
        .filter(|(c, _)| *c as u16 != SINCE || doc.since.is_some())
        .map(|(c, (_, width))| match c as u16 {
            KPI => kpi_width,
            TREND_TEXT if shown.periods > 0 => styles::text_trend_width(shown.periods),
            _ => *width,
        })
        .chain(benchmarks.then_some(BENCHMARKS_WIDTH))
        .collect();
    pages::set_up(
        sheet,
        &widths,
        f64::from(shown.right_px),
        top,
        &shown.charts,
    )?;
    Ok(LineLayout {
        metrics: first_last,
    })
}

/// Metric cells sit in the middle of a row that a long reason made taller.
fn middle(format: Format) -> Format {
    format.set_align(FormatAlign::VerticalCenter)
}

/// The four live score cells: weighted means of the attainments over the
/// owner's section (or every metric, for Overall), each left out (a grey
/// dash) below its minimum coverage; under them, the live coverage.
fn scores(
    sheet: &mut Worksheet,
    card: &Scorecard,
    owners: &[(Owner, u32, u32)],
    all: Option<(u32, u32)>,
) -> Result<(), ReportError> {
    for kind in ScoreKind::ALL {
        let col = 1 + kind.index() as u16;
        let score = card.scores.get(kind);
        let coverage = card.scores.coverage(kind);
        let span = match kind.owner() {
            Some(o) => owners
                .iter()
                .find(|(x, _, _)| *x == o)
                .map(|&(_, a, b)| (a, b)),
            None => all,
        };
        match span {
            Some((a, b)) => {
                let range = |c: u16| cell_range(a, c, b, c);
                let (weights, attainments) = (range(WEIGHT), range(ATTAINMENT));
                let (statuses, targets) = (range(STATUS), range(TARGET));
                let ranges = formulas::ScoreRanges {
                    weights: &weights,
                    attainments: &attainments,
                    statuses: &statuses,
                    targets: &targets,
                };
                let formula = formulas::covered_score(&ranges, coverage.minimum);
                sheet.write_formula_with_format(
                    SCORES_ROW,
                    col,
                    Formula::new(formula).set_result(formulas::score_result(score)),
                    &styles::big_score(),
                )?;
                sheet.write_formula_with_format(
                    COVERAGE_ROW,
                    col,
                    Formula::new(formulas::coverage_text(&ranges)).set_result(coverage.to_string()),
                    &styles::coverage(),
                )?;
            }
            None => {
                sheet.text(SCORES_ROW, col, formulas::NO_SCORE, &styles::big_score())?;
                sheet.text(COVERAGE_ROW, col, coverage.to_string(), &styles::coverage())?;
            }
        }
    }
    let label = styles::label().set_align(rust_xlsxwriter::FormatAlign::VerticalCenter);
    sheet.text(COVERAGE_ROW, 0, "Coverage", &label)?;
    sheet.set_row_height(COVERAGE_ROW, 36)?;
    sheet.text(
        SCORES_ROW,
        STATUS,
        coverage_caption(card),
        &styles::subtitle(),
    )?;
    let scale = styles::score_scale();
    sheet.add_conditional_format(SCORES_ROW, 1, SCORES_ROW, 4, &scale)?;
    // A score left out, and its coverage, on grey.
    let unscored = rust_xlsxwriter::ConditionalFormatFormula::new()
        .set_rule(format!("=B${}=\"{}\"", SCORES_ROW + 1, formulas::NO_SCORE).as_str())
        .set_format(styles::status_fill(Status::NoData));
    sheet.add_conditional_format(SCORES_ROW, 1, COVERAGE_ROW, 4, &unscored)?;
    Ok(())
}

/// The legend beside the scores: what coverage is and the minimum each
/// score needs (`a score needs 50% of its KPIs' weight to have a value`).
fn coverage_caption(card: &Scorecard) -> String {
    let minimums: Vec<f64> = ScoreKind::ALL
        .iter()
        .map(|k| card.scores.coverage(*k).minimum)
        .collect();
    let needs = if minimums.iter().all(|m| *m == minimums[0]) {
        format!("a score needs {}", show_share(minimums[0]))
    } else {
        let each: Vec<String> = ScoreKind::ALL
            .iter()
            .zip(&minimums)
            .map(|(k, m)| format!("{} {}", k.label(), show_share(*m)))
            .collect();
        format!("the scores need {}", each.join(", "))
    };
    format!(
        "Coverage: the KPIs with a value, of those a score counts; {needs} of their weight to have a value, else it shows {} on grey.",
        formulas::NO_SCORE
    )
}

/// Status fills and attainment traffic lights that follow the live values.
fn status_colours(sheet: &mut Worksheet, first: u32, last: u32) -> Result<(), ReportError> {
    for status in [Status::Green, Status::Amber, Status::Red, Status::Off] {
        let rule = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(format!(
                "\"{}\"",
                status.label()
            )))
            .set_format(styles::status_fill(status));
        sheet.add_conditional_format(first, STATUS, last, STATUS, &rule)?;
    }
    let lights = ConditionalFormatIconSet::new()
        .set_icon_type(ConditionalFormatIconType::ThreeTrafficLights)
        .set_icons(&[
            ConditionalFormatCustomIcon::new(),
            ConditionalFormatCustomIcon::new().set_rule(ConditionalFormatType::Number, 50),
            ConditionalFormatCustomIcon::new().set_rule(ConditionalFormatType::Number, 100),
        ]);
    sheet.add_conditional_format(first, ATTAINMENT, last, ATTAINMENT, &lights)?;
    Ok(())
}

fn write_metric(
    sheet: &mut Worksheet,
    doc: &ReportDoc,
    card: &Scorecard,
    row: u32,
    m: &MetricResult,
    refs: &WeightRefs,
) -> Result<(), ReportError> {
    let value_format = middle(styles::value(m.unit));
    let r = refs.for_metric(doc, m, &card.line, card.stage);
    let name = if m.oversight {
        format!("{} ⚑", m.name)
    } else {
        m.name.to_string()
    };
    sheet.text(row, KPI, &name, &middle(Format::new()))?;
    if let Some(v) = m.value {
        sheet.write_number_with_format(row, VALUE, v, &value_format)?;
    }
    let mut linked = |col: u16, value: Option<f64>, reference: &Option<String>, format| {
        let Some(v) = value else {
            return Ok::<(), ReportError>(());
        };
        match reference {
            Some(target) => sheet.write_formula_with_format(
                row,
                col,
                Formula::new(format!("={target}")).set_result(formulas::result(v)),
                format,
            )?,
            None => sheet.write_number_with_format(row, col, v, format)?,
        };
        Ok(())
    };
    let threshold = m.threshold;
    linked(
        TARGET,
        threshold.map(|t| t.target),
        &r.target,
        &value_format,
    )?;
    // Room between the amber threshold and the traffic light beside it.
    let warn_format = value_format
        .clone()
        .set_align(FormatAlign::Right)
        .set_indent(1);
    linked(WARN, threshold.and_then(|t| t.warn), &r.warn, &warn_format)?;
    linked(
        WEIGHT,
        Some(m.weight),
        &r.weight,
        &middle(styles::centred()),
    )?;

    let here = |col: u16| row_col_to_cell(row, col);
    let upper = m
        .threshold
        .and_then(|t| t.upper)
        .map(|u| r.upper.clone().unwrap_or_else(|| formulas::result(u)));
    // A judged KPI, or one switched off that has a value and a target,
    // follows its weight cell: at weight 0 its attainment is a dash and its
    // status Off, so editing a weight on the Weights sheet switches it.
    // (Its attainment then shows a dash, which no score formula counts.)
    let off = m.status == Status::Off && m.value.is_some() && m.threshold.is_some();
    let judged = m.is_judged() && m.status.is_scored();
    match (m.attainment, m.direction) {
        (_, Some(direction)) if judged || off => {
            let cells = AttainmentCells {
                value: &here(VALUE),
                target: &here(TARGET),
                warn: &here(WARN),
                upper: upper.as_deref(),
            };
            let formula = formulas::attainment_unless_off(direction, &cells, &here(WEIGHT));
            let cached = formulas::score_result(m.attainment);
            sheet.write_formula_with_format(
                row,
                ATTAINMENT,
                Formula::new(formula).set_result(cached),
                &middle(styles::attainment()),
            )?;
            sheet.write_formula_with_format(
                row,
                STATUS,
                Formula::new(formulas::status_unless_off(
                    &here(ATTAINMENT),
                    &here(WEIGHT),
                ))
                .set_result(m.status.label()),
                &middle(styles::status_live()),
            )?;
        }
        (Some(att), Some(_)) if m.status.is_scored() => {
            // A status set by a rule hook: its attainment is fixed (100, 50
            // or 0), not worked out from the value and the target.
            sheet.write_number_with_format(row, ATTAINMENT, att, &middle(styles::attainment()))?;
            sheet.write_formula_with_format(
                row,
                STATUS,
                Formula::new(formulas::status(&here(ATTAINMENT))).set_result(m.status.label()),
                &middle(styles::status_live()),
            )?;
        }
        _ => {
            sheet.text(
                row,
                STATUS,
                m.status.label(),
                &middle(styles::status(m.status)),
            )?;
        }
    }
    let reason = m.reason().to_string();
    let mut why = reason.clone();
    if let Some(source) = &m.source {
        why.push_str(&format!("\nSource: {source}"));
    }
    if let Some(from) = &m.target_from {
        why.push_str(&format!("\nTarget set by: {from}"));
    }
    for b in &m.benchmarks {
        let scored = match b.scored {
            true => "scored as the target",
            false => "not scored",
        };
        why.push_str(&format!(
            "\nBenchmark ({scored}): {} {} from {}",
            b.label,
            crate::model::format::show(b.value, m.unit),
            b.source
        ));
    }
    if m.oversight {
        why.push_str("\n⚑ Spans several lines: needs marketing oversight at portfolio level.");
    }
    sheet.insert_note(row, STATUS, &line_header::note(&why))?;

    if let Some(p) = m.previous {
        sheet.write_number_with_format(row, PREVIOUS, p, &value_format)?;
    }
    if let Some(change) = m.change() {
        let better = match m.direction {
            _ if change == 0.0 => None,
            Some(Direction::Higher) => Some(change > 0.0),
            Some(Direction::Lower) => Some(change < 0.0),
            Some(Direction::Band) | None => None,
        };
        sheet.write_number_with_format(
            row,
            CHANGE,
            styles::change_value(change, m.unit),
            &middle(styles::change_with_arrow(m.unit, better)),
        )?;
    }
    if let Some(mark) = doc
        .since
        .as_ref()
        .and_then(|s| s.mark(&card.line, &m.metric))
    {
        let format = match mark {
            Mark::NewlyRed => styles::status(Status::Red),
            Mark::Recovered => styles::status(Status::Green),
            _ => styles::centred(),
        };
        sheet.text(row, SINCE, mark.label(), &middle(format))?;
    }
    sheet.text(row, WHY, &reason, &middle(styles::wrap()))?;
    styles::fit_row(sheet, row, &reason, COLUMNS[WHY as usize].1)?;
    if !m.benchmarks.is_empty() {
        let text: Vec<String> = m
            .benchmarks
            .iter()
            .map(|b| {
                format!(
                    "{} {}{}",
                    b.label,
                    crate::model::format::show(b.value, m.unit),
                    if b.scored { " (the target)" } else { "" }
                )
            })
            .collect();
        sheet.text(row, BENCHMARKS, text.join("\n"), &middle(styles::wrap()))?;
    }
    Ok(())
}
