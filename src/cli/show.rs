//! `cchc show ID`: every field of one task, labelled in the interface
//! language, wrapped to 80 columns, file-derived text made terminal-safe.

use super::words::{Words, fill};
use crate::domain::{Board, Task, Unit};
use crate::sanitize::terminal_safe;
use crate::schedule::{self, Column};
use crate::text::width;
use chrono::NaiveDate;

/// The text `show` prints for `task` of `board` as of `today`.
pub fn show_text(board: &Board, task: &Task, today: NaiveDate, w: &Words) -> String {
    let rules = schedule::Rules::of(board);
    let a = schedule::assess(task, &rules, today);
    let f = &w.board.fields;
    let area = board
        .area(&task.area)
        .map_or(String::new(), |a| format!(" {}", a.title));
    let deadline = match (a.deadline, task.due) {
        (None, _) => w.deadline_none.to_owned(),
        (Some(d), Some(_)) => fill(w.deadline_set, &[("date", &w.date(d))]),
        (Some(d), None) => fill(w.deadline_derived, &[("date", &w.date(d))]),
    };
    let state = match a.column {
        Column::Overdue => fill(
            w.overdue_state,
            &[("n", &a.days_overdue), ("status", &w.status(task.status))],
        ),
        c => w.column(c).to_owned(),
    };
    let mut fields: Vec<(&str, String)> = vec![
        (f[0], format!("#{}", task.id)),
        (f[1], format!("{}{area}", task.area)),
        (f[2], task.title.clone()),
        (f[3], task.output.clone()),
        (f[4], task.lead.clone()),
        (f[5], task.support.clone()),
        (f[6], task.timeframe.clone()),
        (f[7], task.budget.clone()),
        (f[8], w.status(task.status).to_owned()),
        (
            w.label_state,
            fill(
                w.state_as_of,
                &[("state", &state), ("date", &w.date(today))],
            ),
        ),
        (f[9], deadline),
    ];
    if let schedule::Timeframe::Checkpoints(days) =
        schedule::timeframe::parse(&task.timeframe, board.plan.year)
    {
        let days: Vec<String> = days.iter().map(|&d| w.date(d)).collect();
        fields.push((w.label_checkpoints, days.join(", ")));
    }
    if let Some(d) = task.completed {
        let when = w.board.timeliness(task, &rules);
        fields.push((f[10], format!("{} ({when})", w.date(d))));
    }
    if let Some(s) = &task.assignee {
        fields.push((f[11], s.clone()));
    }
    if let Some(n) = &task.notes {
        fields.push((f[12], n.clone()));
    }
    for (i, e) in task.evidence.iter().enumerate() {
        fields.push((
            if i == 0 { f[13] } else { "" },
            format!("- {}", e.cite("·")),
        ));
    }
    if let Some(s) = &task.carried_over {
        fields.push((f[14], s.clone()));
    }
    for t in board.targets.iter().filter(|t| t.task == Some(task.id)) {
        let unit = match t.unit {
            Unit::Percent => "%",
            Unit::Count => "",
        };
        fields.push((
            w.label_target,
            format!("{} {}{unit}", t.comparator.symbol(), t.value),
        ));
    }
    let label_width = fields
        .iter()
        .map(|(l, _)| width(l))
        .max()
        .unwrap_or(0)
        .max(10);
    let indent = " ".repeat(label_width + 1);
    let opts = textwrap::Options::new(80).subsequent_indent(&indent);
    let mut out = String::new();
    for (label, value) in fields {
        for (i, para) in value.split('\n').enumerate() {
            let lead = if i == 0 {
                let pad = " ".repeat(label_width - width(label) + 1);
                format!("{label}{pad}")
            } else {
                indent.clone()
            };
            // Each line of a multi-line value on its own line; within a line,
            // nothing may reach the terminal raw.
            let para = terminal_safe(para.trim_end_matches('\r'));
            out.push_str(&textwrap::fill(&format!("{lead}{para}"), &opts));
            out.push('\n');
        }
    }
    out
}
