//! Saving a changed board without serialising all of it: the canonical text
//! of a board is its header (everything but the tasks) around one block per
//! task, and a block depends only on its task. So when the file on disk is
//! canonical, a save writes the file's own bytes for every task (and the
//! header) that did not change, serialises only the ones that did, and
//! checks by reading back only those (each must parse to a task that writes
//! the same text again). The result is byte-identical to [`super::to_yaml`]
//! of the whole board (a property test holds it to that), at the cost of the
//! changed tasks instead of the whole board: `cchc move` on a 10,000-task
//! board serialises one task, not 10,000.
//!
//! Anything unusual (no tasks before or after, blocks that do not line up
//! with the tasks) returns `None` and the caller takes the full path.

use super::split::TaskLayout as Layout;
use super::yaml;
use crate::domain::{Board, Task};
use std::collections::HashMap;

/// One task's block as the canonical file holds it (`- id: 1\n  area: I\n…`).
pub(super) fn canonical_block(task: &Task) -> String {
    yaml::to_string(&[task]).unwrap_or_else(|e| unreachable!("serialising a task failed: {e:?}"))
}

/// The canonical text of everything but the tasks, with `tasks: []` in their
/// place.
fn header_text(board: &Board) -> String {
    let Board {
        schema,
        plan,
        areas,
        tasks: _,
        targets,
        reporting,
    } = board;
    let header = Board {
        schema: *schema,
        plan: plan.clone(),
        areas: areas.clone(),
        tasks: vec![],
        targets: targets.clone(),
        reporting: reporting.clone(),
    };
    yaml::to_string(&header).unwrap_or_else(|e| unreachable!("serialising a board failed: {e:?}"))
}

/// The canonical text of a board whose tasks are in id order, written a
/// task at a time (as [`splice`] assumes: the header around one block per
/// task), so the writer never holds a tree of the whole board.
pub(super) fn whole(board: &Board) -> String {
    let mut out = String::with_capacity(board.tasks.len() * 512 + 4096);
    pieces(board, |piece| {
        out.push_str(piece);
        true
    });
    out
}

/// The first line (1-based) where `original` differs from the canonical text
/// of `board` (tasks in id order), found without building that text: piece
/// by piece, stopping at the first difference. `None`: byte-identical.
/// `original` is read as far as it agrees: the loaded bytes, or the file
/// itself (`check` on a board it does not hold the text of, `examine`).
pub(super) fn first_difference(
    board: &Board,
    mut original: impl std::io::Read,
) -> std::io::Result<Option<usize>> {
    use std::io::Read;
    let mut lines = 0usize;
    let mut differs = None;
    let mut failed = None;
    let mut read = Vec::new();
    pieces(board, |piece| {
        read.clear();
        let limit = u64::try_from(piece.len()).unwrap_or(u64::MAX);
        if let Err(e) = (&mut original).take(limit).read_to_end(&mut read) {
            failed = Some(e);
            return false;
        }
        let same = read
            .iter()
            .zip(piece.as_bytes())
            .take_while(|(a, b)| a == b)
            .count();
        if same < piece.len() {
            let newlines = piece.as_bytes()[..same]
                .iter()
                .filter(|&&c| c == b'\n')
                .count();
            differs = Some(lines + newlines + 1);
            return false;
        }
        lines += piece.bytes().filter(|&c| c == b'\n').count();
        true
    });
    if let Some(e) = failed {
        return Err(e);
    }
    if differs.is_some() {
        return Ok(differs);
    }
    // Anything after the canonical text is a difference on its next line.
    read.clear();
    original.take(1).read_to_end(&mut read)?;
    Ok((!read.is_empty()).then_some(lines + 1))
}

/// The canonical text in pieces (the header before the tasks, `tasks:`,
/// each task's block, the rest of the header), to `f` until it says stop.
fn pieces(board: &Board, mut f: impl FnMut(&str) -> bool) {
    let header = header_text(board);
    if board.tasks.is_empty() {
        f(&header);
        return;
    }
    let at = if header.starts_with("tasks: []\n") {
        0
    } else {
        match header.find("\ntasks: []\n") {
            Some(i) => i + 1,
            None => unreachable!("a board's header has its tasks key"),
        }
    };
    if !f(&header[..at]) || !f("tasks:\n") {
        return;
    }
    for task in &board.tasks {
        if !f(&canonical_block(task)) {
            return;
        }
    }
    f(&header[at + "tasks: []\n".len()..]);
}

