//! One interactive session per board: an advisory `flock` on
//! `.NAME.cchc-lock` beside the board, held while the board is open. The kernel
//! drops it when the process ends however it ends, so a crash never leaves a
//! stale lock; the file only records who holds it, for the message. A clean
//! exit removes the file so it does not litter the repository.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

pub fn lock_path(board: &Path) -> PathBuf {
    let name = board
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    board.with_file_name(format!(".{name}.cchc-lock"))
}

/// The held lock; dropping it releases the board.
#[derive(Debug)]
pub struct BoardLock {
    _file: File,
    path: PathBuf,
}

impl Drop for BoardLock {
    fn drop(&mut self) {
        // Removed while still locked; the lock goes with the descriptor.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Takes the board's lock. `Ok(Err(holder))` when another process holds it
/// (`holder` says who, as recorded in the lock file).
pub fn lock_board(board: &Path) -> std::io::Result<Result<BoardLock, String>> {
    let path = lock_path(board);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)?;
    match file.try_lock() {
        Ok(()) => {
            file.set_len(0)?;
            file.rewind()?;
            let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
            write!(file, "pid {} on {}", std::process::id(), host.trim())?;
            file.sync_all()?;
            Ok(Ok(BoardLock { _file: file, path }))
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            Ok(Err(if holder.trim().is_empty() {
                "another process".to_owned()
            } else {
                holder.trim().to_owned()
            }))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let board = dir.path().join("b.yaml");
        let first = lock_board(&board).expect("io").expect("free");
        let holder = lock_board(&board).expect("io").expect_err("held");
        assert!(
            holder.starts_with(&format!("pid {}", std::process::id())),
            "{holder}"
        );
        drop(first);
        assert!(lock_board(&board).expect("io").is_ok());
    }
}
