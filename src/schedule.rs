//! Deadlines and board columns, as pure functions of the plan's wording and of a
//! `today` that the caller passes in (the clock is read only by the binary).
//!
//! The plan states deadlines in words ("Quý I/2024", "Thường xuyên", "Hằng
//! quý"); [`timeframe`] reads them into a deadline, checkpoints or no date. An
//! explicit `due` on a task wins. A task is overdue when it is not done and its
//! deadline is before today; a task due today is not overdue. A task with
//! checkpoints is due at the next one and overdue from the first that passed
//! with nothing to show for its period: a checkpoint is met by a `log` entry
//! dated after the checkpoint before it, so a late entry catches a task up.
//! A task with `checkpoints: reports` takes its checkpoints from the
//! reporting calendar's due days ([`Rules`]).

pub mod timeframe;

use crate::domain::{Board, CheckpointSource, LogEntry, Status, Task};
use chrono::NaiveDate;
use std::fmt;
pub use timeframe::Timeframe;

/// Default "due soon" horizon, in days.
pub const DEFAULT_HORIZON_DAYS: i64 = 14;

/// The last day the plan's timeframe wording allows, for plan year
/// `plan_year` (see [`timeframe`] for every form it reads). `None` means the
/// wording sets no date ("Theo quy định") and the officer should set `due`
/// by hand. For wording with checkpoints ("Hằng quý") this is the last one;
/// [`assess`] holds the task to each.
pub fn deadline_from_timeframe(timeframe: &str, plan_year: i32) -> Option<NaiveDate> {
    timeframe::parse(timeframe, plan_year).final_deadline()
}

/// A board column. `Overdue` is derived: the stored status stays planned or in
/// progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Planned,
    InProgress,
    Done,
    Overdue,
}

impl Column {
    pub const ALL: [Column; 4] = [
        Column::Planned,
        Column::InProgress,
        Column::Done,
        Column::Overdue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Column::Planned => "planned",
            Column::InProgress => "in_progress",
            Column::Done => "done",
            Column::Overdue => "overdue",
        }
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a task stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assessment {
    /// The effective deadline: `due` if set, else the timeframe's.
    pub deadline: Option<NaiveDate>,
    pub column: Column,
    /// Days past the deadline; 0 unless overdue.
    pub days_overdue: i64,
    /// Days until the deadline when it is today or later (0 = due today).
    pub days_left: Option<i64>,
}

impl Assessment {
    /// Due within `horizon` days (today included) and not done.
    pub fn is_due_soon(&self, horizon: i64) -> bool {
        self.column != Column::Done && self.days_left.is_some_and(|d| d <= horizon)
    }
}

/// What a task's deadlines depend on besides the task: the plan year (a
/// timeframe without one means it) and the reporting calendar's due days
/// (for `checkpoints: reports`). One per board: `Rules::of(&board)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub year: i32,
    report_days: Vec<NaiveDate>,
}

impl Rules {
    pub fn of(board: &Board) -> Rules {
        Rules::new(board.plan.year, &board.calendar())
    }

    pub fn new(year: i32, calendar: &crate::domain::Calendar) -> Rules {
        let mut report_days: Vec<NaiveDate> =
            calendar.year(year).into_iter().map(|d| d.due).collect();
        report_days.sort_unstable();
        report_days.dedup();
        Rules { year, report_days }
    }

    /// The task's timeframe as read for deadlines.
    pub fn timeframe(&self, task: &Task) -> Timeframe {
        self.fixed(task)
            .unwrap_or_else(|| timeframe::parse(&task.timeframe, self.year))
    }

    /// A timeframe that does not come from the wording, when the task has one.
    fn fixed(&self, task: &Task) -> Option<Timeframe> {
        task.checkpoints
            .map(|CheckpointSource::Reports| Timeframe::Checkpoints(self.report_days.clone()))
    }
}

/// The effective deadline of a task: an explicit `due` wins over the
/// timeframe (for checkpoints, the last one).
pub fn deadline(task: &Task, rules: &Rules) -> Option<NaiveDate> {
    task.due.or_else(|| rules.timeframe(task).final_deadline())
}

/// The plan's own deadline (from the timeframe), whatever `due` says.
pub fn planned_deadline(task: &Task, rules: &Rules) -> Option<NaiveDate> {
    rules.timeframe(task).final_deadline()
}

