//! The SQL of the product-event KPIs that are not one group-by of events,
//! as `adoption.rs` computes them: `stickiness` from the distinct people
//! of each day and month, over the days and months of the period the
//! events cover, and `time_to_adopt` (with its p90) from each person's
//! first event on the line and first use of each feature. Each is a
//! statement of its own after the table's shared steps.

use super::super::events::FEATURE_USE;
use super::dialect::Dialect;
use super::fields::{DATE, PERIOD};
use super::measures::Writer;
use super::statement::Plan;
use crate::frame::records::Feature;
use crate::frame::records::engine::months;
use crate::frame::records::measure::Measure;
use crate::model::Granularity;

use super::super::events::PEOPLE;

/// The column saying which feature (its index among the rules') an event
/// is a use of, as `features.rs` marks it.
const FEATURE_OF: &str = "feature_of";

/// The `timed` items marking the features' uses, when the rules declare
/// any: whether an event is a use of one of its line's features (null on
/// a line with none), and which.
pub fn marks(d: Dialect, features: &[Feature]) -> Vec<String> {
    let uses: Vec<String> = features
        .iter()
        .map(|f| {
            let events: Vec<String> = f.events.iter().map(|e| d.text(e)).collect();
            format!(
                "({} = {} AND {} IN ({}))",
                d.own("line"),
                d.text(&f.line),
                d.own("event"),
                events.join(", ")
            )
        })
        .collect();
    if uses.is_empty() {
        return Vec::new();
    }
    // Null on a line with no feature: its feature KPIs have no records.
    let mut lines: Vec<String> = features.iter().map(|f| d.text(&f.line)).collect();
    lines.dedup();
    let which: Vec<String> = uses
        .iter()
        .enumerate()
        .map(|(i, used)| format!("WHEN {used} THEN {i}"))
        .collect();
    vec![
        format!(
            "CASE WHEN {} IN ({}) THEN COALESCE({}, FALSE) END AS {}",
            d.own("line"),
            lines.join(", "),
            uses.join(" OR "),
            d.own(FEATURE_USE)
        ),
        format!("CASE {} END AS {}", which.join(" "), d.own(FEATURE_OF)),
    ]
}

