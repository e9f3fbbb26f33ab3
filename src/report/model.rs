//! The report's figures, computed once from the board and a window. Every
//! renderer lays out this struct and nothing else: a renderer that counted
//! for itself would sooner or later disagree with another.
//!
//! What a task's state was on the window's last day comes from
//! [`super::as_of::task_state`] alone.

use super::as_of::{TaskState, task_state};
use super::period::{Kind, Period};
use crate::domain::{Board, Comparator, Task, Unit};
use crate::schedule::Column;
use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

/// Dates as `YYYY-MM-DD` in JSON: `NaiveDate`'s own `Display`, which is
/// that form (`format("%Y-%m-%d")` wrote the same, parsing its pattern for
/// every date).
mod iso {
    use chrono::NaiveDate;
    use serde::Serializer;

    pub fn date<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    pub fn opt<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => date(d, s),
            None => s.serialize_none(),
        }
    }
}

/// The report: its figures, and the board's tasks with each one's state on
/// the as-of day.
///
/// The tasks are the board's own, moved in, not copied: a line of a list or
/// of the appendix is a view ([`TaskLine`]) of a task and its figures, made
/// when it is read. At 100,000 tasks the lines as values (the appendix, then
/// the same lines again in the areas' lists and the next period's) were 39
/// MB beside the board's 58 (issue 12: peak memory within 2× the file).
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub plan: PlanInfo,
    pub period: PeriodInfo,
    /// The day the report is made (the run's today): the date line.
    pub made_on: NaiveDate,
    pub totals: Totals,
    /// Per reform area, in plan order.
    pub areas: Vec<AreaReport>,
    pub targets: Vec<TargetLine>,
    /// Per lead unit, in the board's order of first appearance.
    pub units: Vec<UnitLine>,
    pub next_period: Option<NextPeriod>,
    /// Board notes for the sections the board cannot write itself.
    pub notes: Notes,
    /// Every task, in plan order (the appendix table): see
    /// [`Report::appendix`].
    tasks: Vec<Task>,
    /// `tasks[i]`'s figures on the as-of day.
    figures: Vec<Figures>,
    /// Done tasks (cumulative) at the end of each week of the window, from
    /// the `completed` dates: the HTML chart.
    pub weekly: Vec<WeekPoint>,
}

impl Report {
    /// Every task, in plan order: the appendix.
    pub fn appendix(&self) -> impl ExactSizeIterator<Item = TaskLine<'_>> + Clone {
        (0..self.tasks.len()).map(|i| self.line_at(i))
    }

    /// The lines of a list of this report (an area's, the next period's), in
    /// the list's order.
    pub fn lines<'a>(
        &'a self,
        list: &'a Lines,
    ) -> impl ExactSizeIterator<Item = TaskLine<'a>> + Clone {
        list.0.iter().map(|&i| self.line_at(i))
    }

    fn line_at(&self, i: usize) -> TaskLine<'_> {
        TaskLine::of(
            &self.tasks[i],
            &self.figures[i],
            (self.period.from, self.period.to),
        )
    }
}

