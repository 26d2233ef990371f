//! Headers of two rows: a metric merged over `Score | Responses` in a wide
//! table gives `NPS Score` (nps) and `NPS Responses` (its sample size), in
//! xlsx and xls (merges read from the workbook) and ods (no merges: the
//! blank cell right of `NPS` continues it). Fixture: `two-row-wide` from
//! `tests/fixtures/layouts/across/make.py`.

mod common;

use common::{assert_close, measured, repo, report_json};

#[test]
fn a_metric_merged_over_score_and_responses_reads_both() {
    let dir = "tests/fixtures/layouts/across";
    let mut files = vec![format!("{dir}/two-row-wide.xlsx")];
    for ext in ["xlsx", "ods", "xls"] {
        files.push(format!("{dir}/lo/two-row-wide.{ext}"));
    }
    for file in files {
        let doc = report_json(&repo(), &[&file]);
        let all = measured(&doc);
        let get = |line: &str, metric: &str| {
            all.iter()
                .find(|(l, p, m)| l == line && p == "2025-Q1" && m["metric"] == metric)
                .unwrap_or_else(|| panic!("{file}: {line} {metric}"))
                .2
        };
        assert_close(get("Atlas", "nps")["value"].as_f64().unwrap(), 31.0, &file);
        assert_eq!(get("Atlas", "nps")["sample_size"], 120, "{file}");
        assert_close(get("Atlas", "csat")["value"].as_f64().unwrap(), 0.8, &file);
        assert_close(get("Beacon", "nps")["value"].as_f64().unwrap(), 22.0, &file);
        assert_eq!(get("Beacon", "nps")["sample_size"], 80, "{file}");
        assert_close(get("Beacon", "csat")["value"].as_f64().unwrap(), 0.7, &file);
        assert_eq!(all.len(), 4, "{file}");
    }
}
