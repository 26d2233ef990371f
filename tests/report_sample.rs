//! `linecard report` on the bundled sample data: the workbook is read back
//! with calamine and its numbers are checked against values worked out by
//! hand from `sample-data/` and the default rules in `scripts/`.

mod common;

use common::{assert_close, find_row, linecard, number, sheet, sheet_names, text};

/// Attainment as the README defines it, for the hand calculations below.
fn att(value: f64, target: f64, warn: f64) -> f64 {
    (50.0 + 50.0 * (value - warn) / (target - warn)).clamp(0.0, 100.0)
}

#[test]
fn the_sample_report_has_the_right_sheets_and_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let assert = linecard(dir.path()).arg("report").assert().success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(stdout.starts_with("Scorecards for 2025-Q4\n"), "{stdout}");
    let report = dir.path().join("linecard-report.xlsx");

    let names = sheet_names(&report);
    assert_eq!(
        names,
        [
            "Summary",
            "Atlas Analytics",
            "Beacon CRM",
            "Cobalt Payments",
            "Drift Mobile",
            "Ember Security",
            "Fjord Data Platform",
            "Glacier Archive",
            "Helix AI Assistant",
            "Weights",
            "Ownership",
            "Trends",
            "Data",
            "Issues",
            "Run"
        ]
    );

    // Atlas Analytics, 2025-Q4, Growth stage (product-kpis.xlsx row 9,
    // marketing-kpis.csv). Retention 0.896 (Growth target 0.85), adoption
    // 0.446 (0.40), support 19.2 h (24 h): all green, so PM = 100. CSAT is
    // blank: no data, out of the denominator. Win rate 0.311 (0.25) green;
    // CAC 4,232 against the targets() hook's 12 x ARPU = 12 x 423.05 =
    // 5,076.60: green, so PMM = 100. NPS 40.7 (30) and ARPU 423.05 (400)
    // green; LTV/CAC (derive() hook) = 423.05 x 12 / (1 - 0.896^4) / 4,232
    // = 3.37 (target 3): green, so shared = 100 and overall = 100.
    let ltv_cac = 423.05 * 12.0 / (1.0 - 0.896_f64.powi(4)) / 4232.0;
    assert_close(ltv_cac, 3.374_459_423_733_409, "Atlas LTV/CAC by hand");
    let (pmm, overall) = (100.0, 100.0);

    // Drift Mobile, 2025-Q4, Decline stage: every scored KPI is red.
    // Feature adoption weighs 0 on a declining line (targets() hook).
    let d_ret = att(0.75, 0.85, 0.78);
    let d_csat = att(0.688, 0.85, 0.78);
    let d_support = att(42.5, 24.0, 36.0);
    let d_pm = (3.0 * d_ret + 2.0 * d_csat + d_support) / 6.0;
    // CAC 4,045 against 6 x ARPU 81.80 = 490.80 (amber to 12 x 81.80): 0.
    let d_pmm = (2.0 * att(0.134, 0.20, 0.15) + 2.0 * att(4045.0, 490.8, 981.6)) / 4.0;
    // LTV/CAC = 81.80 x 12 / (1 - 0.75^4) / 4,045 = 0.355 (target 3, amber 2).
    let d_ltv = 81.80 * 12.0 / (1.0 - 0.75_f64.powi(4)) / 4045.0;
    let d_shared =
        (2.0 * att(-7.5, 20.0, 0.0) + att(81.80, 400.0, 250.0) + 2.0 * att(d_ltv, 3.0, 2.0)) / 5.0;
    let d_overall = (6.0 * d_pm + 4.0 * d_pmm + 5.0 * d_shared) / 15.0;
    assert_close(d_overall, 15.942_063_492_063_486, "Drift overall by hand");

    let summary = sheet(&report, "Summary");
    assert_eq!(text(&summary, 0, 0), "Portfolio scorecard · 2025-Q4");
    let atlas = find_row(&summary, "Atlas Analytics").expect("Atlas row");
    assert_eq!(text(&summary, atlas, 1), "Growth");
    assert_close(number(&summary, atlas, 3).unwrap(), 100.0, "Atlas PM");
    assert_close(number(&summary, atlas, 4).unwrap(), pmm, "Atlas PMM");
    assert_close(number(&summary, atlas, 5).unwrap(), 100.0, "Atlas shared");
    assert_close(
        number(&summary, atlas, 6).unwrap(),
        overall,
        "Atlas overall",
    );
    // Beside the overall score, its coverage: CSAT (weight 2) has no value,
    // so 8 of the 9 KPIs with a target and a weight, 15 of their weight 17
    // (pipeline has no target: not one of them) = 88%.
    assert_eq!(text(&summary, atlas, 7), "8 of 9 KPIs, 88% of the weight");
    assert_eq!(number(&summary, atlas, 10), Some(0.0), "Atlas red count");
    assert_eq!(number(&summary, atlas, 11), Some(0.0), "Atlas amber count");
    assert_eq!(
        number(&summary, atlas, 13),
        Some(1.0),
        "Atlas no-data count (CSAT)"
    );

    let drift = find_row(&summary, "Drift Mobile").expect("Drift row");
    assert_eq!(drift, 8, "the worst line comes first");
    assert_eq!(text(&summary, drift, 1), "Decline");
    assert_close(number(&summary, drift, 3).unwrap(), d_pm, "Drift PM");
    assert_close(number(&summary, drift, 4).unwrap(), d_pmm, "Drift PMM");
    assert_close(
        number(&summary, drift, 5).unwrap(),
        d_shared,
        "Drift shared",
    );
    assert_close(
        number(&summary, drift, 6).unwrap(),
        d_overall,
        "Drift overall",
    );
    // Nine KPIs are red by their values, but feature adoption is switched
    // off on a declining line: it is not one of the red ones, nor of the
    // scored KPIs.
    assert_eq!(number(&summary, drift, 10), Some(8.0), "Drift red count");
    assert_eq!(text(&summary, drift, 7), "8 of 8 KPIs, 100% of the weight");

    // The Drift Mobile sheet: retention with its Decline-stage target,
    // status, previous value (2025-Q3: 0.758) and change.
    let line = sheet(&report, "Drift Mobile");
    assert_eq!(text(&line, 0, 0), "Drift Mobile");
    let ret = find_row(&line, "Customer retention").expect("retention row");
    assert_close(number(&line, ret, 1).unwrap(), 0.75, "value");
    assert_close(number(&line, ret, 2).unwrap(), 0.85, "target");
    assert_close(number(&line, ret, 3).unwrap(), 0.78, "amber from");
    assert_eq!(text(&line, ret, 5), "Red");
    assert_close(number(&line, ret, 6).unwrap(), 0.758, "previous");
    // In percentage points: 75.8% to 75% is -0.8 pts.
    assert_close(
        number(&line, ret, 7).unwrap(),
        (0.75 - 0.758) * 100.0,
        "change",
    );
    assert_eq!(
        text(&line, ret, 12),
        "75% is below the Decline-stage target 85% and past the amber threshold 78%"
    );
    // No run history outside a workspace: the "Since last run" column is
    // empty and hidden.
    assert_eq!(text(&line, ret, 11), "");
    // Feature adoption is off, and says which rule switched it off.
    let adoption = find_row(&line, "Feature adoption").expect("adoption row");
    assert_eq!(text(&line, adoption, 5), "Off");
    assert_eq!(number(&line, adoption, 10), Some(0.0), "weight");
    assert_eq!(
        text(&line, adoption, 12),
        "switched off (weight 0) by built-in 20-hooks.rhai:48 (targets() hook): not judged, counted or scored; 20.7% against the target 40%"
    );
    // The scores' coverage under them: PM 3 of 3 (adoption is off).
    assert_eq!(text(&line, 8, 1), "3 of 3 KPIs, 100% of the weight");
    // Pipeline has no target in the default rules: shown, not scored.
    let pipeline = find_row(&line, "Qualified pipeline").expect("pipeline row");
    assert_close(number(&line, pipeline, 1).unwrap(), 306_000.0, "pipeline");
    assert_eq!(text(&line, pipeline, 5), "Info");
}

