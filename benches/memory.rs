//! Peak memory and time of whole `linecard` runs on large inputs:
//! `cargo bench --bench memory`. Each run is the release binary on a
//! generated wide CSV (a product line and a month per row, six KPIs), its
//! peak resident set size read from the kernel when the run ends (`wait4`),
//! beside the input's own size (the floor: the file is read whole). The
//! inputs:
//!
//! - 1,000,000 rows (1,000 lines × 1,000 months), `check` and `report`;
//! - 4,000,000 rows (184 MB, 32,000,000 fields): refused by the field limit;
//! - 1,000 and 5,000 lines × 4 months, `report` (line sheets, then the
//!   limit on them).
//!
//! Set `LINECARD_BENCH_INPUTS=DIR` to keep the generated inputs in DIR.
//! Figures are kept in the README ("Memory").

// Each benchmark that runs programs uses part of it.
#[cfg(unix)]
#[allow(dead_code)]
#[path = "support/process.rs"]
mod process;

#[cfg(unix)]
fn main() {
    use std::path::PathBuf;
    let keep = std::env::var_os("LINECARD_BENCH_INPUTS").map(PathBuf::from);
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let root = keep.unwrap_or_else(|| scratch.path().to_path_buf());
    let inputs = [
        ("1,000,000 rows", 1_000, 1_000),
        ("4,000,000 rows", 4_000, 1_000),
        ("1,000 lines", 1_000, 4),
        ("5,000 lines", 5_000, 4),
    ];
    println!("| input | size | command | exit | wall time | peak RSS |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for (what, lines, months) in inputs {
        let dir = root.join(format!("wide-{lines}x{months}"));
        let file = unix::wide_csv(&dir, lines, months);
        let size = std::fs::metadata(&file).expect("written").len();
        let commands: &[&[&str]] = if months > 4 {
            &[
                &["check", "kpis.csv"],
                &["report", "kpis.csv", "-o", "r.xlsx"],
            ]
        } else {
            &[&["report", "kpis.csv", "-o", "r.xlsx"]]
        };
        for args in commands {
            let run = process::linecard(&dir, args);
            println!(
                "| {what} | {:.1} MB | `linecard {}` | {} | {:.2} s | {:.0} MB |",
                size as f64 / 1e6,
                args.join(" "),
                run.code,
                run.seconds,
                run.peak_bytes as f64 / 1e6,
            );
        }
    }
}

#[cfg(unix)]
mod unix {
    use std::io::Write as _;
    use std::path::{Path, PathBuf};

    /// Writes `dir/kpis.csv`: `lines` lines × `months` months from 2000-01,
    /// six KPIs a row (their values vary with the line and the month).
    pub fn wide_csv(dir: &Path, lines: usize, months: usize) -> PathBuf {
        std::fs::create_dir_all(dir).expect("a folder for the input");
        let path = dir.join("kpis.csv");
        if path.exists() {
            return path;
        }
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("created"));
        writeln!(
            out,
            "Product Line,Month,NPS,CSAT,Churn Rate,MRR,ARPU,Activation Rate"
        )
        .expect("written");
        for l in 0..lines {
            for m in 0..months {
                let k = l * 7 + m * 13;
                writeln!(
                    out,
                    "Line {l:05},{}-{:02},{},{:.2},{:.2},{},{},{:.2}",
                    2000 + m / 12,
                    m % 12 + 1,
                    (k % 90) as i64 - 20,
                    0.6 + (k % 40) as f64 / 100.0,
                    (k % 9) as f64 / 100.0,
                    1000 + k % 5000,
                    50 + k % 70,
                    0.3 + (k % 50) as f64 / 100.0,
                )
                .expect("written");
            }
        }
        out.flush().expect("written");
        path
    }
}

#[cfg(not(unix))]
fn main() {
    eprintln!("the memory benchmark reads peak memory with wait4, on Unix only");
}
