//! The top of the program: runs a parsed command through the pipeline and
//! turns the outcome into an exit code. The only place that uses `anyhow`.

mod across_files;
mod check;
mod diff;
mod diff_text;
mod exit;
mod explain;
mod fail_on;
mod init;
mod pipeline;
mod problems;
mod report;
mod rule_tests;
mod shell;
mod sql;
mod stdout;
mod ui;
mod watch;
mod workspace;

pub use exit::Exit;
use exit::Invalid;

use crate::cli::{Cli, Command};
use workspace::Workspace;

/// Parses the command line and runs it. `--help` and `--version` go to
/// standard output like any command's output, so a failed write is exit 4.
pub fn main() -> Exit {
    use clap::Parser;
    use clap::error::ErrorKind;
    match Cli::try_parse() {
        Ok(cli) => run(cli),
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => match e
            .print()
            .and_then(|()| std::io::Write::flush(&mut std::io::stdout()))
        {
            Ok(()) => Exit::Success,
            Err(io) => {
                eprintln!("error: {}", stdout::StdoutError(io));
                Exit::Output
            }
        },
        Err(e) => e.exit(),
    }
}

/// Runs one command, printing errors to stderr, and says how to exit.
pub fn run(cli: Cli) -> Exit {
    let (quiet, verbose) = (cli.quiet, cli.verbose);
    let all = matches!(&cli.command, Command::Check(args) if args.all);
    ui::init(ui::Ui {
        quiet,
        verbose,
        all,
    });
    let result = match cli.command {
        Command::Report(mut args) => {
            args.quiet = quiet;
            Workspace::fill_report(&mut args);
            report::run(&args)
        }
        Command::Check(mut args) => {
            Workspace::fill(&mut args.sources);
            check::run(&args)
        }
        Command::Test(mut args) => {
            if args.rules.is_none() {
                args.rules = Workspace::find()
                    .map(|w| w.scripts())
                    .filter(|s| s.is_dir());
            }
            rule_tests::run(&args)
        }
        Command::Init(args) => init::run(&args, quiet),
        Command::Watch(mut args) => {
            args.quiet = quiet;
            watch::run(args)
        }
        Command::Explain(args) => explain::run(args),
        Command::Diff(args) => diff::run(&args),
        Command::Sql(mut args) => {
            Workspace::fill(&mut args.sources);
            sql::run(&args, quiet)
        }
        Command::Completions(args) => shell::completions(args.shell),
        Command::Man => shell::man(),
    };
    match result {
        Ok(exit) => exit,
        Err(error) => {
            print_error(&error);
            Exit::classify(&error)
        }
    }
}

/// Prints an error the way every command does: each problem on its own line.
fn print_error(error: &anyhow::Error) {
    match error.downcast_ref::<Invalid>() {
        Some(invalid) => {
            problems::print("error", &invalid.problems, ui::get().all);
            let n = invalid.problems.len();
            eprintln!(
                "linecard: {n} problem{} found; nothing was written",
                crate::model::format::plural(n)
            );
        }
        None => eprintln!(
            "error: {}",
            crate::model::terminal_text::for_terminal(&format!("{error:#}"))
        ),
    }
}
