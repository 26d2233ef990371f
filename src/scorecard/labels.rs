//! The line labels the rules declare with `fits(...)` and `focus(...)`,
//! worked out from the statuses, and merged with a `labels(line)` hook's.

use super::MetricResult;
use crate::model::{Fit, FitResult, Focus, Labels, Stage, Status};
use crate::rules::LabelRules;

/// Worst first: a fit is as good as its worst judged KPI.
fn rank(status: Status) -> u8 {
    match status {
        Status::Red => 3,
        Status::Amber => 2,
        Status::Green => 1,
        _ => 0,
    }
}

fn fit(fit: Fit, ids: &[crate::model::MetricId], metrics: &[MetricResult]) -> FitResult {
    let judged: Vec<&MetricResult> = ids
        .iter()
        .filter_map(|id| metrics.iter().find(|m| &m.metric == id))
        // Only KPIs that count: a weight-0 KPI is not judged here either.
        .filter(|m| m.counts())
        .collect();
    let Some(worst) = judged.iter().map(|m| m.status).max_by_key(|s| rank(*s)) else {
        let names: Vec<&str> = ids.iter().map(|m| m.as_str()).collect();
        return FitResult {
            fit,
            status: Status::NoData,
            reason: format!("no judged value among {}", names.join(", ")),
        };
    };
    let parts: Vec<String> = judged
        .iter()
        .map(|m| format!("{} {}", m.name, m.status.as_str()))
        .collect();
    FitResult {
        fit,
        status: worst,
        reason: parts.join(", "),
    }
}

fn focus(
    rule: &crate::rules::FocusRule,
    stage: Option<Stage>,
    metrics: &[MetricResult],
    fits: &[FitResult],
) -> (Focus, String) {
    let red: Vec<&str> = rule
        .maintenance
        .iter()
        .filter_map(|id| metrics.iter().find(|m| &m.metric == id))
        .filter(|m| m.status == Status::Red)
        .map(|m| &*m.name)
        .collect();
    if !red.is_empty() {
        return (
            Focus::HighMaintenance,
            format!(
                "{} red: needs strong technical product support",
                red.join(", ")
            ),
        );
    }
    let pm_fit = fits
        .iter()
        .find(|f| f.fit == Fit::ProductMarket)
        .map(|f| f.status);
    match stage {
        Some(s) if rule.growth_stages.contains(&s) && pm_fit != Some(Status::Red) => (
            Focus::HighGrowth,
            format!("{s} line whose product-market fit holds: needs strong marketing support"),
        ),
        _ => (
            Focus::Balanced,
            "neither support nor growth stands out".to_string(),
        ),
    }
}

/// The declared labels for one scorecard.
pub fn declared(rules: &LabelRules, stage: Option<Stage>, metrics: &[MetricResult]) -> Labels {
    let fits: Vec<FitResult> = rules
        .fits
        .iter()
        .map(|(f, ids)| fit(*f, ids, metrics))
        .collect();
    let focus = rules
        .focus
        .as_ref()
        .map(|r| focus(r, stage, metrics, &fits));
    Labels {
        fits,
        focus,
        custom: Default::default(),
    }
}

/// A hook's labels win over the declared ones, fit by fit.
pub fn merge(mut declared: Labels, hook: Labels) -> Labels {
    for f in hook.fits {
        declared.fits.retain(|d| d.fit != f.fit);
        declared.fits.push(f);
    }
    declared.fits.sort_by_key(|f| f.fit);
    if hook.focus.is_some() {
        declared.focus = hook.focus;
    }
    declared.custom.extend(hook.custom);
    declared
}
