//! A fast path for loading large canonical boards: each task block is parsed
//! on its own instead of the whole document at once.
//!
//! `serde_yaml` first turns a whole document into a list of parser events and
//! only then deserialises; on a 10,000-task board those events take about
//! 30 MB, three times the board itself. Parsing the header (everything but the
//! tasks) and then one task block at a time keeps only one block's events
//! alive, so a large board loads in a third of the memory and no more time.
//!
//! It applies only when the `tasks:` list is laid out as `cchc` writes it (each
//! item starting `- ` at column 0, its other lines indented by two spaces or
//! blank). Anything else — or any error at all — returns `None`, and the
//! caller parses the whole document, which also gives the exact error message
//! and position. So the fast path can only ever agree with the full parse.

use super::yaml;
use crate::domain::{Board, Task};

/// Tasks parsed per `serde_yaml` call.
pub(super) const BATCH: usize = 128;

/// Where the tasks are in a text laid out as cchc writes it: `start` is the
/// `tasks:` line, `end` the first byte after the last item, `items` each
/// item's byte range. Shared by the fast load, saves that splice
/// ([`super::splice`]) and versions read beside a loaded board.
pub(super) struct TaskLayout {
    pub start: usize,
    pub end: usize,
    pub items: Vec<(usize, usize)>,
}

/// What one line of the `tasks:` list is, in the layout cchc writes: the
/// first line of an item (`- id: 5`), a line of the item above (indented by
/// two spaces, or blank), or the end of the list. The one rule for the fast
/// load, the streaming read ([`super::stream`]) and spliced saves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TaskLine {
    Item,
    Continues,
    End,
}

impl TaskLine {
    pub fn of(line: &str) -> TaskLine {
        TaskLine::of_bytes(line.as_bytes())
    }

    /// [`TaskLine::of`] for a line not yet known to be UTF-8 (the rule
    /// looks at ASCII only).
    pub fn of_bytes(line: &[u8]) -> TaskLine {
        if line.starts_with(b"- ") {
            TaskLine::Item
        } else if line.starts_with(b"  ") || line == b"\n" {
            TaskLine::Continues
        } else {
            TaskLine::End
        }
    }
}

/// `count` task items parsed from `text` in one call; `None` when they do
/// not parse, or parse to another number of tasks.
pub(super) fn parse_items(text: &str, count: usize) -> Option<Vec<Task>> {
    let mut tasks: Vec<Task> = yaml::from_str(text).ok()?;
    // Each batch on its own: no state between threads, and a plan's few
    // distinct units and timeframes cost a copy per batch of 128 tasks.
    crate::domain::share_texts(&mut tasks);
    (tasks.len() == count).then_some(tasks)
}

impl TaskLayout {
    /// `None` when the `tasks:` list is not laid out as cchc writes it.
    pub fn of(text: &str) -> Option<TaskLayout> {
        TaskLayout::of_bytes(text.as_bytes())
    }

    /// [`TaskLayout::of`] for a text not yet known to be UTF-8: every range
    /// starts and ends at a line break, so on a `str` each is a `str`. A
    /// version read beside today's board is checked for UTF-8 only where
    /// it differs from today's text ([`super::splice::parse_beside`]).
    pub fn of_bytes(text: &[u8]) -> Option<TaskLayout> {
        let start = find_top_level_key(text, b"tasks:\n")?;
        let body = start + b"tasks:\n".len();
        let mut end = text.len();
        let mut items: Vec<(usize, usize)> = Vec::new();
        let mut pos = body;
        while pos < text.len() {
            let next = memchr::memchr(b'\n', &text[pos..]).map_or(text.len(), |i| pos + i + 1);
            match TaskLine::of_bytes(&text[pos..next]) {
                TaskLine::Item => items.push((pos, next)),
                TaskLine::Continues => items.last_mut()?.1 = next,
                TaskLine::End => {
                    end = pos;
                    break;
                }
            }
            pos = next;
        }
        Some(TaskLayout { start, end, items })
    }

