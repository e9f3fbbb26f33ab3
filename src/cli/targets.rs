//! `cchc targets`: the plan's measured targets with their value, the value
//! on the day asked about and whether it is met; as text in the interface
//! language or as JSON/CSV (language-neutral). The value is the latest
//! measurement dated on or before that day (a later one does not exist yet),
//! with its day and source; else an older board's undated `current`, with
//! `measured_on` and `source` null.

use super::Format;
use super::words::Words;
use crate::domain::{Board, Comparator, Reading, Target, Unit};
use crate::sanitize::{csv_safe, terminal_safe};
use crate::text::{fit, width};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write as _;

/// Where a target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    NotMet,
    NotMeasured,
}

/// One target as `targets --format json|csv` prints it.
#[derive(Debug, Serialize)]
struct Row<'a> {
    id: &'a str,
    section: &'a str,
    text: &'a str,
    comparator: Comparator,
    value: f64,
    unit: Unit,
    current: Option<f64>,
    measured_on: Option<String>,
    source: Option<&'a str>,
    status: Status,
}

/// Met, not met, or not measured on `day`, by the target's comparator.
pub fn status(t: &Target, reading: Option<&Reading>) -> Status {
    match reading {
        None => Status::NotMeasured,
        Some(r) if t.comparator.is_met(r.value, t.value) => Status::Met,
        Some(_) => Status::NotMet,
    }
}

fn row(t: &Target, day: NaiveDate) -> Row<'_> {
    let reading = t.reading(day);
    Row {
        id: &t.id,
        section: &t.section,
        text: &t.text,
        comparator: t.comparator,
        value: t.value,
        unit: t.unit,
        current: reading.as_ref().map(|r| r.value),
        measured_on: reading.as_ref().and_then(|r| r.date).map(|d| d.to_string()),
        source: reading.as_ref().and_then(|r| r.source),
        status: status(t, reading.as_ref()),
    }
}

/// A value as the language writes it: `58,97%` in Vietnamese, `58.97%`.
pub fn number(x: f64, unit: Unit, w: &Words) -> String {
    let n = if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        let s = format!("{x}");
        if w.lang == crate::app::Lang::Vi {
            s.replace('.', ",")
        } else {
            s
        }
    };
    match unit {
        Unit::Percent => format!("{n}%"),
        Unit::Count => n,
    }
}

/// The targets of `board` on `day` in `format`.
pub fn targets(board: &Board, day: NaiveDate, format: Format, w: &Words) -> Result<String, String> {
    match format {
        Format::Json => {
            let rows: Vec<Row> = board.targets.iter().map(|t| row(t, day)).collect();
            let mut s = serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?;
            s.push('\n');
            Ok(s)
        }
        Format::Csv => {
            let mut out = csv::Writer::from_writer(Vec::new());
            out.write_record([
                "id",
                "section",
                "text",
                "comparator",
                "value",
                "unit",
                "current",
                "measured_on",
                "source",
                "status",
            ])
            .map_err(|e| e.to_string())?;
            for t in &board.targets {
                let r = row(t, day);
                out.write_record([
                    csv_safe(r.id).into_owned(),
                    csv_safe(r.section).into_owned(),
                    csv_safe(r.text).into_owned(),
                    word(&r.comparator),
                    r.value.to_string(),
                    word(&r.unit),
                    r.current.map(|c| c.to_string()).unwrap_or_default(),
                    r.measured_on.unwrap_or_default(),
                    r.source.map(csv_safe).unwrap_or_default().into_owned(),
                    word(&r.status),
                ])
                .map_err(|e| e.to_string())?;
            }
            let bytes = out.into_inner().map_err(|e| e.to_string())?;
            String::from_utf8(bytes).map_err(|e| e.to_string())
        }
        Format::Text => {
            let mut out = String::new();
            let id_w = board
                .targets
                .iter()
                .map(|t| width(&t.id))
                .max()
                .unwrap_or(2)
                .max(2);
            for t in &board.targets {
                let goal = format!("{} {}", t.comparator.symbol(), number(t.value, t.unit, w));
                let reading = t.reading(day);
                let now = reading
                    .as_ref()
                    .map_or_else(|| "–".to_owned(), |r| number(r.value, t.unit, w));
                let state = w.target_status(status(t, reading.as_ref()));
                let mut head = format!("{} {goal:<7} {now:>6} {state}", fit(&t.id, id_w));
                if let Some(d) = reading.as_ref().and_then(|r| r.date) {
                    head.push_str(&format!(" ({})", w.date(d)));
                }
                let _ = writeln!(out, "{}", terminal_safe(&head));
                let opts = textwrap::Options::new(80)
                    .initial_indent("    ")
                    .subsequent_indent("    ");
                for line in textwrap::wrap(&terminal_safe(&t.text), opts) {
                    let _ = writeln!(out, "{line}");
                }
            }
            Ok(out)
        }
    }
}

/// The snake-case word serde writes for a field enum (`at_least`, `percent`).
fn word<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
