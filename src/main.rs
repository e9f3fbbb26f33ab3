//! The `cchc` binary: parses arguments, reads the clock and the environment
//! once, and hands over to the library.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A file-size limit fails a save (EFBIG) instead of killing the process.
    if let Err(e) = cchc::storage::ignore_file_size_signal() {
        cchc::cli::err_line(&format!("cchc: warning: cannot catch SIGXFSZ: {e}"));
    }
    let cli = cchc::cli::Cli::parse();
    // The clock (and /etc/localtime) only when no --as-of / CCHC_TODAY is given.
    let today = cli
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let env = cchc::cli::Env::from_process(today);
    cchc::cli::run(cli, &env).into()
}
