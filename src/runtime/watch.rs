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
        let bytes = std::fs::read(&self.path).ok()?;
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
