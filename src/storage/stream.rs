//! The board for the commands that only read it (`list`, `overdue`, `due`,
//! `show`, `summary`, `targets`), read without holding the file's text.
//!
//! [`super::load`] keeps the file's bytes beside the board: a save compares
//! them with the disk and splices into them, and `check` places its warnings
//! in them. A command that only reads needs none of that, and on a large
//! board the text is a third of the memory at the load's peak (issue 12: peak
//! memory within 2× the file). So a large board laid out as cchc writes it
//! is read here a line at a time: the text before `tasks:` and after the
//! list is kept (the plan, areas and targets: small), and the tasks are
//! parsed a batch at a time as their lines arrive, exactly as
//! [`super::split`] parses them out of a whole text.
//!
//! Anything else declines and the caller loads the board as usual, which
//! reads it the same way and gives every error with its file, line and
//! column: a small board, a line that is not UTF-8, a byte-order mark, what
//! might be a git conflict marker, a task list in another layout, a batch the
//! fast path cannot read, a board with errors. So this can only agree with
//! [`super::load`]. ([`frame`], for a report, reads the rest of the file
//! alone and checks no task: the report reads them next.)

use super::split::{BATCH, TaskLine, parse_items};
use super::{LoadError, SPLIT_FROM_BYTES, fsx, load, yaml};
use crate::domain::{Board, Severity, Task, validate};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::{Mutex, mpsc};

/// The board at `path`, to read: its tasks in id order, as
/// `load(path)?.board` gives them.
pub fn read(path: &Path) -> Result<Board, LoadError> {
    match stream(path) {
        Some(board) => Ok(board),
        None => load(path).map(|f| f.board),
    }
}

/// The streaming read; `None` declines (see the module docs).
fn stream(path: &Path) -> Option<Board> {
    let file = fsx::open_regular(path).ok()?;
    let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
    let mut board = in_file_order(file, len)?;
    board.sort_tasks();
    Some(board)
}

/// The streaming read of `file` (of `len` bytes) to its end, its tasks in
/// the order the file lists them (as the load validates them, so that a
/// problem's task index is its place in the file).
pub(super) fn in_file_order(file: impl Read, len: usize) -> Option<Board> {
    struct Collect(Vec<Task>);
    impl Walk for Collect {
        fn batch(&mut self, _: &str, tasks: Vec<Task>) -> Option<()> {
            self.0.extend(tasks);
            Some(())
        }
    }
    // Reserved for the most tasks the file could hold (a task takes far more
    // than 64 bytes): growing by doubling would hold the tasks two and three
    // times over while copying, and pages never written are not memory used.
    let mut tasks = Collect(Vec::with_capacity(len / 64));
    let rest = walk(file, len, &mut tasks)?;
    let mut board: Board = yaml::from_str(&rest).ok()?;
    board.tasks = tasks.0;
    // A board with errors: the load says which and where.
    if validate(&board)
        .iter()
        .any(|p| p.severity == Severity::Error)
    {
        return None;
    }
    Some(board)
}

/// What [`walk`] gives as it reads.
pub(super) trait Walk {
    /// The text before the task list (the schema, the plan, the areas),
    /// once, before any batch.
    fn head(&mut self, _text: &str) -> Option<()> {
        Some(())
    }
    /// A batch of task items: its text (the items' lines, in file order)
    /// and its tasks as parsed. `None` stops the walk, which declines.
    fn batch(&mut self, text: &str, tasks: Vec<Task>) -> Option<()>;
    /// Whether the tasks are parsed at all: a walk for the rest of the file
    /// alone ([`frame`]) only checks the list's shape.
    fn parses(&self) -> bool {
        true
    }
}

/// The board at `path` without its tasks (the schema, plan, areas,
/// targets and reporting calendar), read a line at a time without parsing a
/// task: what a report needs to know its window before the tasks are read.
/// `None` declines (a small board, another layout, a head or tail that does
/// not parse); the caller then loads the board whole. Unlike [`read`], the
/// tasks are not checked here: the report reads them next, and a board with
/// errors fails there (after the window's own arguments are checked).
pub fn frame(path: &Path) -> Option<Board> {
    struct Skip;
    impl Walk for Skip {
        fn batch(&mut self, _: &str, _: Vec<Task>) -> Option<()> {
            Some(())
        }
        fn parses(&self) -> bool {
            false
        }
    }
    let file = fsx::open_regular(path).ok()?;
    let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
    let rest = walk(file, len, &mut Skip)?;
    yaml::from_str(&rest).ok()
}

