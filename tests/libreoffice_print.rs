//! The report as LibreOffice prints it: converted to PDF and read back page
//! by page with `pdftotext`. The Summary is one landscape page with every
//! line's trend as text (LibreOffice prints no sparklines), each line sheet
//! is its scorecard page then its history page with whole charts, and a
//! long Summary repeats its header row on every page. Skipped, with a
//! notice, where LibreOffice or pdftotext is not installed (`.ci/run`
//! installs both).

mod common;

use common::office::{footer_sheet, pdf_pages, pdftotext, soffice, to_pdf};
use common::{find_row, linecard, number, sheet, sheet_names, text, write};
use linecard::model::format::{text_trend, text_trend_between};
use std::path::Path;

/// `report ARGS` in `dir`, then the PDF's pages: (sheet, text) each.
fn printed(dir: &Path, args: &[&str]) -> Option<Vec<(String, String)>> {
    let soffice = soffice("the PDF check")?;
    let pdftotext = pdftotext("the PDF check")?;
    linecard(dir).args(args).assert().success();
    let pdf = to_pdf(soffice, &dir.join("linecard-report.xlsx"), dir);
    let pages = pdf_pages(pdftotext, &pdf);
    Some(
        pages
            .into_iter()
            .map(|p| (footer_sheet(&p).expect("a footer on every page"), p))
            .collect(),
    )
}

/// The pages of `sheet_name`, in order.
fn pages_of<'a>(pages: &'a [(String, String)], sheet_name: &str) -> Vec<&'a str> {
    pages
        .iter()
        .filter(|(s, _)| s == sheet_name)
        .map(|(_, p)| p.as_str())
        .collect()
}

/// The printed line that starts with `label` (after the layout's indent).
fn printed_line<'a>(page: &'a str, label: &str) -> &'a str {
    page.lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no line {label:?} on\n{page}"))
}

/// Every chart's title is printed once, on the last page of its sheet:
/// the charts close the sheet, so a chart cut across two pages would leave
/// a page after its title (or print its title twice).
fn assert_charts_whole(pages: &[(String, String)], sheet_name: &str, titles: &[&str]) {
    let own = pages_of(pages, sheet_name);
    for title in titles {
        let on: Vec<usize> = own
            .iter()
            .enumerate()
            .filter(|(_, p)| p.contains(title))
            .map(|(i, _)| i + 1)
            .collect();
        assert_eq!(
            on.len(),
            1,
            "{sheet_name}: {title:?} printed on its pages {on:?}"
        );
        assert!(
            own.last().is_some_and(|p| p.contains(title)),
            "{sheet_name}: {title:?} is not on the sheet's last page"
        );
    }
}

#[test]
fn the_sample_report_prints_whole_pages_with_text_trends() {
    let dir = tempfile::tempdir().unwrap();
    let Some(pages) = printed(dir.path(), &["report", "-q"]) else {
        return;
    };
    let report = dir.path().join("linecard-report.xlsx");
    let names = sheet_names(&report);
    let lines = &names[1..names.len() - 6];

    // The Summary fits its landscape page; each line sheet takes two.
    assert_eq!(pages_of(&pages, "Summary").len(), 1);
    assert_eq!(pages[0].0, "Summary");
    for line in lines {
        let own = pages_of(&pages, line);
        assert_eq!(own.len(), 2, "{line}");
        assert!(own[0].contains("Product management (PM)"), "{line}");
        assert!(
            own[1]
                .trim_start()
                .starts_with("History: the last 8 periods"),
            "{line}: the history starts the second page"
        );
    }
    // Atlas Analytics' three key KPI charts and its score chart.
    assert_charts_whole(
        &pages,
        "Atlas Analytics",
        &[
            "Scores over time (0–100)",
            "Customer retention (PM)",
            "Win rate (PMM)",
            "Net Promoter Score (Shared)",
        ],
    );
    for line in lines {
        assert_charts_whole(&pages, line, &["Scores over time (0–100)"]);
    }

    // The trend text, printed: Drift Mobile's overall scores 58.7 55.3 44.9
    // 40.4 29.9 26.0 19.4 15.9 on the 0-100 scale.
    let trends = sheet(&report, "Trends");
    let summary = pages_of(&pages, "Summary")[0];
    for line in lines {
        let row = find_row(&trends, line).unwrap();
        let values: Vec<Option<f64>> = (1..=8).map(|c| number(&trends, row, c)).collect();
        let expected = text_trend_between(&values, 0.0, 100.0);
        assert!(
            printed_line(summary, line).contains(expected.trim()),
            "{line}: {expected:?} not in {:?}",
            printed_line(summary, line)
        );
    }
    let drift = squeezed(printed_line(summary, "Drift Mobile"));
    assert!(
        drift.contains("15.9 8 of 8 KPIs, 100% of the weight ▅▅▄▄▃▃▂▂ 8 0 0 0 Red"),
        "{drift}"
    );
    // Atlas Analytics' win rate 23.6% .. 31.1% over eight quarters, on its
    // own scale, on the line sheet's first page.
    let atlas = sheet(&report, "Atlas Analytics");
    let win = find_row(&atlas, "Win rate").unwrap();
    let history = (win + 1..atlas.end().unwrap().0)
        .find(|&r| text(&atlas, r, 0) == "Win rate")
        .unwrap();
    let values: Vec<Option<f64>> = (1..=8).map(|c| number(&atlas, history, c)).collect();
    assert_eq!(text_trend(&values), "▁▂▃▄▄▅▆█");
    let first = pages_of(&pages, "Atlas Analytics")[0];
    let win = squeezed(printed_line(first, "Win rate"));
    assert!(win.contains("▲ +2.4 pts ▁▂▃▄▄▅▆█ 2 31.1% is at"), "{win}");
}

