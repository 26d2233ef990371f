//! CRM deal exports (Salesforce reports and Data Loader files, HubSpot
//! exports by label and by internal name) become sales KPIs per line and
//! period. Every expected value is worked out here from the deals
//! `tests/fixtures/records/deals/make.py` writes (quoted in the comments),
//! not taken from linecard's output.

mod common;

use chrono::NaiveDate;
use common::scorecards::*;
use common::*;

fn fixture(name: &str) -> String {
    record_fixture("deals", name)
}
use serde_json::Value;

/// Calendar days from one ISO date to another.
fn days(from: &str, to: &str) -> f64 {
    let date = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    (date(to) - date(from)).num_days() as f64
}

/// The Salesforce report's deals, by close date: Atlas Analytics closed
/// 006A1 (won, 12,000, 1 Jul -> 21 Jul), 006A2 (won, 8,000, 15 Jun -> 4
/// Aug), 006A3 and 006A4 (lost) and 006A5 (won, 20,000, 1 Sep -> 30 Sep)
/// in Q3; 006A6 was won, then reopened, and is open now, so it counts for
/// nothing in Q3. In Q4, 006A7 (won on the day it was created, 4,000) and
/// 006A10 (lost).
fn check_salesforce(doc: &Value) {
    let (atlas, q3, q4) = ("Atlas Analytics", "2025-Q3", "2025-Q4");
    assert_close(
        value(doc, atlas, q3, "win_rate"),
        3.0 / 5.0,
        "atlas q3 win rate",
    );
    assert_eq!(sample(doc, atlas, q3, "win_rate"), 5);
    assert_eq!(value(doc, atlas, q3, "deals_won"), 3.0);
    assert_close(
        value(doc, atlas, q3, "avg_deal_size"),
        mean(&[12000.0, 8000.0, 20000.0]),
        "atlas q3 deal size",
    );
    let cycles = [
        days("2025-07-01", "2025-07-21"),
        days("2025-06-15", "2025-08-04"),
        days("2025-09-01", "2025-09-30"),
    ];
    assert_close(
        value(doc, atlas, q3, "sales_cycle_days"),
        median(&cycles),
        "atlas q3 cycle",
    );
    assert_close(median(&cycles), 29.0, "the median of 20, 50 and 29 by hand");
    assert_close(value(doc, atlas, q4, "win_rate"), 0.5, "atlas q4 win rate");
    assert_eq!(value(doc, atlas, q4, "deals_won"), 1.0);
    assert_close(
        value(doc, atlas, q4, "avg_deal_size"),
        4000.0,
        "atlas q4 size",
    );
    assert_close(
        value(doc, atlas, q4, "sales_cycle_days"),
        0.0,
        "same-day win",
    );
    // Created, by create date: 006A2 in Q2; 006A1, 006A3, 006A4, 006A5,
    // 006A6 and 006A10 in Q3; 006A7, 006A8 and 006A9 (no amount) in Q4.
    assert_close(
        value(doc, atlas, "2025-Q2", "pipeline_created"),
        8000.0,
        "atlas q2 created",
    );
    assert_close(
        value(doc, atlas, q3, "pipeline_created"),
        12000.0 + 5000.0 + 3000.0 + 20000.0 + 15000.0 + 7000.0,
        "atlas q3 created",
    );
    assert_close(
        value(doc, atlas, q4, "pipeline_created"),
        4000.0 + 30000.0,
        "atlas q4 created",
    );
    assert_eq!(sample(doc, atlas, q4, "pipeline_created"), 2);
    // Open now: 006A6 (reopened, 15,000), 006A8 (30,000) and 006A9 (no
    // amount), put in the export's latest period: the last deal was
    // created (006A9, 3 Nov) and closed (006A10, 10 Nov) in Q4. 006A9's
    // expected close in January 2026 is no event and makes no 2026-Q1.
    assert_close(
        value(doc, atlas, q4, "pipeline"),
        15000.0 + 30000.0,
        "atlas pipeline",
    );
    assert_eq!(sample(doc, atlas, q4, "pipeline"), 2);
    assert!(
        !has_value(doc, atlas, q3, "pipeline"),
        "pipeline only as of the export"
    );
    assert!(!has_value(doc, atlas, "2026-Q1", "win_rate"));
    // Beacon CRM: 006B1 won (50,000, 1 May -> 15 Aug), 006B2 lost in Q3;
    // 006B3 (25,000) and 006B4 (12,000) open.
    let beacon = "Beacon CRM";
    assert_close(value(doc, beacon, q3, "win_rate"), 0.5, "beacon win rate");
    assert_close(
        value(doc, beacon, q3, "avg_deal_size"),
        50000.0,
        "beacon size",
    );
    assert_close(
        value(doc, beacon, q3, "sales_cycle_days"),
        days("2025-05-01", "2025-08-15"),
        "beacon cycle",
    );
    assert_close(
        value(doc, beacon, q4, "pipeline"),
        37000.0,
        "beacon pipeline",
    );
}

