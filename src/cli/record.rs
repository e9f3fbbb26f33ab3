//! `cchc log`, `cchc evidence`, `cchc target`: the year's record, added from
//! the command line. Each is an edit of the board in memory that returns the
//! lines saying what changed; [`super::commands`] loads, saves and prints.
//! Entries go in date order after the entries of their day, so a saved
//! board changes by the added lines only.

use super::words::Words;
use crate::domain::{Board, Document, Evidence, LogEntry, Measurement, Unit};
use crate::sanitize::terminal_safe;
use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

/// Text from the command line as the file keeps it: NFC, `\n` line ends, no
/// trailing blanks on a line, no blank lines around it.
pub fn tidy(s: &str) -> String {
    let s: String = s.nfc().collect();
    // Control characters (an escape sequence pasted in, a bell) become
    // spaces and invisible bidirectional overrides a visible mark, line by
    // line (`text::clean`): nothing typed reaches the file, a terminal or a
    // git diff as a control sequence.
    let lines: Vec<String> = s
        .split('\n')
        .map(|l| crate::text::clean(l.trim_end_matches(['\r', ' ', '\t'])))
        .map(|l| l.trim_end().to_owned())
        .collect();
    lines.join("\n").trim_matches('\n').trim().to_owned()
}

/// `--date`, or the day in effect; a day after the day in effect is refused
/// (the record would not exist yet on the day everything else is judged on,
/// and it is nearly always a mistyped year).
fn day_of(
    date: Option<NaiveDate>,
    today: NaiveDate,
    what: &str,
    w: &Words,
) -> Result<NaiveDate, String> {
    let day = date.unwrap_or(today);
    if day > today {
        return Err(w.error(
            w.err_after_as_of,
            &[("what", &what), ("date", &day), ("today", &today)],
        ));
    }
    Ok(day)
}

/// `#5 log: + 2024-04-10 first line`, later lines indented under it.
fn added(head: &str, what: &str) -> Vec<String> {
    let mut lines = what.split('\n');
    let first = lines.next().unwrap_or_default();
    let mut out = vec![format!("{head}: + {}", terminal_safe(first))];
    let pad = " ".repeat(crate::text::width(head) + 4);
    out.extend(lines.map(|l| format!("{pad}{}", terminal_safe(l))));
    out
}

/// Adds a log entry to task `id`.
pub fn log(
    board: &mut Board,
    id: u32,
    text: &str,
    date: Option<NaiveDate>,
    today: NaiveDate,
    w: &Words,
) -> Result<Vec<String>, String> {
    let text = tidy(text);
    if text.is_empty() {
        return Err(w.error(w.err_log_empty, &[]));
    }
    let date = day_of(date, today, "the log entry", w)?;
    let task = task_mut(board, id, w)?;
    task.add_log(LogEntry {
        date,
        text: text.clone(),
        evidence: vec![],
    });
    Ok(added(&format!("#{id} log"), &format!("{date} {text}")))
}

/// What `cchc evidence` was given.
#[derive(Debug, Default)]
pub struct EvidenceArgs {
    pub text: Option<String>,
    pub number: Option<String>,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub link: Option<String>,
}

impl EvidenceArgs {
    /// The evidence these arguments describe, or what is wrong with them.
    fn evidence(self, today: NaiveDate, w: &Words) -> Result<Evidence, String> {
        let EvidenceArgs {
            text,
            number,
            date,
            title,
            issuer,
            link,
        } = self;
        let document_given = number.is_some()
            || date.is_some()
            || title.is_some()
            || issuer.is_some()
            || link.is_some();
        if let Some(text) = text {
            if document_given {
                return Err(w.error(w.err_evidence_both, &[]));
            }
            let text = tidy(&text);
            if text.is_empty() {
                return Err(w.error(w.err_evidence_none, &[]));
            }
            return Ok(Evidence::Text(text));
        }
        if !document_given {
            return Err(w.error(w.err_evidence_none, &[]));
        }
        let missing: Vec<&str> = [
            ("--number", number.is_none()),
            ("--date", date.is_none()),
            ("--title", title.is_none()),
        ]
        .into_iter()
        .filter_map(|(flag, gone)| gone.then_some(flag))
        .collect();
        let (Some(number), Some(date), Some(title)) = (number, date, title) else {
            return Err(w.error(w.err_evidence_missing, &[("missing", &missing.join(", "))]));
        };
        let required = |flag: &str, what: &str, value: String| {
            let value = tidy(&value);
            if value.is_empty() {
                Err(w.error(
                    w.err_evidence_empty_field,
                    &[("field", &flag), ("what", &what)],
                ))
            } else {
                Ok(value)
            }
        };
        let number = required("--number", "number (số hiệu)", number)?;
        let title = required("--title", "title (trích yếu)", title)?;
        let optional = |v: Option<String>| v.map(|v| tidy(&v)).filter(|v| !v.is_empty());
        let date = day_of(Some(date), today, "the document", w)?;
        Ok(Evidence::Document(Document {
            number,
            date,
            title,
            issuer: optional(issuer),
            link: optional(link),
        }))
    }
}