#[test]
fn an_earlier_period_can_be_selected() {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path())
        .args(["report", "--period", "2024-Q1", "-q"])
        .assert()
        .success();
    let summary = sheet(&dir.path().join("linecard-report.xlsx"), "Summary");
    assert_eq!(text(&summary, 0, 0), "Portfolio scorecard · 2024-Q1");
    // Helix AI Assistant launched in 2024-Q3: no data, no scores in 2024-Q1.
    let helix = find_row(&summary, "Helix AI Assistant").expect("Helix row");
    assert_eq!(text(&summary, helix, 6), "–");
    assert_eq!(text(&summary, helix, 7), "0 of 9 KPIs, 0% of the weight");
    assert_eq!(
        number(&summary, helix, 13),
        Some(10.0),
        "all ten catalogue KPIs without data"
    );
    // A line without a score is ranked last, never as the best.
    assert_eq!(helix, 15, "the last of the eight lines");
}

#[test]
fn the_data_sheet_lists_every_input_value_with_its_source() {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path())
        .args(["report", "-q", "--csv", "rows.csv"])
        .assert()
        .success();
    let data = sheet(&dir.path().join("linecard-report.xlsx"), "Data");
    let header: Vec<String> = (0..7).map(|c| text(&data, 2, c)).collect();
    assert_eq!(
        header,
        [
            "Line",
            "Period",
            "Stage",
            "Metric",
            "Value",
            "Sample size",
            "Source"
        ]
    );
    let rows: Vec<u32> = (3..data.end().unwrap().0 + 1).collect();
    // Every value read from an input (the CSV export's rows with a value,
    // less the ones the rules derived) is one row here.
    let csv = std::fs::read_to_string(dir.path().join("rows.csv")).unwrap();
    let with_values = csv
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(8).is_some_and(|v| !v.is_empty()))
        .filter(|l| !l.contains(",derived by derive() in built-in 20-hooks.rhai,"))
        .count();
    assert_eq!(rows.len(), with_values);
    let drift = rows
        .iter()
        .find(|&&r| {
            text(&data, r, 0) == "Drift Mobile"
                && text(&data, r, 1) == "2025-Q4"
                && text(&data, r, 3) == "retention"
        })
        .copied()
        .expect("Drift retention row");
    assert_eq!(text(&data, drift, 2), "Decline");
    assert_close(number(&data, drift, 4).unwrap(), 0.75, "value");
    assert!(
        text(&data, drift, 6).ends_with("product-kpis.xlsx!KPIs!D33"),
        "{}",
        text(&data, drift, 6)
    );
}
