//! Marketing spend exports (Google Ads, Microsoft Advertising, a plain
//! table) become `marketing_spend` per line and period, and `cac` is
//! derived from it and the customers won. Every expected value is worked
//! out here from the rows `tests/fixtures/records/spend/make.py` writes
//! (quoted in the comments), not taken from linecard's output.

mod common;

use common::scorecards::{find, has_value, record_workspace, source, value};
use common::*;
use serde_json::Value;
use std::path::Path;

/// The campaign mapping the tests' rules declare.
const LINES: &str = "lines: #{ \"Atlas*\": \"Atlas Analytics\", \"*Beacon*\": \"Beacon CRM\" }";

/// A scratch folder holding the spend fixtures and a rules folder `rules`
/// (the shipped scripts plus `extra` as `30-spend.rhai`), so that messages
/// name the files as `google-ads.csv`.
fn workspace(extra: &str) -> tempfile::TempDir {
    record_workspace(
        "spend",
        &["google-ads.csv", "microsoft-ads.csv", "spend.xlsx"],
        "30-spend.rhai",
        extra,
    )
}

fn report(dir: &Path, inputs: &[&str]) -> Value {
    let mut args = vec!["-r", "rules"];
    args.extend_from_slice(inputs);
    report_json(dir, &args)
}

