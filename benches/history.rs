//! The run history on the bundled sample data: recording a run, reading the
//! last run of a long history, loading all of it, and diffing two runs.
//! `cargo bench --bench history`. Figures are kept in the README.

use criterion::{Criterion, criterion_group, criterion_main};
use linecard::history::{self, RunRecord};
use linecard::ingest;
use linecard::rules::{RuleSet, RulesSource};
use linecard::{frame, scorecard};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let rules = RuleSet::load(&RulesSource::Builtin).expect("default rules load");
    let ingested = ingest::ingest(ingest::bundled_sample()).expect("sample reads");
    let kpis = frame::build(&ingested.grids, &rules.frame_options()).expect("sample frames");
    let portfolio = scorecard::build(&kpis, &rules).expect("sample scores");
    let period = portfolio.latest_period().expect("sample has periods");
    let record = |run| {
        RunRecord::new(
            run,
            "2025-06-30T09:15:00Z".to_string(),
            &ingested.files,
            &rules.files,
            &portfolio,
            period,
        )
    };
    let first = record(1);
    // A later run in which every value moved: the most a diff has to say.
    let mut second = record(2);
    for m in second.scorecards.iter_mut().flat_map(|c| &mut c.metrics) {
        m.value = m.value.map(|v| v * 0.9);
    }

    // A year of daily runs.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("history.jsonl");
    for run in 1..=365 {
        history::append(&path, &record(run)).expect("append");
    }

    let mut group = c.benchmark_group("history");
    group.bench_function("record_and_serialise", |b| {
        b.iter(|| serde_json::to_string(&record(black_box(2))))
    });
    group.bench_function("last_of_365_runs", |b| {
        b.iter(|| history::last(black_box(&path)))
    });
    group.bench_function("load_365_runs", |b| {
        b.iter(|| history::load(black_box(&path)))
    });
    group.bench_function("diff", |b| {
        b.iter(|| history::diff(black_box(&first), black_box(&second)))
    });
    group.finish();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("history of 365 runs: {size} bytes");
}

criterion_group!(benches, bench);
criterion_main!(benches);
