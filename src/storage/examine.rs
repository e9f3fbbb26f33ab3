//! The board for `cchc check`, which places every warning in the file's
//! text, and for `cchc move`, which saves one task: read so that the text
//! and the board are never held together.
//!
//! [`super::load`] holds both (a save needs them side by side), and on a
//! large board they are more than twice the file (issue 12: peak memory
//! within 2× the file). A large board laid out as cchc writes it is read
//! here as [`super::stream`] reads it, a batch of tasks at a time; its
//! canonical form is compared piece by piece with the file as the file is
//! read again; and once the board is dropped, the file is read a third time
//! to place the warnings, a task's block at a time ([`place_by_blocks`]:
//! the text is never held whole; a hand-formatted file is). All three reads
//! go through one open file, and the text read last must hash to what the
//! board was read from: a board saved over (renamed) meanwhile is still the
//! one read, and a board edited in place is an error that says to check
//! again.
//!
//! Anything the stream declines (a small board, an unusual layout, a board
//! with errors) is loaded as usual, which gives the same warnings in the
//! same places and every error with its file, line and column.

use super::fsx::{Hashing, hash_of};
use super::{BoardFile, LoadError, Located, first_places, fsx, load, locate_with, splice, stream};
use super::{SaveError, SaveReport};
use crate::domain::{Board, Problem, Severity, Task, validate};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek};
use std::path::{Path, PathBuf};

/// A board read for `check` or `move` (see the module docs).
pub struct Examined {
    path: PathBuf,
    inner: Inner,
}

enum Inner {
    /// Held with its text, as loaded.
    Loaded(BoardFile),
    /// Read from `file` without its text.
    Streamed {
        board: Board,
        /// The load's warnings (validation), not yet placed.
        warnings: Vec<Problem>,
        /// Each task id's place in the file's list.
        positions: HashMap<u32, usize>,
        noncanonical: Option<usize>,
        file: File,
        /// The size and hash of the bytes the board was read from.
        len: usize,
        hash: u64,
    },
}

/// Reads the board at `path` for `check` or `move`.
pub fn examine(path: &Path) -> Result<Examined, LoadError> {
    let inner = match streamed(path) {
        Some(inner) => inner,
        None => Inner::Loaded(load(path)?),
    };
    Ok(Examined {
        path: path.to_owned(),
        inner,
    })
}

fn streamed(path: &Path) -> Option<Inner> {
    let mut file = fsx::open_regular(path).ok()?;
    let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
    let mut read = Hashing::new(&file);
    let mut board = stream::in_file_order(&mut read, len)?;
    let hash = read.finish();
    let warnings: Vec<Problem> = validate(&board)
        .into_iter()
        .filter(|p| p.severity != Severity::Error)
        .collect();
    let positions = first_places(board.tasks.iter().map(|t| t.id));
    board.sort_tasks();
    file.rewind().ok()?;
    let noncanonical =
        splice::first_difference(&board, BufReader::with_capacity(1 << 16, &file)).ok()?;
    Some(Inner::Streamed {
        board,
        warnings,
        positions,
        noncanonical,
        file,
        len,
        hash,
    })
}

impl Examined {
    pub fn board(&self) -> &Board {
        match &self.inner {
            Inner::Loaded(file) => &file.board,
            Inner::Streamed { board, .. } => board,
        }
    }

    /// The place of task `id` in the file's `tasks` list (what a
    /// [`crate::domain::FieldPath`] index means).
    pub fn file_index(&self, id: u32) -> Option<usize> {
        match &self.inner {
            Inner::Loaded(file) => file.file_index(id),
            Inner::Streamed { positions, .. } => positions.get(&id).copied(),
        }
    }

    /// As [`BoardFile::first_noncanonical_line`].
    pub fn first_noncanonical_line(&self) -> Option<usize> {
        match &self.inner {
            Inner::Loaded(file) => file.first_noncanonical_line(),
            Inner::Streamed { noncanonical, .. } => *noncanonical,
        }
    }

