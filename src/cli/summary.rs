//! `cchc summary`: per reform area (or per lead unit), the tasks, done on
//! time, done late, in progress, overdue and not yet due, and the on-time
//! rate; as a 79-column table in the interface language, or as JSON or CSV
//! (language-neutral). The counts come from [`crate::figures`].

use super::Format;
use super::words::{Words, fill};
use crate::domain::Board;
use crate::figures::{self, By, Row, Tally};
use crate::sanitize::{csv_safe, terminal_safe};
use crate::text::{fit, fit_right, truncate, width};
use chrono::NaiveDate;
use std::fmt::Write as _;

const LINE: usize = 79;

/// The summary in `format`.
pub fn summary(board: &Board, today: NaiveDate, by: By, format: Format, w: &Words) -> String {
    let rows = figures::table(board, today, by);
    match format {
        Format::Text => summary_text(board, today, by, &rows, w),
        Format::Json => summary_json(by, &rows),
        Format::Csv => summary_csv(by, &rows),
    }
}

fn key_name(by: By) -> &'static str {
    match by {
        By::Area => "area",
        By::Lead => "lead",
    }
}

fn cells(t: &Tally, w: &Words) -> [String; 7] {
    [
        t.tasks.to_string(),
        t.done_on_time.to_string(),
        t.done_late.to_string(),
        t.in_progress.to_string(),
        t.overdue.to_string(),
        t.not_yet_due.to_string(),
        t.on_time_rate()
            .map_or_else(|| "–".to_owned(), |r| w.percent(r)),
    ]
}

fn summary_text(board: &Board, today: NaiveDate, by: By, rows: &[Row], w: &Words) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", truncate(&terminal_safe(&board.plan.title), 80));
    let _ = writeln!(out, "{}", fill(w.as_of, &[("date", &w.date(today))]));
    // Counts up to four digits; the rate as wide as `100,00%`.
    let counts_w: Vec<usize> = w
        .head_counts
        .iter()
        .enumerate()
        .map(|(i, h)| width(h).max(if i == 6 { 7 } else { 4 }))
        .collect();
    let key_head = match by {
        By::Area => w.head_area,
        By::Lead => w.head_unit,
    };
    let key_w = LINE - counts_w.iter().map(|c| c + 1).sum::<usize>();
    let line = |key: &str, cells: &[String]| {
        let mut line = fit(key, key_w);
        for (cell, cw) in cells.iter().zip(&counts_w) {
            line.push(' ');
            line.push_str(&fit_right(cell, *cw));
        }
        line.trim_end().to_owned()
    };
    let heads: Vec<String> = w.head_counts.iter().map(|h| (*h).to_owned()).collect();
    let _ = writeln!(out, "{}", line(key_head, &heads));
    for row in rows {
        let key = match by {
            By::Area => {
                let title = board.area(&row.key).map_or("", |a| a.title.as_str());
                format!("{} {}", terminal_safe(&row.key), terminal_safe(title))
            }
            By::Lead => terminal_safe(&row.key).into_owned(),
        };
        let _ = writeln!(out, "{}", line(&key, &cells(&row.tally, w)));
    }
    let total = figures::total(board, today);
    let _ = writeln!(out, "{}", line(w.total, &cells(&total, w)));
    if total.done_undated > 0 {
        // A sentence, wrapped to the table's 80 columns.
        let text = fill(w.done_undated, &[("n", &total.done_undated)]);
        for l in textwrap::wrap(&text, 80) {
            let _ = writeln!(out, "{l}");
        }
    }
    let measured: Vec<_> = board
        .targets
        .iter()
        .filter_map(|t| t.reading(today).map(|r| (t, r.value)))
        .collect();
    let met = measured
        .iter()
        .filter(|(t, c)| t.comparator.is_met(*c, t.value))
        .count();
    if !board.targets.is_empty() {
        let line = fill(
            w.targets,
            &[
                ("n", &board.targets.len()),
                ("measured", &measured.len()),
                ("met", &met),
            ],
        );
        let _ = writeln!(out, "{line}");
    }
    debug_assert!(out.lines().all(|l| width(l) <= 80));
    out
}

/// A row of `summary --format json`: `area` or `lead` first, then the counts.
#[derive(serde::Serialize)]
struct JsonRow<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    area: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lead: Option<&'a str>,
    tasks: usize,
    done_on_time: usize,
    done_late: usize,
    /// Done without a `completed` date (neither on time nor late).
    done_undated: usize,
    in_progress: usize,
    overdue: usize,
    not_yet_due: usize,
    on_time_rate: Option<f64>,
}

fn summary_json(by: By, rows: &[Row]) -> String {
    let rows: Vec<JsonRow> = rows
        .iter()
        .map(|r| {
            let t = &r.tally;
            let key = Some(r.key.as_str());
            JsonRow {
                area: key.filter(|_| by == By::Area),
                lead: key.filter(|_| by == By::Lead),
                tasks: t.tasks,
                done_on_time: t.done_on_time,
                done_late: t.done_late,
                done_undated: t.done_undated,
                in_progress: t.in_progress,
                overdue: t.overdue,
                not_yet_due: t.not_yet_due,
                on_time_rate: t.on_time_rate(),
            }
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".to_owned());
    text.push('\n');
    text
}

fn summary_csv(by: By, rows: &[Row]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record([
        key_name(by),
        "tasks",
        "done_on_time",
        "done_late",
        "done_undated",
        "in_progress",
        "overdue",
        "not_yet_due",
        "on_time_rate",
    ]);
    for r in rows {
        let t = &r.tally;
        let rate = t
            .on_time_rate()
            .map_or_else(String::new, |x| format!("{x:.4}"));
        let _ = out.write_record([
            csv_safe(&r.key).into_owned(),
            t.tasks.to_string(),
            t.done_on_time.to_string(),
            t.done_late.to_string(),
            t.done_undated.to_string(),
            t.in_progress.to_string(),
            t.overdue.to_string(),
            t.not_yet_due.to_string(),
            rate,
        ]);
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}
