//! One task as a row of output: the JSON/CSV record and the 80-column text line.

use super::words::{Words, fill};
use crate::domain::Task;
use crate::figures::Timeliness;
use crate::sanitize::csv_safe;
use crate::sanitize::terminal_safe;
use crate::schedule::{Assessment, Column};
use crate::text::{fit, fit_right, width};
use crossterm::style::Stylize;
use serde::Serialize;

/// The record `list --format json|csv` and `overdue --format json|csv` print.
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
    /// `FILE#ID` of the task it continues, set by `cchc rollover`.
    pub carried_over: Option<&'a str>,
}

impl<'a> TaskRow<'a> {
    pub fn new(task: &'a Task, a: &Assessment, rules: &crate::schedule::Rules) -> Self {
        // Only a task done on the day asked about was on time or late.
        let timeliness = (a.column == Column::Done)
            .then(|| crate::figures::timeliness(task, rules))
            .flatten();
        TaskRow {
            id: task.id,
            area: &task.area,
            title: &task.title,
            output: &task.output,
            lead: &task.lead,
            support: &task.support,
            timeframe: &task.timeframe,
            budget: &task.budget,
            status: task.status.as_str(),
            due: a.deadline.map(|d| d.to_string()),
            state: a.column.as_str(),
            days_overdue: a.days_overdue,
            completed: task.completed.map(|d| d.to_string()),
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
            assignee: task.assignee.as_deref(),
            carried_over: task.carried_over.as_deref(),
        }
    }
}

pub fn to_json(rows: &[TaskRow]) -> String {
    // Rows are strings and numbers only; serialising cannot fail.
    let mut s = serde_json::to_string_pretty(rows).unwrap_or_else(|e| unreachable!("json: {e}"));
    s.push('\n');
    s
}

pub fn to_csv(rows: &[TaskRow]) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    if rows.is_empty() {
        // serde writes the header with the first record; an empty result still
        // gets one so scripts can rely on the columns.
        w.write_record([
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
            "state",
            "days_overdue",
            "completed",
            "on_time",
            "days_late",
            "assignee",
            "carried_over",
        ])
        .map_err(|e| e.to_string())?;
    }
    for r in rows {
        // Text as a spreadsheet must see it: no controls, no formulas.
        let t = [
            r.area,
            r.title,
            r.output,
            r.lead,
            r.support,
            r.timeframe,
            r.budget,
        ]
        .map(csv_safe);
        let assignee = r.assignee.map(csv_safe);
        let safe = TaskRow {
            area: &t[0],
            title: &t[1],
            output: &t[2],
            lead: &t[3],
            support: &t[4],
            timeframe: &t[5],
            budget: &t[6],
            assignee: assignee.as_deref(),
            due: r.due.clone(),
            completed: r.completed.clone(),
            ..*r
        };
        w.serialize(safe).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
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
