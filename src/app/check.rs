//! `linecard check`: validate inputs and rules, print every problem, write
//! nothing.

use super::exit::Exit;
use super::pipeline;
use crate::cli::CheckArgs;
use anyhow::Result;

pub fn run(args: &CheckArgs) -> Result<Exit> {
    if args.sources.inputs.is_empty() {
        let rules = pipeline::load_rules(&args.sources)?;
        println!(
            "rules ok: {} script{}, {} metric{} in the catalogue (no inputs given, so only the rules were checked)",
            rules.files.len(),
            plural(rules.files.len()),
            rules.catalogue.metrics.len(),
            plural(rules.catalogue.metrics.len())
        );
        return Ok(Exit::Success);
    }
    let run = pipeline::run(&args.sources)?;
    for issue in &run.portfolio.issues {
        eprintln!("warning: {issue}");
    }
    println!(
        "ok: {} input file{}, {} values for {} lines over {} periods; {} rule script{}, {} metric{} in the catalogue",
        run.files.len(),
        plural(run.files.len()),
        run.frame.df().height(),
        run.frame.lines().len(),
        run.frame.periods().len(),
        run.rules.files.len(),
        plural(run.rules.files.len()),
        run.rules.catalogue.metrics.len(),
        plural(run.rules.catalogue.metrics.len())
    );
    Ok(Exit::Success)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
