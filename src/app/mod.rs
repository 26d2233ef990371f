//! The top of the program: runs a parsed command through the pipeline and
//! turns the outcome into an exit code. The only place that uses `anyhow`.

mod check;
mod exit;
mod pipeline;
mod report;
mod rule_tests;

pub use exit::Exit;
use exit::Invalid;

use crate::cli::{Cli, Command};

/// Runs one command, printing errors to stderr, and says how to exit.
pub fn run(cli: Cli) -> Exit {
    let result = match cli.command {
        Command::Report(args) => report::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Test(args) => rule_tests::run(&args),
    };
    match result {
        Ok(exit) => exit,
        Err(error) => {
            let exit = Exit::classify(&error);
            match error.downcast_ref::<Invalid>() {
                Some(invalid) => {
                    for problem in &invalid.problems {
                        eprintln!("error: {problem}");
                    }
                    let n = invalid.problems.len();
                    eprintln!(
                        "linecard: {n} problem{} found; nothing was written",
                        if n == 1 { "" } else { "s" }
                    );
                }
                None => eprintln!("error: {error:#}"),
            }
            exit
        }
    }
}
