//! The Experiments sheet: every A/B experiment read from experiment
//! results, a row per variation — the control first — with its people,
//! conversions and conversion rate, each treatment's lift over the control
//! and its p-value, the experiment's sample-ratio-mismatch p-value and its
//! verdict, coloured like a status (a win green, a loss red, a result that
//! cannot be trusted amber). Written only when there are experiments.

use super::cell_text::TextCells;
use super::styles;
use crate::frame::records::{Experiment, Verdict};
use crate::model::Status;
use crate::model::format::plural;
use crate::report::{ReportDoc, ReportError};
use rust_xlsxwriter::{Format, Worksheet};

pub const NAME: &str = "Experiments";

const COLUMNS: [(&str, f64); 14] = [
    ("Line", 22.0),
    ("Period", 9.0),
    ("Experiment", 26.0),
    ("Goal", 16.0),
    ("Ended", 11.0),
    ("Variation", 16.0),
    ("People", 10.0),
    ("Conversions", 12.0),
    ("Conversion", 11.0),
    ("Lift", 9.0),
    ("p-value", 9.0),
    ("SRM p", 9.0),
    ("Verdict", 22.0),
    ("Source", 34.0),
];

/// The experiments of the report, if any.
pub fn experiments<'a>(doc: &ReportDoc<'a>) -> &'a [Experiment] {
    doc.frame.map_or(&[], |f| f.experiments())
}

pub fn write(sheet: &mut Worksheet, doc: &ReportDoc) -> Result<(), ReportError> {
    let all = experiments(doc);
    sheet.set_name(NAME)?;
    sheet.text(0, 0, "Experiments", &styles::title())?;
    super::back_link(sheet, 0, COLUMNS.len() as u16 - 1)?;
    let count = |v: Verdict| all.iter().filter(|e| e.verdict == v).count();
    // Each level once, in order (several files can be read under several).
    let mut levels: Vec<f64> = all.iter().map(|e| e.alpha).collect();
    levels.sort_by(f64::total_cmp);
    levels.dedup();
    let alphas: Vec<String> = levels.iter().map(f64::to_string).collect();
    sheet.text(
        1,
        0,
        format!(
            "{} experiment{}: {} won, {} lost, {} flat, {} insufficient, {} with a sample ratio mismatch. Two-sided z-tests at alpha {} (divided among the treatments); a mismatch is a split test below p = 0.001; fewer than 30 people or 5 conversions in a variation is insufficient.",
            all.len(),
            plural(all.len()),
            count(Verdict::Win),
            count(Verdict::Loss),
            count(Verdict::Flat),
            count(Verdict::Insufficient),
            count(Verdict::SampleRatioMismatch),
            alphas.join(", ")
        ),
        &styles::subtitle(),
    )?;
    for (c, (header, width)) in COLUMNS.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
        sheet.text(3, c as u16, *header, &styles::header())?;
    }
    let percent = Format::new().set_num_format("0.0%");
    let lift = Format::new().set_num_format("+0.0%;-0.0%;0.0%");
    let p = Format::new().set_num_format("0.0000");
    let mut row = 4u32;
    for e in all {
        let verdict = verdict_format(e.verdict);
        for arm in &e.arms {
            sheet.text_plain(row, 0, &e.line)?;
            sheet.text_plain(row, 1, &e.period)?;
            sheet.text_plain(row, 2, &e.experiment)?;
            if let Some(goal) = &e.goal {
                sheet.text_plain(row, 3, goal)?;
            }
            sheet.text_plain(row, 4, &e.ended)?;
            let name = match arm.control && !arm.name.eq_ignore_ascii_case("control") {
                true => format!("{} (control)", arm.name),
                false => arm.name.clone(),
            };
            sheet.text_plain(row, 5, &name)?;
            sheet.write_number(row, 6, arm.people as f64)?;
            sheet.write_number(row, 7, arm.conversions as f64)?;
            sheet.write_number_with_format(row, 8, arm.rate, &percent)?;
            if let Some(l) = arm.lift {
                sheet.write_number_with_format(row, 9, l, &lift)?;
            }
            if let Some(v) = arm.p_value {
                sheet.write_number_with_format(row, 10, v, &p)?;
            }
            sheet.write_number_with_format(row, 11, e.srm_p, &p)?;
            sheet.text(row, 12, e.verdict.word(), &verdict)?;
            sheet.text_plain(row, 13, &e.source)?;
            row += 1;
        }
    }
    if row > 4 {
        sheet.autofilter(3, 0, row - 1, COLUMNS.len() as u16 - 1)?;
        sheet.set_freeze_panes(4, 0)?;
        sheet.set_repeat_rows(3, 3)?;
    }
    styles::print_setup(sheet);
    Ok(())
}

/// A verdict coloured like the status it amounts to.
fn verdict_format(verdict: Verdict) -> Format {
    styles::status(match verdict {
        Verdict::Win => Status::Green,
        Verdict::Loss => Status::Red,
        Verdict::Flat => Status::Info,
        Verdict::Insufficient | Verdict::SampleRatioMismatch => Status::Amber,
    })
}
