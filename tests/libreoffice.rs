//! Opens the generated workbook in a real spreadsheet program: LibreOffice
//! converts it to PDF headless, and re-saves it with every formula
//! recalculated, whose values must equal the cached results linecard wrote.
//! Skipped, with a notice, where LibreOffice is not installed (`.ci/run`
//! installs it).

mod common;
mod report_portfolio;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{assert_close, find_row, linecard, number, sheet, text};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A LibreOffice profile that recalculates every formula when it loads a
/// file (its default trusts the cached results).
fn recalculating_profile(dir: &Path) -> PathBuf {
    let profile = dir.join("lo-recalc-profile");
    let user = profile.join("user");
    std::fs::create_dir_all(&user).unwrap();
    let item = |name: &str| {
        format!(
            r#"<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="{name}" oor:op="fuse"><value>0</value></prop></item>"#
        )
    };
    std::fs::write(
        user.join("registrymodifications.xcu"),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{}
{}
</oor:items>
"#,
            item("OOXMLRecalcMode"),
            item("ODFRecalcMode")
        ),
    )
    .unwrap();
    profile
}

/// Every formula cell of every sheet: (sheet, row, column, cached value).
fn formula_values(path: &Path) -> Vec<(String, u32, u32, Data)> {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("workbook opens");
    let mut out = Vec::new();
    for name in workbook.sheet_names() {
        let formulas = workbook.worksheet_formula(&name).expect("formulas read");
        let values = workbook.worksheet_range(&name).expect("values read");
        for (row, col, formula) in formulas.used_cells() {
            if formula.is_empty() {
                continue;
            }
            let (r, c) = formulas.start().unwrap();
            let at = (r + row as u32, c + col as u32);
            let value = values.get_value(at).cloned().unwrap_or(Data::Empty);
            out.push((name.clone(), at.0, at.1, value));
        }
    }
    out
}

/// Every formula of `original` survives in `recalculated` with the same value.
fn assert_recalculation_keeps_values(original: &Path, recalculated: &Path, at_least: usize) {
    let before = formula_values(original);
    let after = formula_values(recalculated);
    assert!(before.len() >= at_least, "only {} formulas", before.len());
    assert_eq!(before.len(), after.len(), "LibreOffice kept every formula");
    for ((sheet_name, row, col, cached), (_, r, c, recalc)) in before.iter().zip(&after) {
        assert_eq!((row, col), (r, c), "formula cells line up");
        assert!(
            same(cached, recalc),
            "{sheet_name} row {} column {}: cached {cached:?}, LibreOffice computes {recalc:?}",
            row + 1,
            col + 1
        );
    }
}

fn same(a: &Data, b: &Data) -> bool {
    let num = |d: &Data| match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    };
    match (num(a), num(b)) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        _ => a == b,
    }
}

#[test]
fn libreoffice_recalculates_every_formula_to_the_cached_value() {
    let Some(bin) = soffice("the recalculation check") else {
        return;
    };
    let dir = sample_report();
    let report = dir.path().join("linecard-report.xlsx");
    // A control workbook whose cached result is wrong on purpose: it shows
    // that LibreOffice really recalculates rather than keeping our values.
    let control = dir.path().join("control.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook
        .add_worksheet()
        .write_formula(0, 0, rust_xlsxwriter::Formula::new("=1+1").set_result("5"))
        .unwrap();
    workbook.save(&control).unwrap();
    // A hand-built portfolio with a band metric and hook-set targets.
    let hand = dir.path().join("hand.xlsx");
    {
        use linecard::report::Exporter;
        let catalogue = report_portfolio::catalogue();
        let rules = report_portfolio::rules();
        let portfolio = report_portfolio::portfolio(&catalogue);
        let doc = report_portfolio::doc(&catalogue, &rules, &portfolio);
        std::fs::write(&hand, linecard::report::Xlsx.render(&doc).unwrap()).unwrap();
    }

    // The sample with a `statuses()` hook that marks a green KPI red: its
    // status must survive recalculation (it is not the formulas' to redo).
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, rules.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        rules.join("30-statuses.rhai"),
        "fn statuses(line) {\n    if line.name == \"Atlas Analytics\" { return #{ win_rate: \"red\" }; }\n}\n",
    )
    .unwrap();
    let hooked = dir.path().join("hooked.xlsx");
    linecard(dir.path())
        .args(["report", "-q", "-r", "rules", "-o", "hooked.xlsx"])
        .assert()
        .success();

    let out = dir.path().join("recalculated");
    let profile = recalculating_profile(dir.path());
    let run = Command::new(bin)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&out)
        .arg(&report)
        .arg(&control)
        .arg(&hand)
        .arg(&hooked)
        .output()
        .expect("soffice runs");
    assert!(
        run.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let control_after = sheet(&out.join("control.xlsx"), "Sheet1");
    assert_eq!(
        number(&control_after, 0, 0),
        Some(2.0),
        "LibreOffice did not recalculate"
    );

    let recalculated = out.join("linecard-report.xlsx");
    assert_recalculation_keeps_values(&report, &recalculated, 300);
    assert_recalculation_keeps_values(&hand, &out.join("hand.xlsx"), 30);
    assert_recalculation_keeps_values(&hooked, &out.join("hooked.xlsx"), 300);
    let atlas = sheet(&out.join("hooked.xlsx"), "Atlas Analytics");
    let win = find_row(&atlas, "Win rate").expect("win rate row");
    assert_eq!(
        (number(&atlas, win, 1), number(&atlas, win, 2)),
        (Some(0.311), Some(0.25)),
        "above its target"
    );
    assert_eq!(
        (number(&atlas, win, 4), text(&atlas, win, 5)),
        (Some(0.0), "Red".to_string())
    );

    // Key numbers where a reader looks for them, after recalculation.
    let summary = sheet(&recalculated, "Summary");
    let drift = find_row(&summary, "Drift Mobile").expect("Drift row");
    assert_eq!(drift, 8, "worst line first");
    assert_close(
        number(&summary, drift, 6).unwrap(),
        15.942_063_492_063_486,
        "Drift overall on the Summary",
    );
    assert_eq!(text(&summary, 4, 0), "8 lines · 1 below 50 overall");
    let line = sheet(&recalculated, "Drift Mobile");
    assert_close(
        number(&line, 7, 4).unwrap(),
        15.942_063_492_063_486,
        "Drift overall on its sheet",
    );
    let weights = sheet(&recalculated, "Weights");
    let retention = find_row(&weights, "Customer retention").expect("weight row");
    assert_eq!(number(&weights, retention, 2), Some(3.0));
}

