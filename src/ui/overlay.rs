//! What draws over the board: the help overlay, the detail view and pane, and
//! questions that must be answered.

use super::theme::Theme;
use crate::app::keymap::HelpRow;
use crate::app::{App, Lang, Mode};
use crate::schedule::Column;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    match &app.mode {
        Mode::Help { scroll } => help(app, frame, area, *scroll, theme),
        Mode::Detail { scroll } => {
            let r = centered(
                area,
                area.width.saturating_sub(4),
                area.height.saturating_sub(2),
            );
            frame.render_widget(Clear, r);
            let block = Block::bordered().title(format!(" {} ", app.words().detail_title));
            let p = Paragraph::new(detail_lines(app, theme))
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((*scroll, 0));
            frame.render_widget(p, r);
        }
        Mode::Confirm(c) => {
            let text = c.text(app.lang, &app.keymap);
            let width = area.width.saturating_sub(8).min(70);
            let lines = textwrap::wrap(&text, usize::from(width.saturating_sub(4)).max(1)).len();
            let r = centered(area, width, u16::try_from(lines + 2).unwrap_or(u16::MAX));
            frame.render_widget(Clear, r);
            let p = Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(Block::bordered().border_style(theme.warning()));
            frame.render_widget(p, r);
        }
        Mode::Changes {
            lines,
            selected,
            raw,
            scroll,
        } => changes(app, frame, area, (lines, *selected, *raw, *scroll), theme),
        Mode::Board | Mode::Prompt(_) => {}
    }
}

/// The changes view: task-level lines with a selection, or the raw diff.
fn changes(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    (lines, selected, raw, scroll): (&[crate::domain::diff::Difference], usize, bool, u16),
    theme: Theme,
) {
    let r = centered(
        area,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, r);
    let block = Block::bordered().title(format!(" {} ", app.words().changes_title));
    if raw {
        let text = app.raw_diff.as_deref().unwrap_or("…");
        let body: Vec<Line> = text
            .lines()
            .map(|l| {
                let style = match l.chars().next() {
                    Some('+') => theme.done(),
                    Some('-') => theme.overdue(),
                    Some('@') => theme.dim(),
                    _ => ratatui::style::Style::new(),
                };
                Line::styled(crate::text::clean(l), style)
            })
            .collect();
        frame.render_widget(Paragraph::new(body).block(block).scroll((scroll, 0)), r);
        return;
    }
    let visible = usize::from(r.height.saturating_sub(2)).max(1);
    let offset = super::layout::scroll_offset(Some(selected), lines.len(), visible);
    let width = usize::from(r.width.saturating_sub(4));
    let body: Vec<Line> = if lines.is_empty() {
        vec![Line::raw(app.words().nothing_to_commit)]
    } else {
        lines
            .iter()
            .enumerate()
            .skip(offset)
            .take(visible)
            .map(|(i, d)| {
                let mark = if i == selected { "▶ " } else { "  " };
                let text = crate::text::truncate(&format!("{mark}{d}"), width);
                if i == selected {
                    Line::styled(text, theme.selected())
                } else {
                    Line::raw(text)
                }
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(body).block(block), r);
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    r
}

fn help(app: &App, frame: &mut Frame, area: Rect, scroll: u16, theme: Theme) {
    let vi = app.lang == Lang::Vi;
    let pick = |(en, v): (&'static str, &'static str)| if vi { v } else { en };
    let lines: Vec<Line> = app
        .keymap
        .help_rows()
        .into_iter()
        .map(|row| match row {
            HelpRow::Heading(scope) => Line::styled(pick(scope.title()), theme.lane_title()),
            HelpRow::Binding(action, keys) => {
                let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
                Line::from(vec![
                    Span::styled(
                        crate::text::fit(&format!("  {}", keys.join(", ")), 20),
                        theme.header(),
                    ),
                    Span::raw(pick(action.describe())),
                ])
            }
        })
        .collect();
    let r = centered(
        area,
        area.width.saturating_sub(4).min(70),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, r);
    let w = app.words();
    let title = format!(" {} — {} ", w.help_title, w.help_keys);
    let p = Paragraph::new(lines)
        .block(Block::bordered().title(title))
        .scroll((scroll, 0));
    frame.render_widget(p, r);
}

/// Every field of the selected task, labelled, for the detail view and pane.
pub fn detail_lines(app: &App, theme: Theme) -> Vec<Line<'static>> {
    let Some((task, a)) = app.selected() else {
        return vec![Line::raw(app.words().no_card)];
    };
    let w = app.words();
    let f = &w.fields;
    let area = app
        .board
        .area(&task.area)
        .map_or(String::new(), |x| format!(" {}", x.title));
    let status = w.status_words[crate::domain::Status::ALL
        .iter()
        .position(|s| *s == task.status)
        .unwrap_or(0)];
    let state = match a.column {
        Column::Overdue => format!(
            "{status} — {}",
            w.overdue_by.replace("{n}", &a.days_overdue.to_string())
        ),
        _ => status.to_owned(),
    };
    let deadline = match (a.deadline, task.due) {
        (Some(d), Some(_)) => format!("{} ({})", d.format("%d/%m/%Y"), w.due_override),
        (Some(d), None) => d.format("%d/%m/%Y").to_string(),
        (None, _) => "–".to_owned(),
    };
    let mut rows: Vec<(&str, String)> = vec![
        (f[0], format!("#{}", task.id)),
        (f[1], format!("{}{area}", task.area)),
        (f[2], task.title.clone()),
        (f[3], task.output.clone()),
        (f[4], task.lead.clone()),
        (f[5], task.support.clone()),
        (f[6], task.timeframe.clone()),
        (f[7], task.budget.clone()),
        (f[8], state),
        (f[9], deadline),
    ];
    if let Some(d) = task.completed {
        let when = w.timeliness(task, &crate::schedule::Rules::of(&app.board));
        rows.push((f[10], format!("{} ({when})", d.format("%d/%m/%Y"))));
    }
    if let Some(s) = &task.assignee {
        rows.push((f[11], s.clone()));
    }
    if let Some(s) = &task.carried_over {
        rows.push((f[14], s.clone()));
    }
    let mut lines: Vec<Line> = rows
        .into_iter()
        .map(|(k, v)| {
            Line::from(vec![
                Span::styled(format!("{k}: "), theme.header()),
                Span::raw(crate::text::clean(&v)),
            ])
        })
        .collect();
    if let Some(n) = &task.notes {
        lines.push(Line::styled(format!("{}:", f[12]), theme.header()));
        lines.extend(
            n.lines()
                .map(|l| Line::raw(format!("  {}", crate::text::clean(l)))),
        );
    }
    if !task.evidence.is_empty() {
        lines.push(Line::styled(format!("{}:", f[13]), theme.header()));
        lines.extend(
            task.evidence
                .iter()
                .map(|e| Line::raw(format!("  - {}", crate::text::clean(&e.cite("·"))))),
        );
    }
    lines
}

pub fn detail_pane(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let block = Block::default()
        .borders(Borders::LEFT)
        .title(format!(" {} ", app.words().detail_title));
    let p = Paragraph::new(detail_lines(app, theme))
        .block(block)
        .wrap(Wrap { trim: false });
    frame.render_widget(p, area);
}
