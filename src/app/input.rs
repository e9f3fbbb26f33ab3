//! Keys in the modes that take text or an answer: prompts (search, lead
//! filter, deadline, new task, commit message), questions, the changes view.

use super::nav::{jump_to_match, jump_to_task};
use super::update::set_filter;
use super::view::Filter;
use super::{App, Confirm, Effect, Mode, Prompt, PromptKind, TaskEdit};
use crate::domain::Task;
use crate::text::fold;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The changes view: ↑/↓ pick a line, Enter jumps to its card, `d` or Tab
/// toggles the raw `git diff`, Esc (or `=`, `q`) closes.
pub(super) fn on_changes_key(
    app: &mut App,
    lines: Vec<crate::domain::diff::Difference>,
    mut selected: usize,
    mut raw: bool,
    mut scroll: u16,
    key: KeyEvent,
) -> Vec<Effect> {
    let mut effects = vec![];
    match key.code {
        KeyCode::Down | KeyCode::Char('j') if raw => scroll = scroll.saturating_add(1),
        KeyCode::Up | KeyCode::Char('k') if raw => scroll = scroll.saturating_sub(1),
        KeyCode::PageDown if raw => scroll = scroll.saturating_add(10),
        KeyCode::PageUp if raw => scroll = scroll.saturating_sub(10),
        KeyCode::Down | KeyCode::Char('j') => {
            selected = (selected + 1).min(lines.len().saturating_sub(1))
        }
        KeyCode::Up | KeyCode::Char('k') => selected = selected.saturating_sub(1),
        KeyCode::Char('d') | KeyCode::Tab => {
            raw = !raw;
            scroll = 0;
            if raw && app.raw_diff.is_none() {
                effects.push(Effect::RawDiff);
            }
        }
        KeyCode::Enter if !raw => {
            app.mode = Mode::Board;
            if let Some(id) = lines.get(selected).and_then(|d| d.task()) {
                jump_to_task(app, id);
            }
            return effects;
        }
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('=') => {
            app.mode = Mode::Board;
            return effects;
        }
        _ => {}
    }
    app.mode = Mode::Changes {
        lines,
        selected,
        raw,
        scroll,
    };
    effects
}

pub(super) fn on_prompt_key(app: &mut App, mut prompt: Prompt, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => {
            if prompt.kind == PromptKind::Search {
                app.search = None;
            }
            app.mode = Mode::Board;
            return vec![];
        }
        KeyCode::Enter => return submit_prompt(app, prompt),
        KeyCode::Backspace => {
            prompt.input.pop();
        }
        KeyCode::Char('u') if ctrl => prompt.input.clear(),
        KeyCode::Tab | KeyCode::BackTab if prompt.kind == PromptKind::FilterLead => {
            prompt.input = next_unit(app, &prompt.input, key.code == KeyCode::Tab);
        }
        KeyCode::Char(c) if !ctrl && !c.is_control() => prompt.input.push(c),
        _ => {}
    }
    prompt.error = None;
    if prompt.kind == PromptKind::Search {
        let q = fold(&prompt.input);
        app.search = (!q.is_empty()).then_some(q);
        jump_to_match(app, true, true);
    }
    app.mode = Mode::Prompt(prompt);
    vec![]
}

fn submit_prompt(app: &mut App, mut prompt: Prompt) -> Vec<Effect> {
    app.mode = Mode::Board;
    match prompt.kind.clone() {
        PromptKind::Search => {}
        PromptKind::FilterLead => {
            let lead = fold(&prompt.input);
            let units = app.board.lead_units();
            if !lead.is_empty() && !units.iter().any(|u| fold(u).contains(&lead)) {
                // A filter that hides every card is a typo, not a view.
                let n = units.len().to_string();
                prompt.error = Some(app.words().no_unit.replace("{n}", &n));
                app.mode = Mode::Prompt(prompt);
                return vec![];
            }
            let f = Filter {
                lead: (!lead.is_empty()).then_some(lead),
                ..app.filter.clone()
            };
            set_filter(app, f);
        }
        PromptKind::SetDue(id) => match parse_due(&prompt.input) {
            Ok(due) => {
                if let Some(before) = app.task_index(id).map(|i| app.board.tasks[i].clone())
                    && before.due != due
                {
                    let after = Task {
                        due,
                        ..before.clone()
                    };
                    app.cursor.task = Some(id);
                    app.apply(vec![TaskEdit {
                        before: Some(before),
                        after: Some(after),
                    }]);
                }
            }
            Err(bad) => {
                prompt.error = Some(format!("`{bad}`: {}", app.words().bad_date));
                app.mode = Mode::Prompt(prompt);
            }
        },
        PromptKind::SaveAs => {
            let path = prompt.input.trim();
            if path.is_empty() {
                return vec![];
            }
            return vec![Effect::SaveAs(path.to_owned())];
        }
        PromptKind::Commit { body } => {
            let subject = prompt.input.trim();
            if subject.is_empty() {
                return vec![];
            }
            return vec![Effect::Commit(format!("{subject}\n\n{body}\n"))];
        }
        PromptKind::AddTitle(area) => {
            let title = prompt.input.trim().to_owned();
            if title.is_empty() {
                return vec![];
            }
            let id = app
                .board
                .tasks
                .iter()
                .map(|t| t.id)
                .max()
                .unwrap_or(0)
                .max(app.history.max_id())
                + 1;
            let task = Task::new(id, area, title);
            app.cursor.task = Some(id);
            app.apply(vec![TaskEdit {
                before: None,
                after: Some(task),
            }]);
        }
    }
    vec![]
}

