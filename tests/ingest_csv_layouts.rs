//! CSV layouts that BI tools and hand edits produce: title and note lines
//! above the header, quoted values (delimiters, doubled quotes and line
//! breaks inside), a row wider than the header, a quote never closed. The
//! good ones are read value for value; the bad ones get one line naming the
//! file, the line and what to do.

mod common;

use common::{linecard, measured, repo, report_json, write};

const DIR: &str = "tests/fixtures/ingest";

/// (line, period, metric, value, source) of every measured metric.
fn values(file: &str) -> Vec<(String, String, String, f64, String)> {
    let doc = report_json(&repo(), &[&format!("{DIR}/{file}")]);
    let mut all: Vec<_> = measured(&doc)
        .into_iter()
        .map(|(line, period, m)| {
            (
                line,
                period,
                m["metric"].as_str().unwrap().to_string(),
                m["value"].as_f64().unwrap(),
                m["source"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    all.sort_by(|a, b| (&a.0, &a.1, &a.2).cmp(&(&b.0, &b.1, &b.2)));
    all
}

fn row(
    line: &str,
    period: &str,
    metric: &str,
    value: f64,
    source: &str,
) -> (String, String, String, f64, String) {
    (
        line.into(),
        period.into(),
        metric.into(),
        value,
        format!("{DIR}/{source}"),
    )
}

#[test]
fn title_and_note_lines_above_the_header_are_read_past() {
    // A one-field title, a note and a blank line above the header.
    assert_eq!(
        values("title-rows.csv"),
        [
            row(
                "Atlas",
                "2025-Q1",
                "cac",
                4000.0,
                "title-rows.csv, row 5, column 4"
            ),
            row(
                "Atlas",
                "2025-Q1",
                "win_rate",
                0.23,
                "title-rows.csv, row 5, column 3"
            ),
            row(
                "Atlas",
                "2025-Q2",
                "cac",
                4100.0,
                "title-rows.csv, row 6, column 4"
            ),
            row(
                "Atlas",
                "2025-Q2",
                "win_rate",
                0.25,
                "title-rows.csv, row 6, column 3"
            ),
        ]
    );
}

#[test]
fn quoted_values_keep_their_delimiters_quotes_and_line_breaks() {
    // Row numbers are the lines records start on: Beacon's record is on
    // line 5, after a PM name quoted over lines 3 and 4.
    assert_eq!(
        values("quoted.csv"),
        [
            row(
                "Atlas \"Pro\", EU",
                "2025-Q1",
                "cac",
                4000.0,
                "quoted.csv, row 2, column 4"
            ),
            row(
                "Atlas \"Pro\", EU",
                "2025-Q2",
                "cac",
                4100.0,
                "quoted.csv, row 3, column 4"
            ),
            row(
                "Beacon",
                "2025-Q2",
                "cac",
                1250.5,
                "quoted.csv, row 5, column 4"
            ),
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "k.csv",
        "Line,Quarter,PM,NPS\nAtlas,2025-Q1,\"Ana\nLopez\",30\nBeacon,2025-Q1,,abc\n",
    );
    linecard(dir.path()).args(["check", "k.csv"]).assert().code(1).stderr(concat!(
        "error: k.csv, row 4, column 4 (column \"NPS\"): expected a number (e.g. 0.85, 85%, 1,250), got \"abc\"\n",
        "linecard: 1 problem found; nothing was written\n",
    ));
}

#[test]
fn a_row_wider_than_the_header_names_its_line_and_the_split_value() {
    let file = format!("{DIR}/ragged-row.csv");
    linecard(&repo()).args(["check", &file]).assert().code(1).stderr(format!(
        "error: {file}, line 3: 5 fields where the header row has 4; a value holding the delimiter (4,100) needs quotes (\"4,100\") or no thousands separator\n\
         linecard: 1 problem found; nothing was written\n"
    ));
    // Below a title, with a trailing delimiter on the good rows.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "k.csv",
        "KPIs\nLine,Quarter,CAC,\nAtlas,2025-Q1,4000,\nAtlas,2025-Q2,4,100\n",
    );
    linecard(dir.path()).args(["check", "k.csv"]).assert().code(1).stderr(concat!(
        "error: k.csv, line 4: 4 fields where the header row has 3; a value holding the delimiter (4,100) needs quotes (\"4,100\") or no thousands separator\n",
        "linecard: 1 problem found; nothing was written\n",
    ));
}

#[test]
fn a_quote_never_closed_names_the_line_it_opens_on() {
    let file = format!("{DIR}/unclosed-quote.csv");
    linecard(&repo()).args(["check", &file]).assert().code(1).stderr(format!(
        "error: {file}, line 2: the quote opening \"4,000 is never closed, so the rest of the file would be read as one value; add the closing quote (\") where the value ends, or remove the opening one\n\
         linecard: 1 problem found; nothing was written\n"
    ));
}
