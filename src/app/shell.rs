//! Shell integration: `linecard completions SHELL` and `linecard man`, both
//! generated from the same clap description as `--help`.

use super::exit::Exit;
use crate::cli::Cli;
use anyhow::Result;
use clap::CommandFactory;
use std::io::Write;

/// Prints the completion script for `shell` to stdout.
pub fn completions(shell: clap_complete::Shell) -> Result<Exit> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "linecard", &mut out);
    super::stdout::write(&out)?;
    Ok(Exit::Success)
}

/// Prints the manual page (roff) to stdout: the main page, then each
/// command's synopsis, description and options.
pub fn man() -> Result<Exit> {
    let command = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut out)?;
    for sub in command.get_subcommands() {
        let name = format!("linecard {}", sub.get_name());
        writeln!(out, ".SH \"{}\"", name.to_uppercase())?;
        let page = clap_mangen::Man::new(sub.clone().bin_name(name));
        page.render_synopsis_section(&mut out)?;
        page.render_description_section(&mut out)?;
        page.render_options_section(&mut out)?;
    }
    super::stdout::write(&out)?;
    Ok(Exit::Success)
}
