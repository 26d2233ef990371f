//! The workbook shows what the rules and the data add to a scorecard
//! (people, fits, focus, custom labels, hook-set targets, oversight flags),
//! on a portfolio built by hand.

mod common;
mod report_portfolio;

use calamine::{Reader, Xlsx, open_workbook};
use common::{assert_close, find_row, number, sheet, sheet_names, text};
use linecard::model::Direction;
use linecard::report::{Exporter, Xlsx as XlsxExporter};
use linecard::rules::Threshold;
use linecard::scorecard::attainment;

fn formula(path: &std::path::Path, sheet: &str, row: u32, col: u32) -> String {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let range = workbook.worksheet_formula(sheet).unwrap();
    range.get_value((row, col)).cloned().unwrap_or_default()
}

#[test]
fn people_labels_fits_and_hook_targets_reach_the_workbook() {
    let catalogue = report_portfolio::catalogue();
    let rules = report_portfolio::rules();
    let portfolio = report_portfolio::portfolio(&catalogue);
    let doc = report_portfolio::doc(&catalogue, &rules, &portfolio);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.xlsx");
    std::fs::write(&path, XlsxExporter.render(&doc).unwrap()).unwrap();

    assert_eq!(
        sheet_names(&path),
        [
            "Summary",
            "Nova | EMEA",
            "Orion",
            "Weights",
            "Ownership",
            "Trends",
            "Data",
            "Issues",
            "Run"
        ]
    );

    let nova = sheet(&path, "Nova | EMEA");
    assert_eq!(
        text(&nova, 1, 0),
        "Stage: Growth · Period: 2025-Q4 · compared with 2025-Q3"
    );
    // A name starting with "=" stays text, never a formula.
    assert_eq!(text(&nova, 2, 0), "PM: Ana Ruiz · PMM: =Ben Ode");
    assert_eq!(
        text(&nova, 3, 0),
        "Focus: High growth potential (win rate climbing) · region: EMEA"
    );
    assert_eq!(text(&nova, 4, 1), "Product–market: Green");
    assert_eq!(text(&nova, 4, 5), "Pricing–channel: Red");

    // The hook's activation target (0.65) is written as a number, not a
    // reference to the catalogue's Growth target on the Weights sheet.
    let act = find_row(&nova, "Activation").unwrap();
    assert_close(number(&nova, act, 2).unwrap(), 0.65, "hook target");
    assert_eq!(formula(&path, "Nova | EMEA", act, 2), "");
    assert_close(
        number(&nova, act, 4).unwrap(),
        attainment(
            0.60,
            Threshold {
                target: 0.65,
                warn: Some(0.45),
                upper: None,
            },
            Direction::Higher,
        ),
        "activation attainment",
    );
    assert_eq!(text(&nova, act, 5), "Amber");

    // The band metric with its oversight flag: 0.13 is 0.03 above the band
    // 0.05–0.10 with a tolerance of 0.02: attainment 25, red.
    let band = find_row(&nova, "Discount rate ⚑").expect("flagged band row");
    assert_close(number(&nova, band, 4).unwrap(), 25.0, "band attainment");
    assert_eq!(text(&nova, band, 5), "Red");
    assert!(formula(&path, "Nova | EMEA", band, 4).contains("Weights!$G$"));

    // Orion uses the catalogue's default target, read from the Weights sheet.
    let orion = sheet(&path, "Orion");
    let act = find_row(&orion, "Activation").unwrap();
    let weights = sheet(&path, "Weights");
    let default_row = (0..weights.height() as u32)
        .find(|&r| text(&weights, r, 0) == "Activation" && text(&weights, r, 2) == "Other stages")
        .expect("default target row");
    assert_eq!(
        formula(&path, "Orion", act, 2),
        format!("Weights!$E${}", default_row + 1)
    );
    assert_close(number(&orion, act, 2).unwrap(), 0.6, "default target");
    // Weights are live cells too: the first KPI's weight sits in row 6.
    assert_eq!(text(&weights, 5, 0), "Activation");
    assert_eq!(formula(&path, "Orion", act, 9), "Weights!$C$6");
    assert_eq!(number(&orion, act, 9), Some(2.0));
    assert_eq!(text(&orion, 2, 0), "PM: not named · PMM: not named");
    let mystery = find_row(&orion, "mystery").unwrap();
    assert_eq!(text(&orion, mystery, 5), "Info");

    // Summary: focus, fits and people per line; scores as the scorecard has them.
    let summary = sheet(&path, "Summary");
    let row = find_row(&summary, "Nova | EMEA").unwrap();
    assert_eq!(text(&summary, row, 2), "High growth potential");
    let fits: Vec<String> = (13..17).map(|c| text(&summary, row, c)).collect();
    assert_eq!(fits, ["Green", "Amber", "Red", "Green"]);
    assert_eq!(text(&summary, row, 17), "Ana Ruiz");
    assert_eq!(text(&summary, row, 18), "=Ben Ode");
    let card = portfolio.card("Nova | EMEA", doc.period).unwrap();
    assert_close(
        number(&summary, row, 6).unwrap(),
        card.scores.overall.unwrap(),
        "overall",
    );
    let orion_row = find_row(&summary, "Orion").unwrap();
    // Summary scores read the line sheets' live score cells.
    assert_eq!(formula(&path, "Summary", orion_row, 6), "Orion!$E$8");
    assert_eq!(formula(&path, "Summary", row, 3), "'Nova | EMEA'!$B$8");
    assert_eq!(text(&summary, orion_row, 13), "–", "no fits judged");

    // What moved since the previous run: a column on each line sheet and
    // on the Summary, and a line under the Summary's title.
    let band = find_row(&nova, "Discount rate ⚑").unwrap();
    let header = (0..band)
        .rev()
        .find(|&r| text(&nova, r, 0) == "KPI")
        .unwrap();
    assert_eq!(text(&nova, header, 10), "Since run 4");
    assert_eq!(text(&nova, band, 10), "newly red");
    let activation = find_row(&nova, "Activation").unwrap();
    assert_eq!(text(&nova, activation, 10), "rule changed");
    let cac = find_row(&orion, "CAC").unwrap();
    assert_eq!(text(&orion, cac, 10), "value changed");
    assert_eq!(text(&orion, act, 10), "");
    assert_eq!(text(&summary, 7, 19), "Since run 4");
    assert_eq!(text(&summary, row, 19), "1 newly red · 1 rule changed");
    assert_eq!(text(&summary, orion_row, 19), "1 value changed");
    assert_eq!(
        text(&summary, 2, 0),
        "Since run 4 (2025-12-01T08:00:00Z): 1 newly red · 1 rule changed · 1 value changed"
    );

    // Issues and Run sheets.
    let issues = sheet(&path, "Issues");
    assert_eq!(text(&issues, 4, 0), "Warning");
    assert_eq!(text(&issues, 4, 2), "kpis.xlsx");
    assert_eq!(text(&issues, 4, 5), "Mystery");
    let run = sheet(&path, "Run");
    let all: Vec<String> = (0..run.height() as u32)
        .flat_map(|r| (0..3).map(move |c| (r, c)))
        .map(|(r, c)| text(&run, r, c))
        .collect();
    assert!(all.contains(&"ab".repeat(32)), "rule hash on the Run sheet");
    assert!(all.contains(&"scripts/10-catalogue.rhai".to_string()));
    assert!(all.contains(&"2026-01-01 00:00:00 UTC".to_string()));
}