/// Squeezes the runs of spaces that `pdftotext -layout` pads with.
fn squeezed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_long_history_puts_the_charts_on_a_page_of_their_own() {
    // One line with 48 KPIs (45 of them outside the catalogue) over three
    // quarters: the history table fills a page, so the charts below it
    // start the next one rather than being cut at its foot.
    let dir = tempfile::tempdir().unwrap();
    let mut header = String::from("Line,Quarter,NPS,Win rate,CSAT");
    for k in 1..=45 {
        header.push_str(&format!(",Extra metric {k}"));
    }
    let mut csv = header + "\n";
    for (q, quarter) in ["2025-Q1", "2025-Q2", "2025-Q3"].iter().enumerate() {
        csv.push_str(&format!("Big line,{quarter},{},0.2{q},0.8", 30 + q));
        for k in 0..45 {
            csv.push_str(&format!(",{}", k + q));
        }
        csv.push('\n');
    }
    write(dir.path(), "k.csv", &csv);
    let Some(pages) = printed(dir.path(), &["report", "k.csv", "-q"]) else {
        return;
    };
    // The KPI table takes a page or two (how many rows a page holds
    // depends on the font LibreOffice puts in for Calibri); the history
    // starts a page of its own after it, and the charts follow it.
    let own = pages_of(&pages, "Big line");
    let history = own
        .iter()
        .position(|p| p.trim_start().starts_with("History: the last 3 periods"))
        .unwrap_or_else(|| panic!("no page starts with the history: {own:?}"));
    assert!(
        (1..=2).contains(&history),
        "history on page {}",
        history + 1
    );
    assert!(
        (history + 2..=history + 3).contains(&own.len()),
        "{} pages",
        own.len()
    );
    assert!(squeezed(own[history]).contains("Score: Overall"));
    assert_charts_whole(
        &pages,
        "Big line",
        &[
            "Scores over time (0–100)",
            "Win rate (PMM)",
            "Net Promoter Score (Shared)",
        ],
    );
}

#[test]
fn a_long_summary_repeats_its_header_row_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("Line,Quarter,NPS\n");
    for k in 1..=70 {
        csv.push_str(&format!("Line {k:02},2025-Q1,{}\n", k % 50));
    }
    write(dir.path(), "k.csv", &csv);
    let Some(pages) = printed(dir.path(), &["report", "k.csv", "-q"]) else {
        return;
    };
    let summary = pages_of(&pages, "Summary");
    assert!(summary.len() >= 2, "{} Summary pages", summary.len());
    let mut seen = 0;
    for page in &summary {
        let header = squeezed(printed_line(page, "Product line"));
        assert!(header.starts_with("Product line Stage Focus"), "{header}");
        seen += (1..=70)
            .filter(|k| page.contains(&format!("Line {k:02} ")))
            .count();
    }
    assert_eq!(seen, 70, "every line printed once");
}
