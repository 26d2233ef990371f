//! The history block at the foot of a line sheet: each metric's value in the
//! last periods up to the one shown, and the four scores, which feed the
//! sparklines in the Trend column, the "Scores over time" chart and a small
//! chart of each owner's heaviest-weighted KPI.

use super::cell_text::{self, TextCells};
use super::line_sheet::{SINCE, TREND, TREND_TEXT, WHY};
use super::pages::Block;
use super::styles;
use crate::model::{Owner, format};
use crate::report::ReportError;
use crate::scorecard::{MetricResult, Scorecard};
use rust_xlsxwriter::{
    Chart, ChartAxisLabelPosition, ChartLegendPosition, ChartType, Sparkline, Worksheet,
};

/// At most this many periods: they fit in the columns between KPI and the
/// "Since last run" column (hidden without a run history).
pub const MAX_PERIODS: usize = SINCE as usize - 1;

const SCORE_COLOURS: [u32; 4] = [0x2563EB, 0xD97706, 0x059669, 0x111827];
/// The sizes of the charts, in pixels, and the gap between the small ones.
const SCORES_CHART: (u32, u32) = (900, 300);
const KEY_CHART: (u32, u32) = (440, 260);
const KEY_CHART_STEP: u32 = 455;
/// Pixels in a row of the default height (15 points at 96 dpi).
const ROW_PX: u32 = 20;
/// How far below the top of its first row a chart starts: clear of the
/// row above, so that a viewer breaking the page above that row does not
/// also print a sliver of the chart at the foot of the page before.
const CHART_DROP: u32 = 4;

/// Where the history block put things, for the page setup.
#[derive(Debug, Default)]
pub struct History {
    /// How many periods it shows.
    pub periods: usize,
    /// The first and last row each chart covers, top to bottom.
    pub charts: Vec<Block>,
    /// How far right the charts reach, in pixels.
    pub right_px: u32,
}

/// The rows a chart `height` pixels tall covers from `top`.
fn covered(top: u32, height: u32) -> Block {
    (top, top + (CHART_DROP + height).div_ceil(ROW_PX) - 1)
}

