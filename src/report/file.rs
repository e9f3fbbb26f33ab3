//! A report as a file beside the board: what `cchc report` and the board's
//! report view (`R`) both do, so that the two never disagree.
//!
//! - [`build_as_of`]: the report of a board for a window, with the statuses
//!   of the window's last day (today for a window not ended yet) read from
//!   the board's git history ([`crate::as_of::load_on`]);
//! - [`default_path`]: `bao-cao-cchc-2024-Q1.docx` in the board's directory;
//! - [`write_new`]: an atomic write (a synced temporary file and a rename)
//!   that never replaces an existing file unless told to.
//!
//! This is the report module's one door to the file system; the rest of
//! [`crate::report`] stays pure.

use super::period::Period;
use super::{Format, file_name, model};
use crate::as_of::Source;
use crate::domain::Board;
use crate::storage;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The report of `now` (the board at `path`, or the board's unsaved state
/// for that file) for `period` on `today`: the figures are as of the
/// window's last day, or today when the window has not ended, with the
/// board as it stood then (from the history when that day is before
/// `clock`, the real today). The [`Source`] says where the statuses came from.
pub fn build_as_of(
    path: &Path,
    now: Board,
    now_text: Option<String>,
    period: &Period,
    today: NaiveDate,
    clock: NaiveDate,
) -> (model::Report, Source) {
    let (then, source) = crate::as_of::load_on(
        path,
        now,
        now_text,
        as_of_day(period, today),
        clock.max(today),
    );
    (model::build(then, period, today), source)
}

/// A board as a report first reads it: whole, with its text (a small
/// board: an older version is then read beside it, its unchanged tasks
/// taken from this one), or a large board's frame alone (plan, areas,
/// targets, calendar: enough to know the window), its tasks read only once
/// the older version is kept as [`crate::as_of::Past`]. At 100,000 tasks the
/// whole board, its text and the older version's text and board were 195
/// MiB together (issue 12: peak memory within 2× the file).
pub enum Read {
    Whole(storage::BoardFile),
    Frame(Board),
}

impl Read {
    /// The board at `path`, read as [`Read`] says; the load's error when it
    /// does not load.
    pub fn at(path: &Path) -> Result<Read, storage::LoadError> {
        match storage::frame(path) {
            Some(frame) => Ok(Read::Frame(frame)),
            None => storage::load(path).map(Read::Whole),
        }
    }

    /// The plan, areas, targets and reporting calendar (and, read whole,
    /// the tasks).
    pub fn board(&self) -> &Board {
        match self {
            Read::Whole(file) => &file.board,
            Read::Frame(frame) => frame,
        }
    }
}

/// [`build_as_of`] from the board as first read at `path` (see [`Read`]).
/// Errors: today's tasks do not load, or the file changed its plan or
/// calendar between the two reads (the window would be another).
pub fn build_read(
    path: &Path,
    read: Read,
    period: &Period,
    today: NaiveDate,
    clock: NaiveDate,
) -> Result<(model::Report, Source), String> {
    let frame = match read {
        Read::Whole(file) => {
            let (now, text) = file.into_parts();
            return Ok(build_as_of(path, now, text, period, today, clock));
        }
        Read::Frame(frame) => frame,
    };
    let day = as_of_day(period, today);
    let (past, source) = if day >= clock.max(today) {
        (None, Source::Today)
    } else {
        crate::as_of::past_on(path, day)
    };
    let now = storage::read(path).map_err(|e| e.to_string())?;
    if now.plan != frame.plan || now.reporting != frame.reporting {
        return Err(format!(
            "cchc: error: {} changed while the report read it; run the report again",
            storage::shown(path)
        ));
    }
    let then = match source {
        Source::Today => now,
        _ => crate::as_of::on(now, day, past.as_ref()),
    };
    drop(past);
    Ok((model::build(then, period, today), source))
}

/// The day a report's statuses are read on: the window's last day, or today
/// for a window not ended yet.
pub fn as_of_day(period: &Period, today: NaiveDate) -> NaiveDate {
    period.to.min(today)
}

/// The report's default file: its name ([`file_name`]) in the board's
/// directory.
pub fn default_path(board: &Path, report: &model::Report, format: Format) -> PathBuf {
    storage::atomic::parent_dir(board).join(file_name(report, format))
}

/// Why a report file was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// The file exists and replacing it was not asked for.
    Exists(PathBuf),
    /// Writing failed: the file and what the system said.
    Io(PathBuf, String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists(p) => write!(f, "{} already exists", p.display()),
            WriteError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

/// Writes `bytes` to `target` through a synced temporary file in the same
/// directory and a rename; without `force`, an existing file is kept (the
/// rename refuses to replace it, so a file created meanwhile is kept too).
pub fn write_new(target: &Path, bytes: &[u8], force: bool) -> Result<(), WriteError> {
    write_new_with(target, force, |out| out.write_all(bytes))
}

/// [`write_new`] with what `write` writes, as it writes it (a JSON report,
/// never held whole).
pub fn write_new_with(
    target: &Path,
    force: bool,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    use std::os::unix::fs::PermissionsExt;
    let exists = || WriteError::Exists(target.to_owned());
    if !force && target.symlink_metadata().is_ok() {
        return Err(exists());
    }
    let fail = |e: std::io::Error| WriteError::Io(target.to_owned(), e.to_string());
    let tmp = storage::atomic::synced_temp_written(
        target,
        Some(std::fs::Permissions::from_mode(0o644)),
        write,
    )
    .map_err(fail)?;
    if force {
        tmp.persist(target).map_err(|e| fail(e.error))?;
    } else {
        tmp.persist_noclobber(target).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                exists()
            } else {
                fail(e.error)
            }
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_the_file_no_longer_matches_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("board.yaml");
        std::fs::write(&path, storage::SHIPPED_TEXT).expect("write");
        let board = storage::load(&path).expect("loads").board;
        let period = Period::parse("2024-Q1", false, &board.calendar()).expect("period");
        let today = NaiveDate::from_ymd_opt(2024, 3, 1).expect("day");
        let mut frame = board.clone();
        frame.tasks.clear();
        let (r, source) =
            build_read(&path, Read::Frame(frame.clone()), &period, today, today).expect("reads");
        assert_eq!(source, Source::Today);
        assert_eq!(r, model::build(board, &period, today));
        // The plan year read first is not the file's now: another window.
        frame.plan.year = 2025;
        let err =
            build_read(&path, Read::Frame(frame), &period, today, today).expect_err("refused");
        assert!(err.contains("changed while the report read it"), "{err}");
    }

    #[test]
    fn never_over_an_existing_file_unless_forced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("r.md");
        write_new(&target, b"one", false).expect("a new file");
        assert_eq!(
            write_new(&target, b"two", false),
            Err(WriteError::Exists(target.clone()))
        );
        assert_eq!(std::fs::read(&target).expect("read"), b"one");
        write_new(&target, b"two", true).expect("forced");
        assert_eq!(std::fs::read(&target).expect("read"), b"two");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 1, "no temporary file left: {left:?}");
    }
}
