//! The board as plain data, and the edits that can be made to it.
//!
//! The struct field order here *is* the on-disk field order: serialisation walks
//! fields in declaration order, so a reordering here changes every saved board.
//! Optional fields are omitted when empty, which keeps a freshly transcribed board
//! short and makes an edit add or remove whole lines rather than rewrite values.

pub mod calendar;
pub mod diff;
mod fields;
pub(crate) mod fields_visit;
pub mod record;
pub use fields::parse_iso_date;
mod validate;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

pub use calendar::{Calendar, Report};
pub use record::{Document, Evidence, LogEntry, Measurement, Reading};
pub use validate::{Checker, FieldPath, Problem, Segment, Severity, validate};

/// A task's required text fields (title, area, output, lead, support,
/// timeframe, budget): read and compared as `str`, replaced and never grown,
/// and shared rather than copied. A task cloned (an edit's undo, another
/// version of the board read beside this one: `changes`, `report`) costs its
/// struct, not its texts again; and a plan names a handful of units,
/// products and timeframes over and over, so a large board's load keeps one
/// copy of each ([`share_texts`]): at 100,000 tasks the board takes a
/// quarter less memory.
pub type Shared = std::sync::Arc<str>;

/// Makes equal short texts of `tasks` (all but the title, which a plan does
/// not repeat) one allocation. What the tasks say is unchanged; only their
/// memory is.
pub fn share_texts(tasks: &mut [Task]) {
    let mut pool: std::collections::HashSet<Shared> = std::collections::HashSet::new();
    for task in tasks {
        for text in task.shared_texts_mut() {
            match pool.get(&**text) {
                Some(one) => *text = one.clone(),
                None => {
                    pool.insert(text.clone());
                }
            }
        }
    }
}

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole board: one plan, its reform areas (swimlanes), tasks (cards) and the
/// plan body's quantitative targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Board {
    pub schema: u32,
    pub plan: Plan,
    pub areas: Vec<Area>,
    pub tasks: Vec<Task>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "fields::opt_list::deserialize"
    )]
    pub targets: Vec<Target>,
    /// Overrides of the reporting calendar ([`calendar`]); the defaults
    /// when empty. Last, so boards without it load and save unchanged.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "fields::opt_list::deserialize"
    )]
    pub reporting: Vec<calendar::Window>,
}

/// What the plan document says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub title: String,
    pub organisation: String,
    /// The plan's document reference (số hiệu văn bản).
    pub document: String,
    /// The plan year: `Thường xuyên` (ongoing) tasks fall due at its end.
    pub year: i32,
}

/// A reform area (lĩnh vực), shown as a swimlane.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Roman numeral as in the plan: `I` .. `IX`.
    pub code: String,
    pub title: String,
}

/// One task of the plan's appendix, shown as a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// The plan's STT number; stable, never reused.
    pub id: u32,
    /// Code of the area this task belongs to.
    pub area: Shared,
    /// Nhiệm vụ.
    pub title: Shared,
    /// Sản phẩm.
    pub output: Shared,
    /// Phòng, đơn vị chủ trì.
    pub lead: Shared,
    /// Phòng, đơn vị phối hợp.
    pub support: Shared,
    /// Thời gian thực hiện, in the plan's own words.
    pub timeframe: Shared,
    /// Kinh phí dự kiến.
    pub budget: Shared,
    pub status: Status,
    /// An explicit deadline that overrides the one derived from `timeframe`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "fields::opt_date"
    )]
    pub due: Option<NaiveDate>,
    /// Why `due` moved from the plan's deadline: the document that allowed
    /// the extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_reason: Option<String>,
    /// `reports`: the task's checkpoints are the due days of the reporting
    /// calendar (the reporting duty), whatever its `timeframe` says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoints: Option<CheckpointSource>,
    /// The day the task was marked done.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "fields::opt_date"
    )]
    pub completed: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Document references that prove the output was produced.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "fields::opt_list::deserialize"
    )]
    pub evidence: Vec<Evidence>,
    /// What was done and when, oldest first: what the periodic report quotes,
    /// and what catches up a periodic task's checkpoints.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "fields::opt_list::deserialize"
    )]
    pub log: Vec<LogEntry>,
    /// Set by `cchc rollover` on a task unfinished in the year before: the old
    /// board's file name and the task's id there, `FILE#ID`
    /// (`so-xay-dung-nam-dinh-2024.yaml#12`), so the new plan can keep, merge
    /// or drop it. Last, so boards without it load and save unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_over: Option<String>,
}

/// Where a task's checkpoints come from, when not from its `timeframe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckpointSource {
    /// The due days of the board's reporting calendar.
    Reports,
}

