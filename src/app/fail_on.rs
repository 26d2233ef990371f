//! `--fail-on red|amber`: which KPIs of the reported period reach the
//! threshold, and the one line that names them, so a scheduled job that
//! ends with exit code 3 says why (and a `watch` says so after each run).

use crate::cli::FailOn;
use crate::model::format::plural;
use crate::model::{Period, Status};
use crate::scorecard::Portfolio;

/// How many lines the message names before it only counts the rest.
const LINES_NAMED: usize = 10;

/// The KPIs at or past `threshold` in `period`, per line (in the
/// portfolio's order): the line's name and its KPIs' display names.
pub fn hits(portfolio: &Portfolio, period: Period, threshold: FailOn) -> Vec<(&str, Vec<&str>)> {
    let reached = |status: Status| match threshold {
        FailOn::Red => status == Status::Red,
        FailOn::Amber => matches!(status, Status::Red | Status::Amber),
    };
    portfolio
        .cards
        .iter()
        .filter(|card| card.period == period)
        .filter_map(|card| {
            let names: Vec<&str> = card
                .metrics
                .iter()
                .filter(|m| reached(m.status))
                .map(|m| &*m.name)
                .collect();
            (!names.is_empty()).then_some((card.line.as_str(), names))
        })
        .collect()
}

/// What `--fail-on` found, a line per line of the portfolio (the first
/// few named, the rest counted):
///
/// ```text
/// --fail-on red: 3 KPIs are red in 2025-Q4:
///   Atlas Analytics: Win rate
///   Drift Mobile: CAC, Customer retention
/// ```
pub fn message(hits: &[(&str, Vec<&str>)], period: Period, threshold: FailOn) -> String {
    let kpis: usize = hits.iter().map(|(_, names)| names.len()).sum();
    let (flag, status) = match threshold {
        FailOn::Red => ("red", "red"),
        FailOn::Amber => ("amber", "amber or red"),
    };
    let verb = if kpis == 1 { "is" } else { "are" };
    let mut text = format!(
        "--fail-on {flag}: {kpis} KPI{} {verb} {status} in {period}:",
        plural(kpis)
    );
    for (line, names) in hits.iter().take(LINES_NAMED) {
        text.push_str(&format!("\n  {line}: {}", names.join(", ")));
    }
    if hits.len() > LINES_NAMED {
        let more = hits.len() - LINES_NAMED;
        text.push_str(&format!("\n  and {more} more line{}", plural(more)));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_lines_and_kpis_and_counts_the_rest() {
        let period: Period = "2025-Q4".parse().unwrap();
        let one = [("Atlas Analytics", vec!["Win rate"])];
        assert_eq!(
            message(&one, period, FailOn::Red),
            "--fail-on red: 1 KPI is red in 2025-Q4:\n  Atlas Analytics: Win rate"
        );
        let lines: Vec<String> = (1..=12).map(|n| format!("Line {n}")).collect();
        let many: Vec<(&str, Vec<&str>)> = lines
            .iter()
            .map(|l| (l.as_str(), vec!["NPS", "CAC"]))
            .collect();
        let text = message(&many, period, FailOn::Amber);
        let shown: Vec<&str> = text.lines().collect();
        assert_eq!(shown.len(), 12);
        assert_eq!(
            shown[0],
            "--fail-on amber: 24 KPIs are amber or red in 2025-Q4:"
        );
        assert_eq!(shown[1], "  Line 1: NPS, CAC");
        assert_eq!(shown[10], "  Line 10: NPS, CAC");
        assert_eq!(shown[11], "  and 2 more lines");
    }
}