/// The report as JSON: the figures, and each list's lines in full.
impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// A list's lines (the appendix: every task), serialised as they
        /// are made.
        struct Seq<'a>(&'a Report, Option<&'a Lines>);
        impl Serialize for Seq<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self.1 {
                    Some(list) => s.collect_seq(self.0.lines(list)),
                    None => s.collect_seq(self.0.appendix()),
                }
            }
        }
        #[derive(Serialize)]
        struct Area<'a> {
            code: &'a str,
            title: &'a str,
            totals: &'a Totals,
            done_in_period: Seq<'a>,
            in_progress: Seq<'a>,
            overdue: Seq<'a>,
        }
        #[derive(Serialize)]
        struct Next<'a> {
            #[serde(serialize_with = "iso::date")]
            from: NaiveDate,
            #[serde(serialize_with = "iso::date")]
            to: NaiveDate,
            tasks: Seq<'a>,
        }
        #[derive(Serialize)]
        struct Out<'a> {
            plan: &'a PlanInfo,
            period: &'a PeriodInfo,
            #[serde(serialize_with = "iso::date")]
            made_on: NaiveDate,
            totals: &'a Totals,
            areas: Vec<Area<'a>>,
            targets: &'a [TargetLine],
            units: &'a [UnitLine],
            next_period: Option<Next<'a>>,
            notes: &'a Notes,
            appendix: Seq<'a>,
            weekly: &'a [WeekPoint],
        }
        Out {
            plan: &self.plan,
            period: &self.period,
            made_on: self.made_on,
            totals: &self.totals,
            areas: self
                .areas
                .iter()
                .map(|a| Area {
                    code: &a.code,
                    title: &a.title,
                    totals: &a.totals,
                    done_in_period: Seq(self, Some(&a.done_in_period)),
                    in_progress: Seq(self, Some(&a.in_progress)),
                    overdue: Seq(self, Some(&a.overdue)),
                })
                .collect(),
            targets: &self.targets,
            units: &self.units,
            next_period: self.next_period.as_ref().map(|n| Next {
                from: n.from,
                to: n.to,
                tasks: Seq(self, Some(&n.tasks)),
            }),
            notes: &self.notes,
            appendix: Seq(self, None),
            weekly: &self.weekly,
        }
        .serialize(s)
    }
}

/// A list of the report's tasks (their places in the appendix): see
/// [`Report::lines`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lines(Vec<usize>);

impl Lines {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanInfo {
    pub title: String,
    pub organisation: String,
    /// The issuing body's own line of the header, upper case (`SỞ XÂY DỰNG`).
    pub issuing_body: String,
    /// The authority above it (`UBND TỈNH NAM ĐỊNH`), when the organisation
    /// names a province or city.
    pub parent_authority: Option<String>,
    /// The place of the date line (`Nam Định`).
    pub place: Option<String>,
    /// The report's reference suffix: `BC-SXD` from the plan's `/KH-SXD`.
    pub reference_suffix: String,
    /// The plan's reference (số hiệu).
    pub document: String,
    pub year: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodInfo {
    /// `2024-Q1`, `2024-H1`, `2024`, `2024-01-01_2024-02-15`.
    pub code: String,
    pub kind: Kind,
    pub year: i32,
    #[serde(serialize_with = "iso::date")]
    pub from: NaiveDate,
    #[serde(serialize_with = "iso::date")]
    pub to: NaiveDate,
    /// Calendar quarters rather than the official data windows.
    pub calendar: bool,
    /// The window has not ended: figures are as of `as_of` (today), not of
    /// its last day.
    pub current: bool,
    /// The day the figures are as of: `to`, or today for a current window.
    #[serde(serialize_with = "iso::date")]
    pub as_of: NaiveDate,
}

/// Counts over a set of tasks on the as-of day. `done + in_progress +
/// not_yet_due + overdue = tasks`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Totals {
    pub tasks: usize,
    pub done: usize,
    /// Done with a `completed` date inside the window.
    pub done_in_period: usize,
    pub done_on_time: usize,
    pub done_late: usize,
    /// In progress and not overdue.
    pub in_progress: usize,
    /// Planned (not started) and not overdue: not yet due, or no deadline.
    pub not_yet_due: usize,
    pub overdue: usize,
    /// Percentages of `tasks`, rounded to two decimals.
    pub done_pct: Option<f64>,
    pub in_progress_pct: Option<f64>,
    pub not_yet_due_pct: Option<f64>,
    pub overdue_pct: Option<f64>,
    /// `done_on_time` as a percentage of done tasks whose completion day is
    /// known (`None` when there are none).
    pub on_time_pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AreaReport {
    pub code: String,
    pub title: String,
    pub totals: Totals,
    /// Done with a completion day inside the window.
    pub done_in_period: Lines,
    pub in_progress: Lines,
    /// Most overdue first.
    pub overdue: Lines,
}

/// Where a task stood on the as-of day, for lists and the appendix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Done,
    InProgress,
    NotYetDue,
    Overdue,
}

/// A task's figures on the as-of day, kept beside it in the report.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Figures {
    state: State,
    deadline: Option<NaiveDate>,
    planned_deadline: Option<NaiveDate>,
    extended_to: Option<NaiveDate>,
    completed: Option<NaiveDate>,
    days_overdue: i64,
    days_late: Option<i64>,
}