/// `linecard check -r rules INPUTS` from `dir`: (success, stdout, stderr).
fn check(dir: &Path, inputs: &[&str]) -> (bool, String, String) {
    let out = linecard(dir)
        .args(["check", "-r", "rules"])
        .args(inputs)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Google Ads costs in dollars, from `metrics.cost_micros` / 1,000,000.
const ATLAS_Q1_GOOGLE: [f64; 3] = [1200.50, 980.25, 450.00];
const BEACON_Q1_GOOGLE: [f64; 2] = [2100.00, 1900.75];
/// "Competitor Conquest", which no pattern matches.
const UNMAPPED: [f64; 2] = [640.10, 600.40];

#[test]
fn a_google_ads_export_gives_spend_per_line_from_cost_micros() {
    let dir = workspace(&format!("records(\"spend\", #{{ {LINES} }});\n"));
    let doc = report(dir.path(), &["google-ads.csv"]);
    let atlas: f64 = ATLAS_Q1_GOOGLE.iter().sum();
    assert_close(
        value(&doc, "Atlas Analytics", "2025-Q1", "marketing_spend"),
        atlas,
        "Atlas Q1",
    );
    assert_close(
        value(&doc, "Beacon CRM", "2025-Q1", "marketing_spend"),
        BEACON_Q1_GOOGLE.iter().sum(),
        "Beacon Q1",
    );
    // Q2: 1 April (Atlas - Search - Brand) and 5 May (Spring Beacon Promo).
    assert_close(
        value(&doc, "Atlas Analytics", "2025-Q2", "marketing_spend"),
        1500.0,
        "Atlas Q2",
    );
    assert_close(
        value(&doc, "Beacon CRM", "2025-Q2", "marketing_spend"),
        800.0,
        "Beacon Q2",
    );
    let spend = find(&doc, "Atlas Analytics", "2025-Q1", "marketing_spend");
    assert_eq!(spend["status"], "info");
    assert_eq!(spend["owner"], "pmm");
    assert_eq!(spend["sample_size"], 3);
    assert_eq!(
        source(&doc, "Atlas Analytics", "2025-Q1", "marketing_spend"),
        "google-ads.csv (3 spend rows in 2025-Q1)"
    );
    // The campaign name is never a line of its own.
    let lines: Vec<&str> = doc["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["line"].as_str().unwrap())
        .collect();
    assert!(!lines.iter().any(|l| l.contains("Competitor")), "{lines:?}");
}

#[test]
fn campaigns_no_pattern_matches_are_one_warning_with_their_spend() {
    let dir = workspace(&format!("records(\"spend\", #{{ {LINES} }});\n"));
    let (ok, _, stderr) = check(dir.path(), &["google-ads.csv"]);
    assert!(ok, "{stderr}");
    let left_out: f64 = UNMAPPED.iter().sum();
    assert_close(left_out, 1240.50, "left out by hand");
    // Money of 1,000 or more is shown to the unit, as everywhere.
    assert!(
        stderr.contains(
            "warning: google-ads.csv: 2 spend rows (worth 1,241 USD) have no product line in column \"campaign.name\" that the lines of the records(...) at rules/30-spend.rhai:1:1 match: left out; first at rows 7 and 8"
        ),
        "{stderr}"
    );
}

#[test]
fn without_a_product_column_or_a_mapping_the_campaigns_are_not_taken_as_lines() {
    let dir = workspace("");
    let (ok, _, stderr) = check(dir.path(), &["google-ads.csv"]);
    assert!(!ok);
    assert!(
        stderr.contains(
            "error: google-ads.csv: these look like marketing spend, with a campaign in column \"campaign.name\" but no column naming each row's product line, and a campaign is not a product line; map campaigns to lines with records(\"spend\", #{ lines: #{ \"Atlas*\": \"Atlas Analytics\", \"*Beacon*\": \"Beacon CRM\" } }), or add a Product column"
        ),
        "{stderr}"
    );
}

#[test]
fn a_microsoft_ads_report_in_two_currencies_needs_rates() {
    let dir = workspace(&format!("records(\"spend\", #{{ {LINES} }});\n"));
    let (ok, stdout, stderr) = check(dir.path(), &["microsoft-ads.csv"]);
    assert!(!ok);
    assert!(
        stderr.contains(
            "error: microsoft-ads.csv: the amounts are in 2 currencies (USD at row 8, EUR at row 10); say which to report in and what the others are worth in it, e.g. records(\"spend\", #{ currency: \"USD\", rates: #{ EUR: … } })"
        ),
        "{stderr}"
    );
    // The report lines above the header and the copyright line below the
    // rows are not records.
    assert!(
        stdout.contains("header row 7 has the columns of a spend row export (\"TimePeriod\", \"AccountName\", \"CampaignName\", \"CampaignId\", \"CurrencyCode\", \"Spend\")"),
        "{stdout}"
    );
    assert!(
        stdout.contains("skipped row 14 below the records holds a note, not a record: \"©2025 Microsoft Corporation. All rights reserved.\""),
        "{stdout}"
    );
}

#[test]
fn spend_from_two_ad_platforms_adds_up_in_one_currency() {
    let dir = workspace(&format!(
        "records(\"spend\", #{{ {LINES}, currency: \"USD\", rates: #{{ EUR: 1.08 }} }});\n"
    ));
    let doc = report(dir.path(), &["google-ads.csv", "microsoft-ads.csv"]);
    // Microsoft: Atlas 300.00 and 250.50 USD and 200.00 EUR; Beacon 400.00
    // USD and 100.00 EUR; one euro is worth 1.08 dollars.
    let atlas_microsoft = 300.00 + 250.50 + 200.00 * 1.08;
    let beacon_microsoft = 400.00 + 100.00 * 1.08;
    assert_close(
        value(&doc, "Atlas Analytics", "2025-Q1", "marketing_spend"),
        ATLAS_Q1_GOOGLE.iter().sum::<f64>() + atlas_microsoft,
        "Atlas Q1, both platforms",
    );
    assert_close(
        value(&doc, "Beacon CRM", "2025-Q1", "marketing_spend"),
        BEACON_Q1_GOOGLE.iter().sum::<f64>() + beacon_microsoft,
        "Beacon Q1, both platforms",
    );
    assert_eq!(
        find(&doc, "Atlas Analytics", "2025-Q1", "marketing_spend")["sample_size"],
        6
    );
}

#[test]
fn exports_in_different_currencies_are_not_added_up() {
    let dir = workspace(&format!("records(\"spend\", #{{ {LINES} }});\n"));
    write(
        dir.path(),
        "eu-ads.csv",
        "TimePeriod,AccountName,CampaignName,CurrencyCode,Spend\n2025-01-13,Contoso EU,Atlas EU,EUR,200.00\n",
    );
    let (ok, _, stderr) = check(dir.path(), &["google-ads.csv", "eu-ads.csv"]);
    assert!(!ok);
    assert!(
        stderr.contains(
            "error: the amounts of google-ads.csv (USD) and eu-ads.csv (EUR) are in different currencies, so they cannot be added up; say which to report in and what the others are worth in it, e.g. records(\"spend\", #{ currency: \"USD\", rates: #{ EUR: … } })"
        ),
        "{stderr}"
    );
}

#[test]
fn a_table_in_one_currency_is_converted_to_the_reporting_currency() {
    let dir = workspace(&format!(
        "records(\"spend\", #{{ {LINES}, currency: \"USD\", rates: #{{ EUR: 1.08 }} }});\n"
    ));
    write(
        dir.path(),
        "eu-ads.csv",
        "TimePeriod,AccountName,CampaignName,CurrencyCode,Spend\n2025-01-13,Contoso EU,Atlas EU,EUR,200.00\n",
    );
    let doc = report(dir.path(), &["eu-ads.csv"]);
    assert_close(
        value(&doc, "Atlas Analytics", "2025-Q1", "marketing_spend"),
        200.0 * 1.08,
        "EUR converted",
    );
    let dir = workspace(&format!(
        "records(\"spend\", #{{ {LINES}, currency: \"USD\" }});\n"
    ));
    write(
        dir.path(),
        "eu-ads.csv",
        "TimePeriod,AccountName,CampaignName,CurrencyCode,Spend\n2025-01-13,Contoso EU,Atlas EU,EUR,200.00\n",
    );
    let (ok, _, stderr) = check(dir.path(), &["eu-ads.csv"]);
    assert!(!ok);
    assert!(
        stderr.contains("error: eu-ads.csv: the amounts are in EUR (first at row 2) but the records(...) at rules/30-spend.rhai:1:1 reports in USD and gives no rate for EUR; add it, e.g. rates: #{ EUR: … }"),
        "{stderr}"
    );
}

#[test]
fn a_plain_spend_table_takes_its_lines_from_the_product_column() {
    let dir = workspace("");
    let doc = report(dir.path(), &["spend.xlsx"]);
    // 10 Jan Webinar series 1,500 and 1 Mar Newsletter sponsorship 750.50.
    assert_close(
        value(&doc, "Atlas Analytics", "2025-Q1", "marketing_spend"),
        1500.0 + 750.5,
        "Atlas Q1",
    );
    // 14 Feb Trade show 3,200; 15 Apr Trade show 1,000.
    assert_close(
        value(&doc, "Beacon CRM", "2025-Q1", "marketing_spend"),
        3200.0,
        "Beacon Q1",
    );
    assert_close(
        value(&doc, "Beacon CRM", "2025-Q2", "marketing_spend"),
        1000.0,
        "Beacon Q2",
    );
    let (ok, _, stderr) = check(dir.path(), &["spend.xlsx"]);
    assert!(ok, "{stderr}");
    // 1 Feb Podcast ads, 400, has no product.
    assert!(
        stderr.contains(
            "warning: spend.xlsx, sheet Spend: 1 spend row (worth 400) has no product line in column \"Product\": left out; first at row 3"
        ),
        "{stderr}"
    );
}

#[test]
fn a_negative_spend_is_one_error_with_its_rows() {
    let dir = workspace("");
    write(
        dir.path(),
        "refunds.csv",
        "Date,Campaign,Product,Spend\n2025-01-02,Search,Atlas Analytics,120\n2025-01-03,Search,Atlas Analytics,-40\n2025-01-04,Search,Atlas Analytics,-15.5\n",
    );
    let (ok, _, stderr) = check(dir.path(), &["refunds.csv"]);
    assert!(!ok);
    assert!(
        stderr.contains(
            "error: refunds.csv, column \"Spend\": 2 spend rows have a negative spend, first at rows 3 and 4 (e.g. \"-40\"); spend is zero or more: correct it, or leave refunds and credits out of the export"
        ),
        "{stderr}"
    );
}

#[test]
fn an_unreadable_date_or_amount_is_one_error_per_column() {
    let dir = workspace("");
    write(
        dir.path(),
        "bad.csv",
        "Date,Campaign,Product,Spend\n2025-01-02,Search,Atlas Analytics,120\n2025-01-03,Search,Atlas Analytics,twelve\nsoon,Search,Atlas Analytics,10\n",
    );
    let (ok, _, stderr) = check(dir.path(), &["bad.csv"]);
    assert!(!ok);
    assert!(
        stderr.contains(
            "error: bad.csv, column \"Spend\": expected amounts, but 1 cell is not, first at row 3 (e.g. \"twelve\"); correct it or clear it"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: bad.csv, column \"Date\": expected dates or times, but 1 cell is not, first at row 4 (e.g. \"soon\"); correct it or clear it"),
        "{stderr}"
    );
}

/// New customers per line and quarter, as a KPI table beside the exports.
const CUSTOMERS: &str = "Product Line,Quarter,new_customers,deals_won\nAtlas Analytics,2025-Q1,31,20\nAtlas Analytics,2025-Q2,10,8\nBeacon CRM,2025-Q1,0,5\n";

#[test]
fn cac_is_spend_over_new_customers_with_its_derivation_as_source() {
    let dir = workspace(&format!("records(\"spend\", #{{ {LINES} }});\n"));
    write(dir.path(), "customers.csv", CUSTOMERS);
    let doc = report(dir.path(), &["google-ads.csv", "customers.csv"]);
    let atlas: f64 = ATLAS_Q1_GOOGLE.iter().sum();
    assert_close(
        value(&doc, "Atlas Analytics", "2025-Q1", "cac"),
        atlas / 31.0,
        "Atlas Q1 CAC",
    );
    assert_close(
        value(&doc, "Atlas Analytics", "2025-Q2", "cac"),
        1500.0 / 10.0,
        "Atlas Q2 CAC",
    );
    assert_eq!(
        source(&doc, "Atlas Analytics", "2025-Q1", "cac"),
        "cac = marketing_spend 2,631 (google-ads.csv (3 spend rows in 2025-Q1)) / new_customers 31 (customers.csv, row 2, column 3)"
    );
    // Beacon won no customer in Q1, and none is given for Q2: no CAC.
    assert!(!has_value(&doc, "Beacon CRM", "2025-Q1", "cac"));
    assert!(!has_value(&doc, "Beacon CRM", "2025-Q2", "cac"));
    let (_, _, stderr) = check(dir.path(), &["google-ads.csv", "customers.csv"]);
    assert!(
        stderr.contains(
            "warning: Beacon CRM in 2025-Q1: no cac, since new_customers 0 (customers.csv, row 4, column 3) is not above 0 (spend: marketing_spend 4,001 (google-ads.csv (2 spend rows in 2025-Q1)))"
        ),
        "{stderr}"
    );
}

#[test]
fn cac_divides_by_deals_won_when_the_rules_say_so() {
    let dir = workspace(&format!(
        "records(\"spend\", #{{ {LINES}, new_customers: \"deals\" }});\n"
    ));
    write(dir.path(), "customers.csv", CUSTOMERS);
    let doc = report(dir.path(), &["google-ads.csv", "customers.csv"]);
    assert_close(
        value(&doc, "Atlas Analytics", "2025-Q1", "cac"),
        ATLAS_Q1_GOOGLE.iter().sum::<f64>() / 20.0,
        "Atlas Q1 CAC by deals",
    );
    assert_close(
        value(&doc, "Beacon CRM", "2025-Q1", "cac"),
        BEACON_Q1_GOOGLE.iter().sum::<f64>() / 5.0,
        "Beacon Q1 CAC by deals",
    );
    assert!(
        source(&doc, "Beacon CRM", "2025-Q1", "cac")
            .ends_with("/ deals_won 5 (customers.csv, row 4, column 4)"),
        "{}",
        source(&doc, "Beacon CRM", "2025-Q1", "cac")
    );
}

#[test]
fn cac_is_derived_from_kpi_table_values_too() {
    let dir = workspace("");
    write(
        dir.path(),
        "kpis.csv",
        "Product Line,Quarter,marketing_spend,new_customers\nAtlas Analytics,2025-Q3,9000,45\n",
    );
    let doc = report(dir.path(), &["kpis.csv"]);
    assert_close(
        value(&doc, "Atlas Analytics", "2025-Q3", "cac"),
        9000.0 / 45.0,
        "CAC from a KPI table",
    );
    assert_eq!(
        source(&doc, "Atlas Analytics", "2025-Q3", "cac"),
        "cac = marketing_spend 9,000 (kpis.csv, row 2, column 3) / new_customers 45 (kpis.csv, row 2, column 4)"
    );
}

#[test]
fn a_cac_given_in_a_kpi_file_and_derived_is_a_conflict_naming_both() {
    let dir = workspace("");
    write(
        dir.path(),
        "kpis.csv",
        "Product Line,Quarter,marketing_spend,new_customers,CAC\nAtlas Analytics,2025-Q3,9000,45,250\n",
    );
    let (ok, _, stderr) = check(dir.path(), &["kpis.csv"]);
    assert!(!ok);
    assert!(
        stderr.contains("cac for Atlas Analytics in 2025-Q3 has two different values: 250 at kpis.csv, row 2, column 5 and 200 at cac = marketing_spend 9,000 (kpis.csv, row 2, column 3) / new_customers 45 (kpis.csv, row 2, column 4); keep one of them"),
        "{stderr}"
    );
}

#[test]
fn a_wide_kpi_table_is_not_taken_for_spend() {
    let dir = workspace("");
    write(
        dir.path(),
        "nps.csv",
        "Product Line,Quarter,NPS\nAtlas Analytics,2025-Q1,31\n",
    );
    let doc = report(dir.path(), &["nps.csv"]);
    assert_close(
        value(&doc, "Atlas Analytics", "2025-Q1", "nps"),
        31.0,
        "NPS read as a KPI",
    );
}

#[test]
fn a_bad_new_customers_choice_is_an_error_at_its_place() {
    let dir = workspace(&format!(
        "records(\"spend\", #{{ {LINES}, new_customers: \"leads\" }});\n"
    ));
    let (ok, _, stderr) = check(dir.path(), &["google-ads.csv"]);
    assert!(!ok);
    assert!(
        stderr.contains("error: rules/30-spend.rhai:1:88: \"new_customers\" cannot be \"leads\" (did you mean \"deals\"?): it is one of \"subscriptions\" or \"deals\" (CAC divides marketing spend by new_customers (new subscriptions), or by deals_won (deals won in the CRM))"),
        "{stderr}"
    );
}
