//! One task as a row of output: the JSON/CSV record and the 80-column text line.

use super::words::{Words, fill};
use crate::domain::{Evidence, Task};
use crate::figures::Timeliness;
use crate::sanitize::csv_safe;
use crate::sanitize::terminal_safe;
use crate::schedule::{Assessment, Column};
use crate::text::{fit, fit_right, width};
use chrono::NaiveDate;
use crossterm::style::Stylize;
use serde::Serialize;

/// The record `list`, `overdue` and `due --format json` print.
#[derive(Debug, Serialize)]
pub struct TaskRow<'a> {
    pub id: u32,
    pub area: &'a str,
    pub title: &'a str,
    pub output: &'a str,
    pub lead: &'a str,
    pub support: &'a str,
    pub timeframe: &'a str,
    pub budget: &'a str,
    /// The stored status: planned, in_progress, done.
    pub status: &'static str,
    /// The effective deadline, `YYYY-MM-DD`, or null.
    pub due: Option<String>,
    /// The plan's own deadline (from the timeframe or the reporting
    /// calendar), whatever `due` says; null when it sets none.
    pub planned_deadline: Option<String>,
    /// Why `due` moved the deadline.
    pub due_reason: Option<&'a str>,
    /// The board column: planned, in_progress, done, overdue.
    pub state: &'static str,
    pub days_overdue: i64,
    pub completed: Option<String>,
    /// For a done task with a completion date: completed by its effective
    /// deadline; null otherwise.
    pub on_time: Option<bool>,
    /// For a task done late: by how many days; 0 for one done on time; null
    /// when not done.
    pub days_late: Option<i64>,
    pub assignee: Option<&'a str>,
    pub notes: Option<&'a str>,
    /// The task's own evidence that exists on the day asked about: free
    /// text as a string, a document as `{number, date, title, issuer?,
    /// link?}`.
    pub evidence: Vec<&'a Evidence>,
    /// The progress log up to the day asked about, oldest first.
    pub log: Vec<LogRow<'a>>,
    /// `FILE#ID` of the task it continues, set by `cchc rollover`.
    pub carried_over: Option<&'a str>,
}

/// One progress-log entry in JSON: `{date, text, evidence}`.
#[derive(Debug, Serialize)]
pub struct LogRow<'a> {
    pub date: String,
    pub text: &'a str,
    pub evidence: Vec<&'a Evidence>,
}

/// Evidence that exists on `day`: free text always (it has no date), a
/// document issued on or before it.
fn exists_on(e: &Evidence, day: NaiveDate) -> bool {
    e.date().is_none_or(|d| d <= day)
}

impl<'a> TaskRow<'a> {
    /// The row of `task` assessed as `a` on `day`.
    pub fn new(
        task: &'a Task,
        a: &Assessment,
        rules: &crate::schedule::Rules,
        day: NaiveDate,
    ) -> Self {
        // Only a task done on the day asked about was on time or late.
        let timeliness = (a.column == Column::Done)
            .then(|| crate::figures::timeliness(task, rules))
            .flatten();
        let planned_deadline = crate::schedule::planned_deadline(task, rules);
        // Every field, by name: a new one does not compile until it is
        // given a place here (or deliberately left out, with a reason).
        let Task {
            id,
            area,
            title,
            output,
            lead,
            support,
            timeframe,
            budget,
            status,
            due: _, // the effective deadline, from the assessment
            due_reason,
            checkpoints: _, // shown through `due` and `planned_deadline`
            completed,
            assignee,
            notes,
            evidence,
            log,
            carried_over,
        } = task;
        TaskRow {
            id: *id,
            area,
            title,
            output,
            lead,
            support,
            timeframe,
            budget,
            status: status.as_str(),
            due: a.deadline.map(|d| d.to_string()),
            planned_deadline: planned_deadline.map(|d| d.to_string()),
            due_reason: due_reason.as_deref(),
            state: a.column.as_str(),
            days_overdue: a.days_overdue,
            completed: completed.map(|d| d.to_string()),
            on_time: timeliness.and_then(|t| match t {
                Timeliness::OnTime => Some(true),
                Timeliness::Late(_) => Some(false),
                Timeliness::Undated => None,
            }),
            days_late: timeliness.and_then(|t| match t {
                Timeliness::OnTime => Some(0),
                Timeliness::Late(n) => Some(n),
                Timeliness::Undated => None,
            }),
            assignee: assignee.as_deref(),
            notes: notes.as_deref(),
            evidence: evidence.iter().filter(|e| exists_on(e, day)).collect(),
            log: log
                .iter()
                .filter(|e| e.date <= day)
                .map(|e| LogRow {
                    date: e.date.to_string(),
                    text: &e.text,
                    evidence: e.evidence.iter().filter(|x| exists_on(x, day)).collect(),
                })
                .collect(),
            carried_over: carried_over.as_deref(),
        }
    }
}

/// The CSV columns, in order.
const CSV_COLUMNS: [&str; 22] = [
    "id",
    "area",
    "title",
    "output",
    "lead",
    "support",
    "timeframe",
    "budget",
    "status",
    "due",
    "planned_deadline",
    "due_reason",
    "state",
    "days_overdue",
    "completed",
    "on_time",
    "days_late",
    "assignee",
    "notes",
    "evidence",
    "log_entries",
    "carried_over",
];