/// A task as a line of the report: its texts (the board's, borrowed) and
/// its figures on the as-of day.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TaskLine<'a> {
    pub id: u32,
    pub area: &'a str,
    pub title: &'a str,
    pub output: &'a str,
    pub lead: &'a str,
    pub support: &'a str,
    pub timeframe: &'a str,
    pub state: State,
    #[serde(serialize_with = "iso::opt")]
    pub deadline: Option<NaiveDate>,
    /// The deadline the plan's timeframe sets (before any extension).
    #[serde(serialize_with = "iso::opt")]
    pub planned_deadline: Option<NaiveDate>,
    /// The board's `due` when it moves the timeframe's deadline later: an
    /// extension (gia hạn).
    #[serde(serialize_with = "iso::opt")]
    pub extended_to: Option<NaiveDate>,
    #[serde(serialize_with = "iso::opt")]
    pub completed: Option<NaiveDate>,
    pub days_overdue: i64,
    /// Days after the deadline it was done (0 = on time); `None` unless done
    /// on a known day.
    pub days_late: Option<i64>,
    /// Why the deadline was extended (`due_reason`), when it was.
    pub extension_reason: Option<&'a str>,
    /// Document references (văn bản chứng minh): the task's and its log's.
    pub evidence: EvidenceList<'a>,
    /// The progress-log entries dated in the window: what was done in the
    /// period (above all for the ongoing tasks).
    pub log: WindowLog<'a>,
}

impl<'a> TaskLine<'a> {
    fn of(task: &'a Task, f: &Figures, (from, to): (NaiveDate, NaiveDate)) -> Self {
        TaskLine {
            id: task.id,
            area: &task.area,
            title: &task.title,
            output: &task.output,
            lead: &task.lead,
            support: &task.support,
            timeframe: &task.timeframe,
            state: f.state,
            deadline: f.deadline,
            planned_deadline: f.planned_deadline,
            extended_to: f.extended_to,
            completed: f.completed,
            days_overdue: f.days_overdue,
            days_late: f.days_late,
            extension_reason: f.extended_to.and(task.due_reason.as_deref()),
            evidence: EvidenceList(task),
            log: WindowLog { task, from, to },
        }
    }
}

/// A task's documents: its own, then its log entries' (a JSON list).
#[derive(Debug, Clone, Copy)]
pub struct EvidenceList<'a>(&'a Task);

impl<'a> EvidenceList<'a> {
    pub fn iter(&self) -> impl Iterator<Item = &'a crate::domain::Evidence> + 'a {
        self.0.all_evidence()
    }
}

impl Serialize for EvidenceList<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// A task's log entries dated inside the window (a JSON list).
#[derive(Debug, Clone, Copy)]
pub struct WindowLog<'a> {
    task: &'a Task,
    from: NaiveDate,
    to: NaiveDate,
}

