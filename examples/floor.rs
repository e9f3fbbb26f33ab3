//! The performance floor for `cchc overdue`: reads a board file, deserialises
//! its tasks into plain structs with `serde_yaml` and prints the task count,
//! nothing else. With `--save`, the floor of a command that writes: the same,
//! then the file's bytes saved back durably (temporary file, `fsync`, rename,
//! `fsync` of the directory).
//!
//! ```sh
//! cargo build --release --examples
//! target/release/examples/floor boards/so-xay-dung-nam-dinh-2024.yaml
//! target/release/examples/floor --save /tmp/copy-of-a-board.yaml
//! ```
//!
//! Together with `benches/support/floor.rs` (which holds the structs) this is
//! the only code outside `src/storage` that calls `serde_yaml`: it is the
//! reference `cchc` is measured against (see docs/performance.md), so it uses
//! the same parser and none of `cchc`'s code.

#[path = "../benches/support/floor.rs"]
mod floor;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let (save, path) = match args.as_slice() {
        [path] => (false, path),
        [flag, path] if flag == "--save" => (true, path),
        _ => {
            eprintln!("usage: floor [--save] BOARD.yaml");
            return ExitCode::from(2);
        }
    };
    let path = Path::new(path);
    let board = match floor::read(path) {
        Ok(board) => board,
        Err(e) => {
            eprintln!("floor: {e}");
            return ExitCode::from(2);
        }
    };
    // The floor of a command that writes (`cchc move`): the same parse, then
    // the least a durable, atomic save does: the file's bytes written to a
    // file beside it, synced, renamed over it, the directory synced.
    if save && let Err(e) = durable_copy(path) {
        eprintln!("floor: saving {}: {e}", path.display());
        return ExitCode::from(2);
    }
    println!("{}", board.tasks.len());
    ExitCode::SUCCESS
}

fn durable_copy(path: &Path) -> std::io::Result<()> {
    let bytes = std::fs::read(path)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".floor.{}.tmp", std::process::id()));
    let mut file = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(&tmp)?;
    file.write_all(&bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)?;
    std::fs::File::open(dir)?.sync_all()
}