#[test]
fn a_salesforce_report_export_gives_the_deal_kpis() {
    let doc = report_json(&repo(), &[&fixture("salesforce.csv")]);
    check_salesforce(&doc);
    let atlas = "Atlas Analytics";
    assert!(
        source(&doc, atlas, "2025-Q3", "win_rate")
            .ends_with("salesforce.csv (5 deals closed in 2025-Q3)"),
        "{}",
        source(&doc, atlas, "2025-Q3", "win_rate")
    );
    assert!(
        source(&doc, atlas, "2025-Q4", "pipeline").ends_with(
            "salesforce.csv (2 open deals with an amount, as of the export, in 2025-Q4)"
        ),
        "{}",
        source(&doc, atlas, "2025-Q4", "pipeline")
    );
    assert!(
        source(&doc, atlas, "2025-Q3", "sales_cycle_days")
            .ends_with("salesforce.csv (3 deals won in 2025-Q3)")
    );
}

#[test]
fn a_salesforce_xlsx_resaved_by_libreoffice_gives_the_same_kpis() {
    let doc = report_json(&repo(), &[&fixture("salesforce.xlsx")]);
    check_salesforce(&doc);
}

#[test]
fn the_deal_kpis_are_scored_from_the_catalogue() {
    let doc = report_json(&repo(), &[&fixture("salesforce.csv")]);
    let cycle = find(&doc, "Atlas Analytics", "2025-Q3", "sales_cycle_days");
    assert_eq!(cycle["owner"], "pmm");
    assert_eq!(cycle["direction"], "lower");
    // 29 days against the plain target of 60 (no stage given).
    assert_eq!(cycle["target"].as_f64(), Some(60.0));
    assert_eq!(cycle["status"], "green");
    let won = find(&doc, "Atlas Analytics", "2025-Q3", "deals_won");
    assert_eq!(won["owner"], "pmm");
    assert_eq!(won["status"], "info");
}

#[test]
fn a_deal_without_a_product_is_counted_once_and_left_out() {
    let out = linecard(&repo())
        .args(["check", &fixture("salesforce.csv")])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "1 deal (worth 9,999) has no product line in column \"Product Name\": left out; first at row 16"
        ),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(
            "read as CRM deals (a row per deal): header row 1 has the columns of a deal export"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("period: column 9 \"Close Date\" for win_rate, deals_won, avg_deal_size, sales_cycle_days; column 10 \"Created Date\" for pipeline_created; the export's latest period for pipeline"),
        "{stdout}"
    );
}