impl<'a> WindowLog<'a> {
    pub fn iter(&self) -> impl Iterator<Item = &'a crate::domain::LogEntry> + 'a {
        let (from, to) = (self.from, self.to);
        self.task
            .log
            .iter()
            .filter(move |e| from <= e.date && e.date <= to)
    }

    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

impl Serialize for WindowLog<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    Met,
    NotMet,
    NotMeasured,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetLine {
    pub id: String,
    pub section: String,
    pub text: String,
    pub comparator: Comparator,
    pub value: f64,
    pub unit: Unit,
    /// The value on the report's day: the latest measurement dated on or
    /// before it (or an undated `current`).
    pub current: Option<f64>,
    /// The measurement's day; `None` when undated or not measured.
    #[serde(serialize_with = "iso::opt")]
    pub measured_on: Option<NaiveDate>,
    pub source: Option<String>,
    pub status: TargetStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitLine {
    pub unit: String,
    pub tasks: usize,
    pub done: usize,
    pub done_on_time: usize,
    pub done_late: usize,
    pub overdue: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NextPeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Not done on the as-of day, deadline inside the next window; soonest first.
    pub tasks: Lines,
}

/// The board's notes, sorted into the sections a person writes.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Notes {
    /// Notes of tasks done on the as-of day: material for the assessment.
    pub assessment: Vec<Note>,
    /// Notes of tasks overdue or in progress: material for the difficulties.
    pub difficulties: Vec<Note>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub task: u32,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekPoint {
    /// The week's last day (Sunday, or the as-of day for the last week).
    #[serde(serialize_with = "iso::date")]
    pub end: NaiveDate,
    /// Tasks done (completed on or before `end`) since the window began.
    pub done_in_period: usize,
    /// The same per reform area, in plan order (`Report::areas`' order).
    pub by_area: Vec<usize>,
}

/// Two-decimal percentage of `n` in `total`.
fn pct(n: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| {
        #[allow(clippy::cast_precision_loss)]
        let p = n as f64 * 100.0 / total as f64;
        (p * 100.0).round() / 100.0
    })
}

fn totals<'a>(states: impl Iterator<Item = (&'a Task, &'a TaskState)>, period: &Period) -> Totals {
    let mut t = Totals::default();
    let mut known = 0;
    for (_, s) in states {
        t.tasks += 1;
        match s.column {
            Column::Done => {
                t.done += 1;
                if s.done_on.is_some_and(|d| period.contains(d)) {
                    t.done_in_period += 1;
                }
                if s.done_on.is_some() {
                    known += 1;
                }
                if s.on_time() {
                    t.done_on_time += 1;
                }
                if s.late() {
                    t.done_late += 1;
                }
            }
            Column::InProgress => t.in_progress += 1,
            Column::Planned => t.not_yet_due += 1,
            Column::Overdue => t.overdue += 1,
        }
    }
    t.done_pct = pct(t.done, t.tasks);
    t.in_progress_pct = pct(t.in_progress, t.tasks);
    t.not_yet_due_pct = pct(t.not_yet_due, t.tasks);
    t.overdue_pct = pct(t.overdue, t.tasks);
    t.on_time_pct = pct(t.done_on_time, known);
    t
}

fn figures_of(task: &Task, s: &TaskState, rules: &crate::schedule::Rules) -> Figures {
    let state = match s.column {
        Column::Done => State::Done,
        Column::InProgress => State::InProgress,
        Column::Planned => State::NotYetDue,
        Column::Overdue => State::Overdue,
    };
    let from_timeframe = crate::schedule::planned_deadline(task, rules);
    Figures {
        state,
        deadline: s.deadline,
        planned_deadline: from_timeframe,
        extended_to: task
            .due
            .filter(|due| from_timeframe.is_some_and(|tf| *due > tf)),
        completed: s.done_on,
        days_overdue: s.days_overdue,
        days_late: s.days_late,
    }
}

/// The header's names from the plan's organisation: `Sở Xây dựng tỉnh Nam
/// Định` → issuing body `SỞ XÂY DỰNG`, parent authority `UBND TỈNH NAM
/// ĐỊNH`, place `Nam Định`. An organisation without `tỉnh`/`thành phố` is
/// the issuing body as a whole, with neither a parent nor a place.
fn header_names(organisation: &str) -> (String, Option<String>, Option<String>) {
    let org = organisation.trim();
    for (marker, parent) in [(" tỉnh ", "UBND TỈNH"), (" thành phố ", "UBND THÀNH PHỐ")] {
        if let Some(i) = org.find(marker) {
            let body = org[..i].trim();
            let place = org[i + marker.len()..].trim();
            if !body.is_empty() && !place.is_empty() {
                return (
                    body.to_uppercase(),
                    Some(format!("{parent} {}", place.to_uppercase())),
                    Some(place.to_owned()),
                );
            }
        }
    }
    (org.to_uppercase(), None, None)
}

/// `BC-SXD` from a plan reference holding `/KH-SXD`; `BC` without one.
fn reference_suffix(document: &str) -> String {
    document
        .split_once("/KH-")
        .map(|(_, rest)| {
            rest.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-')
                .collect::<String>()
        })
        .filter(|s| !s.is_empty())
        .map_or_else(|| "BC".to_owned(), |s| format!("BC-{s}"))
}

