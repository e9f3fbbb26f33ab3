//! One card: `▶◐#12* Title of the task, wrapped…  +45d`. The selection mark,
//! the status glyph, the id (with `*` when changed since the last commit, `!`
//! inside a git conflict), the title wrapped over the card's lines, and the
//! deadline badge at the right of the first line.
//!
//! The plan's titles are long and many open with the same words ("Xây dựng
//! kế hoạch…", "Triển khai công tác…"). When a title does not fit its card
//! and shares its first three words or more with the card above or below it,
//! those words are shown as their initials, the way Vietnamese documents
//! abbreviate (`XDKH theo dõi thi hành pháp luật`), so that what tells the
//! tasks apart is what the card shows. The selected card's full title is
//! always on screen (the line under the board, or the detail pane).

use super::glyph;
use super::theme::Theme;
use crate::app::App;
use crate::figures::Timeliness;
use crate::schedule::{Assessment, Column};
use crate::text::{fold, initials, truncate, width, wrap};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Columns kept free on the card's continuation lines (under the mark).
const INDENT: usize = 2;
/// Words shared with a neighbour before they are abbreviated.
const SHARED_WORDS: usize = 3;

/// What a card needs to be drawn besides its task.
#[derive(Debug, Clone, Copy)]
pub struct CardSpec {
    /// Terminal columns the card may use.
    pub width: usize,
    /// Lines the card has.
    pub lines: usize,
    pub selected: bool,
    /// The task indices of the cards above and below in its cell.
    pub neighbours: [Option<usize>; 2],
}

/// The card's first part: mark, status glyph, `#id` and its git marker.
fn head(app: &App, index: usize, selected: bool) -> String {
    let task = &app.shown().tasks[index];
    let mark = if selected {
        glyph::SELECTED
    } else if app.is_match(index) {
        glyph::MATCH
    } else {
        " "
    };
    let changed = if app.conflicts.contains(&task.id) {
        glyph::CONFLICT
    } else if app.git.changed.contains(&task.id) {
        glyph::CHANGED
    } else {
        ""
    };
    format!("{mark}{}#{}{changed} ", glyph::status(task.status), task.id)
}

/// The deadline badge: `+12d` overdue, `!15/04` due soon, `31/12`, `–` none;
/// on a done card, the day it was completed (`02/04`), or `+5d` when that
/// was five days after its deadline. A deadline moved from the plan's
/// (`due` differs from the timeframe's) reads `→15/04` (`!→15/04` soon).
pub fn badge(app: &App, index: usize, theme: Theme) -> (String, Style) {
    let a = &app.view.assessments[index];
    let task = &app.shown().tasks[index];
    let horizon = app.horizon;
    match (a.column, a.deadline) {
        (Column::Overdue, _) => (format!("+{}d", a.days_overdue), theme.overdue()),
        (Column::Done, _) => {
            match crate::figures::timeliness(task, &crate::schedule::Rules::of(&app.board)) {
                Some(Timeliness::Late(n)) => (format!("+{n}d"), theme.due_soon()),
                _ => task.completed.map_or((String::new(), Style::new()), |d| {
                    (d.format("%d/%m").to_string(), theme.done())
                }),
            }
        }
        (_, Some(d)) => {
            let moved = task.due.is_some_and(|due| {
                crate::schedule::planned_deadline(task, &crate::schedule::Rules::of(&app.board))
                    .is_some_and(|p| p != due)
            });
            let arrow = if moved { "→" } else { "" };
            if a.is_due_soon(horizon) {
                (format!("!{arrow}{}", d.format("%d/%m")), theme.due_soon())
            } else {
                (format!("{arrow}{}", d.format("%d/%m")), theme.dim())
            }
        }
        (_, None) => ("–".to_owned(), theme.dim()),
    }
}

