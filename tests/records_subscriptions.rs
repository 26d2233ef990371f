//! Subscription exports (Stripe, a Baremetrics-style import, a plain
//! customer list) become revenue KPIs per line and period. Every expected
//! value is worked out here from the rows `tests/fixtures/records/
//! subscriptions/make.py` writes (quoted in the comments), not taken from
//! linecard's output.

mod common;

use common::scorecards::*;
use common::*;

fn fixture(name: &str) -> String {
    record_fixture("subscriptions", name)
}
use serde_json::Value;

/// The Stripe export with its product ids mapped to lines.
fn stripe() -> Value {
    let dir = tempfile::tempdir().unwrap();
    let rules = rules_with(
        dir.path(),
        "30-subscriptions.rhai",
        r#"records("subscriptions", #{ lines: #{ "prod_Atlas": "Atlas Analytics", "prod_Beacon": "Beacon CRM" } });"#,
    );
    report_json(dir.path(), &["-r", &rules, &fixture("stripe.csv")])
}

#[test]
fn a_stripe_export_gives_customers_mrr_and_arpu_at_each_periods_end() {
    let doc = stripe();
    let atlas = "Atlas Analytics";
    // MRR a month per Atlas subscription: sub_01 100; sub_02 1,200 a year =
    // 100; sub_03 3 seats x 50 = 150; sub_04 80 (cancelled at period end,
    // runs to 5 September); sub_06 60 from its trial's end on 3 April;
    // sub_07 40 (past due, still counted); sub_08 70 to 15 March, sub_09 70
    // from 2 May; sub_10 100 to 10 April then sub_11 200; sub_12 300 to 1
    // May then sub_13 120; sub_14 90 to 10 June. sub_05 is still in its
    // trial: never counted.
    let q1 = [100.0, 100.0, 150.0, 80.0, 40.0, 100.0, 300.0, 90.0];
    assert_eq!(value(&doc, atlas, "2025-Q1", "customers"), q1.len() as f64);
    let q1_mrr: f64 = q1.iter().sum();
    assert_close(value(&doc, atlas, "2025-Q1", "mrr"), q1_mrr, "Q1 MRR");
    assert_close(q1_mrr, 960.0, "Q1 MRR by hand");
    assert_close(
        value(&doc, atlas, "2025-Q1", "arpu"),
        q1_mrr / 8.0,
        "Q1 ARPU",
    );
    // End of Q2: sub_14 has gone; sub_06 and sub_09 pay; 10 and 12 were
    // replaced by 200 and 120.
    let q2 = [100.0, 100.0, 150.0, 80.0, 60.0, 40.0, 70.0, 200.0, 120.0];
    let q2_mrr: f64 = q2.iter().sum();
    assert_eq!(value(&doc, atlas, "2025-Q2", "customers"), 9.0);
    assert_close(value(&doc, atlas, "2025-Q2", "mrr"), q2_mrr, "Q2 MRR");
    assert_close(
        value(&doc, atlas, "2025-Q2", "arpu"),
        q2_mrr / 9.0,
        "Q2 ARPU",
    );
    // Q3 is measured on the export's date, 20 August (sub_24's start):
    // sub_04 still runs (it ends on 5 September) and sub_05's trial ends on
    // 24 August, so nothing changed.
    assert_eq!(value(&doc, atlas, "2025-Q3", "customers"), 9.0);
    assert_close(value(&doc, atlas, "2025-Q3", "mrr"), q2_mrr, "Q3 MRR");
    assert_eq!(
        source(&doc, atlas, "2025-Q3", "customers"),
        format!(
            "{} (9 customers on 2025-08-20, the export's latest date)",
            fixture("stripe.csv")
        )
    );
    assert_eq!(
        source(&doc, atlas, "2025-Q1", "customers"),
        format!(
            "{} (8 customers at the end of 2025-Q1)",
            fixture("stripe.csv")
        )
    );
    // Beacon at the export's date: sub_20 500, sub_21 10 a week = 10 x 52
    // / 12 a month, sub_24 30; sub_22 never paid (incomplete_expired);
    // sub_23 ended on 15 July.
    let weekly = 10.0 * 52.0 / 12.0;
    assert_eq!(value(&doc, "Beacon CRM", "2025-Q3", "customers"), 3.0);
    assert_close(
        value(&doc, "Beacon CRM", "2025-Q3", "mrr"),
        500.0 + weekly + 30.0,
        "Beacon MRR",
    );
    assert_close(
        value(&doc, "Beacon CRM", "2025-Q2", "mrr"),
        500.0 + weekly + 200.0,
        "Beacon Q2 MRR",
    );
}

