//! The counts the officer is held to, computed in one place: per reform area
//! or per lead unit, how many tasks, done on time, done late, in progress,
//! overdue and not yet due, and the on-time rate. `cchc summary` prints them;
//! the periodic report states them. Pure: the day is passed in.

use crate::domain::{Board, Status, Task};
use crate::schedule::{self, Column};
use chrono::NaiveDate;

/// How a done task met its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeliness {
    OnTime,
    /// Completed this many days after its effective deadline.
    Late(i64),
    /// Done, but the board does not say when (no `completed` date; `cchc
    /// check` warns): neither on time nor late, and not in the on-time rate.
    Undated,
}

/// Whether `task` was done on time: `completed` on or before its effective
/// deadline (the extension in `due` when set, else the plan's); a task with
/// no deadline cannot be late. `None` for a task not done.
pub fn timeliness(task: &Task, rules: &schedule::Rules) -> Option<Timeliness> {
    if task.status != Status::Done {
        return None;
    }
    let Some(done) = task.completed else {
        return Some(Timeliness::Undated);
    };
    let late = schedule::deadline(task, rules).map_or(0, |d| (done - d).num_days());
    Some(if late > 0 {
        Timeliness::Late(late)
    } else {
        Timeliness::OnTime
    })
}

/// The counts of one group of tasks (an area, a lead unit, the whole plan).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub tasks: usize,
    pub done_on_time: usize,
    pub done_late: usize,
    /// Done without a `completed` date: when is unknown.
    pub done_undated: usize,
    pub in_progress: usize,
    pub overdue: usize,
    pub not_yet_due: usize,
}

impl Tally {
    pub fn done(&self) -> usize {
        self.done_on_time + self.done_late + self.done_undated
    }

    /// Done on time among the done tasks whose completion day is known;
    /// `None` when there is none.
    pub fn on_time_rate(&self) -> Option<f64> {
        let known = self.done_on_time + self.done_late;
        (known > 0).then(|| self.done_on_time as f64 / known as f64)
    }

    fn count(&mut self, task: &Task, column: Column, rules: &schedule::Rules) {
        self.tasks += 1;
        match column {
            Column::Done => match timeliness(task, rules) {
                Some(Timeliness::Late(_)) => self.done_late += 1,
                Some(Timeliness::Undated) => self.done_undated += 1,
                _ => self.done_on_time += 1,
            },
            Column::InProgress => self.in_progress += 1,
            Column::Overdue => self.overdue += 1,
            Column::Planned => self.not_yet_due += 1,
        }
    }
}

/// What the rows of a table are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum By {
    #[default]
    Area,
    Lead,
}

/// One row: the area's code (or the lead unit's name) and its counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub key: String,
    pub tally: Tally,
}

/// The table of counts on `today`: per area in plan order, or per lead unit
/// in the order the board first names them. A task led jointly (`Văn phòng
/// Sở; Các đơn vị trực thuộc Sở`) counts for each of its units; a task with no
/// lead unit is not in the per-unit table.
pub fn table(board: &Board, today: NaiveDate, by: By) -> Vec<Row> {
    let rules = schedule::Rules::of(board);
    let keys: Vec<String> = match by {
        By::Area => board.areas.iter().map(|a| a.code.clone()).collect(),
        By::Lead => board.lead_units().into_iter().map(str::to_owned).collect(),
    };
    let mut row_of: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        row_of.entry(k.as_str()).or_default().push(i);
    }
    let mut tallies = vec![Tally::default(); keys.len()];
    // One pass over the tasks, each assessed as it is counted (a table per
    // area would otherwise keep every task's assessment, issue 12).
    for (t, a) in schedule::assess_board(board, today) {
        let mut rows: Vec<usize> = match by {
            By::Area => row_of.get(&*t.area).cloned().unwrap_or_default(),
            By::Lead => leads(t)
                .filter_map(|u| row_of.get(u))
                .flatten()
                .copied()
                .collect(),
        };
        // A unit named twice in one task counts the task once.
        rows.sort_unstable();
        rows.dedup();
        for r in rows {
            tallies[r].count(t, a.column, &rules);
        }
    }
    keys.into_iter()
        .zip(tallies)
        .map(|(key, tally)| Row { key, tally })
        .collect()
}

/// The counts of the whole plan on `today` (each task once).
pub fn total(board: &Board, today: NaiveDate) -> Tally {
    let mut tally = Tally::default();
    let rules = schedule::Rules::of(board);
    for (t, a) in schedule::assess_board(board, today) {
        tally.count(t, a.column, &rules);
    }
    tally
}