    /// Saves the board with `task` in place of the task of its id, as
    /// [`super::save_task`] does, without loading the file's text: a large
    /// canonical board is written from the open file around the task's new
    /// block ([`super::save::save_streamed_task`]). What this declines is
    /// loaded and saved as [`super::save_task`] saves it, if the file is
    /// still the one read.
    pub fn save_task(self, task: Task) -> Result<SaveReport, SaveError> {
        let (task, hash, len) = match self.inner {
            Inner::Loaded(mut file) => return super::save_task(&mut file, task),
            Inner::Streamed {
                mut board,
                noncanonical,
                file,
                hash,
                len,
                ..
            } => {
                if noncanonical.is_none()
                    && let Some(report) = super::save::save_streamed_task(
                        &self.path, &mut board, &file, hash, len, &task,
                    )
                {
                    return report;
                }
                // Let go before the load: never two boards.
                drop(board);
                (task, hash, len)
            }
        };
        let path = self.path;
        let mut loaded = load(&path).map_err(|e| match e {
            LoadError::Io { source, .. } => SaveError::Io {
                path: path.clone(),
                step: "re-reading the file",
                source,
            },
            LoadError::Conflict { .. } => SaveError::Conflicted { path: path.clone() },
            // It loaded when it was read.
            _ => SaveError::ChangedOnDisk { path: path.clone() },
        })?;
        if loaded.original().len() != len || hash_of(loaded.original()) != hash {
            return Err(SaveError::ChangedOnDisk { path });
        }
        super::save_task(&mut loaded, task)
    }

    /// The load's warnings and then `problems`, placed in the file: the
    /// board is let go first, then the file read again, a task's block at a
    /// time where it is canonical ([`place_by_blocks`]), else whole.
    pub fn locate(self, problems: Vec<Problem>) -> Result<Vec<Located>, LoadError> {
        match self.inner {
            Inner::Loaded(mut file) => {
                let mut out = std::mem::take(&mut file.warnings);
                out.extend(file.locate(problems));
                Ok(out)
            }
            Inner::Streamed {
                board,
                warnings,
                positions,
                noncanonical,
                file,
                len,
                hash,
            } => {
                drop((board, positions));
                let io = |source| LoadError::Io {
                    path: self.path.clone(),
                    source,
                };
                let warned = warnings.len();
                let mut all = warnings;
                all.extend(problems);
                match noncanonical {
                    // As the load and `BoardFile::locate` place them: the
                    // layout gives the event parser's answers (its property
                    // test), so one placement serves both.
                    None => place_by_blocks(&self.path, &file, hash, all).map_err(io),
                    // Hand-formatted: the event parser over the whole text.
                    Some(_) => {
                        let text = read_again(&file, len, hash).map_err(io)?;
                        let problems = all.split_off(warned);
                        let mut placed = locate_with(&self.path, &text, all, false);
                        placed.extend(locate_with(&self.path, &text, problems, false));
                        Ok(placed)
                    }
                }
            }
        }
    }
}

fn changed() -> std::io::Error {
    std::io::Error::other(
        "it changed while it was being checked (edited in place); run the check again",
    )
}

fn not_utf8(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, e)
}

/// The whole text of `file`, which must be the `len` bytes of hash `hash`
/// the board was read from.
fn read_again(mut file: &File, len: usize, hash: u64) -> std::io::Result<String> {
    let mut bytes = Vec::with_capacity(len);
    file.rewind()?;
    file.read_to_end(&mut bytes)?;
    if hash_of(&bytes) != hash {
        return Err(changed());
    }
    String::from_utf8(bytes).map_err(not_utf8)
}

