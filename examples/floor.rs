//! The performance floor for `cchc overdue`: reads a board file, deserialises
//! its tasks into plain structs with `serde_yaml` and prints the task count,
//! nothing else.
//!
//! ```sh
//! cargo build --release --examples
//! target/release/examples/floor boards/so-xay-dung-nam-dinh-2024.yaml
//! ```
//!
//! Together with `benches/support/floor.rs` (which holds the structs) this is
//! the only code outside `src/storage` that calls `serde_yaml`: it is the
//! reference `cchc` is measured against (see docs/performance.md), so it uses
//! the same parser and none of `cchc`'s code.

#[path = "../benches/support/floor.rs"]
mod floor;

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: floor BOARD.yaml");
        return ExitCode::from(2);
    };
    match floor::read(std::path::Path::new(&path)) {
        Ok(board) => {
            println!("{}", board.tasks.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("floor: {e}");
            ExitCode::from(2)
        }
    }
}