/// Which column `task` is in on `today`, and by how much it is late or early.
pub fn assess(task: &Task, rules: &Rules, today: NaiveDate) -> Assessment {
    assess_timeframe(task, &rules.timeframe(task), today)
}

/// A task's status on `day` as the file records it: a task completed after
/// `day` was not done yet on `day` (it counts as in progress then); any other
/// task has its stored status. This is how `--as-of` a past day reads the
/// board.
pub fn status_on(task: &Task, day: NaiveDate) -> Status {
    match (task.status, task.completed) {
        (Status::Done, Some(done)) if done > day => Status::InProgress,
        (status, _) => status,
    }
}

/// [`assess`] for a task whose timeframe is already read (as of `today`):
/// `due` wins; with checkpoints, the first one missed is the deadline, else
/// the next one.
pub fn assess_timeframe(task: &Task, tf: &Timeframe, today: NaiveDate) -> Assessment {
    let status = status_on(task, today);
    if task.due.is_some() {
        return assess_deadline(status, task.due, today);
    }
    match tf {
        Timeframe::Checkpoints(days) => {
            let missed = first_missed(days, &task.log, today);
            let next = days.iter().find(|&&d| d >= today);
            assess_deadline(status, missed.or(next.copied()), today)
        }
        other => assess_deadline(status, other.final_deadline(), today),
    }
}

/// The first checkpoint before `today` that nothing caught up. Each passed
/// checkpoint needs an entry of its own in the log: the first entry (on or
/// before `today`) dated after the checkpoint before it and not already used
/// for an earlier one. An entry made late still counts, but once: one entry
/// after two missed quarters catches up the first of them only.
pub fn first_missed(days: &[NaiveDate], log: &[LogEntry], today: NaiveDate) -> Option<NaiveDate> {
    // In date order whatever the file's order (`check` warns about a log
    // out of order).
    let mut dates: Vec<NaiveDate> = log.iter().map(|e| e.date).filter(|&d| d <= today).collect();
    dates.sort_unstable();
    let mut entries = dates.into_iter().peekable();
    let mut previous: Option<NaiveDate> = None;
    for &day in days.iter().take_while(|&&d| d < today) {
        // Entries not after the previous checkpoint cannot count for this one.
        while entries
            .next_if(|&d| previous.is_some_and(|p| d <= p))
            .is_some()
        {}
        if entries.next().is_none() {
            return Some(day);
        }
        previous = Some(day);
    }
    None
}

/// [`assess`] for a task whose effective deadline is already known.
pub fn assess_deadline(
    status: Status,
    deadline: Option<NaiveDate>,
    today: NaiveDate,
) -> Assessment {
    let delta = deadline.map(|d| (today - d).num_days());
    let overdue = status != Status::Done && delta.is_some_and(|d| d > 0);
    let column = match status {
        Status::Done => Column::Done,
        _ if overdue => Column::Overdue,
        Status::Planned => Column::Planned,
        Status::InProgress => Column::InProgress,
    };
    Assessment {
        deadline,
        column,
        days_overdue: if overdue { delta.unwrap_or(0) } else { 0 },
        days_left: delta.filter(|d| *d <= 0).map(|d| -d),
    }
}

/// Every task of the board with its assessment, in board (id) order.
///
/// Made as they are taken: a caller that keeps a few (the overdue ones, one
/// column) never holds an assessment of every task (issue 12, memory).
pub fn assess_board(
    board: &Board,
    today: NaiveDate,
) -> impl Iterator<Item = (&Task, Assessment)> + '_ {
    let mut timeframes = Timeframes::new(board);
    board
        .tasks
        .iter()
        .map(move |t| (t, assess_timeframe(t, timeframes.of(t), today)))
}

/// Tasks share a handful of timeframe wordings: each wording read once.
pub struct Timeframes<'a> {
    rules: Rules,
    by_wording: std::collections::HashMap<&'a str, Timeframe>,
    /// The reporting calendar's checkpoints (`checkpoints: reports`).
    reports: Timeframe,
}

impl<'a> Timeframes<'a> {
    pub fn new(board: &Board) -> Self {
        let rules = Rules::of(board);
        let reports = Timeframe::Checkpoints(rules.report_days.clone());
        Timeframes {
            rules,
            by_wording: std::collections::HashMap::new(),
            reports,
        }
    }

