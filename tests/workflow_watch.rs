//! `linecard watch`: an edit re-runs the report; a broken rule prints its
//! error and leaves the last good report in place; lock files are ignored.

mod common;

use common::linecard;
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Collects a child's output stream on a thread.
fn collect(mut stream: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = text.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stream.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    text
}

/// Polls `done` until it holds or a minute has passed.
fn wait_for(what: &str, log: &Arc<Mutex<String>>, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}; stderr so far:\n{}",
            log.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from));
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn watch_reruns_on_an_edit_and_keeps_the_last_good_report_after_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    linecard(dir.path()).args(["init", "ws"]).assert().success();
    let ws = dir.path().join("ws");
    let report = ws.join("reports/linecard-report.xlsx");

    let mut child = Command::new(assert_cmd::cargo::cargo_bin("linecard"))
        .args(["watch", "--fail-on", "red"])
        .current_dir(&ws)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = collect(child.stdout.take().unwrap());
    let stderr = collect(child.stderr.take().unwrap());
    let _child = Killed(child);
    let has = |log: &Arc<Mutex<String>>, text: &str| log.lock().unwrap().contains(text);

    wait_for("the first report", &stderr, || {
        has(&stderr, "watching inbox, scripts for changes")
    });
    let first = std::fs::read(&report).unwrap();
    // --fail-on says what reached the threshold after each run, and the
    // watch goes on.
    assert!(has(
        &stderr,
        "linecard: --fail-on red: 15 KPIs are red in 2025-Q4:\n  Cobalt Payments: LTV / CAC\n"
    ));

    // Lock files and partial downloads are not inputs: they never trigger a run.
    common::write(&ws, "inbox/~$product-kpis.xlsx", "lock");
    common::write(&ws, "inbox/.~lock.marketing-kpis.csv#", "lock");
    common::write(&ws, "inbox/new-export.csv.crdownload", "partial");
    edit(
        &ws.join("inbox/marketing-kpis.csv"),
        "Atlas Analytics,2025-Q4,0.311,",
        "Atlas Analytics,2025-Q4,0.101,",
    );
    wait_for("the report to change", &stderr, || {
        std::fs::read(&report).is_ok_and(|now| now != first)
    });
    wait_for("the change note", &stderr, || {
        has(&stdout, "  newly red: Atlas Analytics win_rate\n")
    });
    wait_for("the new --fail-on count", &stderr, || {
        has(
            &stderr,
            "linecard: --fail-on red: 16 KPIs are red in 2025-Q4:\n  Atlas Analytics: Win rate\n",
        )
    });
    assert!(
        has(&stderr, "\nchanged: inbox/marketing-kpis.csv\n"),
        "{}",
        stderr.lock().unwrap()
    );
    let good = std::fs::read(&report).unwrap();

    // A broken rule: the error is printed, the report stays, the watch goes on.
    common::write(
        &ws,
        "scripts/20-broken.rhai",
        "metric(\"nps\", #{ owner: \"nobody\" });\n",
    );
    wait_for("the rule error", &stderr, || {
        has(
            &stderr,
            "watch: kept the last good report (reports/linecard-report.xlsx); waiting for the next change",
        )
    });
    assert!(has(
        &stderr,
        "error: scripts/20-broken.rhai:1:18: owner must be \"pm\", \"pmm\" or \"shared\", got \"nobody\""
    ));
    assert_eq!(
        std::fs::read(&report).unwrap(),
        good,
        "the last good report was replaced"
    );

    // Fixing it brings the reports back.
    std::fs::remove_file(ws.join("scripts/20-broken.rhai")).unwrap();
    edit(
        &ws.join("inbox/marketing-kpis.csv"),
        "Atlas Analytics,2025-Q4,0.101,",
        "Atlas Analytics,2025-Q4,0.301,",
    );
    wait_for("the recovery", &stderr, || {
        has(&stdout, "  recovered: Atlas Analytics win_rate\n")
    });
}
