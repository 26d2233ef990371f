//! Damaged workbooks: a LibreOffice-saved xlsm whose sheet XML has been
//! damaged the ways a broken writer or a bad transfer damages it (an
//! entity, an element, a NUL or stray text inside a number; a shared-text
//! index that is not a number; no workbook part at all). Each is refused,
//! naming the sheet and cell, where calamine alone would read a shorter
//! number with no error.

mod common;

use common::{linecard, repo, zipped};

const SOURCE: &str = "tests/fixtures/ingest/sheets-lo.xlsm";

/// A copy of the fixture with `from` replaced by `to` in the part `part`
/// (or the part left out when `to` is `None`), written in `dir`.
fn damaged(dir: &std::path::Path, part: &str, from: &str, to: Option<&str>) -> String {
    let bytes = std::fs::read(repo().join(SOURCE)).unwrap();
    let path = dir.join("kpis.xlsm");
    std::fs::write(&path, zipped::with_part_edited(&bytes, part, from, to)).unwrap();
    path.to_string_lossy().into_owned()
}

/// `check` on the damaged copy fails with exactly this reason.
fn refused(part: &str, from: &str, to: Option<&str>, reason: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = damaged(dir.path(), part, from, to);
    linecard(&repo())
        .args(["check", &file])
        .assert()
        .code(1)
        .stderr(format!(
            "error: {file}: the workbook is damaged{reason}; re-save it from Excel or LibreOffice\n\
             linecard: 1 problem found; nothing was written\n"
        ));
}

const PRODUCT: &str = "xl/worksheets/sheet2.xml";

#[test]
fn the_undamaged_copy_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = damaged(dir.path(), PRODUCT, "<v>0.91</v>", Some("<v>0.91</v>"));
    linecard(&repo()).args(["check", &file]).assert().success();
}

#[test]
fn an_entity_inside_a_number_names_the_cell() {
    // calamine alone reads 0.91 as 0.
    refused(
        PRODUCT,
        "<v>0.91</v>",
        Some("<v>0&bogus;.91</v>"),
        " at Product!C4: the value \"0&bogus;…\" holds an entity where a plain value belongs",
    );
}

#[test]
fn an_element_inside_a_number_names_the_cell() {
    // calamine alone reads 31 as 3.
    refused(
        PRODUCT,
        "<v>31</v>",
        Some("<v>3<b/>1</v>"),
        " at Product!D4: the value \"3…\" holds an element <b> where a plain value belongs",
    );
}

#[test]
fn a_nul_or_stray_text_inside_a_number_names_the_cell() {
    refused(
        PRODUCT,
        "<v>31</v>",
        Some("<v>3\u{0}1</v>"),
        " at Product!D4: the value \"3\\x001\" holds the character U+0000, which XML forbids",
    );
    refused(
        PRODUCT,
        "<v>31</v>",
        Some("<v>31 1</v>"),
        " at Product!D4: the number cell's value \"31 1\" is not a number",
    );
}

#[test]
fn a_shared_text_index_that_is_not_a_number_names_the_cell() {
    // calamine alone reads it as the first shared text.
    refused(
        PRODUCT,
        "<v>8</v>",
        Some("<v>8a</v>"),
        " at Product!B4: the text cell's value \"8a\" is not the number of a shared text",
    );
}

#[test]
fn xml_that_is_not_well_formed_names_the_cell_it_breaks_in() {
    let dir = tempfile::tempdir().unwrap();
    let file = damaged(dir.path(), PRODUCT, "<v>31</v>", Some("<v>31</w>"));
    let out = linecard(&repo()).args(["check", &file]).assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with(&format!(
            "error: {file}: the workbook is damaged at Product!D4: the sheet's XML is not well-formed ("
        )),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("; re-save it from Excel or LibreOffice\nlinecard: 1 problem found; nothing was written\n"),
        "{stderr}"
    );
}

#[test]
fn a_workbook_without_its_workbook_part_is_damaged() {
    refused(
        "xl/workbook.xml",
        "",
        None,
        ": it has no workbook part (xl/workbook.xml), so no sheet can be found",
    );
}