    /// Everything but the tasks, with `tasks: []` in their place.
    pub fn header(&self, text: &str) -> String {
        without_tasks(&text[..self.start], &text[self.end..])
    }

    /// [`TaskLayout::header`] of a text not yet known to be UTF-8: `None`
    /// when the header is not.
    pub fn header_of_bytes(&self, text: &[u8]) -> Option<String> {
        let before = std::str::from_utf8(&text[..self.start]).ok()?;
        let after = std::str::from_utf8(&text[self.end..]).ok()?;
        Some(without_tasks(before, after))
    }
}

/// The text around the task list, `tasks: []` in its place.
fn without_tasks(before: &str, after: &str) -> String {
    let mut header = String::with_capacity(before.len() + after.len() + 16);
    header.push_str(before);
    header.push_str("tasks: []\n");
    header.push_str(after);
    header
}

pub fn parse_split(text: &str) -> Option<Board> {
    let layout = TaskLayout::of(text)?;
    if layout.items.is_empty() {
        return None;
    }
    let mut board: Board = yaml::from_str(&layout.header(text)).ok()?;
    board.tasks = parse_blocks(text, &layout.items)?;
    Some(board)
}

/// Parses task blocks a batch at a time. Blocks `- id: …` are themselves YAML
/// sequence items, so each batch is parsed straight from the text (a parser
/// per block would cost more than the parsing; a batch keeps the event memory
/// small). Large boards are parsed on the machine's cores: batches are
/// independent, so this is the one place a load can beat a single parse.
fn parse_blocks(text: &str, blocks: &[(usize, usize)]) -> Option<Vec<Task>> {
    let mut out = Vec::with_capacity(blocks.len());
    parse_blocks_into(text, blocks, &mut |tasks| out.extend(tasks))?;
    Some(out)
}

/// [`parse_blocks`], each batch's tasks given to `take` in file order (on
/// this thread) as soon as those before it are taken, instead of gathered:
/// for a caller that keeps a little of each task
/// ([`super::version_tasks`]). `None`: a batch did not parse (some may have
/// been taken).
pub(super) fn parse_blocks_into(
    text: &str,
    blocks: &[(usize, usize)],
    take: &mut dyn FnMut(Vec<Task>),
) -> Option<()> {
    let parse_batch = |batch: &[(usize, usize)]| -> Option<Vec<Task>> {
        let (from, to) = (batch[0].0, batch[batch.len() - 1].1);
        parse_items(&text[from..to], batch.len())
    };
    // Asked only here: std re-reads cgroup files on every call.
    let threads = if blocks.len() < PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(MAX_THREADS)
    };
    if threads < 2 {
        for batch in blocks.chunks(BATCH) {
            take(parse_batch(batch)?);
        }
        return Some(());
    }
    // The batches are taken in order by whichever thread is free (this one
    // too), and each goes into the one vector as soon as those before it are
    // in: the tasks are held once, not once per thread and again when joined,
    // and the channel's bound keeps parsed batches from piling up.
    let batches: &[&[(usize, usize)]] = &blocks.chunks(BATCH).collect::<Vec<_>>();
    let claimed = std::sync::atomic::AtomicUsize::new(0);
    // Set by the first batch that fails: the others stop taking batches (the
    // fast path has declined; parsing on would only pile the rest up).
    let stop = std::sync::atomic::AtomicBool::new(false);
    let claim = &|| {
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            return None;
        }
        let k = claimed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        (k < batches.len()).then_some(k)
    };
    let parse_batch = &|k: usize| {
        let tasks = parse_batch(batches[k]);
        if tasks.is_none() {
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        tasks
    };
    let (send, receive) = std::sync::mpsc::sync_channel::<(usize, Option<Vec<Task>>)>(2 * threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads)
            .map(|_| {
                let send = send.clone();
                scope.spawn(move || {
                    while let Some(k) = claim() {
                        let tasks = parse_batch(k);
                        let failed = tasks.is_none();
                        if send.send((k, tasks)).is_err() || failed {
                            return;
                        }
                    }
                })
            })
            .collect();
        drop(send);
        let mut early = std::collections::BTreeMap::new();
        let mut next = 0;
        let mut failed = false;
        let mut keep = |k: usize, tasks: Option<Vec<Task>>| {
            let Some(tasks) = tasks else {
                failed = true;
                return;
            };
            early.insert(k, tasks);
            while let Some(tasks) = early.remove(&next) {
                take(tasks);
                next += 1;
            }
        };
        while let Some(k) = claim() {
            keep(k, parse_batch(k));
            while let Ok((k, tasks)) = receive.try_recv() {
                keep(k, tasks);
            }
        }
        // The other threads' last batches. A batch that failed, or a thread
        // that panicked (its batch never sent), leaves `next` short: the fast
        // path declines, as on any error.
        for (k, tasks) in receive.iter() {
            keep(k, tasks);
        }
        // Joined here, so that a panic is a declined fast path, not a crash.
        // Every one of them: a worker left unjoined that panicked would make
        // the scope panic.
        let joins: Vec<bool> = workers.into_iter().map(|w| w.join().is_ok()).collect();
        let joined = joins.iter().all(|&ok| ok);
        (joined && !failed && next == batches.len()).then_some(())
    })
}