/// The stored status of a task. "Overdue" is not a status: it is derived from
/// the deadline and the day (see [`crate::schedule`]), so time passing never
/// rewrites the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Planned,
    InProgress,
    Done,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Planned, Status::InProgress, Status::Done];

    /// The word used in the file and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in_progress",
            Status::Done => "done",
        }
    }

    /// Parses `planned`, `in_progress`, `in-progress` (any case, spaces allowed).
    pub fn parse(s: &str) -> Option<Status> {
        let key: String = s
            .trim()
            .chars()
            .map(|c| match c {
                '-' | ' ' => '_',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        Status::ALL.into_iter().find(|st| st.as_str() == key)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A quantitative goal from the plan body (e.g. digitised results "trên 70%").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub id: String,
    /// Where the plan states it: `II.3`, or `Phụ lục VIII` for an appendix task.
    pub section: String,
    /// The task this target belongs to, when it comes from the appendix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<u32>,
    /// The plan's sentence, word for word.
    pub text: String,
    pub comparator: Comparator,
    #[serde(with = "fields::number")]
    pub value: f64,
    pub unit: Unit,
    /// An undated value, as boards before `measurements` recorded it. It
    /// stays readable (the value when no measurement is dated on or before
    /// the day asked about); `cchc target` records into `measurements` and
    /// removes it, so a board moves to dated values with its first one.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "fields::opt_number"
    )]
    pub current: Option<f64>,
    /// Dated values, oldest first.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "fields::opt_list::deserialize"
    )]
    pub measurements: Vec<Measurement>,
}

impl Target {
    /// The target's value on `day`: the latest measurement dated on or
    /// before it (the last recorded of one day), else the undated `current`.
    pub fn reading(&self, day: NaiveDate) -> Option<Reading<'_>> {
        self.measurements
            .iter()
            .rev()
            .find(|m| m.date <= day)
            .map(|m| Reading {
                value: m.value,
                date: Some(m.date),
                source: m.source.as_deref(),
            })
            .or_else(|| {
                self.current.map(|value| Reading {
                    value,
                    date: None,
                    source: None,
                })
            })
    }

    /// Records a measurement in date order and drops the undated `current`.
    pub fn record(&mut self, m: Measurement) {
        record::insert_dated(&mut self.measurements, m);
        self.current = None;
    }
}

/// How a target's value is to be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// "đạt X%", "X% …", "tối thiểu X%".
    AtLeast,
    /// "trên X%".
    MoreThan,
    /// "dưới X%".
    LessThan,
    /// "không quá X%".
    AtMost,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::AtLeast => "≥",
            Comparator::MoreThan => ">",
            Comparator::LessThan => "<",
            Comparator::AtMost => "≤",
        }
    }

    /// Whether `current` meets a target of `value`.
    pub fn is_met(self, current: f64, value: f64) -> bool {
        match self {
            Comparator::AtLeast => current >= value,
            Comparator::MoreThan => current > value,
            Comparator::LessThan => current < value,
            Comparator::AtMost => current <= value,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Percent,
    Count,
}

impl Unit {
    /// Whether a measurement can take `value`: a percentage from 0 to 100, a
    /// count 0 or more.
    pub fn admits(self, value: f64) -> bool {
        match self {
            Unit::Percent => (0.0..=100.0).contains(&value),
            Unit::Count => value >= 0.0,
        }
    }
}

/// One field that an edit changed, for "what changed" messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub task: u32,
    pub field: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_owned());
        write!(
            f,
            "#{} {}: {} → {}",
            self.task,
            self.field,
            show(&self.before),
            show(&self.after)
        )
    }
}

impl Board {
    pub fn task(&self, id: u32) -> Option<&Task> {
        self.tasks.iter().find(|t| t.id == id)
    }

