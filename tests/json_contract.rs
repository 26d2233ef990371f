//! The JSON document of DESIGN.md section 5: field names, types and
//! invariants that automation relies on.

mod common;

use common::{linecard, stdout_json, write};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

fn set<'a>(items: &[&'a str]) -> BTreeSet<&'a str> {
    items.iter().copied().collect()
}

#[test]
fn the_document_has_exactly_the_contract_fields() {
    let dir = tempfile::tempdir().unwrap();
    let doc = stdout_json(dir.path(), &["report", "--json", "-"]);
    assert_eq!(
        keys(&doc),
        set(&[
            "linecard_version",
            "inputs",
            "rules",
            "periods",
            "scorecards",
            "issues"
        ])
    );
    assert_eq!(doc["linecard_version"], env!("CARGO_PKG_VERSION"));
    let card = &doc["scorecards"][0];
    assert_eq!(
        keys(card),
        set(&[
            "line", "period", "stage", "scores", "labels", "fits", "metrics",
            // Added by the report issue:
            "people", // Added by issue 17:
            "coverage"
        ])
    );
    assert_eq!(
        keys(&card["scores"]),
        set(&["pm", "pmm", "shared", "overall"])
    );
    assert_eq!(
        keys(&card["coverage"]),
        set(&["pm", "pmm", "shared", "overall"])
    );
    for score in ["pm", "pmm", "shared", "overall"] {
        assert_eq!(
            keys(&card["coverage"][score]),
            set(&[
                "status",
                "kpis",
                "of",
                "weight",
                "of_weight",
                "share",
                "minimum"
            ])
        );
    }
    assert_eq!(
        keys(&card["metrics"][0]),
        set(&[
            "metric",
            "value",
            "previous",
            "owner",
            "direction",
            "target",
            "warn",
            "status",
            "weight",
            "sample_size",
            "reason",
            "source",
            // Added by the report issue:
            "attainment",
            "target_from",
            "oversight",
            // Added by issue 17:
            "weight_from"
        ])
    );
    for entry in doc["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .chain(doc["rules"].as_array().unwrap())
    {
        assert_eq!(keys(entry), set(&["path", "sha256"]));
        assert_eq!(entry["sha256"].as_str().unwrap().len(), 64);
    }
}

#[test]
fn every_line_has_a_scorecard_for_every_period_in_time_order() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "k.csv",
        "Line,Period,NPS,NPS Responses,Retention\nBeta,2025-Q1,20,50,0.9\nAlpha,Q4 2024,31.5,312,\nAlpha,2025 Q1,28,12,0.8\n",
    );
    let doc = stdout_json(
        dir.path(),
        &["report", "k.csv", "--json", "-", "-o", "r.xlsx"],
    );
    assert_eq!(doc["periods"], serde_json::json!(["2024-Q4", "2025-Q1"]));
    let cards: Vec<(String, String)> = doc["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["line"].as_str().unwrap().to_string(),
                c["period"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("Alpha", "2024-Q4"),
        ("Alpha", "2025-Q1"),
        ("Beta", "2024-Q4"),
        ("Beta", "2025-Q1"),
    ];
    assert_eq!(cards, expected.map(|(l, p)| (l.to_string(), p.to_string())));

    let allowed = set(&[
        "green",
        "amber",
        "red",
        "no_data",
        "insufficient_sample",
        "info",
        "off",
    ]);
    for card in doc["scorecards"].as_array().unwrap() {
        for score in card["scores"].as_object().unwrap().values() {
            assert!(
                score.is_null() || (0.0..=100.0).contains(&score.as_f64().unwrap()),
                "{score}"
            );
        }
        for m in card["metrics"].as_array().unwrap() {
            assert!(allowed.contains(m["status"].as_str().unwrap()), "{m}");
            assert!(!m["reason"].as_str().unwrap().is_empty());
        }
    }

    // Alpha 2025-Q1: NPS 28 on 12 responses is below the 30-response minimum;
    // its previous value is Q4's 31.5 and its source names the cell.
    let alpha_q1 = &doc["scorecards"][1];
    let nps = alpha_q1["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == "nps")
        .unwrap();
    assert_eq!(nps["status"], "insufficient_sample");
    assert_eq!(nps["value"], 28.0);
    assert_eq!(nps["previous"], 31.5);
    assert_eq!(nps["sample_size"], 12);
    assert_eq!(nps["owner"], "shared");
    assert_eq!(nps["source"], "k.csv, row 4, column 3 (12 responses)");
    // Retention 0.8 against the default target 0.90 (amber from 0.85): red,
    // 50 + 50 * (0.80 - 0.85) / (0.90 - 0.85) = 0 attainment, so PM score 0.
    let retention = alpha_q1["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == "retention")
        .unwrap();
    assert_eq!(retention["status"], "red");
    assert_eq!(
        retention["reason"],
        "80% is below the target 90% and past the amber threshold 85%"
    );
    // Its PM score would be that 0, but retention (weight 3) is the only PM
    // KPI with a value of the four the PM score counts (feature adoption 2,
    // CSAT 2, support time 1): 3 / 8 = 37.5% of the weight, below the
    // default minimum of half, so there is no PM score.
    assert!(alpha_q1["scores"]["pm"].is_null());
    assert_eq!(
        alpha_q1["coverage"]["pm"],
        serde_json::json!({
            "status": "insufficient_data", "kpis": 1, "of": 4,
            "weight": 3.0, "of_weight": 8.0, "share": 0.375, "minimum": 0.5
        })
    );
    assert!(alpha_q1["scores"]["shared"].is_null());
    // Beta has no row in 2024-Q4: every metric is no_data and every score null.
    let beta_q4 = &doc["scorecards"][2];
    assert!(
        beta_q4["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["status"] == "no_data")
    );
    assert!(beta_q4["scores"]["overall"].is_null());
}

#[test]
fn input_hashes_are_the_sha256_of_the_files_as_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Line,Quarter,NPS\nAtlas,2025-Q1,30\n";
    write(dir.path(), "k.csv", text);
    let doc = stdout_json(dir.path(), &["report", "k.csv", "--json", "-"]);
    let expected: String = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        doc["inputs"],
        serde_json::json!([{"path": "k.csv", "sha256": expected}])
    );
}

#[test]
fn json_to_a_file_is_written_beside_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "k.csv", "Line,Quarter,NPS\nAtlas,2025-Q1,30\n");
    linecard(dir.path())
        .args(["report", "k.csv", "--json", "out.json", "-q"])
        .assert()
        .success()
        .stdout("");
    let doc: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(doc["scorecards"][0]["line"], "Atlas");
    assert!(dir.path().join("linecard-report.xlsx").exists());
}
