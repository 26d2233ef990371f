//! A generated Google Ads export of 1,000,000 spend rows, its campaigns
//! mapped to lines by name patterns in the rules, beside a Salesforce
//! report of won, lost and open deals: marketing spend agrees to the cent
//! and its row count exactly, deals won exactly, and CAC (spend over deals
//! won, as `new_customers: "deals"` chooses) to the cent, on every line and
//! quarter; the rows of the campaigns no pattern matches are one warning
//! with their count and what they spent.

#[path = "../generated/spend.rs"]
mod generated;

use super::common::*;
use polars::prelude::*;
use std::collections::BTreeMap;

const ROWS: usize = 1_000_000;
const DEALS: usize = 20_000;

/// The metrics compared: every value of these, and only these.
const METRICS: [&str; 3] = ["marketing_spend", "deals_won", "cac"];

type Values = BTreeMap<(String, String, String), (f64, u64)>;

/// (line, period, metric) -> (value, sample size), from the JSON report.
fn from_linecard(doc: &serde_json::Value) -> Values {
    measured_values(doc, Some(&METRICS))
}

/// The same values, by polars over the generated columns: spend summed in
/// whole micros, then in dollars (divided by a column of a million, not a
/// literal), and CAC as that over the won deals of the same line and
/// quarter.
fn from_polars(spend: &generated::Spend, deals: &generated::Deals) -> Values {
    let rows = df!(
        "line" => spend.line.clone(),
        "q" => spend.quarter.clone(),
        "micros" => spend.cost_micros.clone(),
        "million" => vec![1_000_000.0f64; spend.line.len()],
    )
    .unwrap();
    let spent = rows
        .lazy()
        .filter(col("line").is_not_null())
        .group_by([col("line"), col("q")])
        .agg([
            (col("micros").sum().cast(DataType::Float64) / col("million").first())
                .alias("marketing_spend"),
            len().cast(DataType::UInt64).alias("spend#n"),
        ]);
    let deals = df!(
        "line" => deals.line.clone(),
        "q" => deals.closed_quarter.clone(),
        "won" => deals.won.clone(),
        "closed" => deals.closed.clone(),
    )
    .unwrap();
    // Deals won, counted among the deals closed in the quarter (its
    // sample): a quarter of losses only is 0 won.
    let won = deals
        .lazy()
        .filter(col("closed"))
        .group_by([col("line"), col("q")])
        .agg([
            col("won").cast(DataType::Float64).sum().alias("deals_won"),
            len().cast(DataType::UInt64).alias("won#n"),
        ]);
    let df = spent
        .join(
            won,
            [col("line"), col("q")],
            [col("line"), col("q")],
            JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns),
        )
        .with_columns([
            (col("marketing_spend") / col("deals_won")).alias("cac"),
            lit(0).cast(DataType::UInt64).alias("cac#n"),
        ])
        .collect()
        .unwrap();
    let lines = df.column("line").unwrap().str().unwrap().clone();
    let quarters = df.column("q").unwrap().i32().unwrap().clone();
    let mut out = BTreeMap::new();
    for (metric, n) in [
        ("marketing_spend", "spend#n"),
        ("deals_won", "won#n"),
        ("cac", "cac#n"),
    ] {
        let values = df.column(metric).unwrap().f64().unwrap().clone();
        let samples = df.column(n).unwrap().u64().unwrap().clone();
        for i in 0..df.height() {
            let (Some(value), Some(sample)) = (values.get(i), samples.get(i)) else {
                continue;
            };
            let q = quarters.get(i).unwrap();
            let period = format!("{}-Q{}", q / 4, q % 4 + 1);
            let key = (
                lines.get(i).unwrap().to_string(),
                period,
                metric.to_string(),
            );
            out.insert(key, (value, sample));
        }
    }
    out
}

/// `1234567` as `1,234,567`.
fn thousands(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn a_million_spend_rows_agree_with_an_independent_polars_query() {
    let (csv, spend) = generated::generate(ROWS);
    let (deals_csv, deals) = generated::deals(DEALS);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("google-ads.csv"), csv).unwrap();
    std::fs::write(dir.path().join("opportunities.csv"), deals_csv).unwrap();
    let script = format!(
        "records(\"spend\", #{{ {}, new_customers: \"deals\" }});\n",
        generated::mapping()
    );
    let rules = rules_with(dir.path(), "30-records.rhai", &script);
    let scratch = tempfile::tempdir().unwrap();
    let workbook = scratch.path().join("r.xlsx");
    let out = linecard(dir.path())
        .args(["report", "--json", "-", "-o", workbook.to_str().unwrap()])
        .args(["-r", &rules, "google-ads.csv", "opportunities.csv"])
        .args(["--period-by", "quarter"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("only JSON");
    // The campaigns no pattern matches are left out, with what they spent.
    let (rows, micros) = spend
        .line
        .iter()
        .zip(&spend.cost_micros)
        .filter(|(line, _)| line.is_none())
        .fold((0, 0), |(n, sum), (_, m)| (n + 1, sum + m));
    let left_out = format!(
        "warning: google-ads.csv: {} spend rows (worth {} USD) have no product line in column \"campaign.name\"",
        thousands(rows),
        thousands((micros + 500_000) / 1_000_000),
    );
    assert!(stderr.contains(&left_out), "{left_out}\n{stderr}");
    let got = from_linecard(&doc);
    let want = from_polars(&spend, &deals);
    // 8 lines, 4 quarters of 2025, 3 metrics: every one has a value.
    assert_eq!(want.len(), 8 * 4 * 3, "{want:?}");
    for (key, (value, n)) in &want {
        let (v, sample) = got
            .get(key)
            .unwrap_or_else(|| panic!("linecard has no value for {key:?}"));
        // Money to the cent, counts exactly.
        assert!(
            (v - value).abs() < 0.005,
            "{key:?}: linecard {v}, polars {value}"
        );
        assert_eq!(sample, n, "{key:?}: sample size");
    }
    let computed: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    assert!(
        computed.is_empty(),
        "values polars does not give: {computed:?}"
    );
}
