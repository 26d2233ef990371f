//! The `linecard` binary: parse the command line, run it, exit with its code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = linecard::cli::Cli::parse();
    std::process::ExitCode::from(linecard::app::run(cli).code())
}
