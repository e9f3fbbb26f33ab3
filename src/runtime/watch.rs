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

    /// `Some(Ok(file))` when the board on disk changed and loads,
    /// `Some(Err(notice))` when it changed and does not.
    pub(super) fn poll(&mut self, file: &BoardFile) -> Option<Result<BoardFile, String>> {
        let now = stamp(&self.path);
        if now == self.stamp {
            return None;
        }
        self.stamp = now;
        let bytes = std::fs::read(&self.path).ok()?;
        if bytes == file.original() {
            return None;
        }
        Some(storage::parse(&self.path, bytes).map_err(|e| {
            format!(
                "the board changed on disk and does not load now: {}",
                first_line(&e.to_string())
            )
        }))
    }
}

fn stamp(path: &Path) -> Option<(u64, Option<SystemTime>, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok(), m.ino()))
}
