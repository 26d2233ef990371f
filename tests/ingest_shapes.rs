//! Input shapes: long (tidy) tables and raw survey responses aggregated into
//! NPS and CSAT with their sample sizes and provenance; periods and dates
//! written every way people do; the PM and PMM the data names.

mod common;

use common::{assert_close, linecard, measured, repo, report_json, stdout_json};
use serde_json::Value;

const DIR: &str = "tests/fixtures/ingest";

/// Runs `report --json -` from the repository root and returns the
/// scorecards' metrics that have a value, as (line, period, metric) -> metric.
fn values(args: &[&str]) -> Vec<(String, String, String, Value)> {
    let doc = report_json(&repo(), args);
    measured(&doc)
        .into_iter()
        .map(|(line, period, m)| {
            let metric = m["metric"].as_str().unwrap().to_string();
            (line, period, metric, m.clone())
        })
        .collect()
}

fn get<'a>(
    all: &'a [(String, String, String, Value)],
    line: &str,
    period: &str,
    metric: &str,
) -> &'a Value {
    &all.iter()
        .find(|(l, p, m, _)| l == line && p == period && m == metric)
        .unwrap_or_else(|| panic!("{line} {period} {metric} missing"))
        .3
}

fn path(name: &str) -> String {
    format!("{DIR}/{name}")
}

#[test]
fn raw_responses_become_nps_and_csat_with_sample_sizes_and_provenance() {
    // make.py: Atlas Q1 recommend 10,10,9,9,9,8,7,6,3,0 (5 promoters, 3
    // detractors of 10 -> NPS 20), satisfaction 5,5,4,4,4,4,4,3,2,1 (7 of 10
    // at 4-5); Atlas Q2 recommend 9,9,9,8 (NPS 75), satisfaction 5,4,2 (2 of
    // 3); Beacon Q1 recommend 6,6,7,10 (NPS -25), no satisfaction answers.
    let csv = path("nps-survey.csv");
    for file in [csv.clone(), path("nps-survey-lo.xlsx")] {
        let all = values(&[&file]);
        let nps = get(&all, "Atlas Analytics", "2025-Q1", "nps");
        assert_close(nps["value"].as_f64().unwrap(), 20.0, "Atlas Q1 NPS");
        assert_eq!(nps["sample_size"], 10);
        let csat = get(&all, "Atlas Analytics", "2025-Q1", "csat");
        assert_close(csat["value"].as_f64().unwrap(), 0.7, "Atlas Q1 CSAT");
        assert_eq!(csat["sample_size"], 10);
        let nps = get(&all, "Atlas Analytics", "2025-Q2", "nps");
        assert_close(nps["value"].as_f64().unwrap(), 75.0, "Atlas Q2 NPS");
        assert_eq!(nps["sample_size"], 4);
        let csat = get(&all, "Atlas Analytics", "2025-Q2", "csat");
        assert_close(csat["value"].as_f64().unwrap(), 2.0 / 3.0, "Atlas Q2 CSAT");
        assert_eq!(csat["sample_size"], 3);
        let nps = get(&all, "Beacon CRM", "2025-Q1", "nps");
        assert_close(nps["value"].as_f64().unwrap(), -25.0, "Beacon NPS");
        assert!(
            !all.iter()
                .any(|(l, _, m, _)| l == "Beacon CRM" && m == "csat")
        );
    }
    let all = values(&[&csv]);
    assert_eq!(
        get(&all, "Atlas Analytics", "2025-Q1", "nps")["source"],
        format!("{csv} (10 responses)")
    );
}

#[test]
fn period_by_month_and_year_bucket_the_timestamps() {
    let csv = path("nps-survey.csv");
    let months = values(&[&csv, "--period-by", "month"]);
    // January: recommend 10,10,9,9,9 -> NPS 100; March: 8,7,6,3,0 -> -60.
    let jan = get(&months, "Atlas Analytics", "2025-01", "nps");
    assert_close(jan["value"].as_f64().unwrap(), 100.0, "January NPS");
    assert_eq!(jan["sample_size"], 5);
    let mar = get(&months, "Atlas Analytics", "2025-03", "nps");
    assert_close(mar["value"].as_f64().unwrap(), -60.0, "March NPS");
    let years = values(&[&csv, "--period-by", "year"]);
    // 2025: 8 promoters and 3 detractors of 14.
    let year = get(&years, "Atlas Analytics", "2025", "nps");
    assert_close(year["value"].as_f64().unwrap(), 500.0 / 14.0, "2025 NPS");
    assert_eq!(year["sample_size"], 14);
}

#[test]
fn responses_follow_the_granularity_of_the_other_inputs() {
    // dates-1900.xlsx has monthly NPS for Atlas in Jan-Mar 2025; the survey
    // responses are then bucketed by month too, and merge with it only
    // where they do not clash (the survey has Atlas in January, March, May).
    let assert = linecard(&repo())
        .args(["check", &path("nps-survey.csv"), &path("dates-1900.xlsx")])
        .assert()
        .code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "error: nps for Atlas Analytics in 2025-01 has two different values: 21 at {DIR}/dates-1900.xlsx!KPIs!C2 and 100 at {DIR}/nps-survey.csv; keep one of them\n"
        )),
        "{stderr}"
    );
}