/// The lead unit after (or before) `current` in the board's list, for Tab in
/// the lead filter: the first one when `current` is not a unit.
fn next_unit(app: &App, current: &str, forward: bool) -> String {
    let units = app.board.lead_units();
    if units.is_empty() {
        return current.to_owned();
    }
    let n = units.len();
    let next = match units.iter().position(|u| *u == current) {
        Some(i) if forward => (i + 1) % n,
        Some(i) => (i + n - 1) % n,
        None if forward => 0,
        None => n - 1,
    };
    units[next].to_owned()
}

/// `YYYY-MM-DD` or `DD/MM/YYYY`; empty clears the override. The error is the
/// rejected text (the caller words the message in the interface language).
pub fn parse_due(input: &str) -> Result<Option<chrono::NaiveDate>, String> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(t, "%d/%m/%Y") {
        return Ok(Some(d));
    }
    crate::domain::parse_iso_date(t)
        .map(Some)
        .map_err(|_| t.to_owned())
}

pub(super) fn on_confirm_key(app: &mut App, confirm: Confirm, key: KeyEvent) -> Vec<Effect> {
    let c = match key.code {
        KeyCode::Char(c) => c.to_ascii_lowercase(),
        KeyCode::Esc => '\u{1b}',
        _ => '\0',
    };
    app.mode = Mode::Board;
    match (confirm, c) {
        (Confirm::Delete(id), 'y') => {
            if let Some(before) = app.task_index(id).map(|i| app.board.tasks[i].clone()) {
                app.cursor.task = None;
                app.apply(vec![TaskEdit {
                    before: Some(before),
                    after: None,
                }]);
            }
            vec![]
        }
        (Confirm::Delete(_), _) => vec![],
        (Confirm::Quit, 'y') => vec![Effect::Quit],
        (Confirm::Quit, 's') => {
            // Stay in the question until the save reports back; on success it quits.
            app.mode = Mode::Confirm(Confirm::Quit);
            vec![Effect::Save]
        }
        (Confirm::Quit, _) => vec![],
        (Confirm::Recovery, 'r') => vec![Effect::RestoreRecovery],
        (Confirm::Recovery, 'd') => vec![Effect::DiscardRecovery],
        (Confirm::ExternalChange, 'm') => app.merge_outside(),
        (Confirm::ExternalChange | Confirm::MergeConflict(_), 'r') => {
            app.outside = None;
            vec![Effect::Reload]
        }
        (Confirm::ExternalChange, 'k') => {
            app.outside = None;
            vec![Effect::SaveOver]
        }
        (Confirm::ExternalChange | Confirm::MergeConflict(_), 's') => {
            app.outside = None;
            vec![Effect::SaveSide]
        }
        (Confirm::MergeConflict(lines), c @ ('k' | 't')) => {
            let effects = app.settle_merge(c == 'k');
            if effects.is_empty() {
                app.mode = Mode::Confirm(Confirm::MergeConflict(lines));
            }
            effects
        }
        (Confirm::BoardDeleted, 'w') => vec![Effect::Save],
        (Confirm::SaveFailed(_) | Confirm::BoardDeleted, 'a') => {
            app.mode = Mode::Prompt(Prompt {
                kind: PromptKind::SaveAs,
                input: app.save_as_hint.clone(),
                error: None,
            });
            vec![]
        }
        (Confirm::SaveFailed(_), _) => vec![],
        (Confirm::BoardDeleted, _) => {
            app.notice = Some(app.words().board_deleted_kept.to_owned());
            vec![]
        }
        (Confirm::Rewrite, 'y') => vec![Effect::SaveRewrite],
        (Confirm::Rewrite, _) => vec![],
        (keep, _) => {
            // Questions about data on disk must be answered, not dismissed.
            if matches!(
                keep,
                Confirm::Recovery | Confirm::ExternalChange | Confirm::MergeConflict(_)
            ) {
                app.mode = Mode::Confirm(keep);
            }
            vec![]
        }
    }
}
