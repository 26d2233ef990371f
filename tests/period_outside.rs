//! The period outside the table (file name, sheet name, title line) and the
//! product line outside it (a `Product line | …` row, the sheet name), with
//! where each came from in the values' sources; a folder of one file per
//! quarter; and the refusals when neither is there. Fixtures are written by
//! `tests/fixtures/layouts/surroundings/make.py`.

mod common;

use common::{find_row, linecard, measured, repo, report_json, sheet, text, write};

const DIR: &str = "tests/fixtures/layouts/surroundings";

/// Every value of `report --json -` on `args`, run from `dir`:
/// (line, period, metric, value, source), sorted.
fn values(dir: &std::path::Path, args: &[&str]) -> Vec<(String, String, String, f64, String)> {
    let doc = report_json(dir, args);
    let mut all: Vec<_> = measured(&doc)
        .into_iter()
        .map(|(line, period, m)| {
            (
                line,
                period,
                m["metric"].as_str().unwrap().to_string(),
                m["value"].as_f64().unwrap(),
                m["source"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    all.sort_by(|a, b| a.partial_cmp(b).unwrap());
    all
}

fn v(
    line: &str,
    period: &str,
    metric: &str,
    value: f64,
    source: &str,
) -> (String, String, String, f64, String) {
    (
        line.into(),
        period.into(),
        metric.into(),
        value,
        source.into(),
    )
}

#[test]
fn the_period_comes_from_the_file_name_and_the_source_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "KPIs Q4 2025.csv",
        "Product Line,NPS\nAtlas,31\n",
    );
    assert_eq!(
        values(dir.path(), &["KPIs Q4 2025.csv"]),
        vec![v(
            "Atlas",
            "2025-Q4",
            "nps",
            31.0,
            "KPIs Q4 2025.csv, row 2, column 2 (period from the file name)"
        )]
    );
    linecard(dir.path())
        .args(["check", "KPIs Q4 2025.csv"])
        .assert()
        .success()
        .stderr("");
    // The Data sheet's Source says the same.
    linecard(dir.path())
        .args(["report", "KPIs Q4 2025.csv", "-o", "r.xlsx"])
        .assert()
        .success();
    let data = sheet(&dir.path().join("r.xlsx"), "Data");
    let row = find_row(&data, "Atlas").expect("a row for Atlas");
    assert_eq!(text(&data, row, 1), "2025-Q4");
    assert_eq!(
        text(&data, row, 6),
        "KPIs Q4 2025.csv, row 2, column 2 (period from the file name)"
    );
}

#[test]
fn the_period_comes_from_the_sheet_name() {
    let dir = repo().join(DIR);
    for file in [
        "period-sheet.xlsx",
        "period-sheet-lo.xlsx",
        "period-sheet-lo.ods",
        "period-sheet-lo.xls",
    ] {
        let told = |cell: &str| format!("{file}!2025-Q3!{cell} (period from the sheet name)");
        assert_eq!(
            values(&dir, &[file]),
            vec![
                v("Atlas", "2025-Q3", "csat", 0.82, &told("C2")),
                v("Atlas", "2025-Q3", "nps", 31.0, &told("B2")),
                v("Beacon", "2025-Q3", "csat", 0.77, &told("C3")),
                v("Beacon", "2025-Q3", "nps", 21.0, &told("B3")),
            ],
            "{file}"
        );
    }
}

#[test]
fn the_period_comes_from_a_title_line_above_the_table() {
    let dir = repo().join(DIR);
    for file in [
        "title.xlsx",
        "title-lo.xlsx",
        "title-lo.ods",
        "title-lo.xls",
    ] {
        let told = |cell: &str| format!("{file}!Scorecard!{cell} (period from the title)");
        assert_eq!(
            values(&dir, &[file]),
            vec![
                v("Atlas", "2025-Q3", "nps", 33.0, &told("B4")),
                v("Beacon", "2025-Q3", "nps", 24.0, &told("B5")),
            ],
            "{file}"
        );
    }
}

#[test]
fn the_line_comes_from_the_sheet_name_or_a_key_value_row() {
    let dir = repo().join(DIR);
    for file in [
        "line-sheet.xlsx",
        "line-sheet-lo.xlsx",
        "line-sheet-lo.ods",
        "line-sheet-lo.xls",
    ] {
        assert_eq!(
            values(&dir, &[file]),
            vec![
                v(
                    "Atlas Analytics",
                    "2025-Q1",
                    "nps",
                    31.0,
                    &format!("{file}!Atlas Analytics!B2 (line from the sheet name)")
                ),
                v(
                    "Atlas Analytics",
                    "2025-Q2",
                    "nps",
                    34.0,
                    &format!("{file}!Atlas Analytics!B3 (line from the sheet name)")
                ),
                v(
                    "Beacon CRM",
                    "2025-Q1",
                    "nps",
                    21.0,
                    &format!("{file}!Beacon!B4 (line from the block above the table)")
                ),
            ],
            "{file}"
        );
    }
}

#[test]
fn a_folder_of_one_file_per_quarter_is_one_data_set() {
    let dir = repo().join(DIR);
    let all = values(&dir, &["quarters"]);
    let read: Vec<(&str, &str, f64)> = all
        .iter()
        .map(|x| (x.0.as_str(), x.1.as_str(), x.3))
        .collect();
    assert_eq!(
        read,
        vec![
            ("Atlas", "2025-Q1", 31.0),
            ("Atlas", "2025-Q2", 34.0),
            ("Atlas", "2025-Q3", 36.0),
            ("Beacon", "2025-Q1", 21.0),
            ("Beacon", "2025-Q2", 22.0),
            ("Beacon", "2025-Q3", 25.0),
        ]
    );
    let beacon_q2 = all
        .iter()
        .find(|x| x.0 == "Beacon" && x.1 == "2025-Q2")
        .unwrap();
    assert_eq!(
        beacon_q2.4,
        "quarters/KPIs Q2 2025.csv, row 3, column 2 (period from the file name)"
    );
}

#[test]
fn a_table_with_no_period_anywhere_says_what_to_add() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kpis.csv", "Product Line,NPS\nAtlas,31\n");
    linecard(dir.path())
        .args(["check", "kpis.csv"])
        .assert()
        .failure()
        .stderr(
            "error: kpis.csv: row 1 has a product line column (\"Product Line\") and KPI columns but no period column, and there is no period in the file name, sheet name or title: add a Quarter column or put the quarter in the file name, e.g. KPIs Q4 2025.xlsx\n\
             linecard: 1 problem found; nothing was written\n",
        );
}

#[test]
fn a_name_with_two_periods_is_not_guessed_from() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "KPIs Q3 vs Q2 2025.csv",
        "Product Line,NPS\nAtlas,31\n",
    );
    linecard(dir.path())
        .args(["check", "KPIs Q3 vs Q2 2025.csv"])
        .assert()
        .failure()
        .stderr(
            "error: KPIs Q3 vs Q2 2025.csv: row 1 has a product line column (\"Product Line\") and KPI columns but no period column, and the file name \"KPIs Q3 vs Q2 2025.csv\" names 2025-Q2 and 2025-Q3, not one: add a Quarter column or name one quarter in the file name, e.g. KPIs Q4 2025.xlsx\n\
             linecard: 1 problem found; nothing was written\n",
        );
}

#[test]
fn a_table_with_no_line_anywhere_says_what_to_add() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kpis.csv", "Quarter,NPS\n2025-Q1,31\n");
    linecard(dir.path())
        .args(["check", "kpis.csv"])
        .assert()
        .failure()
        .stderr(
            "error: kpis.csv: row 1 has a period column (\"Quarter\") and KPI columns but no product line column, and no product line in a \"Product line | …\" row above it, the sheet name or the file name: add a Product Line column or name the sheet after the line, e.g. Atlas Analytics\n\
             linecard: 1 problem found; nothing was written\n",
        );
}

#[test]
fn a_period_column_wins_over_a_period_in_the_file_name() {
    // Nothing that reads today reads differently: the column is used.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "KPIs Q4 2025.csv",
        "Product Line,Quarter,NPS\nAtlas,2025-Q1,31\n",
    );
    assert_eq!(
        values(dir.path(), &["KPIs Q4 2025.csv"]),
        vec![v(
            "Atlas",
            "2025-Q1",
            "nps",
            31.0,
            "KPIs Q4 2025.csv, row 2, column 3"
        )]
    );
}
