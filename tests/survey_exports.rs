//! Survey-tool exports recognised by their shape: Delighted, Typeform,
//! SurveyMonkey, Google Forms, Zendesk and in-app NPS widgets, each in its
//! real column layout (tests/fixtures/layouts/surveys/make.py). NPS and
//! CSAT are computed here from the scores make.py wrote, and compared with
//! what linecard reports.

mod common;

use common::{assert_close, linecard, measured, repo, report_json, rules_with};
use serde_json::Value;

const DIR: &str = "tests/fixtures/layouts/surveys";

fn path(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// Every measured metric of `report --json -` on `args`: (line, period,
/// metric, value, sample size).
fn values(args: &[&str]) -> Vec<(String, String, String, f64, u64)> {
    let doc = report_json(&repo(), args);
    measured(&doc)
        .into_iter()
        .map(|(line, period, m)| {
            (
                line,
                period,
                m["metric"].as_str().unwrap().to_string(),
                m["value"].as_f64().unwrap(),
                m["sample_size"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// NPS: % promoters (9-10) minus % detractors (0-6), with the count.
fn nps(scores: &[u8]) -> (f64, u64) {
    let promoters = scores.iter().filter(|s| **s >= 9).count() as f64;
    let detractors = scores.iter().filter(|s| **s <= 6).count() as f64;
    let n = scores.len() as f64;
    ((promoters - detractors) / n * 100.0, scores.len() as u64)
}

/// CSAT: the share of 4 and 5 answers, with the count.
fn csat(scores: &[u8]) -> (f64, u64) {
    let satisfied = scores.iter().filter(|s| **s >= 4).count() as f64;
    (satisfied / scores.len() as f64, scores.len() as u64)
}

fn expect(
    all: &[(String, String, String, f64, u64)],
    line: &str,
    period: &str,
    metric: &str,
    want: (f64, u64),
) {
    let found = all
        .iter()
        .find(|(l, p, m, _, _)| l == line && p == period && m == metric)
        .unwrap_or_else(|| panic!("{line} {period} {metric} missing from {all:?}"));
    assert_close(found.3, want.0, &format!("{line} {period} {metric}"));
    assert_eq!(found.4, want.1, "{line} {period} {metric} sample size");
}

/// Runs `check` and returns its exit code and standard error.
fn check(args: &[&str]) -> (i32, String) {
    let output = linecard(&repo())
        .arg("check")
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn delighted_score_column_with_a_response_id_is_read_as_nps_responses() {
    let all = values(&[&path("delighted.csv")]);
    expect(
        &all,
        "Atlas",
        "2025-Q1",
        "nps",
        nps(&[10, 9, 9, 8, 7, 6, 3, 0, 10, 9]),
    );
    expect(&all, "Atlas", "2025-Q2", "nps", nps(&[9, 9, 8, 2]));
    expect(&all, "Beacon", "2025-Q1", "nps", nps(&[6, 7, 10, 10, 4]));
    assert_eq!(all.len(), 3, "{all:?}");
}

#[test]
fn a_generic_score_column_read_as_nps_is_said_once() {
    let (code, stderr) = check(&[&path("delighted.csv")]);
    assert_eq!(code, 0, "{stderr}");
    let warning = format!(
        "warning: {DIR}/delighted.csv: column 3 \"Score\" read as 0-10 \"would you recommend\" answers (NPS): its values run from 0 to 10; if it is something else, name it in the rules with alias(\"Score\", \"csat\") or another metric\n"
    );
    assert!(stderr.contains(&warning), "{stderr}");
    assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
}

#[test]
fn the_issue_reproducer_reads_nps_0_from_two_responses() {
    let dir = tempfile::tempdir().unwrap();
    common::write(
        dir.path(),
        "score.csv",
        "Response ID,Created At,Product,Score\n1,2025-01-05 10:00:00,Atlas,9\n2,2025-01-06 10:00:00,Atlas,3\n",
    );
    let doc = report_json(dir.path(), &["score.csv"]);
    let found = measured(&doc);
    assert_eq!(found.len(), 1);
    let (line, period, m) = &found[0];
    assert_eq!((line.as_str(), period.as_str()), ("Atlas", "2025-Q1"));
    assert_eq!(m["metric"], "nps");
    assert_close(m["value"].as_f64().unwrap(), nps(&[9, 3]).0, "NPS");
    assert_eq!(m["sample_size"], 2);
}

#[test]
fn a_score_from_1_to_5_is_refused_until_the_rules_name_its_scale() {
    let (code, stderr) = check(&[&path("score-1-to-5.csv")]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        format!(
            "error: {DIR}/score-1-to-5.csv, column 3 \"Score\": the scores are whole numbers from 1 to 5, which fit a 0-10 \"would you recommend\" scale and a 1-5 satisfaction scale alike; say which in the rules: alias(\"Score\", \"nps\") or alias(\"Score\", \"csat\")\n\
             linecard: 1 problem found; nothing was written\n"
        )
    );
}

#[test]
fn alias_names_the_scale_of_a_generic_score_or_rating() {
    let dir = tempfile::tempdir().unwrap();
    rules_with(
        dir.path(),
        "90-aliases.rhai",
        "alias(\"Score\", \"csat\");\nalias(\"Rating\", \"csat\");\n",
    );
    let source = std::fs::read_to_string(repo().join(path("score-1-to-5.csv"))).unwrap();
    common::write(dir.path(), "score.csv", &source);
    common::write(dir.path(), "rating.csv", &source.replace("Score", "Rating"));
    for file in ["score.csv", "rating.csv"] {
        let doc = report_json(dir.path(), &["-r", "rules", file]);
        let found = measured(&doc);
        assert_eq!(found.len(), 1, "{file}");
        let (_, period, m) = &found[0];
        assert_eq!(period, "2025-Q1");
        assert_eq!(m["metric"], "csat", "{file}");
        let (value, n) = csat(&[5, 4, 4, 3, 1]);
        assert_close(m["value"].as_f64().unwrap(), value, file);
        assert_eq!(m["sample_size"], n);
    }
    // And the same file read as NPS when the rules say so.
    let dir = tempfile::tempdir().unwrap();
    rules_with(
        dir.path(),
        "90-aliases.rhai",
        "alias(\"Score\", \"nps\");\n",
    );
    common::write(dir.path(), "score.csv", &source);
    let doc = report_json(dir.path(), &["-r", "rules", "score.csv"]);
    let found = measured(&doc);
    assert_eq!(found[0].2["metric"], "nps");
    assert_close(
        found[0].2["value"].as_f64().unwrap(),
        nps(&[5, 4, 4, 3, 1]).0,
        "NPS",
    );
}

#[test]
fn typeform_questions_as_headers_and_the_submit_date() {
    let all = values(&[&path("typeform.csv")]);
    expect(&all, "Atlas", "2025-Q1", "nps", nps(&[10, 9, 3]));
    expect(&all, "Beacon", "2025-Q1", "nps", nps(&[8, 9, 9, 1]));
    // Started on 31 March, submitted on 1 April: it counts in Q2.
    expect(&all, "Beacon", "2025-Q2", "nps", nps(&[10]));
    assert_eq!(all.len(), 3, "{all:?}");
}

#[test]
fn in_app_nps_with_its_group_column() {
    let all = values(&[&path("in-app-nps.csv")]);
    expect(&all, "Atlas", "2025-Q1", "nps", nps(&[9, 10, 7, 5]));
    expect(&all, "Beacon", "2025-Q2", "nps", nps(&[0, 9]));
    assert_eq!(all.len(), 2, "{all:?}");
}

#[test]
fn an_nps_group_that_disagrees_with_its_score_is_an_error_naming_the_cell() {
    let (code, stderr) = check(&[&path("in-app-nps-bad-group.csv")]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        format!(
            "error: {DIR}/in-app-nps-bad-group.csv, row 4, column 5: the NPS group \"Promoter\" does not match the score 7 at {DIR}/in-app-nps-bad-group.csv, row 4, column 4: 9-10 is a Promoter, 7-8 a Passive, 0-6 a Detractor\n\
             linecard: 1 problem found; nothing was written\n"
        )
    );
}

#[test]
fn surveymonkey_two_header_rows_and_the_end_date_month_first() {
    // End Date is month first (04/15/2025, 03/14/2025: a day above 12).
    let all = values(&[&path("surveymonkey.xlsx")]);
    expect(&all, "Atlas", "2025-Q1", "nps", nps(&[10, 9, 6]));
    expect(&all, "Atlas", "2025-Q1", "csat", csat(&[5, 4, 2]));
    expect(&all, "Atlas", "2025-Q2", "nps", nps(&[8]));
    expect(&all, "Atlas", "2025-Q2", "csat", csat(&[4]));
    expect(&all, "Beacon", "2025-Q1", "nps", nps(&[9, 8]));
    expect(&all, "Beacon", "2025-Q1", "csat", csat(&[3, 5]));
    assert_eq!(all.len(), 6, "{all:?}");
}

#[test]
fn google_forms_timestamps_both_ways() {
    for file in ["google-forms.csv", "google-forms-us.csv"] {
        let all = values(&[&path(file)]);
        expect(&all, "Atlas", "2025-Q1", "nps", nps(&[10, 6]));
        expect(&all, "Beacon", "2025-Q2", "nps", nps(&[9, 9, 2]));
        assert_eq!(all.len(), 2, "{file}: {all:?}");
    }
}

#[test]
fn zendesk_satisfaction_is_good_over_good_and_bad() {
    let all = values(&[&path("zendesk.csv")]);
    // Atlas: good, good, bad, good rated (offered and unoffered left out).
    expect(&all, "Atlas", "2025-Q1", "csat", (3.0 / 4.0, 4));
    expect(&all, "Beacon", "2025-Q1", "csat", (1.0 / 2.0, 2));
    // The export is a Zendesk ticket export (Id, Created at, Solved at), so
    // it also gives the support KPIs (tests/records_tickets.rs): every
    // ticket is solved 32 hours after it was created.
    let csat: Vec<_> = all.iter().filter(|v| v.2 == "csat").collect();
    assert_eq!(csat.len(), 2, "{all:?}");
    expect(&all, "Atlas", "2025-Q1", "tickets_solved", (6.0, 6));
    expect(
        &all,
        "Atlas",
        "2025-Q1",
        "support_resolution_hours",
        (32.0, 6),
    );
}

#[test]
fn survey_reads_note_no_warning_for_id_email_and_comment_columns() {
    for file in [
        "typeform.csv",
        "in-app-nps.csv",
        "zendesk.csv",
        "google-forms.csv",
        "surveymonkey.xlsx",
    ] {
        let (code, stderr) = check(&[&path(file)]);
        assert_eq!(code, 0, "{file}: {stderr}");
        assert!(!stderr.contains("warning"), "{file}: {stderr}");
    }
}

#[test]
fn the_json_lists_no_issue_for_a_named_survey() {
    let doc: Value = report_json(&repo(), &[&path("zendesk.csv")]);
    let issues = doc["issues"].as_array().unwrap();
    assert!(issues.is_empty(), "{issues:?}");
}