/// Reads `file` (of `len` bytes) a line at a time, giving `to` the text
/// before the task list and each batch of tasks as parsed. Returns the rest
/// of the file: everything but the tasks, `tasks: []` in their place (the
/// caller parses it). `None` declines (see the module docs).
///
/// The batches are parsed on the machine's cores while the lines are read
/// ([`Pool`]), and given to `to` on this thread in file order.
pub(super) fn walk<W: Walk>(file: impl Read, len: usize, to: &mut W) -> Option<String> {
    if len < SPLIT_FROM_BYTES {
        return None;
    }
    let threads = if to.parses() {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(MAX_THREADS)
    } else {
        1
    };
    if threads < 2 {
        return read_lines(file, to, &mut |batch, count, to: &mut W| {
            if to.parses() {
                to.batch(&batch, parse_items(&batch, count)?)?;
            }
            Some(())
        });
    }
    let (work, queue) = mpsc::sync_channel::<(usize, String, usize)>(threads);
    let queue = Mutex::new(queue);
    std::thread::scope(|scope| {
        let (parsed, done) = mpsc::channel();
        // A thread the system will not start is one worker fewer; with none,
        // the queued batches never come back and the walk declines.
        let workers: Vec<_> = (1..threads)
            .filter_map(|_| {
                let parsed = parsed.clone();
                let queue = &queue;
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || {
                        loop {
                            // The lock is held only while waiting for a batch
                            // (never while parsing): a poisoned lock cannot
                            // happen, and would end this worker.
                            let next = queue.lock().ok().and_then(|q| q.recv().ok());
                            let Some((k, batch, count)) = next else {
                                return;
                            };
                            let tasks = parse_items(&batch, count);
                            if parsed.send((k, batch, tasks)).is_err() {
                                return;
                            }
                        }
                    })
                    .ok()
            })
            .collect();
        drop(parsed);
        let mut pool = Pool {
            work: Some(work),
            done,
            sent: 0,
            next: 0,
            early: BTreeMap::new(),
        };
        let rest = read_lines(file, to, &mut |batch, count, to: &mut W| {
            pool.push(batch, count, to)
        })
        .and_then(|rest| pool.finish(to).map(|()| rest));
        drop(pool);
        // Joined here, every one of them, so that a panic is a declined
        // walk, not a crash (a worker left unjoined that panicked would make
        // the scope panic).
        let joins: Vec<bool> = workers.into_iter().map(|w| w.join().is_ok()).collect();
        rest.filter(|_| joins.iter().all(|&ok| ok))
    })
}

/// At most this many threads parse a walk's batches (one of them the
/// caller's).
const MAX_THREADS: usize = 4;

/// The batches of a walk being parsed on other threads: each is queued for
/// the workers, or parsed here when the queue is full, and the parsed
/// batches are given to the walk in file order as soon as those before them
/// are. The queue's bound keeps unparsed batches from piling up; parsed ones
/// wait in `early` only behind a batch a worker still holds (a worker
/// descheduled for long on a busy machine lets them grow, up to the rest of
/// the file at worst: a bound would need a blocking wait that a worker's
/// panic could hang).
struct Pool {
    /// `None` once every batch is sent: the workers end.
    work: Option<mpsc::SyncSender<(usize, String, usize)>>,
    done: mpsc::Receiver<(usize, String, Option<Vec<Task>>)>,
    sent: usize,
    /// The next batch to give, in file order.
    next: usize,
    early: BTreeMap<usize, (String, Vec<Task>)>,
}

impl Pool {
    fn push(&mut self, batch: String, count: usize, to: &mut impl Walk) -> Option<()> {
        let k = self.sent;
        self.sent += 1;
        let queued = match self.work.as_ref()?.try_send((k, batch, count)) {
            Ok(()) => None,
            Err(mpsc::TrySendError::Full(back) | mpsc::TrySendError::Disconnected(back)) => {
                Some(back)
            }
        };
        if let Some((k, batch, count)) = queued {
            let tasks = parse_items(&batch, count)?;
            self.keep(k, batch, tasks, to)?;
        }
        while let Ok((k, batch, tasks)) = self.done.try_recv() {
            self.keep(k, batch, tasks?, to)?;
        }
        Some(())
    }

    fn keep(
        &mut self,
        k: usize,
        batch: String,
        tasks: Vec<Task>,
        to: &mut impl Walk,
    ) -> Option<()> {
        self.early.insert(k, (batch, tasks));
        while let Some((batch, tasks)) = self.early.remove(&self.next) {
            to.batch(&batch, tasks)?;
            self.next += 1;
        }
        Some(())
    }