fn same_header(a: &Board, b: &Board) -> bool {
    a.schema == b.schema
        && a.plan == b.plan
        && a.areas == b.areas
        && a.targets == b.targets
        && a.reporting == b.reporting
}

/// What [`splice`] wrote and must be read back.
pub(super) struct Spliced {
    pub text: String,
    /// The new blocks with the tasks they must read back as.
    fresh: Vec<(std::ops::Range<usize>, usize)>,
    header_changed: bool,
}

/// The canonical text of `after`, reusing `original` (the canonical text of
/// `before`) wherever `after` did not change it.
pub(super) fn splice(original: &str, before: &Board, after: &Board) -> Option<Spliced> {
    if before.tasks.is_empty() || after.tasks.is_empty() {
        return None;
    }
    let Layout {
        start,
        end,
        items: spans,
    } = Layout::of(original)?;
    if spans.len() != before.tasks.len() {
        return None;
    }
    let old: HashMap<u32, usize> = before
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i))
        .collect();
    let mut order: Vec<usize> = (0..after.tasks.len()).collect();
    order.sort_by_key(|&i| after.tasks[i].id);

    let header_changed = !same_header(before, after);
    let (prefix, suffix) = if header_changed {
        let h = header_text(after);
        let at = if h.starts_with("tasks: []\n") {
            0
        } else {
            h.find("\ntasks: []\n")? + 1
        };
        let rest = at + "tasks: []\n".len();
        (h[..at].to_owned(), h[rest..].to_owned())
    } else {
        (original[..start].to_owned(), original[end..].to_owned())
    };
    let mut text = String::with_capacity(original.len() + 256);
    text.push_str(&prefix);
    text.push_str("tasks:\n");
    let mut fresh = Vec::new();
    for i in order {
        let task = &after.tasks[i];
        match old.get(&task.id) {
            Some(&j) if before.tasks[j] == *task => {
                let (a, b) = spans[j];
                text.push_str(&original[a..b]);
            }
            _ => {
                let at = text.len();
                text.push_str(&canonical_block(task));
                fresh.push((at..text.len(), i));
            }
        }
    }
    text.push_str(&suffix);
    Some(Spliced {
        text,
        fresh,
        header_changed,
    })
}

/// One task of a canonical file changed: for `task` in place of the task of
/// its id on `board` (the board `original` is the canonical text of), that
/// task's index on the board, the bytes of `original` its block takes, and
/// its new block. The rest of the file is kept as it is, never copied
/// (`save::save_task`). `None`: no such task, or the blocks do not line up
/// with the tasks.
pub(super) fn one_task(
    original: &str,
    board: &Board,
    task: &Task,
) -> Option<(usize, std::ops::Range<usize>, String)> {
    let i = board.tasks.binary_search_by_key(&task.id, |t| t.id).ok()?;
    let layout = Layout::of(original)?;
    if layout.items.len() != board.tasks.len() {
        return None;
    }
    let (a, b) = *layout.items.get(i)?;
    (super::split::item_id(&original[a..b]) == Some(task.id))
        .then(|| (i, a..b, canonical_block(task)))
}

/// Reads back a block written new: it parses to one task that writes the
/// same text again, equal to `task`. `Err` says what did not.
pub(super) fn check_block(block: &str, task: &Task) -> Result<(), String> {
    let back: Vec<Task> = yaml::from_str(block).map_err(|e| e.message)?;
    match back.as_slice() {
        [t] if canonical_block(t) == block && t == task => Ok(()),
        _ => Err(format!("task {} reads back differently", task.id)),
    }
}

/// Reads back what [`splice`] wrote new: each fresh block parses to one task
/// that writes the same text again, equal to the task it was written from;
/// a new header likewise. `Err` says what did not.
pub(super) fn check(spliced: &Spliced, after: &Board) -> Result<(), String> {
    for (range, i) in &spliced.fresh {
        check_block(&spliced.text[range.clone()], &after.tasks[*i])?;
    }
    if spliced.header_changed {
        let header = Layout::of(&spliced.text)
            .ok_or("the tasks cannot be found again")?
            .header(&spliced.text);
        let back: Board = yaml::from_str(&header).map_err(|e| e.message)?;
        if header_text(&back) != header {
            return Err("the plan, areas or targets read back differently".to_owned());
        }
    }
    Ok(())
}

