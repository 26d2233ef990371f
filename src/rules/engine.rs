//! The sandboxed Rhai engine the rule scripts run in.
//!
//! Scripts can neither import modules nor touch files, print to the run log
//! instead of stdout, and are stopped by limits on operations, call depth,
//! expression depth, string, array and map size, and a wall-clock budget.

use rhai::{Dynamic, Engine, EvalAltResult, Position};
use std::cell::Cell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Limits every script runs under; documented in the README.
pub mod limits {
    pub const MAX_OPERATIONS: u64 = 5_000_000;
    pub const MAX_CALL_LEVELS: usize = 48;
    pub const MAX_EXPR_DEPTH: usize = 64;
    pub const MAX_FUNCTION_EXPR_DEPTH: usize = 32;
    pub const MAX_STRING_SIZE: usize = 64 * 1024;
    pub const MAX_ARRAY_SIZE: usize = 100_000;
    pub const MAX_MAP_SIZE: usize = 10_000;
    pub const MAX_LOG_LINES: usize = 1_000;
    pub const WALL_CLOCK: std::time::Duration = std::time::Duration::from_secs(2);
}

/// A declaration a script made by calling `metric(...)` or `alias(...)`,
/// kept raw with its place so the loader can check it and point at it.
#[derive(Debug, Clone)]
pub struct Declaration {
    pub kind: DeclarationKind,
    pub file: String,
    pub position: Position,
    pub args: (Dynamic, Dynamic),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclarationKind {
    Metric,
    Alias,
    Test,
    /// `layout("pattern", #{ shape: "wide", ... })`.
    Layout,
    /// `records("tickets", #{ line: "Group", ... })`.
    Records,
    /// `feature("Dashboards", #{ line: "Atlas Analytics", events: [...] })`.
    Feature,
    /// `fits(#{ product_market: [...], ... })`: one argument.
    Fits,
    /// `focus(#{ maintenance: [...], growth_stages: [...] })`: one argument.
    Focus,
    /// `data_targets(false)`: whether targets given in the data are used.
    DataTargets,
    /// `currency("EUR")`: the portfolio's currency.
    Currency,
    /// `min_coverage(0.5)` or `min_coverage(#{ pm: 0.6 })`.
    MinCoverage,
}

/// The engine plus what the scripts told it.
pub struct Sandbox {
    pub engine: Engine,
    pub declarations: Arc<Mutex<Vec<Declaration>>>,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Sandbox {
    pub fn new() -> Self {
        let mut engine = Engine::new();
        engine
            .set_max_operations(limits::MAX_OPERATIONS)
            .set_max_call_levels(limits::MAX_CALL_LEVELS)
            .set_max_expr_depths(limits::MAX_EXPR_DEPTH, limits::MAX_FUNCTION_EXPR_DEPTH)
            .set_max_string_size(limits::MAX_STRING_SIZE)
            .set_max_array_size(limits::MAX_ARRAY_SIZE)
            .set_max_map_size(limits::MAX_MAP_SIZE)
            .set_module_resolver(rhai::module_resolvers::DummyModuleResolver::new())
            .set_strict_variables(true);

        let log: Arc<Mutex<Vec<String>>> = Arc::default();
        let sink = log.clone();
        engine.on_print(move |text| keep(&sink, text.to_string()));
        let sink = log.clone();
        engine.on_debug(move |text, source, pos| {
            let place = match (source, pos.line()) {
                (Some(s), Some(l)) => format!("{s}:{l}: "),
                _ => String::new(),
            };
            keep(&sink, format!("{place}{text}"));
        });

        // Reading the clock costs more than an operation: look every 1,024.
        engine.on_progress(move |ops| {
            (ops % 1024 == 0 && STARTED.with(|s| s.get().elapsed()) > limits::WALL_CLOCK)
                .then(|| Dynamic::from("wall-clock budget"))
        });

        super::line_view::register(&mut engine);
        let declarations: Arc<Mutex<Vec<Declaration>>> = Arc::default();
        for (name, kind) in [
            ("metric", DeclarationKind::Metric),
            ("alias", DeclarationKind::Alias),
            ("test", DeclarationKind::Test),
            ("layout", DeclarationKind::Layout),
            ("records", DeclarationKind::Records),
            ("feature", DeclarationKind::Feature),
        ] {
            let sink = declarations.clone();
            engine.register_fn(
                name,
                move |ctx: rhai::NativeCallContext,
                      a: Dynamic,
                      b: Dynamic|
                      -> Result<(), Box<EvalAltResult>> {
                    lock(&sink).push(Declaration {
                        kind,
                        file: ctx.call_source().unwrap_or_default().to_string(),
                        position: ctx.call_position(),
                        args: (a, b),
                    });
                    Ok(())
                },
            );
        }
        for (name, kind) in [
            ("fits", DeclarationKind::Fits),
            ("focus", DeclarationKind::Focus),
            ("data_targets", DeclarationKind::DataTargets),
            ("currency", DeclarationKind::Currency),
            ("min_coverage", DeclarationKind::MinCoverage),
        ] {
            let sink = declarations.clone();
            engine.register_fn(
                name,
                move |ctx: rhai::NativeCallContext, a: Dynamic| -> Result<(), Box<EvalAltResult>> {
                    lock(&sink).push(Declaration {
                        kind,
                        file: ctx.call_source().unwrap_or_default().to_string(),
                        position: ctx.call_position(),
                        args: (a, Dynamic::UNIT),
                    });
                    Ok(())
                },
            );
        }
        Sandbox {
            engine,
            declarations,
            log,
        }
    }

    /// Restarts the wall-clock budget; call before running each script.
    pub fn start_clock(&self) {
        STARTED.with(|s| s.set(Instant::now()));
    }
}

thread_local! {
    /// When the script or hook running on this thread started: the
    /// wall-clock budget is per call, and scorecards are built on several
    /// threads.
    static STARTED: Cell<Instant> = Cell::new(Instant::now());
}

/// Locks `m`; a panic elsewhere cannot leave these lists half-written, so a
/// poisoned lock is used as it is.
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Adds a line to the run log, which keeps the first
/// [`limits::MAX_LOG_LINES`]: a hook that prints runs once per line and
/// period, and must not fill memory.
fn keep(log: &Mutex<Vec<String>>, line: String) {
    let mut log = lock(log);
    match log.len() {
        n if n < limits::MAX_LOG_LINES => log.push(line),
        n if n == limits::MAX_LOG_LINES => {
            log.push("(more output from the rules was left out of the log)".to_string())
        }
        _ => {}
    }
}

/// A runtime error in the user's terms, without Rhai's own position suffix.
pub fn describe(error: &EvalAltResult) -> String {
    match error.unwrap_inner() {
        EvalAltResult::ErrorTooManyOperations(..) => format!(
            "the script did more than {} operations and was stopped: look for a loop that never ends",
            limits::MAX_OPERATIONS
        ),
        EvalAltResult::ErrorStackOverflow(..) => format!(
            "functions called each other more than {} levels deep and were stopped: look for recursion without an end",
            limits::MAX_CALL_LEVELS
        ),
        EvalAltResult::ErrorTerminated(..) => format!(
            "the script ran longer than its {} budget and was stopped",
            humanise(limits::WALL_CLOCK)
        ),
        EvalAltResult::ErrorDataTooLarge(what, ..) => {
            let what = what.to_ascii_lowercase();
            let (thing, limit) = if what.contains("string") {
                ("a string", format!("{} bytes", limits::MAX_STRING_SIZE))
            } else if what.contains("array") {
                ("an array", format!("{} items", limits::MAX_ARRAY_SIZE))
            } else {
                ("a map", format!("{} entries", limits::MAX_MAP_SIZE))
            };
            format!("{thing} grew past the sandbox limit of {limit} and the script was stopped")
        }
        EvalAltResult::ErrorModuleNotFound(name, ..) => {
            format!("cannot import \"{name}\": rule scripts may not import modules or read files")
        }
        EvalAltResult::ErrorFunctionNotFound(signature, ..) if signature.contains("()") => format!(
            "a value is missing (it is ()) where {signature} needs one: check with line.has(\"metric\") before using a metric that may have no data"
        ),
        EvalAltResult::ErrorFunctionNotFound(signature, ..) => {
            format!("unknown function {signature}")
        }
        EvalAltResult::ErrorRuntime(message, ..) => message.to_string(),
        EvalAltResult::ErrorVariableNotFound(name, ..) => format!("unknown variable '{name}'"),
        other => {
            let text = other.to_string();
            match text.rfind(" (line ") {
                Some(at) if text.ends_with(')') => text[..at].to_string(),
                _ => text,
            }
        }
    }
}

/// A syntax error in the user's terms, with a hint when the line shows a
/// likely cause: a decimal comma, a percent sign, or (an item of a map
/// starting its line) a comma missing at the end of the line before.
/// `line` is the script line of the error, `line_number` and `column` its
/// place (1-based).
pub fn describe_parse(
    error: &rhai::ParseErrorType,
    line: &str,
    line_number: usize,
    column: usize,
) -> String {
    use rhai::ParseErrorType as E;
    let message = match error {
        E::ExprTooDeep => {
            return format!(
                "an expression is nested more than {} levels deep: split it into smaller steps with let",
                limits::MAX_EXPR_DEPTH
            );
        }
        E::VariableUndefined(name) => {
            format!(
                "unknown variable {name}: check its spelling, or declare it first with let {name} = ...;"
            )
        }
        E::Reserved(name) => format!(
            "'{name}' is a reserved word in Rhai: as a map key, write it in quotes (\"{name}\": ...)"
        ),
        other => other.to_string(),
    };
    let bytes = line.as_bytes();
    let decimal_comma = bytes
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b',' && w[2].is_ascii_digit());
    let percent = bytes
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'%');
    let starts_line = line.len() - line.trim_start().len() + 1 == column;
    if percent {
        format!("{message}: write a percentage as a fraction, e.g. 0.90 for 90%")
    } else if decimal_comma {
        format!("{message}: numbers in rule scripts take a decimal point, e.g. 0.90, not 0,90")
    } else if matches!(error, E::MissingToken(token, _) if token == ",")
        && starts_line
        && line_number > 1
    {
        format!(
            "{message}: is a comma missing at the end of line {}?",
            line_number - 1
        )
    } else {
        message
    }
}

fn humanise(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}

/// The place of a runtime error: the innermost position, in the file of the
/// innermost function call.
/// `fn_files` names the file of each script function, for functions called
/// from hooks (whose errors carry no source of their own).
pub fn place_of(
    error: &EvalAltResult,
    file: &str,
    fn_files: &HashMap<String, String>,
) -> (String, Position) {
    let mut file = file.to_string();
    let mut current = error;
    while let EvalAltResult::ErrorInFunctionCall(name, source, inner, _) = current {
        if !source.is_empty() {
            file = source.clone();
        } else if let Some(f) = fn_files.get(name) {
            file = f.clone();
        }
        current = inner;
    }
    (file, current.position())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_run_log_keeps_the_first_thousand_lines() {
        let sandbox = Sandbox::new();
        sandbox
            .engine
            .run("for i in 0..1500 { print(i) }")
            .expect("the script runs");
        let log = lock(&sandbox.log);
        assert_eq!(log.len(), limits::MAX_LOG_LINES + 1);
        assert_eq!(log[999], "999");
        assert_eq!(
            log[1000],
            "(more output from the rules was left out of the log)"
        );
    }
}
