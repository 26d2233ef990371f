//! One statement of `linecard sql`: the steps every statement shares (the
//! typed fields, the guards, each time field's period, each condition once
//! per record), then the KPIs of one group — one time field, or the
//! export's latest period, and holistic or not — grouped by line and
//! period, a row per line, period and KPI.

use super::dialect::Dialect;
use super::fields::{DATE, MS, PERIOD};
use super::measures::{self, Writer, holistic};
use crate::frame::records::measure::{Cond, LATEST, Measure};
use crate::frame::zone::ZoneName;
use crate::model::Granularity;

/// The measures of one statement: one time field (or [`LATEST`]), and
/// holistic or not.
pub struct Group<'m> {
    by: &'static str,
    holistic: bool,
    measures: Vec<&'m Measure>,
}

/// The statements' measure groups, in the order of the definitions.
pub fn groups(measures: &[Measure]) -> Vec<Group<'_>> {
    let mut out: Vec<Group> = Vec::new();
    for m in measures {
        let split = holistic(&m.agg);
        match out.iter_mut().find(|g| g.by == m.by && g.holistic == split) {
            Some(g) => g.measures.push(m),
            None => out.push(Group {
                by: m.by,
                holistic: split,
                measures: vec![m],
            }),
        }
    }
    out
}

/// What every statement of one table shares.
pub struct Plan<'a> {
    pub d: Dialect,
    pub by: Granularity,
    pub zone: ZoneName,
    pub place: &'a str,
    /// The table, as SQL.
    pub from: &'a str,
    /// The `typed` step's items.
    pub items: Vec<String>,
    pub guard: Option<String>,
    /// The kind's time fields.
    pub times: Vec<&'static str>,
    /// More `timed` items: columns computed from the line and the fields
    /// (whether an event is a use of its line's features).
    pub marks: Vec<String>,
}