/// Places `problems` in a canonical `file` read again a line at a time: a
/// task's problems in its block alone, the others in the text around the
/// task list. The text is never held whole (at 100,000 tasks it is what
/// kept `check` over twice the file). A block is YAML on its own, under a
/// `tasks:` key as in the file, so the layout and the event parser place a
/// field in it where they would in the whole text, a fixed number of lines
/// up; the text around the list is the stream's, with `tasks: []` in the
/// list's place.
fn place_by_blocks(
    path: &Path,
    file: &File,
    hash: u64,
    problems: Vec<Problem>,
) -> std::io::Result<Vec<Located>> {
    let mut placer = Placer::new(path, problems);
    let mut read = Hashing::new(file);
    let mut f = file;
    f.rewind()?;
    let mut reader = BufReader::with_capacity(1 << 16, &mut read);
    let mut line = String::new();
    let mut next = |line: &mut String| -> std::io::Result<bool> {
        line.clear();
        Ok(reader.read_line(line)? > 0)
    };
    // The text around the list, with `tasks: []` in its place.
    let mut rest = String::new();
    let mut head = 0;
    while next(&mut line)? && line != "tasks:\n" {
        rest.push_str(&line);
        head += 1;
    }
    rest.push_str("tasks: []\n");
    let tasks_line = head + 1;
    // The block being read ("tasks:\n", then its lines), its place in the
    // list and the file line of its first; the first block, kept.
    let mut block = Block::new(tasks_line);
    let mut first_block = None;
    let mut listed = 0;
    loop {
        if !next(&mut line)? {
            break;
        }
        match super::split::TaskLine::of(&line) {
            super::split::TaskLine::Item => {
                let next_block = block.next(tasks_line + listed + 1);
                let done = std::mem::replace(&mut block, next_block);
                placer.place_task(&done);
                if done.index == Some(0) {
                    first_block = Some(done);
                }
            }
            super::split::TaskLine::Continues => {}
            super::split::TaskLine::End => {
                rest.push_str(&line);
                break;
            }
        }
        block.text.push_str(&line);
        listed += 1;
    }
    placer.place_task(&block);
    let first_block = first_block.unwrap_or(block);
    reader.read_to_string(&mut rest)?;
    drop(reader);
    if read.finish() != hash {
        return Err(changed());
    }
    placer.place_rest(&first_block, &rest, tasks_line, listed);
    Ok(placer.placed.into_iter().flatten().collect())
}

/// One task block of the list, as [`place_by_blocks`] reads it.
struct Block {
    /// `tasks:\n`, then the block's lines: YAML that places its fields as
    /// the whole text does.
    text: String,
    /// Its place in the file's list (`None` before the first).
    index: Option<usize>,
    /// The file's lines of the `tasks:` key and of the block's first line.
    tasks_line: usize,
    first: usize,
}

impl Block {
    fn new(tasks_line: usize) -> Self {
        Block {
            text: String::new(),
            index: None,
            tasks_line,
            first: tasks_line + 1,
        }
    }

    /// The block after this one, starting at file line `first`.
    fn next(&self, first: usize) -> Self {
        Block {
            text: String::from("tasks:\n"),
            index: Some(self.index.map_or(0, |i| i + 1)),
            tasks_line: self.tasks_line,
            first,
        }
    }

    /// A line of the block's text as the file's: line 1 is the `tasks:`
    /// key, 2 the block's first.
    fn file_line(&self, line: usize) -> usize {
        if line < 2 {
            self.tasks_line
        } else {
            self.first + line - 2
        }
    }
}

/// The problems of [`place_by_blocks`], each placed once, in a text of its
/// own: its task's block, else the text around the list.
struct Placer<'a> {
    path: &'a Path,
    /// Taken as placed.
    problems: Vec<Option<Problem>>,
    placed: Vec<Option<Located>>,
    /// Problem indices by the task (its place in the file) they are about.
    by_task: std::collections::BTreeMap<usize, Vec<usize>>,
    /// About the list itself (or a task it does not hold, added at the
    /// end): placed in the first block, where the list's node starts.
    list: Vec<usize>,
    /// About the plan, the areas, the targets, the calendar.
    around: Vec<usize>,
}

