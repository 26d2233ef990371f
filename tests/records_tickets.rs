//! Support ticket exports (Zendesk, Freshdesk) in the help desks' real
//! column layouts become support KPIs per line and period. Every expected
//! value is worked out here from the tickets `tests/fixtures/records/
//! tickets/make.py` writes (quoted in the comments), not taken from
//! linecard's output.

mod common;

use common::scorecards::*;
use common::*;

fn fixture(name: &str) -> String {
    record_fixture("tickets", name)
}
use serde_json::Value;

/// Atlas Analytics in 2025-Q1 by solve date: tickets 101 (600 min), 102
/// (1,200 min, reopened once, rated bad) and 103 (300 min, rating offered);
/// 104 is merged (`closed_by_merge`) and 107 deleted, so neither counts;
/// 108 is solved on 2 April, in Q2.
fn check_zendesk_atlas(doc: &Value) {
    let q1 = "2025-Q1";
    assert_eq!(value(doc, "Atlas Analytics", q1, "tickets_solved"), 3.0);
    let hours = [10.0, 20.0, 5.0];
    assert_close(
        value(doc, "Atlas Analytics", q1, "support_resolution_hours"),
        median(&hours),
        "median resolution",
    );
    assert_close(
        value(doc, "Atlas Analytics", q1, "support_resolution_hours_p90"),
        p90(&hours),
        "p90 resolution",
    );
    assert_close(p90(&hours), 18.0, "p90 of 5, 10, 20 by hand");
    assert_close(
        value(doc, "Atlas Analytics", q1, "reopen_rate"),
        1.0 / 3.0,
        "reopen rate",
    );
    // Good / (good + bad): 101 good, 102 bad; 103's "offered" is unrated.
    assert_close(value(doc, "Atlas Analytics", q1, "csat"), 0.5, "csat");
    assert_eq!(sample(doc, "Atlas Analytics", q1, "csat"), 2);
    // First reply by creation date: 101 (30 min), 102 (60), 103 (120),
    // 105 (240, still open) and 108 (90, created 28 March); 106 has no
    // reply yet.
    let replies = [0.5, 1.0, 2.0, 4.0, 1.5];
    assert_close(
        value(doc, "Atlas Analytics", q1, "first_reply_hours"),
        median(&replies),
        "median first reply",
    );
    assert_close(
        value(doc, "Atlas Analytics", q1, "first_reply_hours_p90"),
        p90(&replies),
        "p90 first reply",
    );
    assert_eq!(sample(doc, "Atlas Analytics", q1, "first_reply_hours"), 5);
    // Q2: 108 alone (2,400 min, reopened twice, good).
    let q2 = "2025-Q2";
    assert_eq!(value(doc, "Atlas Analytics", q2, "tickets_solved"), 1.0);
    assert_close(
        value(doc, "Atlas Analytics", q2, "support_resolution_hours"),
        40.0,
        "q2 resolution",
    );
    assert_close(
        value(doc, "Atlas Analytics", q2, "reopen_rate"),
        1.0,
        "q2 reopen",
    );
    // Beacon CRM in Q2: 201 (360 min, reply 15) and 202 (2,880, reply 45).
    assert_eq!(value(doc, "Beacon CRM", q2, "tickets_solved"), 2.0);
    assert_close(
        value(doc, "Beacon CRM", q2, "support_resolution_hours"),
        27.0,
        "beacon median",
    );
    assert_close(
        value(doc, "Beacon CRM", q2, "support_resolution_hours_p90"),
        p90(&[6.0, 48.0]),
        "beacon p90",
    );
    assert_close(
        value(doc, "Beacon CRM", q2, "first_reply_hours"),
        0.5,
        "beacon reply",
    );
    assert_close(
        value(doc, "Beacon CRM", q2, "reopen_rate"),
        0.0,
        "beacon reopen",
    );
    assert_close(value(doc, "Beacon CRM", q2, "csat"), 1.0, "beacon csat");
}

#[test]
fn a_zendesk_csv_export_gives_the_support_kpis() {
    let doc = report_json(&repo(), &[&fixture("zendesk.csv")]);
    check_zendesk_atlas(&doc);
    let source = find(&doc, "Atlas Analytics", "2025-Q1", "tickets_solved")["source"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        source.ends_with("zendesk.csv (3 tickets solved in 2025-Q1)"),
        "{source}"
    );
}