/// Another version of a board (`text`: HEAD's, an older commit's) read
/// beside a loaded one (`now`, from `now_text`): every task whose block is
/// byte-identical to the same task's block in `now_text` is `now`'s task
/// (a block is context-free, so the same bytes are the same task); only the
/// other blocks and the header are parsed. `None` when either text is not
/// laid out as cchc writes it, or anything fails: the caller parses the
/// whole text (which also gives the located error).
///
/// `text` is bytes: the parts equal to today's text are UTF-8 as that is,
/// and only the others are checked (a whole check costs 8 instructions a
/// byte over Vietnamese text, most of this read when one task changed).
pub(super) fn parse_beside(text: &[u8], now_text: &str, now: &Board) -> Option<Board> {
    let id_of = super::split::item_id_bytes;
    let then = Layout::of_bytes(text)?;
    let here = Layout::of(now_text)?;
    let now_bytes = now_text.as_bytes();
    let mut now_blocks: HashMap<u32, &[u8]> = HashMap::with_capacity(here.items.len());
    for &(a, b) in &here.items {
        now_blocks.insert(id_of(&now_bytes[a..b])?, &now_bytes[a..b]);
    }
    let now_tasks: HashMap<u32, &Task> = now.tasks.iter().map(|t| (t.id, t)).collect();
    let mut tasks = Vec::with_capacity(then.items.len());
    for &(a, b) in &then.items {
        let block = &text[a..b];
        let id = id_of(block)?;
        match (now_blocks.get(&id), now_tasks.get(&id)) {
            (Some(same), Some(task)) if *same == block => tasks.push((*task).clone()),
            _ => {
                let block = std::str::from_utf8(block).ok()?;
                tasks.push(super::split::parse_task_block(block)?);
            }
        }
    }
    // Everything but the tasks (plan, areas, targets): today's, when its
    // text is today's (a version's header rarely changes; its targets'
    // measurements are most of it).
    let same_header =
        text[..then.start] == now_bytes[..here.start] && text[then.end..] == now_bytes[here.end..];
    let mut board = if same_header {
        Board {
            schema: now.schema,
            plan: now.plan.clone(),
            areas: now.areas.clone(),
            tasks,
            targets: now.targets.clone(),
            reporting: now.reporting.clone(),
        }
    } else {
        let mut board: Board = yaml::from_str(&then.header_of_bytes(text)?).ok()?;
        board.tasks = tasks;
        board
    };
    board.sort_tasks();
    Some(board)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;

    fn shipped() -> (String, Board) {
        let text = super::super::SHIPPED_TEXT.to_owned();
        (text, crate::storage::shipped_for_tests())
    }

    fn in_text(board: &Board, text: &[u8]) -> Option<usize> {
        first_difference(board, text).expect("a slice reads")
    }

    /// A reader that gives a byte at a time, as a pipe or a slow file may.
    struct Trickle<'a>(&'a [u8]);

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let Some((&first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            let Some(slot) = buf.first_mut() else {
                return Ok(0);
            };
            *slot = first;
            self.0 = rest;
            Ok(1)
        }
    }

    #[test]
    fn the_first_difference_piece_by_piece_is_the_one_in_the_whole_text() {
        let (text, board) = shipped();
        let whole = super::super::to_yaml(&board);
        assert_eq!(in_text(&board, text.as_bytes()), None);
        let mut variants: Vec<Vec<u8>> = (0..text.len())
            .step_by(53)
            .map(|i| {
                let mut v = text.as_bytes().to_vec();
                v[i] = 0x01;
                v
            })
            .collect();
        variants.push(text.as_bytes()[..text.len() - 1].to_vec());
        variants.push([text.as_bytes(), b"extra\n"].concat());
        variants.push(Vec::new());
        for v in &variants {
            let whole_text = super::super::first_difference(v, whole.as_bytes());
            assert_eq!(in_text(&board, v), whole_text);
            // Read in pieces as short as a reader may give them.
            let trickled = first_difference(&board, Trickle(v)).expect("reads");
            assert_eq!(trickled, whole_text);
        }
        assert!(variants.iter().all(|v| in_text(&board, v).is_some()));
    }

    #[test]
    fn one_task_spliced_in_is_the_whole_serialisation_for_every_task() {
        let (text, board) = shipped();
        let day = "2024-03-02".parse().expect("date");
        for (k, before) in board.tasks.iter().enumerate() {
            let mut task = before.clone();
            task.set_status(Status::Done, day);
            task.title = format!("{} — dòng\nhai: 'x' # y", task.title).into();
            let (i, span, block) = one_task(&text, &board, &task).expect("lines up");
            assert_eq!(i, k);
            check_block(&block, &task).expect("reads back");
            let mut after = board.clone();
            after.tasks[i] = task;
            let spliced = [&text[..span.start], &block, &text[span.end..]].concat();
            assert_eq!(spliced, super::super::to_yaml(&after), "task {}", before.id);
        }
        let stranger = Task::new(999, "I", "không có");
        assert!(one_task(&text, &board, &stranger).is_none());
    }

    #[test]
    fn a_splice_is_the_whole_serialisation_and_reads_back() {
        let (text, before) = shipped();
        let day = "2024-03-02".parse().expect("date");
        let mut after = before.clone();
        after.set_status(5, Status::Done, day);
        after.tasks[40].title = "Tiêu đề\nhai dòng: có # và 'nháy'".into();
        let s = splice(&text, &before, &after).expect("splices");
        assert_eq!(s.text, super::super::to_yaml(&after));
        assert_eq!(s.fresh.len(), 2);
        check(&s, &after).expect("reads back");
        // A changed header and a new, a deleted and a reordered task.
        after.plan.title = "Kế hoạch mới".into();
        after.targets[0].current = Some(1.5);
        after.tasks.retain(|t| t.id != 7);
        let mut new = after.tasks[0].clone();
        new.id = 99;
        after.tasks.insert(0, new);
        let s = splice(&text, &before, &after).expect("splices");
        assert_eq!(s.text, super::super::to_yaml(&after));
        check(&s, &after).expect("reads back");
    }

    #[test]
    fn nothing_changed_is_the_original() {
        let (text, before) = shipped();
        let s = splice(&text, &before, &before).expect("splices");
        assert_eq!(s.text, text);
        assert!(s.fresh.is_empty() && !s.header_changed);
    }

    #[test]
    fn a_version_read_beside_the_board_is_its_full_parse() {
        let (text, now) = shipped();
        let day = "2024-03-02".parse().expect("date");
        let mut before = now.clone();
        before.set_status(5, Status::Done, day);
        before.tasks[3].title = "khác".into();
        before.tasks.retain(|t| t.id != 9);
        before.plan.title = "cũ".into();
        let then = super::super::to_yaml(&before);
        let read = parse_beside(then.as_bytes(), &text, &now).expect("reads");
        assert_eq!(read, before);
        assert_eq!(parse_beside(b"not: a board", &text, &now), None);
    }

    /// Only the parts that differ from today's text are checked for UTF-8,
    /// and a part that is not UTF-8 is never read: a changed task, or a
    /// changed header, in Latin-1 declines (the full parse then says where).
    #[test]
    fn a_version_not_in_utf8_where_it_differs_is_declined() {
        fn replaced(text: &[u8], from: &str, to: &[u8]) -> Vec<u8> {
            let at = text
                .windows(from.len())
                .position(|w| w == from.as_bytes())
                .expect("test set-up");
            [&text[..at], to, &text[at + from.len()..]].concat()
        }
        let (text, now) = shipped();
        let mut before = now.clone();
        before.tasks[3].title = "khác".into();
        let then = super::super::to_yaml(&before);
        // The changed title with its `á` as the one Latin-1 byte 0xE1.
        let task = replaced(then.as_bytes(), "khác", b"kh\xe1c");
        assert_eq!(parse_beside(&task, &text, &now), None);
        // The plan's title so (the header), the tasks unchanged.
        let header = replaced(text.as_bytes(), "hoạch", b"ho\xe1ch");
        assert_eq!(parse_beside(&header, &text, &now), None);
        // And as a version: the full parse's error.
        let file = super::super::parse(std::path::Path::new("b.yaml"), text.clone().into_bytes())
            .expect("loads");
        let err = super::super::parse_version(std::path::Path::new("HEAD:b.yaml"), task, &file)
            .expect_err("not UTF-8");
        assert!(err.to_string().contains("UTF-8"), "{err}");
    }

    #[test]
    fn a_version_that_would_not_load_is_refused_like_a_full_parse() {
        let (text, _) = shipped();
        let now = super::super::parse(std::path::Path::new("b.yaml"), text.clone().into_bytes())
            .expect("loads");
        // Task 5's block twice: an id used twice.
        let block = super::super::task_block(text.as_bytes(), 5)
            .expect("#5")
            .to_owned();
        let at = text.find("- id: 6\n").expect("#6");
        let twice = format!(
            "{}{}{}",
            &text[..at],
            block.replace("title: ", "title: DUP "),
            &text[at..]
        );
        let err = super::super::parse_version(
            std::path::Path::new("HEAD:b.yaml"),
            twice.into_bytes(),
            &now,
        )
        .expect_err("an id twice");
        assert!(err.to_string().contains("used twice"), "{err}");
    }
}
