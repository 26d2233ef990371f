//! What the workbook does for viewers and printers beyond the cells: text
//! trends beside the sparklines (which LibreOffice does not print), the
//! page setup of the Summary and the line sheets (landscape, fitted to the
//! width, the Summary's header row repeated, a page break before each line
//! sheet's history and no page break through a chart), and the PM and PMM
//! columns left out when the data names nobody.

mod common;
mod report_portfolio;

use calamine::Data;
use common::office::xlsx_part;
use common::{find_row, linecard, number, sheet, sheet_names, text};
use linecard::model::format::{text_trend, text_trend_between};
use std::path::{Path, PathBuf};

/// The sample report in a scratch folder.
fn sample() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path())
        .args(["report", "-q"])
        .assert()
        .success();
    let path = dir.path().join("linecard-report.xlsx");
    (dir, path)
}

/// The numbers of row `row` from column B on (empty cells as `None`).
fn row_values(range: &calamine::Range<Data>, row: u32, periods: u32) -> Vec<Option<f64>> {
    (1..=periods).map(|c| number(range, row, c)).collect()
}

/// The worksheet part of the sheet called `name`.
fn sheet_xml(path: &Path, name: &str) -> String {
    let i = sheet_names(path).iter().position(|n| n == name).unwrap();
    xlsx_part(path, &format!("xl/worksheets/sheet{}.xml", i + 1))
}

/// The value of attribute `name` in the first `<tag .../>` of `xml`.
fn attribute(xml: &str, tag: &str, name: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag} "))?;
    let element = &xml[start..start + xml[start..].find('>')?];
    let at = element.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(element[at..at + element[at..].find('"')?].to_string())
}

/// Every value of attribute `name` on `<tag>` elements, in order.
fn attributes(xml: &str, tag: &str, name: &str) -> Vec<String> {
    xml.match_indices(&format!("<{tag} "))
        .filter_map(|(i, _)| attribute(&xml[i..], tag, name))
        .collect()
}

/// The 1-based column numbers a sheet hides.
fn hidden_columns(xml: &str) -> Vec<u32> {
    xml.match_indices("<col ")
        .map(|(i, _)| &xml[i..=i + xml[i..].find('>').unwrap()])
        .filter(|col| col.contains("hidden=\"1\""))
        .flat_map(|col| {
            let at = |name| -> u32 { attribute(col, "col", name).unwrap().parse().unwrap() };
            at("min")..=at("max")
        })
        .collect()
}

#[test]
fn trends_are_written_as_text_beside_the_sparklines() {
    let (_dir, path) = sample();
    let trends = sheet(&path, "Trends");
    let summary = sheet(&path, "Summary");
    assert_eq!(text(&summary, 7, 8), "Trend (chart)");
    assert_eq!(text(&summary, 7, 9), "Trend (text)");
    // Each line's overall score by period, from the Trends sheet, as blocks
    // on the Summary's 0-100 scale: 0 is ▁, 100 is █, one step per 14.3.
    for line in [
        "Atlas Analytics",
        "Cobalt Payments",
        "Drift Mobile",
        "Fjord Data Platform",
        "Helix AI Assistant",
    ] {
        let values = row_values(&trends, find_row(&trends, line).unwrap(), 8);
        let row = find_row(&summary, line).unwrap();
        assert_eq!(
            text(&summary, row, 9),
            text_trend_between(&values, 0.0, 100.0),
            "{line}"
        );
    }
    // Drift Mobile: 58.7 55.3 44.9 40.4 29.9 26.0 19.4 15.9 are 4.1 3.9 3.1
    // 2.8 2.1 1.8 1.4 1.1 sevenths.
    let drift = find_row(&summary, "Drift Mobile").unwrap();
    assert_eq!(text(&summary, drift, 9), "▅▅▄▄▃▃▂▂");
    // Helix AI Assistant launched in 2024-Q3: two blank periods first.
    let helix = find_row(&summary, "Helix AI Assistant").unwrap();
    assert_eq!(text(&summary, helix, 9), "  ▃▄▅▆▄▅");
    // Fjord's 99.7 among 100s is no visible dip on the 0-100 scale.
    let fjord = find_row(&summary, "Fjord Data Platform").unwrap();
    assert_eq!(text(&summary, fjord, 9), "████████");

    // A KPI's trend on its line sheet is scaled between its own lowest and
    // highest value, from the history block's row for it.
    let atlas = sheet(&path, "Atlas Analytics");
    let header = find_row(&atlas, "KPI").unwrap();
    assert_eq!(text(&atlas, header, 8), "Trend (chart)");
    assert_eq!(text(&atlas, header, 9), "Trend (text)");
    let win = find_row(&atlas, "Win rate").unwrap();
    let history = (win + 1..atlas.end().unwrap().0)
        .find(|&r| text(&atlas, r, 0) == "Win rate")
        .expect("win rate in the history block");
    let values = row_values(&atlas, history, 8);
    // 23.6% .. 31.1%: (x - 23.6) / 7.5 x 7 = 0 1.2 2.0 2.9 3.2 3.8 4.8 7.
    assert_eq!(text_trend(&values), "▁▂▃▄▄▅▆█");
    assert_eq!(text(&atlas, win, 9), "▁▂▃▄▄▅▆█");
    // CSAT has no value in 2025-Q4: a blank last period.
    let csat = find_row(&atlas, "Customer satisfaction (CSAT)").unwrap();
    let csat_history = (csat + 1..atlas.end().unwrap().0)
        .find(|&r| text(&atlas, r, 0) == "Customer satisfaction (CSAT)")
        .unwrap();
    let values = row_values(&atlas, csat_history, 8);
    assert_eq!(values[7], None);
    assert_eq!(text(&atlas, csat, 9), text_trend(&values));
    assert!(text(&atlas, csat, 9).ends_with(' '));
}