    pub fn area(&self, code: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.code == code)
    }

    /// The lead units (phòng, đơn vị chủ trì) named on the board, each once, in
    /// task order. A task led jointly (`Văn phòng Sở; Các đơn vị trực thuộc
    /// Sở`) names each of its units; empty leads name none. For listing the
    /// units when a lead filter matches nothing.
    pub fn lead_units(&self) -> Vec<&str> {
        let mut units: Vec<&str> = Vec::new();
        for unit in self.tasks.iter().flat_map(|t| t.lead.split(';')) {
            let unit = unit.trim();
            if !unit.is_empty() && !units.contains(&unit) {
                units.push(unit);
            }
        }
        units
    }

    /// The id for a new task: one more than the highest id in use (and than
    /// `used`, the highest id ever handed out, so deleted ids are not reused).
    /// `None` when that would overflow: task id 4294967295 (`u32::MAX`) is a
    /// valid id, but nothing comes after it (a wrapped `0` is not a valid id).
    pub fn next_task_id(&self, used: u32) -> Option<u32> {
        self.tasks
            .iter()
            .map(|t| t.id)
            .max()
            .unwrap_or(0)
            .max(used)
            .checked_add(1)
    }

    /// The reporting calendar: the defaults with this board's `reporting:`.
    pub fn calendar(&self) -> Calendar {
        Calendar::with(&self.reporting)
    }

    /// Puts tasks in id order, the canonical order on disk (stable: tasks
    /// with the same id keep their order, for the error that names them).
    /// Positions are sorted rather than the tasks: a stable sort of the tasks
    /// themselves would allocate a second board's worth of scratch (issue 12,
    /// peak memory); a board already in order costs one pass.
    pub fn sort_tasks(&mut self) {
        let tasks = &mut self.tasks;
        if tasks.is_sorted_by_key(|t| t.id) {
            return;
        }
        let mut order: Vec<usize> = (0..tasks.len()).collect();
        order.sort_by_key(|&i| tasks[i].id);
        // Position `j` takes the task at `order[j]`: follow each cycle once.
        for start in 0..order.len() {
            let mut j = start;
            while order[j] != usize::MAX {
                let from = std::mem::replace(&mut order[j], usize::MAX);
                if from == start {
                    break;
                }
                tasks.swap(j, from);
                j = from;
            }
        }
    }

    /// Moves a card: sets the status of task `id`. Entering `done` stamps
    /// `completed` with `today`; leaving `done` clears it, so a move and its
    /// reverse restore the task exactly. Returns what changed (empty when the task
    /// already had that status), or `None` when there is no such task.
    pub fn set_status(&mut self, id: u32, status: Status, today: NaiveDate) -> Option<Vec<Change>> {
        let task = self.tasks.iter_mut().find(|t| t.id == id)?;
        Some(task.set_status(status, today))
    }
}

impl Task {
    /// The fields [`share_texts`] shares.
    fn shared_texts_mut(&mut self) -> [&mut Shared; 6] {
        [
            &mut self.area,
            &mut self.output,
            &mut self.lead,
            &mut self.support,
            &mut self.timeframe,
            &mut self.budget,
        ]
    }

    /// A new planned task with only an id, an area and a title; every other
    /// field empty (the officer fills them in later).
    pub fn new(id: u32, area: impl Into<String>, title: impl Into<String>) -> Task {
        Task {
            id,
            area: area.into().into(),
            title: title.into().into(),
            output: Shared::default(),
            lead: Shared::default(),
            support: Shared::default(),
            timeframe: Shared::default(),
            budget: Shared::default(),
            status: Status::Planned,
            due: None,
            due_reason: None,
            checkpoints: None,
            completed: None,
            assignee: None,
            notes: None,
            evidence: vec![],
            log: vec![],
            carried_over: None,
        }
    }

    /// Adds a log entry in date order (after the entries of its day).
    pub fn add_log(&mut self, entry: LogEntry) -> usize {
        record::insert_dated(&mut self.log, entry)
    }

    /// The log entries dated on or before `day`.
    pub fn log_on(&self, day: NaiveDate) -> impl Iterator<Item = &LogEntry> {
        self.log.iter().filter(move |e| e.date <= day)
    }

    /// Every evidence document of the task: its own, then its log entries'.
    pub fn all_evidence(&self) -> impl Iterator<Item = &Evidence> {
        self.evidence
            .iter()
            .chain(self.log.iter().flat_map(|e| e.evidence.iter()))
    }

    /// Sets the status; see [`Board::set_status`]. Returns what changed.
    pub fn set_status(&mut self, status: Status, today: NaiveDate) -> Vec<Change> {
        let mut changes = Vec::new();
        if self.status == status {
            return changes;
        }
        changes.push(Change {
            task: self.id,
            field: "status",
            before: Some(self.status.to_string()),
            after: Some(status.to_string()),
        });
        self.status = status;
        let completed = (status == Status::Done).then_some(today);
        if self.completed != completed {
            changes.push(Change {
                task: self.id,
                field: "completed",
                before: self.completed.map(|d| d.to_string()),
                after: completed.map(|d| d.to_string()),
            });
            self.completed = completed;
        }
        changes
    }
}