/// Room for the title on the first line (after the head, before the badge)
/// and on the others, in a card `w` wide.
fn rooms(head: &str, badge: &str, w: usize) -> (usize, usize) {
    let badge = if badge.is_empty() {
        0
    } else {
        width(badge) + 1
    };
    let first = w.saturating_sub(width(head) + badge);
    (first, w.saturating_sub(INDENT))
}

/// How many lines the card's whole title needs at width `w`.
pub fn lines_needed(app: &App, index: usize, w: usize) -> usize {
    let (badge, _) = badge(app, index, Theme::new(false));
    let (first, rest) = rooms(&head(app, index, false), &badge, w);
    wrap(&app.board.tasks[index].title, first, rest).len()
}

/// How many leading words two titles share (compared as search compares).
fn shared_words(a: &[&str], b: &str) -> usize {
    a.iter()
        .zip(b.split_whitespace())
        .take_while(|(x, y)| fold(x) == fold(y))
        .count()
}

/// The title's lines on the card: whole when it fits, else with an opening
/// shared with a neighbour abbreviated, and the last line cut with `…`.
fn title_lines(app: &App, index: usize, spec: &CardSpec, first: usize, rest: usize) -> Vec<String> {
    let title = &app.board.tasks[index].title;
    let lines = spec.lines.max(1);
    let mut wrapped = wrap(title, first, rest);
    if wrapped.len() <= lines {
        return wrapped;
    }
    let words: Vec<&str> = title.split_whitespace().collect();
    let shared = spec
        .neighbours
        .iter()
        .flatten()
        .map(|&n| shared_words(&words, &app.board.tasks[n].title))
        .max()
        .unwrap_or(0);
    if shared >= SHARED_WORDS && shared < words.len() {
        let short = format!(
            "{} {}",
            initials(words[..shared].iter().copied()),
            words[shared..].join(" ")
        );
        wrapped = wrap(&short, first, rest);
    }
    if wrapped.len() > lines {
        let room = if lines == 1 { first } else { rest };
        let tail = wrapped[lines - 1..].join(" ");
        wrapped.truncate(lines - 1);
        // Greedy wrapping: the rest is longer than a line, so this cuts with `…`.
        wrapped.push(truncate(&tail, room));
    }
    wrapped
}

/// The card's lines, each exactly `spec.width` columns.
pub fn card(app: &App, index: usize, spec: &CardSpec, theme: Theme) -> Vec<Line<'static>> {
    let a: &Assessment = &app.view.assessments[index];
    let task = &app.shown().tasks[index];
    let w = spec.width;
    let head = head(app, index, spec.selected);
    let (badge, badge_style) = badge(app, index, theme);
    let (first, rest) = rooms(&head, &badge, w);
    let titles = title_lines(app, index, spec, first, rest);
    let mut style = match a.column {
        Column::Done => theme.done(),
        Column::Overdue => theme.overdue(),
        _ if a.is_due_soon(app.horizon) => theme.due_soon(),
        _ => Style::new(),
    };
    if app.is_match(index) {
        style = style.patch(theme.matched());
    }
    if app.conflicts.contains(&task.id) {
        style = style.patch(theme.error());
    }
    let highlight = if spec.selected {
        theme.selected()
    } else {
        Style::new()
    };
    style = style.patch(highlight);
    let mut out = Vec::with_capacity(spec.lines);
    for k in 0..spec.lines.max(1) {
        let text = titles.get(k).map_or("", String::as_str);
        if k == 0 {
            let left = format!("{head}{text}");
            let room = w.saturating_sub(width(&badge));
            let left = truncate(&left, room);
            let pad = room.saturating_sub(width(&left));
            out.push(Line::from(vec![
                Span::styled(format!("{left}{}", " ".repeat(pad)), style),
                Span::styled(badge.clone(), badge_style.patch(highlight)),
            ]));
        } else {
            let body = truncate(&format!("{}{text}", " ".repeat(INDENT)), w);
            let pad = w.saturating_sub(width(&body));
            out.push(Line::styled(format!("{body}{}", " ".repeat(pad)), style));
        }
    }
    out
}
