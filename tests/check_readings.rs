//! `linecard check` says how each file and sheet was read: the layout, the
//! header row, where the line, period, KPIs, stage and people came from,
//! and what it left unread; also when another file could not be read.

mod common;

use common::{linecard, repo, write};
use std::path::Path;

/// `linecard check ARGS` succeeds; its standard output.
fn checked(dir: &Path, args: &[&str]) -> String {
    let out = linecard(dir)
        .args(args)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(out.stdout).unwrap()
}

/// The rules part of the `ok:` line for the built-in rules: their catalogue
/// counted from the script itself, so a new KPI does not change this test.
fn rules() -> String {
    let catalogue = std::fs::read_to_string(repo().join("scripts/10-catalogue.rhai")).unwrap();
    let metrics = catalogue
        .lines()
        .filter(|l| l.starts_with("metric(\""))
        .count();
    format!(
        "4 built-in rule scripts (`linecard init` gives an editable copy), {metrics} metrics in the catalogue, hooks derive and targets, 12 rule tests (run them with `linecard test`)"
    )
}

#[test]
fn a_wide_workbook_under_a_title_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/diagnostics/wide.xlsx"),
        dir.path().join("wide.xlsx"),
    )
    .unwrap();
    assert_eq!(
        checked(dir.path(), &["check", "wide.xlsx"]),
        format!(
            concat!(
                "wide.xlsx, sheet KPIs: read as wide (a row per line and period, a column per KPI): header row 3 has a product line column (\"Product Line\"), a period column (\"Quarter\") and a column per KPI\n",
                "  product line: column A \"Product Line\"\n",
                "  period: column B \"Quarter\"\n",
                "  KPIs: column D \"NPS\", column E \"Logo Retention %\"\n",
                "  stage: column C \"Stage\"\n",
                "  skipped rows 1-2 above the header\n",
                "ok: 1 input file, 4 values for 2 lines over 1 period; {}\n",
            ),
            rules()
        )
    );
}

#[test]
fn a_long_csv() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "long.csv",
        "Product Line,Quarter,KPI,Value,n,PM,Notes\nAtlas,2025-Q1,NPS,31,120,Ana,\nAtlas,2025-Q1,CSAT,0.8,95,Ana,late\n",
    );
    assert_eq!(
        checked(dir.path(), &["check", "long.csv"]),
        format!(
            concat!(
                "long.csv: read as long (a row per line, period and KPI): header row 1 has a product line column (\"Product Line\"), a period column (\"Quarter\"), a KPI column (\"KPI\") and a value column (\"Value\")\n",
                "  product line: column 1 \"Product Line\"\n",
                "  period: column 2 \"Quarter\"\n",
                "  KPIs: the KPI names in column 3 \"KPI\", values in column 4 \"Value\"\n",
                "  sample size: column 5 \"n\"\n",
                "  PM: column 6 \"PM\"\n",
                "  skipped column 7 \"Notes\": not used by this layout\n",
                "ok: 1 input file, 2 values for 1 line over 1 period; {}\n",
            ),
            rules()
        )
    );
}

#[test]
fn survey_responses() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "nps.csv",
        "Submitted At,Product,Recommend,Comment\n2025-01-05 10:00:00,Atlas,9,great\n2025-02-06 11:00:00,Atlas,3,slow\n",
    );
    assert_eq!(
        checked(dir.path(), &["check", "nps.csv"]),
        format!(
            concat!(
                "nps.csv: read as survey responses (a row per response): one row per response: a time of response (column 1 \"Submitted At\"), several rows for one line and period\n",
                "  product line: column 2 \"Product\"\n",
                "  time of each response: column 1 \"Submitted At\"\n",
                "  0-10 recommend scores (NPS): column 3 \"Recommend\"\n",
                "  skipped column 4 \"Comment\": free-text comments\n",
                "ok: 1 input file, 1 value for 1 line over 1 period; {}\n",
            ),
            rules()
        )
    );
}

#[test]
fn the_sample_data() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sample-data")).unwrap();
    for name in ["marketing-kpis.csv", "product-kpis.xlsx"] {
        std::fs::copy(
            repo().join("sample-data").join(name),
            dir.path().join("sample-data").join(name),
        )
        .unwrap();
    }
    let stdout = checked(dir.path(), &["check", "sample-data"]);
    assert_eq!(
        stdout,
        format!(
            concat!(
                "sample-data/marketing-kpis.csv: read as wide (a row per line and period, a column per KPI): header row 1 has a product line column (\"Product Line\"), a period column (\"Quarter\") and a column per KPI\n",
                "  product line: column 1 \"Product Line\"\n",
                "  period: column 2 \"Quarter\"\n",
                "  KPIs: column 3 \"Win Rate\", column 4 \"CAC\", column 5 \"ARPU\", column 6 \"Pipeline\"\n",
                "sample-data/product-kpis.xlsx, sheet KPIs: read as wide (a row per line and period, a column per KPI): header row 1 has a product line column (\"Product Line\"), a period column (\"Quarter\") and a column per KPI\n",
                "  product line: column A \"Product Line\"\n",
                "  period: column B \"Quarter\"\n",
                "  KPIs: column D \"Retention Rate\" as retention, column E \"CSAT\", column G \"Feature Adoption\", column H \"Support Resolution (h)\" as support_resolution_hours, column I \"NPS\"\n",
                "  sample size: column F \"CSAT Responses\" for csat\n",
                "  sample size: column J \"NPS Responses\" for nps\n",
                "  stage: column C \"Lifecycle Stage\"\n",
                "ok: 2 input files, 554 values for 8 lines over 8 periods; {}\n",
            ),
            rules()
        )
    );
}

#[test]
fn quiet_prints_nothing_when_all_is_well() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "k.csv",
        "Product Line,Quarter,NPS\nAtlas,2025-Q1,31\n",
    );
    // -q prints nothing but problems: neither the readings nor the summary.
    assert_eq!(checked(dir.path(), &["check", "-q", "k.csv"]), "");
}

#[test]
fn when_one_file_fails_the_others_are_still_described() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "good.csv",
        "Product Line,Quarter,NPS\nAtlas,2025-Q1,31\n",
    );
    write(dir.path(), "bad.csv", "Product Line,NPS\nAtlas,31\n");
    let out = linecard(dir.path())
        .args(["check", "good.csv", "bad.csv"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        concat!(
            "good.csv: read as wide (a row per line and period, a column per KPI): header row 1 has a product line column (\"Product Line\"), a period column (\"Quarter\") and a column per KPI\n",
            "  product line: column 1 \"Product Line\"\n",
            "  period: column 2 \"Quarter\"\n",
            "  KPIs: column 3 \"NPS\"\n",
        )
    );
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        concat!(
            "error: bad.csv: row 1 has a product line column (\"Product Line\") and KPI columns but no period column, and there is no period in the file name, sheet name or title: add a Quarter column or put the quarter in the file name, e.g. KPIs Q4 2025.xlsx\n",
            "linecard: 1 problem found; nothing was written\n",
        )
    );
}
