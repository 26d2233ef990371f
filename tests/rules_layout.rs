//! The rules' `layout(...)` declaration: forcing the header row and the
//! shape of the files a pattern matches, and its mistakes reported at their
//! place in the script.

mod common;

use common::{linecard, measured, repo, rules_with, stdout_json, write};

/// (line, period, metric, value) of every measured KPI.
fn values(doc: &serde_json::Value) -> Vec<String> {
    measured(doc)
        .into_iter()
        .map(|(line, period, m)| {
            format!(
                "{line} {period} {} {}",
                m["metric"].as_str().unwrap(),
                m["value"].as_f64().unwrap()
            )
        })
        .collect()
}

fn fixture(name: &str) -> std::path::PathBuf {
    repo().join("tests/fixtures/diagnostics").join(name)
}

#[test]
fn header_row_reads_a_table_below_a_change_log() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("Product KPIs Q1.xlsx"),
        dir.path().join("Product KPIs Q1.xlsx"),
    )
    .unwrap();
    // Without the declaration the change log above is read as a table of
    // its own (its text column skipped with a warning) and the KPI table
    // below it as a second one; the declaration says which row is the
    // header, and the change log is then left out.
    let out = linecard(dir.path())
        .args(["check", "-q", "Product KPIs Q1.xlsx"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "Product KPIs Q1.xlsx, sheet KPIs, column \"Change\": the column holds text, not numbers (e.g. \"NPS survey moved to Delighted\"): skipped"
        ),
        "{stderr}"
    );
    rules_with(
        dir.path(),
        "50-layout.rhai",
        "layout(\"product kpis*.xlsx\", #{ header_row: 4 });\n",
    );
    let doc = stdout_json(
        dir.path(),
        &[
            "report",
            "--json",
            "-",
            "-o",
            "r.xlsx",
            "-r",
            "rules",
            "Product KPIs Q1.xlsx",
        ],
    );
    assert_eq!(
        values(&doc),
        [
            "Atlas 2025-Q1 csat 0.82",
            "Atlas 2025-Q1 nps 31",
            "Beacon 2025-Q1 csat 0.77",
            "Beacon 2025-Q1 nps 18",
        ]
    );
}

#[test]
fn shape_wide_reads_a_recommend_share_as_a_kpi_not_as_responses() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "recommend.csv",
        "Product Line,Quarter,NPS,Would Recommend %\nAtlas,2025-Q1,31,64.5\nBeacon,2025-Q1,18,52\n",
    );
    // Detected as survey responses (a "recommend" column): 64.5 is no score.
    let out = linecard(dir.path())
        .args(["check", "-q", "recommend.csv"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("expected a whole score from 0 to 10, got \"64.5\"")
    );
    rules_with(
        dir.path(),
        "50-layout.rhai",
        "alias(\"Would Recommend %\", \"feature_adoption\");\nlayout(\"recommend*.csv\", #{ shape: \"wide\" });\n",
    );
    let doc = stdout_json(
        dir.path(),
        &[
            "report",
            "--json",
            "-",
            "-o",
            "r.xlsx",
            "-r",
            "rules",
            "recommend.csv",
        ],
    );
    assert_eq!(
        values(&doc),
        [
            "Atlas 2025-Q1 feature_adoption 0.645",
            "Atlas 2025-Q1 nps 31",
            "Beacon 2025-Q1 feature_adoption 0.52",
            "Beacon 2025-Q1 nps 18",
        ]
    );
}

#[test]
fn a_pattern_that_matches_no_file_changes_nothing_and_sheet_patterns_narrow_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kpis.csv",
        "Product Line,Quarter,NPS\nAtlas,2025-Q1,31\n",
    );
    // A sheet pattern never matches a text file; another file name neither.
    rules_with(
        dir.path(),
        "50-layout.rhai",
        "layout(\"kpis.csv\", #{ sheet: \"Q*\", header_row: 5 });\nlayout(\"other*.csv\", #{ shape: \"long\" });\n",
    );
    let doc = stdout_json(
        dir.path(),
        &[
            "report", "--json", "-", "-o", "r.xlsx", "-r", "rules", "kpis.csv",
        ],
    );
    assert_eq!(values(&doc), ["Atlas 2025-Q1 nps 31"]);
}

#[test]
fn a_declaration_the_file_cannot_meet_names_both() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kpis.csv",
        "Product Line,Quarter,NPS\nAtlas,2025-Q1,31\n",
    );
    rules_with(
        dir.path(),
        "50-layout.rhai",
        "layout(\"kpis.csv\", #{ header_row: 2 });\nlayout(\"*.csv\", #{ shape: \"long\" });\n",
    );
    linecard(dir.path())
        .args(["check", "-q", "-r", "rules", "kpis.csv"])
        .assert()
        .code(1)
        .stderr(concat!(
            "error: kpis.csv: the layout(...) declared at rules/50-layout.rhai:1:1 says header_row: 2, but row 2 has neither a product line column nor a period column: it holds \"Atlas\", \"2025-Q1\", \"31\"\n",
            "linecard: 1 problem found; nothing was written\n",
        ));
    write(
        dir.path(),
        "rules/50-layout.rhai",
        "layout(\"*.CSV\", #{ shape: \"long\" });\n",
    );
    linecard(dir.path())
        .args(["check", "-q", "-r", "rules", "kpis.csv"])
        .assert()
        .code(1)
        .stderr(concat!(
            "error: kpis.csv: the layout(...) declared at rules/50-layout.rhai:1:1 says shape: \"long\", but header row 1 has no KPI column (e.g. \"KPI\") or no value column (e.g. \"Value\")\n",
            "linecard: 1 problem found; nothing was written\n",
        ));
}