impl Plan<'_> {
    /// The records with a person and a period, each with its person and
    /// the feature it is a use of (null without features declared, whose
    /// marks are then not written).
    fn people(&self, w: &Writer, with_features: bool) -> String {
        let (period, date) = (
            self.own(&format!("time{PERIOD}")),
            self.own(&format!("time{DATE}")),
        );
        let feature = match with_features {
            true => self.own(FEATURE_OF),
            false => format!(
                "CAST(NULL AS {}) AS {}",
                self.d.integer_type(),
                self.own(FEATURE_OF)
            ),
        };
        format!(
            "{} AS (SELECT {line} AS {line}, {period} AS {}, {date} AS {}, {} AS {}, {feature} FROM {} WHERE {period} IS NOT NULL AND {} IS NOT NULL)",
            self.own("people"),
            self.own("period"),
            self.own("day"),
            w.person(PEOPLE),
            self.own("person"),
            self.own("records"),
            w.person(PEOPLE),
            line = self.own("line"),
        )
    }

    /// `stickiness`: the average daily over the average monthly active
    /// people of each line and period, over the days and months of the
    /// period between the first and last day of any event read.
    pub fn stickiness(&self, all: &[Measure], with_features: bool) -> String {
        let (d, w) = (self.d, &self.writer(all));
        let o = |n: &str| self.own(n);
        let per = months(self.by);
        let unit = match self.by {
            Granularity::Month => "MONTH",
            Granularity::Quarter => "QUARTER",
            Granularity::Year => "YEAR",
        };
        let mut ctes = self.steps(w);
        ctes.push(self.people(w, with_features));
        let (line, period, person, day) = (o("line"), o("period"), o("person"), o("day"));
        ctes.push(format!(
            "{} AS (SELECT DISTINCT {line}, {period}, {person}, {day} FROM {})",
            o("days"),
            o("people")
        ));
        ctes.push(format!(
            "{} AS (SELECT MIN({day}) AS {}, MAX({day}) AS {} FROM {})",
            o("span"),
            o("first_day"),
            o("last_day"),
            o("days")
        ));
        ctes.push(format!(
            "{} AS (SELECT DISTINCT {line}, {period}, {person}, {} AS {} FROM {})",
            o("months"),
            d.trunc_date(&day, "MONTH"),
            o("month"),
            o("days")
        ));
        ctes.push(format!(
            "{} AS (SELECT {line}, {period}, COUNT(*) AS {}, COUNT(DISTINCT {person}) AS {}, {} AS {} FROM {} GROUP BY {line}, {period})",
            o("daily"),
            o("person_days"),
            o("active"),
            d.trunc_date(&format!("MIN({day})"), unit),
            o("starts"),
            o("days")
        ));
        ctes.push(format!(
            "{} AS (SELECT {line}, {period}, COUNT(*) AS {} FROM {} GROUP BY {line}, {period})",
            o("monthly"),
            o("person_months"),
            o("months")
        ));
        // The days and months of the period within the span.
        let (first, last, starts) = (o("first_day"), o("last_day"), o("starts"));
        let next = d.add_months(&starts, per);
        let from = format!("GREATEST({starts}, {first})");
        let days = format!(
            "({} + CASE WHEN {last} < {next} THEN 1 ELSE 0 END)",
            d.days_between(&from, &format!("LEAST({next}, {last})"))
        );
        let index =
            |date: &str| format!("(EXTRACT(YEAR FROM {date}) * 12 + EXTRACT(MONTH FROM {date}))");
        let months = format!(
            "({} - {} + 1)",
            index(&format!(
                "LEAST({}, {})",
                d.add_months(&starts, per - 1),
                d.trunc_date(&last, "MONTH")
            )),
            index(&format!(
                "GREATEST({starts}, {})",
                d.trunc_date(&first, "MONTH")
            ))
        );
        let double = d.double_type();
        let (pd, pm) = (o("person_days"), o("person_months"));
        let (daily, monthly) = (o("daily"), o("monthly"));
        ctes.push(format!(
            "{} AS (SELECT {daily}.{line} AS {line}, {daily}.{period} AS {period}, CAST(({pd} / CAST({days} AS {double})) / ({pm} / CAST({months} AS {double})) AS {double}) AS {}, CAST({daily}.{} AS {}) AS {} FROM {daily} INNER JOIN {monthly} ON {daily}.{line} = {monthly}.{line} AND {daily}.{period} = {monthly}.{period} CROSS JOIN {})",
            o("grouped"),
            o("v0"),
            o("active"),
            d.integer_type(),
            o("n0"),
            o("span"),
        ));
        self.finish(
            &format!("{} by time (stickiness)", self.place),
            &["stickiness"],
            &ctes,
        )
    }

    /// `time_to_adopt` and `time_to_adopt_p90`: over each person's first
    /// use of each feature in the period, the days from the later of
    /// their first event on the line and the feature's release, at least 0.
    pub fn time_to_adopt(&self, all: &[Measure], features: &[Feature]) -> String {
        let (d, w) = (self.d, &self.writer(all));
        let o = |n: &str| self.own(n);
        let (line, period, person, day, feature) =
            (o("line"), o("period"), o("person"), o("day"), o(FEATURE_OF));
        let mut ctes = self.steps(w);
        ctes.push(self.people(w, true));
        ctes.push(format!(
            "{} AS (SELECT {line}, {person}, {feature}, MIN({day}) AS {}, MIN({period}) AS {period} FROM {} WHERE {feature} IS NOT NULL GROUP BY {line}, {person}, {feature})",
            o("firsts"),
            o("used"),
            o("people")
        ));
        ctes.push(format!(
            "{} AS (SELECT {line}, {person}, MIN({day}) AS {} FROM {} GROUP BY {line}, {person})",
            o("seen"),
            o("seen_day"),
            o("people")
        ));
        let released: Vec<String> = features
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                f.released
                    .map(|day| format!("WHEN {i} THEN {}", d.date(day)))
            })
            .collect();
        let f = |c: &str| format!("{}.{}", o("firsts"), c);
        let s = |c: &str| format!("{}.{}", o("seen"), c);
        let seen = s(&o("seen_day"));
        let start = match released.is_empty() {
            true => seen.clone(),
            false => format!(
                "GREATEST({seen}, COALESCE(CASE {} {} END, {seen}))",
                f(&feature),
                released.join(" ")
            ),
        };
        ctes.push(format!(
            "{} AS (SELECT {} AS {line}, {} AS {period}, CAST(GREATEST({}, 0) AS {}) AS {} FROM {} INNER JOIN {} ON {} = {} AND {} = {})",
            o("adopted"),
            f(&line),
            f(&period),
            d.days_between(&start, &f(&o("used"))),
            d.double_type(),
            o("days"),
            o("firsts"),
            o("seen"),
            f(&line),
            s(&line),
            f(&person),
            s(&person),
        ));
        let days = o("days");
        let n = format!("CAST(COUNT(*) AS {})", d.integer_type());
        let grouped = match d.quantile(&days, 0.5) {
            Some(median) => format!(
                "{} AS (SELECT {line}, {period}, {median} AS {}, {n} AS {}, {} AS {}, {n} AS {} FROM {} GROUP BY {line}, {period})",
                o("grouped"),
                o("v0"),
                o("n0"),
                d.quantile(&days, 0.9).expect("as the median"),
                o("v1"),
                o("n1"),
                o("adopted"),
            ),
            None => {
                let partition = format!("{line}, {period}");
                let n = format!(
                    "CAST(COUNT(*) OVER (PARTITION BY {partition}) AS {})",
                    d.integer_type()
                );
                format!(
                    "{} AS (SELECT DISTINCT {line}, {period}, {} AS {}, {n} AS {}, {} AS {}, {n} AS {} FROM {})",
                    o("grouped"),
                    d.window_quantile(&days, 0.5, &partition),
                    o("v0"),
                    o("n0"),
                    d.window_quantile(&days, 0.9, &partition),
                    o("v1"),
                    o("n1"),
                    o("adopted"),
                )
            }
        };
        ctes.push(grouped);
        self.finish(
            &format!("{} by time (time to adopt)", self.place),
            &["time_to_adopt", "time_to_adopt_p90"],
            &ctes,
        )
    }
}
