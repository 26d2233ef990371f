//! Parquet exports: typed columns (text, whole numbers, floats, dates and
//! date-times) read like the same table in a CSV file. The files are written
//! here by polars' Parquet writer, as a warehouse export would be.

mod common;

use common::{assert_close, linecard, report_json, write};
use polars::prelude::*;
use serde_json::Value;
use std::path::Path;

fn save(dir: &Path, name: &str, mut df: DataFrame) {
    let file = std::fs::File::create(dir.join(name)).unwrap();
    ParquetWriter::new(file).finish(&mut df).unwrap();
}

fn metric<'a>(doc: &'a Value, line: &str, period: &str, name: &str) -> &'a Value {
    doc["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["line"] == line && c["period"] == period)
        .flat_map(|c| c["metrics"].as_array().unwrap())
        .find(|m| m["metric"] == name)
        .unwrap_or_else(|| panic!("{line} {period} {name}"))
}

#[test]
fn a_wide_parquet_table_with_dates_and_floats_reads_like_csv() {
    let dir = tempfile::tempdir().unwrap();
    // Days since 1970-01-01: 2025-01-01 is day 20089, 2025-04-01 day 20179.
    let month = Series::new("Month".into(), [20089i32, 20179])
        .cast(&DataType::Date)
        .unwrap();
    let df = DataFrame::new(
        2,
        vec![
            Column::new(
                "Product Line".into(),
                ["Atlas Analytics", "Atlas Analytics"],
            ),
            month.into(),
            Column::new("Retention Rate".into(), [0.91f64, 0.925]),
            Column::new("NPS".into(), [31i64, 35]),
        ],
    )
    .unwrap();
    save(dir.path(), "kpis.parquet", df);
    let doc = report_json(dir.path(), &["kpis.parquet"]);
    assert_eq!(doc["periods"], serde_json::json!(["2025-01", "2025-04"]));
    let retention = metric(&doc, "Atlas Analytics", "2025-04", "retention");
    assert_close(retention["value"].as_f64().unwrap(), 0.925, "retention");
    assert_eq!(retention["source"], "kpis.parquet, row 3, column 3");
    assert_close(
        metric(&doc, "Atlas Analytics", "2025-01", "nps")["value"]
            .as_f64()
            .unwrap(),
        31.0,
        "nps",
    );
}

#[test]
fn survey_responses_in_parquet_with_datetimes_become_nps() {
    let dir = tempfile::tempdir().unwrap();
    // Milliseconds since the epoch: 2025-02-03 10:00 and 2025-05-06 11:30.
    let (feb, may) = (1_738_576_800_000i64, 1_746_531_000_000i64);
    let at = Series::new("Submitted At".into(), [feb, feb, feb, may])
        .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
        .unwrap();
    let df = DataFrame::new(
        4,
        vec![
            at.into(),
            Column::new("Product".into(), ["Beacon CRM"; 4]),
            Column::new("Recommend".into(), [10i64, 9, 3, 8]),
            Column::new("Satisfaction".into(), [Some(5i64), None, Some(2), Some(4)]),
        ],
    )
    .unwrap();
    save(dir.path(), "nps.parquet", df);
    let doc = report_json(dir.path(), &["nps.parquet"]);
    // Q1: 2 promoters, 1 detractor of 3 -> NPS 33.3; CSAT 1 of 2.
    let nps = metric(&doc, "Beacon CRM", "2025-Q1", "nps");
    assert_close(nps["value"].as_f64().unwrap(), 100.0 / 3.0, "Q1 NPS");
    assert_eq!(nps["sample_size"], 3);
    assert_eq!(nps["source"], "nps.parquet (3 responses)");
    let csat = metric(&doc, "Beacon CRM", "2025-Q1", "csat");
    assert_close(csat["value"].as_f64().unwrap(), 0.5, "Q1 CSAT");
    let q2 = metric(&doc, "Beacon CRM", "2025-Q2", "nps");
    assert_close(q2["value"].as_f64().unwrap(), 0.0, "Q2 NPS");
}

#[test]
fn a_parquet_file_under_another_name_is_refused_with_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let df = DataFrame::new(1, vec![Column::new("Line".into(), ["Atlas"])]).unwrap();
    save(dir.path(), "export.csv", df);
    write(dir.path(), "fake.parquet", "Line,Quarter\n");
    linecard(dir.path())
        .args(["check", "export.csv", "fake.parquet"])
        .assert()
        .code(1)
        .stderr(concat!(
            "error: export.csv: the name says delimited text (CSV) but the content is a Parquet file; rename the file to match what it is\n",
            "error: fake.parquet: the name says a Parquet file but the content is text; rename the file to match what it is\n",
            "linecard: 2 problems found; nothing was written\n",
        ));
}
