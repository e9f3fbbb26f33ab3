//! Writes a large, realistic, deterministic board for benchmarks: the shipped
//! 2024 board's plan and areas with `--tasks` tasks cycling through its tasks'
//! text (see `benches/support/gen.rs` for what varies).
//!
//! ```sh
//! cargo run --release --example gen_board -- --tasks 10000 --out target/bench-boards/board-10000.yaml
//! ```
//!
//! The same task count always gives the same bytes. The file is written in
//! canonical form with `cchc::storage::to_yaml`, then loaded back with
//! `cchc::storage::load` to check that it is valid, warning-free and canonical.

#[path = "../benches/support/gen.rs"]
mod generator;

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(about = "Generate a large deterministic cchc board for benchmarks")]
struct Args {
    /// Number of tasks
    #[arg(long, default_value_t = 10_000)]
    tasks: usize,
    /// Where to write the board (parent directories are created)
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(bytes) => {
            println!(
                "wrote {} ({} tasks, {bytes} bytes)",
                args.out.display(),
                args.tasks
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_board: error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<usize, String> {
    if args.tasks == 0 {
        return Err("--tasks must be 1 or more".into());
    }
    let text = generator::generate_yaml(args.tasks);
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&args.out, &text).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let file = cchc::storage::load(&args.out).map_err(|e| e.to_string())?;
    if !file.warnings.is_empty() {
        return Err(format!(
            "the generated board has {} warnings, first: {}",
            file.warnings.len(),
            file.warnings[0]
        ));
    }
    if let Some(line) = file.first_noncanonical_line() {
        return Err(format!(
            "the generated board is not canonical at line {line}"
        ));
    }
    Ok(text.len())
}