#[test]
fn a_zendesk_xlsx_export_resaved_by_libreoffice_gives_the_same_kpis() {
    let doc = report_json(&repo(), &[&fixture("zendesk.xlsx")]);
    check_zendesk_atlas(&doc);
}

#[test]
fn a_ticket_without_a_product_is_counted_once_and_left_out() {
    let out = linecard(&repo())
        .args(["check", &fixture("zendesk.csv")])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "1 ticket has no product line in column \"Product [list]\": left out; first at row 12"
        ),
        "{stderr}"
    );
}

#[test]
fn business_hours_are_used_when_the_rules_choose_them() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "scripts/30-tickets.rhai",
        "records(\"tickets\", #{ hours: \"business\" });\n",
    );
    let rules = dir.path().join("scripts");
    let doc = report_json(
        &repo(),
        &["--rules", rules.to_str().unwrap(), &fixture("zendesk.csv")],
    );
    // Business minutes: 240, 480 and 120 to resolve; 30, 45, 60, 120 and
    // 90 to the first reply.
    assert_close(
        value(
            &doc,
            "Atlas Analytics",
            "2025-Q1",
            "support_resolution_hours",
        ),
        4.0,
        "business resolution",
    );
    assert_close(
        value(&doc, "Atlas Analytics", "2025-Q1", "first_reply_hours"),
        median(&[0.5, 0.75, 1.0, 2.0, 1.5]),
        "business first reply",
    );
}

#[test]
fn the_line_can_come_from_another_column_mapped_by_patterns() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "scripts/30-tickets.rhai",
        "records(\"tickets\", #{ line: \"Group\", lines: #{ \"Support\": \"Atlas Analytics\", \"Sales*\": \"Beacon CRM\", \"Bill*\": \"Atlas Analytics\" } });\n",
    );
    let rules = dir.path().join("scripts");
    let doc = report_json(
        &repo(),
        &["--rules", rules.to_str().unwrap(), &fixture("zendesk.csv")],
    );
    // Ticket 301 (group Billing, 1,440 min) now joins Atlas in Q2 beside 108.
    assert_eq!(
        value(&doc, "Atlas Analytics", "2025-Q2", "tickets_solved"),
        2.0
    );
    assert_close(
        value(
            &doc,
            "Atlas Analytics",
            "2025-Q2",
            "support_resolution_hours",
        ),
        (40.0 + 24.0) / 2.0,
        "mapped median",
    );
}

#[test]
fn a_freshdesk_export_gives_hours_from_its_hour_columns() {
    let doc = report_json(&repo(), &[&fixture("freshdesk.csv")]);
    let q3 = "2025-Q3";
    // Resolved: 2 (4 h), 3 (24 h) and 4 (2 h); ticket 1 is still open.
    assert_eq!(value(&doc, "Drift Mobile", q3, "tickets_solved"), 3.0);
    assert_close(
        value(&doc, "Drift Mobile", q3, "support_resolution_hours"),
        4.0,
        "freshdesk median",
    );
    assert_close(
        value(&doc, "Drift Mobile", q3, "support_resolution_hours_p90"),
        p90(&[4.0, 24.0, 2.0]),
        "freshdesk p90",
    );
    // First response (in hrs) of all four, created in July and August.
    assert_close(
        value(&doc, "Drift Mobile", q3, "first_reply_hours"),
        median(&[2.5, 0.5, 1.0, 0.25]),
        "freshdesk reply",
    );
}

#[test]
fn check_says_the_table_was_read_as_tickets() {
    let out = linecard(&repo())
        .args(["check", &fixture("freshdesk.csv")])
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("read as support tickets (a row per ticket): header row 1 has the columns of a ticket export"),
        "{stdout}"
    );
    assert!(
        stdout.contains("product line: column 24 \"Product\""),
        "{stdout}"
    );
}

#[test]
fn a_rule_naming_a_missing_line_column_is_an_error_naming_the_columns() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "scripts/30-tickets.rhai",
        "records(\"tickets\", #{ line: \"Team\" });\n",
    );
    let rules = dir.path().join("scripts");
    let out = linecard(&repo())
        .args([
            "check",
            "--rules",
            rules.to_str().unwrap(),
            &fixture("freshdesk.csv"),
        ])
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("the records(...) declared at ")
            && stderr.contains("30-tickets.rhai:1:1 takes the product line from the column \"Team\", but the header has no such column; its columns are \"Ticket ID\", \"Subject\""),
        "{stderr}"
    );
}

