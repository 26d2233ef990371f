//! Hostile files end in a clear error, in bounded memory and time: a zip
//! bomb shaped like an xlsx, and cells at the far corner of a sheet
//! (XFD1048576), which must not become a dense grid of 17 billion cells.

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
