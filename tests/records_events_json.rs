//! Product events as the tools' export APIs write them: Amplitude's zip of
//! hourly gzipped JSON-lines files and Mixpanel's gzipped raw export
//! (`{"event", "properties": {...}}` per line). Every expected number is
//! worked out here from the events of
//! `tests/fixtures/records/events/make_json.py`.

mod common;

use common::scorecards::*;
use common::*;
use std::path::Path;

/// A scratch folder with the JSON fixtures and the shipped rules plus
/// `extra` as `30-events.rhai`.
fn workspace(extra: &str) -> tempfile::TempDir {
    record_workspace(
        "events",
        &["amplitude_export.zip", "mixpanel_export.jsonl.gz"],
        "30-events.rhai",
        extra,
    )
}

/// Amplitude's events carry their product in an event property, which the
/// JSON reader flattens to a column named with a dot.
const AMPLITUDE: &str = "records(\"events\", #{ file: \"amplitude*\", line: \"event_properties.product\" });\nfeature(\"Dashboards\", #{ line: \"Atlas Analytics\", events: [\"dashboard_created\"] });\n";

fn report(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["-r", "rules"];
    all.extend_from_slice(args);
    report_json(dir, &all)
}

#[test]
fn amplitudes_hourly_files_are_one_export_with_each_event_once() {
    let dir = workspace(AMPLITUDE);
    let doc = report(dir.path(), &["amplitude_export.zip"]);
    let atlas = "Atlas Analytics";
    // Q1 (UTC): 1001, 1002 (by device, then logged in: one amplitude_id),
    // 1003 at 23:30 on 31 March, and 1005, who only viewed.
    assert_eq!(value(&doc, atlas, "2025-Q1", "active_users"), 4.0);
    assert_eq!(value(&doc, atlas, "2025-Q2", "active_users"), 1.0);
    assert_eq!(value(&doc, "Beacon CRM", "2025-Q1", "active_users"), 1.0);
    // 1001, 1002 and 1003 created dashboards: 3 of 4.
    assert_close(
        value(&doc, atlas, "2025-Q1", "feature_adoption"),
        0.75,
        "adoption",
    );
    // One use each: the 23:30 event sent again in the next hour's file
    // under the same $insert_id counts once (4 / 3 if it counted twice).
    assert_close(
        value(&doc, atlas, "2025-Q1", "feature_uses_per_user"),
        1.0,
        "depth",
    );
    assert_eq!(sample(&doc, atlas, "2025-Q1", "feature_uses_per_user"), 3);
    // Beacon CRM declares no feature: no adoption at all, not 0%.
    assert!(!has_value(
        &doc,
        "Beacon CRM",
        "2025-Q1",
        "feature_adoption"
    ));
    // The eight hourly files are named by their folder in the archive.
    assert_eq!(
        source(&doc, atlas, "2025-Q1", "active_users"),
        "amplitude_export.zip/187520/ (8 files) (4 people active in 2025-Q1)"
    );
    let issues = issue_messages(&doc);
    assert!(
        issues.contains(&"1 event repeats an event of an earlier file under the same id (e.g. \"i-4\" of amplitude_export.zip/187520/187520_2025-04-01_00#0.json.gz, first in amplitude_export.zip/187520/187520_2025-03-31_23#0.json.gz): counted once"),
        "{issues:?}"
    );
    // The session_start event has no product.
    assert!(
        issues.iter().any(|m| m.starts_with(
            "1 event has no product line in column \"event_properties.product\": left out"
        )),
        "{issues:?}"
    );
}

#[test]
fn amplitudes_event_time_is_utc_though_it_writes_no_zone() {
    let dir = workspace(AMPLITUDE);
    let atlas = "Atlas Analytics";
    // "2025-03-31 23:30:00.000000" is 19:30 in New York (Q1) and 01:30 on
    // 1 April in Berlin (Q2): read as UTC, as Amplitude documents it.
    let doc = report(
        dir.path(),
        &["amplitude_export.zip", "--timezone", "America/New_York"],
    );
    assert_eq!(value(&doc, atlas, "2025-Q1", "active_users"), 4.0);
    let doc = report(
        dir.path(),
        &["amplitude_export.zip", "--timezone", "Europe/Berlin"],
    );
    assert_eq!(value(&doc, atlas, "2025-Q1", "active_users"), 3.0);
    // Q2 in Berlin: 1003 at 01:30 on 1 April, and 1001 on 3 April.
    assert_eq!(value(&doc, atlas, "2025-Q2", "active_users"), 2.0);
    assert_close(
        value(&doc, atlas, "2025-Q2", "feature_adoption"),
        0.5,
        "Berlin Q2",
    );
}

#[test]
fn mixpanels_raw_export_reads_its_properties_as_columns() {
    let dir = workspace("");
    let doc = report(
        dir.path(),
        &["mixpanel_export.jsonl.gz", "--period-by", "month"],
    );
    let cobalt = "Cobalt Payments";
    // July: the visitor browsing by $device_id only, and user-9 paying;
    // August: user-9 (their event exported twice); September: user-10.
    assert_eq!(value(&doc, cobalt, "2025-07", "active_users"), 2.0);
    assert_eq!(value(&doc, cobalt, "2025-08", "active_users"), 1.0);
    assert_eq!(value(&doc, cobalt, "2025-09", "active_users"), 1.0);
    assert_eq!(value(&doc, "Drift Mobile", "2025-08", "active_users"), 1.0);
    assert_eq!(
        source(&doc, cobalt, "2025-07", "active_users"),
        "mixpanel_export.jsonl.gz (2 people active in 2025-07)"
    );
    let issues = issue_messages(&doc);
    assert!(
        issues.iter().any(|m| m.starts_with("1 event repeats an earlier row exactly (the same id and contents, e.g. the id \"m-3\" first at row 3)")),
        "{issues:?}"
    );
}

