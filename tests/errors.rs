//! Bad inputs and bad rules: exact messages, exit code 1, nothing written,
//! and a previous report left untouched.

mod common;

use common::{linecard, write};

#[test]
fn every_bad_cell_is_reported_with_its_place_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "k.csv",
        "Product Line,Quarter,Retention Rate,NPS\nAtlas,2025-Q1,0.9,abc\nAtlas,Spring,0.9,20\n,2025-Q2,0.8,10\nBeacon,2025-Q1,1.7,-130\n",
    );
    let report = dir.path().join("linecard-report.xlsx");
    std::fs::write(&report, b"previous report").unwrap();
    linecard(dir.path()).args(["report", "k.csv"]).assert().code(1).stderr(concat!(
        "error: k.csv, row 2, column 4 (column \"NPS\"): expected a number (e.g. 0.85, 85%, 1,250), got \"abc\"\n",
        "error: k.csv, row 3, column 2 (column \"Quarter\"): expected a period like 2025-Q1, Q1 2025, 2025-01 or 2025, got \"Spring\"\n",
        "error: k.csv, row 4, column 1 (column \"Product Line\"): this row has values but no product line\n",
        "error: k.csv, row 5, column 3 (column \"Retention Rate\"): 1.7 is out of range for retention (fraction): expected a share between 0 and 1 (0% to 100%)\n",
        "error: k.csv, row 5, column 4 (column \"NPS\"): -130 is out of range for nps (score): expected a value between -100 and 100\n",
        "linecard: 5 problems found; nothing was written\n",
    ));
    assert_eq!(std::fs::read(&report).unwrap(), b"previous report");
}

#[test]
fn the_same_value_twice_is_fine_but_two_different_values_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "in/a.csv",
        "Line,Quarter,NPS\nAtlas,2025-Q1,30\n",
    );
    write(
        dir.path(),
        "in/b.csv",
        "Line,Quarter,NPS\nAtlas,2025-Q1,30\n",
    );
    linecard(dir.path())
        .args(["check", "in"])
        .assert()
        .success();
    write(
        dir.path(),
        "in/c.csv",
        "Line,Quarter,NPS\nAtlas,2025-Q1,35\n",
    );
    linecard(dir.path()).args(["check", "in"]).assert().code(1).stderr(concat!(
        "error: nps for Atlas in 2025-Q1 has two different values: 30 at in/a.csv, row 2, column 3 and 35 at in/c.csv, row 2, column 3; keep one of them\n",
        "linecard: 1 problem found; nothing was written\n",
    ));
    // Values are shown as the reader wrote them: a share as a percentage.
    write(
        dir.path(),
        "shares/a.csv",
        "Line,Quarter,CSAT\nAtlas,2025-Q1,0.847\n",
    );
    write(
        dir.path(),
        "shares/b.csv",
        "Line,Quarter,CSAT\nAtlas,2025-Q1,42.962962962%\n",
    );
    linecard(dir.path()).args(["check", "shares"]).assert().code(1).stderr(concat!(
        "error: csat for Atlas in 2025-Q1 has two different values: 84.7% at shares/a.csv, row 2, column 3 and 43% at shares/b.csv, row 2, column 3; keep one of them\n",
        "linecard: 1 problem found; nothing was written\n",
    ));
}

#[test]
fn a_missing_input_and_a_file_of_the_wrong_kind_are_named() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "fake.xlsx", "Line,Quarter,NPS\n");
    linecard(dir.path()).args(["check", "nope.csv", "fake.xlsx"]).assert().code(1).stderr(concat!(
        "error: nope.csv: no such file or folder\n",
        "error: fake.xlsx: the name says a spreadsheet workbook but the content is text; rename the file to match what it is\n",
        "linecard: 2 problems found; nothing was written\n",
    ));
}

#[test]
fn a_csv_without_a_header_row_says_what_it_expected() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "k.csv", "Name,Score\nAtlas,3\n");
    linecard(dir.path()).args(["check", "k.csv"]).assert().code(1).stderr(concat!(
        "error: k.csv: no header row found in the first 20 rows. The closest is row 1: \"Name\", \"Score\": linecard needs a product line column (e.g. \"Product Line\") and a period column (e.g. \"Quarter\"), or the period in the file name (e.g. \"k Q1 2025.csv\")\n",
        "linecard: 1 problem found; nothing was written\n",
    ));
}

#[test]
fn a_rule_script_error_points_at_the_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "rules/10-kpis.rhai",
        "metric(\"nps\", #{\n    owner: \"shared\",\n    tagret: 30,\n});\nmetric(\"cac\", #{ owner: \"marketing team\", target: \"low\" });\n",
    );
    linecard(dir.path()).args(["check", "--rules", "rules"]).assert().code(1).stderr(concat!(
        "error: rules/10-kpis.rhai:3:5: unknown key \"tagret\" in metric \"nps\" (did you mean \"target\"?): the keys are name, owner, direction, unit, currency, target, warn, min, max, weight, min_sample, description, by_stage, by_line, oversight, data_targets, target_from_benchmark, optional\n",
        "  |\n",
        "3 |     tagret: 30,\n",
        "  |     ^\n",
        "error: rules/10-kpis.rhai:5:18: owner must be \"pm\", \"pmm\" or \"shared\", got \"marketing team\" (in \"cac\", key owner)\n",
        "  |\n",
        "5 | metric(\"cac\", #{ owner: \"marketing team\", target: \"low\" });\n",
        "  |                  ^\n",
        "error: rules/10-kpis.rhai:5:43: target for \"cac\" must be a number, got a string\n",
        "  |\n",
        "5 | metric(\"cac\", #{ owner: \"marketing team\", target: \"low\" });\n",
        "  |                                           ^\n",
        "linecard: 3 problems found; nothing was written\n",
    ));
}

