//! Whole-process measurement for the benchmarks that run programs (the
//! `linecard` release binary, or a peer script) rather than functions: the
//! exit code, wall time and peak resident set size of one run, read from the
//! kernel when the child ends (`wait4`). Unix only.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// One finished run.
pub struct Run {
    pub code: i32,
    pub seconds: f64,
    pub peak_bytes: u64,
}

/// Runs the release `linecard` binary with `args` in `dir`.
pub fn linecard<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Run {
    program(dir, OsStr::new(env!("CARGO_BIN_EXE_linecard")), args)
}

/// Runs `program` with `args` in `dir`, its output dropped, and reads its
/// exit code, wall time and peak resident set size.
// The child is waited for with wait4 (for its resource use), which clippy
// does not see.
#[allow(clippy::zombie_processes)]
pub fn program<S: AsRef<OsStr>>(dir: &Path, program: &OsStr, args: &[S]) -> Run {
    let started = Instant::now();
    let child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| panic!("{} starts: {error}", program.to_string_lossy()));
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the child is ours and not yet waited for; both pointers are to
    // live values of the types wait4 writes.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert!(pid > 0, "wait4 failed: {}", std::io::Error::last_os_error());
    Run {
        code: if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        },
        seconds: started.elapsed().as_secs_f64(),
        // ru_maxrss is in KiB on Linux.
        peak_bytes: usage.ru_maxrss as u64 * 1024,
    }
}

/// The run with the median wall time of `times` runs of `run`.
pub fn median(times: usize, mut run: impl FnMut() -> Run) -> Run {
    let mut runs: Vec<Run> = (0..times).map(|_| run()).collect();
    runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    runs.swap_remove(runs.len() / 2)
}
