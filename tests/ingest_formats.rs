//! File formats and sheets: xlsm, ods and xls saved by LibreOffice, xlsb
//! written by SheetJS, TSV and pipe-delimited text, Latin-1 text with and
//! without `--encoding`, the automatic choice of KPI sheets and `--sheet`.

mod common;

use common::{linecard, measured, repo, report_json};

const DIR: &str = "tests/fixtures/ingest";

fn path(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// (line, period, metric, value) of every metric with a value.
fn values(args: &[&str]) -> Vec<(String, String, String, f64)> {
    let doc = report_json(&repo(), args);
    measured(&doc)
        .into_iter()
        .map(|(line, period, m)| {
            let metric = m["metric"].as_str().unwrap().to_string();
            (line, period, metric, m["value"].as_f64().unwrap())
        })
        .collect()
}

fn row(line: &str, period: &str, metric: &str, value: f64) -> (String, String, String, f64) {
    (line.into(), period.into(), metric.into(), value)
}

#[test]
fn kpi_sheets_are_chosen_and_the_others_listed_as_skipped() {
    let expected = vec![
        row("Atlas Analytics", "2025-Q1", "retention", 0.91),
        row("Atlas Analytics", "2025-Q1", "win_rate", 0.27),
        row("Atlas Analytics", "2025-Q1", "nps", 31.0),
    ];
    for file in [
        "sheets.xlsx",
        "sheets-lo.xlsm",
        "sheets-lo.ods",
        "sheets-lo.xls",
    ] {
        let file = path(file);
        assert_eq!(values(&[&file]), expected, "{file}");
        linecard(&repo()).args(["check", &file]).assert().success().stderr(format!(
            "warning: {file}, sheet Read me: sheet skipped: it has no header row with a product line and a period column\n\
             warning: {file}, sheet Chart data: sheet skipped: it has no header row with a product line and a period column\n"
        ));
    }
}

#[test]
fn an_xlsb_workbook_is_read_with_the_place_of_each_value() {
    let file = path("spaced-sheetjs.xlsb");
    let doc = report_json(&repo(), &[&file]);
    let found: Vec<String> = measured(&doc)
        .into_iter()
        .map(|(line, period, m)| {
            let (metric, source) = (m["metric"].as_str().unwrap(), m["source"].as_str().unwrap());
            let value = m["value"].as_f64().unwrap();
            format!("{line} {period} {metric} {value} {source}")
        })
        .collect();
    assert_eq!(
        found,
        [
            format!("Atlas Analytics 2025-Q1 retention 0.91 {file}!KPIs!E4"),
            format!("Atlas Analytics 2025-Q1 nps 31 {file}!KPIs!G4"),
            format!("Beacon CRM 2025-Q1 retention 0.84 {file}!KPIs!E5"),
            format!("Beacon CRM 2025-Q1 nps -12.5 {file}!KPIs!G5"),
        ]
    );
}

#[test]
fn an_xlsb_workbook_whose_cells_the_reader_would_skip_is_refused() {
    let file = path("sheets-sheetjs.xlsb");
    linecard(&repo())
        .args(["check", &file])
        .assert()
        .code(1)
        .stderr(format!(
            "error: {file}: the workbook stores cells in the short form some tools write (SheetJS-based exports do), which linecard's xlsb reader would skip, losing cells; open the file in Excel or LibreOffice and save it as .xlsx\n\
             linecard: 1 problem found; nothing was written\n"
        ));
}

#[test]
fn sheet_picks_sheets_by_name_and_an_unknown_name_lists_the_sheets() {
    let file = path("sheets-lo.xlsm");
    assert_eq!(
        values(&[&file, "--sheet", "marketing"]),
        vec![row("Atlas Analytics", "2025-Q1", "win_rate", 0.27)]
    );
    assert_eq!(
        values(&[&file, "--sheet", "Marketing", "--sheet", "Product"]).len(),
        3
    );
    linecard(&repo())
        .args(["check", &file, "--sheet", "KPIs"])
        .assert()
        .code(1)
        .stderr(format!(
            "error: {file}: no sheet named \"KPIs\" (--sheet); the sheets are \"Read me\", \"Product\", \"Marketing\", \"Chart data\"\n\
             linecard: 1 problem found; nothing was written\n"
        ));
}

#[test]
fn tsv_and_pipe_delimited_text_read_like_csv() {
    for file in ["tabs.tsv", "pipes.txt"] {
        assert_eq!(
            values(&[&path(file)]),
            vec![row("Atlas Analytics", "2025-Q1", "nps", 31.0)],
            "{file}"
        );
    }
}

#[test]
fn wide_text_without_a_byte_order_mark_is_named_and_reads_with_encoding() {
    // As Python writes them: `encoding="utf-16-le"` adds no byte-order
    // mark, `encoding="utf-32"` adds one.
    let text = "product_line,period,nps\nZürich Suite,2025-Q1,31.5\n";
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf32: Vec<u8> = "\u{feff}"
        .chars()
        .chain(text.chars())
        .flat_map(|c| u32::from(c).to_le_bytes())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let (wide16, wide32) = (dir.path().join("utf16.csv"), dir.path().join("utf32.csv"));
    std::fs::write(&wide16, utf16).unwrap();
    std::fs::write(&wide32, utf32).unwrap();
    let (wide16, wide32) = (wide16.to_str().unwrap(), wide32.to_str().unwrap());
    linecard(&repo())
        .args(["check", wide16])
        .assert()
        .code(1)
        .stderr(format!(
            "error: {wide16}: the text is UTF-16 (little-endian) without a byte-order mark, not UTF-8; pass --encoding utf-16le, or save it from your spreadsheet as \"CSV UTF-8\"\n\
             linecard: 1 problem found; nothing was written\n"
        ));
    assert_eq!(
        values(&[wide16, "--encoding", "utf-16le"]),
        vec![row("Zürich Suite", "2025-Q1", "nps", 31.5)]
    );
    linecard(&repo())
        .args(["check", wide32])
        .assert()
        .code(1)
        .stderr(format!(
            "error: {wide32}: the text is UTF-32 (little-endian), not UTF-8; linecard does not read UTF-32: save it from your spreadsheet as \"CSV UTF-8\"\n\
             linecard: 1 problem found; nothing was written\n"
        ));
}

#[test]
fn latin1_text_needs_encoding_and_reads_with_it() {
    let file = path("latin1.csv");
    linecard(&repo())
        .args(["check", &file])
        .assert()
        .code(1)
        .stderr(format!(
            "error: {file}: the text is not UTF-8 (the first byte that is not, 0xFC, is on line 2, column 2); pass --encoding windows-1252 (or the encoding it was saved in), or save it from your spreadsheet as \"CSV UTF-8\"\n\
             linecard: 1 problem found; nothing was written\n"
        ));
    for label in ["windows-1252", "latin1"] {
        assert_eq!(
            values(&[&file, "--encoding", label]),
            vec![row("Zürich Suite", "2025-Q1", "nps", 31.5)]
        );
    }
    linecard(&repo())
        .args(["check", &file, "--encoding", "klingon"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "invalid value 'klingon' for '--encoding <NAME>': unknown encoding \"klingon\": use e.g. utf-8, windows-1252, latin1, iso-8859-15 or utf-16le",
        ));
}