#[test]
fn a_hubspot_export_takes_its_lines_from_the_pipeline_and_its_state_from_its_flags() {
    let doc = report_json(&repo(), &[&fixture("hubspot.csv")]);
    let (drift, echo, q2, q3) = ("Drift Mobile", "Echo Payments", "2025-Q2", "2025-Q3");
    // Drift Mobile closed 101 (won, 6,000, 2 Jul -> 30 Jul), 102 (lost) and
    // 103 (won, 9,000, created 1 Aug 23:00, closed 12 Sep 01:00) in Q3; 104
    // was won, then moved back to Contract Sent: open.
    assert_close(
        value(&doc, drift, q3, "win_rate"),
        2.0 / 3.0,
        "drift win rate",
    );
    assert_eq!(value(&doc, drift, q3, "deals_won"), 2.0);
    assert_close(
        value(&doc, drift, q3, "avg_deal_size"),
        7500.0,
        "drift size",
    );
    // Calendar days: 28 and 42 (not the 41.08 days of 24 hours 103 took).
    let cycles = [
        days("2025-07-02", "2025-07-30"),
        days("2025-08-01", "2025-09-12"),
    ];
    assert_close(
        value(&doc, drift, q3, "sales_cycle_days"),
        median(&cycles),
        "drift cycle",
    );
    assert_close(median(&cycles), 35.0, "(28 + 42) / 2 by hand");
    assert_close(
        value(&doc, drift, q3, "pipeline_created"),
        6000.0 + 4000.0 + 9000.0 + 7000.0 + 3000.0,
        "drift created",
    );
    // Open: 104 (7,000) and 105 (3,000), in the latest period: Q3 (the
    // last creation, 105 on 20 Sep; the last close, 103 on 12 Sep).
    assert_close(
        value(&doc, drift, q3, "pipeline"),
        10000.0,
        "drift pipeline",
    );
    assert!(!has_value(&doc, drift, "2025-Q4", "pipeline"));
    // Echo Payments: 201 won (15,000, 1 Jun -> 10 Jul), 202 and 203 lost;
    // 204 (11,000) open.
    assert_close(
        value(&doc, echo, q3, "win_rate"),
        1.0 / 3.0,
        "echo win rate",
    );
    assert_close(
        value(&doc, echo, q3, "sales_cycle_days"),
        days("2025-06-01", "2025-07-10"),
        "echo cycle",
    );
    assert_close(
        value(&doc, echo, q2, "pipeline_created"),
        17000.0,
        "echo q2",
    );
    assert_close(
        value(&doc, echo, q3, "pipeline_created"),
        12000.0,
        "echo q3",
    );
    assert_close(value(&doc, echo, q3, "pipeline"), 11000.0, "echo pipeline");
    assert!(
        source(&doc, drift, q3, "pipeline")
            .ends_with("hubspot.csv (2 open deals with an amount, as of the export, in 2025-Q3)"),
        "{}",
        source(&doc, drift, q3, "pipeline")
    );
}

#[test]
fn deals_in_two_currencies_without_rates_are_one_error_naming_each() {
    let out = linecard(&repo())
        .args(["check", &fixture("hubspot_api.csv")])
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("hubspot_api.csv: the amounts are in 2 currencies (USD at row 2, EUR at row 3); say which to report in and what the others are worth in it, e.g. records(\"deals\", #{ currency: \"USD\", rates: #{ EUR: … } })"),
        "{stderr}"
    );
}

#[test]
fn hubspot_internal_names_without_flags_go_by_stage_and_convert_with_rates() {
    let dir = tempfile::tempdir().unwrap();
    let rules = rules_with(
        dir.path(),
        "30-deals.rhai",
        "records(\"deals\", #{ currency: \"USD\", rates: #{ EUR: 1.08 } });\n",
    );
    let doc = report_json(
        dir.path(),
        &["--rules", &rules, &fixture("hubspot_api.csv")],
    );
    let (falcon, q1) = ("Falcon Cloud", "2025-Q1");
    let eur = |amount: f64| amount * 1.08;
    // No won/closed flags: closedwon 301 (10,000 USD) and 302 (5,000 EUR)
    // are won, closedlost 303 (2,000 EUR) lost, 304 and 305 open.
    assert_close(
        value(&doc, falcon, q1, "win_rate"),
        2.0 / 3.0,
        "falcon win rate",
    );
    assert_eq!(value(&doc, falcon, q1, "deals_won"), 2.0);
    assert_close(
        value(&doc, falcon, q1, "avg_deal_size"),
        mean(&[10000.0, eur(5000.0)]),
        "falcon size in USD",
    );
    assert_close(
        value(&doc, falcon, q1, "pipeline_created"),
        10000.0 + eur(5000.0) + eur(2000.0) + eur(4000.0) + 6000.0,
        "falcon created in USD",
    );
    // Open: 304 (4,000 EUR) and 305 (6,000 USD), in Q1: the last creation
    // (305, 10 Mar) and close (303, 15 Mar); their expected closes in May
    // and June are no events.
    assert_close(
        value(&doc, falcon, q1, "pipeline"),
        eur(4000.0) + 6000.0,
        "falcon pipeline in USD",
    );
    assert_close(
        value(&doc, falcon, q1, "sales_cycle_days"),
        median(&[
            days("2025-01-10", "2025-02-10"),
            days("2025-01-20", "2025-03-01"),
        ]),
        "falcon cycle",
    );
    assert!(!has_value(&doc, falcon, "2025-Q2", "pipeline"));
}

