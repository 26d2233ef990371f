//! `linecard report --csv` and `--markdown` on the bundled sample data: the
//! rows and numbers match the JSON document, text is neutralised against
//! formula injection while numbers stay numbers, and Markdown escapes pipes.

mod common;

use common::{linecard, parse_csv, write};
use serde_json::Value;

#[test]
fn csv_has_one_row_per_line_period_and_metric_matching_the_json() {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path())
        .args(["report", "-q", "--csv", "rows.csv", "--json", "cards.json"])
        .assert()
        .success();
    let csv = parse_csv(&std::fs::read_to_string(dir.path().join("rows.csv")).unwrap());
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("cards.json")).unwrap())
            .unwrap();
    let header = &csv[0];
    assert_eq!(&header[..4], ["line", "period", "stage", "metric"]);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let cards = json["scorecards"].as_array().unwrap();
    let expected: usize = cards
        .iter()
        .map(|c| c["metrics"].as_array().unwrap().len())
        .sum();
    assert_eq!(csv.len() - 1, expected);
    assert_eq!(
        expected,
        8 * 8 * 10,
        "8 lines × 8 quarters × 10 KPIs (9 read, LTV/CAC derived)"
    );

    let find = |line: &str, period: &str, metric: &str| {
        csv.iter()
            .find(|r| r[0] == line && r[1] == period && r[3] == metric)
            .unwrap_or_else(|| panic!("{line} {period} {metric}"))
    };
    let ret = find("Drift Mobile", "2025-Q4", "retention");
    assert_eq!(ret[col("value")], "0.75");
    assert_eq!(ret[col("previous")], "0.758");
    assert_eq!(ret[col("target")], "0.85");
    assert_eq!(ret[col("status")], "red");
    assert_eq!(ret[col("weight")], "3");
    // A negative value stays a number; a reason starting with "-" is
    // neutralised so no spreadsheet reads it as a formula.
    let nps = find("Drift Mobile", "2025-Q4", "nps");
    assert_eq!(nps[col("value")], "-7.5");
    assert!(
        nps[col("reason")].starts_with("'-7.5 is below"),
        "{:?}",
        nps[col("reason")]
    );
    let att: f64 = ret[col("attainment")].parse().unwrap();
    let card = cards
        .iter()
        .find(|c| c["line"] == "Drift Mobile" && c["period"] == "2025-Q4")
        .unwrap();
    assert!(
        card["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["metric"] == "retention")
    );
    assert!(
        (att - (50.0_f64 + 50.0 * (0.75 - 0.78) / (0.85 - 0.78)).clamp(0.0, 100.0)).abs() < 1e-9
    );
}

#[test]
fn csv_neutralises_formulas_in_line_names() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "k.csv",
        "Line,Quarter,NPS\n\"=HYPERLINK(\"\"http://x\"\")\",2025-Q1,-12\n@SUM,2025-Q1,31\n",
    );
    linecard(dir.path())
        .args(["report", "k.csv", "-q", "--csv", "out.csv"])
        .assert()
        .success();
    let csv = parse_csv(&std::fs::read_to_string(dir.path().join("out.csv")).unwrap());
    let lines: Vec<&str> = csv[1..].iter().map(|r| r[0].as_str()).collect();
    assert!(lines.contains(&"'=HYPERLINK(\"http://x\")"), "{lines:?}");
    assert!(lines.contains(&"'@SUM"), "{lines:?}");
    let value = csv[1..]
        .iter()
        .find(|r| r[0].starts_with("'=") && r[3] == "nps")
        .map(|r| r[8].clone());
    assert_eq!(value.as_deref(), Some("-12"));
}

#[test]
fn markdown_lists_lines_worst_first_with_escaped_pipes() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "k.csv",
        "Line,Quarter,NPS\nAlpha | Beta,2025-Q1,10\nGamma,2025-Q1,45\n",
    );
    let out = linecard(dir.path())
        .args(["report", "k.csv", "--markdown", "-"])
        .assert()
        .success();
    let md = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(md.starts_with("# Portfolio scorecard · 2025-Q1\n"), "{md}");
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).collect();
    assert!(rows[2].starts_with("| Alpha \\| Beta |"), "{md}");
    assert!(rows[3].starts_with("| Gamma |"), "{md}");
    assert!(md.contains("\n## Alpha \\| Beta\n"), "{md}");
    // The terminal table is not mixed into Markdown on standard output.
    assert!(!md.contains("Scorecards for"), "{md}");
}

#[test]
fn only_one_output_may_go_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path())
        .args(["report", "--csv", "-", "--json", "-"])
        .assert()
        .code(2)
        .stderr(
            "error: only one of --json, --csv and --markdown can write to standard output (-)\n",
        );
    assert!(
        !dir.path().join("linecard-report.xlsx").exists(),
        "nothing written"
    );
}

#[test]
fn an_export_never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "k.csv", "Line,Quarter,NPS\nAtlas,2025-Q1,30\n");
    linecard(dir.path())
        .args(["report", "k.csv", "--csv", "k.csv"])
        .assert()
        .code(2)
        .stderr(
            "error: --csv k.csv would overwrite an input or land in an input folder; choose another path\n",
        );
    assert_eq!(
        std::fs::read_to_string(input).unwrap(),
        "Line,Quarter,NPS\nAtlas,2025-Q1,30\n"
    );
    assert!(
        !dir.path().join("linecard-report.xlsx").exists(),
        "nothing written"
    );
}