/// Below this many tasks a thread costs more than it saves.
const PARALLEL_FROM: usize = 1000;
const MAX_THREADS: usize = 4;

/// The canonical text block of task `id` (from its `- id: N` line to the next
/// item or top-level key), for reading one task out of many versions of a
/// board quickly (`cchc history`). `None` when the layout is not canonical,
/// or the block is not UTF-8. Only the block is checked for UTF-8: it starts
/// and ends at line breaks, which never fall inside a character.
pub fn task_block(text: &[u8], id: u32) -> Option<&str> {
    let start_key = format!("\n- id: {id}\n");
    let start = memchr::memmem::find(text, start_key.as_bytes())? + 1;
    let mut end = start + start_key.len() - 1;
    for line in text[end..].split_inclusive(|&b| b == b'\n') {
        if !(line.starts_with(b"  ") || line == b"\n") {
            break;
        }
        end += line.len();
    }
    std::str::from_utf8(&text[start..end]).ok()
}

/// Whether `text` certainly holds no task `id`: its `tasks:` list is laid
/// out as cchc writes it and every item starts `- id: N` with `N` written
/// in plain digits, none of them `id`. `false` when that cannot be told
/// without parsing (the caller then parses), so `cchc history` parses no
/// version from before a task was added.
pub fn task_absent(text: &[u8], id: u32) -> bool {
    let Ok(text) = std::str::from_utf8(text) else {
        return false;
    };
    let Some(layout) = TaskLayout::of(text) else {
        return false;
    };
    layout
        .items
        .iter()
        .all(|&(start, end)| item_id(&text[start..end]).is_some_and(|n| n != id))
}

/// The id of a task item laid out as cchc writes it (`block` starts with
/// its `- id: N` line), when `N` is written in plain digits: the one way
/// cchc writes it, so the same id is always the same text.
pub(super) fn item_id(block: &str) -> Option<u32> {
    item_id_bytes(block.as_bytes())
}

/// [`item_id`] of a block not yet known to be UTF-8 (the id line is ASCII).
pub(super) fn item_id_bytes(block: &[u8]) -> Option<u32> {
    let first = &block[..memchr::memchr(b'\n', block)? + 1];
    let digits = first.strip_prefix(b"- id: ")?.strip_suffix(b"\n")?;
    let plain = !digits.is_empty()
        && digits.iter().all(u8::is_ascii_digit)
        && (digits == b"0" || !digits.starts_with(b"0"));
    std::str::from_utf8(digits)
        .ok()?
        .parse()
        .ok()
        .filter(|_| plain)
}

