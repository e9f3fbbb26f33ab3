//! Rules a board must follow beyond its YAML shape: unique ids, known area
//! codes, consistent dates. Problems name the field they are about; the storage
//! layer turns that into a line and column of the file.

use super::{Board, Calendar, SCHEMA_VERSION, Status, Task};
use crate::sanitize::terminal_safe as shown;
use std::collections::{HashMap, HashSet};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// Where in the board a problem is: `tasks[3].area`, `plan.year`, `schema`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    pub section: &'static str,
    pub index: Option<usize>,
    pub field: Option<&'static str>,
    /// Inside a list field (`log`, `evidence`, `measurements`): the entry's
    /// index and, when about one of its keys, that key.
    pub entry: Option<(usize, Option<&'static str>)>,
}

impl FieldPath {
    pub fn root(section: &'static str) -> Self {
        FieldPath {
            section,
            index: None,
            field: None,
            entry: None,
        }
    }

    pub fn item(section: &'static str, index: usize, field: &'static str) -> Self {
        FieldPath {
            section,
            index: Some(index),
            field: Some(field),
            entry: None,
        }
    }

    pub fn field(section: &'static str, field: &'static str) -> Self {
        FieldPath {
            section,
            index: None,
            field: Some(field),
            entry: None,
        }
    }

    /// One entry of a list field of an item: `tasks[3].log[1].date`.
    pub fn entry(
        section: &'static str,
        index: usize,
        field: &'static str,
        entry: usize,
        key: Option<&'static str>,
    ) -> Self {
        FieldPath {
            entry: Some((entry, key)),
            ..FieldPath::item(section, index, field)
        }
    }

