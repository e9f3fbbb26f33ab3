//! Noticing that someone else changed the board file.

use super::first_line;
use crate::storage::{self, BoardFile};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Cheap change detection for the board file: stat first, bytes only when the
/// stat data moved, a parse only when the bytes differ from what we hold.
pub(super) struct Watch {
    path: PathBuf,
    stamp: Option<(u64, Option<SystemTime>, u64)>,
}

impl Watch {
    pub(super) fn new(path: &Path) -> Watch {
        Watch {
            path: path.to_owned(),
            stamp: stamp(path),
        }
    }

    /// After our own write or reload: the file is what we hold.
    pub(super) fn restamp(&mut self) {
        self.stamp = stamp(&self.path);
    }

    /// What changed on disk since the last look, if anything. A file that
    /// is gone is reported once (until it comes back).
    pub(super) fn poll(&mut self, file: &BoardFile) -> Option<OnDisk> {
        let now = stamp(&self.path);
        if now == self.stamp {
            return None;
        }
        self.stamp = now;
        if self.stamp.is_none() && !self.path.exists() {
            return Some(OnDisk::Gone);
        }
        // Never blocks: a FIFO put in the board's place is refused, not read.
        let bytes = match storage::fsx::read_regular(&self.path) {
            Ok(b) => b,
            Err(e) if storage::fsx::is_not_regular(&e) => {
                return Some(OnDisk::Invalid(format!(
                    "the board on disk is no longer a file: {e}"
                )));
            }
            Err(_) => return None,
        };
        if bytes == file.original() {
            return None;
        }
        Some(match storage::parse(&self.path, bytes) {
            Ok(f) => OnDisk::Changed(Box::new(f)),
            Err(e) => OnDisk::Invalid(format!(
                "the board changed on disk and does not load now: {}",
                first_line(&e.to_string())
            )),
        })
    }
}

/// What the watch saw.
pub(super) enum OnDisk {
    /// Another version that loads.
    Changed(Box<BoardFile>),
    /// Another version that does not load (a notice).
    Invalid(String),
    /// The file is gone.
    Gone,
}

fn stamp(path: &Path) -> Option<(u64, Option<SystemTime>, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok(), m.ino()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_in_place_of_the_board_is_reported_not_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("b.yaml");
        std::fs::write(&path, crate::storage::SHIPPED_TEXT).expect("write");
        let file = storage::load(&path).expect("load");
        let mut watch = Watch::new(&path);
        std::fs::remove_file(&path).expect("rm");
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        // On a thread: before the fix this poll blocked forever in open(2).
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let notice = match watch.poll(&file) {
                Some(OnDisk::Invalid(text)) => Some(text),
                _ => None,
            };
            let _ = tx.send(notice);
        });
        let got = rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("poll returned");
        let notice = got.expect("a notice that the board is not loadable");
        assert!(notice.contains("not a regular file (a FIFO)"), "{notice}");
    }
}