#[test]
fn json_carries_people_attainment_target_provenance_and_oversight() {
    let catalogue = report_portfolio::catalogue();
    let rules = report_portfolio::rules();
    let portfolio = report_portfolio::portfolio(&catalogue);
    let doc = report_portfolio::doc(&catalogue, &rules, &portfolio);
    let json: serde_json::Value =
        serde_json::from_slice(&linecard::report::Json.render(&doc).unwrap()).unwrap();
    let nova = json["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["line"] == "Nova | EMEA" && c["period"] == "2025-Q4")
        .unwrap();
    assert_eq!(nova["people"]["pm"], "Ana Ruiz");
    assert_eq!(nova["labels"]["focus"], "high-growth");
    assert_eq!(nova["labels"]["region"], "EMEA");
    let metric = |id: &str| {
        nova["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["metric"] == id)
            .unwrap()
            .clone()
    };
    let activation = metric("activation");
    assert_eq!(activation["target"], 0.65);
    assert_eq!(
        activation["target_from"],
        "hook target() in scripts/20-hooks.rhai"
    );
    assert_eq!(activation["oversight"], false);
    let band = metric("discount_rate");
    assert_eq!(band["oversight"], true);
    assert_eq!(band["upper"], 0.1);
    assert_close(
        band["attainment"].as_f64().unwrap(),
        25.0,
        "band attainment",
    );
    assert!(metric("mystery")["attainment"].is_null());
}
