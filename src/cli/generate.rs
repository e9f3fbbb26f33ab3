//! `cchc completions SHELL` and `cchc man`: the shell completion scripts and
//! the manual page, generated from the same clap definition as the parser
//! (clap_complete, clap_mangen), so they always list the real commands.

use super::Cli;
use super::context::{Exit, emit};
use clap::CommandFactory;

pub fn completions(shell: clap_complete::Shell) -> Result<Exit, String> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "cchc", &mut script);
    emit(&String::from_utf8_lossy(&script))?;
    Ok(Exit::Ok)
}

/// The `cchc(1)` page: every option, the subcommands with their one-line
/// descriptions, the exit codes.
pub fn man() -> Result<Exit, String> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| format!("cchc: error: rendering the manual page: {e}"))?;
    emit(&String::from_utf8_lossy(&page))?;
    Ok(Exit::Ok)
}