#[test]
fn a_syntax_error_and_a_runaway_loop_are_reported_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "rules/a.rhai", "let x = ;\n");
    write(dir.path(), "rules/b.rhai", "let n = 0;\nloop { n += 1; }\n");
    linecard(dir.path()).args(["check", "--rules", "rules"]).assert().code(1).stderr(concat!(
        "error: rules/a.rhai:1:9: Unexpected ';'\n",
        "  |\n",
        "1 | let x = ;\n",
        "  |         ^\n",
        "error: rules/b.rhai:2:8: the script did more than 5000000 operations and was stopped: look for a loop that never ends\n",
        "  |\n",
        "2 | loop { n += 1; }\n",
        "  |        ^\n",
        "linecard: 2 problems found; nothing was written\n",
    ));
}

#[test]
fn common_slips_in_rule_scripts_get_a_hint_and_no_follow_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let check = |files: &[(&str, &str)], expected: &str| {
        let rules = dir.path().join("rules");
        let _ = std::fs::remove_dir_all(&rules);
        for (name, text) in files {
            write(dir.path(), &format!("rules/{name}"), text);
        }
        linecard(dir.path())
            .args(["check", "--rules", "rules"])
            .assert()
            .code(1)
            .stderr(expected.to_string());
    };
    // The fits in 20.rhai name "nps", which 10.rhai failed to declare: only
    // the real mistake is reported.
    let fits = "fits(#{ customer_value: [\"nps\"] });\n";
    check(
        &[
            (
                "10.rhai",
                "metric(\"nps\", #{\n    owner: \"pm\",\n    target: 0,30,\n});\n",
            ),
            ("20.rhai", fits),
        ],
        concat!(
            "error: rules/10.rhai:3:15: Expecting name of a property: numbers in rule scripts take a decimal point, e.g. 0.90, not 0,90\n",
            "  |\n",
            "3 |     target: 0,30,\n",
            "  |               ^\n",
            "linecard: 1 problem found; nothing was written\n",
        ),
    );
    check(
        &[
            (
                "10.rhai",
                "metric(\"nps\", #{ owner: \"pm\", target: 30% });\n",
            ),
            ("20.rhai", fits),
        ],
        concat!(
            "error: rules/10.rhai:1:43: Unexpected '}': write a percentage as a fraction, e.g. 0.90 for 90%\n",
            "  |\n",
            "1 | metric(\"nps\", #{ owner: \"pm\", target: 30% });\n",
            "  |                                           ^\n",
            "linecard: 1 problem found; nothing was written\n",
        ),
    );
    check(
        &[(
            "10.rhai",
            "metric(\"nps\", #{\n    owner: \"pm\"\n    target: 30,\n});\n",
        )],
        concat!(
            "error: rules/10.rhai:3:5: Expecting ',' to separate the items of this object map literal: is a comma missing at the end of line 2?\n",
            "  |\n",
            "3 |     target: 30,\n",
            "  |     ^\n",
            "linecard: 1 problem found; nothing was written\n",
        ),
    );
    // A misspelt variable in a hook is found by `check`, before any data.
    check(
        &[(
            "10.rhai",
            "fn derive(line) {\n    let years = 3;\n    #{ ltv: line[\"arpu\"] * yeers }\n}\n",
        )],
        concat!(
            "error: rules/10.rhai:3:28: unknown variable yeers: check its spelling, or declare it first with let yeers = ...;\n",
            "  |\n",
            "3 |     #{ ltv: line[\"arpu\"] * yeers }\n",
            "  |                            ^\n",
            "linecard: 1 problem found; nothing was written\n",
        ),
    );
}

#[test]
fn a_file_with_a_header_and_no_rows_fails_check_and_report_alike() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kpis.csv",
        "Product Line,Quarter,Win Rate,CAC\n",
    );
    // check says how it read the file, then why there is nothing to score.
    let read = concat!(
        "kpis.csv: read as wide (a row per line and period, a column per KPI): header row 1 has a product line column (\"Product Line\"), a period column (\"Quarter\") and a column per KPI\n",
        "  product line: column 1 \"Product Line\"\n",
        "  period: column 2 \"Quarter\"\n",
        "  KPIs: column 3 \"Win Rate\", column 4 \"CAC\"\n",
    );
    for (command, stdout) in [("check", read), ("report", "")] {
        linecard(dir.path())
            .args([command, "kpis.csv"])
            .assert()
            .code(1)
            .stdout(stdout)
            .stderr(concat!(
                "error: no KPI values in kpis.csv: a table needs a row per product line and period below its header row\n",
                "linecard: 1 problem found; nothing was written\n",
            ));
    }
    assert!(!dir.path().join("linecard-report.xlsx").exists());
    write(
        dir.path(),
        "one.csv",
        "Line,Quarter,NPS\nAtlas,2025-Q1,30\n",
    );
    linecard(dir.path())
        .args(["check", "one.csv"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "\nok: 1 input file, 1 value for 1 line over 1 period; ",
        ));
}