/// Adds evidence to task `id` (at the end of its `evidence`).
pub fn evidence(
    board: &mut Board,
    id: u32,
    args: EvidenceArgs,
    today: NaiveDate,
    w: &Words,
) -> Result<Vec<String>, String> {
    let evidence = args.evidence(today, w)?;
    let task = task_mut(board, id, w)?;
    let cited = evidence.cite(w.cite_on);
    task.evidence.push(evidence);
    Ok(added(&format!("#{id} evidence"), &cited))
}

/// A value as officers write it: `58.97`, `58,97` (decimal comma), with or
/// without a trailing `%`. Returns the number and whether it had a `%`.
pub fn parse_value(s: &str) -> Option<(f64, bool)> {
    let t = s.trim();
    let (t, percent) = match t.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (t, false),
    };
    // One decimal separator at most; no thousands separators, exponents,
    // signs other than a leading minus, or words (`inf`, `nan`).
    let digits = t.strip_prefix('-').unwrap_or(t);
    let separators = digits.chars().filter(|c| matches!(c, '.' | ',')).count();
    let shaped = !digits.is_empty()
        && separators <= 1
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.ends_with(|c: char| c.is_ascii_digit());
    if !shaped {
        return None;
    }
    let value: f64 = t.replace(',', ".").parse().ok()?;
    value.is_finite().then_some((value, percent))
}

/// Records a measurement of target `id`.
pub fn target(
    board: &mut Board,
    id: &str,
    value: &str,
    date: Option<NaiveDate>,
    source: Option<&str>,
    today: NaiveDate,
    w: &Words,
) -> Result<Vec<String>, String> {
    let ids = || {
        let ids: Vec<String> = board
            .targets
            .iter()
            .map(|t| terminal_safe(&t.id).into_owned())
            .collect();
        if ids.is_empty() {
            "(none)".to_owned()
        } else {
            ids.join(", ")
        }
    };
    let wanted = id.trim();
    let at = board
        .targets
        .iter()
        .position(|t| t.id == wanted)
        .or_else(|| {
            board
                .targets
                .iter()
                .position(|t| t.id.eq_ignore_ascii_case(wanted))
        })
        .ok_or_else(|| {
            w.error(
                w.err_no_target,
                &[("id", &terminal_safe(wanted)), ("ids", &ids())],
            )
        })?;
    let (number, percent) = parse_value(value)
        .ok_or_else(|| w.error(w.err_target_value, &[("value", &terminal_safe(value))]))?;
    let t = &mut board.targets[at];
    if percent && t.unit == Unit::Count {
        return Err(w.error(w.err_target_percent, &[("id", &terminal_safe(&t.id))]));
    }
    if !t.unit.admits(number) {
        return Err(w.error(
            w.err_target_range,
            &[
                ("id", &terminal_safe(&t.id)),
                ("value", &terminal_safe(value)),
            ],
        ));
    }
    let date = day_of(date, today, "the measurement", w)?;
    let source = source.map(tidy).filter(|s| !s.is_empty());
    let mut lines = Vec::new();
    let head = format!("target {}", terminal_safe(&t.id));
    if let Some(old) = t.current {
        lines.push(format!("{head} current: {old} → (none)"));
    }
    let shown = match &source {
        Some(s) => format!("{date} {} ({s})", super::targets::number(number, t.unit, w)),
        None => format!("{date} {}", super::targets::number(number, t.unit, w)),
    };
    t.record(Measurement {
        date,
        value: number,
        source,
    });
    lines.extend(added(&format!("{head} measurements"), &shown));
    Ok(lines)
}

fn task_mut<'a>(
    board: &'a mut Board,
    id: u32,
    w: &Words,
) -> Result<&'a mut crate::domain::Task, String> {
    let missing = super::commands::no_such_task(board, id, w);
    board.tasks.iter_mut().find(|t| t.id == id).ok_or(missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_take_a_decimal_comma_or_point_and_a_percent_sign() {
        assert_eq!(parse_value("58,97"), Some((58.97, false)));
        assert_eq!(parse_value("58.97"), Some((58.97, false)));
        assert_eq!(parse_value(" 58,97% "), Some((58.97, true)));
        assert_eq!(parse_value("70 %"), Some((70.0, true)));
        assert_eq!(parse_value("12"), Some((12.0, false)));
        for bad in [
            "", "%", "1.234,5", "abc", "inf", "NaN", "1e3", ",5", "5,", "--1", "+1",
        ] {
            assert_eq!(parse_value(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn tidy_keeps_lines_and_drops_trailing_blanks() {
        assert_eq!(tidy("  a \r\nb\t\n\n"), "a\nb");
        assert_eq!(tidy("   "), "");
        assert_eq!(tidy("a\u{1b}[31mb\u{7}"), "a [31mb");
        assert!(!tidy("x\u{202e}y").contains('\u{202e}'));
    }
}
