//! One interactive session per board: an advisory `flock` on
//! `.NAME.cchc-lock` beside the board, held while the board is open. The kernel
//! drops it when the process ends however it ends, so a crash never leaves a
//! stale lock; the file only records who holds it, for the message. A clean
//! exit removes the file so it does not litter the repository.
//!
//! The lock belongs to the board's real file: a board opened through a
//! symbolic link locks `.TARGET.cchc-lock` beside the target, so two names for
//! one file cannot give two editing sessions. The lock file itself is never
//! opened through a link, nor when it has a second name (see [`super::fsx`]).

use super::fsx::open_own_file;
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// `.NAME.cchc-lock` beside the board's real file (the board path with its
/// symbolic links resolved; the path as given when it does not resolve).
pub fn lock_path(board: &Path) -> PathBuf {
    let resolved = std::fs::canonicalize(board).unwrap_or_else(|_| board.to_owned());
    let board = resolved.as_path();
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
    let mut file = open_own_file(&path)?;
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

    #[test]
    fn a_board_and_a_link_to_it_share_one_lock() {
        let dir = tempfile::tempdir().expect("tempdir");
        let board = dir.path().join("b.yaml");
        std::fs::write(&board, "x").expect("write");
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink("b.yaml", &link).expect("symlink");
        let _first = lock_board(&board).expect("io").expect("free");
        lock_board(&link)
            .expect("io")
            .expect_err("the same file through a link is held");
        assert_eq!(lock_path(&link), lock_path(&board));
    }

    #[test]
    fn a_planted_symlink_is_never_written_through() {
        let dir = tempfile::tempdir().expect("tempdir");
        let board = dir.path().join("b.yaml");
        std::fs::write(&board, "x").expect("write");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").expect("write");
        std::os::unix::fs::symlink(&victim, lock_path(&board)).expect("plant");
        let e = lock_board(&board).expect_err("refused");
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(std::fs::read(&victim).expect("read"), b"precious");
    }
}