#[test]
fn retention_churn_and_revenue_retention_follow_each_customer_over_the_period() {
    let doc = stripe();
    let atlas = "Atlas Analytics";
    // The 8 customers at the start of Q2 (the end of Q1); cus_A11 left on
    // 10 June; cus_A8, back on 2 May, was not a customer at the start.
    assert_close(
        value(&doc, atlas, "2025-Q2", "retention"),
        7.0 / 8.0,
        "retention",
    );
    assert_eq!(sample(&doc, atlas, "2025-Q2", "retention"), 8);
    assert_close(
        value(&doc, atlas, "2025-Q2", "churn_rate"),
        1.0 / 8.0,
        "churn",
    );
    // Their MRR at the start: 960. At the end: A1 100, A2 100, A3 150, A4
    // 80, A7 40, A9 200 (upgraded from 100), A10 120 (downgraded from 300),
    // A11 0. Gross caps each at its start: A9 counts 100.
    let start = 960.0;
    let gross = 100.0 + 100.0 + 150.0 + 80.0 + 40.0 + 100.0 + 120.0;
    let net = 100.0 + 100.0 + 150.0 + 80.0 + 40.0 + 200.0 + 120.0;
    assert_close(value(&doc, atlas, "2025-Q2", "grr"), gross / start, "GRR");
    assert_close(value(&doc, atlas, "2025-Q2", "nrr"), net / start, "NRR");
    assert_eq!(
        source(&doc, atlas, "2025-Q2", "grr"),
        format!(
            "{} (8 customers at the start of 2025-Q2: their MRR at its end, each capped at their MRR then)",
            fixture("stripe.csv")
        )
    );
    // Q3 to 20 August: all 9 kept, nothing moved.
    for metric in ["retention", "grr", "nrr"] {
        assert_close(value(&doc, atlas, "2025-Q3", metric), 1.0, metric);
    }
    assert_close(value(&doc, atlas, "2025-Q3", "churn_rate"), 0.0, "Q3 churn");
    // Beacon in Q3: B1 500, B2 weekly and B4 200 at the start; B4 left.
    let weekly = 10.0 * 52.0 / 12.0;
    assert_close(
        value(&doc, "Beacon CRM", "2025-Q3", "retention"),
        2.0 / 3.0,
        "Beacon retention",
    );
    assert_close(
        value(&doc, "Beacon CRM", "2025-Q3", "grr"),
        (500.0 + weekly) / (500.0 + weekly + 200.0),
        "Beacon GRR",
    );
    // The first quarter has no customers at its start: no retention.
    assert!(find(&doc, atlas, "2025-Q1", "retention")["value"].is_null());
}

#[test]
fn new_customers_count_first_subscriptions_not_reactivations_or_trials() {
    let doc = stripe();
    let atlas = "Atlas Analytics";
    // Q1: A1, A2, A3, A4, A7, A8, A9, A10, A11 (A8 left in March).
    assert_eq!(value(&doc, atlas, "2025-Q1", "new_customers"), 9.0);
    // Q2: A6 (paying from its trial's end on 3 April); A8's return on 2 May
    // is a reactivation; A9 and A10's new subscriptions are an upgrade and
    // a downgrade.
    assert_eq!(value(&doc, atlas, "2025-Q2", "new_customers"), 1.0);
    // Q3: A5 is still in its trial.
    assert_eq!(value(&doc, atlas, "2025-Q3", "new_customers"), 0.0);
    assert_eq!(value(&doc, "Beacon CRM", "2025-Q2", "new_customers"), 2.0);
    assert_eq!(value(&doc, "Beacon CRM", "2025-Q3", "new_customers"), 1.0);
}