    /// Waits for the batches still being parsed; `None` when one failed or
    /// never came back (a worker that panicked).
    fn finish(&mut self, to: &mut impl Walk) -> Option<()> {
        self.work = None;
        while self.next < self.sent {
            let (k, batch, tasks) = self.done.recv().ok()?;
            self.keep(k, batch, tasks?, to)?;
        }
        Some(())
    }
}

/// The line reading of [`walk`]: each full batch's text and its number of
/// items are given to `each`, with `to`.
fn read_lines<W: Walk>(
    file: impl Read,
    to: &mut W,
    each: &mut dyn FnMut(String, usize, &mut W) -> Option<()>,
) -> Option<String> {
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut line = String::new();
    let mut next_line = |line: &mut String| -> Option<bool> {
        line.clear();
        // Not UTF-8: an error here, and the load's located one.
        let n = reader.read_line(line).ok()?;
        // A possible conflict marker anywhere: the load says where.
        (!line.contains("<<<<<<<")).then_some(n > 0)
    };
    // Everything but the tasks, with `tasks: []` in their place.
    let mut rest = String::new();
    loop {
        if !next_line(&mut line)? || (rest.is_empty() && line.starts_with('\u{feff}')) {
            return None;
        }
        if line == "tasks:\n" {
            break;
        }
        rest.push_str(&line);
    }
    to.head(&rest)?;
    rest.push_str("tasks: []\n");
    let mut batch = String::new();
    let mut in_batch = 0;
    let mut give = |batch: &mut String, in_batch: &mut usize, to: &mut W| -> Option<()> {
        let full = std::mem::replace(batch, String::with_capacity(batch.capacity()));
        each(full, std::mem::take(in_batch), to)
    };
    loop {
        if !next_line(&mut line)? {
            break;
        }
        match TaskLine::of(&line) {
            TaskLine::Item => {
                if in_batch == BATCH {
                    give(&mut batch, &mut in_batch, to)?;
                }
                in_batch += 1;
            }
            TaskLine::Continues if in_batch == 0 => return None,
            TaskLine::Continues => {}
            TaskLine::End => {
                rest.push_str(&line);
                break;
            }
        }
        batch.push_str(&line);
    }
    if in_batch == 0 {
        return None;
    }
    give(&mut batch, &mut in_batch, to)?;
    drop(batch);
    let tail = rest.len();
    reader.read_to_string(&mut rest).ok()?;
    if rest[tail..].contains("<<<<<<<") {
        return None;
    }
    Some(rest)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::storage::SHIPPED_TEXT;

    /// The shipped board's tasks repeated (ids renumbered) until the file is
    /// past the streaming threshold.
    pub(in crate::storage) fn large() -> String {
        let start = SHIPPED_TEXT.find("\ntasks:\n").expect("tasks") + "\ntasks:\n".len();
        let end = SHIPPED_TEXT.find("\ntargets:").expect("targets") + 1;
        let mut out = SHIPPED_TEXT[..start].to_owned();
        let mut id = 1;
        while out.len() < SPLIT_FROM_BYTES + 10_000 {
            for line in SHIPPED_TEXT[start..end].split_inclusive('\n') {
                if line.starts_with("- id: ") {
                    out.push_str(&format!("- id: {id}\n"));
                    id += 1;
                } else {
                    out.push_str(line);
                }
            }
        }
        out.push_str(&SHIPPED_TEXT[end..]);
        out
    }

    fn file_with(text: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("board.yaml");
        std::fs::write(&path, text).expect("write");
        (dir, path)
    }

    #[test]
    fn a_large_board_is_streamed_to_the_board_the_load_gives() {
        let text = large();
        let (_dir, path) = file_with(text.as_bytes());
        let loaded = load(&path).expect("loads").board;
        assert!(loaded.tasks.len() > 500, "{}", loaded.tasks.len());
        assert_eq!(stream(&path).as_ref(), Some(&loaded));
        assert_eq!(read(&path).expect("reads"), loaded);
    }

    /// The batches as given: their texts and ids, in the order given; stops
    /// the walk after `stop_after` batches.
    struct Given {
        text: String,
        ids: Vec<u32>,
        batches: usize,
        stop_after: usize,
    }

    impl Walk for Given {
        fn batch(&mut self, text: &str, tasks: Vec<Task>) -> Option<()> {
            self.batches += 1;
            self.text.push_str(text);
            self.ids.extend(tasks.iter().map(|t| t.id));
            (self.batches < self.stop_after).then_some(())
        }
    }

    fn given(text: &str, stop_after: usize) -> (Option<String>, Given) {
        let mut to = Given {
            text: String::new(),
            ids: Vec::new(),
            batches: 0,
            stop_after,
        };
        (walk(text.as_bytes(), text.len(), &mut to), to)
    }

    #[test]
    fn batches_come_in_file_order_whichever_thread_parsed_them() {
        let text = large();
        let start = text.find("\ntasks:\n").expect("tasks") + "\ntasks:\n".len();
        let end = text.find("\ntargets:").expect("targets") + 1;
        let (rest, to) = given(&text, usize::MAX);
        assert!(rest.is_some());
        assert_eq!(to.text, text[start..end]);
        let n = u32::try_from(to.ids.len()).expect("count");
        assert!(n as usize > 4 * BATCH, "{n}");
        assert_eq!(to.ids, (1..=n).collect::<Vec<_>>());
        // A batch that does not parse, first, in the middle or last: the
        // walk declines (and the load says where).
        for k in [1, n / 2, n] {
            let item = format!("- id: {k}\n");
            let broken = text.replacen(&item, &format!("{item}  bogus: 1\n"), 1);
            assert_ne!(broken, text);
            assert!(given(&broken, usize::MAX).0.is_none(), "task {k}");
        }
        // A walker that stops: declined, with no batch given after it.
        let (rest, to) = given(&text, 2);
        assert!(rest.is_none());
        assert_eq!(to.batches, 2);
        assert_eq!(to.ids, (1..=2 * BATCH as u32).collect::<Vec<_>>());
    }

    #[test]
    fn a_large_boards_frame_is_the_board_without_its_tasks() {
        let text = large();
        let (_dir, path) = file_with(text.as_bytes());
        let mut loaded = load(&path).expect("loads").board;
        loaded.tasks.clear();
        assert!(!loaded.targets.is_empty());
        assert_eq!(frame(&path), Some(loaded));
        // A small board, a list in another layout: the caller loads it.
        let (_dir, small) = file_with(crate::storage::SHIPPED_TEXT.as_bytes());
        assert_eq!(frame(&small), None);
        let indented = text.replacen("tasks:\n- id: 1\n", "tasks:\n  - id: 1\n", 1);
        assert_ne!(indented, text);
        let (_dir, other) = file_with(indented.as_bytes());
        assert_eq!(frame(&other), None);
    }

    #[test]
    fn what_the_load_would_refuse_or_place_is_declined() {
        let text = large();
        let mut not_utf8 = text.clone().into_bytes();
        // The middle of the text, on a character's first byte.
        let at = (text.len() / 2..)
            .find(|&i| text.is_char_boundary(i))
            .expect("a boundary");
        let at = at + text[at..].find("\n  title: ").expect("a title") + "\n  title: ".len();
        not_utf8.insert(at, 0xFF);
        let bom = format!("\u{feff}{text}");
        let marker = text.replacen("\n- id: 300\n", "\n<<<<<<< HEAD\n- id: 300\n", 1);
        let unknown = text.replacen("\n- id: 300\n", "\n- id: 300\n  prio: high\n", 1);
        let twice = text.replacen("\n- id: 300\n", "\n- id: 299\n", 1);
        let indented = text.replacen("\ntasks:\n- id: 1\n", "\ntasks:\n  - id: 1\n", 1);
        let cases: [(&str, &[u8]); 6] = [
            ("not UTF-8", &not_utf8),
            ("byte-order mark", bom.as_bytes()),
            ("conflict marker", marker.as_bytes()),
            ("unknown field", unknown.as_bytes()),
            ("an id twice", twice.as_bytes()),
            ("another layout", indented.as_bytes()),
        ];
        for (what, bytes) in cases {
            assert_ne!(bytes, text.as_bytes(), "{what}: the case changes the text");
            let (_dir, path) = file_with(bytes);
            assert_eq!(stream(&path), None, "{what}");
            // … and `read` says what the load says.
            match (read(&path), load(&path)) {
                (Ok(a), Ok(b)) => assert_eq!(a, b.board, "{what}"),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{what}"),
                (a, b) => panic!("{what}: read {a:?}, load {:?}", b.map(|f| f.board)),
            }
        }
    }

    #[test]
    fn a_small_board_takes_the_ordinary_load() {
        let (_dir, path) = file_with(SHIPPED_TEXT.as_bytes());
        assert_eq!(stream(&path), None);
        assert_eq!(
            read(&path).expect("reads"),
            load(&path).expect("loads").board
        );
    }
}