/// A task row as CSV cells: text made spreadsheet-safe, evidence cited (as
/// the documents themselves cite: `12/KH-SXD ngày 05/01/2024: …`) and
/// joined by `; `, the log as its number of entries.
fn csv_cells(r: &TaskRow) -> [String; 22] {
    let text = |s: &str| csv_safe(s).into_owned();
    let opt = |s: Option<&str>| s.map(text).unwrap_or_default();
    let date = |d: &Option<String>| d.clone().unwrap_or_default();
    let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let evidence: Vec<String> = r.evidence.iter().map(|e| e.cite("ngày")).collect();
    [
        r.id.to_string(),
        text(r.area),
        text(r.title),
        text(r.output),
        text(r.lead),
        text(r.support),
        text(r.timeframe),
        text(r.budget),
        r.status.to_owned(),
        date(&r.due),
        date(&r.planned_deadline),
        opt(r.due_reason),
        r.state.to_owned(),
        r.days_overdue.to_string(),
        date(&r.completed),
        r.on_time.map(|b| b.to_string()).unwrap_or_default(),
        num(r.days_late),
        opt(r.assignee),
        opt(r.notes),
        text(&evidence.join("; ")),
        r.log.len().to_string(),
        opt(r.carried_over),
    ]
}

/// Writes the rows as CSV, its header first, to `out` as they are made.
pub fn write_csv<'a>(
    rows: impl IntoIterator<Item = TaskRow<'a>>,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    // The header even when there are no rows, so scripts can rely on it.
    w.write_record(CSV_COLUMNS)?;
    for r in rows {
        w.write_record(csv_cells(&r))?;
    }
    w.flush()
}

/// Which text table to print; the third column differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `list`: board column.
    List,
    /// `overdue`: days late.
    Overdue,
    /// `due`: days left.
    Due,
}

const LINE: usize = 80;
const LEAD: usize = 14;

/// The widths of a text table's columns in one language: wide enough for
/// the header and the widest value.
struct Widths {
    area: usize,
    third: usize,
}

fn widths(layout: Layout, w: &Words) -> Widths {
    let widest =
        |words: &mut dyn Iterator<Item = String>| words.map(|s| width(&s)).max().unwrap_or(0);
    let third = match layout {
        Layout::List => widest(&mut Column::ALL.iter().map(|c| w.column(*c).to_owned()))
            .max(width(w.head_state)),
        Layout::Overdue | Layout::Due => width(&fill(w.days_short, &[("n", &999)]))
            .max(width(w.due_today))
            .max(width(w.head_late))
            .max(width(w.head_left))
            .max(6),
    };
    Widths {
        area: width(w.head_area).max(4),
        third,
    }
}

/// The header line of a text table.
pub fn header(layout: Layout, w: &Words) -> String {
    let cols = widths(layout, w);
    let third = match layout {
        Layout::List => fit(w.head_state, cols.third),
        Layout::Overdue => fit_right(w.head_late, cols.third),
        Layout::Due => fit_right(w.head_left, cols.third),
    };
    let fixed = format!(
        "{} {} {third} {} {} ",
        fit_right(w.head_id, 3),
        fit(w.head_area, cols.area),
        fit(w.head_due, 10),
        fit(w.head_lead, LEAD)
    );
    format!("{fixed}{}\n", w.head_title)
}

/// One task as a text line of at most 80 columns; file-derived text is made
/// terminal-safe.
pub fn text_line(task: &Task, a: &Assessment, layout: Layout, colour: bool, w: &Words) -> String {
    let cols = widths(layout, w);
    let days = |n: i64| fill(w.days_short, &[("n", &n)]);
    let third = match layout {
        Layout::List => fit(w.column(a.column), cols.third),
        Layout::Overdue => fit_right(&days(a.days_overdue), cols.third),
        Layout::Due => fit_right(
            &match a.days_left {
                Some(0) => w.due_today.to_owned(),
                Some(d) => days(d),
                None => "-".to_owned(),
            },
            cols.third,
        ),
    };
    let due = a.deadline.map_or_else(|| "-".to_owned(), |d| w.date(d));
    let fixed = format!(
        "{} {} {third} {} {} ",
        fit_right(&task.id.to_string(), 3),
        fit(&terminal_safe(&task.area), cols.area),
        fit(&due, 10),
        fit(&terminal_safe(&task.lead), LEAD)
    );
    let title = fit(&terminal_safe(&task.title), LINE - width(&fixed));
    let line = format!("{fixed}{}", title.trim_end());
    format!("{}\n", paint(&line, a.column, colour))
}

fn paint(s: &str, column: Column, colour: bool) -> String {
    if !colour {
        return s.to_owned();
    }
    match column {
        Column::Overdue => s.red().to_string(),
        Column::Done => s.green().to_string(),
        Column::InProgress => s.yellow().to_string(),
        Column::Planned => s.to_owned(),
    }
}
