//! End-to-end pipeline on the bundled sample data, stage by stage:
//! `cargo bench --bench pipeline`. Figures are kept in the README.

use criterion::{Criterion, criterion_group, criterion_main};
use linecard::frame;
use linecard::ingest;
use linecard::report::{Exporter, Json, ReportDoc, Xlsx};
use linecard::rules::{RuleSet, RulesSource};
use linecard::scorecard;
use std::hint::black_box;

/// The allocator the `linecard` binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn pipeline(c: &mut Criterion) {
    let rules = RuleSet::load(&RulesSource::Builtin).expect("default rules load");
    let options = rules.frame_options();
    let ingested = ingest::ingest(ingest::bundled_sample()).expect("sample reads");
    let kpis = frame::build(&ingested.grids, &options).expect("sample frames");
    let portfolio = scorecard::build(&kpis, &rules).expect("sample scores");
    let period = portfolio.latest_period().expect("sample has periods");
    let doc = ReportDoc::new(&ingested.files, &rules, &portfolio, period);

    let mut group = c.benchmark_group("sample");
    group.bench_function("rules_load", |b| {
        b.iter(|| RuleSet::load(black_box(&RulesSource::Builtin)))
    });
    group.bench_function("ingest", |b| {
        b.iter(|| ingest::ingest(black_box(ingest::bundled_sample())))
    });
    group.bench_function("frame", |b| {
        b.iter(|| frame::build(black_box(&ingested.grids), &options))
    });
    group.bench_function("scorecard", |b| {
        b.iter(|| scorecard::build(black_box(&kpis), &rules))
    });
    group.bench_function("xlsx", |b| b.iter(|| Xlsx.render(black_box(&doc))));
    group.bench_function("json", |b| b.iter(|| Json.render(black_box(&doc))));
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