#[test]
fn a_bad_records_declaration_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "scripts/30-tickets.rhai",
        "records(\"tickets\", #{ hours: \"office\" });\nrecords(\"tikets\", #{});\n",
    );
    let rules = dir.path().join("scripts");
    let out = linecard(&repo())
        .args([
            "check",
            "--rules",
            rules.to_str().unwrap(),
            &fixture("freshdesk.csv"),
        ])
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .contains("\"hours\" cannot be \"office\": it is one of \"calendar\" or \"business\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("the first argument must be the kind of records in quotes, one of \"tickets\", \"deals\", \"subscriptions\", \"spend\", \"experiments\", \"events\" or \"assignments\" (did you mean \"tickets\"?)"),
        "{stderr}"
    );
}

#[test]
fn a_jira_service_management_export_gives_hours_from_its_dates() {
    let doc = report_json(&repo(), &[&fixture("jira.csv")]);
    // Resolved in Q1: CP-1 (05/Jan 10:00 AM to 06/Jan 10:00 AM, 24 h,
    // rated 5) and CP-2 (9:30 AM to 3:30 PM, 6 h, rated 2); CP-4 is
    // resolved on 2 April (120 h).
    assert_eq!(value(&doc, "Cosmo Pay", "2025-Q1", "tickets_solved"), 2.0);
    assert_close(
        value(&doc, "Cosmo Pay", "2025-Q1", "support_resolution_hours"),
        15.0,
        "jira median",
    );
    assert_close(
        value(&doc, "Cosmo Pay", "2025-Q1", "csat"),
        0.5,
        "jira csat",
    );
    assert_close(
        value(&doc, "Cosmo Pay", "2025-Q2", "support_resolution_hours"),
        120.0,
        "jira q2",
    );
    // One ticket is one ticket, not "1 tickets".
    let one = source(&doc, "Cosmo Pay", "2025-Q2", "support_resolution_hours");
    assert!(
        one.ends_with("jira.csv (1 ticket solved in 2025-Q2)"),
        "{one}"
    );
}

#[test]
fn an_intercom_export_with_unix_times_gives_every_support_kpi() {
    let doc = report_json(&repo(), &[&fixture("intercom.csv")]);
    let q3 = "2025-Q3";
    // Closed: 215469 after 4 h (rated 4) and 215470 after 24 h (reopened,
    // rated 1); 215471 is still open. First replies: 30, 60 and 10 minutes.
    assert_eq!(value(&doc, "Echo Chat", q3, "tickets_solved"), 2.0);
    assert_close(
        value(&doc, "Echo Chat", q3, "support_resolution_hours"),
        14.0,
        "intercom median",
    );
    assert_close(
        value(&doc, "Echo Chat", q3, "first_reply_hours"),
        0.5,
        "intercom reply",
    );
    assert_close(
        value(&doc, "Echo Chat", q3, "first_reply_hours_p90"),
        p90(&[0.5, 1.0, 10.0 / 60.0]),
        "intercom reply p90",
    );
    assert_close(
        value(&doc, "Echo Chat", q3, "reopen_rate"),
        0.5,
        "intercom reopen",
    );
    assert_close(value(&doc, "Echo Chat", q3, "csat"), 0.5, "intercom csat");
}

#[test]
fn the_rules_can_choose_the_mean_for_the_time_kpis() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "scripts/30-tickets.rhai",
        "records(\"tickets\", #{ statistic: \"mean\" });\n",
    );
    let rules = dir.path().join("scripts");
    let doc = report_json(
        &repo(),
        &["--rules", rules.to_str().unwrap(), &fixture("zendesk.csv")],
    );
    // 600, 1,200 and 300 minutes; replies 30, 60, 120, 240 and 90.
    assert_close(
        value(
            &doc,
            "Atlas Analytics",
            "2025-Q1",
            "support_resolution_hours",
        ),
        (10.0 + 20.0 + 5.0) / 3.0,
        "mean resolution",
    );
    assert_close(
        value(&doc, "Atlas Analytics", "2025-Q1", "first_reply_hours"),
        (0.5 + 1.0 + 2.0 + 4.0 + 1.5) / 5.0,
        "mean first reply",
    );
}