    pub fn of(&mut self, task: &'a Task) -> &Timeframe {
        if task.checkpoints == Some(CheckpointSource::Reports) {
            return &self.reports;
        }
        let year = self.rules.year;
        self.by_wording
            .entry(&*task.timeframe)
            .or_insert_with(|| timeframe::parse(&task.timeframe, year))
    }
}

/// Overdue tasks, most overdue first (ties by id).
pub fn overdue(board: &Board, today: NaiveDate) -> Vec<(&Task, Assessment)> {
    let mut out: Vec<_> = assess_board(board, today)
        .filter(|(_, a)| a.column == Column::Overdue)
        .collect();
    out.sort_by(|(ta, a), (tb, b)| b.days_overdue.cmp(&a.days_overdue).then(ta.id.cmp(&tb.id)));
    out
}

/// Tasks not done whose deadline falls within `horizon` days from today (today
/// included), soonest first.
pub fn due_soon(board: &Board, today: NaiveDate, horizon: i64) -> Vec<(&Task, Assessment)> {
    let mut out: Vec<_> = assess_board(board, today)
        .filter(|(_, a)| a.is_due_soon(horizon))
        .collect();
    out.sort_by_key(|(t, a)| (a.deadline, t.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    #[test]
    fn every_timeframe_form_of_the_plan() {
        let table: &[(&str, Option<&str>)] = &[
            ("Quý I/2024", Some("2024-03-31")),
            ("Quý II/2024", Some("2024-06-30")),
            ("Quý III/2024", Some("2024-09-30")),
            ("Quý IV/2024", Some("2024-12-31")),
            ("Quý 1/2024", Some("2024-03-31")),
            ("Quý 4/2025", Some("2025-12-31")),
            ("Tháng 9/2024", Some("2024-09-30")),
            ("Tháng 12/2023", Some("2023-12-31")),
            ("Tháng 2/2024", Some("2024-02-29")),
            ("Tháng 2/2023", Some("2023-02-28")),
            ("Trước ngày 15/01/2024", Some("2024-01-14")),
            ("Trước ngày 01/03/2024", Some("2024-02-29")),
            ("Trước ngày 1/1/2024", Some("2023-12-31")),
            ("Năm 2024", Some("2024-12-31")),
            ("6 tháng đầu năm 2024", Some("2024-06-30")),
            ("6 tháng cuối năm 2024", Some("2024-12-31")),
            ("Thường xuyên", Some("2024-12-31")),
            ("Theo quy định", None),
            ("Theo quy định, yêu cầu", None),
            ("Theo đúng lộ trình", None),
            ("", None),
            ("Sớm nhất có thể", None),
        ];
        for (text, want) in table {
            assert_eq!(deadline_from_timeframe(text, 2024), want.map(d), "{text:?}");
        }
    }

    #[test]
    fn case_spacing_and_accents_do_not_matter() {
        for text in [
            "quý i/2024",
            "QUÝ I / 2024",
            "  Quý   I/2024 ",
            "Quy I/2024",
            "Quý I năm 2024",
            "Quý I/2024.",
            "Quy\u{301} I/2024",
        ] {
            assert_eq!(
                deadline_from_timeframe(text, 2024),
                Some(d("2024-03-31")),
                "{text:?}"
            );
        }
        assert_eq!(
            deadline_from_timeframe("THƯỜNG  XUYÊN", 2025),
            Some(d("2025-12-31"))
        );
        assert_eq!(
            deadline_from_timeframe("tháng 9 / 2024", 2024),
            Some(d("2024-09-30"))
        );
    }

    #[test]
    fn missing_year_means_the_plan_year() {
        assert_eq!(
            deadline_from_timeframe("Quý II", 2024),
            Some(d("2024-06-30"))
        );
        assert_eq!(
            deadline_from_timeframe("Tháng 9", 2025),
            Some(d("2025-09-30"))
        );
        assert_eq!(
            deadline_from_timeframe("Trước ngày 15/01", 2024),
            Some(d("2024-01-14"))
        );
        assert_eq!(
            deadline_from_timeframe("6 tháng đầu năm", 2024),
            Some(d("2024-06-30"))
        );
    }

    #[test]
    fn nonsense_is_no_deadline_not_a_guess() {
        for text in [
            "Quý V/2024",
            "Quý 0/2024",
            "Tháng 13/2024",
            "Tháng 0/2024",
            "Trước ngày 31/02/2024",
            "Trước ngày 15/01/2024/1",
            "Năm 24",
            "Năm",
            "Quý I/20245",
            "Quý",
        ] {
            assert_eq!(deadline_from_timeframe(text, 2024), None, "{text:?}");
        }
    }

    fn y2024() -> Rules {
        Rules::of(&Board::for_tests(vec![]))
    }

    fn task(status: Status, timeframe: &str, due: Option<&str>) -> Task {
        Task {
            timeframe: timeframe.into(),
            status,
            due: due.map(d),
            ..Task::new(1, "I", "t")
        }
    }

    #[test]
    fn overdue_starts_the_day_after_the_deadline() {
        let t = task(Status::Planned, "Quý I/2024", None);
        let on = assess(&t, &y2024(), d("2024-03-31"));
        assert_eq!(
            (on.column, on.days_overdue, on.days_left),
            (Column::Planned, 0, Some(0))
        );
        let after = assess(&t, &y2024(), d("2024-04-01"));
        assert_eq!(
            (after.column, after.days_overdue, after.days_left),
            (Column::Overdue, 1, None)
        );
        let before = assess(&t, &y2024(), d("2024-03-30"));
        assert_eq!(
            (before.column, before.days_left),
            (Column::Planned, Some(1))
        );
    }

    #[test]
    fn done_and_undated_tasks_are_never_overdue() {
        let done = task(Status::Done, "Quý I/2024", None);
        assert_eq!(
            assess(&done, &y2024(), d("2030-01-01")).column,
            Column::Done
        );
        let undated = task(Status::InProgress, "Theo quy định", None);
        let a = assess(&undated, &y2024(), d("2030-01-01"));
        assert_eq!(
            (a.column, a.deadline, a.days_overdue),
            (Column::InProgress, None, 0)
        );
    }

    #[test]
    fn explicit_due_wins_over_timeframe() {
        let t = task(Status::InProgress, "Quý I/2024", Some("2024-04-15"));
        let a = assess(&t, &y2024(), d("2024-04-10"));
        assert_eq!(
            (a.deadline, a.column),
            (Some(d("2024-04-15")), Column::InProgress)
        );
        let undated = task(Status::Planned, "Theo quy định", Some("2024-01-31"));
        assert_eq!(assess(&undated, &y2024(), d("2024-02-03")).days_overdue, 3);
    }

    #[test]
    fn due_soon_horizon_is_inclusive() {
        let t = task(Status::Planned, "Quý I/2024", None);
        assert!(assess(&t, &y2024(), d("2024-03-17")).is_due_soon(14));
        assert!(!assess(&t, &y2024(), d("2024-03-16")).is_due_soon(14));
        assert!(assess(&t, &y2024(), d("2024-03-31")).is_due_soon(0));
        assert!(
            !assess(&t, &y2024(), d("2024-04-01")).is_due_soon(14),
            "overdue is not due soon"
        );
        let done = task(Status::Done, "Quý I/2024", None);
        assert!(!assess(&done, &y2024(), d("2024-03-30")).is_due_soon(14));
    }

    #[test]
    fn a_task_with_checkpoints_is_due_at_the_next_and_late_from_the_first_passed() {
        let t = task(Status::InProgress, "Hằng quý", None);
        let a = assess(&t, &y2024(), d("2024-02-10"));
        assert_eq!(
            (a.column, a.deadline),
            (Column::InProgress, Some(d("2024-03-31")))
        );
        let a = assess(&t, &y2024(), d("2024-03-31"));
        assert_eq!((a.column, a.days_left), (Column::InProgress, Some(0)));
        // The Q1 checkpoint passed with nothing to show for it.
        let a = assess(&t, &y2024(), d("2024-04-05"));
        assert_eq!((a.column, a.days_overdue), (Column::Overdue, 5));
        // A deadline set by hand wins, as for any task.
        let t = task(Status::InProgress, "Hằng quý", Some("2024-12-31"));
        assert_eq!(
            assess(&t, &y2024(), d("2024-04-05")).column,
            Column::InProgress
        );
        let done = task(Status::Done, "Quý I và Quý III/2024", None);
        assert_eq!(
            assess(&done, &y2024(), d("2024-10-01")).column,
            Column::Done
        );
        assert_eq!(
            deadline_from_timeframe("Quý I và Quý III/2024", 2024),
            Some(d("2024-09-30"))
        );
    }

    #[test]
    fn a_task_completed_after_the_day_was_not_done_on_it() {
        let t = Task {
            completed: Some(d("2024-04-02")),
            ..task(Status::Done, "Quý I/2024", None)
        };
        // On 15/03 it was still being worked on, and not yet late.
        let a = assess(&t, &y2024(), d("2024-03-15"));
        assert_eq!(a.column, Column::InProgress);
        // On 01/04 it was overdue: done a day later.
        let a = assess(&t, &y2024(), d("2024-04-01"));
        assert_eq!((a.column, a.days_overdue), (Column::Overdue, 1));
        // From the day it was completed, done.
        assert_eq!(assess(&t, &y2024(), d("2024-04-02")).column, Column::Done);
        // Done with no date recorded: done whatever the day.
        let undated = task(Status::Done, "Quý I/2024", None);
        assert_eq!(
            assess(&undated, &y2024(), d("2024-01-01")).column,
            Column::Done
        );
    }

    fn logged(mut t: Task, days: &[&str]) -> Task {
        for day in days {
            t.add_log(crate::domain::LogEntry {
                date: d(day),
                text: "đã báo cáo".into(),
                evidence: vec![],
            });
        }
        t
    }

    #[test]
    fn a_log_entry_in_its_period_meets_a_checkpoint_and_a_late_one_catches_up() {
        let quarterly = task(Status::InProgress, "Hằng quý", None);
        // An entry in Q1 meets the 31/03 checkpoint.
        let t = logged(quarterly.clone(), &["2024-03-20"]);
        let a = assess(&t, &y2024(), d("2024-04-05"));
        assert_eq!(
            (a.column, a.deadline),
            (Column::InProgress, Some(d("2024-06-30")))
        );
        // Q2 passes with nothing after 31/03: overdue from 30/06.
        let a = assess(&t, &y2024(), d("2024-07-10"));
        assert_eq!(
            (a.column, a.deadline, a.days_overdue),
            (Column::Overdue, Some(d("2024-06-30")), 10)
        );
        // An entry made on 12/07 catches Q2 up.
        let t = logged(t, &["2024-07-12"]);
        assert_eq!(
            assess(&t, &y2024(), d("2024-07-12")).column,
            Column::InProgress
        );
        // ...but not before it was written.
        assert_eq!(
            assess(&t, &y2024(), d("2024-07-11")).column,
            Column::Overdue
        );
        // One late entry after two missed quarters catches up the first only:
        // each quarter needs its own.
        let t = logged(quarterly, &["2024-07-02"]);
        let a = assess(&t, &y2024(), d("2024-07-03"));
        assert_eq!(
            (a.column, a.deadline),
            (Column::Overdue, Some(d("2024-06-30")))
        );
        let t = logged(t, &["2024-07-03"]);
        assert_eq!(
            assess(&t, &y2024(), d("2024-07-03")).column,
            Column::InProgress
        );
    }

    #[test]
    fn a_log_out_of_date_order_reads_as_in_date_order() {
        let quarterly = task(Status::InProgress, "Hằng quý", None);
        let sorted = logged(quarterly, &["2024-02-05", "2024-05-05"]);
        let mut reversed = sorted.clone();
        reversed.log.reverse();
        for t in [&sorted, &reversed] {
            let a = assess(t, &y2024(), d("2024-07-10"));
            assert_eq!(
                (a.column, a.deadline),
                (Column::InProgress, Some(d("2024-09-30")))
            );
        }
    }

    #[test]
    fn reporting_duty_takes_its_checkpoints_from_the_calendar() {
        let t = Task {
            checkpoints: Some(CheckpointSource::Reports),
            ..task(Status::InProgress, "Theo quy định, yêu cầu", None)
        };
        let rules = y2024();
        assert_eq!(
            rules.timeframe(&t),
            Timeframe::Checkpoints(
                ["2024-03-14", "2024-06-14", "2024-09-14", "2024-12-14"]
                    .map(d)
                    .to_vec()
            )
        );
        let a = assess(&t, &rules, d("2024-03-01"));
        assert_eq!(a.deadline, Some(d("2024-03-14")));
        let a = assess(&t, &rules, d("2024-03-15"));
        assert_eq!((a.column, a.days_overdue), (Column::Overdue, 1));
        assert_eq!(deadline(&t, &rules), Some(d("2024-12-14")));
        assert_eq!(planned_deadline(&t, &rules), Some(d("2024-12-14")));
    }
}
