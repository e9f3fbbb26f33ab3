//! The board as it stood on a past day: the one rule every `--as-of` answer
//! and every report figure uses.
//!
//! The board file is the officer's record *now*; git keeps what it said
//! before. On a day `D` before today, each task of today's board reads:
//!
//! 1. **Done on D** when today's board has it done with `completed` ≤ D (a
//!    completion recorded later, for work done by D, counts: the officer may
//!    write it down days after). A task whose `completed` is after D was not
//!    done on D, whatever the history says (the date is the officer's word
//!    on when). A task done then and reopened since (history done on D,
//!    today not done) was done on D, with the history's `completed`.
//! 2. Otherwise **its status on D** comes from the board's history: the
//!    version of the last commit on or before D (committer date, end of day
//!    D). A task that version lists as done with a completion after D (or
//!    that today's file dates after D) is in progress; done there without a
//!    date, it was done (on a day not known). A task the version does not have yet, or any task when
//!    there is no such commit or no git, keeps the file's rule: today's
//!    status, with a task completed after D in progress.
//! 3. Its **deadline on D** (`due`, `due_reason`) is the history's when the
//!    version has the task: an extension granted after D did not exist yet.
//! 4. Its **log entries and evidence documents** dated after D, and targets'
//!    **measurements** dated after D, do not exist yet. Free-text evidence
//!    has no date and is kept.
//!
//! Everything else (titles, leads, timeframes) is today's text. On D on or
//! after today the board is today's and git is never called.

use crate::domain::{Board, Evidence, Status, Task};
use chrono::NaiveDate;
use std::path::Path;

/// Where the statuses of a past day came from, for the one note on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The day is today or later: the board as it is.
    Today,
    /// The board's version in commit `hash` (its committer day `date`).
    History { hash: String, date: String },
    /// The board is in git but no commit of it is on or before the day.
    NoCommitBefore,
    /// Not in a git repository (or git is missing): the file's dates only.
    NoGit(String),
}

/// What a version of the board says of one task, as far as the as-of rule
/// reads it: the status, the completion day and the deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Then {
    pub id: u32,
    pub status: Status,
    pub completed: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub due_reason: Option<String>,
}

impl Then {
    /// What `task` says, copying nothing else of it.
    pub fn of(task: &Task) -> Then {
        Then {
            id: task.id,
            status: task.status,
            completed: task.completed,
            due: task.due,
            due_reason: task.due_reason.clone(),
        }
    }
}

/// A version's tasks as the as-of rule reads them, by id: a few bytes a
/// task, where the version's board would be hundreds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Past(Vec<Then>);

impl Past {
    /// From the tasks of a version (any order; an id twice keeps the
    /// first, as a board that loads has none).
    pub fn new(mut tasks: Vec<Then>) -> Past {
        tasks.sort_by_key(|t| t.id);
        tasks.dedup_by_key(|t| t.id);
        Past(tasks)
    }

    pub fn of(board: &Board) -> Past {
        Past::new(board.tasks.iter().map(Then::of).collect())
    }

    fn get(&self, id: u32) -> Option<&Then> {
        self.0
            .binary_search_by_key(&id, |t| t.id)
            .ok()
            .map(|i| &self.0[i])
    }
}

/// Today's board `now` as it stood on `day`, given the version `then` of
/// the last commit on or before `day` (see the module docs for the rule).
pub fn board_on(now: Board, day: NaiveDate, then: Option<&Board>) -> Board {
    on(now, day, then.map(Past::of).as_ref())
}

/// [`board_on`] with the version read down to what the rule takes of it.
pub fn on(now: Board, day: NaiveDate, past: Option<&Past>) -> Board {
    let mut out = now;
    for task in &mut out.tasks {
        task_on(task, day, past.and_then(|p| p.get(task.id)));
    }
    for target in &mut out.targets {
        target.measurements.retain(|m| m.date <= day);
    }
    out
}

