//! Small texts people read: one of a thing is singular (`1 response`, `1
//! warning`, `1 product line`, `1 period`) in reasons, sources and the
//! workbook, and the built-in rules are listed as such.

mod common;

use common::{linecard, sheet, stdout_json, text, write};

#[test]
fn one_response_is_one_response() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "nps.csv",
        "Product Line,Quarter,NPS,NPS Responses\nAtlas,2025-Q4,40,1\nBeacon,2025-Q4,35,312\n",
    );
    let doc = stdout_json(dir.path(), &["-q", "report", "nps.csv", "--json", "-"]);
    let nps = |line: &str| {
        doc["scorecards"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["line"] == line)
            .unwrap()["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["metric"] == "nps")
            .unwrap()
            .clone()
    };
    let (atlas, beacon) = (nps("Atlas"), nps("Beacon"));
    assert_eq!(atlas["source"], "nps.csv, row 2, column 3 (1 response)");
    assert_eq!(atlas["status"], "insufficient_sample");
    assert_eq!(
        atlas["reason"],
        "40 rests on 1 response, fewer than the 30 needed to judge it"
    );
    assert_eq!(beacon["source"], "nps.csv, row 3, column 3 (312 responses)");
}

#[test]
fn a_portfolio_of_one_line_with_one_warning_says_so_in_the_singular() {
    let dir = tempfile::tempdir().unwrap();
    // A KPI the catalogue does not know: one warning.
    write(
        dir.path(),
        "one.csv",
        "Product Line,Quarter,NPS,Churn Widgets\nAtlas,2025-Q4,40,3\n",
    );
    linecard(dir.path())
        .args(["report", "-q", "one.csv", "-o", "one.xlsx"])
        .assert()
        .success();
    let report = dir.path().join("one.xlsx");
    let summary = sheet(&report, "Summary");
    assert!(
        text(&summary, 1, 0).starts_with("1 product line · scores run 0–100"),
        "{}",
        text(&summary, 1, 0)
    );
    // NPS alone is too little of the weight for an overall score.
    assert_eq!(
        text(&summary, 4, 0),
        "1 line · 0 below 50 overall · 1 without an overall score"
    );
    let issues = sheet(&report, "Issues");
    assert_eq!(text(&issues, 1, 0), "1 warning; none stopped the run.");
    let run = sheet(&report, "Run");
    let row = common::find_row(&run, "Periods in the data").unwrap();
    assert_eq!(text(&run, row, 1), "2025-Q4 (1 period)");
    // The built-in rules, as the Run sheet lists them.
    let rules = common::find_row(&run, "Rule files").unwrap();
    assert_eq!(
        text(&run, rules + 2, 1),
        "built-in 10-catalogue.rhai (`linecard init` gives an editable copy)"
    );
}