    /// The keys and indices leading to the field, outermost first.
    pub fn segments(&self) -> Vec<Segment> {
        let mut out = vec![Segment::Key(self.section)];
        if let Some(i) = self.index {
            out.push(Segment::Index(i));
        }
        if let Some(f) = self.field {
            out.push(Segment::Key(f));
        }
        if let Some((i, key)) = self.entry {
            out.push(Segment::Index(i));
            if let Some(k) = key {
                out.push(Segment::Key(k));
            }
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    Key(&'static str),
    Index(usize),
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.section)?;
        if let Some(i) = self.index {
            write!(f, "[{i}]")?;
        }
        if let Some(field) = self.field {
            write!(f, ".{field}")?;
        }
        if let Some((i, key)) = self.entry {
            write!(f, "[{i}]")?;
            if let Some(k) = key {
                write!(f, ".{k}")?;
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub path: FieldPath,
    pub message: String,
}

impl Problem {
    pub fn error(path: FieldPath, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            path,
            message: message.into(),
        }
    }

    pub fn warning(path: FieldPath, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            path,
            message: message.into(),
        }
    }
}

/// Checks the rules that the YAML shape alone cannot express. Problems come in
/// file order (areas, tasks, targets).
pub fn validate(board: &Board) -> Vec<Problem> {
    let mut check = Checker::new(board);
    for (i, task) in board.tasks.iter().enumerate() {
        check.task(i, task);
    }
    check.finish(board)
}

/// [`validate`] a task at a time, for a board read without holding its
/// tasks together (`storage`: `changes` on a large board): the plan and the
/// areas first ([`Checker::new`]), then each task with its place in the
/// file, then the targets and the reporting calendar ([`Checker::finish`]).
/// Between tasks it keeps their ids alone (and its own copy of the areas,
/// so that it borrows nothing). Each rule is written once, here.
pub struct Checker {
    areas: Vec<super::Area>,
    codes: HashSet<String>,
    /// Every id so far, with its place in the file.
    ids: Vec<(u32, usize)>,
    /// Whether the ids so far increase (as cchc writes them): then none
    /// repeats, and the map of first places is not needed (at 100,000 tasks
    /// it is 3 MiB). Built when the order first breaks.
    first_index: Option<HashMap<u32, usize>>,
    out: Vec<Problem>,
}

impl Checker {
    /// The schema and the areas of `board` (its tasks are not read).
    pub fn new(board: &Board) -> Self {
        let mut out = Vec::new();
        if board.schema != SCHEMA_VERSION {
            out.push(Problem::error(
                FieldPath::root("schema"),
                format!(
                    "schema {} is not one this cchc reads (it reads schema {SCHEMA_VERSION}); upgrade cchc or fix the number",
                    board.schema
                ),
            ));
        }

        let mut codes = HashSet::new();
        for (i, area) in board.areas.iter().enumerate() {
            if area.code.trim().is_empty() {
                out.push(Problem::error(
                    FieldPath::item("areas", i, "code"),
                    "area code is empty",
                ));
            } else if !codes.insert(area.code.clone()) {
                out.push(Problem::error(
                    FieldPath::item("areas", i, "code"),
                    format!(
                        "area code `{}` is used twice; give each area its own code",
                        shown(&area.code)
                    ),
                ));
            }
        }
        Checker {
            areas: board.areas.clone(),
            codes,
            ids: Vec::new(),
            first_index: None,
            out,
        }
    }

    /// The task at place `i` of the file's list.
    pub fn task(&mut self, i: usize, task: &Task) {
        let out = &mut self.out;
        let codes = &self.codes;
        let ordered =
            self.first_index.is_none() && self.ids.last().is_none_or(|&(last, _)| last < task.id);
        if !ordered && self.first_index.is_none() {
            // Increasing until now: no id repeats among those before.
            self.first_index = Some(
                self.ids
                    .iter()
                    .filter(|(id, _)| *id != 0)
                    .copied()
                    .collect(),
            );
        }
        // Once the order breaks, the map answers (`finish`).
        if self.first_index.is_none() {
            self.ids.push((task.id, i));
        }
        if task.id == 0 {
            out.push(Problem::error(
                FieldPath::item("tasks", i, "id"),
                "task id must be 1 or more",
            ));
        } else if let Some(first_index) = &mut self.first_index {
            if let Some(&first) = first_index.get(&task.id) {
                out.push(Problem::error(
                    FieldPath::item("tasks", i, "id"),
                    format!(
                        "task id {} is used twice (also tasks[{first}]); ids are never reused: give this task a new id",
                        task.id
                    ),
                ));
            } else {
                first_index.insert(task.id, i);
            }
        }
        if !codes.contains(&*task.area) {
            let known: Vec<_> = self.areas.iter().map(|a| shown(&a.code)).collect();
            out.push(Problem::error(
                FieldPath::item("tasks", i, "area"),
                format!(
                    "unknown area code `{}`; the areas are {}",
                    shown(&task.area),
                    known.join(", ")
                ),
            ));
        }
        if task.title.trim().is_empty() {
            out.push(Problem::error(
                FieldPath::item("tasks", i, "title"),
                "task title is empty",
            ));
        }
        if task.completed.is_none() && task.status == Status::Done {
            out.push(Problem::warning(
                FieldPath::item("tasks", i, "status"),
                format!(
                    "task {} is done but has no completed date; add `completed: YYYY-MM-DD` (the day it was done)",
                    task.id
                ),
            ));
        }
        if task.due_reason.is_some() && task.due.is_none() {
            out.push(Problem::warning(
                FieldPath::item("tasks", i, "due_reason"),
                format!(
                    "task {} has a due_reason but no due: add `due: YYYY-MM-DD` (the extended deadline) or remove `due_reason`",
                    task.id
                ),
            ));
        }
        // Oldest first: the schedule, new entries and the merge read it so.
        if let Some(j) = (1..task.log.len()).find(|&j| task.log[j].date < task.log[j - 1].date) {
            out.push(Problem::warning(
                FieldPath::entry("tasks", i, "log", j, Some("date")),
                format!(
                    "task {}: log entries are kept oldest first, and this one is dated before the one above it; move it up",
                    task.id
                ),
            ));
        }
        if task.completed.is_some() && task.status != Status::Done {
            out.push(Problem::warning(
                FieldPath::item("tasks", i, "completed"),
                format!(
                    "task {} has a completed date but its status is {}; remove `completed` or set `status: done`",
                    task.id, task.status
                ),
            ));
        }
    }

    /// The targets and the reporting calendar of `board` (whose tasks were
    /// given to [`Checker::task`]: the version [`Checker::new`] was given
    /// the areas of), and every problem found.
    pub fn finish(self, board: &Board) -> Vec<Problem> {
        let Checker {
            ids,
            first_index,
            mut out,
            ..
        } = self;
        let mut target_ids = HashSet::new();
        // Two targets with the same sentence measure one thing twice, or one of
        // them was meant to name another clause of the plan.
        let mut target_texts: HashMap<&str, &str> = HashMap::new();
        for (i, target) in board.targets.iter().enumerate() {
            if let Some(first) = target_texts.insert(target.text.trim(), target.id.as_str()) {
                out.push(Problem::warning(
                    FieldPath::item("targets", i, "text"),
                    format!(
                        "target `{}` has the same text as target `{}`: each target's text should name only what it measures",
                        shown(&target.id),
                        shown(first)
                    ),
                ));
                target_texts.insert(target.text.trim(), first);
            }
            if !target_ids.insert(target.id.as_str()) {
                out.push(Problem::error(
                    FieldPath::item("targets", i, "id"),
                    format!("target id `{}` is used twice", shown(&target.id)),
                ));
            }
            let exists = |id: u32| match &first_index {
                None => ids.binary_search_by_key(&id, |&(id, _)| id).is_ok(),
                Some(first) => first.contains_key(&id),
            };
            if let Some(task) = target.task
                && !exists(task)
            {
                out.push(Problem::error(
                    FieldPath::item("targets", i, "task"),
                    format!(
                        "target `{}` refers to task {task}, which does not exist",
                        shown(&target.id)
                    ),
                ));
            }
        }

        // The calendar takes the last entry for a report; two are a mistake.
        let mut reports: HashMap<super::Report, usize> = HashMap::new();
        for (i, w) in board.reporting.iter().enumerate() {
            if let Some(first) = reports.insert(w.report, i) {
                out.push(Problem::warning(
                    FieldPath::item("reporting", i, "report"),
                    format!(
                        "report `{}` is set twice under `reporting:` (also reporting[{first}]); this later one is used: remove one",
                        w.report.as_str()
                    ),
                ));
            }
            // A due day before the window's end falls in the year after: right
            // for a year report due in January, a typo for most others.
            if let Some(d) =
                Calendar::with(std::slice::from_ref(w)).dates(w.report, board.plan.year)
                && (d.due - d.to).num_days() > 62
            {
                out.push(Problem::warning(
                    FieldPath::item("reporting", i, "due"),
                    format!(
                        "report `{}` is due {} (in the year after its window ends on {}): a due day before `to` falls in the next year; if that is not meant, give a day on or after `to`",
                        w.report.as_str(),
                        d.due.format("%d/%m/%Y"),
                        d.to.format("%d/%m/%Y")
                    ),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Task;

    fn board() -> Board {
        let task = |id: u32| Task::new(id, "I", format!("task {id}"));
        Board::for_tests(vec![task(1), task(2)])
    }

    #[test]
    fn a_clean_board_has_no_problems() {
        assert_eq!(validate(&board()), vec![]);
    }

    #[test]
    fn duplicate_ids_point_at_the_second_task() {
        let mut b = board();
        b.tasks[1].id = 1;
        let problems = validate(&b);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path.to_string(), "tasks[1].id");
        assert!(problems[0].message.contains("used twice (also tasks[0])"));
    }

    #[test]
    fn unknown_area_lists_the_known_ones() {
        let mut b = board();
        b.tasks[0].area = "X".into();
        let p = &validate(&b)[0];
        assert_eq!(p.severity, Severity::Error);
        assert_eq!(p.path.to_string(), "tasks[0].area");
        assert!(
            p.message.contains("unknown area code `X`; the areas are I"),
            "{}",
            p.message
        );
    }

    #[test]
    fn completed_without_done_is_a_warning() {
        let mut b = board();
        b.tasks[0].completed = "2024-01-02".parse().ok();
        let p = &validate(&b)[0];
        assert_eq!(p.severity, Severity::Warning);
        assert_eq!(p.path.to_string(), "tasks[0].completed");
    }

    #[test]
    fn done_without_completed_is_a_warning_at_the_status() {
        let mut b = board();
        b.tasks[1].status = Status::Done;
        let problems = validate(&b);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let p = &problems[0];
        assert_eq!(p.severity, Severity::Warning);
        assert_eq!(p.path.to_string(), "tasks[1].status");
        assert!(
            p.message
                .contains("task 2 is done but has no completed date; add `completed: YYYY-MM-DD`"),
            "{}",
            p.message
        );
        b.tasks[1].completed = "2024-03-01".parse().ok();
        assert_eq!(validate(&b), vec![]);
    }

    #[test]
    fn wrong_schema_and_empty_title_are_errors() {
        let mut b = board();
        b.schema = 2;
        b.tasks[1].title = "  ".into();
        let paths: Vec<String> = validate(&b).iter().map(|p| p.path.to_string()).collect();
        assert_eq!(paths, ["schema", "tasks[1].title"]);
    }

    #[test]
    fn a_target_names_a_task_that_exists_in_any_order_of_ids() {
        let target = |id: &str, task: u32| crate::domain::Target {
            id: id.into(),
            section: "Phụ lục".into(),
            task: Some(task),
            text: format!("mục tiêu {id}"),
            comparator: crate::domain::Comparator::AtLeast,
            value: 100.0,
            unit: crate::domain::Unit::Percent,
            current: None,
            measurements: vec![],
        };
        let mut b = board();
        b.tasks.push(Task::new(7, "I", "bảy"));
        b.targets = vec![target("a", 2), target("b", 5), target("c", 7)];
        for reversed in [false, true] {
            if reversed {
                b.tasks.reverse();
            }
            let missing: Vec<String> = validate(&b)
                .into_iter()
                .filter(|p| p.message.contains("which does not exist"))
                .map(|p| p.path.to_string())
                .collect();
            assert_eq!(missing, ["targets[1].task"], "reversed: {reversed}");
        }
    }

    #[test]
    fn two_targets_with_one_text_are_warned_about() {
        let mut b = board();
        let target = |id: &str, text: &str| crate::domain::Target {
            id: id.into(),
            section: "II.3".into(),
            task: None,
            text: text.into(),
            comparator: crate::domain::Comparator::AtLeast,
            value: 100.0,
            unit: crate::domain::Unit::Percent,
            current: None,
            measurements: vec![],
        };
        b.targets = vec![
            target("a", "100% dịch vụ công trực tuyến"),
            target("b", "100% giao dịch được xác thực điện tử"),
            target("c", "100% dịch vụ công trực tuyến"),
        ];
        let p: Vec<_> = validate(&b)
            .into_iter()
            .filter(|p| p.message.contains("same text"))
            .collect();
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].severity, Severity::Warning);
        assert!(
            p[0].message.contains("`c`") && p[0].message.contains("`a`"),
            "{}",
            p[0].message
        );
    }

    #[test]
    fn a_due_reason_without_due_is_a_warning_at_the_reason() {
        let mut b = board();
        b.tasks[0].due_reason = Some("Công văn số 5/UBND gia hạn".into());
        let p = validate(&b);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].severity, Severity::Warning);
        assert_eq!(p[0].path.to_string(), "tasks[0].due_reason");
        assert!(
            p[0].message.contains("add `due: YYYY-MM-DD`"),
            "{}",
            p[0].message
        );
        b.tasks[0].due = "2024-04-15".parse().ok();
        assert_eq!(validate(&b), vec![]);
    }

    #[test]
    fn a_report_set_twice_under_reporting_is_a_warning_at_the_second() {
        use crate::domain::calendar::{MonthDay, Window};
        let md = |s: &str| MonthDay::parse(s).expect("day");
        let window = |report| Window {
            report,
            from: md("12-15"),
            to: md("03-14"),
            due: None,
        };
        let mut b = board();
        b.reporting = vec![
            window(crate::domain::Report::Q1),
            window(crate::domain::Report::H1),
            window(crate::domain::Report::Q1),
        ];
        let p = validate(&b);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].path.to_string(), "reporting[2].report");
        assert!(
            p[0].message.contains("`q1` is set twice") && p[0].message.contains("reporting[0]"),
            "{}",
            p[0].message
        );
    }

    #[test]
    fn a_due_day_that_falls_a_year_late_is_a_warning_but_january_for_the_year_is_not() {
        use crate::domain::calendar::{MonthDay, Window};
        let md = |s: &str| MonthDay::parse(s).expect("day");
        let mut b = board();
        b.reporting = vec![
            Window {
                report: crate::domain::Report::Q3,
                from: md("06-15"),
                to: md("09-14"),
                due: Some(md("09-10")),
            },
            Window {
                report: crate::domain::Report::Year,
                from: md("12-15"),
                to: md("12-14"),
                due: Some(md("01-05")),
            },
        ];
        let p = validate(&b);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].path.to_string(), "reporting[0].due");
        assert!(p[0].message.contains("10/09/2025"), "{}", p[0].message);
    }

    #[test]
    fn a_log_out_of_date_order_is_a_warning_at_the_first_entry_out_of_place() {
        let mut b = board();
        for d in ["2024-05-05", "2024-02-05"] {
            b.tasks[0].log.push(crate::domain::LogEntry {
                date: d.parse().expect("date"),
                text: "x".into(),
                evidence: vec![],
            });
        }
        let p = validate(&b);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].path.to_string(), "tasks[0].log[1].date");
    }
}