impl<'a> Placer<'a> {
    fn new(path: &'a Path, problems: Vec<Problem>) -> Self {
        let (mut by_task, mut list, mut around) = (
            std::collections::BTreeMap::<usize, Vec<usize>>::new(),
            Vec::new(),
            Vec::new(),
        );
        for (k, p) in problems.iter().enumerate() {
            match p.path.index {
                _ if p.path.section != "tasks" => around.push(k),
                Some(i) => by_task.entry(i).or_default().push(k),
                None => list.push(k),
            }
        }
        Placer {
            path,
            placed: vec![None; problems.len()],
            problems: problems.into_iter().map(Some).collect(),
            by_task,
            list,
            around,
        }
    }

    /// The problems about `block`'s task, placed in it: their paths' task
    /// index is 0 there, and shown as the file's.
    fn place_task(&mut self, block: &Block) {
        if let Some(ks) = block.index.and_then(|i| self.by_task.remove(&i)) {
            self.place(&block.text, &ks, Some(0), &|l| block.file_line(l));
        }
    }

    /// The rest: about the list or a task it does not hold, in the first
    /// block (their paths as they are); the others in `rest`, the text
    /// around the list with `tasks: []` on the file's line `tasks_line` in
    /// place of its `listed` lines.
    fn place_rest(&mut self, first: &Block, rest: &str, tasks_line: usize, listed: usize) {
        let mut list = std::mem::take(&mut self.list);
        list.extend(std::mem::take(&mut self.by_task).into_values().flatten());
        list.sort_unstable();
        self.place(&first.text, &list, None, &|l| first.file_line(l));
        let around = std::mem::take(&mut self.around);
        self.place(rest, &around, None, &|l| {
            if l <= tasks_line { l } else { l + listed }
        });
    }

