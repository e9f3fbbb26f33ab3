//! Deadlines and board columns, as pure functions of the plan's wording and of a
//! `today` that the caller passes in (the clock is read only by the binary).
//!
//! The plan states deadlines in words ("Quý I/2024", "Thường xuyên"); the
//! [`deadline_from_timeframe`] table turns them into dates. An explicit `due` on a
//! task wins. A task is overdue when it is not done and its deadline is before
//! today; a task due today is not overdue.

use crate::domain::{Board, Status, Task};
use crate::text::fold;
use chrono::{Datelike, NaiveDate};
use std::fmt;

/// Default "due soon" horizon, in days.
pub const DEFAULT_HORIZON_DAYS: i64 = 14;

/// The deadline that the plan's timeframe wording implies, for plan year
/// `plan_year`. `None` means the wording sets no date ("Theo quy định") and the
/// officer should set `due` by hand.
///
/// | wording (any case, accents optional)  | deadline                    |
/// |---------------------------------------|-----------------------------|
/// | `Quý I/Y` … `Quý IV/Y`, `Quý 1/Y` …   | last day of that quarter    |
/// | `Tháng M/Y`                           | last day of that month      |
/// | `Trước ngày DD/MM/Y`                  | the day before              |
/// | `Năm Y`                               | 31/12/Y                     |
/// | `6 tháng đầu năm Y`                   | 30/06/Y                     |
/// | `6 tháng cuối năm Y`                  | 31/12/Y                     |
/// | `Thường xuyên` (ongoing)              | 31/12 of the plan year      |
///
/// Where the year is left out (`Quý II`, `Tháng 9`), the plan year is meant.
pub fn deadline_from_timeframe(timeframe: &str, plan_year: i32) -> Option<NaiveDate> {
    let folded = fold(timeframe);
    let text = folded
        .replace(" /", "/")
        .replace("/ ", "/")
        .trim_end_matches(['.', ';', ','])
        .to_owned();
    let year_or_plan = |rest: &str| -> Option<i32> {
        let rest = rest.trim();
        if rest.is_empty() {
            return Some(plan_year);
        }
        let rest = rest
            .strip_prefix('/')
            .or_else(|| rest.strip_prefix("nam "))
            .unwrap_or(rest);
        parse_year(rest.trim())
    };

    if text == "thuong xuyen" {
        return NaiveDate::from_ymd_opt(plan_year, 12, 31);
    }
    if let Some(rest) = text.strip_prefix("quy ") {
        let (q, rest) = split_number(rest)?;
        let quarter = match q {
            "i" | "1" => 1,
            "ii" | "2" => 2,
            "iii" | "3" => 3,
            "iv" | "4" => 4,
            _ => return None,
        };
        return last_day_of_month(year_or_plan(rest)?, quarter * 3);
    }
    if let Some(rest) = text.strip_prefix("thang ") {
        let (m, rest) = split_number(rest)?;
        return last_day_of_month(year_or_plan(rest)?, m.parse().ok()?);
    }
    if let Some(rest) = text.strip_prefix("truoc ngay ") {
        let mut parts = rest.trim().split('/');
        let day: u32 = parts.next()?.trim().parse().ok()?;
        let month: u32 = parts.next()?.trim().parse().ok()?;
        let year = match parts.next() {
            Some(y) => parse_year(y.trim())?,
            None => plan_year,
        };
        if parts.next().is_some() {
            return None;
        }
        return NaiveDate::from_ymd_opt(year, month, day)?.pred_opt();
    }
    if let Some(rest) = text.strip_prefix("6 thang dau nam") {
        return NaiveDate::from_ymd_opt(year_or_plan(rest)?, 6, 30);
    }
    if let Some(rest) = text.strip_prefix("6 thang cuoi nam") {
        return NaiveDate::from_ymd_opt(year_or_plan(rest)?, 12, 31);
    }
    if let Some(rest) = text.strip_prefix("nam ") {
        return NaiveDate::from_ymd_opt(parse_year(rest.trim())?, 12, 31);
    }
    None
}

/// Splits `"iv/2024"` into `("iv", "/2024")` and `"ii nam 2024"` into `("ii", " nam 2024")`.
fn split_number(s: &str) -> Option<(&str, &str)> {
    let end = s
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(s.len());
    (end > 0).then(|| s.split_at(end))
}

