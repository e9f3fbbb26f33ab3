//! Rendering only: `render(&App, &mut Frame, Theme)` draws the board and never
//! changes state. Layout arithmetic lives in [`layout`] (pure, tested); the
//! board body in `board`, the overlays (help, detail, questions) in `overlay`.

mod board;
pub mod layout;
mod overlay;
pub mod theme;

use crate::app::{App, Mode, PromptKind};
use crate::text::{truncate, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
pub use theme::Theme;

/// Below this size only a notice is drawn.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// From this width a detail pane sits beside the board.
pub const DETAIL_PANE_FROM: u16 = 140;
const DETAIL_PANE_WIDTH: u16 = 52;

pub fn render(app: &App, frame: &mut Frame, theme: Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(app, frame, area);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(app, frame, header, theme);
    let (board_area, pane) = if area.width >= DETAIL_PANE_FROM {
        let [b, p] =
            Layout::horizontal([Constraint::Min(1), Constraint::Length(DETAIL_PANE_WIDTH)])
                .areas(body);
        (b, Some(p))
    } else {
        (body, None)
    };
    board::render(app, frame, board_area, theme);
    if let Some(p) = pane {
        overlay::detail_pane(app, frame, p, theme);
    }
    render_footer(app, frame, footer, theme);
    overlay::render(app, frame, area, theme);
}

fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = format!("{} ({MIN_WIDTH}×{MIN_HEIGHT})", app.words().too_small);
    let lines: Vec<Line> = textwrap::wrap(&text, usize::from(area.width.max(1)))
        .into_iter()
        .take(usize::from(area.height))
        .map(|l| Line::raw(l.into_owned()))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_header(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let w = app.words();
    let mut right: Vec<Span> = Vec::new();
    if app.filter.overdue_only {
        right.push(Span::styled(
            format!(" [{}]", w.overdue_only),
            theme.warning(),
        ));
    }
    if let Some(lead) = &app.filter.lead {
        right.push(Span::styled(
            format!(" [{}: {lead}]", w.filter_lead),
            theme.warning(),
        ));
    }
    if let Some(q) = &app.search {
        right.push(Span::styled(format!(" [/{q}]"), theme.warning()));
    }
    if let Some(g) = app.git.summary(app.lang) {
        right.push(Span::styled(format!("  {g}"), theme.dim()));
    }
    right.push(Span::raw(format!(
        "  {} {}",
        w.as_of,
        app.today.format("%d/%m/%Y")
    )));
    if let Some(reason) = &app.read_only {
        let _ = reason;
        right.push(Span::styled(format!("  [{}]", w.read_only), theme.error()));
    } else if app.is_dirty() {
        right.push(Span::styled(format!("  {}", w.unsaved), theme.warning()));
    }
    let right_width: usize = right.iter().map(|s| width(&s.content)).sum();
    let title_width = usize::from(area.width).saturating_sub(right_width + 1);
    let mut spans = vec![Span::styled(
        truncate(&app.board.plan.title, title_width),
        theme.header(),
    )];
    let used = width(&spans[0].content);
    spans.push(Span::raw(" ".repeat(
        usize::from(area.width).saturating_sub(used + right_width),
    )));
    spans.extend(right);
    frame.render_widget(Line::from(spans), area);
}

fn render_footer(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let w = app.words();
    let line = match &app.mode {
        Mode::Prompt(p) => {
            let label = match &p.kind {
                PromptKind::Search => format!("/{}: ", w.search),
                PromptKind::FilterLead => format!("{}: ", w.filter_lead),
                PromptKind::SetDue(id) => format!("#{id} {}: ", w.set_due),
                PromptKind::AddTitle(area) => format!("{area} {}: ", w.new_title),
                PromptKind::Commit { .. } => format!("{}: ", w.commit_label),
                PromptKind::SaveAs => format!("{}: ", w.save_as),
            };
            let mut spans = vec![
                Span::styled(label.clone(), theme.header()),
                Span::raw(p.input.clone()),
            ];
            if let Some(e) = &p.error {
                spans.push(Span::styled(format!("  {e}"), theme.error()));
            }
            let x = area.x + u16::try_from(width(&label) + width(&p.input)).unwrap_or(u16::MAX);
            frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
            Line::from(spans)
        }
        _ => match &app.notice {
            Some(n) => Line::styled(truncate(n, usize::from(area.width)), theme.warning()),
            None => key_hints(app, usize::from(area.width), theme),
        },
    };
    frame.render_widget(line, area);
}

/// The footer's key hints, generated from the keymap, as many as fit.
fn key_hints(app: &App, max: usize, theme: Theme) -> Line<'static> {
    let vi = app.lang == crate::app::Lang::Vi;
    let mut spans = Vec::new();
    let mut used = 0;
    for &action in crate::app::keymap::FOOTER {
        let keys = app.keymap.keys_for(action);
        let Some(key) = keys.first() else { continue };
        let k = key.to_string();
        let label = format!(" {}  ", action.short(vi));
        let need = width(&k) + width(&label);
        if used + need > max {
            break;
        }
        used += need;
        spans.push(Span::styled(k, theme.header()));
        spans.push(Span::styled(label, theme.dim()));
    }
    Line::from(spans)
}
