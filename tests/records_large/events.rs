//! A generated Segment `tracks` table of 1,000,000 product events (one in
//! 500 exported twice) with a feature per line: active users, feature
//! adoption, uses per adopter, stickiness and the time to adopt (median
//! and p90) agree with a polars query over the generator's own columns on
//! every line and quarter, and their sample sizes exactly.

#[path = "../generated/events.rs"]
mod generated;

use super::common::*;
use polars::prelude::*;
use std::collections::BTreeMap;

const ROWS: usize = 1_000_000;

const METRICS: [&str; 6] = [
    "active_users",
    "feature_adoption",
    "feature_uses_per_user",
    "stickiness",
    "time_to_adopt",
    "time_to_adopt_p90",
];

type Values = BTreeMap<(String, String, String), (f64, u64)>;

/// (line, period, metric) -> (value, sample size), from the JSON report.
fn from_linecard(doc: &serde_json::Value) -> Values {
    measured_values(doc, Some(&METRICS))
}

/// `2025-Q3` for quarter index `q`.
fn label(q: i32) -> String {
    format!("{}-Q{}", q.div_euclid(4), q.rem_euclid(4) + 1)
}

fn ints(df: &DataFrame, c: &str) -> Vec<i64> {
    let column = df.column(c).unwrap().cast(&DataType::Int64).unwrap();
    column.i64().unwrap().into_no_null_iter().collect()
}

fn texts(df: &DataFrame, c: &str) -> Vec<String> {
    let column = df.column(c).unwrap();
    let column = column.str().unwrap();
    column.iter().map(|t| t.unwrap().to_string()).collect()
}

