//! What every record benchmark shares: linecard's run over one file
//! (ingest and frame, as the binary does it), and the floor's way of putting
//! a time in its quarter.

use linecard::frame::{self, FrameOptions};
use linecard::ingest::{self, InputFile};
use polars::prelude::*;

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