/// Parses a block returned by [`task_block`]: one task. Read as a list and
/// counted, not as `[Task; 1]`: a fixed-size array is a tuple to serde,
/// which the subset reader declines, so every block went to libyaml (about
/// 110,000 instructions for one task of the shipped board).
pub fn parse_task_block(block: &str) -> Option<Task> {
    let mut tasks: Vec<Task> = yaml::from_str(block).ok()?;
    let task = tasks.pop()?;
    tasks.is_empty().then_some(task)
}

/// Byte offset of `key` at the start of a line (column 0).
fn find_top_level_key(text: &[u8], key: &[u8]) -> Option<usize> {
    if text.starts_with(key) {
        return Some(0);
    }
    let mut line_key = Vec::with_capacity(key.len() + 1);
    line_key.push(b'\n');
    line_key.extend_from_slice(key);
    memchr::memmem::find(text, &line_key).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = crate::storage::SHIPPED_TEXT;

    fn full(text: &str) -> Board {
        yaml::from_str(text).expect("full parse")
    }

    #[test]
    fn agrees_with_the_full_parse_on_the_shipped_board() {
        assert_eq!(parse_split(SHIPPED), Some(full(SHIPPED)));
    }

    #[test]
    fn agrees_on_optional_fields_and_block_text() {
        let mut b = full(SHIPPED);
        b.tasks[0].notes = Some("dòng 1\n\n  thụt lề\n- không phải mục\n".into());
        b.tasks[0].evidence = vec!["Kế hoạch số 12/KH-SXD".into(), "- x".into()];
        b.tasks[1].due = "2024-05-01".parse().ok();
        b.tasks[2].assignee = Some("Nguyễn Văn A".into());
        let text = super::super::to_yaml(&b);
        assert_eq!(parse_split(&text), Some(b));
    }

    #[test]
    fn agrees_on_a_board_large_enough_to_parse_in_parallel() {
        let shipped = full(SHIPPED);
        let mut b = shipped.clone();
        b.tasks = (0..PARALLEL_FROM as u32 * 3 + 7)
            .map(|i| {
                let mut t = shipped.tasks[i as usize % shipped.tasks.len()].clone();
                t.id = i + 1;
                if i % 7 == 0 {
                    t.notes = Some(format!("ghi chú {i}\ndòng hai"));
                }
                t
            })
            .collect();
        let text = super::super::to_yaml(&b);
        let parsed = parse_split(&text).expect("parses");
        // Each batch keeps one copy of a repeated short text (what the
        // tasks say is unchanged: the equality above and below).
        let shared = |n: usize| {
            let batch = &parsed.tasks[n * BATCH..(n + 1) * BATCH];
            let first = batch
                .iter()
                .find(|t| t.lead == batch[0].lead && t.id != batch[0].id);
            first.is_some_and(|t| std::sync::Arc::ptr_eq(&t.lead, &batch[0].lead))
        };
        assert!(
            shared(0) && shared(5),
            "a lead repeated in a batch is one allocation"
        );
        assert_eq!(parsed, b);
        // One bad task anywhere sends the whole load to the full parser.
        let bad = text.replacen("id: 2500\n", "id: 2500\n  prio: high\n", 1);
        assert_ne!(bad, text);
        assert_eq!(parse_split(&bad), None);
    }

    #[test]
    fn one_task_block_is_found_and_parsed() {
        let board = full(SHIPPED);
        for id in [1, 9, 43] {
            let block = task_block(SHIPPED.as_bytes(), id).expect("block");
            assert!(block.starts_with(&format!("- id: {id}\n")), "{block}");
            assert_eq!(parse_task_block(block).as_ref(), board.task(id));
            // In the subset: the block is not sent to libyaml.
            let subset: Option<Vec<Task>> = yaml::from_str_subset(block);
            assert_eq!(subset.as_deref(), board.task(id).map(std::slice::from_ref));
        }
        // One task exactly: two blocks, or none, are not a task block.
        let two = format!(
            "{}{}",
            task_block(SHIPPED.as_bytes(), 1).expect("block"),
            task_block(SHIPPED.as_bytes(), 9).expect("block")
        );
        assert_eq!(parse_task_block(&two), None);
        assert_eq!(parse_task_block("[]\n"), None);
        assert_eq!(task_block(SHIPPED.as_bytes(), 99), None);
        // The last task ends where `targets:` begins.
        assert!(
            !task_block(SHIPPED.as_bytes(), 43)
                .expect("block")
                .contains("targets")
        );
    }

    #[test]
    fn a_task_is_absent_only_where_every_item_says_which_it_is() {
        let shipped = SHIPPED.as_bytes();
        assert!(task_absent(shipped, 99));
        assert!(task_absent(shipped, 0));
        for id in [1, 9, 43] {
            assert!(!task_absent(shipped, id), "#{id} is there");
        }
        // Each must agree with the full parse wherever it answers.
        let no_7 = |text: &str| {
            let absent = task_absent(text.as_bytes(), 7);
            if absent {
                let board = yaml::from_str::<Board>(text);
                assert!(
                    board.is_err() || board.is_ok_and(|b| b.task(7).is_none()),
                    "{text}"
                );
            }
            absent
        };
        // #5 written in other ways that might be #7, or that hide it.
        for (from, to) in [
            ("- id: 5\n", "- id: 0x7\n"),
            ("- id: 5\n", "- id: 07\n"),
            ("- id: 5\n", "- id: +7\n"),
            ("- id: 5\n", "- title: x\n  id: 7\n"),
            ("- id: 5\n", "- {id: 7}\n"),
            ("- id: 5\n", "- id: 7 # sic\n"),
            ("- id: 5\n", "- id: 99999999999\n"),
        ] {
            let text = SHIPPED
                .replacen("- id: 7\n", "- id: 97\n", 1)
                .replacen(from, to, 1);
            assert!(!no_7(&text), "{to:?} cannot be told without parsing");
        }
        let renumbered = SHIPPED.replacen("- id: 7\n", "- id: 97\n", 1);
        assert!(no_7(&renumbered));
        assert!(!task_absent(b"tasks: [{id: 1}]\n", 7), "flow style");
        assert!(!task_absent(&[0xFF, b'\n'], 7), "not UTF-8");
    }

    #[test]
    fn only_the_block_itself_must_be_utf8() {
        let mut bytes = SHIPPED.as_bytes().to_vec();
        // A stray byte at the start of #2's second line (`  title: …`).
        let at = SHIPPED.find("\n- id: 2\n").expect("#2") + "\n- id: 2\n  ".len();
        bytes.insert(at, 0xFF);
        let whole = std::str::from_utf8(&bytes);
        assert!(whole.is_err());
        assert_eq!(
            task_block(&bytes, 1),
            task_block(SHIPPED.as_bytes(), 1),
            "#1 is read though #2 is broken"
        );
        assert_eq!(task_block(&bytes, 2), None, "#2's own block is not UTF-8");
    }

    #[test]
    fn other_layouts_fall_back() {
        let commented = SHIPPED.replacen("- id: 2\n", "# comment\n- id: 2\n", 1);
        assert_eq!(parse_split(&commented), None);
        let flow = "schema: 1\ntasks: [{id: 1}]\n";
        assert_eq!(parse_split(flow), None);
        let bad_task = SHIPPED.replacen("status: planned", "status: finished", 1);
        assert_eq!(parse_split(&bad_task), None);
        let dup = SHIPPED.replacen("targets:\n", "tasks:\n- id: 99\ntargets:\n", 1);
        assert_eq!(parse_split(&dup), None);
    }
}