/// `linecard check FILE` in `dir`: exit code and stderr.
fn check_in(dir: &std::path::Path, file: &str) -> (i32, String) {
    let out = linecard(dir).args(["check", file]).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_same_ticket_twice_is_counted_once_and_two_versions_of_it_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let header = "Id,Status,Created at,Solved at,Product\n";
    write(
        dir.path(),
        "twice.csv",
        &format!(
            "{header}7,Solved,2025-02-01 09:00,2025-02-01 10:00,Atlas\n7,Solved,2025-02-01 09:00,2025-02-01 10:00,Atlas\n8,Solved,2025-02-01 09:00,2025-02-01 12:00,Atlas\n"
        ),
    );
    let (code, stderr) = check_in(dir.path(), "twice.csv");
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: twice.csv: 1 ticket repeats an earlier row exactly (the same id and contents, e.g. the id \"7\" first at row 2): counted once"),
        "{stderr}"
    );
    let doc = report_json(dir.path(), &["twice.csv"]);
    assert_eq!(value(&doc, "Atlas", "2025-Q1", "tickets_solved"), 2.0);

    write(
        dir.path(),
        "versions.csv",
        &format!(
            "{header}7,Solved,2025-02-01 09:00,2025-02-01 10:00,Atlas\n7,Solved,2025-02-01 09:00,2025-02-03 10:00,Atlas\n"
        ),
    );
    let (code, stderr) = check_in(dir.path(), "versions.csv");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: versions.csv: 1 ticket shares an id with another row but differs from it, first the id \"7\" at row 2; keep one row per id (export again, or remove the older copy)"),
        "{stderr}"
    );
}

#[test]
fn tickets_solved_before_they_were_created_or_with_negative_times_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.csv",
        "Id,Created at,Solved at,Full resolution time in minutes,Product\n1,2025-02-02 09:00,2025-02-01 10:00,60,Atlas\n2,2025-02-01 09:00,2025-02-01 10:00,-60,Atlas\n3,2025-02-01 09:00,2025-02-01 10:00,-5,Atlas\n",
    );
    let (code, stderr) = check_in(dir.path(), "bad.csv");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: bad.csv: 1 ticket was solved before it was created, first at row 2; correct the times in the help desk and export again"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: bad.csv: 2 tickets have a negative resolution or first reply time, first at rows 3 and 4; a time taken is 0 or more: correct them in the help desk and export again"),
        "{stderr}"
    );
}

#[test]
fn a_table_the_rules_describe_is_read_as_the_kind_they_name() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ops-tickets.csv",
        "Ticket #,Opened,Closed on,Team\nT-1,2025-05-01 09:00,2025-05-01 13:00,Atlas\nT-2,2025-05-02 09:00,2025-05-03 09:00,Atlas\n",
    );
    let rules = rules_with(
        dir.path(),
        "30-ops.rhai",
        "records(\"tickets\", #{ file: \"ops*.csv\", line: \"Team\", columns: #{ id: \"Ticket #\", created_at: \"Opened\", solved_at: \"Closed on\" } });\n",
    );
    let doc = report_json(dir.path(), &["-r", &rules, "ops-tickets.csv"]);
    // 4 and 24 hours.
    assert_eq!(value(&doc, "Atlas", "2025-Q2", "tickets_solved"), 2.0);
    assert_close(
        value(&doc, "Atlas", "2025-Q2", "support_resolution_hours"),
        14.0,
        "described median",
    );

    // A column the header does not have is said, not read another way.
    let rules = rules_with(
        dir.path(),
        "30-ops.rhai",
        "records(\"tickets\", #{ file: \"ops*.csv\", line: \"Team\", columns: #{ id: \"Ticket #\", created_at: \"Opened\", solved_at: \"Closed\" } });\n",
    );
    let out = linecard(dir.path())
        .args(["check", "-r", &rules, "ops-tickets.csv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("error: ops-tickets.csv: the records(\"tickets\", ...) declared at rules/30-ops.rhai:1:1 describes this file's columns (created_at: \"Opened\", id: \"Ticket #\", solved_at: \"Closed\"), but no header row has them all with what tickets need; its first row is \"Ticket #\", \"Opened\", \"Closed on\", \"Team\""),
        "{stderr}"
    );

    // A field the kind does not have is an error at its place.
    let rules = rules_with(
        dir.path(),
        "30-ops.rhai",
        "records(\"tickets\", #{ columns: #{ solved: \"Closed on\" } });\n",
    );
    let out = linecard(dir.path())
        .args(["check", "-r", &rules, "ops-tickets.csv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("tickets has no field \"solved\": its fields are id, status, created_at, solved_at, first_reply_at"),
        "{stderr}"
    );
}
