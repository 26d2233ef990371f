//! `linecard check`: validate inputs and rules, print every problem, write
//! nothing.

use super::exit::Exit;
use super::pipeline;
use super::stdout;
use crate::cli::CheckArgs;
use crate::model::format::plural;
use crate::rules::{Hook, RuleSet};
use anyhow::Result;

pub fn run(args: &CheckArgs) -> Result<Exit> {
    if args.sources.inputs.is_empty() {
        let rules = pipeline::load_rules(&args.sources)?;
        if super::ui::get().quiet {
            return Ok(Exit::Success);
        }
        stdout::line(format!(
            "rules ok: {}; no inputs given, so only the rules were checked",
            describe(&rules)
        ))?;
        return Ok(Exit::Success);
    }
    let mut readings = Vec::new();
    let run = pipeline::run_reading(&args.sources, &mut readings);
    // How each file was read comes first, also when reading failed.
    if !super::ui::get().quiet {
        for reading in super::across_files::readings(&readings) {
            stdout::line(reading)?;
        }
    }
    let run = run?;
    let warnings = super::problems::warnings(&run.portfolio.issues);
    super::problems::print("warning", &warnings, args.all);
    if super::ui::get().quiet {
        return Ok(Exit::Success);
    }
    let (files, values) = (run.files.len(), run.frame.df().height());
    let (lines, periods) = (run.frame.lines().len(), run.frame.periods().len());
    stdout::line(format!(
        "ok: {files} input file{}, {values} value{} for {lines} line{} over {periods} period{}; {}",
        plural(files),
        plural(values),
        plural(lines),
        plural(periods),
        describe(&run.rules)
    ))?;
    Ok(Exit::Success)
}

/// "3 rule scripts, 10 metrics in the catalogue, hooks derive, targets and
/// labels, 11 rule tests".
fn describe(rules: &RuleSet) -> String {
    let (scripts, metrics, tests) = (
        rules.files.len(),
        rules.catalogue.metrics.len(),
        rules.tests.len(),
    );
    let hooks: Vec<&str> = Hook::ALL
        .into_iter()
        .filter(|h| rules.hooks.defined_in(*h).is_some())
        .map(|h| h.as_str())
        .collect();
    let hooks = match hooks.as_slice() {
        [] => String::new(),
        [one] => format!(", hook {one}"),
        [rest @ .., last] => format!(", hooks {} and {last}", rest.join(", ")),
    };
    let tests = match tests {
        0 => String::new(),
        n => format!(
            ", {n} rule test{} (run them with `linecard test`)",
            plural(n)
        ),
    };
    let built_in = if rules.files.iter().all(|f| f.builtin) {
        " built-in"
    } else {
        ""
    };
    let copy = if built_in.is_empty() {
        ""
    } else {
        " (`linecard init` gives an editable copy)"
    };
    format!(
        "{scripts}{built_in} rule script{}{copy}, {metrics} metric{} in the catalogue{hooks}{tests}",
        plural(scripts),
        plural(metrics)
    )
}
