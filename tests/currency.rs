//! Money in its currency: taken from a header (`CAC ($)`), a cell
//! (`€82.50`) or the rules (`currency("EUR")`, `currency:` in a metric),
//! written with its symbol and one precision per metric in the workbook
//! (the cells' number formats), explain, Markdown and JSON; one metric in
//! two currencies is an error naming a place of each.

// Fixture workbooks, not the report: the cell_text rule does not apply.
#![allow(clippy::disallowed_methods)]

mod common;

use calamine::{Xlsx, open_workbook};
use common::{find_row, linecard, number, sheet, stdout_json, write};
use std::path::Path;

/// The number format of a cell, as the workbook stores it.
fn number_format(path: &Path, name: &str, row: u32, col: u32) -> String {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let styles = book.worksheet_style(name).unwrap();
    styles
        .get((row, col))
        .and_then(|s| s.number_format.as_ref())
        .map(|f| f.format_code.clone())
        .unwrap_or_default()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

/// CAC in dollars by its header, ARPU in dollars by its cells; two Growth lines.
const DOLLARS: &str = "Product Line,Quarter,Lifecycle Stage,CAC ($),ARPU,Win Rate\n\
    Atlas,2025-Q4,Growth,\"4,045\",$82.50,0.3\n\
    Beacon,2025-Q4,Growth,3900,$80,0.2\n";

#[test]
fn the_workbook_formats_money_in_its_currency_at_one_precision() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kpis.csv", DOLLARS);
    linecard(dir.path())
        .args(["report", "-q", "kpis.csv", "-o", "out.xlsx"])
        .assert()
        .success();
    let report = dir.path().join("out.xlsx");
    let atlas = sheet(&report, "Atlas");
    let cac = find_row(&atlas, "Customer acquisition cost").unwrap();
    let arpu = find_row(&atlas, "Average revenue per account (monthly)").unwrap();
    // Column B holds the value, C the target.
    assert_eq!(number(&atlas, cac, 1), Some(4045.0));
    assert_eq!(number_format(&report, "Atlas", cac, 1), "\"$\"#,##0");
    // The CAC target: a year of ARPU for a Growth line, 12 × 82.50 = 990.
    assert_eq!(number(&atlas, cac, 2), Some(990.0));
    assert_eq!(number_format(&report, "Atlas", cac, 2), "\"$\"#,##0");
    // ARPU's amounts are under 1,000 with cents: every ARPU shows cents,
    // 80 as $80.00 too.
    assert_eq!(number(&atlas, arpu, 1), Some(82.5));
    assert_eq!(number_format(&report, "Atlas", arpu, 1), "\"$\"#,##0.00");
    let beacon = sheet(&report, "Beacon");
    let arpu = find_row(&beacon, "Average revenue per account (monthly)").unwrap();
    assert_eq!(number(&beacon, arpu, 1), Some(80.0));
    assert_eq!(number_format(&report, "Beacon", arpu, 1), "\"$\"#,##0.00");
}