impl Plan<'_> {
    pub fn own(&self, name: &str) -> String {
        self.d.own(name)
    }

    /// One statement: the steps, then a row per line, period and KPI.
    pub fn statement(&self, group: &Group, all: &[Measure]) -> String {
        let d = self.d;
        let w = self.writer(all);
        let by_words = match group.by {
            LATEST => "as of the export".to_string(),
            field => format!("by {field}"),
        };
        let label = format!(
            "{} {by_words}{}",
            self.place,
            if group.holistic {
                " (medians and percentiles)"
            } else {
                ""
            }
        );
        let metrics: Vec<&str> = group.measures.iter().map(|m| m.metric).collect();
        let mut ctes = self.steps(&w);
        let (period, from) = match group.by {
            LATEST => {
                ctes.push(self.latest(all, &w));
                (
                    self.own("period"),
                    format!("{} CROSS JOIN {}", self.own("records"), self.own("latest")),
                )
            }
            field => (self.own(&format!("{field}{PERIOD}")), self.own("records")),
        };
        let line = self.own("line");
        let windowed = group.holistic && d.quantiles_by_window();
        let partition = format!("{line}, {period}");
        let mut picked = vec![line.clone(), format!("{period} AS {}", self.own("period"))];
        for (i, m) in group.measures.iter().enumerate() {
            let a = w.aggregates(&m.over, &m.agg, windowed.then_some(partition.as_str()));
            picked.push(format!("{} AS {}", a.value, self.own(&format!("v{i}"))));
            picked.push(format!("{} AS {}", a.n, self.own(&format!("n{i}"))));
        }
        ctes.push(match windowed {
            true => format!(
                "{} AS (SELECT DISTINCT {} FROM {from} WHERE {period} IS NOT NULL)",
                self.own("grouped"),
                picked.join(", ")
            ),
            false => format!(
                "{} AS (SELECT {} FROM {from} WHERE {period} IS NOT NULL GROUP BY {partition})",
                self.own("grouped"),
                picked.join(", ")
            ),
        });
        self.finish(&label, &metrics, &ctes)
    }

    /// How the table's statements write the KPIs of `all`: each condition
    /// they count by named once (see [`measures::conditions`]).
    pub fn writer(&self, all: &[Measure]) -> Writer {
        Writer {
            dialect: self.d,
            named: measures::conditions(all.iter()),
        }
    }

    /// The steps every statement of the table starts with: `typed`,
    /// `checked`, `timed` and `records`.
    pub fn steps(&self, w: &Writer) -> Vec<String> {
        vec![
            format!(
                "{} AS (SELECT {}{} FROM {})",
                self.own("typed"),
                if self.guard.is_some() {
                    "DISTINCT "
                } else {
                    ""
                },
                self.items.join(", "),
                self.from
            ),
            format!(
                "{} AS (SELECT *, {} AS {} FROM {} WHERE {} IS NOT NULL)",
                self.own("checked"),
                self.guard.as_deref().unwrap_or("TRUE"),
                self.own("ok"),
                self.own("typed"),
                self.own("line")
            ),
            format!(
                "{} AS (SELECT *, {} FROM {} WHERE {})",
                self.own("timed"),
                self.derived(),
                self.own("checked"),
                self.own("ok")
            ),
            self.counted(w),
        ]
    }

    /// The statement of `ctes`, whose last step `grouped` holds `v0, n0,
    /// v1, n1, ...` for `metrics` by line and period: a row per line,
    /// period and KPI with a value, its sample size and the query's
    /// `label`.
    pub fn finish(&self, label: &str, metrics: &[&str], ctes: &[String]) -> String {
        let d = self.d;
        let line = self.own("line");
        let rows: Vec<String> = metrics
            .iter()
            .enumerate()
            .map(|(i, metric)| {
                let (v, n) = (self.own(&format!("v{i}")), self.own(&format!("n{i}")));
                format!(
                    "SELECT {line}, {}, {} AS {}, {v} AS {}, {n} AS {}, {} AS {} FROM {} WHERE {v} IS NOT NULL AND {n} >= 1",
                    self.own("period"),
                    d.text(metric),
                    self.own("metric"),
                    self.own("value"),
                    self.own("sample_size"),
                    d.text(label),
                    self.own("query"),
                    self.own("grouped"),
                )
            })
            .collect();
        format!(
            "-- linecard sql ({}): {label}: {}\nWITH {}\n{}\nORDER BY {line}, {}, {};",
            d.word(),
            metrics.join(", "),
            ctes.join(",\n"),
            rows.join("\nUNION ALL\n"),
            self.own("period"),
            self.own("metric"),
        )
    }

    /// The `records` step: each condition the KPIs count by, once per
    /// record.
    fn counted(&self, w: &Writer) -> String {
        // Written out in full: a step's columns cannot name each other.
        let plain = Writer {
            dialect: self.d,
            named: Vec::new(),
        };
        let mut items = vec!["*".to_string()];
        for (c, name) in &w.named {
            items.push(format!("{} AS {}", plain.cond(c), self.own(name)));
        }
        format!(
            "{} AS (SELECT {} FROM {})",
            self.own("records"),
            items.join(", "),
            self.own("timed")
        )
    }

    /// Each time field's milliseconds since 1970, period label and local
    /// date, as `records` items.
    fn derived(&self) -> String {
        let d = self.d;
        let items: Vec<String> = self
            .times
            .iter()
            .flat_map(|field| {
                let t = self.own(field);
                let local = d.local(&t, self.zone);
                [
                    format!(
                        "{} AS {}",
                        d.epoch_ms(&t),
                        self.own(&format!("{field}{MS}"))
                    ),
                    format!(
                        "{} AS {}",
                        self.period_label(&local),
                        self.own(&format!("{field}{PERIOD}"))
                    ),
                    format!(
                        "CAST({local} AS DATE) AS {}",
                        self.own(&format!("{field}{DATE}"))
                    ),
                ]
            })
            .chain(self.marks.iter().cloned())
            .collect();
        items.join(", ")
    }

    /// The period a local time falls in, as `linecard report` writes it:
    /// `2025-Q3`, `2025-07` or `2025` (which also sort in time order).
    fn period_label(&self, local: &str) -> String {
        let d = self.d;
        let part =
            |unit: &str| format!("CAST(EXTRACT({unit} FROM {local}) AS {})", d.string_type());
        match self.by {
            Granularity::Year => part("YEAR"),
            Granularity::Quarter => d.concat(&[part("YEAR"), "'-Q'".into(), part("QUARTER")]),
            Granularity::Month => d.concat(&[
                part("YEAR"),
                "'-'".into(),
                format!("LPAD({}, 2, '0')", part("MONTH")),
            ]),
        }
    }

    /// The `latest` step: the export's latest period, the latest in which
    /// a record counts for one of the KPIs put in periods by a time field
    /// (as `engine.rs` decides it).
    fn latest(&self, all: &[Measure], w: &Writer) -> String {
        let p = self.own("p");
        let mut candidates: Vec<String> = Vec::new();
        for m in all.iter().filter(|m| m.by != LATEST) {
            let period = self.own(&format!("{}{PERIOD}", m.by));
            let one = match m.over {
                Cond::Always => format!("SELECT {period} AS {p} FROM {}", self.own("records")),
                _ => format!(
                    "SELECT CASE WHEN {} THEN {period} END AS {p} FROM {}",
                    w.cond(&m.over),
                    self.own("records")
                ),
            };
            if !candidates.contains(&one) {
                candidates.push(one);
            }
        }
        let from = match candidates.is_empty() {
            // No KPI of these records is put in periods: no latest period.
            true => format!("(SELECT CAST(NULL AS {}) AS {p})", self.d.string_type()),
            false => format!("({})", candidates.join(" UNION ALL ")),
        };
        format!(
            "{} AS (SELECT MAX({p}) AS {} FROM {from} AS {})",
            self.own("latest"),
            self.own("period"),
            self.own("candidates")
        )
    }
}
