//! The outside programs the print and schema tests run: LibreOffice
//! (`soffice`, PDF conversion), poppler's `pdftotext`, and `openxml-audit`
//! (Microsoft 365's OOXML schemas). Each lookup prints a NOTICE and returns
//! `None` where the program is missing, so that the test is skipped rather
//! than failed (`.ci/run` installs all three); and the parts of an xlsx file
//! (a zip of XML) that the tests read.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The first of `bins` that runs with `args`; when none does, says that
/// `check` is skipped.
fn program(bins: &[&'static str], args: &[&str], what: &str, check: &str) -> Option<&'static str> {
    let found = bins.iter().copied().find(|bin| {
        Command::new(bin)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        eprintln!("NOTICE: {what} is not installed; skipping {check}");
    }
    found
}

/// The LibreOffice binary.
pub fn soffice(check: &str) -> Option<&'static str> {
    program(
        &["soffice", "libreoffice"],
        &["--version"],
        "LibreOffice (soffice)",
        check,
    )
}

/// `pdftotext` (poppler-utils).
pub fn pdftotext(check: &str) -> Option<&'static str> {
    program(&["pdftotext"], &["-v"], "pdftotext (poppler-utils)", check)
}

/// `openxml-audit` (PyPI).
pub fn openxml_audit(check: &str) -> Option<&'static str> {
    program(&["openxml-audit"], &["--help"], "openxml-audit", check)
}

/// Converts `xlsx` to a PDF beside it with LibreOffice (a profile of its
/// own in `scratch`) and returns the PDF's path.
pub fn to_pdf(soffice: &str, xlsx: &Path, scratch: &Path) -> PathBuf {
    let out = scratch.join("pdf");
    let run = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            scratch.join("lo-profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .arg(xlsx)
        .output()
        .expect("soffice runs");
    assert!(
        run.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pdf = out.join(xlsx.with_extension("pdf").file_name().unwrap());
    assert!(pdf.exists(), "no PDF written for {}", xlsx.display());
    pdf
}

/// The text of each page of `pdf`, laid out as on the page.
pub fn pdf_pages(pdftotext: &str, pdf: &Path) -> Vec<String> {
    let run = Command::new(pdftotext)
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(run.status.success(), "pdftotext failed");
    let text = String::from_utf8(run.stdout).expect("UTF-8 text");
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The sheet a printed page belongs to, from the footer every sheet has:
/// the sheet's name on the left, `Page N of M` on the right.
pub fn footer_sheet(page: &str) -> Option<String> {
    let line = page.lines().rev().find(|l| l.contains("Page "))?;
    let name = &line[..line.rfind("Page ")?];
    Some(name.trim().to_string())
}

/// One part of an xlsx file (`xl/workbook.xml`, ...) as text.
pub fn xlsx_part(xlsx: &Path, part: &str) -> String {
    let file = std::fs::File::open(xlsx).expect("workbook opens");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut text = String::new();
    zip.by_name(part)
        .unwrap_or_else(|_| panic!("{part} in {}", xlsx.display()))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Runs `openxml-audit -f microsoft365` on `xlsx` and returns its report
/// when it has any finding (or fails), `None` when it says the workbook is
/// expected to open cleanly.
pub fn audit_findings(audit: &str, xlsx: &Path) -> Option<String> {
    let run = Command::new(audit)
        .args(["-f", "microsoft365"])
        .arg(xlsx)
        .output()
        .expect("openxml-audit runs");
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let clean = run.status.success()
        && out.contains("expected to open cleanly (no findings)")
        && out.contains("Errors: 0");
    (!clean).then_some(out)
}