#[test]
fn unknown_keys_and_bad_values_are_errors_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    // A map's keys are checked in name order.
    rules_with(
        dir.path(),
        "50-layout.rhai",
        concat!(
            "layout(\"Product KPIs*.xlsx\", #{ shape: \"wdie\", header_rows: 3 });\n",
            "layout(\"Q*.xlsx\", #{\n    header_row: 0,\n    line: \"tab\",\n});\n",
            "layout(42, #{});\n",
        ),
    );
    linecard(dir.path())
        .args(["check", "-r", "rules"])
        .assert()
        .code(1)
        .stderr(concat!(
            "error: rules/50-layout.rhai:1:48: unknown key \"header_rows\" in layout(\"Product KPIs*.xlsx\") (did you mean \"header_row\"?): the keys are sheet, header_row, shape, periods, line, period\n",
            "  |\n",
            "1 | layout(\"Product KPIs*.xlsx\", #{ shape: \"wdie\", header_rows: 3 });\n",
            "  |                                                ^\n",
            "error: rules/50-layout.rhai:1:33: \"shape\" cannot be \"wdie\" (did you mean \"wide\"?): it is one of \"wide\", \"long\", \"responses\" or \"across\"\n",
            "  |\n",
            "1 | layout(\"Product KPIs*.xlsx\", #{ shape: \"wdie\", header_rows: 3 });\n",
            "  |                                 ^\n",
            "error: rules/50-layout.rhai:3:5: \"header_row\" must be a row number from 1 (as the sheet shows it), got 0\n",
            "  |\n",
            "3 |     header_row: 0,\n",
            "  |     ^\n",
            "error: rules/50-layout.rhai:4:5: \"line\" cannot be \"tab\": it is one of \"column\", \"sheet\", \"file\", \"section\" or \"block\"\n",
            "  |\n",
            "4 |     line: \"tab\",\n",
            "  |     ^\n",
            "error: rules/50-layout.rhai:6:1: the first argument must be a file name pattern in quotes: write layout(\"Product KPIs*.xlsx\", #{ periods: \"across\", line: \"sheet\" })\n",
            "  |\n",
            "6 | layout(42, #{});\n",
            "  | ^\n",
            "linecard: 5 problems found; nothing was written\n",
        ));
}

#[test]
fn periods_across_and_the_line_from_the_file_name_as_declared() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing in the table names the line; the declaration says the file
    // name does (and that the periods run across).
    write(
        dir.path(),
        "Atlas Analytics.csv",
        "KPI,Q1 2025,Q2 2025\nNPS,31,34\nWin Rate,25%,27%\n",
    );
    rules_with(
        dir.path(),
        "50-layout.rhai",
        "layout(\"atlas*.csv\", #{ periods: \"across\", line: \"file\" });\n",
    );
    let doc = stdout_json(
        dir.path(),
        &[
            "report",
            "--json",
            "-",
            "-o",
            "r.xlsx",
            "-r",
            "rules",
            "Atlas Analytics.csv",
        ],
    );
    let mut got = values(&doc);
    got.sort();
    assert_eq!(
        got,
        [
            "Atlas Analytics 2025-Q1 nps 31",
            "Atlas Analytics 2025-Q1 win_rate 0.25",
            "Atlas Analytics 2025-Q2 nps 34",
            "Atlas Analytics 2025-Q2 win_rate 0.27",
        ]
    );
}

#[test]
fn periods_across_declared_for_a_file_without_them_is_an_error_naming_the_declaration() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kpis.csv",
        "Product Line,Quarter,NPS\nAtlas,2025-Q1,31\n",
    );
    rules_with(
        dir.path(),
        "50-layout.rhai",
        "layout(\"kpis.csv\", #{ periods: \"across\" });\n",
    );
    let out = linecard(dir.path())
        .args(["check", "-q", "-r", "rules", "kpis.csv"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        concat!(
            "error: kpis.csv: the layout(...) declared at rules/50-layout.rhai:1:1 says periods are across the columns, but none of the first 20 rows has two periods as column headers\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn a_key_the_layout_does_not_follow_is_said_in_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kpis.csv",
        "Product Line,Quarter,NPS\nAtlas,2025-Q1,31\n",
    );
    // Section rows name a line in a periods-across table only.
    rules_with(
        dir.path(),
        "50-layout.rhai",
        "layout(\"kpis.csv\", #{ line: \"section\" });\n",
    );
    let out = linecard(dir.path())
        .args(["check", "-q", "-r", "rules", "kpis.csv"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "warning: kpis.csv: the layout(...) declared at rules/50-layout.rhai:1:1 sets line: \"section\", which this layout does not follow yet: the product line and period were found as `linecard check` shows\n"
    );
}
