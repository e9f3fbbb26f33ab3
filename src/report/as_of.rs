//! A task's figures on a past day, for the report: its column, lateness and
//! completion on the window's last day.
//!
//! The board the report is built from is already the board as it stood on
//! that day ([`crate::as_of::board_on`]: the git history's statuses and
//! deadlines, the `completed` dates, no record dated later). On it:
//!
//! - done on `day` when the task is `done` and was completed on or before
//!   `day` (a done task without a `completed` date counts as done, on an
//!   unknown day: it is neither "done in the period" nor on time or late);
//! - a task completed *after* `day` was not done then: it counts as in
//!   progress on `day` (the file's rule, when there is no history);
//! - any other task keeps its status; with the deadline (an explicit `due`
//!   wins over the timeframe's; with checkpoints, the first one its log did
//!   not meet) it is overdue on `day` when the deadline is before `day`
//!   ([`crate::schedule::assess`] with today = `day`).

use crate::domain::Task;
use crate::figures::{self, Timeliness};
use crate::schedule::{self, Column};
use chrono::NaiveDate;

/// A task's state on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskState {
    /// The effective deadline (`due`, else the timeframe's).
    pub deadline: Option<NaiveDate>,
    /// The board column on that day.
    pub column: Column,
    /// Days past the deadline on that day; 0 unless overdue.
    pub days_overdue: i64,
    /// The day it was done, when done on that day and the day is known.
    pub done_on: Option<NaiveDate>,
    /// Done after its deadline: by how many days (`None` unless done with
    /// both dates known).
    pub days_late: Option<i64>,
}

impl TaskState {
    pub fn is_done(&self) -> bool {
        self.column == Column::Done
    }

    /// Done by its deadline (or done with no deadline), completion day known.
    pub fn on_time(&self) -> bool {
        self.is_done() && self.done_on.is_some() && self.days_late == Some(0)
    }

    pub fn late(&self) -> bool {
        self.days_late.is_some_and(|d| d > 0)
    }
}

/// The state of `task` on `day` for a plan of `plan_year` (see the module
/// docs for the rule).
pub fn task_state(task: &Task, rules: &schedule::Rules, day: NaiveDate) -> TaskState {
    // The board's own rules: the status on the day (`schedule::status_on`),
    // its column and lateness (`schedule::assess`, checkpoints included), and
    // on time or late (`figures::timeliness`), as every command reads them.
    let deadline = schedule::deadline(task, rules);
    let a = schedule::assess(task, rules, day);
    let done = a.column == Column::Done;
    let done_on = if done { task.completed } else { None };
    let days_late = match done.then(|| figures::timeliness(task, rules)).flatten() {
        Some(Timeliness::OnTime) => Some(0),
        Some(Timeliness::Late(n)) => Some(n),
        Some(Timeliness::Undated) | None => None,
    };
    TaskState {
        deadline,
        column: a.column,
        days_overdue: a.days_overdue,
        done_on,
        days_late,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn rules() -> schedule::Rules {
        schedule::Rules::of(&crate::domain::Board::for_tests(vec![]))
    }

    fn task(status: Status, completed: Option<&str>) -> Task {
        Task {
            timeframe: "Quý I/2024".into(),
            status,
            completed: completed.map(d),
            ..Task::new(1, "I", "t")
        }
    }

    #[test]
    fn completed_after_the_day_is_not_done_then() {
        let t = task(Status::Done, Some("2024-03-15"));
        let s = task_state(&t, &rules(), d("2024-03-14"));
        assert_eq!(s.column, Column::InProgress);
        assert_eq!(s.done_on, None);
        let s = task_state(&t, &rules(), d("2024-03-15"));
        assert_eq!((s.column, s.done_on), (Column::Done, Some(d("2024-03-15"))));
        assert!(s.on_time());
    }

    #[test]
    fn late_completion_and_overdue_on_the_day() {
        let t = task(Status::Done, Some("2024-04-05"));
        assert_eq!(
            task_state(&t, &rules(), d("2024-04-02")).column,
            Column::Overdue
        );
        let s = task_state(&t, &rules(), d("2024-04-10"));
        assert_eq!(s.days_late, Some(5));
        assert!(s.late() && !s.on_time());
        let undated = task(Status::Done, None);
        let s = task_state(&undated, &rules(), d("2024-01-01"));
        assert!(s.is_done() && !s.on_time() && !s.late());
    }
}