pub fn write(
    sheet: &mut Worksheet,
    name: &str,
    card: &Scorecard,
    history: &[&Scorecard],
    metric_rows: &[(u32, &MetricResult)],
    top: u32,
) -> Result<History, ReportError> {
    let shown: Vec<&Scorecard> = {
        let upto: Vec<&Scorecard> = history
            .iter()
            .copied()
            .filter(|c| c.period <= card.period)
            .collect();
        upto[upto.len().saturating_sub(MAX_PERIODS)..].to_vec()
    };
    if shown.is_empty() {
        return Ok(History::default());
    }
    let mut layout = History {
        periods: shown.len(),
        ..History::default()
    };
    let last_col = shown.len() as u16;
    sheet.set_column_width(TREND_TEXT, styles::text_trend_width(shown.len()))?;
    let mut row = top;
    sheet.merged_text(
        row,
        0,
        row,
        WHY,
        match shown.len() {
            1 => "History: the last period".to_string(),
            n => format!("History: the last {n} periods"),
        },
        &styles::section(),
    )?;
    row += 1;
    let header_row = row;
    sheet.text(row, 0, "KPI", &styles::header())?;
    for (i, c) in shown.iter().enumerate() {
        sheet.text(
            row,
            1 + i as u16,
            c.period.to_string(),
            &styles::header_right(),
        )?;
    }
    row += 1;
    let mut charted: Vec<(u32, &MetricResult)> = Vec::new();
    for (metric_row, m) in metric_rows {
        sheet.text_plain(row, 0, &*m.name)?;
        let number_format = styles::value(m.unit);
        let values: Vec<Option<f64>> = shown
            .iter()
            .map(|c| {
                c.metrics
                    .iter()
                    .find(|x| x.metric == m.metric)
                    .and_then(|x| x.value)
            })
            .collect();
        for (i, value) in values.iter().enumerate() {
            if let Some(v) = value {
                sheet.write_number_with_format(row, 1 + i as u16, *v, &number_format)?;
            }
        }
        let any = values.iter().any(Option::is_some);
        if any {
            charted.push((row, m));
        }
        if any && shown.len() > 1 {
            let sparkline = Sparkline::new()
                .set_range((name, row, 1, row, last_col))
                .show_last_point(true)
                .set_sparkline_color(0x1E3A8A);
            sheet.add_sparkline(*metric_row, TREND, &sparkline)?;
            sheet.text(
                *metric_row,
                TREND_TEXT,
                format::text_trend(&values),
                &styles::text_trend(),
            )?;
        }
        row += 1;
    }

    let mut chart = Chart::new(ChartType::Line);
    let labels = [
        Owner::Pm.title(),
        Owner::Pmm.title(),
        Owner::Shared.title(),
        "Overall",
    ];
    let mut series = 0;
    for (k, label) in labels.iter().enumerate() {
        sheet.text(row, 0, format!("Score: {label}"), &styles::label())?;
        let mut any = false;
        for (i, c) in shown.iter().enumerate() {
            let s = &c.scores;
            let score = [s.pm, s.pmm, s.shared, s.overall][k];
            if let Some(v) = score {
                sheet.write_number_with_format(row, 1 + i as u16, v, &styles::score())?;
                any = true;
            }
        }
        if any {
            chart
                .add_series()
                .set_name(*label)
                .set_categories((name, header_row, 1, header_row, last_col))
                .set_values((name, row, 1, row, last_col))
                .set_format(
                    rust_xlsxwriter::ChartFormat::new().set_line(
                        rust_xlsxwriter::ChartLine::new()
                            .set_color(SCORE_COLOURS[k])
                            .set_width(if k == 3 { 2.75 } else { 1.5 }),
                    ),
                );
            series += 1;
        }
        row += 1;
    }
    if series > 0 {
        chart.title().set_name("Scores over time (0–100)");
        chart.y_axis().set_min(0).set_max(100);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(SCORES_CHART.0).set_height(SCORES_CHART.1);
        sheet.insert_chart_with_offset(row + 1, 0, &chart, 0, CHART_DROP)?;
        layout.charts.push(covered(row + 1, SCORES_CHART.1));
        layout.right_px = SCORES_CHART.0;
    }
    let key = Series {
        name,
        categories: (header_row, last_col),
    };
    let placed = key_metric_charts(sheet, &key, &charted, row + 17)?;
    if placed > 0 {
        layout.charts.push(covered(row + 17, KEY_CHART.1));
        let right = (placed - 1) * KEY_CHART_STEP + KEY_CHART.0;
        layout.right_px = layout.right_px.max(right);
    }
    Ok(layout)
}

/// Where a chart's categories (the period labels) are.
struct Series<'a> {
    name: &'a str,
    categories: (u32, u16),
}

/// One small chart per owner for its heaviest-weighted KPI, side by side,
/// each on its own axis in the KPI's unit. Returns how many it placed.
fn key_metric_charts(
    sheet: &mut Worksheet,
    at: &Series,
    rows: &[(u32, &MetricResult)],
    top: u32,
) -> Result<u32, ReportError> {
    let (header_row, last_col) = at.categories;
    let mut placed = 0u32;
    for owner in Owner::ALL {
        let Some((row, m)) = rows
            .iter()
            .filter(|(_, m)| m.owner == Some(owner) && m.value.is_some())
            .max_by(|a, b| a.1.weight.total_cmp(&b.1.weight).then(b.0.cmp(&a.0)))
        else {
            continue;
        };
        let mut chart = Chart::new(ChartType::Line);
        chart
            .add_series()
            .set_name(&cell_text::chart_name(&m.name))
            .set_categories((at.name, header_row, 1, header_row, last_col))
            .set_values((at.name, *row, 1, *row, last_col))
            .set_format(
                rust_xlsxwriter::ChartFormat::new().set_line(
                    rust_xlsxwriter::ChartLine::new()
                        .set_color(SCORE_COLOURS[placed as usize])
                        .set_width(2.0),
                ),
            );
        chart.title().set_name(&cell_text::chart_name(&format!(
            "{} ({})",
            m.name,
            owner.short()
        )));
        chart
            .y_axis()
            .set_num_format(styles::number_format(m.unit).as_ref());
        // The periods along the foot of the chart, clear of the line when
        // the values go below zero (an NPS of -7.5).
        chart
            .x_axis()
            .set_label_position(ChartAxisLabelPosition::Low);
        chart.legend().set_hidden();
        chart.set_width(KEY_CHART.0).set_height(KEY_CHART.1);
        sheet.insert_chart_with_offset(top, 0, &chart, placed * KEY_CHART_STEP, CHART_DROP)?;
        placed += 1;
    }
    Ok(placed)
}
