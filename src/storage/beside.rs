//! Another version of the board (HEAD's, for `cchc changes`) set beside the
//! working file so that neither is held whole twice: the version's text is
//! held, the working file is read a batch of tasks at a time
//! ([`super::stream::walk`]), and a task whose block is byte-identical in
//! both (a block is context-free: the same bytes are the same task) is
//! checked and let go. Only the tasks that differ, and those on one side
//! only, are kept, on two boards with each side's plan, areas and targets:
//! what [`crate::domain::diff::differences`] says of them is what it says
//! of the whole boards, since it matches tasks by id and an identical task
//! has no differences. At 100,000 tasks `changes` held both texts and both
//! boards (251 MiB for a 42 MiB file, issue 12).
//!
//! Both versions are validated whole, a task at a time
//! ([`crate::domain::Checker`]), each task with its place in its own file.
//! Anything unusual declines (`None`): a small file, a layout the stream or
//! the splice does not read, an id twice, a conflict or an anchor, a version
//! or a working board with errors. The caller then reads both as before,
//! which gives every error with its file, line and column.

use super::split::{TaskLayout, TaskLine, item_id, parse_task_block};
use super::stream::{Walk, walk};
use super::{SPLIT_FROM_BYTES, find_conflicts, fsx, yaml};
use crate::domain::{Board, Checker, Problem, Severity, Task};
use std::collections::HashMap;
use std::path::Path;

/// The tasks of `version` and of the working board at `path` that differ,
/// each on a board with its side's plan, areas and targets (before, after);
/// `None` declines (see the module docs).
pub fn differing(path: &Path, version: &[u8]) -> Option<(Board, Board)> {
    // A small working file is read whole (`walk` declines it): nothing of
    // the version is read for it.
    let file = fsx::open_regular(path).ok()?;
    let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
    if len < SPLIT_FROM_BYTES {
        return None;
    }
    let text = std::str::from_utf8(version).ok()?;
    if !find_conflicts(text).is_empty() || yaml::find_anchor(text).is_some() {
        return None;
    }
    let layout = TaskLayout::of(text)?;
    let then: Board = yaml::from_str(&layout.header(text)).ok()?;
    let mut blocks: HashMap<u32, (usize, &str)> = HashMap::with_capacity(layout.items.len());
    for (k, &(a, b)) in layout.items.iter().enumerate() {
        let block = &text[a..b];
        // An id twice: the full parse says where.
        if blocks.insert(item_id(block)?, (k, block)).is_some() {
            return None;
        }
    }
    let mut beside = Beside {
        then_check: Checker::new(&then),
        blocks,
        now_check: None,
        at: 0,
        before: Vec::new(),
        after: Vec::new(),
    };
    let rest = walk(file, len, &mut beside)?;
    let now: Board = yaml::from_str(&rest).ok()?;
    let Beside {
        mut then_check,
        blocks,
        now_check,
        mut before,
        after,
        ..
    } = beside;
    // The version's tasks the working board no longer has.
    let mut gone: Vec<(usize, &str)> = blocks.into_values().collect();
    gone.sort_unstable();
    for (k, block) in gone {
        let task = parse_task_block(block)?;
        then_check.task(k, &task);
        before.push(task);
    }
    let valid = |problems: Vec<Problem>| problems.iter().all(|p| p.severity != Severity::Error);
    if !valid(now_check?.finish(&now)) || !valid(then_check.finish(&then)) {
        return None;
    }
    let side = |header: Board, tasks: Vec<Task>| {
        let mut board = Board { tasks, ..header };
        board.sort_tasks();
        board
    };
    Some((side(then, before), side(now, after)))
}

/// The walk over the working file (see [`differing`]).
struct Beside<'t> {
    then_check: Checker,
    /// The version's blocks not yet met in the working file, by id: each
    /// with its place in the version's list.
    blocks: HashMap<u32, (usize, &'t str)>,
    /// Made from the working file's areas, when its head is read.
    now_check: Option<Checker>,
    /// The place in the working file's list of the next task.
    at: usize,
    before: Vec<Task>,
    after: Vec<Task>,
}

