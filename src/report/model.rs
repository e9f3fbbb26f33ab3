//! The report's figures, computed once from the board and a window. Every
//! renderer lays out this struct and nothing else: a renderer that counted
//! for itself would sooner or later disagree with another.
//!
//! What a task's state was on the window's last day comes from
//! [`super::as_of::task_state`] alone.

use super::as_of::{TaskState, task_state};
use super::period::{Kind, Period};
use crate::domain::{Board, Comparator, Shared, Task, Unit};
use crate::schedule::Column;
use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

/// Dates as `YYYY-MM-DD` in JSON.
mod iso {
    use chrono::NaiveDate;
    use serde::Serializer;

    pub fn date<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&d.format("%Y-%m-%d"))
    }

    pub fn opt<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => date(d, s),
            None => s.serialize_none(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub plan: PlanInfo,
    pub period: PeriodInfo,
    /// The day the report is made (the run's today): the date line.
    #[serde(serialize_with = "iso::date")]
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
    /// Every task, in plan order: the appendix table.
    pub appendix: Vec<TaskLine>,
    /// Done tasks (cumulative) at the end of each week of the window, from
    /// the `completed` dates: the HTML chart.
    pub weekly: Vec<WeekPoint>,
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaReport {
    pub code: String,
    pub title: String,
    pub totals: Totals,
    /// Done with a completion day inside the window.
    pub done_in_period: Vec<TaskLine>,
    pub in_progress: Vec<TaskLine>,
    /// Most overdue first.
    pub overdue: Vec<TaskLine>,
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskLine {
    pub id: u32,
    /// The task's texts, shared with the board (not copied: at 100,000
    /// tasks the copies were 35 MB of the report's peak).
    pub area: Shared,
    pub title: Shared,
    pub output: Shared,
    pub lead: Shared,
    pub support: Shared,
    pub timeframe: Shared,
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
    pub extension_reason: Option<String>,
    /// Document references (văn bản chứng minh): the task's and its log's.
    pub evidence: Vec<crate::domain::Evidence>,
    /// The progress-log entries dated in the window: what was done in the
    /// period (above all for the ongoing tasks).
    pub log: Vec<crate::domain::LogEntry>,
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextPeriod {
    #[serde(serialize_with = "iso::date")]
    pub from: NaiveDate,
    #[serde(serialize_with = "iso::date")]
    pub to: NaiveDate,
    /// Not done on the as-of day, deadline inside the next window; soonest first.
    pub tasks: Vec<TaskLine>,
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

fn line(task: &Task, s: &TaskState, rules: &crate::schedule::Rules, period: &Period) -> TaskLine {
    let state = match s.column {
        Column::Done => State::Done,
        Column::InProgress => State::InProgress,
        Column::Planned => State::NotYetDue,
        Column::Overdue => State::Overdue,
    };
    let from_timeframe = crate::schedule::planned_deadline(task, rules);
    let extended_to = task
        .due
        .filter(|due| from_timeframe.is_some_and(|tf| *due > tf));
    TaskLine {
        id: task.id,
        area: task.area.clone(),
        title: task.title.clone(),
        output: task.output.clone(),
        lead: task.lead.clone(),
        support: task.support.clone(),
        timeframe: task.timeframe.clone(),
        state,
        deadline: s.deadline,
        planned_deadline: from_timeframe,
        extended_to,
        completed: s.done_on,
        days_overdue: s.days_overdue,
        days_late: s.days_late,
        extension_reason: extended_to.and(task.due_reason.clone()),
        evidence: task.all_evidence().cloned().collect(),
        log: task
            .log
            .iter()
            .filter(|e| period.contains(e.date))
            .cloned()
            .collect(),
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
/// has not ended yet (`current`).
pub fn build(board: &Board, period: &Period, today: NaiveDate) -> Report {
    let current = today < period.to;
    let as_of = if current {
        today.max(period.from)
    } else {
        period.to
    };
    let rules = crate::schedule::Rules::of(board);
    let states: Vec<(&Task, TaskState)> = board
        .tasks
        .iter()
        .map(|t| (t, task_state(t, &rules, as_of)))
        .collect();

    let all = totals(states.iter().map(|(t, s)| (*t, s)), period);
    let areas = board
        .areas
        .iter()
        .map(|area| {
            let mine: Vec<_> = states
                .iter()
                .filter(|(t, _)| *t.area == *area.code)
                .collect();
            let pick = |f: &dyn Fn(&TaskState) -> bool| -> Vec<TaskLine> {
                mine.iter()
                    .filter(|(_, s)| f(s))
                    .map(|(t, s)| line(t, s, &rules, period))
                    .collect()
            };
            let mut overdue = pick(&|s| s.column == Column::Overdue);
            overdue.sort_by(|a, b| b.days_overdue.cmp(&a.days_overdue).then(a.id.cmp(&b.id)));
            AreaReport {
                code: area.code.clone(),
                title: area.title.clone(),
                totals: totals(mine.iter().map(|(t, s)| (*t, s)), period),
                done_in_period: pick(&|s| s.done_on.is_some_and(|d| period.contains(d))),
                in_progress: pick(&|s| s.column == Column::InProgress),
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
    let units = crate::figures::table(board, as_of, crate::figures::By::Lead)
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
        let mut tasks: Vec<TaskLine> = states
            .iter()
            .filter(|(_, s)| !s.is_done() && s.deadline.is_some_and(|d| from <= d && d <= to))
            .map(|(t, s)| line(t, s, &rules, period))
            .collect();
        tasks.sort_by_key(|l| (l.deadline, l.id));
        NextPeriod { from, to, tasks }
    });

    let mut notes = Notes::default();
    for (t, s) in &states {
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

    let (issuing_body, parent_authority, place) = header_names(&board.plan.organisation);
    Report {
        plan: PlanInfo {
            title: board.plan.title.clone(),
            organisation: board.plan.organisation.clone(),
            issuing_body,
            parent_authority,
            place,
            reference_suffix: reference_suffix(&board.plan.document),
            document: board.plan.document.clone(),
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
        appendix: states
            .iter()
            .map(|(t, s)| line(t, s, &rules, period))
            .collect(),
        weekly: weekly(&states, &board.areas, period.from, as_of),
    }
}

/// Cumulative done-in-window counts at each week's end (Sundays), the last
/// point on the as-of day.
/// Done in the window week by week, in all and per area: each task as the
/// as-of rule has it on the report's day (its `completed` date, which the
/// history confirms or corrects: a date recorded later for earlier work
/// counts on that earlier week).
fn weekly(
    states: &[(&Task, TaskState)],
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
        .iter()
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