#[test]
fn a_baremetrics_import_reads_cents_and_interval_counts_by_month() {
    let doc = report_json(
        &repo(),
        &["--period-by", "month", &fixture("baremetrics.csv")],
    );
    let atlas = "Atlas Analytics";
    // c1 9,900 cents a month = 99; c2 120,000 cents a year = 100; c3 30,000
    // cents every 3 months = 100 from February; c4 5,000 cents = 50 until
    // 14 February.
    assert_eq!(value(&doc, atlas, "2025-01", "customers"), 3.0);
    assert_close(
        value(&doc, atlas, "2025-01", "mrr"),
        99.0 + 100.0 + 50.0,
        "Jan",
    );
    assert_close(
        value(&doc, atlas, "2025-02", "mrr"),
        99.0 + 100.0 + 100.0,
        "Feb",
    );
    assert_close(
        value(&doc, atlas, "2025-02", "retention"),
        2.0 / 3.0,
        "Feb retention",
    );
    assert_close(
        value(&doc, atlas, "2025-02", "nrr"),
        199.0 / 249.0,
        "Feb NRR",
    );
    assert_eq!(value(&doc, atlas, "2025-02", "new_customers"), 1.0);
    assert_close(
        value(&doc, atlas, "2025-03", "arpu"),
        299.0 / 3.0,
        "Mar ARPU",
    );
    assert_close(value(&doc, "Beacon CRM", "2025-03", "mrr"), 200.0, "Beacon");
}

#[test]
fn a_plain_customer_list_resaved_by_libreoffice_gives_the_same_kpis() {
    let doc = report_json(&repo(), &[&fixture("customers.xlsx")]);
    let atlas = "Atlas Analytics";
    // Acme 500 from 15 Nov 2024, Bolt 300 from 1 Dec 2024 to 10 Feb 2025,
    // Cora 250 from 5 Jan 2025; the export's date is Dune's start, 31 March.
    assert_close(value(&doc, atlas, "2024-Q4", "mrr"), 800.0, "Q4 MRR");
    assert_eq!(value(&doc, atlas, "2024-Q4", "new_customers"), 2.0);
    assert_close(value(&doc, atlas, "2025-Q1", "mrr"), 750.0, "Q1 MRR");
    assert_close(value(&doc, atlas, "2025-Q1", "retention"), 0.5, "retention");
    assert_close(value(&doc, atlas, "2025-Q1", "grr"), 500.0 / 800.0, "GRR");
    assert_close(value(&doc, atlas, "2025-Q1", "arpu"), 375.0, "ARPU");
    assert_eq!(value(&doc, "Beacon CRM", "2025-Q1", "customers"), 1.0);
}

#[test]
fn bad_subscriptions_are_one_error_per_kind_of_problem() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\
id,Customer ID,Product,Interval,Amount,Status,Start (UTC),Ended At (UTC)
sub_1,cus_1,Atlas,month,100,active,2025-01-10 12:00,
sub_2,cus_2,Atlas,month,100,canceled,2025-03-10 12:00,2025-02-01 12:00
sub_3,cus_3,Atlas,fortnight,100,active,2025-01-10 12:00,
sub_4,cus_4,Atlas,month,-49,active,2025-01-10 12:00,
sub_5,cus_5,Atlas,month,-10,active,2025-01-10 12:00,
sub_6,cus_6,Atlas,fortnight,20,active,2025-01-10 12:00,
";
    let path = write(dir.path(), "stripe.csv", text);
    let out = linecard(dir.path())
        .args(["check", path.to_str().unwrap()])
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    for expected in [
        "stripe.csv: 1 subscription ends before it starts, first at row 3 (e.g. one ending 2025-02-01); correct the start or end dates",
        "stripe.csv, column \"Interval\": 2 subscriptions have a billing interval linecard does not know, first at rows 4 and 7 (e.g. \"fortnight\"); write day, week, month, quarter or year",
        "stripe.csv, column \"Amount\": 2 subscriptions have a negative amount, first at rows 5 and 6 (e.g. \"-49\"); a subscription's amount and quantity are zero or more: correct them, or leave refunds and credits out of the export",
    ] {
        assert!(stderr.contains(expected), "{expected}\n---\n{stderr}");
    }
}

#[test]
fn a_stripe_export_is_not_taken_for_tickets() {
    let out = linecard(&repo())
        .args(["check", &fixture("stripe.csv")])
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("read as subscriptions (a row per subscription)"),
        "{stdout}"
    );
}