#[test]
fn deals_that_contradict_themselves_are_one_error_per_kind_of_contradiction() {
    let out = linecard(&repo())
        .args(["check", &fixture("contradictions.csv")])
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    // 0065g02 and 0065g05 are won at Closed Lost, 0065g03 won but not
    // closed; 0065g06 closed on 30 Jun, created 2 Jul, and 0065g08 closed
    // 1 May, created 1 Aug. 0065g07, closed on the day it was created
    // (late that evening), is fine.
    assert!(
        stderr.contains("contradictions.csv: 3 deals are marked both won and lost (won, but at a lost stage or not closed), first at rows 3, 4 and 6; a deal is won, lost or open: correct them in the CRM and export again"),
        "{stderr}"
    );
    assert!(
        stderr.contains("contradictions.csv: 2 deals have a close date before their create date, first at rows 7 and 9; correct the dates in the CRM and export again"),
        "{stderr}"
    );
    assert!(stderr.contains("2 problems found"), "{stderr}");
}

/// A quarter in which a line closed deals and won none has 0 deals won
/// (counted among its closed deals), not a missing value; the KPIs of won
/// deals stay missing there, having nothing to measure.
#[test]
fn a_quarter_of_losses_only_has_zero_deals_won() {
    let dir = tempfile::tempdir().unwrap();
    let header = "Opportunity Owner,Account Name,Opportunity Name,Stage,Fiscal Period,Amount,Probability (%),Age,Close Date,Created Date,Next Step,Lead Source,Type,Won,Closed,Product Name,Quantity,Opportunity ID";
    let deal = |id: &str, stage: &str, won: u8, close: &str, created: &str| {
        format!(
            "Riley Seller,Account {id},Deal {id},{stage},,5000,,,{close},{created},,Web,New Business,{won},1,Atlas Analytics,1,{id}"
        )
    };
    let rows = [
        header.to_string(),
        // Q3: one won, one lost. Q4: two lost, none won.
        deal("006Z1", "Closed Won", 1, "8/4/2025", "7/1/2025"),
        deal("006Z2", "Closed Lost", 0, "9/1/2025", "7/10/2025"),
        deal("006Z3", "Closed Lost", 0, "10/20/2025", "9/15/2025"),
        deal("006Z4", "Closed Lost", 0, "11/5/2025", "10/1/2025"),
    ];
    write(dir.path(), "salesforce.csv", &(rows.join("\n") + "\n"));
    let doc = report_json(dir.path(), &["salesforce.csv"]);
    let atlas = "Atlas Analytics";
    assert_eq!(value(&doc, atlas, "2025-Q3", "deals_won"), 1.0);
    assert_eq!(sample(&doc, atlas, "2025-Q3", "deals_won"), 2);
    assert_eq!(value(&doc, atlas, "2025-Q4", "deals_won"), 0.0);
    assert_eq!(sample(&doc, atlas, "2025-Q4", "deals_won"), 2);
    assert!(
        source(&doc, atlas, "2025-Q4", "deals_won")
            .ends_with("salesforce.csv (2 deals closed in 2025-Q4)"),
        "{}",
        source(&doc, atlas, "2025-Q4", "deals_won")
    );
    assert_eq!(value(&doc, atlas, "2025-Q4", "win_rate"), 0.0);
    assert!(!has_value(&doc, atlas, "2025-Q4", "avg_deal_size"));
    assert!(!has_value(&doc, atlas, "2025-Q4", "sales_cycle_days"));
}
