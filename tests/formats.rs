//! The same data saved by LibreOffice as xlsx, ods and xls gives the same
//! scorecards; a semicolon CSV with decimal commas reads as people mean it.

mod common;

use common::{repo, report_json, write};
use serde_json::Value;

fn scorecards(dir: &std::path::Path, args: &[&str]) -> Value {
    let doc = report_json(dir, args);
    // Sources name different files; compare everything else.
    let mut cards = doc["scorecards"].clone();
    for card in cards.as_array_mut().unwrap() {
        for m in card["metrics"].as_array_mut().unwrap() {
            m.as_object_mut().unwrap().remove("source");
        }
    }
    cards
}

#[test]
fn ods_and_xls_saved_by_libreoffice_match_the_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let csv = repo().join("sample-data/marketing-kpis.csv");
    let csv = csv.to_str().unwrap();
    let xlsx = repo().join("sample-data/product-kpis.xlsx");
    let expected = scorecards(dir.path(), &[xlsx.to_str().unwrap(), csv]);
    assert_eq!(expected.as_array().unwrap().len(), 64);
    for ext in ["ods", "xls"] {
        let fixture = repo().join(format!("tests/fixtures/product-kpis.{ext}"));
        assert_eq!(
            scorecards(dir.path(), &[fixture.to_str().unwrap(), csv]),
            expected,
            "{ext}"
        );
    }
}

#[test]
fn a_semicolon_csv_with_decimal_commas_reads_as_meant() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "eu.csv",
        "Line;Quarter;NPS;Retention Rate;CAC\nAtlas;2025-Q1;31,5;85,0 %;1.250,5\n",
    );
    write(
        dir.path(),
        "us.csv",
        "Line,Quarter,NPS,Retention Rate,CAC\nAtlas,2025-Q1,31.5,85.0%,\"1,250.5\"\n",
    );
    let eu = scorecards(dir.path(), &["eu.csv"]);
    assert_eq!(eu, scorecards(dir.path(), &["us.csv"]));
    let nps = eu[0]["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == "nps")
        .unwrap()
        .clone();
    assert_eq!(nps["value"], 31.5);
}