#[test]
fn check_says_how_the_archive_was_read_once_for_all_its_files() {
    let dir = workspace(AMPLITUDE);
    let out = check_with_rules(dir.path(), &["amplitude_export.zip"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = stdout.lines().next().unwrap();
    assert_eq!(
        first,
        "amplitude_export.zip/187520/187520_2025-01-05_10#0.json.gz and 6 more files of amplitude_export.zip/187520/ (read the same way): read as product events (a row per event): the field list has the columns of an event export (\"$insert_id\", \"amplitude_id\", \"device_id\", \"event_time\", \"event_type\", \"user_id\")"
    );
    // The file whose one event has no user id is read with other columns,
    // and says so on its own.
    assert!(
        stdout.contains("\namplitude_export.zip/187520/187520_2025-02-11_09#0.json.gz: read as product events (a row per event): the field list has the columns of an event export (\"$insert_id\", \"amplitude_id\", \"device_id\", \"event_time\", \"event_type\")\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n  product line: field \"event_properties.product\"\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n  period: field \"event_time\" for active_users, feature_adoption, feature_uses_per_user\n"),
        "{stdout}"
    );
}

#[test]
fn events_with_no_line_say_which_column_could_give_it_once_for_the_archive() {
    let dir = workspace("");
    let out = check_with_rules(dir.path(), &["amplitude_export.zip"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: amplitude_export.zip/187520/187520_2025-01-05_10#0.json.gz and 7 more files of amplitude_export.zip/187520/: these look like product events, with the event's name in column \"event_type\" but no column naming each event's product line; name the column with records(\"events\", #{ line: \"event_properties.product\" }), or map event names to lines with records(\"events\", #{ lines: #{ \"dashboard_*\": \"Atlas Analytics\" } })\n"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
}

fn gz(text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    out.write_all(text.as_bytes()).unwrap();
    out.finish().unwrap()
}

#[test]
fn a_damaged_json_line_is_an_error_naming_its_line_and_column() {
    let dir = workspace("");
    let good = "{\"event\":\"Payment Sent\",\"properties\":{\"time\":1751544000,\"distinct_id\":\"user-9\",\"product\":\"Cobalt Payments\"}}\n";
    let text =
        format!("{good}{good}{{\"event\":\"Payment Sent\",\"properties\":{{\"time\":17515}}\n");
    let broken = format!("{good}{{\"event\":\"Payment Sent\" \"properties\":{{}}}}\n");
    std::fs::write(dir.path().join("cut.jsonl.gz"), gz(&text)).unwrap();
    std::fs::write(dir.path().join("broken.ndjson"), broken).unwrap();
    let out = check_with_rules(dir.path(), &["cut.jsonl.gz", "broken.ndjson"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: cut.jsonl.gz, line 3: the object that starts on this line is never closed; the file may have been cut short: export it again\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "error: broken.ndjson, line 2: not valid JSON at column 25: expected `,` or `}`\n"
        ),
        "{stderr}"
    );
}

#[test]
fn archives_and_gzip_files_that_hold_no_data_are_refused_by_name() {
    let dir = workspace("");
    // A gzip stream cut short, and a zip archive of a text note only.
    let mut cut = gz(&"{\"event\":\"a\"}\n".repeat(50));
    cut.truncate(cut.len() / 2);
    std::fs::write(dir.path().join("events.jsonl.gz"), &cut).unwrap();
    {
        let file = std::fs::File::create(dir.path().join("notes.zip")).unwrap();
        let mut zip = zip::ZipWriter::new(file);
        zip.start_file("readme.txt.md", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, b"hello").unwrap();
        zip.finish().unwrap();
    }
    std::fs::write(dir.path().join("gzipped.csv"), gz("a,b\n1,2\n")).unwrap();
    std::fs::write(dir.path().join("nothing.jsonl.gz"), gz("")).unwrap();
    let out = check_with_rules(
        dir.path(),
        &[
            "events.jsonl.gz",
            "notes.zip",
            "gzipped.csv",
            "nothing.jsonl.gz",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "error: events.jsonl.gz: not a readable gzip file (incomplete deflate stream); it may have been cut short: download or compress it again\n",
        "error: notes.zip: not a readable zip archive: it holds no data files (expected .xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv, .txt, .parquet, .jsonl, .ndjson or .json, the text ones possibly gzipped (.csv.gz, .jsonl.gz), or a .zip of them)\n",
        "error: gzipped.csv: the name says delimited text (CSV) but the content is gzipped data; rename the file to match what it is\n",
        // An error about what is inside names the file as given.
        "error: nothing.jsonl.gz: the file is empty\n",
    ] {
        assert!(stderr.contains(expected), "{expected}\n---\n{stderr}");
    }
}

#[test]
fn event_time_is_a_local_time_in_a_table_that_is_not_amplitudes() {
    // Without amplitude_id, event_time is a time like any other: written
    // without a zone, it is a local time in --timezone.
    let dir = workspace("");
    write(
        dir.path(),
        "app.csv",
        "user_id,event,event_time,product\nann,open,2025-03-31 23:30:00,Atlas Analytics\n",
    );
    let doc = report(dir.path(), &["app.csv", "--timezone", "Europe/Berlin"]);
    assert_eq!(
        value(&doc, "Atlas Analytics", "2025-Q1", "active_users"),
        1.0
    );
}
