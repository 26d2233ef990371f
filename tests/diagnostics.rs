//! Errors that help and never flood: a problem repeated down a column is
//! one message, at most 50 messages print (`check --all` prints every one),
//! and a file linecard cannot read says what it found and what would make
//! it read.

mod common;

use common::{linecard, write};

/// `linecard check FILE` fails; its stderr.
fn refused(dir: &std::path::Path, args: &[&str]) -> String {
    let out = linecard(dir)
        .args(args)
        .assert()
        .code(1)
        .get_output()
        .clone();
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_problem_repeated_down_a_column_is_one_message_with_the_first_three_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("Product Line,Quarter,NPS,CSAT\n");
    // NPS is not a number on rows 5, 6, 9 and 10 (of the file); CSAT is
    // out of range on two rows only, which print as they are.
    for i in 0..10 {
        let nps = match i + 2 {
            5 | 6 | 9 | 10 => "n/a?".to_string(),
            _ => (20 + i).to_string(),
        };
        let csat = match i + 2 {
            3 | 4 => "1.5",
            _ => "0.8",
        };
        text.push_str(&format!("Line {i},2025-Q1,{nps},{csat}\n"));
    }
    write(dir.path(), "kpis.csv", &text);
    assert_eq!(
        refused(dir.path(), &["check", "kpis.csv"]),
        concat!(
            "error: kpis.csv, column \"NPS\": 4 values are not numbers, first at rows 5, 6 and 9 (e.g. \"n/a?\"); expected a number (e.g. 0.85, 85%, 1,250)\n",
            "error: kpis.csv, row 3, column 4 (column \"CSAT\"): 1.5 is out of range for csat (fraction): expected a share between 0 and 1 (0% to 100%)\n",
            "error: kpis.csv, row 4, column 4 (column \"CSAT\"): 1.5 is out of range for csat (fraction): expected a share between 0 and 1 (0% to 100%)\n",
            "linecard: 3 problems found; nothing was written\n",
        )
    );
}

#[test]
fn rows_without_a_product_line_are_one_message() {
    let dir = tempfile::tempdir().unwrap();
    // Rows without a product line, on rows 3 to 8 of the file.
    let mut text = String::from("Product Line,Quarter,NPS\nAtlas,2025-Q1,31\n");
    for _ in 0..6 {
        text.push_str(",2025-Q2,30\n");
    }
    write(dir.path(), "k.csv", &text);
    assert_eq!(
        refused(dir.path(), &["check", "k.csv"]),
        concat!(
            "error: k.csv, column \"Product Line\": 6 rows have values but no product line, first at rows 3, 4 and 5\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

/// 20 unknown KPI columns with three bad cells each: 60 problems, none
/// grouped (three of a kind in a column print as they are).
fn sixty_problems(dir: &std::path::Path) -> Vec<String> {
    let columns: Vec<String> = (1..=20).map(|k| format!("K{k}")).collect();
    let mut text = format!("Product Line,Quarter,{}\n", columns.join(","));
    for i in 0..7 {
        let cell = if i < 4 { "5" } else { "x" };
        let cells = [cell; 20].join(",");
        text.push_str(&format!("Line {i},2025-Q1,{cells}\n"));
    }
    write(dir, "many.csv", &text);
    let mut expected = Vec::new();
    // In the order the rows were read.
    for row in 6..=8 {
        for (k, name) in columns.iter().enumerate() {
            expected.push(format!(
                "error: many.csv, row {row}, column {} (column \"{name}\"): expected a number (e.g. 0.85, 85%, 1,250), got \"x\"",
                k + 3
            ));
        }
    }
    expected
}

#[test]
fn at_most_fifty_messages_print_and_the_rest_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let every = sixty_problems(dir.path());
    let mut expected = every[..50].join("\n");
    expected.push_str("\n… and 10 more (run linecard check --all to see every one)\n");
    expected.push_str("linecard: 60 problems found; nothing was written\n");
    assert_eq!(refused(dir.path(), &["check", "many.csv"]), expected);
}

#[test]
fn check_all_prints_every_message() {
    let dir = tempfile::tempdir().unwrap();
    let every = sixty_problems(dir.path());
    let mut expected = every.join("\n");
    expected.push_str("\nlinecard: 60 problems found; nothing was written\n");
    assert_eq!(
        refused(dir.path(), &["check", "--all", "many.csv"]),
        expected
    );
}

#[test]
fn a_sheet_with_a_line_column_but_no_period_says_so_and_what_to_add() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kpis.csv",
        "Product Line,NPS,CSAT\nAtlas,31,0.8\n",
    );
    assert_eq!(
        refused(dir.path(), &["check", "kpis.csv"]),
        concat!(
            "error: kpis.csv: row 1 has a product line column (\"Product Line\") and KPI columns but no period column, and there is no period in the file name, sheet name or title: add a Quarter column or put the quarter in the file name, e.g. KPIs Q4 2025.xlsx\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn periods_without_a_line_column_say_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kpis.csv",
        "Scorecard\nQuarter,NPS,CSAT\n2025-Q1,31,0.8\n",
    );
    assert_eq!(
        refused(dir.path(), &["check", "kpis.csv"]),
        concat!(
            "error: kpis.csv: row 2 has a period column (\"Quarter\") and KPI columns but no product line column, and no product line in a \"Product line | …\" row above it, the sheet name or the file name: add a Product Line column or name the sheet after the line, e.g. Atlas Analytics\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn periods_across_without_a_kpi_column_say_so() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "across.csv",
        "Region,Q1 2025,Q2 2025,Q3 2025\nEMEA,31,34,35\n",
    );
    assert_eq!(
        refused(dir.path(), &["check", "across.csv"]),
        concat!(
            "error: across.csv: periods across the columns (Q1 2025, Q2 2025, Q3 2025) but no KPI column: head the column that holds the KPI names \"KPI\" (or leave its header blank)\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn a_survey_export_without_a_score_column_says_how_to_name_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "survey.csv",
        "Response ID,Submitted At,Product,Likely To Buy Again,Comment\n1,2025-01-05 10:00:00,Atlas,9,great\n2,2025-01-06 11:00:00,Atlas,4,slow\n",
    );
    assert_eq!(
        refused(dir.path(), &["check", "survey.csv"]),
        concat!(
            "error: survey.csv: this looks like one row per survey response (header row 1 has the column \"Response ID\") but no score column linecard knows (other columns: \"Likely To Buy Again\", \"Comment\"): rename the score column \"Recommend\" (a 0-10 score) or \"Satisfaction\" (1-5), or name it in a rule script with alias(\"Likely To Buy Again\", \"nps\")\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}

#[test]
fn a_file_with_nothing_like_a_header_says_what_linecard_needs() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.csv", "just a note\n");
    assert_eq!(
        refused(dir.path(), &["check", "notes.csv"]),
        concat!(
            "error: notes.csv: no header row found in the first 20 rows: the first 20 rows hold no row of column names. linecard needs a product line column (e.g. \"Product Line\") and a period column (e.g. \"Quarter\"), or the period in the file name (e.g. \"notes Q1 2025.csv\")\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}