fn task_on(task: &mut Task, day: NaiveDate, past: Option<&Then>) {
    let done_now = task.status == Status::Done;
    // Today's file dates the completion after the day: not done then,
    // whatever the history says (the date is the officer's word on when).
    let finished_later = done_now && task.completed.is_some_and(|c| c > day);
    let (status, completed) = match (task.completed, past) {
        (Some(c), _) if done_now && c <= day => (Status::Done, Some(c)),
        (_, Some(p)) => match (p.status, p.completed) {
            (Status::Done, Some(c)) if c <= day && !finished_later => (Status::Done, Some(c)),
            (Status::Done, None) if !finished_later => (Status::Done, None),
            // Done in the history, but on a later day: under way then.
            (Status::Done, _) => (Status::InProgress, None),
            (s, _) => (s, None),
        },
        // No history: the file's rule (done without a date stays done; one
        // finished after the day was under way).
        (_, None) if finished_later => (Status::InProgress, None),
        (_, None) => (task.status, task.completed.filter(|c| *c <= day)),
    };
    task.status = status;
    task.completed = completed;
    if let Some(p) = past {
        task.due = p.due;
        task.due_reason.clone_from(&p.due_reason);
    }
    task.log.retain(|e| e.date <= day);
    for entry in &mut task.log {
        entry.evidence.retain(|e| existed(e, day));
    }
    task.evidence.retain(|e| existed(e, day));
}

fn existed(e: &Evidence, day: NaiveDate) -> bool {
    e.date().is_none_or(|d| d <= day)
}

/// The board at `path` (loaded as `now`, from the text `now_text` when the
/// caller kept it) as of `day`, reading git history when `day` is before
/// `today`. Never fails: without history it falls back to the file's rule
/// and says why in the [`Source`]. With the text, the old version's tasks
/// that read as today's are taken from `now` instead of parsed again
/// ([`crate::storage::parse_version_beside`]). Both are taken, not
/// borrowed: the board becomes the one returned, and the text is let go as
/// soon as the old version is read (at 100,000 tasks `report` held the
/// text, the board, a copy of it and the old version together).
pub fn load_on(
    path: &Path,
    now: Board,
    now_text: Option<String>,
    day: NaiveDate,
    today: NaiveDate,
) -> (Board, Source) {
    if day >= today {
        return (now, Source::Today);
    }
    let version = match crate::git::board_on(path, day) {
        Ok(v) => v,
        Err(e) => return (board_on(now, day, None), Source::NoGit(e.to_string())),
    };
    let found = version.and_then(|(hash, date, bytes)| {
        // A version that does not load (mid-merge markers, an older schema)
        // is no history: the file's rule applies.
        let then = match &now_text {
            Some(text) => crate::storage::parse_version_beside(path, bytes, text, &now).ok()?,
            None => crate::storage::parse(path, bytes).ok()?.board,
        };
        Some((then, hash, date))
    });
    drop(now_text);
    match found {
        Some((then, hash, date)) => (
            board_on(now, day, Some(&then)),
            Source::History { hash, date },
        ),
        None => (board_on(now, day, None), Source::NoCommitBefore),
    }
}