    /// Problems `ks` placed in `text`, their task index made `index` if
    /// given; `file_line` maps a line of `text` to the file's.
    fn place(
        &mut self,
        text: &str,
        ks: &[usize],
        index: Option<usize>,
        file_line: &dyn Fn(usize) -> usize,
    ) {
        let mut asked = Vec::with_capacity(ks.len());
        let mut shown = Vec::with_capacity(ks.len());
        for &k in ks {
            let Some(mut p) = self.problems[k].take() else {
                continue;
            };
            shown.push((k, p.path.to_string()));
            if index.is_some() {
                p.path.index = index;
            }
            asked.push(p);
        }
        for ((k, path), mut l) in shown
            .into_iter()
            .zip(locate_with(self.path, text, asked, true))
        {
            l.line = l.line.map(file_line);
            l.path = l.path.map(|_| path);
            self.placed[k] = Some(l);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FieldPath;
    use crate::storage::stream::tests::large;

    fn file_with(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("board.yaml");
        std::fs::write(&path, text).expect("write");
        (dir, path)
    }

    /// Problems at fields a task has (its title), one it may lack (`due`:
    /// placed at the nearest enclosing node) and an entry's field.
    fn problems(file_index: impl Fn(u32) -> Option<usize>, ids: &[u32]) -> Vec<Problem> {
        ids.iter()
            .flat_map(|&id| {
                let i = file_index(id).expect("a task of the board");
                [
                    Problem::warning(FieldPath::item("tasks", i, "title"), format!("{id} title")),
                    Problem::warning(FieldPath::item("tasks", i, "due"), format!("{id} due")),
                    Problem::warning(
                        FieldPath::entry("tasks", i, "evidence", 0, Some("date")),
                        format!("{id} evidence"),
                    ),
                ]
            })
            .collect()
    }

    #[test]
    fn a_large_board_is_examined_without_its_text_as_the_load_places_it() {
        let text = large();
        // Validation warnings (done without a completion day, a completion
        // day without done) in a canonical file, a task out of order, a
        // comment (hand-formatted from its line on).
        let mut board = crate::storage::parse(Path::new("large"), text.clone().into_bytes())
            .expect("loads")
            .board;
        for t in &mut board.tasks[..3] {
            t.status = crate::domain::Status::Done;
            t.completed = None;
        }
        board.tasks[199].status = crate::domain::Status::Planned;
        board.tasks[199].completed = "2024-02-01".parse().ok();
        let warned = crate::storage::to_yaml(&board);
        let start = warned.find("\n- id: 3\n").expect("task 3") + 1;
        let end = warned.find("\n- id: 4\n").expect("task 4") + 1;
        let tail = warned.find("\ntargets:").expect("targets") + 1;
        let unsorted = [
            &warned[..start],
            &warned[end..tail],
            &warned[start..end],
            &warned[tail..],
        ]
        .concat();
        let commented = warned.replacen("\n- id: 300\n", "\n- id: 300 # xem lại\n", 1);
        for (what, text) in [
            ("canonical", &text),
            ("with warnings", &warned),
            ("unsorted", &unsorted),
            ("hand-formatted", &commented),
        ] {
            let (_dir, path) = file_with(text);
            let examined = examine(&path).expect("examines");
            assert!(
                matches!(examined.inner, Inner::Streamed { .. }),
                "{what}: streamed"
            );
            let loaded = load(&path).expect("loads");
            assert_eq!(loaded.warnings.is_empty(), what == "canonical", "{what}");
            // Placed by the layout where the file is canonical.
            assert_eq!(
                examined.first_noncanonical_line().is_none(),
                what == "canonical" || what == "with warnings",
                "{what}"
            );
            assert_eq!(examined.board(), &loaded.board, "{what}");
            assert_eq!(
                examined.first_noncanonical_line(),
                loaded.first_noncanonical_line(),
                "{what}"
            );
            for t in &loaded.board.tasks {
                assert_eq!(examined.file_index(t.id), loaded.file_index(t.id), "{what}");
            }
            let ids = [1, 3, 4, 200, 300];
            // Problems around the task list too (before and after it, one
            // the layout cannot place, one about no task), first.
            let mut asked = vec![
                Problem::warning(FieldPath::item("targets", 1, "text"), "target"),
                Problem::warning(
                    FieldPath::entry("targets", 0, "measurements", 0, Some("date")),
                    "no measurement",
                ),
                Problem::warning(FieldPath::field("plan", "year"), "year"),
                Problem::warning(FieldPath::item("areas", 2, "code"), "area"),
                Problem::warning(FieldPath::item("tasks", 1 << 20, "title"), "no task"),
                Problem::warning(FieldPath::root("tasks"), "the list"),
            ];
            asked.extend(problems(|id| loaded.file_index(id), &ids));
            let mut want = loaded.warnings.clone();
            want.extend(loaded.locate(asked.clone()));
            assert!(
                want.iter().all(|l| l.line.is_some()),
                "{what}: every problem is placed: {want:?}"
            );
            assert_eq!(examined.locate(asked).expect("places"), want, "{what}");
        }
    }

    #[test]
    fn a_board_edited_in_place_while_examined_is_an_error_and_one_saved_over_is_not() {
        let text = large();
        let (dir, path) = file_with(&text);
        let asked = |e: &Examined| problems(|id| e.file_index(id), &[5]);
        let want = {
            let e = examine(&path).expect("examines");
            let p = asked(&e);
            e.locate(p).expect("places")
        };
        // Saved over (a new file renamed into place): the open file is still
        // the one read, and placed as it was.
        let examined = examine(&path).expect("examines");
        let p = asked(&examined);
        let new = dir.path().join("new.yaml");
        std::fs::write(
            &new,
            text.replacen("\n- id: 1\n", "\n- id: 1\n  note: x\n", 1),
        )
        .expect("write");
        std::fs::rename(&new, &path).expect("rename");
        assert_eq!(examined.locate(p).expect("places"), want);
        // Edited in place (same size; the change time is not compared, so
        // no wait for the clock is needed): refused.
        std::fs::write(&path, &text).expect("write");
        let examined = examine(&path).expect("examines");
        let p = asked(&examined);
        let edited = text.replacen("\n- id: 1\n", "\n- id: 9\n", 1);
        assert_eq!(edited.len(), text.len());
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, edited.as_bytes()))
            .expect("edit in place");
        let e = examined.locate(p).expect_err("changed");
        assert!(
            e.to_string().contains("changed while it was being checked"),
            "{e}"
        );
    }