#[test]
fn the_summary_prints_landscape_fitted_to_the_width_with_its_header_repeated() {
    let (_dir, path) = sample();
    let xml = sheet_xml(&path, "Summary");
    assert_eq!(
        attribute(&xml, "pageSetup", "orientation").as_deref(),
        Some("landscape")
    );
    assert_eq!(
        attribute(&xml, "pageSetUpPr", "fitToPage").as_deref(),
        Some("1")
    );
    // One page wide (the default), as many pages tall as the lines need.
    assert_eq!(
        attribute(&xml, "pageSetup", "fitToHeight").as_deref(),
        Some("0")
    );
    assert_eq!(attribute(&xml, "pageSetup", "fitToWidth"), None);
    let workbook = xlsx_part(&path, "xl/workbook.xml");
    assert!(
        workbook.contains(
            r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">Summary!$8:$8</definedName>"#
        ),
        "{workbook}"
    );
    // The sample names no PM and no PMM: columns S and T are hidden, so
    // they are neither shown nor printed; so is U (since the last run,
    // without a run history).
    assert_eq!(hidden_columns(&xml), [19, 20, 21]);
    let summary = sheet(&path, "Summary");
    assert_eq!(text(&summary, 7, 18), "PM");
    assert_eq!(text(&summary, 7, 19), "PMM");
}

#[test]
fn named_people_keep_their_columns() {
    use linecard::report::Exporter;
    let catalogue = report_portfolio::catalogue();
    let rules = report_portfolio::rules();
    let portfolio = report_portfolio::portfolio(&catalogue);
    let doc = report_portfolio::doc(&catalogue, &rules, &portfolio);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.xlsx");
    std::fs::write(&path, linecard::report::Xlsx.render(&doc).unwrap()).unwrap();
    // Nova names both; with a run history the Since column shows too.
    assert_eq!(
        hidden_columns(&sheet_xml(&path, "Summary")),
        Vec::<u32>::new()
    );
}

#[test]
fn line_sheets_break_before_their_history_and_never_through_a_chart() {
    let (_dir, path) = sample();
    let names = sheet_names(&path);
    let lines = &names[1..names.len() - 6];
    assert_eq!(lines.len(), 8);
    for (k, name) in lines.iter().enumerate() {
        let xml = sheet_xml(&path, name);
        assert_eq!(
            attribute(&xml, "pageSetup", "orientation").as_deref(),
            Some("landscape"),
            "{name}"
        );
        let breaks: Vec<u32> = attributes(&xml, "brk", "id")
            .iter()
            .map(|b| b.parse().unwrap())
            .collect();
        // A break above the history block's title row (0-based row = id).
        let range = sheet(&path, name);
        let history = (0..range.end().unwrap().0)
            .find(|&r| text(&range, r, 0).starts_with("History: the last"))
            .expect("history block");
        assert_eq!(breaks.first(), Some(&history), "{name}");
        // The charts: one drawing per line sheet, in order.
        let rels = xlsx_part(
            &path,
            &format!("xl/worksheets/_rels/sheet{}.xml.rels", k + 2),
        );
        assert!(rels.contains("../drawings/drawing"), "{name}: {rels}");
        let at = rels.find("../drawings/drawing").unwrap() + "../drawings/".len();
        let drawing = &rels[at..at + rels[at..].find('"').unwrap()];
        let drawing = xlsx_part(&path, &format!("xl/drawings/{drawing}"));
        let rows = |tag: &str| -> Vec<u32> {
            drawing
                .match_indices(&format!("<xdr:{tag}>"))
                .map(|(i, _)| {
                    let r = &drawing[i..];
                    let r = &r[r.find("<xdr:row>").unwrap() + 9..];
                    r[..r.find('<').unwrap()].parse().unwrap()
                })
                .collect()
        };
        let (tops, bottoms) = (rows("from"), rows("to"));
        assert_eq!(tops.len(), 4, "{name}: the scores chart and three KPIs");
        for (top, bottom) in tops.iter().zip(&bottoms) {
            assert!(*top > history, "{name}: charts follow the history");
            for b in &breaks {
                assert!(
                    !(*top < *b && *b <= *bottom),
                    "{name}: the break above row {b} cuts the chart on rows {top}-{bottom}"
                );
            }
        }
    }
}

#[test]
fn the_data_sheet_sets_each_source_apart_from_the_sample_size_beside_it() {
    // A right-aligned sample size and a left-aligned source ran together
    // in print (`178sample-data/...`): the source is set in by one step.
    let (_dir, path) = sample();
    let data = sheet(&path, "Data");
    assert_eq!(text(&data, 2, 6), "Source");
    assert!(text(&data, 3, 6).starts_with("sample-data/"));
    let xml = sheet_xml(&path, "Data");
    let cell = &xml[xml.find("<c r=\"G4\"").expect("G4")..];
    let style: usize = attribute(cell, "c", "s").unwrap().parse().unwrap();
    let styles = xlsx_part(&path, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf = xfs
        .match_indices("<xf ")
        .nth(style)
        .map(|(i, _)| &xfs[i..])
        .unwrap();
    let xf = &xf[..xf[1..].find("<xf ").map_or(xf.len(), |end| end + 1)];
    assert!(xf.contains("indent=\"1\""), "{xf}");
}
