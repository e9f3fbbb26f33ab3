//! Another version of the board (an older commit's, for a report's as-of
//! day) read a task at a time, for a caller that keeps only a little of
//! each task.
//!
//! [`super::parse_version_beside`] makes the version's board, taking the
//! unchanged tasks from today's; that needs today's text and board held
//! beside the version's text. A report of a large board needs neither: it
//! keeps a task's status, completion and deadline from the version
//! ([`crate::as_of`]), reads the version before today's board, and so holds
//! the version's text and those few fields, never two boards (issue 12:
//! peak memory within 2× the file).
//!
//! The version's text is whole in memory (git gives it so): its tasks are
//! parsed a batch at a time on the machine's cores, as the load parses a
//! large board ([`super::split`]), and each batch is checked and let go.
//! The version is validated whole, a task at a time
//! ([`crate::domain::Checker`]), as the load validates it; a version the
//! load would refuse is refused here too. Anything the stream declines (a
//! small version, another layout, an anchor, a possible conflict marker, a
//! problem) is parsed whole, which gives the load's own answer.

use super::split::{TaskLayout, parse_blocks_into};
use super::{LoadError, SPLIT_FROM_BYTES, find_conflicts, parse, yaml};
use crate::domain::{Board, Checker, Severity, Task};
use std::path::Path;

/// `keep` of each task of the version `bytes` (in file order when streamed,
/// in id order when parsed whole; a stream that declines midway may have
/// called `keep` for some tasks already, and they are kept again); `Err`
/// when the version does not load (the load's error, `label` naming it).
pub fn version_tasks<T>(
    label: &Path,
    bytes: Vec<u8>,
    mut keep: impl FnMut(Task) -> T,
) -> Result<Vec<T>, LoadError> {
    if let Some(kept) = streamed(&bytes, &mut keep) {
        return Ok(kept);
    }
    let board = parse(label, bytes)?.board;
    Ok(board.tasks.into_iter().map(keep).collect())
}

/// The batch-at-a-time read; `None` declines (see the module docs).
fn streamed<T>(bytes: &[u8], keep: &mut impl FnMut(Task) -> T) -> Option<Vec<T>> {
    if bytes.len() < SPLIT_FROM_BYTES {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    // An anchor may be defined in one batch and used in another.
    if !find_conflicts(text).is_empty() || yaml::find_anchor(text).is_some() {
        return None;
    }
    let layout = TaskLayout::of(text)?;
    let frame: Board = yaml::from_str(&layout.header(text)).ok()?;
    let mut check = Checker::new(&frame);
    let mut kept = Vec::with_capacity(layout.items.len());
    parse_blocks_into(text, &layout.items, &mut |tasks| {
        for task in tasks {
            check.task(kept.len(), &task);
            kept.push(keep(task));
        }
    })?;
    (kept.len() == layout.items.len()
        && check
            .finish(&frame)
            .iter()
            .all(|p| p.severity != Severity::Error))
    .then_some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::split::BATCH;
    use crate::storage::stream::tests::large;

    fn ids_and_titles(text: &str) -> Result<Vec<(u32, String)>, String> {
        version_tasks(Path::new("v.yaml"), text.as_bytes().to_vec(), |t| {
            (t.id, t.title.to_string())
        })
        .map_err(|e| e.to_string())
    }

    fn loaded(text: &str) -> Result<Vec<(u32, String)>, String> {
        parse(Path::new("v.yaml"), text.as_bytes().to_vec())
            .map(|f| {
                f.board
                    .tasks
                    .iter()
                    .map(|t| (t.id, t.title.to_string()))
                    .collect()
            })
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_large_version_is_read_a_batch_at_a_time_as_the_load_reads_it() {
        let text = large();
        assert!(streamed(text.as_bytes(), &mut |t: Task| t.id).is_some());
        let read = ids_and_titles(&text).expect("reads");
        assert!(read.len() > 500, "{}", read.len());
        assert_eq!(Ok(read), loaded(&text));
    }

    #[test]
    fn a_version_the_load_refuses_is_refused_with_the_loads_error() {
        let text = large();
        // An id twice, far apart (the first batch's and the last's): the
        // checker sees it.
        let n = ids_and_titles(&text).expect("reads").len();
        assert!(n > 2 * BATCH, "{n}");
        let twice = text.replacen(&format!("- id: {n}\n"), "- id: 3\n", 1);
        assert_ne!(twice, text);
        assert!(streamed(twice.as_bytes(), &mut |t: Task| t.id).is_none());
        let err = ids_and_titles(&twice).expect_err("refused");
        assert_eq!(Err(err.clone()), loaded(&twice));
        assert!(err.contains("used twice"), "{err}");
        // A status the schema does not have.
        let bad = text.replacen("status: planned", "status: finished", 1);
        assert!(ids_and_titles(&bad).is_err());
        assert_eq!(ids_and_titles(&bad), loaded(&bad));
    }

    #[test]
    fn a_small_version_is_parsed_whole() {
        let text = crate::storage::SHIPPED_TEXT;
        assert!(streamed(text.as_bytes(), &mut |t: Task| t.id).is_none());
        let read = ids_and_titles(text).expect("reads");
        assert_eq!(read.len(), 43);
        assert_eq!(Ok(read), loaded(text));
    }
}
