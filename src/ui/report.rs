//! The report view (`R`): the period line, the window and where the
//! statuses come from, then (scrolling) the report's headline sentences and
//! its overdue list, and at the bottom the format, the file and the last
//! write's outcome. Every figure and sentence is the report model's, worded
//! by [`crate::report::doc`]; nothing is counted here.

use super::theme::Theme;
use crate::app::report_view::{FORMATS, period_label};
use crate::app::{Action, App, ReportView};
use crate::as_of::Source;
use crate::report::doc::period_name;
use crate::text::{clean, truncate, wrap};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(view) = app.report.as_ref() else {
        return;
    };
    let w = app.words();
    let r = super::overlay::view_area(area);
    frame.render_widget(Clear, r);
    let title = format!(" {} — {} ", w.report_title, hints(app).join(", "));
    let block = Block::bordered().title(truncate(&title, usize::from(r.width.saturating_sub(2))));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let cols = usize::from(inner.width).max(1);

    let top = top_lines(app, view, cols, theme);
    let bottom = bottom_lines(app, view, cols, theme);
    let top_h = u16::try_from(top.len()).unwrap_or(u16::MAX);
    let bottom_h = u16::try_from(bottom.len()).unwrap_or(u16::MAX);
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(top_h),
        Constraint::Min(1),
        Constraint::Length(bottom_h),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(top), head);
    frame.render_widget(Paragraph::new(bottom), foot);

    let rows = view.rows(app.report_lang, cols);
    let visible = usize::from(body.height);
    // Never scrolled past the end: the last rows stay on screen.
    let scroll = usize::from(view.scroll).min(rows.len().saturating_sub(visible));
    let lines: Vec<Line> = rows
        .into_iter()
        .skip(scroll)
        .take(visible)
        .map(|row| {
            if row.starts_with("• ") || row.starts_with("  ") || row.is_empty() {
                Line::raw(row)
            } else {
                Line::styled(row, theme.lane_title())
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), body);
}

/// The keys of the view's actions, as the keymap has them.
fn hints(app: &App) -> Vec<String> {
    let vi = app.lang == crate::app::Lang::Vi;
    let first = |a: Action| app.keymap.keys_for(a).first().map(ToString::to_string);
    let mut out = Vec::new();
    if let (Some(p), Some(n)) = (first(Action::ReportPrev), first(Action::ReportNext)) {
        out.push(format!("{p}/{n}: {}", Action::ReportNext.short(vi)));
    }
    for a in [
        Action::ReportCalendar,
        Action::ReportFormat,
        Action::ReportWrite,
        Action::CloseReport,
    ] {
        if let Some(k) = first(a) {
            out.push(format!("{k}: {}", a.short(vi)));
        }
    }
    out
}

/// The period line (the year's reports, the selected one marked, and which
/// windows), the window with the day of the figures, where the statuses
/// come from.
fn top_lines(app: &App, view: &ReportView, cols: usize, theme: Theme) -> Vec<Line<'static>> {
    let w = app.words();
    let year = view
        .periods
        .first()
        .map_or(view.report.period.year, |p| p.year);
    let mut spans = vec![Span::styled(format!("{year}: "), theme.header())];
    for (i, p) in view.periods.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("│", theme.dim()));
        }
        let label = period_label(p, app.lang);
        if i == view.selected {
            spans.push(Span::styled(format!("▶{label} "), theme.selected()));
        } else {
            spans.push(Span::raw(format!(" {label} ")));
        }
    }
    spans.push(Span::styled(
        format!("  [{}]", w.report_windows[usize::from(view.calendar)]),
        theme.dim(),
    ));
    let mut out = vec![Line::from(spans)];
    let r = &view.report;
    let date = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    let mut window = w
        .report_window
        .replace("{name}", &period_name(r, app.lang))
        .replace("{from}", &date(r.period.from))
        .replace("{to}", &date(r.period.to))
        .replace("{date}", &date(r.period.as_of));
    if r.period.current {
        window.push(' ');
        window.push_str(w.report_current);
    }
    out.extend(
        wrap(&window, cols, cols)
            .into_iter()
            .map(|l| Line::styled(l, theme.header())),
    );
    let source = match &view.source {
        None => w.report_source_pending.to_owned(),
        Some(Source::Today) => w.report_source_today.to_owned(),
        Some(Source::History { hash, date: day }) => {
            let shown = day
                .parse::<chrono::NaiveDate>()
                .map_or_else(|_| clean(day), date);
            w.report_source_history
                .replace("{date}", &shown)
                .replace("{hash}", &clean(&hash.chars().take(7).collect::<String>()))
        }
        Some(Source::NoCommitBefore) => w.report_source_no_commit.to_owned(),
        Some(Source::NoGit(_)) => w.report_source_no_git.to_owned(),
    };
    out.extend(
        wrap(&source, cols, cols)
            .into_iter()
            .map(|l| Line::styled(l, theme.dim())),
    );
    out.push(Line::styled("─".repeat(cols), theme.dim()));
    out
}

/// The format line (the formats, the chosen one marked, and the file it
/// writes), then the last write's outcome.
fn bottom_lines(app: &App, view: &ReportView, cols: usize, theme: Theme) -> Vec<Line<'static>> {
    let w = app.words();
    let mut spans = vec![Span::styled("─".repeat(cols), theme.dim())];
    let mut format = vec![Span::raw(format!("{}: ", w.report_format))];
    for f in FORMATS {
        if f == view.format {
            format.push(Span::styled(
                format!("[{}]", f.extension()),
                theme.selected(),
            ));
        } else {
            format.push(Span::raw(format!(" {} ", f.extension())));
        }
    }
    let path = view.path(&app.board_path);
    let name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let used: usize = format.iter().map(|s| crate::text::width(&s.content)).sum();
    format.push(Span::styled(
        truncate(
            &format!("  {} {name}", w.report_file),
            cols.saturating_sub(used),
        ),
        theme.dim(),
    ));
    let mut out = vec![Line::from(std::mem::take(&mut spans)), Line::from(format)];
    if let Some(status) = &view.status {
        out.extend(
            wrap(status, cols, cols)
                .into_iter()
                .map(|l| Line::styled(l, theme.warning())),
        );
    }
    out
}
