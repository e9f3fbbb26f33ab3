//! `cchc check`: load and validate the board, print every warning (and, on
//! stderr, the error) as `FILE:LINE:COL: severity: message`, wrapped to the
//! terminal so that each message starts a line with its place in the file.

use super::context::{Exit, emit, err_line};
use super::words::{Words, fill};
use crate::domain::{Evidence, FieldPath, Problem, Severity, Status};
use crate::sanitize::terminal_safe;
use crate::schedule;
use crate::storage::{self, Examined, Located};
use chrono::NaiveDate;
use std::path::Path;

/// Continuation lines of a wrapped message start with this.
pub const INDENT: &str = "    ";

pub fn check(
    path: &Path,
    today: NaiveDate,
    out_width: usize,
    err_width: usize,
    w: &Words,
) -> Result<Exit, String> {
    let failed = |e: storage::LoadError| {
        err_line(wrap(&e.to_string(), err_width).trim_end());
        Ok(Exit::Error)
    };
    // Read so that the board and the file's text are not held together
    // (`storage::examine`).
    let file = match storage::examine(path) {
        Ok(f) => f,
        Err(e) => return failed(e),
    };
    // Known canonical, the file's warnings are placed by its layout
    // (`storage::layout`); the rest in one pass of the event parser.
    let noncanonical = file.first_noncanonical_line();
    let mut problems = undated_problems(&file);
    problems.extend(foreign_year_problems(&file));
    problems.extend(record_problems(&file, today));
    let b = file.board();
    let (tasks, areas, targets) = (b.tasks.len(), b.areas.len(), b.targets.len());
    let mut warnings = match file.locate(problems) {
        Ok(w) => w,
        Err(e) => return failed(e),
    };
    if let Some(line) = noncanonical {
        warnings.push(Located {
            severity: Severity::Warning,
            file: path.to_owned(),
            line: Some(line),
            column: None,
            path: None,
            message: "not in canonical form (comments, quoting, key order, line endings or a byte-order mark); the next save rewrites it: run `cchc fmt` and review `git diff`".into(),
        });
    }
    let mut out = String::new();
    for w in &warnings {
        out.push_str(&wrap(&w.to_string(), out_width));
    }
    let total = fill(
        w.check_ok,
        &[
            ("path", &path.display()),
            ("tasks", &tasks),
            ("areas", &areas),
            ("targets", &targets),
            ("n", &warnings.len()),
            ("warnings", &w.warnings(warnings.len())),
        ],
    );
    out.push_str(&wrap(&total, out_width));
    emit(&out)?;
    Ok(Exit::Ok)
}

/// `message` wrapped to `width` terminal columns at spaces, each line ending
/// in `\n`. Its first line keeps the `FILE:LINE:COL:` place whole (a word is
/// never split, not even at a hyphen, so `YYYY-MM-DD` and paths stay intact);
/// the other lines, and the lines of a multi-line message, are indented.
/// File-derived text is made terminal-safe.
pub fn wrap(message: &str, width: usize) -> String {
    let mut out = String::new();
    for (i, line) in message.lines().enumerate() {
        let line = terminal_safe(line);
        let first = if i == 0 { "" } else { INDENT };
        let opts = textwrap::Options::new(width.max(20))
            .initial_indent(first)
            .subsequent_indent(INDENT)
            .break_words(false)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        for part in textwrap::wrap(&line, &opts) {
            out.push_str(&part);
            out.push('\n');
        }
    }
    out
}

/// Tasks whose timeframe sets no date and that have no `due`: overdue checks
/// cannot see them, so `check` asks the officer to set one. Paths use the
/// file's task order, so the warning points at the task's own line.
fn undated_problems(file: &Examined) -> Vec<Problem> {
    let board = file.board();
    let rules = schedule::Rules::of(board);
    board
        .tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| schedule::deadline(t, &rules).is_none())
        .map(|(i, t)| {
            // A reporting duty ("chế độ thông tin, báo cáo") has the
            // reporting calendar's due days as its checkpoints.
            let reporting = crate::text::contains_folded(&t.title, "bao cao")
                && crate::text::contains_folded(&t.title, "che do");
            let or = if reporting {
                ", or `checkpoints: reports` to hold this reporting duty to the reporting calendar's due days"
            } else {
                ""
            };
            Problem::warning(
                FieldPath::item("tasks", file.file_index(t.id).unwrap_or(i), "timeframe"),
                format!(
                    "task {}: timeframe `{}` sets no deadline; add `due: YYYY-MM-DD` so overdue checks can see it{or}",
                    t.id, t.timeframe
                ),
            )
        })
        .collect()
}

/// Tasks whose timeframe names a year other than the plan year and the one
/// before (a board copied for a new year without moving its timeframes on:
/// `year: 2025` with `Quý I/2024` shows the task as overdue all year).
fn foreign_year_problems(file: &Examined) -> Vec<Problem> {
    let board = file.board();
    crate::plan::foreign_years(board)
        .into_iter()
        .map(|(id, year)| {
            // The loaded board's tasks are in id order: a search per task
            // (a board copied for a new year names every task; a scan each
            // was 7.7 s at 100,000 tasks).
            let i = board
                .tasks
                .binary_search_by_key(&id, |t| t.id)
                .unwrap_or_else(|_| unreachable!("foreign_years names tasks of the board"));
            let t = &board.tasks[i];
            Problem::warning(
                FieldPath::item("tasks", file.file_index(id).unwrap_or(i), "timeframe"),
                format!(
                    "task {id}: timeframe `{}` names {year}, but the plan year is {}; fix the timeframe (a board for a new year is made with `cchc rollover --year {}`, which moves every timeframe on)",
                    t.timeframe, board.plan.year, board.plan.year
                ),
            )
        })
        .collect()
}

