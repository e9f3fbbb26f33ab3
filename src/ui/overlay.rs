//! What draws over the board: the help overlay, the detail view and pane, and
//! questions that must be answered.

use super::theme::Theme;
use crate::app::keymap::HelpRow;
use crate::app::{Action, App, Lang, Mode, PromptKind};
use crate::domain::{Comparator, Task, Unit};
use crate::schedule::Column;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    match &app.mode {
        Mode::Help { scroll } => help(app, frame, area, *scroll, theme),
        Mode::Detail { scroll } => detail(app, frame, area, *scroll, theme),
        Mode::Confirm(c) => {
            // The overwrite question is asked over the report view.
            if matches!(c, crate::app::Confirm::OverwriteReport(_)) {
                super::report::render(app, frame, area, theme);
            }
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
        Mode::Targets { selected } => targets(app, frame, area, *selected, theme),
        Mode::Report => super::report::render(app, frame, area, theme),
        // A measurement prompt is typed over the targets view.
        // A prompt opened from a view is typed over that view.
        Mode::Prompt(p) => match p.kind {
            PromptKind::Measure(i) => targets(app, frame, area, i, theme),
            PromptKind::AddLog { detail: true, .. }
            | PromptKind::AddEvidence { detail: true, .. } => detail(app, frame, area, 0, theme),
            _ => {}
        },
        Mode::Board => {}
    }
}