#[test]
fn libreoffice_recalculates_coverage_and_switched_off_kpis_to_the_cached_values() {
    let Some(bin) = soffice("the coverage recalculation check") else {
        return;
    };
    // Lines with values for only some KPIs (scores left out below the
    // minimum coverage, one of them per owner) and a declining line whose
    // feature adoption is off.
    let dir = tempfile::tempdir().unwrap();
    common::write(
        dir.path(),
        "kpis.csv",
        "Line,Quarter,Stage,Retention,CSAT,CSAT Responses,Win Rate,NPS,NPS Responses,Feature Adoption\n\
         Kestrel,2025-Q2,Growth,0.9,0.9,100,0.2,40,200,\n\
         Osprey,2025-Q2,Growth,,,,,35,50,\n\
         Dune,2025-Q2,Decline,0.9,,,,,,0.05\n",
    );
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, rules.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        rules.join("50-coverage.rhai"),
        "min_coverage(#{ pmm: 0.6, overall: 0.15 });\n",
    )
    .unwrap();
    linecard(dir.path())
        .args([
            "report",
            "kpis.csv",
            "-q",
            "-r",
            "rules",
            "-o",
            "coverage.xlsx",
        ])
        .assert()
        .success();
    let report = dir.path().join("coverage.xlsx");
    let out = dir.path().join("recalculated");
    let profile = recalculating_profile(dir.path());
    let run = Command::new(bin)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&out)
        .arg(&report)
        .output()
        .expect("soffice runs");
    assert!(run.status.success());
    let recalculated = out.join("coverage.xlsx");
    assert_recalculation_keeps_values(&report, &recalculated, 100);
    // After recalculation: Kestrel's PMM (50% of its weight, under the 60%
    // this rule set asks) is a dash, its coverage says so; Osprey's
    // overall (2 of 17 = 12%, under 15%) too; Dune's adoption is Off.
    let kestrel = sheet(&recalculated, "Kestrel");
    assert_eq!(text(&kestrel, 7, 2), "–");
    assert_eq!(text(&kestrel, 8, 2), "1 of 2 KPIs, 50% of the weight");
    let summary = sheet(&recalculated, "Summary");
    let osprey = find_row(&summary, "Osprey").unwrap();
    assert_eq!(text(&summary, osprey, 6), "–");
    assert_eq!(text(&summary, osprey, 7), "1 of 9 KPIs, 12% of the weight");
    let dune = sheet(&recalculated, "Dune");
    let adoption = find_row(&dune, "Feature adoption").unwrap();
    assert_eq!(text(&dune, adoption, 5), "Off");
}

/// The LibreOffice binary; when there is none, says that `check` is skipped.
fn soffice(check: &str) -> Option<&'static str> {
    let found = ["soffice", "libreoffice"].into_iter().find(|bin| {
        Command::new(bin)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        eprintln!("NOTICE: LibreOffice (soffice) is not installed; skipping {check}");
    }
    found
}

/// A scratch folder holding the sample report, `linecard-report.xlsx`.
fn sample_report() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path())
        .args(["report", "-q"])
        .assert()
        .success();
    dir
}

#[test]
fn libreoffice_opens_the_sample_report_and_prints_every_sheet() {
    let Some(bin) = soffice("the LibreOffice check") else {
        return;
    };
    let dir = sample_report();
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
