//! What every record benchmark shares: the generated export as an input
//! file (kept in `LINECARD_BENCH_INPUTS=DIR` when set, for timing and
//! measuring a whole `linecard check` run on it), linecard's run over one
//! file (ingest and frame, as the binary does it), and the floor's way of
//! putting a time in its quarter.

use linecard::frame::{self, FrameOptions};
use linecard::ingest::{self, InputFile};
use polars::prelude::*;

/// The generated export `name` as linecard's input, also written to the
/// folder `LINECARD_BENCH_INPUTS` names, if it is set.
pub fn input_file(name: &str, bytes: Vec<u8>) -> InputFile {
    if let Some(dir) = std::env::var_os("LINECARD_BENCH_INPUTS") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("the inputs folder");
        std::fs::write(dir.join(name), &bytes).expect("the input is kept");
    }
    InputFile {
        display: name.to_string(),
        bytes: bytes.into(),
    }
}

/// Reads and frames `file` as `linecard report` does; the number of KPI
/// values it gives.
pub fn linecard_records(file: &InputFile, options: &FrameOptions) -> usize {
    let ingested = ingest::ingest(vec![file.clone()]).expect("reads");
    let kpis = frame::build(&ingested.grids, options).expect("frames");
    kpis.df().height()
}

/// The quarter a UTC millisecond time falls in, as `year * 4 + quarter - 1`,
/// for 2024-2026: the count of quarter starts at or before it.
pub fn quarter_of(time: Expr) -> Expr {
    let mut starts = Vec::new();
    for year in 2024..=2026 {
        for month in [1, 4, 7, 10] {
            let start = chrono::NaiveDate::from_ymd_opt(year, month, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp_millis();
            starts.push(start);
        }
    }
    // Parsed dates are in microseconds: compare milliseconds.
    let ms = time
        .cast(DataType::Datetime(TimeUnit::Milliseconds, None))
        .cast(DataType::Int64);
    starts.iter().fold(lit(2024 * 4 - 1), |q, start| {
        q + ms.clone().gt_eq(lit(*start)).cast(DataType::Int32)
    })
}

/// The shipped rules plus `script` as `30-records.rhai`, loaded from a
/// rules folder as `linecard -r` loads it; kept as `rules-NAME` in the
/// folder `LINECARD_BENCH_INPUTS` names, for `linecard check -r`.
pub fn rules_with(name: &str, script: &str) -> FrameOptions {
    use linecard::rules::{RuleSet, RulesSource};
    let rules = tempfile::tempdir().expect("a scratch folder");
    let scripts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
    for entry in std::fs::read_dir(scripts).expect("the shipped scripts") {
        let path = entry.expect("a script").path();
        if path.extension().is_some_and(|e| e == "rhai") {
            std::fs::copy(&path, rules.path().join(path.file_name().unwrap())).expect("copied");
        }
    }
    std::fs::write(rules.path().join("30-records.rhai"), script).expect("written");
    if let Some(dir) = std::env::var_os("LINECARD_BENCH_INPUTS") {
        let kept = std::path::PathBuf::from(dir).join(format!("rules-{name}"));
        std::fs::create_dir_all(&kept).expect("the kept rules folder");
        for entry in std::fs::read_dir(rules.path()).expect("the rules") {
            let path = entry.expect("a script").path();
            std::fs::copy(&path, kept.join(path.file_name().unwrap())).expect("kept");
        }
    }
    RuleSet::load(&RulesSource::Folder(rules.path().to_path_buf()))
        .expect("the rules load")
        .frame_options()
}

/// Times the floor and linecard on `file` side by side, as `CASE/polars_floor`
/// and `CASE/linecard` in the `records` group.
pub fn compare(
    c: &mut criterion::Criterion,
    case: &str,
    file: &InputFile,
    options: &FrameOptions,
    floor: fn(&[u8]) -> usize,
) {
    use std::hint::black_box;
    let mut group = c.benchmark_group("records");
    group.sample_size(10);
    group.measurement_time(std::time::Duration::from_secs(20));
    group.warm_up_time(std::time::Duration::from_secs(2));
    group.bench_function(format!("{case}/polars_floor"), |b| {
        b.iter(|| floor(black_box(&file.bytes)))
    });
    group.bench_function(format!("{case}/linecard"), |b| {
        b.iter(|| linecard_records(black_box(file), options))
    });
    group.finish();
}
