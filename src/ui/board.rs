//! The board body: a column header row, then the nine lanes (swimlanes), each a
//! title line and rows of cards in four columns.

use super::layout::{lane_heights, scroll_offset};
use super::theme::Theme;
use crate::app::App;
use crate::app::view::Lane;
use crate::domain::Status;
use crate::schedule::{Assessment, Column};
use crate::text::{fit, fit_right, truncate, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    if area.height < 2 {
        return;
    }
    let [head, lanes_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let cols = columns(head);
    for (c, rect) in Column::ALL.into_iter().zip(cols.iter()) {
        let label = format!(
            " {} ({})",
            app.words().column(c),
            app.view.counts[c as usize]
        );
        let style = if c == app.cursor.column {
            theme.header().patch(theme.matched())
        } else {
            theme.header()
        };
        frame.render_widget(
            Line::styled(fit(&label, usize::from(rect.width)), style),
            *rect,
        );
    }
    let natural: Vec<usize> = app.view.lanes.iter().map(Lane::rows).collect();
    let (first, heights) = lane_heights(&natural, app.cursor.lane, usize::from(lanes_area.height));
    let mut y = lanes_area.y;
    for (k, h) in heights.iter().enumerate() {
        let lane_index = first + k;
        let h = u16::try_from(*h).unwrap_or(u16::MAX);
        let rect = Rect {
            x: lanes_area.x,
            y,
            width: lanes_area.width,
            height: h,
        };
        render_lane(app, frame, rect, lane_index, theme);
        y += h;
    }
}

/// Four equal columns (the last takes the remainder).
fn columns(area: Rect) -> Vec<Rect> {
    Layout::horizontal([Constraint::Ratio(1, 4); 4])
        .split(area)
        .to_vec()
}

fn render_lane(app: &App, frame: &mut Frame, area: Rect, index: usize, theme: Theme) {
    let lane = &app.view.lanes[index];
    let area_def = &app.board.areas[lane.area];
    let focused = index == app.cursor.lane;
    let progress = format!("{}/{}", lane.done, lane.total);
    let marker = if focused {
        "▾"
    } else if area.height > 1 {
        "▿"
    } else {
        "▸"
    };
    let title_row = Rect { height: 1, ..area };
    let style = if focused {
        theme.lane_title()
    } else {
        theme.header()
    };
    if area.height == 1 {
        // Summary: code and short title in the first column, counts in each.
        let cols = columns(title_row);
        for (c, rect) in Column::ALL.into_iter().zip(cols.iter()) {
            let n = lane.column(c).len().to_string();
            let w = usize::from(rect.width);
            let text = if c == Column::Planned {
                let label = format!("{marker} {} {}", area_def.code, area_def.title);
                let room = w.saturating_sub(width(&n) + 2);
                format!(
                    "{} {}",
                    fit(&label, room),
                    fit_right(&n, w.saturating_sub(room + 1))
                )
            } else {
                fit_right(&format!("{n} "), w)
            };
            frame.render_widget(Line::styled(text, style), *rect);
        }
        return;
    }
    let head = format!("{marker} {} {}", area_def.code, area_def.title);
    let right = format!(" ✓ {progress}");
    let room = usize::from(area.width).saturating_sub(width(&right));
    frame.render_widget(
        Line::from(vec![
            Span::styled(fit(&head, room), style),
            Span::styled(right, theme.dim()),
        ]),
        title_row,
    );
    let body = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    let visible = usize::from(body.height);
    for (c, rect) in Column::ALL.into_iter().zip(columns(body)) {
        let cards = lane.column(c);
        let here = focused && c == app.cursor.column;
        let selected = if here { app.selected_row() } else { None };
        let offset = scroll_offset(selected, cards.len(), visible);
        for (row, &task_index) in cards.iter().skip(offset).take(visible).enumerate() {
            let r = Rect {
                y: rect.y + u16::try_from(row).unwrap_or(0),
                height: 1,
                ..rect
            };
            let is_selected = selected == Some(offset + row);
            frame.render_widget(
                card_line(
                    app,
                    task_index,
                    usize::from(r.width).saturating_sub(1),
                    is_selected,
                    theme,
                ),
                r,
            );
        }
        if cards.len() > offset + visible && visible > 0 {
            let more = format!("+{}", cards.len() - offset - visible);
            let r = Rect {
                x: rect
                    .right()
                    .saturating_sub(u16::try_from(width(&more) + 1).unwrap_or(0)),
                y: rect.bottom() - 1,
                width: u16::try_from(width(&more)).unwrap_or(0).min(rect.width),
                height: 1,
            };
            frame.render_widget(Line::styled(more, theme.dim()), r);
        }
    }
}

/// `▶◐#12* Title of the task… +45d`: selection mark, status glyph, id (with
/// `*` when changed since the last commit), title cut by display width,
/// deadline badge.
fn card_line(app: &App, index: usize, w: usize, selected: bool, theme: Theme) -> Line<'static> {
    let task = &app.board.tasks[index];
    let a: &Assessment = &app.view.assessments[index];
    let matched = app.is_match(index);
    let mark = if selected {
        "▶"
    } else if matched {
        "◆"
    } else {
        " "
    };
    let glyph = match task.status {
        Status::Planned => "○",
        Status::InProgress => "◐",
        Status::Done => "✓",
    };
    let (badge, badge_style) = badge(a, app.horizon, theme);
    // `*` after the id: changed since the last commit (git).
    // `!` instead: inside a git conflict region of the file.
    let conflicted = app.conflicts.contains(&task.id);
    let changed = if conflicted {
        "!"
    } else if app.git.changed.contains(&task.id) {
        "*"
    } else {
        ""
    };
    let head = format!("{mark}{glyph}#{}{changed} ", task.id);
    let room = w.saturating_sub(width(&head) + width(&badge) + 1);
    let title = fit(&task.title, room);
    let mut style = match a.column {
        Column::Done => theme.done(),
        Column::Overdue => theme.overdue(),
        _ if a.is_due_soon(app.horizon) => theme.due_soon(),
        _ => Style::new(),
    };
    if matched {
        style = style.patch(theme.matched());
    }
    if conflicted {
        style = style.patch(theme.error());
    }
    if selected {
        style = style.patch(theme.selected());
    }
    let text = truncate(&format!("{head}{title} "), w.saturating_sub(width(&badge)));
    Line::from(vec![
        Span::styled(text, style),
        Span::styled(
            badge,
            badge_style.patch(if selected {
                theme.selected()
            } else {
                Style::new()
            }),
        ),
    ])
}

fn badge(a: &Assessment, horizon: i64, theme: Theme) -> (String, Style) {
    match (a.column, a.deadline) {
        (Column::Overdue, _) => (format!("+{}d", a.days_overdue), theme.overdue()),
        (Column::Done, _) => (String::new(), Style::new()),
        (_, Some(d)) if a.is_due_soon(horizon) => {
            (format!("!{}", d.format("%d/%m")), theme.due_soon())
        }
        (_, Some(d)) => (d.format("%d/%m").to_string(), theme.dim()),
        (_, None) => ("–".to_owned(), theme.dim()),
    }
}
