//! Ingest throughput on large inputs, against the floor of the parser alone
//! reading the same file in the same run: `cargo bench --bench ingest`.
//!
//! - a 1,000,000-row raw survey responses CSV (timestamp, product line,
//!   0-10 recommend score, 1-5 satisfaction score), ingested and aggregated
//!   into NPS and CSAT per line and quarter, vs polars reading the CSV;
//! - a 100,000-row wide xlsx (line, quarter, six metrics), ingested and
//!   framed, vs calamine reading the sheet;
//! - a periods-across xlsx of 1,000 lines x 12 KPIs (rows) x 24 months
//!   (columns), 288,000 values, ingested and framed, vs calamine.
//!
//! Both files are generated deterministically into a temporary folder.
//! Everything runs with the allocator the `linecard` binary ships with
//! (mimalloc), the floor included. Figures are kept in the README ("Inputs").

// Fixture workbooks, not the report: the cell_text rule does not apply.
#![allow(clippy::disallowed_methods)]

use calamine::{Reader, open_workbook_auto_from_rs};
use criterion::{Criterion, criterion_group, criterion_main};
use linecard::frame::{self, FrameOptions};
use linecard::ingest::{self, InputFile};
use polars::prelude::*;
use std::hint::black_box;
use std::io::{Cursor, Write};
use std::time::Duration;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RESPONSE_ROWS: usize = 1_000_000;
const WIDE_ROWS: usize = 100_000;
const LINES: [&str; 8] = [
    "Atlas Analytics",
    "Beacon CRM",
    "Cobalt Payments",
    "Drift Mobile",
    "Ember Security",
    "Fjord Data Platform",
    "Glacier Archive",
    "Helix AI Assistant",
];

/// A small deterministic generator (64-bit LCG), so every run reads the same bytes.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn responses_csv() -> Vec<u8> {
    let mut rng = Lcg(42);
    let mut out = Vec::with_capacity(RESPONSE_ROWS * 48);
    out.extend_from_slice(b"Submitted At,Product,Recommend,Satisfaction\n");
    for _ in 0..RESPONSE_ROWS {
        let (month, day) = (1 + rng.next(12), 1 + rng.next(28));
        let (hour, minute) = (rng.next(24), rng.next(60));
        let line = LINES[rng.next(LINES.len() as u64) as usize];
        let recommend = rng.next(11);
        let satisfaction = 1 + rng.next(5);
        writeln!(
            out,
            "2025-{month:02}-{day:02} {hour:02}:{minute:02}:00,{line},{recommend},{satisfaction}"
        )
        .unwrap();
    }
    out
}

