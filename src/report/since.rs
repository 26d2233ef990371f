//! What changed since the previous recorded run, as the report marks it: a
//! mark per line and metric ("newly red", "recovered", "target changed", …)
//! and the run it is measured against. The app works the marks out from the
//! workspace's run history; the report only shows them, so a run outside a
//! workspace (no history) simply has none.

use crate::model::MetricId;
use crate::model::format::plural;
use std::collections::HashMap;

/// How one metric moved since the previous run, most telling first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mark {
    /// The status turned red.
    NewlyRed,
    /// The status left red for amber or green.
    Recovered,
    /// The rules changed its target, amber threshold, owner or weight.
    RuleChanged,
    /// The status moved otherwise (e.g. green to amber).
    StatusMoved,
    /// Only the value changed.
    ValueChanged,
}

impl Mark {
    pub const ALL: [Mark; 5] = [
        Mark::NewlyRed,
        Mark::Recovered,
        Mark::RuleChanged,
        Mark::StatusMoved,
        Mark::ValueChanged,
    ];

    /// The words shown in the workbook's "Since run N" cells.
    pub fn label(self) -> &'static str {
        match self {
            Mark::NewlyRed => "newly red",
            Mark::Recovered => "recovered",
            Mark::RuleChanged => "rule changed",
            Mark::StatusMoved => "status moved",
            Mark::ValueChanged => "value changed",
        }
    }
}

impl Mark {
    /// The words after a count of `n` marks: `1 value changed`, `2 values
    /// changed`.
    pub fn counted(self, n: usize) -> &'static str {
        match (self, n) {
            (_, 1) | (Mark::NewlyRed | Mark::Recovered, _) => self.label(),
            (Mark::RuleChanged, _) => "rules changed",
            (Mark::StatusMoved, _) => "statuses moved",
            (Mark::ValueChanged, _) => "values changed",
        }
    }
}

/// The previous run and what moved since, by line and metric.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SinceRun {
    /// The previous run's number in the history.
    pub run: u32,
    /// When it was made, as recorded (`2025-06-30T09:15:00Z`).
    pub timestamp: String,
    /// Line -> metric -> how it moved.
    pub marks: HashMap<String, HashMap<MetricId, Mark>>,
    /// How many lines are new to the data, and how many left it.
    pub new_lines: usize,
    pub gone_lines: usize,
}

impl SinceRun {
    /// The mark of one line's metric, if it moved.
    pub fn mark(&self, line: &str, metric: &MetricId) -> Option<Mark> {
        self.marks.get(line)?.get(metric).copied()
    }

    /// A line's marks counted, in [`Mark::ALL`] order, e.g.
    /// "1 newly red · 2 value changed"; empty when nothing moved.
    pub fn line_summary(&self, line: &str) -> String {
        summary(self.marks.get(line).into_iter().flat_map(|m| m.values()))
    }

    /// The whole portfolio's marks counted, in the same form.
    pub fn portfolio_summary(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.new_lines > 0 {
            parts.push(format!(
                "{} line{} new",
                self.new_lines,
                plural(self.new_lines)
            ));
        }
        if self.gone_lines > 0 {
            parts.push(format!(
                "{} line{} no longer in the data",
                self.gone_lines,
                plural(self.gone_lines)
            ));
        }
        let marks = summary(self.marks.values().flat_map(|m| m.values()));
        parts.extend((!marks.is_empty()).then_some(marks));
        parts.join(" · ")
    }

    /// The column header: "Since run 3".
    pub fn header(&self) -> String {
        format!("Since run {}", self.run)
    }
}

/// "1 newly red · 2 values changed": marks counted in [`Mark::ALL`] order.
fn summary<'a>(marks: impl Iterator<Item = &'a Mark>) -> String {
    let mut counts = [0usize; Mark::ALL.len()];
    for mark in marks {
        counts[*mark as usize] += 1;
    }
    Mark::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(mark, n)| format!("{n} {}", mark.counted(n)))
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_count_marks_in_order() {
        let id = |s: &str| MetricId::normalise(s).unwrap();
        let mut since = SinceRun {
            run: 3,
            timestamp: "2025-06-30T09:15:00Z".into(),
            marks: HashMap::new(),
            ..SinceRun::default()
        };
        let mut mark = |line: &str, metric: &str, mark: Mark| {
            since
                .marks
                .entry(line.to_string())
                .or_default()
                .insert(id(metric), mark);
        };
        mark("A", "nps", Mark::ValueChanged);
        mark("A", "cac", Mark::NewlyRed);
        mark("B", "cac", Mark::ValueChanged);
        assert_eq!(since.line_summary("A"), "1 newly red · 1 value changed");
        assert_eq!(since.line_summary("C"), "");
        assert_eq!(since.portfolio_summary(), "1 newly red · 2 values changed");
        assert_eq!(since.mark("A", &id("cac")), Some(Mark::NewlyRed));
        assert_eq!(since.header(), "Since run 3");
        since.new_lines = 1;
        since.gone_lines = 8;
        assert_eq!(
            since.portfolio_summary(),
            "1 line new · 8 lines no longer in the data · 1 newly red · 2 values changed"
        );
    }
}
