//! Hostile files end in a clear error, in bounded memory and time: a zip
//! bomb shaped like an xlsx, cells at the far corner of a sheet
//! (XFD1048576), which must not become a dense grid of 17 billion cells, a
//! table wider than Excel allows and a text file with more fields than
//! linecard reads.

mod common;

use common::{linecard, repo};

const DIR: &str = "tests/fixtures/ingest";

#[test]
fn a_workbook_that_inflates_past_the_limit_is_refused_before_inflating() {
    linecard(&repo())
        .args(["check", &format!("{DIR}/bomb.xlsx")])
        .assert()
        .code(1)
        .stderr(format!(
            "error: {DIR}/bomb.xlsx: the workbook inflates to more than 1024 MiB (part \"xl/worksheets/sheet1.xml\" alone is 1536 MiB); linecard reads workbooks up to 1024 MiB unpacked: split the data or save it as CSV\n\
             linecard: 1 problem found; nothing was written\n"
        ));
}

#[test]
fn a_lone_cell_at_xfd1048576_is_a_sheet_without_a_header() {
    linecard(&repo())
        .args(["check", &format!("{DIR}/far-cell.xlsx")])
        .assert()
        .code(1)
        .stderr(format!(
            "error: {DIR}/far-cell.xlsx, sheet Sheet: no header row found in the first 20 rows: the first 20 rows hold no row of column names. linecard needs a product line column (e.g. \"Product Line\") and a period column (e.g. \"Quarter\"), or the period in the file name (e.g. \"far-cell Q1 2025.xlsx\")\n\
             linecard: 1 problem found; nothing was written\n"
        ));
}

#[test]
fn a_stray_cell_far_below_a_table_is_named_not_allocated() {
    // A1:C2 hold the table; XFD1048576 holds "stray". The rows between are
    // empty and cost nothing; the stray row is reported, not dropped.
    linecard(&repo())
        .args(["check", &format!("{DIR}/stray-cell.xlsx")])
        .assert()
        .code(1)
        .stderr(format!(
            "error: {DIR}/stray-cell.xlsx!KPIs!A1048576 (column \"Product Line\"): this row has values but no product line\n\
             linecard: 1 problem found; nothing was written\n"
        ));
}

/// `check` on one input, run from `dir`, with a timeout so a read that
/// blocks or never ends fails the test instead of hanging it.
#[cfg(unix)]
fn check_within_seconds(dir: &std::path::Path, input: &str) -> assert_cmd::assert::Assert {
    linecard(dir)
        .args(["check", input])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("kpis.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    check_within_seconds(dir.path(), "kpis.csv").code(1).stderr(
        "error: kpis.csv: not a regular file (it is a named pipe (FIFO)); linecard reads only regular files, and symbolic links to them: save the data to a file and name that\n\
         linecard: 1 problem found; nothing was written\n",
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_a_device_is_refused_and_a_link_to_a_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.csv")).unwrap();
    check_within_seconds(dir.path(), "zero.csv").code(1).stderr(
        "error: zero.csv: not a regular file (it is a device); linecard reads only regular files, and symbolic links to them: save the data to a file and name that\n\
         linecard: 1 problem found; nothing was written\n",
    );
    // A device inside an input folder is refused by name as well, while the
    // regular file beside it is still checked.
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    std::os::unix::fs::symlink("/dev/urandom", inbox.join("random.csv")).unwrap();
    std::fs::write(
        inbox.join("kpis.csv"),
        "Product Line,Quarter,NPS\nAtlas,2025-Q1,41\n",
    )
    .unwrap();
    let out = check_within_seconds(dir.path(), "inbox").code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains(
            "error: inbox/random.csv: not a regular file (it is a device); linecard reads only regular files"
        ),
        "{stderr}"
    );
    let real = dir.path().join("real.csv");
    std::fs::write(&real, "Product Line,Quarter,NPS\nAtlas,2025-Q1,41\n").unwrap();
    std::os::unix::fs::symlink(&real, dir.path().join("linked.csv")).unwrap();
    check_within_seconds(dir.path(), "linked.csv").success();
}

/// A wide CSV: the line, the quarter and NPS, then `extra` more KPI
/// columns, with three lines of values (`Extra metric i` holds `i % 97`).
fn wide_csv(extra: usize) -> String {
    let mut text = String::from("Product Line,Quarter,NPS");
    for i in 0..extra {
        text.push_str(&format!(",Extra metric {i}"));
    }
    text.push('\n');
    for line in ["Atlas", "Beacon", "Comet"] {
        text.push_str(&format!("{line},2025-Q3,31"));
        for i in 0..extra {
            text.push_str(&format!(",{}", i % 97));
        }
        text.push('\n');
    }
    text
}