/// Computes the report of `board` for `period` on `today` (the run's day).
/// The figures are as of the window's last day, or of today when the window
/// has not ended yet (`current`). The board's tasks become the report's (a
/// caller that keeps the board passes a clone).
pub fn build(board: Board, period: &Period, today: NaiveDate) -> Report {
    let current = today < period.to;
    let as_of = if current {
        today.max(period.from)
    } else {
        period.to
    };
    let rules = crate::schedule::Rules::of(&board);
    let states: Vec<TaskState> = board
        .tasks
        .iter()
        .map(|t| task_state(t, &rules, as_of))
        .collect();
    let pairs = || board.tasks.iter().zip(&states);
    let pick = |f: &dyn Fn(&Task, &TaskState) -> bool| -> Lines {
        Lines(
            pairs()
                .enumerate()
                .filter(|(_, (t, s))| f(t, s))
                .map(|(i, _)| i)
                .collect(),
        )
    };

    let all = totals(pairs(), period);
    let areas = board
        .areas
        .iter()
        .map(|area| {
            let mine = |t: &Task| *t.area == *area.code;
            let mut overdue = pick(&|t, s| mine(t) && s.column == Column::Overdue);
            overdue.0.sort_by(|&a, &b| {
                let key = |i: usize| (std::cmp::Reverse(states[i].days_overdue), board.tasks[i].id);
                key(a).cmp(&key(b))
            });
            AreaReport {
                code: area.code.clone(),
                title: area.title.clone(),
                totals: totals(pairs().filter(|(t, _)| mine(t)), period),
                done_in_period: pick(&|t, s| {
                    mine(t) && s.done_on.is_some_and(|d| period.contains(d))
                }),
                in_progress: pick(&|t, s| mine(t) && s.column == Column::InProgress),
                overdue,
            }
        })
        .collect();

    let targets = board
        .targets
        .iter()
        .map(|t| {
            let reading = t.reading(as_of);
            TargetLine {
                id: t.id.clone(),
                section: t.section.clone(),
                text: t.text.clone(),
                comparator: t.comparator,
                value: t.value,
                unit: t.unit,
                current: reading.as_ref().map(|r| r.value),
                measured_on: reading.as_ref().and_then(|r| r.date),
                source: reading.as_ref().and_then(|r| r.source.map(str::to_owned)),
                status: match &reading {
                    None => TargetStatus::NotMeasured,
                    Some(r) if t.comparator.is_met(r.value, t.value) => TargetStatus::Met,
                    Some(_) => TargetStatus::NotMet,
                },
            }
        })
        .collect();

    // The per-unit table is `cchc summary --by lead`'s, as of the same day.
    let units = crate::figures::table(&board, as_of, crate::figures::By::Lead)
        .into_iter()
        .map(|row| UnitLine {
            unit: row.key,
            tasks: row.tally.tasks,
            done: row.tally.done(),
            done_on_time: row.tally.done_on_time,
            done_late: row.tally.done_late,
            overdue: row.tally.overdue,
        })
        .collect();

    let next_period = period.next_window(&board.calendar()).map(|(from, to)| {
        let mut tasks =
            pick(&|_, s| !s.is_done() && s.deadline.is_some_and(|d| from <= d && d <= to));
        tasks
            .0
            .sort_by_key(|&i| (states[i].deadline, board.tasks[i].id));
        NextPeriod { from, to, tasks }
    });

    let mut notes = Notes::default();
    for (t, s) in pairs() {
        let Some(text) = t.notes.as_deref().filter(|n| !n.trim().is_empty()) else {
            continue;
        };
        let note = Note {
            task: t.id,
            title: t.title.to_string(),
            text: text.to_owned(),
        };
        match s.column {
            Column::Done => notes.assessment.push(note),
            Column::Overdue | Column::InProgress => notes.difficulties.push(note),
            Column::Planned => {}
        }
    }

    let weekly = weekly(pairs(), &board.areas, period.from, as_of);
    let figures = pairs().map(|(t, s)| figures_of(t, s, &rules)).collect();
    drop(states);
    let (issuing_body, parent_authority, place) = header_names(&board.plan.organisation);
    Report {
        plan: PlanInfo {
            issuing_body,
            parent_authority,
            place,
            reference_suffix: reference_suffix(&board.plan.document),
            title: board.plan.title,
            organisation: board.plan.organisation,
            document: board.plan.document,
            year: board.plan.year,
        },
        period: PeriodInfo {
            code: period.code(),
            kind: period.kind,
            year: period.year,
            from: period.from,
            to: period.to,
            calendar: period.calendar,
            current,
            as_of,
        },
        made_on: today,
        totals: all,
        areas,
        targets,
        units,
        next_period,
        notes,
        tasks: board.tasks,
        figures,
        weekly,
    }
}