fn wide_xlsx() -> Vec<u8> {
    let mut rng = Lcg(7);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("KPIs").unwrap();
    let header = [
        "Product Line",
        "Quarter",
        "Retention Rate",
        "Feature Adoption %",
        "NPS",
        "Win Rate",
        "CAC ($)",
        "ARPU",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=WIDE_ROWS as u32 {
        // Distinct (line, quarter) keys: one line per row, quarters in turn.
        let line = format!("Line {:06}", r / 40);
        let quarter = format!("{}-Q{}", 2000 + (r % 40) / 4, 1 + r % 4);
        sheet.write_string(r, 0, &line).unwrap();
        sheet.write_string(r, 1, &quarter).unwrap();
        let values = [
            0.5 + rng.next(500) as f64 / 1000.0,
            rng.next(1000) as f64 / 1000.0,
            rng.next(200) as f64 - 100.0,
            rng.next(1000) as f64 / 1000.0,
            1000.0 + rng.next(5000) as f64,
            100.0 + rng.next(400) as f64,
        ];
        for (i, v) in values.iter().enumerate() {
            sheet.write_number(r, 2 + i as u16, *v).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

const ACROSS_LINES: usize = 1_000;
const ACROSS_MONTHS: usize = 24;
/// The across table's KPIs, each with the range its values are drawn from.
const ACROSS_KPIS: [(&str, f64, f64); 12] = [
    ("Retention Rate", 0.5, 1.0),
    ("Feature Adoption %", 0.0, 1.0),
    ("NPS", -100.0, 100.0),
    ("Win Rate", 0.0, 1.0),
    ("CAC ($)", 1000.0, 6000.0),
    ("ARPU", 100.0, 500.0),
    ("CSAT", 0.5, 1.0),
    ("Pipeline", 10_000.0, 90_000.0),
    ("Support Resolution (h)", 1.0, 48.0),
    ("Activation", 0.1, 0.9),
    ("Expansion", 0.0, 0.3),
    ("Churned Logos", 0.0, 20.0),
];

fn across_xlsx() -> Vec<u8> {
    let mut rng = Lcg(11);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("KPIs").unwrap();
    sheet.write_string(0, 0, "Product Line").unwrap();
    sheet.write_string(0, 1, "KPI").unwrap();
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    for m in 0..ACROSS_MONTHS {
        let label = format!("{} {}", MONTHS[m % 12], 2024 + m / 12);
        sheet.write_string(0, 2 + m as u16, &label).unwrap();
    }
    let mut r = 1;
    for line in 0..ACROSS_LINES {
        for (kpi, low, high) in ACROSS_KPIS {
            sheet.write_string(r, 0, format!("Line {line:04}")).unwrap();
            sheet.write_string(r, 1, kpi).unwrap();
            for m in 0..ACROSS_MONTHS {
                let v = low + (high - low) * rng.next(1000) as f64 / 1000.0;
                sheet.write_number(r, 2 + m as u16, v).unwrap();
            }
            r += 1;
        }
    }
    book.save_to_buffer().unwrap()
}

/// Events in the Amplitude export benchmark.
const AMPLITUDE_EVENTS: usize = 200_000;

/// Amplitude's export of [`AMPLITUDE_EVENTS`] events as JSON lines, each
/// with Amplitude's fields and nested event and user properties.
fn amplitude_jsonl() -> Vec<u8> {
    let mut rng = Lcg(42);
    let mut out = Vec::with_capacity(AMPLITUDE_EVENTS * 450);
    let events = [
        "dashboard_created",
        "dashboard_viewed",
        "deal_logged",
        "session_start",
    ];
    let products = ["Atlas Analytics", "Beacon CRM"];
    for i in 0..AMPLITUDE_EVENTS {
        let who = rng.next(20_000);
        let line = format!(
            "{{\"$insert_id\":\"i-{i}\",\"amplitude_id\":{},\"user_id\":\"u-{who}\",\"device_id\":\"d-{}\",\"event_type\":\"{}\",\"event_time\":\"2025-{:02}-{:02} {:02}:00:00.000000\",\"event_properties\":{{\"product\":\"{}\",\"source\":\"web\"}},\"user_properties\":{{\"plan\":\"team\"}},\"country\":\"Portugal\",\"city\":\"Lisbon\",\"platform\":\"Web\",\"os_name\":\"Chrome\",\"library\":\"amplitude-js/8.21.0\",\"session_id\":{}}}\n",
            1_000 + who,
            rng.next(30_000),
            events[rng.next(4) as usize],
            1 + rng.next(12),
            1 + rng.next(28),
            rng.next(24),
            products[rng.next(2) as usize],
            1_736_071_200_000u64 + i as u64,
        );
        out.extend_from_slice(line.as_bytes());
    }
    out
}

/// serde_json parsing every line into a value: the parser alone.
fn serde_json_floor(bytes: &[u8]) -> usize {
    bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice::<serde_json::Value>(l).expect("JSON"))
        .filter(serde_json::Value::is_object)
        .count()
}

fn linecard_ingest(file: &InputFile, options: &FrameOptions) -> usize {
    let ingested = ingest::ingest(vec![file.clone()]).expect("reads");
    let kpis = frame::build(&ingested.grids, options).expect("frames");
    kpis.df().height()
}

fn polars_floor(bytes: &[u8]) -> usize {
    CsvReadOptions::default()
        .with_has_header(true)
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()
        .expect("polars reads")
        .height()
}

fn calamine_floor(bytes: &[u8]) -> usize {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).expect("calamine opens");
    book.worksheet_range("KPIs").expect("sheet").height()
}

fn ingest_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let options = linecard::rules::RuleSet::load(&linecard::rules::RulesSource::Builtin)
        .expect("default rules")
        .frame_options();
    let csv_path = dir.path().join("responses.csv");
    std::fs::write(&csv_path, responses_csv()).unwrap();
    let xlsx_path = dir.path().join("wide.xlsx");
    std::fs::write(&xlsx_path, wide_xlsx()).unwrap();

    let read = |path: &std::path::Path| InputFile {
        display: path.display().to_string(),
        bytes: std::fs::read(path).unwrap().into(),
    };
    let csv = read(&csv_path);
    let xlsx = read(&xlsx_path);
    let across_path = dir.path().join("across.xlsx");
    std::fs::write(&across_path, across_xlsx()).unwrap();
    let across = read(&across_path);
    let amplitude_path = dir.path().join("amplitude.jsonl");
    std::fs::write(&amplitude_path, amplitude_jsonl()).unwrap();
    let amplitude = read(&amplitude_path);
    let events_options = {
        let rules = tempfile::tempdir().unwrap();
        std::fs::write(
            rules.path().join("30-events.rhai"),
            "records(\"events\", #{ line: \"event_properties.product\" });\n",
        )
        .unwrap();
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, rules.path().join(path.file_name().unwrap())).unwrap();
        }
        linecard::rules::RuleSet::load(&linecard::rules::RulesSource::Folder(rules.path().into()))
            .expect("the rules load")
            .frame_options()
    };
    // 8 lines x 4 quarters x (NPS + CSAT); 100k rows x 6 metrics.
    assert_eq!(linecard_ingest(&csv, &options), 64);
    assert_eq!(linecard_ingest(&xlsx, &options), WIDE_ROWS * 6);
    assert_eq!(
        linecard_ingest(&across, &options),
        ACROSS_LINES * ACROSS_KPIS.len() * ACROSS_MONTHS
    );

    // 2 lines x 4 quarters x (active users, stickiness).
    assert_eq!(linecard_ingest(&amplitude, &events_options), 16);
    assert_eq!(serde_json_floor(&amplitude.bytes), AMPLITUDE_EVENTS);

    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.warm_up_time(Duration::from_secs(2));
    group.bench_function("responses_1m_csv/polars_floor", |b| {
        b.iter(|| polars_floor(black_box(&csv.bytes)))
    });
    group.bench_function("responses_1m_csv/linecard", |b| {
        b.iter(|| linecard_ingest(black_box(&csv), &options))
    });
    group.bench_function("responses_1m_csv/linecard_ingest_only", |b| {
        b.iter(|| ingest::ingest(vec![black_box(&csv).clone()]).map(|i| i.grids.len()))
    });
    group.bench_function("wide_100k_xlsx/calamine_floor", |b| {
        b.iter(|| calamine_floor(black_box(&xlsx.bytes)))
    });
    group.bench_function("wide_100k_xlsx/linecard", |b| {
        b.iter(|| linecard_ingest(black_box(&xlsx), &options))
    });
    group.bench_function("wide_100k_xlsx/linecard_ingest_only", |b| {
        b.iter(|| ingest::ingest(vec![black_box(&xlsx).clone()]).map(|i| i.grids.len()))
    });
    group.bench_function("across_1k_lines_xlsx/calamine_floor", |b| {
        b.iter(|| calamine_floor(black_box(&across.bytes)))
    });
    group.bench_function("across_1k_lines_xlsx/linecard", |b| {
        b.iter(|| linecard_ingest(black_box(&across), &options))
    });
    group.bench_function("amplitude_200k_jsonl/serde_json_floor", |b| {
        b.iter(|| serde_json_floor(black_box(&amplitude.bytes)))
    });
    group.bench_function("amplitude_200k_jsonl/linecard_ingest_only", |b| {
        b.iter(|| ingest::ingest(vec![black_box(&amplitude).clone()]).map(|i| i.grids.len()))
    });
    group.bench_function("amplitude_200k_jsonl/linecard", |b| {
        b.iter(|| linecard_ingest(black_box(&amplitude), &events_options))
    });
    group.finish();
}

criterion_group!(benches, ingest_benches);
criterion_main!(benches);
