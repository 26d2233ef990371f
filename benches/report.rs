//! Writing the report for a large portfolio: 500 lines × 20 KPIs × 12
//! quarters (6,000 scorecards, 120,000 values), generated as a CSV input and
//! a rule script, then read through the real pipeline once. Each output is
//! timed with criterion: `cargo bench --bench report`. A counting allocator
//! reports the peak heap the workbook render needs. Set
//! `LINECARD_BENCH_INPUTS=DIR` to keep the generated inputs in DIR (for
//! timing a whole `linecard report` run). Figures are kept in the README.

use criterion::{Criterion, criterion_group, criterion_main};
use linecard::frame;
use linecard::ingest;
use linecard::report::{Csv, Exporter, Json, Markdown, ReportDoc, Xlsx};
use linecard::rules::{RuleSet, RulesSource};
use linecard::scorecard;
use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const LINES: usize = 500;
const METRICS: usize = 20;
const QUARTERS: usize = 12;

/// (unit, direction, target, warn, low, high): how each KPI's values look.
const KINDS: [(&str, &str, f64, f64, f64, f64); 6] = [
    ("fraction", "higher", 0.8, 0.6, 0.4, 1.0),
    ("money", "lower", 3000.0, 4000.0, 2000.0, 5000.0),
    ("hours", "lower", 24.0, 36.0, 10.0, 50.0),
    ("score", "higher", 30.0, 0.0, -20.0, 60.0),
    ("count", "higher", 1000.0, 600.0, 300.0, 1500.0),
    ("ratio", "higher", 3.0, 2.0, 1.0, 5.0),
];
const OWNERS: [&str; 3] = ["pm", "pmm", "shared"];
const STAGES: [&str; 4] = ["Introduction", "Growth", "Maturity", "Decline"];

fn rules_script() -> String {
    let mut s = String::new();
    for m in 0..METRICS {
        let (unit, direction, target, warn, _, _) = KINDS[m % KINDS.len()];
        let stage = if m % 5 == 0 {
            format!(
                ", by_stage: #{{ Growth: #{{ target: {target}, warn: {} }} }}",
                (target + warn) / 2.0
            )
        } else {
            String::new()
        };
        writeln!(
            s,
            "metric(\"kpi_{m:02}\", #{{ name: \"KPI number {m}\", owner: \"{}\", direction: \"{direction}\", unit: \"{unit}\", target: {target}, warn: {warn}, weight: {}{stage}, description: \"Generated KPI {m}.\" }});",
            OWNERS[m % 3],
            1 + m % 3
        )
        .unwrap();
    }
    s
}

fn kpis_csv() -> String {
    let mut s = String::from("Product Line,Quarter,Stage");
    for m in 0..METRICS {
        write!(s, ",kpi_{m:02}").unwrap();
    }
    s.push('\n');
    let mut seed: u64 = 42;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    for line in 0..LINES {
        for q in 0..QUARTERS {
            let (year, quarter) = (2023 + q / 4, 1 + q % 4);
            write!(s, "Line {line:03},{year}-Q{quarter},{}", STAGES[line % 4]).unwrap();
            for m in 0..METRICS {
                let (unit, _, _, _, low, high) = KINDS[m % KINDS.len()];
                let v = low + (high - low) * next();
                let v = if unit == "count" {
                    v.round()
                } else {
                    (v * 1000.0).round() / 1000.0
                };
                write!(s, ",{v}").unwrap();
            }
            s.push('\n');
        }
    }
    s
}

fn write_inputs(dir: &Path) {
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    std::fs::write(dir.join("rules/10-catalogue.rhai"), rules_script()).unwrap();
    std::fs::write(dir.join("kpis.csv"), kpis_csv()).unwrap();
}

fn report(c: &mut Criterion) {
    let temp = tempfile::tempdir().unwrap();
    let dir = std::env::var_os("LINECARD_BENCH_INPUTS")
        .map_or_else(|| temp.path().to_path_buf(), std::path::PathBuf::from);
    write_inputs(&dir);
    let rules = RuleSet::load(&RulesSource::Folder(dir.join("rules"))).expect("rules load");
    let (files, errors) = ingest::discover(&[dir.join("kpis.csv")]);
    assert!(errors.is_empty());
    let ingested = ingest::ingest(files).expect("input reads");
    let kpis = frame::build(&ingested.grids, &rules.frame_options()).expect("input frames");
    let portfolio = scorecard::build(&kpis, &rules).expect("scores");
    assert_eq!(portfolio.cards.len(), LINES * QUARTERS);
    let period = portfolio.latest_period().unwrap();
    let doc = ReportDoc::new(&ingested.files, &rules, &portfolio, period).with_frame(&kpis);

    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let bytes = Xlsx.render(&doc).unwrap();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    eprintln!(
        "report: {LINES} lines × {METRICS} KPIs × {QUARTERS} quarters: workbook {:.1} MB, peak heap while rendering {:.0} MB",
        bytes.len() as f64 / 1e6,
        peak as f64 / 1e6
    );
    drop(bytes);

    let mut group = c.benchmark_group("report_500x20x12");
    group.sample_size(10);
    group.bench_function("xlsx", |b| b.iter(|| Xlsx.render(black_box(&doc))));
    group.bench_function("json", |b| b.iter(|| Json.render(black_box(&doc))));
    group.bench_function("csv", |b| b.iter(|| Csv.render(black_box(&doc))));
    group.bench_function("markdown", |b| b.iter(|| Markdown.render(black_box(&doc))));
    group.finish();
}

criterion_group!(benches, report);
criterion_main!(benches);
