//! Reading a board that still has git conflict markers, for display only:
//! "ours" (the side between `<<<<<<<` and `=======`) is shown, the tasks inside
//! conflict regions are named, and nothing can be saved until the file is
//! resolved. The file itself is never written from this state.

use super::{BoardFile, LoadError, find_conflicts, parse};
use std::path::Path;

/// The "ours" reading of a conflicted board and the ids of the tasks that
/// appear inside conflict regions. Errors as [`parse`] does when even ours does
/// not load (or when there are no markers at all).
pub fn parse_conflicted(path: &Path, bytes: Vec<u8>) -> Result<(BoardFile, Vec<u32>), LoadError> {
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if find_conflicts(&text).is_empty() {
        return parse(path, bytes).map(|f| (f, vec![]));
    }
    let mut ours = String::with_capacity(text.len());
    let mut ids = Vec::new();
    // Outside a region, or in ours / base / theirs.
    #[derive(PartialEq)]
    enum Side {
        Outside,
        Ours,
        Base,
        Theirs,
    }
    let mut side = Side::Outside;
    // The task whose block we are in, and whether the open region named one.
    let (mut last_id, mut region_named) = (None, false);
    let id_of = |bare: &str| {
        bare.strip_prefix("- id: ")
            .and_then(|n| n.trim().parse::<u32>().ok())
    };
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        // Markers are ASCII: compare bytes (a char boundary may fall at 7).
        let marker = |c: u8| {
            let b = bare.as_bytes();
            b.len() >= 7 && b[..7].iter().all(|&x| x == c) && b.get(7) != Some(&c)
        };
        if side == Side::Outside {
            if marker(b'<') {
                side = Side::Ours;
                region_named = false;
                continue;
            }
            if let Some(id) = id_of(bare) {
                last_id = Some(id);
            } else if !bare.starts_with(' ') && !bare.is_empty() {
                last_id = None;
            }
        } else if marker(b'|') {
            side = Side::Base;
            continue;
        } else if marker(b'=') {
            side = Side::Theirs;
            continue;
        } else if marker(b'>') {
            side = Side::Outside;
            // A region inside one task's block (git's line merge) names no
            // id: it belongs to the task it sits in.
            if !region_named && let Some(id) = last_id {
                ids.push(id);
            }
            continue;
        } else if let Some(id) = id_of(bare) {
            ids.push(id);
            region_named = true;
        }
        if matches!(side, Side::Outside | Side::Ours) {
            ours.push_str(line);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    let mut file = parse(path, ours.into_bytes())?;
    // Change detection compares against what is really on disk.
    file.rebase_bytes(bytes);
    Ok((file, ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = crate::storage::SHIPPED_TEXT;

    #[test]
    fn ours_is_shown_and_conflicting_tasks_named() {
        let ours_12 = "  status: done\n  completed: 2024-01-05\n";
        let conflicted = SHIPPED.replacen("- id: 12\n", "<<<<<<< ours\n- id: 12\n", 1);
        // Close the region after task 12's status line, with theirs in between.
        let at = conflicted.find("<<<<<<< ours\n- id: 12\n").expect("marker");
        let status = conflicted[at..]
            .find("  status: planned\n")
            .expect("status")
            + at;
        let end = status + "  status: planned\n".len();
        let text = format!(
            "{}{}=======\n- id: 12\n{}  status: in_progress\n>>>>>>> theirs\n{}",
            &conflicted[..status],
            ours_12,
            &conflicted[at + "<<<<<<< ours\n- id: 12\n".len()..status],
            &conflicted[end..]
        );
        let (file, ids) =
            parse_conflicted(Path::new("b.yaml"), text.clone().into_bytes()).expect("ours loads");
        assert_eq!(ids, [12]);
        let t = file.board.task(12).expect("#12");
        assert_eq!(t.status, crate::domain::Status::Done);
        assert_eq!(
            file.original(),
            text.as_bytes(),
            "compared with the real file"
        );
        assert_eq!(file.board.tasks.len(), 43);
    }

    #[test]
    fn a_region_inside_a_task_belongs_to_that_task() {
        let at = SHIPPED.find("- id: 12\n").expect("#12");
        let status = SHIPPED[at..].find("  status: planned\n").expect("status") + at;
        let conflicted = format!(
            "{}<<<<<<< HEAD\n  status: done\n=======\n  status: in_progress\n>>>>>>> theirs\n{}",
            &SHIPPED[..status],
            &SHIPPED[status + "  status: planned\n".len()..]
        );
        let (file, ids) =
            parse_conflicted(Path::new("b.yaml"), conflicted.into_bytes()).expect("ours loads");
        assert_eq!(ids, [12]);
        assert_eq!(
            file.board.task(12).expect("#12").status,
            crate::domain::Status::Done
        );
    }

    #[test]
    fn a_clean_file_is_just_parsed() {
        let (file, ids) =
            parse_conflicted(Path::new("b.yaml"), SHIPPED.as_bytes().to_vec()).expect("loads");
        assert!(ids.is_empty());
        assert_eq!(file.board.tasks.len(), 43);
    }
}