/// The history's word on `day` for the board at `path`, read before
/// today's board (a report of a large board): the version of the last
/// commit on or before `day`, kept only as [`Past`]. `None` with the
/// [`Source`] that says why when there is none (no git, no such commit, a
/// version that does not load), as [`load_on`] says it; the caller applies
/// it ([`on`]) to today's board once that is read. Call it for a day
/// before today only ([`load_on`] never reads git for today or later).
pub fn past_on(path: &Path, day: NaiveDate) -> (Option<Past>, Source) {
    let version = match crate::git::board_on(path, day) {
        Ok(v) => v,
        Err(e) => return (None, Source::NoGit(e.to_string())),
    };
    let found = version.and_then(|(hash, date, bytes)| {
        let tasks = crate::storage::version_tasks(path, bytes, |t| Then::of(&t)).ok()?;
        Some((Past::new(tasks), hash, date))
    });
    match found {
        Some((past, hash, date)) => (Some(past), Source::History { hash, date }),
        None => (None, Source::NoCommitBefore),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Document, LogEntry, Measurement};

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn task(id: u32, status: Status, completed: Option<&str>) -> Task {
        Task {
            status,
            completed: completed.map(d),
            timeframe: "Quý I/2024".into(),
            ..Task::new(id, "I", "t")
        }
    }

    fn status_on(now: Task, then: Option<Task>, day: &str) -> (Status, Option<NaiveDate>) {
        let now = Board::for_tests(vec![now]);
        let then = then.map(|t| Board::for_tests(vec![t]));
        let b = board_on(now.clone(), d(day), then.as_ref());
        (b.tasks[0].status, b.tasks[0].completed)
    }

    #[test]
    fn completed_dates_decide_done_whatever_the_history() {
        // Recorded as done later, for work done by 14/03: done on 14/03.
        let now = task(1, Status::Done, Some("2024-03-14"));
        let then = task(1, Status::Planned, None);
        assert_eq!(
            status_on(now.clone(), Some(then.clone()), "2024-03-14"),
            (Status::Done, Some(d("2024-03-14")))
        );
        // Completed on 15/03: not done on 14/03; the history says planned
        // then, so planned.
        let now = task(1, Status::Done, Some("2024-03-15"));
        assert_eq!(
            status_on(now.clone(), Some(then), "2024-03-14"),
            (Status::Planned, None)
        );
        // The history says done on 10/03, today's file 15/03 (a corrected
        // date): not done on 14/03, under way.
        let then = task(1, Status::Done, Some("2024-03-10"));
        assert_eq!(
            status_on(now.clone(), Some(then), "2024-03-14"),
            (Status::InProgress, None)
        );
        // Done without a date in the history of that day: done then.
        let undated = task(1, Status::Done, None);
        assert_eq!(
            status_on(
                task(1, Status::InProgress, None),
                Some(undated),
                "2024-03-14"
            ),
            (Status::Done, None)
        );
        // Without history, the file's rule: in progress.
        assert_eq!(
            status_on(now, None, "2024-03-14"),
            (Status::InProgress, None)
        );
    }

    #[test]
    fn the_history_gives_the_status_of_open_tasks_and_of_reopened_ones() {
        let now = task(1, Status::InProgress, None);
        let then = task(1, Status::Planned, None);
        assert_eq!(
            status_on(now, Some(then), "2024-02-01"),
            (Status::Planned, None)
        );
        // Done on 01/03, reopened since.
        let now = task(1, Status::InProgress, None);
        let then = task(1, Status::Done, Some("2024-03-01"));
        assert_eq!(
            status_on(now, Some(then), "2024-03-10"),
            (Status::Done, Some(d("2024-03-01")))
        );
        // No history and not done: today's status.
        let now = task(1, Status::InProgress, None);
        assert_eq!(
            status_on(now, None, "2024-01-01"),
            (Status::InProgress, None)
        );
    }

    #[test]
    fn later_entries_measurements_and_extensions_do_not_exist_yet() {
        let mut now = task(1, Status::InProgress, None);
        now.due = Some(d("2024-04-15"));
        now.due_reason = Some("Công văn 5/UBND".into());
        for (day, text) in [("2024-03-01", "a"), ("2024-03-20", "b")] {
            now.add_log(LogEntry {
                date: d(day),
                text: text.into(),
                evidence: vec![],
            });
        }
        now.evidence = vec![
            "văn bản không ngày".into(),
            Evidence::Document(Document {
                number: "1/KH".into(),
                date: d("2024-03-30"),
                title: "t".into(),
                issuer: None,
                link: None,
            }),
        ];
        let then = task(1, Status::InProgress, None);
        let mut board = Board::for_tests(vec![now]);
        board.targets = crate::storage::shipped_for_tests().targets;
        board.targets[0].task = None;
        board.targets[0].record(Measurement {
            date: d("2024-03-01"),
            value: 50.0,
            source: None,
        });
        board.targets[0].record(Measurement {
            date: d("2024-06-01"),
            value: 80.0,
            source: None,
        });
        let past = Board::for_tests(vec![then]);
        let b = board_on(board.clone(), d("2024-03-14"), Some(&past));
        let t = &b.tasks[0];
        assert_eq!(t.log.len(), 1);
        assert_eq!(t.evidence, ["văn bản không ngày".into()]);
        assert_eq!((t.due, t.due_reason.as_deref()), (None, None));
        assert_eq!(
            b.targets[0].reading(d("2024-12-31")).map(|r| r.value),
            Some(50.0)
        );
        // Without history the extension stays: the file cannot say when.
        let b = board_on(board.clone(), d("2024-03-14"), None);
        assert_eq!(b.tasks[0].due, Some(d("2024-04-15")));
    }
}