#[test]
fn explain_markdown_and_json_write_money_with_its_symbol() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kpis.csv", DOLLARS);
    let out = stdout(
        &linecard(dir.path())
            .args(["explain", "Atlas", "cac", "-i", "kpis.csv"])
            .assert()
            .success(),
    );
    // Target 12 × 82.50 = 990, amber from 18 × 82.50 = 1,485.
    assert!(
        out.contains(
            "  value:  $4,045 from kpis.csv, row 2, column 4\n  target: at most $990, amber from $1,485; set by built-in 20-hooks.rhai:33 (targets() hook)\n  status: red: $4,045 is above the target $990 and past the amber threshold $1,485\n"
        ),
        "{out}"
    );
    let md = stdout(
        &linecard(dir.path())
            .args(["report", "-q", "kpis.csv", "--markdown", "-"])
            .assert()
            .success(),
    );
    assert!(
        md.contains("| Average revenue per account (monthly) | Shared | $80.00 | $400.00 | 🔴 Red | – | $80.00 is below the target $400.00 and past the amber threshold $250.00 |"),
        "{md}"
    );
    assert!(
        md.contains("| Customer acquisition cost | PMM | $3,900 | $960 | 🔴 Red | – |"),
        "{md}"
    );
    let doc = stdout_json(dir.path(), &["-q", "report", "kpis.csv", "--json", "-"]);
    let metric = |line: &str, id: &str| {
        doc["scorecards"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["line"] == line)
            .unwrap()["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["metric"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(metric("Atlas", "cac")["currency"], "USD");
    assert_eq!(metric("Atlas", "cac")["value"], 4045.0);
    assert_eq!(metric("Atlas", "arpu")["currency"], "USD");
    assert!(metric("Atlas", "win_rate").get("currency").is_none());
}

#[test]
fn the_rules_name_the_portfolio_currency_and_a_metric_its_own() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kpis.csv",
        "Product Line,Quarter,CAC,ARPU\nAtlas,2025-Q4,4045,82.5\n",
    );
    common::rules_with(
        dir.path(),
        "95-currency.rhai",
        "currency(\"EUR\");\nmetric(\"cac\", #{ currency: \"GBP\" });\n",
    );
    let out = stdout(
        &linecard(dir.path())
            .args(["explain", "Atlas", "-i", "kpis.csv", "-r", "rules"])
            .assert()
            .success(),
    );
    assert!(
        out.contains("  value:  £4,045 from kpis.csv, row 2, column 3\n"),
        "{out}"
    );
    assert!(
        out.contains("  value:  €82.50 from kpis.csv, row 2, column 4\n"),
        "{out}"
    );
}

#[test]
fn one_metric_in_two_currencies_is_an_error_naming_a_cell_of_each() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kpis.csv",
        "Product Line,Quarter,CAC ($)\nAtlas,2025-Q4,4045\nBeacon,2025-Q4,\"€3,900\"\n",
    );
    linecard(dir.path())
        .args(["check", "kpis.csv"])
        .assert()
        .code(1)
        .stderr("error: cac is in two currencies: USD at kpis.csv, row 1, column 3 (header \"CAC ($)\") and EUR at kpis.csv, row 3, column 3 (\"€3,900\"); give one metric its amounts in one currency (convert them, or name the others as metrics of their own)\nlinecard: 1 problem found; nothing was written\n");
    // A metric's currency in the rules is one of the two places.
    write(
        dir.path(),
        "dollars.csv",
        "Product Line,Quarter,CAC ($)\nAtlas,2025-Q4,4045\n",
    );
    let script = "rules/95-currency.rhai";
    common::rules_with(
        dir.path(),
        "95-currency.rhai",
        "metric(\"cac\", #{ currency: \"GBP\" });\n",
    );
    linecard(dir.path())
        .args(["check", "dollars.csv", "-r", "rules"])
        .assert()
        .code(1)
        .stderr(format!("error: cac is in two currencies: GBP at {script}:1:18 (the metric's currency key in the rules) and USD at dollars.csv, row 1, column 3 (header \"CAC ($)\"); give one metric its amounts in one currency (convert them, or name the others as metrics of their own)\nlinecard: 1 problem found; nothing was written\n"));
}

#[test]
fn an_unknown_currency_code_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let script = "rules/95-currency.rhai";
    common::rules_with(
        dir.path(),
        "95-currency.rhai",
        "currency(\"ERU\");\nmetric(\"arpu\", #{ currency: \"USX\" });\n",
    );
    linecard(dir.path())
        .args(["check", "-r", "rules"])
        .assert()
        .code(1)
        .stderr(format!(
            "error: {script}:1:1: currency(...): \"ERU\" is not a currency code linecard knows (did you mean \"EUR\"?); write a three-letter ISO 4217 code such as \"USD\", \"EUR\" or \"GBP\"\n  |\n1 | currency(\"ERU\");\n  | ^\nerror: {script}:2:19: \"USX\" is not a currency code linecard knows (did you mean \"USD\"?); write a three-letter ISO 4217 code such as \"USD\", \"EUR\" or \"GBP\" (in \"arpu\", key currency)\n  |\n2 | metric(\"arpu\", #{{ currency: \"USX\" }});\n  |                   ^\nlinecard: 2 problems found; nothing was written\n"
        ));
}