impl Board {
    /// A minimal valid board for unit tests: plan year 2024, one area `I`.
    #[cfg(test)]
    pub(crate) fn for_tests(tasks: Vec<Task>) -> Board {
        Board {
            schema: SCHEMA_VERSION,
            plan: Plan {
                title: "p".into(),
                organisation: "o".into(),
                document: "d".into(),
                year: 2024,
            },
            areas: vec![Area {
                code: "I".into(),
                title: "a".into(),
            }],
            tasks,
            targets: vec![],
            reporting: vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_short_texts_are_shared_and_the_title_is_not() {
        let mut tasks: Vec<Task> = (1..=3)
            .map(|id| Task {
                lead: String::from("Văn phòng Sở").into(),
                timeframe: format!("Quý {id}/2024").into(),
                ..Task::new(id, String::from("I"), String::from("Báo cáo"))
            })
            .collect();
        let before = tasks.clone();
        assert!(!std::sync::Arc::ptr_eq(&tasks[0].lead, &tasks[2].lead));
        share_texts(&mut tasks);
        assert_eq!(tasks, before);
        let same = |f: fn(&Task) -> &Shared| std::sync::Arc::ptr_eq(f(&tasks[0]), f(&tasks[2]));
        assert!(same(|t| &t.lead) && same(|t| &t.area));
        assert!(!same(|t| &t.timeframe), "different texts stay apart");
        assert!(!same(|t| &t.title), "a title is its own");
    }

    fn task(id: u32, status: Status) -> Task {
        Task {
            timeframe: "Năm 2024".into(),
            status,
            ..Task::new(id, "I", "t")
        }
    }

    fn board() -> Board {
        Board::for_tests(vec![task(1, Status::Planned), task(2, Status::Done)])
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    #[test]
    fn status_parse_accepts_both_spellings() {
        assert_eq!(Status::parse("in-progress"), Some(Status::InProgress));
        assert_eq!(Status::parse("In_Progress"), Some(Status::InProgress));
        assert_eq!(Status::parse(" done "), Some(Status::Done));
        assert_eq!(Status::parse("overdue"), None);
    }

    #[test]
    fn done_stamps_completed_and_leaving_done_clears_it() {
        let mut b = board();
        let original = b.clone();
        let changes = b
            .set_status(1, Status::Done, day("2024-03-02"))
            .expect("task 1");
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[1].to_string(), "#1 completed: (none) → 2024-03-02");
        assert_eq!(b.task(1).and_then(|t| t.completed), Some(day("2024-03-02")));
        let back = b
            .set_status(1, Status::Planned, day("2024-05-01"))
            .expect("task 1");
        assert_eq!(back[0].to_string(), "#1 status: done → planned");
        assert_eq!(b, original);
    }

    #[test]
    fn sorting_tasks_is_a_stable_sort_by_id() {
        // Every order of a few ids, some repeated: the same as a stable sort
        // of the tasks themselves (titles tell equal ids apart).
        let ids = [5u32, 3, 9, 3, 1, 5, 7];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for round in 0..200 {
            let mut shuffled: Vec<(u32, usize)> = ids.iter().copied().zip(0..).collect();
            for i in (1..shuffled.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                shuffled.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            if round == 0 {
                shuffled.sort();
            }
            let tasks: Vec<Task> = shuffled
                .iter()
                .map(|&(id, n)| Task::new(id, "I", format!("t{n}")))
                .collect();
            let mut expected = tasks.clone();
            expected.sort_by_key(|t| t.id);
            let mut b = Board::for_tests(tasks);
            b.sort_tasks();
            assert_eq!(b.tasks, expected, "round {round}: {shuffled:?}");
        }
    }

    #[test]
    fn moving_to_the_same_status_changes_nothing() {
        let mut b = board();
        assert_eq!(
            b.set_status(2, Status::Done, day("2024-01-01")),
            Some(vec![])
        );
        assert_eq!(b, board());
        assert_eq!(b.set_status(99, Status::Done, day("2024-01-01")), None);
    }

    #[test]
    fn lead_units_split_joint_leads_and_list_each_unit_once() {
        let led = |id, lead: &str| Task {
            lead: lead.into(),
            ..task(id, Status::Planned)
        };
        let b = Board::for_tests(vec![
            led(1, "Văn phòng Sở"),
            led(2, "Thanh tra Sở"),
            led(3, "Văn phòng Sở; Các đơn vị trực thuộc Sở"),
            led(4, ""),
            led(5, " Thanh tra Sở "),
        ]);
        assert_eq!(
            b.lead_units(),
            ["Văn phòng Sở", "Thanh tra Sở", "Các đơn vị trực thuộc Sở"]
        );
    }

    #[test]
    fn next_task_id_never_wraps() {
        let mut b = board();
        assert_eq!(b.next_task_id(0), Some(3));
        assert_eq!(b.next_task_id(9), Some(10));
        b.tasks[1].id = u32::MAX;
        assert_eq!(b.next_task_id(0), None);
        assert_eq!(Board::for_tests(vec![]).next_task_id(u32::MAX), None);
    }

    #[test]
    fn comparators() {
        assert!(Comparator::MoreThan.is_met(70.5, 70.0));
        assert!(!Comparator::MoreThan.is_met(70.0, 70.0));
        assert!(Comparator::AtLeast.is_met(100.0, 100.0));
        assert!(Comparator::AtMost.is_met(3.0, 3.0));
        assert!(!Comparator::LessThan.is_met(3.0, 3.0));
    }
}
