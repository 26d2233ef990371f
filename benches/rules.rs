//! Rules evaluation at portfolio scale: 5,000 lines x 60 periods x 20
//! metrics (6 million metric evaluations) with the default rules (their
//! derive, targets and labels hooks run once per line and period) plus ten
//! more catalogue metrics. `cargo bench --bench rules`; the figure per
//! metric evaluation is kept in the README.
//!
//! Only `scorecard::build` is timed: the frame is built once, up front.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use linecard::frame;
use linecard::ingest;
use linecard::rules::{RuleSet, RulesSource};
use linecard::scorecard;
use std::fmt::Write as _;
use std::hint::black_box;

/// The allocator the `linecard` binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Duration;

/// `LINECARD_BENCH_LINES` scales the run down while tuning; the README
/// figure is for the full 5,000.
fn lines() -> usize {
    std::env::var("LINECARD_BENCH_LINES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5_000)
}
const PERIODS: usize = 60;
const EXTRA: usize = 10;

/// A deterministic wide CSV: every line in every month from 2021-01.
fn data() -> String {
    let mut csv = String::from(
        "Product Line,Month,Stage,Retention Rate,Feature Adoption,CSAT,CSAT Responses,Support Resolution (h),Win Rate,CAC,Pipeline,NPS,NPS Responses,ARPU",
    );
    for m in 1..=EXTRA {
        write!(csv, ",Extra {m}").unwrap();
    }
    csv.push('\n');
    let stages = ["Introduction", "Growth", "Maturity", "Decline"];
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as f64) / ((1u64 << 31) as f64)
    };
    for line in 0..lines() {
        for p in 0..PERIODS {
            let (year, month) = (2021 + p / 12, p % 12 + 1);
            let stage = stages[(line + p / 20) % 4];
            write!(
                csv,
                "Line {line:04},{year}-{month:02},{stage},{:.3},{:.3},{:.3},{},{:.1},{:.3},{:.0},{:.0},{:.1},{},{:.2}",
                0.7 + 0.3 * next(),
                0.1 + 0.5 * next(),
                0.6 + 0.4 * next(),
                20 + (next() * 300.0) as u32,
                10.0 + 40.0 * next(),
                0.1 + 0.3 * next(),
                2000.0 + 6000.0 * next(),
                50_000.0 + 500_000.0 * next(),
                -20.0 + 80.0 * next(),
                20 + (next() * 300.0) as u32,
                80.0 + 400.0 * next(),
            )
            .unwrap();
            for _ in 0..EXTRA {
                write!(csv, ",{:.2}", 100.0 * next()).unwrap();
            }
            csv.push('\n');
        }
    }
    csv
}

fn rules_dir(dir: &std::path::Path) -> std::path::PathBuf {
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    for (name, text) in linecard::rules::BUILTIN_SCRIPTS {
        std::fs::write(rules.join(name), text).unwrap();
    }
    let mut extra = String::new();
    for m in 1..=EXTRA {
        let owner = ["pm", "pmm", "shared"][m % 3];
        writeln!(
            extra,
            "metric(\"extra_{m}\", #{{ owner: \"{owner}\", target: 60, warn: 40, by_stage: #{{ Growth: #{{ target: 70, warn: 50 }} }} }});"
        )
        .unwrap();
    }
    std::fs::write(rules.join("50-extra.rhai"), extra).unwrap();
    rules
}

fn rules_evaluation(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("kpis.csv");
    std::fs::write(&input, data()).unwrap();
    let rules = RuleSet::load(&RulesSource::Folder(rules_dir(dir.path()))).expect("rules load");
    let (files, errors) = ingest::discover(&[input]);
    assert!(errors.is_empty());
    let ingested = ingest::ingest(files).expect("data reads");
    let kpis = frame::build(&ingested.grids, &rules.frame_options()).expect("data frames");
    assert_eq!(rules.catalogue.metrics.len(), 20, "20 catalogue metrics");
    let evaluations = (lines() * PERIODS * rules.catalogue.metrics.len()) as u64;

    let mut group = c.benchmark_group("rules");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    group.throughput(Throughput::Elements(evaluations));
    let name = format!("{}_lines_x_60_periods_x_20_metrics", lines());
    group.bench_function(name, |b| {
        // Dropping the scorecards afterwards is not evaluation: leave it out.
        b.iter_with_large_drop(|| scorecard::build(black_box(&kpis), &rules).expect("scores"))
    });
    group.finish();
}

criterion_group!(benches, rules_evaluation);
criterion_main!(benches);
