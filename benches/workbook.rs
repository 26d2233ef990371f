//! The report against the script a user would otherwise write:
//! `cargo bench --bench workbook`. 1,000,000 raw survey responses over 200
//! product lines and the four quarters of 2025 become NPS and CSAT per line
//! and quarter and a workbook with a Summary and a sheet per line, written
//! in the same run by
//!
//! - the release `linecard report`, on both cores and on one
//!   (`taskset -c 0`: the line sheets are built in parallel), with its line
//!   sheets and without them (`--line-sheets 0`), so the line sheets' cost
//!   is the difference;
//! - the pandas + XlsxWriter script `benches/peer/survey_report.py` (the
//!   peer; left out with a note when `python3` lacks pandas or xlsxwriter:
//!   `pip install pandas xlsxwriter`);
//! - any other builds of linecard named in `LINECARD_BENCH_BINARIES`
//!   (`name=path,name=path`), to compare rust_xlsxwriter's features.
//!
//! Each figure is the median of five runs, with that run's peak resident set
//! size. Set `LINECARD_BENCH_INPUTS=DIR` to keep the generated input in DIR.
//! Figures are kept in the README ("The workbook").

// Each benchmark that runs programs uses part of it.
#[cfg(unix)]
#[allow(dead_code)]
#[path = "support/process.rs"]
mod process;

#[cfg(unix)]
fn main() {
    use process::{Run, median};
    use std::ffi::{OsStr, OsString};
    use std::path::{Path, PathBuf};

    const RUNS: usize = 5;
    const LINES: usize = 200;
    let keep = std::env::var_os("LINECARD_BENCH_INPUTS").map(PathBuf::from);
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let dir = keep
        .unwrap_or_else(|| scratch.path().to_path_buf())
        .join("responses-1m");
    let input = responses_csv(&dir, 1_000_000, LINES);
    let size = std::fs::metadata(&input).expect("written").len();
    println!(
        "1,000,000 responses, {LINES} lines, 4 quarters ({:.1} MB); median of {RUNS}\n",
        size as f64 / 1e6
    );
    println!("| program | line sheets | cores | wall time | peak RSS |");
    println!("| --- | --- | --- | --- | --- |");
    let row = |program: &str, sheets: &str, cores: &str, run: &Run| {
        assert_eq!(run.code, 0, "{program} failed on {}", dir.display());
        println!(
            "| {program} | {sheets} | {cores} | {:.2} s | {:.0} MB |",
            run.seconds,
            run.peak_bytes as f64 / 1e6
        );
    };
    let report = |binary: &OsStr, sheets: bool, one_core: bool| {
        let mut args: Vec<OsString> = Vec::new();
        if one_core {
            args.extend(["-c".into(), "0".into(), binary.to_owned()]);
        }
        args.extend(["report", "responses.csv", "-o", "report.xlsx"].map(OsString::from));
        if !sheets {
            args.extend(["--line-sheets", "0"].map(OsString::from));
        }
        let program = if one_core {
            OsStr::new("taskset")
        } else {
            binary
        };
        median(RUNS, || process::program(&dir, program, &args))
    };
    let linecard = OsStr::new(env!("CARGO_BIN_EXE_linecard"));
    let taskset = which("taskset");
    let mut per_sheet = Vec::new();
    for one_core in [false, true] {
        if one_core && !taskset {
            println!("\n(no `taskset` here: the one-core runs are left out)");
            continue;
        }
        let cores = if one_core { "1" } else { "2" };
        let with = report(linecard, true, one_core);
        let without = report(linecard, false, one_core);
        row("linecard", &LINES.to_string(), cores, &with);
        row("linecard", "0", cores, &without);
        per_sheet.push((cores, (with.seconds - without.seconds) / LINES as f64));
        if !one_core {
            peer(&dir, &with);
        }
    }
    for (name, path) in std::env::var("LINECARD_BENCH_BINARIES")
        .unwrap_or_default()
        .split(',')
        .filter_map(|pair| pair.split_once('='))
    {
        row(
            name,
            &LINES.to_string(),
            "2",
            &report(OsStr::new(path), true, false),
        );
    }
    println!();
    for (cores, seconds) in per_sheet {
        println!(
            "line sheets on {cores} core(s): {:.2} ms a sheet",
            seconds * 1e3
        );
    }

    /// Runs the peer script when python3 has what it needs, and prints its
    /// row and how many times slower than `ours` it is.
    fn peer(dir: &Path, ours: &Run) {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peer/survey_report.py");
        let ready = std::process::Command::new("python3")
            .args(["-c", "import pandas, xlsxwriter"])
            .status()
            .is_ok_and(|status| status.success());
        if !ready {
            println!("| pandas + XlsxWriter | (left out: pip install pandas xlsxwriter) | | | |");
            return;
        }
        let args = [
            script.as_os_str(),
            OsStr::new("responses.csv"),
            OsStr::new("peer.xlsx"),
        ];
        let run = median(RUNS, || process::program(dir, OsStr::new("python3"), &args));
        assert_eq!(run.code, 0, "the peer script failed in {}", dir.display());
        println!(
            "| pandas + XlsxWriter | 200 | 1 | {:.2} s | {:.0} MB | ({:.1}× linecard's time)",
            run.seconds,
            run.peak_bytes as f64 / 1e6,
            run.seconds / ours.seconds
        );
    }

    /// Whether `program` is on the PATH.
    fn which(program: &str) -> bool {
        std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
    }
}

/// Writes `dir/responses.csv` (unless it is there): `rows` responses in
/// time order over 2025, each for one of `lines` product lines, with a 0-10
/// recommend score and a 1-5 satisfaction score, from a fixed seed.
#[cfg(unix)]
fn responses_csv(dir: &std::path::Path, rows: usize, lines: usize) -> std::path::PathBuf {
    use std::io::Write as _;
    std::fs::create_dir_all(dir).expect("a folder for the input");
    let path = dir.join("responses.csv");
    if path.exists() {
        return path;
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("created"));
    writeln!(out, "Submitted At,Product,Recommend,Satisfaction").expect("written");
    let mut seed: u64 = 42;
    let mut next = |below: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % below
    };
    let minutes_in_2025 = 365 * 24 * 60;
    for row in 0..rows {
        let minute = row * minutes_in_2025 / rows;
        let (day, minute) = (minute / (24 * 60), minute % (24 * 60));
        let (month, day) = month_and_day(day);
        let line = next(lines as u64);
        // Each line leans its own way, so the lines' scores differ.
        let recommend = (next(11) + line % 3).min(10);
        let satisfaction = (1 + next(5) + line % 2).min(5);
        writeln!(
            out,
            "2025-{month:02}-{day:02} {:02}:{:02}:00,Line {:03},{recommend},{satisfaction}",
            minute / 60,
            minute % 60,
            line + 1,
        )
        .expect("written");
    }
    out.flush().expect("written");
    path
}

/// The month and day of the month of a day of 2025 (0 = 1 January).
#[cfg(unix)]
fn month_and_day(mut day: usize) -> (usize, usize) {
    const DAYS: [usize; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    for (month, days) in DAYS.iter().enumerate() {
        if day < *days {
            return (month + 1, day + 1);
        }
        day -= days;
    }
    unreachable!("2025 has 365 days")
}

#[cfg(not(unix))]
fn main() {
    eprintln!("the workbook benchmark reads peak memory with wait4, on Unix only");
}