#[test]
fn money_in_two_currencies_across_metrics_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kpis.csv",
        "Product Line,Quarter,CAC ($),ARPU (EUR)\nAtlas,2025-Q4,4045,82.5\n",
    );
    let out = linecard(dir.path())
        .args(["check", "kpis.csv"])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("warning: the amounts are in 2 currencies (arpu in EUR; cac in USD): rules that combine them (a CAC target from ARPU, LTV/CAC) mix currencies; give the inputs one currency, or convert them\n"),
        "{stderr}"
    );
}

#[test]
fn a_record_export_gives_its_kpis_its_currency() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "deals.csv",
        "Id,Name,StageName,IsWon,IsClosed,Amount,CloseDate,CreatedDate,Product,CurrencyIsoCode\n\
         1,D1,Closed Won,true,true,12000,2025-07-10,2025-07-01T09:00:00.000Z,Atlas Analytics,EUR\n\
         2,D2,Closed Won,true,true,9000,2025-08-10,2025-07-02T09:00:00.000Z,Atlas Analytics,EUR\n",
    );
    let out = stdout(
        &linecard(dir.path())
            .args(["explain", "Atlas", "avg_deal_size", "-i", "deals.csv"])
            .assert()
            .success(),
    );
    // (12,000 + 9,000) / 2 deals won = 10,500.
    assert!(
        out.contains("  value:  €10,500 from deals.csv (2 deals won with an amount in 2025-Q3)\n"),
        "{out}"
    );
}

#[test]
fn diff_writes_money_in_its_currency() {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path()).args(["init", "ws"]).assert().success();
    let ws = dir.path().join("ws");
    let csv = ws.join("inbox/marketing-kpis.csv");
    let dollars = std::fs::read_to_string(&csv)
        .unwrap()
        .replacen(",CAC,", ",CAC ($),", 1);
    std::fs::write(&csv, &dollars).unwrap();
    linecard(&ws).args(["report", "-q"]).assert().success();
    let atlas = "Atlas Analytics,2025-Q4,0.311,4232,";
    assert!(dollars.contains(atlas));
    std::fs::write(
        &csv,
        dollars.replacen(atlas, "Atlas Analytics,2025-Q4,0.311,4300,", 1),
    )
    .unwrap();
    linecard(&ws).args(["report", "-q"]).assert().success();
    let out = stdout(&linecard(&ws).arg("diff").assert().success());
    assert!(out.contains("\n    cac: $4,232 → $4,300\n"), "{out}");
}

