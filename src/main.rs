//! The `cchc` binary: parses arguments, reads the clock and the environment
//! once, and hands over to the library.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cchc::cli::Cli::parse();
    let env = cchc::cli::Env::from_process(chrono::Local::now().date_naive());
    cchc::cli::run(cli, &env).into()
}