#[test]
fn a_table_wider_than_excel_allows_is_refused_naming_its_line_and_width() {
    let dir = tempfile::tempdir().unwrap();
    // 3 + 16,382 = 16,385 columns: one past XFD.
    std::fs::write(dir.path().join("kpis.csv"), wide_csv(16_382)).unwrap();
    check_within_seconds(dir.path(), "kpis.csv").code(1).stderr(
        "error: kpis.csv: line 1 is 16,385 columns wide; linecard reads tables up to 16,384 columns, as Excel does: keep only the columns the scorecards use, or put the KPIs down the rows (a KPI column and a value column)\n\
         linecard: 1 problem found; nothing was written\n",
    );
}

#[test]
fn a_table_as_wide_as_excel_allows_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    // 16,384 columns, the most, and trailing delimiters past them (empty
    // fields count for nothing).
    let text = wide_csv(16_381).replace('\n', &format!("{}\n", ",".repeat(20_000)));
    std::fs::write(dir.path().join("kpis.csv"), text).unwrap();
    let doc = common::report_json(dir.path(), &["kpis.csv"]);
    let values = common::measured(&doc);
    // Every KPI column of every line is read: 16,382 KPIs (NPS and the
    // extra ones) for each of the three lines.
    assert_eq!(values.len(), 3 * 16_382, "values read");
    let last = values
        .iter()
        .find(|(line, _, m)| line == "Comet" && m["metric"] == "extra_metric_16380")
        .unwrap_or_else(|| panic!("no value for the last column: {:?}", &values[..3]));
    assert_eq!(last.2["value"].as_f64(), Some(f64::from(16_380 % 97)));
}

/// Writes `rows` rows of ten fields to `name` under `dir`, the first line
/// `first`.
fn fields_csv(dir: &std::path::Path, name: &str, first: &str, rows: usize) {
    let mut text = String::with_capacity(20 * rows + first.len());
    text.push_str(first);
    for _ in 0..rows {
        text.push_str("a,b,c,d,e,f,g,h,i,j\n");
    }
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn a_text_file_past_the_field_limit_is_refused_while_it_is_indexed() {
    let dir = tempfile::tempdir().unwrap();
    // 2,000,000 rows of ten fields after a header of ten: 20,000,010
    // fields, ten past the limit. The first file is indexed in place, the
    // second (a doubled quote in its header) parsed by the csv crate.
    let header = "Product Line,Quarter,A,B,C,D,E,F,G,H\n";
    fields_csv(dir.path(), "plain.csv", header, 2_000_000);
    let quoted = "\"Product \"\"Line\"\"\",Quarter,A,B,C,D,E,F,G,H\n";
    fields_csv(dir.path(), "quoted.csv", quoted, 2_000_000);
    for name in ["plain.csv", "quoted.csv"] {
        check_within_seconds(dir.path(), name).code(1).stderr(format!(
            "error: {name}: the file holds more than 20,000,000 fields (every value and empty cell of every row); linecard reads tables up to that size: keep only the columns and rows the scorecards use, or split the data into several files\n\
             linecard: 1 problem found; nothing was written\n"
        ));
    }
}

#[test]
fn more_scorecards_than_the_limit_are_refused_before_they_are_built() {
    let dir = tempfile::tempdir().unwrap();
    // 4 lines × 3 quarters: 12 scorecards, over a limit of 10.
    let mut text = String::from("Product Line,Quarter,NPS\n");
    for line in ["Atlas", "Beacon", "Comet", "Dune"] {
        for quarter in ["2025-Q1", "2025-Q2", "2025-Q3"] {
            text.push_str(&format!("{line},{quarter},31\n"));
        }
    }
    std::fs::write(dir.path().join("kpis.csv"), text).unwrap();
    linecard(dir.path())
        .args(["check", "kpis.csv", "--max-scorecards", "10"])
        .assert()
        .code(1)
        .stderr(
            "error: the inputs hold 4 product lines over 3 periods, 12 scorecards (one per line and period); linecard builds up to 10 in one run, about 6 KB of memory each: report fewer lines or periods per run (a folder per group of lines, or only the recent periods), or raise the limit with --max-scorecards 12 where the memory allows\n\
             linecard: 1 problem found; nothing was written\n",
        );
    linecard(dir.path())
        .args(["check", "kpis.csv", "--max-scorecards", "12"])
        .assert()
        .success();
}