/// A workbook whose CAC cells are formatted `cac_format` and ARPU cells
/// `[$€-407] #,##0.00`, with Beacon's CAC formatted `beacon_cac`.
fn formatted_workbook(path: &Path, beacon_cac: &str) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("KPIs").unwrap();
    for (c, h) in ["Product Line", "Quarter", "CAC", "ARPU"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let dollars = Format::new().set_num_format("\"$\"#,##0");
    let euros = Format::new().set_num_format("[$€-407] #,##0.00");
    let beacon = Format::new().set_num_format(beacon_cac);
    for (r, (line, cac, arpu)) in [("Atlas", 4045.0, 82.5), ("Beacon", 3900.0, 80.0)]
        .into_iter()
        .enumerate()
    {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, line).unwrap();
        sheet.write_string(r, 1, "2025-Q4").unwrap();
        let cac_format = if r == 2 { &beacon } else { &dollars };
        sheet
            .write_number_with_format(r, 2, cac, cac_format)
            .unwrap();
        sheet.write_number_with_format(r, 3, arpu, &euros).unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn an_xlsx_currency_format_names_the_currency() {
    let dir = tempfile::tempdir().unwrap();
    formatted_workbook(&dir.path().join("kpis.xlsx"), "\"$\"#,##0");
    let out = stdout(
        &linecard(dir.path())
            .args(["explain", "Beacon", "-i", "kpis.xlsx"])
            .assert()
            .success(),
    );
    assert!(
        out.contains("  value:  $3,900 from kpis.xlsx!KPIs!C3\n"),
        "{out}"
    );
    assert!(
        out.contains("  value:  €80.00 from kpis.xlsx!KPIs!D3\n"),
        "{out}"
    );

    formatted_workbook(&dir.path().join("mixed.xlsx"), "[$£-809]#,##0");
    linecard(dir.path())
        .args(["check", "mixed.xlsx"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("error: cac is in two currencies: USD at mixed.xlsx!KPIs!C2 (formatted as $) and GBP at mixed.xlsx!KPIs!C3 (formatted as £); give one metric its amounts in one currency (convert them, or name the others as metrics of their own)\n"));
}

#[test]
fn cac_derived_from_spend_is_in_the_spend_currency() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::repo().join("tests/fixtures/records/spend/google-ads.csv"),
        dir.path().join("google-ads.csv"),
    )
    .unwrap();
    common::rules_with(
        dir.path(),
        "30-spend.rhai",
        "records(\"spend\", #{ lines: #{ \"Atlas*\": \"Atlas Analytics\", \"*Beacon*\": \"Beacon CRM\" } });\n",
    );
    write(
        dir.path(),
        "won.csv",
        "Product Line,Quarter,new_customers\nAtlas Analytics,2025-Q1,45\n",
    );
    let doc = stdout_json(
        dir.path(),
        &[
            "-q",
            "report",
            "-r",
            "rules",
            "google-ads.csv",
            "won.csv",
            "--json",
            "-",
        ],
    );
    let atlas = doc["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["line"] == "Atlas Analytics" && c["period"] == "2025-Q1")
        .unwrap();
    let metric = |id: &str| {
        atlas["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["metric"] == id)
            .unwrap()
            .clone()
    };
    // The export's customer.currency_code is USD: spend and the CAC from it.
    let spend = metric("marketing_spend")["value"].as_f64().unwrap();
    assert_eq!(metric("marketing_spend")["currency"], "USD");
    let cac = metric("cac");
    assert_eq!(cac["currency"], "USD");
    common::assert_close(cac["value"].as_f64().unwrap(), spend / 45.0, "CAC");
    // Under 1,000 with cents: $58.46, and the target in the same precision.
    assert_eq!(
        cac["reason"],
        format!("${:.2} is at or below the target $4,000.00", spend / 45.0)
    );
}

#[test]
fn long_and_across_tables_name_the_currency_in_their_kpi_cells() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "long.csv",
        "Product Line,Quarter,KPI,Value\nAtlas,2025-Q4,CAC (EUR),4045\nAtlas,2025-Q4,Win rate,0.3\n",
    );
    let out = stdout(
        &linecard(dir.path())
            .args(["explain", "Atlas", "cac", "-i", "long.csv"])
            .assert()
            .success(),
    );
    assert!(
        out.contains("  value:  €4,045 from long.csv, row 2, column 4\n"),
        "{out}"
    );
    // KPIs down the rows, periods across the columns.
    write(
        dir.path(),
        "across.csv",
        "Product Line,Atlas\nKPI,2025-Q3,2025-Q4\nCAC (GBP),4100,4045\nWin rate,0.28,0.3\n",
    );
    let out = stdout(
        &linecard(dir.path())
            .args(["explain", "Atlas", "cac", "-i", "across.csv"])
            .assert()
            .success(),
    );
    assert!(
        out.contains(
            "  value:  £4,045 from across.csv, row 3, column 3 (previous period £4,100, -£55)\n"
        ),
        "{out}"
    );
    write(
        dir.path(),
        "mixed.csv",
        "Product Line,Quarter,KPI,Value\nAtlas,2025-Q4,CAC (EUR),4045\nBeacon,2025-Q4,CAC,$3900\n",
    );
    linecard(dir.path())
        .args(["check", "mixed.csv"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("error: cac is in two currencies: EUR at mixed.csv, row 2, column 3 (\"CAC (EUR)\") and USD at mixed.csv, row 3, column 4 (\"$3900\"); "));
}
