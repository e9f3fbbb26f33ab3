//! `cchc summary`: the per-area × column table, 79 columns wide, in the
//! interface language.

use super::words::{Words, fill};
use crate::domain::Board;
use crate::sanitize::terminal_safe;
use crate::schedule::{self, Column};
use crate::text::{fit, fit_right, truncate, width};
use chrono::NaiveDate;
use std::fmt::Write as _;

const LINE: usize = 79;

pub fn summary_text(board: &Board, today: NaiveDate, w: &Words) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", truncate(&terminal_safe(&board.plan.title), 80));
    let _ = writeln!(out, "{}", fill(w.as_of, &[("date", &w.date(today))]));
    // The count columns are headed by the board's column names.
    let heads: Vec<String> = Column::ALL
        .iter()
        .map(|c| w.board.column(*c).to_uppercase())
        .chain([w.head_total.to_owned()])
        .collect();
    let counts_w: Vec<usize> = heads.iter().map(|h| width(h).max(4)).collect();
    let area_w = width(w.head_area).max(4);
    let title_w = LINE - area_w - counts_w.iter().map(|c| c + 1).sum::<usize>() - 1;
    let row = |code: &str, title: &str, cells: &[String]| {
        let mut line = format!("{} {}", fit(code, area_w), fit(title, title_w));
        for (cell, cw) in cells.iter().zip(&counts_w) {
            line.push(' ');
            line.push_str(&fit_right(cell, *cw));
        }
        line.trim_end().to_owned()
    };
    let _ = writeln!(out, "{}", row(w.head_area, "", &heads));
    let assessed = schedule::assess_board(board, today);
    let mut totals = [0usize; 4];
    let cells = |counts: [usize; 4]| -> Vec<String> {
        counts
            .iter()
            .map(ToString::to_string)
            .chain([counts.iter().sum::<usize>().to_string()])
            .collect()
    };
    for area in &board.areas {
        let mut counts = [0usize; 4];
        for (_, a) in assessed.iter().filter(|(t, _)| t.area == area.code) {
            counts[Column::ALL.iter().position(|c| *c == a.column).unwrap_or(0)] += 1;
        }
        for (t, c) in totals.iter_mut().zip(counts) {
            *t += c;
        }
        let line = row(
            &terminal_safe(&area.code),
            &terminal_safe(&area.title),
            &cells(counts),
        );
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "{}", row("", w.total, &cells(totals)));
    let measured: Vec<_> = board
        .targets
        .iter()
        .filter_map(|t| t.current.map(|c| (t, c)))
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
