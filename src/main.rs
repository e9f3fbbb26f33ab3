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
    // Today: `$CCHC_TODAY` (scripts and tests that fix the day), else the
    // clock. The day asked about: `--as-of`, else today.
    let clock = match std::env::var("CCHC_TODAY") {
        Ok(s) if !s.trim().is_empty() => match cchc::domain::parse_iso_date(&s) {
            Ok(d) => d,
            Err(e) => {
                cchc::cli::err_line(&format!("cchc: error: CCHC_TODAY: {e}"));
                return ExitCode::from(2);
            }
        },
        _ => chrono::Local::now().date_naive(),
    };
    let today = cli.as_of.unwrap_or(clock);
    let env = cchc::cli::Env::from_process(today, clock);
    cchc::cli::run(cli, &env).into()
}