    /// A large canonical board, examined (streamed), and task 5 with `edit`.
    fn streamed_with(edit: impl FnOnce(&mut Task)) -> (tempfile::TempDir, PathBuf, Examined, Task) {
        let (dir, path) = file_with(&large());
        let examined = examine(&path).expect("examines");
        assert!(matches!(
            examined.inner,
            Inner::Streamed {
                noncanonical: None,
                ..
            }
        ));
        let mut task = examined.board().task(5).expect("task 5").clone();
        edit(&mut task);
        (dir, path, examined, task)
    }

    fn listing(dir: &tempfile::TempDir) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_task_of_a_streamed_board_is_saved_as_a_whole_save_writes_it() {
        let day = "2024-03-02".parse().expect("date");
        let (dir, path, mut examined, task) = streamed_with(|t| {
            t.set_status(crate::domain::Status::Done, day);
            t.title = "Tiêu đề\nhai dòng: có # và 'nháy'".into();
        });
        let before = examined.board().clone();
        let mut want = before.clone();
        *want.tasks.iter_mut().find(|t| t.id == 5).expect("task 5") = task.clone();
        // Written from the open file, not by the loaded fallback.
        let Inner::Streamed {
            board,
            file,
            hash,
            len,
            ..
        } = &mut examined.inner
        else {
            unreachable!("streamed")
        };
        let report =
            crate::storage::save::save_streamed_task(&path, board, file, *hash, *len, &task)
                .expect("not declined")
                .expect("saved");
        assert!(!report.unchanged);
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            crate::storage::to_yaml(&want)
        );
        assert_eq!(examined.board(), &before, "the board read is as it was");
        assert_eq!(listing(&dir), ["board.yaml"], "temp file left");
        // The same task again: nothing to write.
        let (_dir, path, examined, task) = streamed_with(|_| {});
        let mtime = || {
            std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .expect("mtime")
        };
        let was = mtime();
        assert!(examined.save_task(task).expect("saved").unchanged);
        assert_eq!(mtime(), was);
    }

    #[test]
    fn a_task_of_a_streamed_board_that_would_not_load_is_refused_as_a_loaded_one_is() {
        let (dir, path, examined, task) = streamed_with(|t| t.area = "X".into());
        let text = std::fs::read(&path).expect("read");
        let err = examined.save_task(task.clone()).expect_err("unknown area");
        assert!(matches!(err, SaveError::WouldNotLoad { .. }), "{err:?}");
        let mut loaded = load(&path).expect("loads");
        let want = crate::storage::save_task(&mut loaded, task).expect_err("unknown area");
        assert_eq!(err.to_string(), want.to_string());
        assert!(
            std::fs::read(&path).expect("read") == text,
            "the board was written"
        );
        assert_eq!(listing(&dir), ["board.yaml"], "temp file left");
    }

    #[test]
    fn a_task_of_a_streamed_board_is_not_saved_over_a_change_on_disk() {
        let (_dir, path, examined, task) = streamed_with(|t| t.assignee = Some("A".into()));
        let text = std::fs::read_to_string(&path).expect("read");
        // Edited in place, the size kept.
        let theirs = text.replacen("\n- id: 1\n", "\n- id: 9\n", 1);
        assert_eq!(theirs.len(), text.len());
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, theirs.as_bytes()))
            .expect("edit in place");
        let err = examined.save_task(task).expect_err("changed");
        assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err:?}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), theirs);
        // Saved over (renamed into place) with a task the change would not
        // load with: the fallback refuses it as changed too.
        let (dir, path, examined, task) = streamed_with(|t| t.area = "X".into());
        let new = dir.path().join("new.yaml");
        let theirs = std::fs::read_to_string(&path).expect("read").replacen(
            "\n- id: 1\n",
            "\n- id: 1\n  assignee: B\n",
            1,
        );
        std::fs::write(&new, &theirs).expect("write");
        std::fs::rename(&new, &path).expect("rename");
        let err = examined.save_task(task).expect_err("changed");
        assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err:?}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), theirs);
        // Mid-merge meanwhile: named as such on the fallback too.
        let (_dir, path, examined, task) = streamed_with(|t| t.area = "X".into());
        let merging = std::fs::read_to_string(&path).expect("read").replacen(
            "\n- id: 1\n",
            "\n<<<<<<< HEAD\n=======\n>>>>>>> theirs\n- id: 1\n",
            1,
        );
        std::fs::write(&path, &merging).expect("write");
        let err = examined.save_task(task).expect_err("conflicted");
        assert!(matches!(err, SaveError::Conflicted { .. }), "{err:?}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), merging);
    }

    /// A large canonical board with log entries, evidence, a multi-line
    /// note and warnings of the load's own.
    fn rich() -> String {
        let mut board = crate::storage::parse(Path::new("large"), large().into_bytes())
            .expect("loads")
            .board;
        let day = |s: &str| s.parse().expect("date");
        for (k, t) in board
            .tasks
            .iter_mut()
            .enumerate()
            .filter(|(k, _)| k % 7 == 0)
        {
            t.add_log(crate::domain::LogEntry {
                date: day("2024-03-05"),
                text: format!("Bước {k}\nhai dòng"),
                evidence: vec![],
            });
            t.evidence
                .push(crate::domain::Evidence::Text(format!("Văn bản số {k}/KH")));
            if k % 3 == 0 {
                t.notes = Some("ghi chú\ndòng hai: 'x' # y".into());
                t.status = crate::domain::Status::Done;
                t.completed = None;
            }
        }
        crate::storage::to_yaml(&board)
    }

    fn a_problem() -> impl proptest::strategy::Strategy<Value = Problem> {
        use proptest::prelude::*;
        let task_field = proptest::sample::select(vec![
            "id",
            "area",
            "title",
            "output",
            "timeframe",
            "status",
            "due",
            "completed",
            "notes",
        ]);
        let list = proptest::sample::select(vec!["log", "evidence"]);
        let key = proptest::option::of(proptest::sample::select(vec!["date", "text", "number"]));
        let around = proptest::sample::select(vec![
            ("plan", None, Some("year")),
            ("plan", None, Some("title")),
            ("schema", None, None),
            ("areas", Some(3), Some("code")),
            ("areas", Some(40), Some("title")),
            ("targets", Some(0), Some("text")),
            ("targets", Some(18), Some("current")),
            ("tasks", None, None),
        ]);
        prop_oneof![
            (0usize..700, task_field).prop_map(|(i, f)| FieldPath::item("tasks", i, f)),
            (0usize..700, list, 0usize..3, key)
                .prop_map(|(i, l, j, k)| FieldPath::entry("tasks", i, l, j, k)),
            around.prop_map(|(section, index, field)| FieldPath {
                section,
                index,
                field,
                entry: None,
            }),
        ]
        .prop_map(|path| Problem::warning(path, "x"))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// Placed block by block, any problems land where the whole text
        /// places them.
        #[test]
        fn any_problems_are_placed_block_by_block_as_in_the_whole_text(
            problems in proptest::collection::vec(a_problem(), 1..40)
        ) {
            static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
            let (_dir, path) = file_with(TEXT.get_or_init(rich));
            let examined = examine(&path).expect("examines");
            let by_blocks = matches!(
                examined.inner,
                Inner::Streamed { noncanonical: None, .. }
            );
            proptest::prop_assert!(by_blocks);
            let loaded = load(&path).expect("loads");
            let mut want = loaded.warnings.clone();
            want.extend(loaded.locate(problems.clone()));
            proptest::prop_assert_eq!(examined.locate(problems).expect("places"), want);
        }
    }
}