/// The year's record judged against `today` (the `--as-of` day) and the
/// plan year: done tasks without evidence, and evidence, log entries and
/// measurements dated after today (they do not exist yet, so every figure
/// leaves them out: nearly always a mistyped date) or, for documents, before
/// the plan year. The plan year's record starts with its first report window
/// (the Q1 window opens on 15/12 of the year before by default), so a
/// document from before that day is not the year's work. Each problem points
/// at the entry's own line.
fn record_problems(file: &Examined, today: NaiveDate) -> Vec<Problem> {
    let board = file.board();
    let year = board.plan.year;
    let start = board
        .calendar()
        .dates(crate::domain::Report::Q1, year)
        .map(|d| d.from);
    let mut out = Vec::new();
    let document = |e: &Evidence, what: &str| -> Option<String> {
        let Evidence::Document(d) = e else {
            return None;
        };
        let number = terminal_safe(&d.number);
        if d.date > today {
            Some(format!(
                "{what}document {number} is dated {}, after the as-of day {today}: it does not count until then; fix the date",
                d.date
            ))
        } else {
            start.filter(|s| d.date < *s).map(|start| format!(
                "{what}document {number} is dated {}, before the plan year {year} (its record starts {start}, when the first report window opens): fix the date, or cite an older document the task relies on as text",
                d.date
            ))
        }
    };
    for (k, t) in board.tasks.iter().enumerate() {
        let i = file.file_index(t.id).unwrap_or(k);
        let id = t.id;
        if schedule::status_on(t, today) == Status::Done && t.all_evidence().next().is_none() {
            out.push(Problem::warning(
                FieldPath::item("tasks", i, "status"),
                format!(
                    "task {id} is done but has no evidence; PAR scoring needs a document: add one with `cchc evidence {id} --number N --date YYYY-MM-DD --title TEXT`"
                ),
            ));
        }
        for (j, e) in t.evidence.iter().enumerate() {
            if let Some(m) = document(e, &format!("task {id}: ")) {
                out.push(Problem::warning(
                    FieldPath::entry("tasks", i, "evidence", j, Some("date")),
                    m,
                ));
            }
        }
        for (j, entry) in t.log.iter().enumerate() {
            if entry.date > today {
                out.push(Problem::warning(
                    FieldPath::entry("tasks", i, "log", j, Some("date")),
                    format!(
                        "task {id}: log entry dated {}, after the as-of day {today}: it does not count until then; fix the date",
                        entry.date
                    ),
                ));
            }
            for e in &entry.evidence {
                if let Some(m) = document(e, &format!("task {id}: log entry of {}: ", entry.date)) {
                    out.push(Problem::warning(
                        FieldPath::entry("tasks", i, "log", j, Some("evidence")),
                        m,
                    ));
                }
            }
        }
    }
    for (i, target) in board.targets.iter().enumerate() {
        for (j, m) in target.measurements.iter().enumerate() {
            if m.date > today {
                out.push(Problem::warning(
                    FieldPath::entry("targets", i, "measurements", j, Some("date")),
                    format!(
                        "target `{}`: measurement dated {}, after the as-of day {today}: it does not count until then; fix the date",
                        terminal_safe(&target.id),
                        m.date
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::width;

    const MESSAGE: &str = "boards/so-xay-dung-nam-dinh-2024.yaml:141:14: warning: tasks[12].timeframe: task 13: timeframe `Theo quy định` sets no deadline; add `due: YYYY-MM-DD` so overdue checks can see it";

    #[test]
    fn wraps_to_the_width_with_the_place_first_and_indented_continuations() {
        let wrapped = wrap(MESSAGE, 80);
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines.len() > 1, "{wrapped}");
        assert!(lines[0].starts_with("boards/so-xay-dung-nam-dinh-2024.yaml:141:14: warning: "));
        for l in &lines {
            assert!(width(l) <= 80, "{l:?}");
        }
        for l in &lines[1..] {
            assert!(
                l.starts_with(INDENT) && !l[INDENT.len()..].starts_with(' '),
                "{l:?}"
            );
        }
        // Nothing lost: rejoined, it is the message.
        let rejoined = lines
            .iter()
            .map(|l| l.trim_start())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(rejoined, MESSAGE);
        assert!(wrapped.contains("`due: YYYY-MM-DD`"), "{wrapped}");
    }

    #[test]
    fn a_wide_terminal_gets_one_line_and_a_narrow_one_never_splits_the_place() {
        assert_eq!(wrap(MESSAGE, 300), format!("{MESSAGE}\n"));
        let narrow = wrap(MESSAGE, 30);
        assert!(
            narrow.starts_with("boards/so-xay-dung-nam-dinh-2024.yaml:141:14:\n"),
            "{narrow}"
        );
    }

    #[test]
    fn multi_line_messages_indent_their_later_lines_and_controls_are_escaped() {
        let wrapped = wrap("b.yaml:1: error: first\nsecond \u{1b}[2J line", 80);
        assert_eq!(
            wrapped,
            "b.yaml:1: error: first\n    second <U+001B>[2J line\n"
        );
    }
}