/// The same values, by polars over the generated columns.
fn from_polars(e: &generated::Events) -> Values {
    let rows = df!(
        "line" => e.line.clone(),
        "person" => e.person.clone(),
        "used" => e.used.clone(),
        "q" => e.quarter.clone(),
        "month" => e.month.clone(),
        "day" => e.day.clone(),
    )
    .unwrap()
    .lazy();
    let mut out = Values::new();
    let put = |out: &mut Values, line: &str, q: i64, metric: &str, value: f64, n: i64| {
        out.insert(
            (line.to_string(), label(q as i32), metric.to_string()),
            (value, n as u64),
        );
    };
    // Active people, and among them those who used the feature.
    let active = rows
        .clone()
        .group_by([col("line"), col("q")])
        .agg([col("person").n_unique().alias("active")]);
    let adopters = rows
        .clone()
        .filter(col("used"))
        .group_by([col("line"), col("q")])
        .agg([
            col("person").n_unique().alias("adopters"),
            len().alias("uses"),
        ]);
    let df = active
        .join(
            adopters,
            [col("line"), col("q")],
            [col("line"), col("q")],
            JoinArgs::new(JoinType::Left),
        )
        .collect()
        .unwrap();
    let (lines, qs) = (texts(&df, "line"), ints(&df, "q"));
    let active = ints(&df, "active");
    let adopters = df
        .column("adopters")
        .unwrap()
        .cast(&DataType::Int64)
        .unwrap();
    let uses = df.column("uses").unwrap().cast(&DataType::Int64).unwrap();
    for i in 0..df.height() {
        let a = adopters.i64().unwrap().get(i).unwrap_or(0);
        put(
            &mut out,
            &lines[i],
            qs[i],
            "active_users",
            active[i] as f64,
            active[i],
        );
        put(
            &mut out,
            &lines[i],
            qs[i],
            "feature_adoption",
            a as f64 / active[i] as f64,
            active[i],
        );
        if a > 0 {
            let u = uses.i64().unwrap().get(i).unwrap();
            put(
                &mut out,
                &lines[i],
                qs[i],
                "feature_uses_per_user",
                u as f64 / a as f64,
                a,
            );
        }
    }
    // Stickiness: person-days over the quarter's days, person-months over
    // its months; the events cover the whole of 2025.
    let distinct = |by: &str| {
        rows.clone()
            .select([col("line"), col("q"), col("person"), col(by)])
            .unique(None, UniqueKeepStrategy::Any)
            .group_by([col("line"), col("q")])
            .agg([len().alias("n")])
            .sort(["line", "q"], Default::default())
            .collect()
            .unwrap()
    };
    let (pd, pm) = (distinct("day"), distinct("month"));
    let days_in = [90.0, 91.0, 92.0, 92.0];
    for i in 0..pd.height() {
        let (line, q) = (&texts(&pd, "line")[i], ints(&pd, "q")[i]);
        let daily = ints(&pd, "n")[i] as f64 / days_in[q.rem_euclid(4) as usize];
        let monthly = ints(&pm, "n")[i] as f64 / 3.0;
        let n = out[&(line.clone(), label(q as i32), "active_users".to_string())].1;
        put(&mut out, line, q, "stickiness", daily / monthly, n as i64);
    }
    // Time to adopt: each person's first event on the line and first use.
    let seen = rows
        .clone()
        .group_by([col("line"), col("person")])
        .agg([col("day").min().alias("seen")]);
    let first = rows
        .clone()
        .filter(col("used"))
        .group_by([col("line"), col("person")])
        .agg([
            col("day").min().alias("used_day"),
            col("q").min().alias("q"),
        ]);
    let adopted = first
        .join(
            seen,
            [col("line"), col("person")],
            [col("line"), col("person")],
            JoinArgs::new(JoinType::Inner),
        )
        .collect()
        .unwrap();
    let mut days: BTreeMap<(String, i64), Vec<f64>> = BTreeMap::new();
    let (lines, qs) = (texts(&adopted, "line"), ints(&adopted, "q"));
    let (used, seen) = (ints(&adopted, "used_day"), ints(&adopted, "seen"));
    for i in 0..adopted.height() {
        let released = match lines[i].as_str() {
            "Atlas Analytics" => generated::ATLAS_RELEASED as i64,
            _ => i64::MIN,
        };
        let start = seen[i].max(released);
        days.entry((lines[i].clone(), qs[i]))
            .or_default()
            .push((used[i] - start).max(0) as f64);
    }
    for ((line, q), mut d) in days {
        d.sort_by(f64::total_cmp);
        let at = |p: f64| {
            let rank = p * (d.len() - 1) as f64;
            let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
            d[lo] + (d[hi] - d[lo]) * (rank - lo as f64)
        };
        put(&mut out, &line, q, "time_to_adopt", at(0.5), d.len() as i64);
        put(
            &mut out,
            &line,
            q,
            "time_to_adopt_p90",
            at(0.9),
            d.len() as i64,
        );
    }
    out
}

#[test]
fn a_million_events_give_the_adoption_kpis_of_an_independent_count() {
    let (bytes, events) = generated::generate(ROWS);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tracks.csv"), &bytes).unwrap();
    rules_with(
        dir.path(),
        "30-events.rhai",
        &format!(
            "records(\"events\", #{{ line: \"context_app_name\" }});\n{}",
            generated::features()
        ),
    );
    let doc = report_json(dir.path(), &["-r", "rules", "tracks.csv"]);
    let got = from_linecard(&doc);
    let want = from_polars(&events);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "the same lines, quarters and KPIs"
    );
    for (key, (value, n)) in &want {
        let (got_value, got_n) = got[key];
        assert_close(got_value, *value, &format!("{key:?}"));
        assert_eq!(got_n, *n, "sample size of {key:?}");
    }
    // 4 lines × 4 quarters × 6 KPIs.
    assert_eq!(want.len(), 96);
    let issues = issue_messages(&doc);
    assert!(
        issues
            .iter()
            .any(|m| m.starts_with("2,000 events repeat an earlier row exactly")),
        "{issues:?}"
    );
}
