//! What changed since the previous recorded run, as the report marks it: a
//! mark per line and metric ("newly red", "recovered", "target changed", …)
//! and the run it is measured against. The app works the marks out from the
//! workspace's run history; the report only shows them, so a run outside a
//! workspace (no history) simply has none.

use crate::model::MetricId;
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

/// The previous run and what moved since, by line and metric.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SinceRun {
    /// The previous run's number in the history.
    pub run: u32,
    /// When it was made, as recorded (`2025-06-30T09:15:00Z`).
    pub timestamp: String,
    pub marks: HashMap<(String, MetricId), Mark>,
}

impl SinceRun {
    /// The mark of one line's metric, if it moved.
    pub fn mark(&self, line: &str, metric: &MetricId) -> Option<Mark> {
        self.marks.get(&(line.to_string(), metric.clone())).copied()
    }

    /// A line's marks counted, in [`Mark::ALL`] order, e.g.
    /// "1 newly red · 2 value changed"; empty when nothing moved.
    pub fn line_summary(&self, line: &str) -> String {
        self.summary(|l| l == line)
    }

    /// The whole portfolio's marks counted, in the same form.
    pub fn portfolio_summary(&self) -> String {
        self.summary(|_| true)
    }

    fn summary(&self, keep: impl Fn(&str) -> bool) -> String {
        Mark::ALL
            .iter()
            .filter_map(|&mark| {
                let n = self
                    .marks
                    .iter()
                    .filter(|((line, _), m)| **m == mark && keep(line))
                    .count();
                (n > 0).then(|| format!("{n} {}", mark.label()))
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The column header: "Since run 3".
    pub fn header(&self) -> String {
        format!("Since run {}", self.run)
    }
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
        };
        since
            .marks
            .insert(("A".into(), id("nps")), Mark::ValueChanged);
        since.marks.insert(("A".into(), id("cac")), Mark::NewlyRed);
        since
            .marks
            .insert(("B".into(), id("cac")), Mark::ValueChanged);
        assert_eq!(since.line_summary("A"), "1 newly red · 1 value changed");
        assert_eq!(since.line_summary("C"), "");
        assert_eq!(since.portfolio_summary(), "1 newly red · 2 value changed");
        assert_eq!(since.mark("A", &id("cac")), Some(Mark::NewlyRed));
        assert_eq!(since.header(), "Since run 3");
    }
}