fn parse_year(s: &str) -> Option<i32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)?
        .pred_opt()
        .filter(|d| d.month() == month)
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

/// The effective deadline of a task: an explicit `due` wins over the timeframe.
pub fn deadline(task: &Task, plan_year: i32) -> Option<NaiveDate> {
    task.due
        .or_else(|| deadline_from_timeframe(&task.timeframe, plan_year))
}

/// Which column `task` is in on `today`, and by how much it is late or early.
pub fn assess(task: &Task, plan_year: i32, today: NaiveDate) -> Assessment {
    assess_deadline(task.status, deadline(task, plan_year), today)
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
pub fn assess_board(board: &Board, today: NaiveDate) -> Vec<(&Task, Assessment)> {
    // Tasks share a handful of timeframe wordings: parse each wording once.
    let mut cache: std::collections::HashMap<&str, Option<NaiveDate>> =
        std::collections::HashMap::new();
    board
        .tasks
        .iter()
        .map(|t| {
            let deadline = t.due.or_else(|| {
                *cache
                    .entry(t.timeframe.as_str())
                    .or_insert_with(|| deadline_from_timeframe(&t.timeframe, board.plan.year))
            });
            (t, assess_deadline(t.status, deadline, today))
        })
        .collect()
}

/// Overdue tasks, most overdue first (ties by id).
pub fn overdue(board: &Board, today: NaiveDate) -> Vec<(&Task, Assessment)> {
    let mut out: Vec<_> = assess_board(board, today)
        .into_iter()
        .filter(|(_, a)| a.column == Column::Overdue)
        .collect();
    out.sort_by(|(ta, a), (tb, b)| b.days_overdue.cmp(&a.days_overdue).then(ta.id.cmp(&tb.id)));
    out
}

/// Tasks not done whose deadline falls within `horizon` days from today (today
/// included), soonest first.
pub fn due_soon(board: &Board, today: NaiveDate, horizon: i64) -> Vec<(&Task, Assessment)> {
    let mut out: Vec<_> = assess_board(board, today)
        .into_iter()
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
        let on = assess(&t, 2024, d("2024-03-31"));
        assert_eq!(
            (on.column, on.days_overdue, on.days_left),
            (Column::Planned, 0, Some(0))
        );
        let after = assess(&t, 2024, d("2024-04-01"));
        assert_eq!(
            (after.column, after.days_overdue, after.days_left),
            (Column::Overdue, 1, None)
        );
        let before = assess(&t, 2024, d("2024-03-30"));
        assert_eq!(
            (before.column, before.days_left),
            (Column::Planned, Some(1))
        );
    }

    #[test]
    fn done_and_undated_tasks_are_never_overdue() {
        let done = task(Status::Done, "Quý I/2024", None);
        assert_eq!(assess(&done, 2024, d("2030-01-01")).column, Column::Done);
        let undated = task(Status::InProgress, "Theo quy định", None);
        let a = assess(&undated, 2024, d("2030-01-01"));
        assert_eq!(
            (a.column, a.deadline, a.days_overdue),
            (Column::InProgress, None, 0)
        );
    }

    #[test]
    fn explicit_due_wins_over_timeframe() {
        let t = task(Status::InProgress, "Quý I/2024", Some("2024-04-15"));
        let a = assess(&t, 2024, d("2024-04-10"));
        assert_eq!(
            (a.deadline, a.column),
            (Some(d("2024-04-15")), Column::InProgress)
        );
        let undated = task(Status::Planned, "Theo quy định", Some("2024-01-31"));
        assert_eq!(assess(&undated, 2024, d("2024-02-03")).days_overdue, 3);
    }

    #[test]
    fn due_soon_horizon_is_inclusive() {
        let t = task(Status::Planned, "Quý I/2024", None);
        assert!(assess(&t, 2024, d("2024-03-17")).is_due_soon(14));
        assert!(!assess(&t, 2024, d("2024-03-16")).is_due_soon(14));
        assert!(assess(&t, 2024, d("2024-03-31")).is_due_soon(0));
        assert!(
            !assess(&t, 2024, d("2024-04-01")).is_due_soon(14),
            "overdue is not due soon"
        );
        let done = task(Status::Done, "Quý I/2024", None);
        assert!(!assess(&done, 2024, d("2024-03-30")).is_due_soon(14));
    }
}
