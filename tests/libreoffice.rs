//! Opens the generated workbook in a real spreadsheet program: LibreOffice
//! converts it to PDF headless. Skipped, with a notice, where LibreOffice is
//! not installed (`.ci/run` installs it).

mod common;

use common::linecard;
use std::process::Command;

fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|bin| {
        Command::new(bin)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn libreoffice_opens_the_sample_report_and_prints_every_sheet() {
    let Some(bin) = soffice() else {
        eprintln!("NOTICE: LibreOffice (soffice) is not installed; skipping the LibreOffice check");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path())
        .args(["report", "-q"])
        .assert()
        .success();
    let profile = dir.path().join("lo-profile");
    let status = Command::new(bin)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(dir.path().join("linecard-report.xlsx"))
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let pdf = std::fs::read(dir.path().join("linecard-report.pdf")).expect("a PDF was written");
    assert!(pdf.starts_with(b"%PDF"));
    let pages = count_pages(&pdf);
    let sheets = common::sheet_names(&dir.path().join("linecard-report.xlsx")).len();
    assert!(pages >= sheets, "{pages} pages for {sheets} sheets");
}

/// Page objects in a PDF: `/Type /Page` or `/Type/Page`, but not `/Pages`.
fn count_pages(pdf: &[u8]) -> usize {
    [&b"/Type /Page"[..], &b"/Type/Page"[..]]
        .iter()
        .map(|pattern| {
            pdf.windows(pattern.len() + 1)
                .filter(|w| w.starts_with(pattern) && w[pattern.len()] != b's')
                .count()
        })
        .sum()
}
