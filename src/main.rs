//! The `linecard` binary: parse the command line, run it, exit with its code.

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = linecard::cli::Cli::parse();
    std::process::ExitCode::from(linecard::app::run(cli).code())
}