#[test]
fn bad_scores_and_timestamps_are_named_with_what_was_expected() {
    linecard(&repo())
        .args(["check", &path("bad-scores.csv")])
        .assert()
        .code(1)
        .stderr(format!(
            "error: {DIR}/bad-scores.csv, row 2, column 3 (column \"Recommend\"): expected a whole score from 0 to 10, got \"11\"\n\
             error: {DIR}/bad-scores.csv, row 3, column 3 (column \"Recommend\"): expected a whole score from 0 to 10, got \"7.5\"\n\
             error: {DIR}/bad-scores.csv, row 4, column 4 (column \"Satisfaction\"): expected a whole score from 1 to 5, got \"0\"\n\
             error: {DIR}/bad-scores.csv, row 5, column 1 (column \"Timestamp\"): expected the date or time of the response (e.g. 2025-03-14 or 2025-03-14 10:22) or a period like 2025-Q1, got \"yesterday\"\n\
             linecard: 4 problems found; nothing was written\n"
        ));
}

#[test]
fn a_long_table_gives_the_same_scorecards_as_the_wide_one() {
    let strip = |mut all: Vec<(String, String, String, Value)>| {
        for (_, _, _, m) in &mut all {
            m.as_object_mut().unwrap().remove("source");
        }
        all
    };
    let xlsx = "sample-data/product-kpis.xlsx";
    let wide = strip(values(&[xlsx, "sample-data/marketing-kpis.csv"]));
    assert!(wide.len() > 500, "{}", wide.len());
    for long in [path("marketing-long.csv"), path("marketing-long-lo.ods")] {
        assert_eq!(strip(values(&[xlsx, &long])), wide, "{long}");
    }
    let all = values(&[xlsx, &path("marketing-long.csv")]);
    assert_eq!(
        get(&all, "Atlas Analytics", "2024-Q1", "win_rate")["source"],
        format!("{DIR}/marketing-long.csv, row 2, column 4")
    );
}

#[test]
fn periods_written_every_way_land_in_the_same_month() {
    // "Jan 2025", "2025-01", "2025-01-15", "January 2025", "2025/01/31" under
    // a "Month" header.
    let all = values(&[&path("periods.csv")]);
    let periods: Vec<&str> = all.iter().map(|(_, p, _, _)| p.as_str()).collect();
    assert_eq!(periods, ["2025-01"; 5]);
    let metrics: Vec<&str> = all.iter().map(|(_, _, m, _)| m.as_str()).collect();
    assert_eq!(metrics, ["a", "b", "c", "d", "e"]);
}

#[test]
fn date_cells_read_the_same_in_the_1900_and_1904_date_systems() {
    let expect = [("2025-01", 21.0), ("2025-02", 24.0), ("2025-03", 30.0)];
    for file in ["dates-1900.xlsx", "dates-1904.xlsx", "dates-1904-lo.xlsx"] {
        let all = values(&[&path(file)]);
        let got: Vec<(&str, f64)> = all
            .iter()
            .filter(|(_, _, m, _)| m == "nps")
            .map(|(_, p, _, v)| (p.as_str(), v["value"].as_f64().unwrap()))
            .collect();
        assert_eq!(got, expect, "{file}");
    }
}

#[test]
fn the_pm_and_pmm_columns_name_each_lines_people() {
    use linecard::{frame, ingest};
    let file = repo().join(DIR).join("dates-1904-lo.xlsx");
    let files = vec![ingest::InputFile {
        display: "dates.xlsx".into(),
        bytes: std::fs::read(file).unwrap().into(),
    }];
    let grids = ingest::ingest(files).unwrap().grids;
    let kpis = frame::build(&grids, &frame::FrameOptions::default()).unwrap();
    // January and February name Ana Ruiz, March Ben Ode: the latest wins.
    let people = kpis.people("Atlas Analytics");
    assert_eq!(people.pm.as_deref(), Some("Ben Ode"));
    assert_eq!(people.pmm.as_deref(), Some("Cleo Park"));
    assert_eq!(kpis.people("Nobody"), Default::default());
    assert!(kpis.issues().is_empty(), "{:?}", kpis.issues());
}

#[test]
fn rule_aliases_name_metrics_in_long_tables_and_headers_alike() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    for entry in std::fs::read_dir(repo().join("scripts")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, rules.join(path.file_name().unwrap())).unwrap();
    }
    common::write(
        &rules,
        "90-aliases.rhai",
        "alias(\"Logo Retention %\", \"retention\");\nalias(\"Promoter Index\", \"nps\");\n",
    );
    common::write(
        dir.path(),
        "long.csv",
        "Product Line,Quarter,KPI,Value\nAtlas,2025-Q1,Logo Retention %,91%\nAtlas,2025-Q1,Promoter Index,31\n",
    );
    common::write(
        dir.path(),
        "wide.csv",
        "Product Line,Quarter,Logo Retention %,Promoter Index\nAtlas,2025-Q2,0.93,35\n",
    );
    let doc = stdout_json(
        dir.path(),
        &[
            "report", "--json", "-", "-r", "rules", "long.csv", "wide.csv",
        ],
    );
    let got: Vec<String> = measured(&doc)
        .into_iter()
        .map(|(_, period, m)| {
            let value = m["value"].as_f64().unwrap();
            format!("{period} {} {value}", m["metric"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        got,
        [
            "2025-Q1 retention 0.91",
            "2025-Q1 nps 31",
            "2025-Q2 retention 0.93",
            "2025-Q2 nps 35"
        ]
    );
}