fn detail(app: &App, frame: &mut Frame, area: Rect, scroll: u16, theme: Theme) {
    // The footer stays visible (a prompt opened from here is typed there).
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
        .scroll((scroll, 0));
    frame.render_widget(p, r);
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

/// Where a whole view (the report, the targets) is drawn: every row between
/// the header and the footer, edge to edge, so that no strip of the board
/// shows beside it.
pub(super) fn view_area(area: Rect) -> Rect {
    Rect {
        y: area.y.saturating_add(1),
        height: area.height.saturating_sub(2),
        ..area
    }
}

pub(super) fn centered(area: Rect, w: u16, h: u16) -> Rect {
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
/// The task is destructured field by field (no `..`), so a field added to
/// [`Task`] does not compile here until the view shows it or says why not.
pub fn detail_lines(app: &App, theme: Theme) -> Vec<Line<'static>> {
    let Some((task, a)) = app.selected_shown() else {
        return vec![Line::raw(app.words().no_card)];
    };
    let Task {
        id,
        area,
        title,
        output,
        lead,
        support,
        timeframe,
        budget,
        status,
        due,
        due_reason,
        checkpoints,
        completed,
        assignee,
        notes,
        evidence,
        log,
        carried_over,
    } = task;
    let w = app.words();
    let f = &w.fields;
    let rules = crate::schedule::Rules::of(&app.board);
    let day = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    let area_title = app
        .board
        .area(area)
        .map_or(String::new(), |x| format!(" {}", x.title));
    let status_word = w.status_words[crate::domain::Status::ALL
        .iter()
        .position(|s| s == status)
        .unwrap_or(0)];
    let state = match a.column {
        Column::Overdue => format!(
            "{status_word} — {}",
            w.overdue_by.replace("{n}", &a.days_overdue.to_string())
        ),
        _ => status_word.to_owned(),
    };
    let planned = crate::schedule::planned_deadline(task, &rules);
    let why = due_reason.as_deref().unwrap_or(w.due_override);
    let deadline = match (a.deadline, *due, planned) {
        // Extended (or brought forward): the plan's day, then the one in force.
        (_, Some(d), Some(p)) if p != d => format!("{} → {} ({why})", day(p), day(d)),
        (_, Some(d), _) => format!("{} ({why})", day(d)),
        (Some(d), None, _) => day(d),
        (None, None, _) => "–".to_owned(),
    };
    let mut rows: Vec<(&str, String)> = vec![
        (f[0], format!("#{id}")),
        (f[1], format!("{area}{area_title}")),
        (f[2], title.to_string()),
        (f[3], output.to_string()),
        (f[4], lead.to_string()),
        (f[5], support.to_string()),
        (f[6], timeframe.to_string()),
        (f[7], budget.to_string()),
        (f[8], state),
        (f[9], deadline),
    ];
    // Checkpoints (a periodic task, or `checkpoints: reports`): each day,
    // the missed ones marked (from the first missed until the board's day).
    if let crate::schedule::Timeframe::Checkpoints(days) = rules.timeframe(task) {
        let missed = crate::schedule::first_missed(&days, log, app.today);
        let list: Vec<String> = days
            .iter()
            .map(|&d| {
                let short = d.format("%d/%m").to_string();
                if missed.is_some_and(|m| d >= m) && d < app.today {
                    format!("{short} ({})", w.checkpoint_missed)
                } else {
                    short
                }
            })
            .collect();
        let from = match checkpoints {
            Some(crate::domain::CheckpointSource::Reports) => format!(" — {}", w.from_reports),
            None => String::new(),
        };
        rows.push((w.checkpoints, format!("{}{from}", list.join(", "))));
    }
    if let Some(d) = completed {
        let when = w.timeliness(task, &rules);
        rows.push((f[10], format!("{} ({when})", day(*d))));
    }
    if let Some(s) = assignee {
        rows.push((f[11], s.clone()));
    }
    if let Some(s) = carried_over {
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
    if let Some(n) = notes {
        lines.push(Line::styled(format!("{}:", f[12]), theme.header()));
        lines.extend(
            n.lines()
                .map(|l| Line::raw(format!("  {}", crate::text::clean(l)))),
        );
    }
    // The log as it stood on the board's day: later entries do not exist yet.
    let shown: Vec<_> = task.log_on(app.today).collect();
    if !shown.is_empty() {
        lines.push(Line::styled(format!("{}:", w.log), theme.header()));
        for e in shown {
            let mut text = e.text.lines();
            lines.push(Line::from(vec![
                Span::styled(format!("  {} ", day(e.date)), theme.dim()),
                Span::raw(crate::text::clean(text.next().unwrap_or(""))),
            ]));
            lines
                .extend(text.map(|l| Line::raw(format!("             {}", crate::text::clean(l)))));
            lines.extend(
                e.evidence.iter().map(|ev| {
                    Line::raw(format!("    - {}", crate::text::clean(&ev.cite(w.cite_on))))
                }),
            );
        }
    }
    if !evidence.is_empty() {
        lines.push(Line::styled(format!("{}:", f[13]), theme.header()));
        lines.extend(
            evidence
                .iter()
                .map(|e| Line::raw(format!("  - {}", crate::text::clean(&e.cite(w.cite_on))))),
        );
    }
    lines
}

/// A value as the board shows numbers: `72,5%` in Vietnamese, `72.5%` in
/// English, whole numbers without decimals.
pub fn value_text(value: f64, unit: Unit, lang: Lang) -> String {
    let mut n = format!("{value:.2}");
    if n.contains('.') {
        n = n.trim_end_matches('0').trim_end_matches('.').to_owned();
    }
    if lang == Lang::Vi {
        n = n.replace('.', ",");
    }
    match unit {
        Unit::Percent => format!("{n}%"),
        Unit::Count => n,
    }
}

/// A text gauge `████░░░░░░` of `ratio` (0 to 1) in `cells` columns.
/// Full only at 1 (a target not met never shows a full bar).
pub fn bar(ratio: f64, cells: usize) -> String {
    let filled = (ratio.clamp(0.0, 1.0) * cells as f64).floor() as usize;
    format!(
        "{}{}",
        "█".repeat(filled),
        "░".repeat(cells - filled.min(cells))
    )
}

/// The targets view: one line per target (id, gauge of the reading against
/// the target value, reading, target, status, the plan's sentence), the
/// selected one's sentence and measurement history below.
fn targets(app: &App, frame: &mut Frame, area: Rect, selected: usize, theme: Theme) {
    let w = app.words();
    let r = view_area(area);
    frame.render_widget(Clear, r);
    let vi = app.lang == Lang::Vi;
    let hint = |a: Action| {
        let k = app.keymap.keys_for(a).first().map(ToString::to_string);
        k.map(|k| format!("{k}: {}", a.short(vi)))
    };
    let hints: Vec<String> = [Action::RecordMeasurement, Action::CloseTargets]
        .into_iter()
        .filter_map(hint)
        .collect();
    let title = format!(
        " {} — {} {} — {} ",
        w.targets_title,
        w.as_of,
        app.today.format("%d/%m/%Y"),
        hints.join(", ")
    );
    let block = Block::bordered().title(crate::text::truncate(
        &title,
        usize::from(r.width.saturating_sub(2)),
    ));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let list = &app.board.targets;
    if list.is_empty() {
        frame.render_widget(Line::raw(w.no_targets), inner);
        return;
    }
    let selected = selected.min(list.len() - 1);
    let panel_h = (inner.height / 3)
        .max(4)
        .min(inner.height.saturating_sub(3));
    let [top, bottom] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(panel_h)]).areas(inner);
    let width = usize::from(inner.width);
    let id_w = list
        .iter()
        .map(|t| crate::text::width(&crate::text::clean(&t.id)))
        .max()
        .unwrap_or(0)
        .min(10);
    let state_w = w
        .target_states
        .iter()
        .map(|s| crate::text::width(s))
        .max()
        .unwrap_or(0);
    let visible = usize::from(top.height).max(1);
    let offset = super::layout::scroll_offset(Some(selected), list.len(), visible);
    let rows: Vec<Line> = list
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, t)| {
            let reading = t.reading(app.today);
            let (state, style, ratio) = match &reading {
                Some(r) if t.comparator.is_met(r.value, t.value) => (0, theme.done(), 1.0),
                Some(r) => {
                    let ratio = match t.comparator {
                        Comparator::AtLeast | Comparator::MoreThan if t.value > 0.0 => {
                            r.value / t.value
                        }
                        // Below a ceiling: how far within it (over is 0).
                        _ if t.value > 0.0 => 1.0 - (r.value - t.value) / t.value,
                        _ => 0.0,
                    };
                    (1, theme.overdue(), ratio)
                }
                None => (2, theme.dim(), 0.0),
            };
            let mark = if i == selected { "▶" } else { " " };
            let now = reading
                .as_ref()
                .map_or("–".to_owned(), |r| value_text(r.value, t.unit, app.lang));
            let goal = format!(
                "{}{}",
                t.comparator.symbol(),
                value_text(t.value, t.unit, app.lang)
            );
            let head = format!(
                "{mark}{} {} {} {} ",
                crate::text::fit(&t.id, id_w),
                bar(ratio, 10),
                crate::text::fit_right(&now, 6),
                crate::text::fit(&goal, 6),
            );
            let state_text = crate::text::fit(w.target_states[state], state_w);
            let used = crate::text::width(&head) + crate::text::width(&state_text) + 1;
            let text = crate::text::truncate(&t.text, width.saturating_sub(used));
            let line = Line::from(vec![
                Span::raw(head),
                Span::styled(state_text, style),
                Span::raw(" "),
                Span::styled(text, theme.dim()),
            ]);
            if i == selected {
                line.patch_style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(rows), top);
    // The selected target: its sentence, then its measurements, latest first.
    let t = &list[selected];
    let mut out: Vec<Line> = vec![Line::styled("─".repeat(width), theme.dim())];
    let sentence = crate::text::wrap(&format!("{} {}", t.id, t.text), width, width);
    let room = usize::from(bottom.height).saturating_sub(3).max(1);
    let keep = sentence.len().min(room.saturating_sub(1).max(1));
    let cut = sentence.len() > keep;
    let mut shown: Vec<String> = sentence.into_iter().take(keep).collect();
    if cut && let Some(last) = shown.last_mut() {
        *last = crate::text::truncate(&format!("{last} …"), width);
        if !last.ends_with('…') {
            last.push('…');
        }
    }
    out.extend(shown.into_iter().map(|l| Line::styled(l, theme.header())));
    out.push(Line::styled(format!("{}:", w.history), theme.header()));
    // As the board stood on its day: later measurements do not exist yet.
    let dated: Vec<_> = t
        .measurements
        .iter()
        .filter(|m| m.date <= app.today)
        .collect();
    if dated.is_empty() && t.current.is_none() {
        out.push(Line::styled(format!("  {}", w.no_history), theme.dim()));
    }
    for m in dated.into_iter().rev() {
        let text = format!(
            "  {}  {}  {}",
            m.date.format("%d/%m/%Y"),
            crate::text::fit_right(&value_text(m.value, t.unit, app.lang), 7),
            m.source.as_deref().unwrap_or("")
        );
        out.push(Line::raw(crate::text::truncate(&text, width)));
    }
    if let Some(c) = t.current {
        out.push(Line::raw(format!(
            "  {}  {}",
            crate::text::fit(w.undated, 10),
            crate::text::fit_right(&value_text(c, t.unit, app.lang), 7)
        )));
    }
    frame.render_widget(Paragraph::new(out), bottom);
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