/// The units a task's lead names (`;`-separated), trimmed.
fn leads(task: &Task) -> impl Iterator<Item = &str> {
    task.lead
        .split(';')
        .map(str::trim)
        .filter(|u| !u.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn task(id: u32, lead: &str, timeframe: &str, status: Status, completed: Option<&str>) -> Task {
        Task {
            lead: lead.into(),
            timeframe: timeframe.into(),
            status,
            completed: completed.map(d),
            ..Task::new(id, "I", "t")
        }
    }

    #[test]
    fn the_one_pass_table_counts_each_group_as_a_search_per_group_would() {
        let mut board = crate::storage::shipped_for_tests();
        // A unit named twice in one task, and joint leads.
        board.tasks[3].lead = "Văn phòng Sở; Văn phòng Sở".into();
        board.tasks[4].lead = "Văn phòng Sở; Thanh tra Sở".into();
        board.tasks[5].status = Status::Done;
        board.tasks[5].completed = Some(d("2024-02-01"));
        let today = d("2024-07-01");
        let rules = schedule::Rules::of(&board);
        let assessed: Vec<_> = schedule::assess_board(&board, today).collect();
        let search = |keep: &dyn Fn(&Task) -> bool| {
            let mut tally = Tally::default();
            for (t, a) in assessed.iter().filter(|(t, _)| keep(t)) {
                tally.count(t, a.column, &rules);
            }
            tally
        };
        let by_area: Vec<Tally> = board
            .areas
            .iter()
            .map(|area| search(&|t| *t.area == *area.code))
            .collect();
        let by_lead: Vec<Tally> = board
            .lead_units()
            .into_iter()
            .map(|unit| search(&|t| leads(t).any(|u| u == unit)))
            .collect();
        let tallies = |by| {
            table(&board, today, by)
                .into_iter()
                .map(|r| r.tally)
                .collect::<Vec<_>>()
        };
        assert_eq!(tallies(By::Area), by_area);
        assert_eq!(tallies(By::Lead), by_lead);
        assert!(by_lead.len() > 1, "{by_lead:?}");
    }

    #[test]
    fn on_time_is_completed_by_the_effective_deadline() {
        let on = task(1, "A", "Quý I/2024", Status::Done, Some("2024-03-31"));
        assert_eq!(
            timeliness(&on, &schedule::Rules::of(&Board::for_tests(vec![]))),
            Some(Timeliness::OnTime)
        );
        let late = task(2, "A", "Quý I/2024", Status::Done, Some("2024-04-02"));
        assert_eq!(
            timeliness(&late, &schedule::Rules::of(&Board::for_tests(vec![]))),
            Some(Timeliness::Late(2))
        );
        // An extension moves the deadline the task is held to.
        let extended = Task {
            due: Some(d("2024-04-15")),
            ..late.clone()
        };
        assert_eq!(
            timeliness(&extended, &schedule::Rules::of(&Board::for_tests(vec![]))),
            Some(Timeliness::OnTime)
        );
        let open = task(3, "A", "Quý I/2024", Status::InProgress, None);
        assert_eq!(
            timeliness(&open, &schedule::Rules::of(&Board::for_tests(vec![]))),
            None
        );
        let undated = task(4, "A", "Quý I/2024", Status::Done, None);
        assert_eq!(
            timeliness(&undated, &schedule::Rules::of(&Board::for_tests(vec![]))),
            Some(Timeliness::Undated)
        );
        let no_deadline = task(5, "A", "Theo quy định", Status::Done, Some("2030-01-01"));
        assert_eq!(
            timeliness(
                &no_deadline,
                &schedule::Rules::of(&Board::for_tests(vec![]))
            ),
            Some(Timeliness::OnTime)
        );
    }

    #[test]
    fn tallies_per_lead_unit_count_joint_leads_for_each() {
        let board = Board::for_tests(vec![
            task(
                1,
                "Văn phòng Sở",
                "Quý I/2024",
                Status::Done,
                Some("2024-03-01"),
            ),
            task(
                2,
                "Văn phòng Sở; Thanh tra Sở",
                "Quý I/2024",
                Status::Done,
                Some("2024-04-05"),
            ),
            task(3, "Thanh tra Sở", "Quý I/2024", Status::InProgress, None),
            task(4, "Thanh tra Sở", "Năm 2024", Status::InProgress, None),
            task(5, "Văn phòng Sở", "Năm 2024", Status::Planned, None),
        ]);

        let rows = table(&board, d("2024-04-10"), By::Lead);
        let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["Văn phòng Sở", "Thanh tra Sở"]);
        let vp = rows[0].tally;
        assert_eq!(
            (vp.tasks, vp.done_on_time, vp.done_late, vp.not_yet_due),
            (3, 1, 1, 1)
        );
        assert_eq!(vp.on_time_rate(), Some(0.5));
        let tt = rows[1].tally;
        assert_eq!(
            (tt.tasks, tt.done_late, tt.overdue, tt.in_progress),
            (3, 1, 1, 1)
        );
        // The plan's total counts each task once.
        let all = total(&board, d("2024-04-10"));
        assert_eq!((all.tasks, all.done(), all.overdue), (5, 2, 1));
        assert_eq!(Tally::default().on_time_rate(), None);
    }
}
