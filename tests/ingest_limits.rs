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
