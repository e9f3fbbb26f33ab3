//! `cchc merge-driver %O %A %B %P`, as git runs it: reads the three versions,
//! merges them, writes the result over %A and tells git by the exit code.
//!
//! - 0: merged cleanly; %A holds the canonical merged board.
//! - 1: %A holds the merge with conflict markers around each conflicting block
//!   (one `cchc merge:` line per conflict on stderr), or a clean merge that is
//!   not a valid board (a task in an area the other side deleted, a target of a
//!   deleted task), written without markers, its errors on stderr with their
//!   lines. Either way git marks the file as conflicted; `cchc check` shows what
//!   is left to fix.
//! - 2: a version does not load as a board (YAML error, invalid board, markers
//!   left from an earlier merge) or %A cannot be written. Nothing is written:
//!   %A stays our version, unmerged, and git marks the file as conflicted; the
//!   message names the version and its error. Merge by hand, e.g. `git
//!   checkout --theirs`, redo the change, `cchc check`.
//!
//!   The same (exit 2, nothing written) when our or their version has hand
//!   formatting (comments, quoting, key order, CRLF, a byte-order mark): the
//!   merge writes the canonical form, which would drop it silently, so the
//!   driver refuses exactly as `cchc move` does and asks for `cchc fmt`.
//!
//! An empty %O (git's ancestor when both sides added the file) merges without
//! an ancestor ([`super::merge2`]).

use super::{Labels, Merged, merge2, merge3};
use crate::cli::{Exit, err_line};
use crate::domain::{Severity, validate};
use crate::storage::{self, BoardFile, LoadError};
use std::fs;
use std::io;
use std::path::Path;

/// `cchc merge-driver %O %A %B %P`: merges into `ours`; exit 0 when clean.
/// `name` is the board's path in the repository (%P), for labels and messages.
pub fn driver(base: &Path, ours: &Path, theirs: &Path, name: Option<&str>) -> Exit {
    // %P is a path from the repository: shown, never sent raw to stderr.
    let shown = crate::sanitize::terminal_safe(
        &name.map_or_else(|| ours.display().to_string(), str::to_owned),
    )
    .into_owned();
    let side = |path: &Path, whose: &str| {
        load(path, whose, &shown)?.ok_or_else(|| {
            format!("cchc merge: error: {whose} version of {shown} is empty, so it cannot be merged per task")
        })
    };
    let loaded = (|| {
        let base = load(base, "the common ancestor's", &shown)?.map(|f| f.board);
        let (o, t) = (side(ours, "our")?, side(theirs, "their")?);
        for (file, whose) in [(&o, "our"), (&t, "their")] {
            if let Some(line) = file.first_noncanonical_line() {
                return Err(format!(
                    "cchc merge: error: {whose} version of {shown} has hand formatting (comments, quoting, key order, line endings or a byte-order mark) from line {line} that a merge per task would drop; run `cchc fmt` on {shown} in that branch and commit it, then merge again"
                ));
            }
        }
        Ok::<_, String>((base, o.board, t.board))
    })();
    let (base, o, t) = match loaded {
        Ok(sides) => sides,
        Err(message) => {
            err_line(&message);
            err_line(&format!(
                "cchc merge: {shown}: not merged; the file holds our version. Merge it by hand (the other version: git checkout --theirs -- {shown}), then run `cchc check` and `git add`"
            ));
            return Exit::Error;
        }
    };
    let merged = match &base {
        Some(b) => merge3(b, &o, &t),
        None => merge2(&o, &t),
    };
    let text = merged.render(&Labels::new(name));
    if let Err(e) = write_over(ours, text.as_bytes()) {
        err_line(&format!(
            "cchc merge: error: cannot write the merged {shown} to {}: {e}",
            ours.display()
        ));
        return Exit::Error;
    }
    report(&merged, &text, &shown)
}

/// Loads one version; `Ok(None)` when the file is empty (or only comments).
fn load(path: &Path, whose: &str, shown: &str) -> Result<Option<BoardFile>, String> {
    let bytes = storage::fsx::read_regular(path).map_err(|e| {
        format!(
            "cchc merge: error: cannot read {whose} version of {shown} ({}): {e}",
            path.display()
        )
    })?;
    let label = format!("{shown} ({whose} version)");
    match storage::parse(Path::new(&label), bytes) {
        Ok(file) => Ok(Some(file)),
        Err(LoadError::Empty { .. }) => Ok(None),
        Err(e) => Err(format!(
            "cchc merge: error: {whose} version of {shown} is not a valid board, so it cannot be merged per task:\n{e}"
        )),
    }
}

/// Prints the conflicts or the merged board's errors; returns the exit code.
fn report(merged: &Merged, text: &str, shown: &str) -> Exit {
    if !merged.is_clean() {
        for c in &merged.conflicts {
            err_line(&format!("cchc merge: {c}"));
        }
        let regions: Vec<String> = storage::find_conflicts(text)
            .iter()
            .map(|r| format!("{}–{}", r.start, r.end))
            .collect();
        err_line(&format!(
            "cchc merge: {shown}: {} conflict{} marked at lines {}; keep one version of each (delete the other and the <<<<<<< ======= >>>>>>> lines), then run `cchc check` and `git add`",
            merged.conflicts.len(),
            if merged.conflicts.len() == 1 { "" } else { "s" },
            regions.join(", ")
        ));
        return Exit::Found;
    }
    let errors: Vec<_> = validate(&merged.ours)
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        return Exit::Ok;
    }
    for e in storage::locate_all(Path::new(shown), text, errors) {
        err_line(&format!("cchc merge: {e}"));
    }
    err_line(&format!(
        "cchc merge: {shown}: the two sides merge without conflicts, but the result is not a valid board (see above); fix it, run `cchc check`, then `git add`"
    ));
    Exit::Found
}

/// Replaces `path` atomically, keeping its permissions; writes nothing when
/// the bytes are already there.
fn write_over(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let meta = fs::metadata(path)?;
    if meta.len() == bytes.len() as u64 && storage::fsx::read_regular(path)? == bytes {
        return Ok(());
    }
    crate::storage::atomic::replace_file(path, bytes, Some(meta.permissions()))
}
