//! Rendering only: `render(&App, &mut Frame, Theme)` draws the board and never
//! changes the app's state. The runtime draws with [`render_with`], which
//! also keeps the focused lane's layout between frames in a [`Memory`] (as
//! ratatui's `ListState` keeps a list's offset), so that moving a card does
//! not move the lanes. Layout arithmetic lives in [`layout`] (pure, tested); the
//! board body in `board`, the overlays (help, detail, questions) in `overlay`,
//! the report view in `report`.

mod board;
mod card;
pub mod glyph;
pub mod layout;
mod memory;
mod overlay;
mod report;
pub mod theme;

use crate::app::{App, Mode, PromptKind};
use crate::text::{truncate, width};
pub use memory::Memory;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
pub use theme::Theme;

/// Below this size only a notice is drawn.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// From this height the selected card's line under the board has two lines.
const FOCUS_TWO_LINES_FROM: u16 = 30;

/// Draws one frame from the app alone, as if it were the first (tests,
/// snapshots, benchmarks of a cold frame).
pub fn render(app: &App, frame: &mut Frame, theme: Theme) {
    render_with(app, frame, theme, &mut Memory::default());
}

/// Draws one frame, keeping the focused lane's layout in `memory` from the
/// frames before (see [`Memory`]).
pub fn render_with(app: &App, frame: &mut Frame, theme: Theme, memory: &mut Memory) {
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
    let (board_w, pane_w) = layout::board_and_pane(body.width, app.view.counts);
    let board_area = Rect {
        width: board_w,
        ..body
    };
    if pane_w > 0 {
        let pane = Rect {
            x: body.right() - pane_w,
            width: pane_w,
            ..body
        };
        board::render(app, frame, board_area, theme, memory);
        overlay::detail_pane(app, frame, pane, theme);
    } else {
        // No pane: the selected card's whole title under the board.
        let h = if area.height >= FOCUS_TWO_LINES_FROM {
            2
        } else {
            1
        };
        let [cards, focus] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(h)]).areas(board_area);
        board::render(app, frame, cards, theme, memory);
        render_focus(
            app,
            frame,
            Rect {
                width: body.width,
                ..focus
            },
            theme,
        );
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
        let style = if app.git.is_unfinished() {
            theme.error()
        } else {
            theme.dim()
        };
        right.push(Span::styled(format!("  {g}"), style));
    }
    right.push(Span::raw(format!(
        "  {} {}",
        w.as_of,
        app.today.format("%d/%m/%Y")
    )));
    if app.is_read_only() {
        right.push(Span::styled(format!("  [{}]", w.read_only), theme.error()));
    } else if app.is_dirty() {
        right.push(Span::styled(format!("  {}", w.unsaved), theme.warning()));
    }
    let mut right_width: usize = right.iter().map(|s| width(&s.content)).sum();
    // The next report, when it fits beside the whole title (the title is
    // what names the board; it is not cut for this).
    if let Some(next) = next_report(app) {
        let next = format!("  {next}");
        let title = width(&crate::text::clean(&app.board.plan.title)) + 1;
        if right_width + width(&next) + title <= usize::from(area.width) {
            right_width += width(&next);
            let at = right
                .len()
                .saturating_sub(usize::from(app.is_read_only() || app.is_dirty()) + 1);
            right.insert(at, Span::styled(next, theme.dim()));
        }
    }
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

/// The selected card's id, whole title and lead unit, wrapped to the lines
/// given (the last cut with `…`).
fn render_focus(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let text = match app.selected_shown() {
        Some((task, _)) if task.lead.is_empty() => format!("#{} {}", task.id, task.title),
        Some((task, _)) => format!("#{} {} — {}", task.id, task.title, task.lead),
        None => app.words().no_card.to_owned(),
    };
    let w = usize::from(area.width);
    let rows = usize::from(area.height).max(1);
    let mut lines = crate::text::wrap(&text, w, w);
    if lines.len() > rows {
        // Greedy wrapping: the rest is longer than a line, so this cuts with `…`.
        let tail = lines[rows - 1..].join(" ");
        lines.truncate(rows - 1);
        lines.push(truncate(&tail, w));
    }
    let out: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::styled(l, theme.header()))
        .collect();
    frame.render_widget(Paragraph::new(out), area);
}

fn render_footer(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let w = app.words();
    let line = match &app.mode {
        Mode::Prompt(p) => {
            let label = match &p.kind {
                PromptKind::Search => format!("/{}: ", w.search),
                PromptKind::FilterLead => format!("{}: ", w.filter_lead),
                PromptKind::SetDue(id) => format!("#{id} {}: ", w.set_due),
                PromptKind::AddLog { task, .. } => format!("#{task} {}: ", w.add_log),
                PromptKind::AddEvidence { task, .. } => format!("#{task} {}: ", w.add_evidence),
                PromptKind::Measure(i) => {
                    let id = app.board.targets.get(*i).map_or("", |t| t.id.as_str());
                    format!("{} {}: ", crate::text::clean(id), w.measure)
                }
                PromptKind::AddTitle(area) => format!("{area} {}: ", w.new_title),
                PromptKind::Commit { .. } => format!("{}: ", w.commit_label),
                PromptKind::SaveAs => format!("{}: ", w.save_as),
            };
            let total = usize::from(area.width);
            let error = p.error.as_ref().map(|e| format!("  {e}"));
            let error_w = error.as_deref().map_or(0, width);
            // What the user typed, shown as the board shows file text; the
            // end (where they type) when it is longer than the room left.
            let room = total.saturating_sub(width(&label) + error_w).max(12);
            let input = tail(&crate::text::clean(&p.input), room);
            let mut spans = vec![
                Span::styled(label.clone(), theme.header()),
                Span::raw(input.clone()),
            ];
            if let Some(e) = error {
                let left = total.saturating_sub(width(&label) + width(&input));
                spans.push(Span::styled(truncate(&e, left), theme.error()));
            }
            let x = area.x + u16::try_from(width(&label) + width(&input)).unwrap_or(u16::MAX);
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

/// The last graphemes of `s` that fit in `cols` columns, after `…` when cut.
fn tail(s: &str, cols: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if width(s) <= cols {
        return s.to_owned();
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut used = 1;
    for g in s.graphemes(true).rev() {
        let gw = width(g);
        if used + gw > cols {
            break;
        }
        used += gw;
        kept.push(g);
    }
    kept.reverse();
    format!("…{}", kept.concat())
}

/// The next report due from the reporting calendar, for the header:
/// `Q1 report due 14/03` / `Báo cáo quý I: 14/03`.
pub fn next_report(app: &App) -> Option<String> {
    let dates = app.board.calendar().next_due(app.today)?;
    let w = app.words();
    let i = crate::domain::Report::ALL
        .iter()
        .position(|r| *r == dates.report)?;
    Some(
        w.next_report
            .replace("{report}", w.reports[i])
            .replace("{date}", &dates.due.format("%d/%m").to_string()),
    )
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
