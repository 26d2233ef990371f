//! How linecard talks to the terminal: `-q/--quiet`, `-v/--verbose` and
//! progress bars, which go to stderr and only when it is a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fmt::Display;
use std::io::IsTerminal;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The global terminal flags of this run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ui {
    pub quiet: bool,
    pub verbose: bool,
    /// `check --all`: print every problem, not only the first 50.
    pub all: bool,
}

static UI: OnceLock<Ui> = OnceLock::new();

/// Sets the flags once, at the start of a command.
pub fn init(ui: Ui) {
    let _ = UI.set(ui);
}

pub fn get() -> Ui {
    UI.get().copied().unwrap_or_default()
}

/// A line for `-v`, on stderr.
pub fn verbose(message: impl Display) {
    if get().verbose {
        eprintln!(
            "{}",
            crate::model::terminal_text::for_terminal(&message.to_string())
        );
    }
}

/// Under `-v`: the rule scripts loaded and what they logged.
pub fn trace_rules(rules: Option<&crate::rules::RuleSet>) {
    let Some(rules) = rules.filter(|_| get().verbose) else {
        return;
    };
    for file in &rules.files {
        verbose(format!(
            "rules: {} sha256 {}",
            file.path,
            &file.sha256[..12]
        ));
    }
    for line in &rules.log {
        verbose(format!("rule log: {line}"));
    }
}

/// Under `-v`: the input files read.
pub fn trace_files(files: &[crate::ingest::InputFile]) {
    if get().verbose {
        for file in files {
            verbose(format!(
                "read {} ({} bytes)",
                file.display,
                file.bytes.len()
            ));
        }
    }
}

/// The steps of one run, shown as a bar on stderr (when it is a terminal and
/// not quiet) and timed under `-v`.
pub struct Progress {
    bar: ProgressBar,
    step: Option<(String, Instant)>,
}

impl Progress {
    pub fn new(steps: u64) -> Self {
        let ui = get();
        let visible = !ui.quiet && std::io::stderr().is_terminal();
        let target = if visible {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(steps), target);
        bar.set_style(
            ProgressStyle::with_template("{bar:24} {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        if visible {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        Progress { bar, step: None }
    }

    /// Ends the current step (printing its time under `-v`) and starts `name`.
    pub fn step(&mut self, name: &str) {
        self.end_step();
        self.bar.set_message(name.to_string());
        self.step = Some((name.to_string(), Instant::now()));
    }

    fn end_step(&mut self) {
        if let Some((name, started)) = self.step.take() {
            self.bar.inc(1);
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            self.bar.suspend(|| verbose(format!("{name}: {ms:.0} ms")));
        }
    }

    /// Ends the last step and removes the bar.
    pub fn finish(mut self) {
        self.end_step();
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