/// Cumulative done-in-window counts at each week's end (Sundays), the last
/// point on the as-of day.
/// Done in the window week by week, in all and per area: each task as the
/// as-of rule has it on the report's day (its `completed` date, which the
/// history confirms or corrects: a date recorded later for earlier work
/// counts on that earlier week).
fn weekly<'a>(
    states: impl Iterator<Item = (&'a Task, &'a TaskState)>,
    areas: &[crate::domain::Area],
    from: NaiveDate,
    as_of: NaiveDate,
) -> Vec<WeekPoint> {
    let area_of: std::collections::HashMap<&str, usize> = areas
        .iter()
        .enumerate()
        .map(|(i, a)| (a.code.as_str(), i))
        .collect();
    let mut days: Vec<(NaiveDate, Option<usize>)> = states
        .filter_map(|(t, s)| s.done_on.map(|d| (d, area_of.get(&*t.area).copied())))
        .filter(|(d, _)| from <= *d && *d <= as_of)
        .collect();
    days.sort();
    let mut out = Vec::new();
    let to_sunday = u64::from(6 - from.weekday().num_days_from_monday());
    let mut end = from.checked_add_days(Days::new(to_sunday)).unwrap_or(as_of);
    loop {
        let e = end.min(as_of);
        let mut by_area = vec![0; areas.len()];
        for (_, a) in days.iter().filter(|(d, _)| *d <= e) {
            if let Some(a) = a {
                by_area[*a] += 1;
            }
        }
        out.push(WeekPoint {
            end: e,
            done_in_period: days.iter().filter(|(d, _)| *d <= e).count(),
            by_area,
        });
        if e >= as_of {
            break;
        }
        match end.checked_add_days(Days::new(7)) {
            Some(n) => end = n,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JSON date is `YYYY-MM-DD`, zero-padded, for any year a board holds.
    #[test]
    fn json_dates_are_iso_dates() {
        #[derive(Serialize)]
        struct Day(#[serde(serialize_with = "iso::date")] NaiveDate);
        for (y, m, d, text) in [
            (2024, 3, 14, "\"2024-03-14\""),
            (999, 1, 5, "\"0999-01-05\""),
            (9999, 12, 31, "\"9999-12-31\""),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d).expect("a date");
            assert_eq!(serde_json::to_string(&Day(day)).expect("json"), text);
        }
    }

    #[test]
    fn header_names_from_the_organisation() {
        let (body, parent, place) = header_names("Sở Xây dựng tỉnh Nam Định");
        assert_eq!(body, "SỞ XÂY DỰNG");
        assert_eq!(parent.as_deref(), Some("UBND TỈNH NAM ĐỊNH"));
        assert_eq!(place.as_deref(), Some("Nam Định"));
        let (body, parent, _) = header_names("Sở Nội vụ thành phố Hà Nội");
        assert_eq!(
            (body.as_str(), parent.as_deref()),
            ("SỞ NỘI VỤ", Some("UBND THÀNH PHỐ HÀ NỘI"))
        );
        assert_eq!(header_names("o"), ("O".to_owned(), None, None));
    }

    #[test]
    fn reference_suffix_from_the_plan() {
        assert_eq!(
            reference_suffix("Kế hoạch số …/KH-SXD ngày … tháng 12"),
            "BC-SXD"
        );
        assert_eq!(reference_suffix("d"), "BC");
    }

    #[test]
    fn percentages_round_to_two_decimals() {
        assert_eq!(pct(23, 39), Some(58.97));
        assert_eq!(pct(0, 0), None);
        assert_eq!(pct(1, 3), Some(33.33));
    }
}