impl Walk for Beside<'_> {
    fn head(&mut self, text: &str) -> Option<()> {
        let head: Board = yaml::from_str(&format!("{text}tasks: []\n")).ok()?;
        self.now_check = Some(Checker::new(&head));
        Some(())
    }

    fn batch(&mut self, text: &str, tasks: Vec<Task>) -> Option<()> {
        let now_check = self.now_check.as_mut()?;
        for (block, task) in blocks_of(text).zip(tasks) {
            now_check.task(self.at, &task);
            self.at += 1;
            match self.blocks.remove(&task.id) {
                Some((k, old)) if old == block => self.then_check.task(k, &task),
                Some((k, old)) => {
                    let then = parse_task_block(old)?;
                    self.then_check.task(k, &then);
                    self.before.push(then);
                    self.after.push(task);
                }
                None => self.after.push(task),
            }
        }
        Some(())
    }
}

/// The item blocks of a batch's text, in order.
fn blocks_of(text: &str) -> impl Iterator<Item = &str> {
    let mut starts: Vec<usize> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if TaskLine::of(line) == TaskLine::Item {
            starts.push(at);
        }
        at += line.len();
    }
    let ends: Vec<usize> = starts.iter().skip(1).copied().chain([text.len()]).collect();
    starts.into_iter().zip(ends).map(move |(a, b)| &text[a..b])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::diff::differences;
    use crate::domain::{Status, Target};
    use crate::storage::stream::tests::large;
    use crate::storage::{parse, to_yaml};

    fn board_of(text: &str) -> Board {
        parse(Path::new("b.yaml"), text.as_bytes().to_vec())
            .expect("loads")
            .board
    }

    /// `differing` with `then` as the version and `now` as the working file.
    fn beside(then: &str, now: &str) -> Option<(Board, Board)> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("board.yaml");
        std::fs::write(&path, now).expect("write");
        differing(&path, then.as_bytes())
    }

    #[test]
    fn the_tasks_that_differ_say_what_the_whole_boards_say() {
        let then_text = large();
        let then = board_of(&then_text);
        let mut now = then.clone();
        now.set_status(5, Status::Done, "2024-03-02".parse().expect("date"));
        now.tasks.retain(|t| t.id != 7);
        let mut new = now.tasks[0].clone();
        new.id = 100_000;
        new.title = "Nhiệm vụ mới".into();
        now.tasks.push(new);
        now.plan.title = "Kế hoạch (sửa)".into();
        now.targets[0].current = Some(64.5);
        let (before, after) = beside(&then_text, &to_yaml(&now)).expect("read beside");
        let ids = |b: &Board| b.tasks.iter().map(|t| t.id).collect::<Vec<_>>();
        assert_eq!(ids(&before), [5, 7], "only what differs is kept");
        assert_eq!(ids(&after), [5, 100_000]);
        let want = differences(&then, &now);
        assert!(want.len() >= 6, "{want:?}");
        assert_eq!(differences(&before, &after), want);
        // Nothing changed: nothing kept, nothing said.
        let (before, after) = beside(&then_text, &then_text).expect("read beside");
        assert!(before.tasks.is_empty() && after.tasks.is_empty());
        assert_eq!(differences(&before, &after), []);
    }

    #[test]
    fn a_version_or_a_working_board_with_errors_is_declined() {
        let text = large();
        let board = board_of(&text);
        let with = |edit: &dyn Fn(&mut Board)| {
            let mut b = board.clone();
            edit(&mut b);
            to_yaml(&b)
        };
        // The version's error is in a task the working board has mended.
        let unknown_area = with(&|b| b.tasks[8].area = "X".into());
        // The version's target names a task only the working board has: the
        // version's own tasks, reused from the working file, are its check.
        let target = |b: &mut Board| {
            b.targets.push(Target {
                id: "X.1".into(),
                task: Some(100_000),
                ..b.targets[0].clone()
            })
        };
        let names_a_later_task = with(&target);
        let has_the_task = with(&|b| {
            target(b);
            let mut t = b.tasks[0].clone();
            t.id = 100_000;
            b.tasks.push(t);
        });
        let twice = text.replacen("\n- id: 300\n", "\n- id: 299\n", 1);
        assert!(
            beside(&text, &text).is_some(),
            "the cases below are declined for their error"
        );
        assert!(beside(&has_the_task, &has_the_task).is_some());
        for (what, then, now) in [
            ("the version's unknown area", &unknown_area, &text),
            ("the working board's unknown area", &text, &unknown_area),
            (
                "the version's target without its task",
                &names_a_later_task,
                &has_the_task,
            ),
            (
                "the working board's target without its task",
                &has_the_task,
                &names_a_later_task,
            ),
            ("the version's id twice", &twice, &text),
            ("the working board's id twice", &text, &twice),
        ] {
            assert_ne!(then, now, "{what}");
            assert_eq!(beside(then, now), None, "{what}");
        }
        // A small board: the ordinary load.
        let shipped = crate::storage::SHIPPED_TEXT;
        assert_eq!(beside(shipped, shipped), None);
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Move(usize, u8),
        Title(usize),
        Delete(usize),
        Add(u32),
        Log(usize),
        Target(usize),
        Plan,
    }

    fn an_edit() -> impl proptest::strategy::Strategy<Value = Edit> {
        use proptest::prelude::*;
        let at = 0usize..700;
        prop_oneof![
            (at.clone(), 0u8..3).prop_map(|(i, s)| Edit::Move(i, s)),
            at.clone().prop_map(Edit::Title),
            at.clone().prop_map(Edit::Delete),
            (1u32..4).prop_map(Edit::Add),
            at.prop_map(Edit::Log),
            (0usize..19).prop_map(Edit::Target),
            Just(Edit::Plan),
        ]
    }

    fn edited(board: &Board, edits: &[Edit]) -> Board {
        let mut b = board.clone();
        let day = "2024-03-02".parse().expect("date");
        for e in edits {
            let n = b.tasks.len();
            match *e {
                Edit::Move(i, s) => {
                    b.tasks[i % n].set_status(Status::ALL[usize::from(s)], day);
                }
                Edit::Title(i) => {
                    b.tasks[i % n].title = format!("{} (sửa)", b.tasks[i % n].title).into();
                }
                Edit::Delete(i) => {
                    b.tasks.remove(i % n);
                }
                Edit::Add(k) => {
                    let mut t = b.tasks[0].clone();
                    t.id = 100_000 + k;
                    b.tasks.retain(|x| x.id != t.id);
                    b.tasks.push(t);
                }
                Edit::Log(i) => {
                    b.tasks[i % n].add_log(crate::domain::LogEntry {
                        date: day,
                        text: "Bước\nhai dòng".into(),
                        evidence: vec![],
                    });
                }
                Edit::Target(i) => {
                    let g = i % b.targets.len();
                    b.targets[g].current = Some(i as f64 + 0.5);
                }
                Edit::Plan => b.plan.title = format!("{} (sửa)", b.plan.title),
            }
        }
        b.sort_tasks();
        b
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// What the tasks that differ say is what the whole boards say,
        /// whichever side was edited and how.
        #[test]
        fn any_edits_are_told_as_the_whole_boards_tell_them(
            then_edits in proptest::collection::vec(an_edit(), 0..4),
            now_edits in proptest::collection::vec(an_edit(), 0..8),
        ) {
            static BASE: std::sync::OnceLock<Board> = std::sync::OnceLock::new();
            let base = BASE.get_or_init(|| board_of(&large()));
            let then = edited(base, &then_edits);
            let now = edited(&then, &now_edits);
            let (before, after) = beside(&to_yaml(&then), &to_yaml(&now)).expect("read beside");
            proptest::prop_assert_eq!(differences(&before, &after), differences(&then, &now));
        }
    }
}
