//! `cchc show ID`: every field of one task, labelled in the interface
//! language, wrapped to 80 columns, file-derived text made terminal-safe.

use super::words::{Words, fill};
use crate::domain::{Board, Task};
use crate::sanitize::terminal_safe;
use crate::schedule::{self, Column};
use crate::text::width;
use chrono::NaiveDate;

/// The text `show` prints for `task` of `board` as of `today`: the record
/// (log, evidence, measurements) as it stood that day.
pub fn show_text(board: &Board, task: &Task, today: NaiveDate, w: &Words) -> String {
    let rules = schedule::Rules::of(board);
    let a = schedule::assess(task, &rules, today);
    let f = &w.board.fields;
    // Every field, by name: a new one does not compile until `show` gives
    // it a place.
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
        due,
        due_reason,
        checkpoints,
        completed,
        assignee,
        notes,
        evidence,
        log,
        carried_over,
    } = task;
    let area_title = board
        .area(area)
        .map_or(String::new(), |a| format!(" {}", a.title));
    let planned = schedule::planned_deadline(task, &rules);
    let why = due_reason.as_deref();
    let deadline = match (a.deadline, *due) {
        (None, _) => w.deadline_none.to_owned(),
        (Some(d), Some(_)) => match planned {
            Some(p) if p != d => fill(
                w.deadline_moved,
                &[
                    ("planned", &w.date(p)),
                    ("due", &w.date(d)),
                    ("why", &why.unwrap_or(w.no_reason)),
                ],
            ),
            _ => match why {
                Some(why) => fill(w.deadline_set_why, &[("date", &w.date(d)), ("why", &why)]),
                None => fill(w.deadline_set, &[("date", &w.date(d))]),
            },
        },
        (Some(d), None) => fill(w.deadline_derived, &[("date", &w.date(d))]),
    };
    let state = match a.column {
        Column::Overdue => fill(
            w.overdue_state,
            &[("n", &a.days_overdue), ("status", &w.status(*status))],
        ),
        c => w.column(c).to_owned(),
    };
    let mut fields: Vec<(&str, String)> = vec![
        (f[0], format!("#{id}")),
        (f[1], format!("{area}{area_title}")),
        (f[2], title.to_string()),
        (f[3], output.to_string()),
        (f[4], lead.to_string()),
        (f[5], support.to_string()),
        (f[6], timeframe.to_string()),
        (f[7], budget.to_string()),
        (f[8], w.status(*status).to_owned()),
        (
            w.label_state,
            fill(
                w.state_as_of,
                &[("state", &state), ("date", &w.date(today))],
            ),
        ),
        (f[9], deadline),
    ];
    if let schedule::Timeframe::Checkpoints(days) = rules.timeframe(task) {
        let mut days: Vec<String> = days.iter().map(|&d| w.date(d)).collect();
        if checkpoints.is_some() {
            days.push(w.checkpoints_reports.to_owned());
        }
        fields.push((w.label_checkpoints, days.join(", ")));
    }
    if let Some(d) = completed {
        let when = w.board.timeliness(task, &rules);
        fields.push((f[10], format!("{} ({when})", w.date(*d))));
    }
    if let Some(s) = assignee {
        fields.push((f[11], s.clone()));
    }
    if let Some(n) = notes {
        fields.push((f[12], n.clone()));
    }
    // A document issued after the day asked about does not exist yet.
    let exists = |e: &&crate::domain::Evidence| e.date().is_none_or(|d| d <= today);
    for (i, e) in evidence.iter().filter(exists).enumerate() {
        fields.push((
            if i == 0 { f[13] } else { "" },
            format!("- {}", e.cite(w.cite_on)),
        ));
    }
    for (i, entry) in log.iter().filter(|e| e.date <= today).enumerate() {
        // The entry's later lines and its documents hang under its text.
        let mut value = format!("- {} ", w.date(entry.date));
        let hang = " ".repeat(width(&value));
        let text: Vec<&str> = entry.text.split('\n').collect();
        value.push_str(&text.join(&format!("\n{hang}")));
        for e in entry.evidence.iter().filter(exists) {
            value.push_str(&format!("\n{hang}· {}", e.cite(w.cite_on)));
        }
        fields.push((if i == 0 { w.label_log } else { "" }, value));
    }
    if let Some(s) = carried_over {
        fields.push((f[14], s.clone()));
    }
    for t in board.targets.iter().filter(|t| t.task == Some(*id)) {
        fields.push((
            w.label_target,
            format!(
                "{} {}",
                t.comparator.symbol(),
                super::targets::number(t.value, t.unit, w)
            ),
        ));
        for m in t.measurements.iter().filter(|m| m.date <= today) {
            let mut line = format!(
                "- {} {}",
                w.date(m.date),
                super::targets::number(m.value, t.unit, w)
            );
            if let Some(src) = &m.source {
                line.push_str(&format!(" ({src})"));
            }
            fields.push(("", line));
        }
        if let Some(c) = t.current
            && t.measurements.iter().all(|m| m.date > today)
        {
            fields.push((
                "",
                format!("- {} ({})", super::targets::number(c, t.unit, w), w.undated),
            ));
        }
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
