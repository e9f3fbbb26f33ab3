//! `update(app, msg) -> effects`: every state change of the interactive board.
//! A card moves in [`App::set_status`], which reuses the domain's
//! [`Board::set_status`](crate::domain::Board::set_status) so the CLI and the
//! board stamp and clear `completed` the same way.

use super::keymap::{Action, Key};
use super::view::Filter;
use super::{App, Confirm, Cursor, Effect, Mode, Msg, Prompt, PromptKind, TaskEdit};
use crate::domain::{Status, Task};
use crate::schedule::Column;
use crate::text::fold;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Applies one message; returns the IO the runtime must perform.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) if key.kind == KeyEventKind::Release => vec![],
        Msg::Key(key) => {
            app.notice = None;
            on_key(app, key)
        }
        Msg::Resize => vec![],
        Msg::Git(info) => {
            app.git.info = Some(info);
            app.git.refresh(&app.board);
            vec![]
        }
        Msg::RawDiff(text) => {
            app.raw_diff = Some(text);
            vec![]
        }
        Msg::GitDone(Ok(text)) | Msg::GitDone(Err(text)) => {
            app.notice = Some(text);
            vec![]
        }
        Msg::Edited(Ok(task)) => {
            let task = *task;
            if let Some(before) = app.task_index(task.id).map(|i| app.board.tasks[i].clone())
                && before != task
            {
                app.cursor.task = Some(task.id);
                app.apply(vec![TaskEdit {
                    before: Some(before),
                    after: Some(task),
                }]);
            }
            vec![]
        }
        Msg::Edited(Err(e)) | Msg::Saved(Err(e)) | Msg::Notice(e) => {
            app.notice = Some(e);
            vec![]
        }
        Msg::Saved(Ok(message)) => {
            app.mark_saved();
            app.notice = Some(message);
            if app.mode == Mode::Confirm(Confirm::Quit) {
                vec![Effect::Quit]
            } else {
                vec![]
            }
        }
        Msg::SaveConflict => {
            app.mode = Mode::Confirm(Confirm::ExternalChange);
            vec![]
        }
        Msg::NeedsRewrite => {
            app.mode = Mode::Confirm(Confirm::Rewrite);
            vec![]
        }
        Msg::DiskChanged(board) => {
            if app.is_dirty() {
                app.mode = Mode::Confirm(Confirm::ExternalChange);
            } else {
                app.replace_board(*board);
                app.notice = Some(app.words().reloaded.to_owned());
                if !app.conflicts.is_empty() {
                    // The file loads cleanly again: the conflict was resolved.
                    app.conflicts.clear();
                    app.read_only = None;
                }
            }
            vec![]
        }
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    match app.mode.clone() {
        Mode::Board => match app.keymap.action_for(Key::from_event(&key)) {
            Some(action) => on_action(app, action),
            None => vec![],
        },
        Mode::Help { scroll } | Mode::Detail { scroll } => {
            let scroll = match key.code {
                KeyCode::Down | KeyCode::Char('j') => scroll.saturating_add(1),
                KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
                KeyCode::PageDown | KeyCode::Char(' ') => scroll.saturating_add(10),
                KeyCode::PageUp => scroll.saturating_sub(10),
                KeyCode::Home | KeyCode::Char('g') => 0,
                _ => {
                    app.mode = Mode::Board;
                    return vec![];
                }
            };
            app.mode = match app.mode {
                Mode::Help { .. } => Mode::Help { scroll },
                _ => Mode::Detail { scroll },
            };
            vec![]
        }
        Mode::Prompt(prompt) => on_prompt_key(app, prompt, key),
        Mode::Changes {
            lines,
            selected,
            raw,
            scroll,
        } => on_changes_key(app, lines, selected, raw, scroll, key),
        Mode::Confirm(confirm) => on_confirm_key(app, confirm, key),
    }
}

fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    use Action::*;
    match action {
        Left => step_column(app, -1),
        Right => step_column(app, 1),
        Up => step_card(app, -1),
        Down => step_card(app, 1),
        PrevLane => step_lane(app, -1),
        NextLane => step_lane(app, 1),
        First => select_row(app, Some(0)),
        Last => select_row(app, None),
        MoveNext | MovePrev | SetPlanned | SetInProgress | SetDone => {
            if let Some((task, _)) = app.selected() {
                let status = match action {
                    MoveNext => next_status(task.status, 1),
                    MovePrev => next_status(task.status, -1),
                    SetPlanned => Status::Planned,
                    SetInProgress => Status::InProgress,
                    _ => Status::Done,
                };
                let id = task.id;
                set_status(app, id, status);
            }
        }
        Detail => {
            if app.cursor.task.is_some() {
                app.mode = Mode::Detail { scroll: 0 };
            }
        }
        Edit => {
            if editable(app)
                && let Some((task, _)) = app.selected()
            {
                return vec![Effect::Edit(Box::new(task.clone()))];
            }
        }
        SetDue => {
            if editable(app)
                && let Some((task, _)) = app.selected()
            {
                let input = task.due.map(|d| d.to_string()).unwrap_or_default();
                let id = task.id;
                app.mode = Mode::Prompt(Prompt {
                    kind: PromptKind::SetDue(id),
                    input,
                    error: None,
                });
            }
        }
        Add => {
            if editable(app)
                && let Some(lane) = app.view.lanes.get(app.cursor.lane)
            {
                let code = app.board.areas[lane.area].code.clone();
                app.mode = Mode::Prompt(Prompt {
                    kind: PromptKind::AddTitle(code),
                    input: String::new(),
                    error: None,
                });
            }
        }
        Delete => {
            if editable(app)
                && let Some(id) = app.cursor.task
            {
                app.mode = Mode::Confirm(Confirm::Delete(id));
            }
        }
        Search => {
            app.ensure_search_index();
            app.mode = Mode::Prompt(Prompt {
                kind: PromptKind::Search,
                input: String::new(),
                error: None,
            });
        }
        NextMatch => jump_to_match(app, true, false),
        PrevMatch => jump_to_match(app, false, false),
        FilterLead => {
            let input = app.filter.lead.clone().unwrap_or_default();
            app.mode = Mode::Prompt(Prompt {
                kind: PromptKind::FilterLead,
                input,
                error: None,
            });
        }
        OverdueOnly => {
            let f = Filter {
                overdue_only: !app.filter.overdue_only,
                ..app.filter.clone()
            };
            set_filter(app, f);
        }
        Clear => {
            app.search = None;
            set_filter(app, Filter::default());
        }
        Undo => {
            let rev = app.history.undo(&mut app.board);
            after_history(app, rev, app.words().nothing_to_undo);
        }
        Redo => {
            let rev = app.history.redo(&mut app.board);
            after_history(app, rev, app.words().nothing_to_redo);
        }
        Save => {
            if app.read_only.is_none() {
                return vec![Effect::Save];
            }
        }
        Quit => {
            if app.is_dirty() {
                app.mode = Mode::Confirm(Confirm::Quit);
            } else {
                return vec![Effect::Quit];
            }
        }
        Help => app.mode = Mode::Help { scroll: 0 },
        Changes => {
            if git_ready(app) {
                let lines = super::git_view::changes_since_head(&app.git, &app.board);
                app.raw_diff = None;
                app.mode = Mode::Changes {
                    lines,
                    selected: 0,
                    raw: false,
                    scroll: 0,
                };
            }
        }
        Commit => {
            if editable(app) && git_ready(app) {
                let diffs = super::git_view::changes_since_head(&app.git, &app.board);
                if diffs.is_empty() {
                    app.notice = Some(app.words().nothing_to_commit.to_owned());
                } else {
                    let (subject, body) =
                        super::git_view::commit_message(&diffs, &app.board, app.lang);
                    app.mode = Mode::Prompt(Prompt {
                        kind: PromptKind::Commit { body },
                        input: subject,
                        error: None,
                    });
                }
            }
        }
        Pull => {
            if git_ready(app) {
                if app.is_dirty() {
                    app.notice = Some(app.words().save_first.to_owned());
                } else {
                    return vec![Effect::Pull];
                }
            }
        }
        Push => {
            if git_ready(app) {
                return vec![Effect::Push];
            }
        }
    }
    vec![]
}

/// Git features need a repository; outside one they say so and do nothing.
fn git_ready(app: &mut App) -> bool {
    match &app.git.info {
        Some(super::GitInfo::Repo { .. }) => true,
        Some(super::GitInfo::Unavailable(why)) => {
            app.notice = Some(why.clone());
            false
        }
        None => {
            app.notice = Some(app.words().git_pending.to_owned());
            false
        }
    }
}

fn editable(app: &mut App) -> bool {
    if let Some(reason) = &app.read_only {
        app.notice = Some(reason.clone());
        return false;
    }
    true
}

fn after_history(app: &mut App, revision: Option<u64>, nothing: &str) {
    match revision {
        Some(rev) => {
            app.revision = rev;
            app.refresh();
        }
        None => app.notice = Some(nothing.to_owned()),
    }
}

fn next_status(s: Status, dir: i32) -> Status {
    let i = Status::ALL.iter().position(|&x| x == s).unwrap_or(0) as i32;
    Status::ALL[(i + dir).clamp(0, 2) as usize]
}

impl App {
    /// Moves a card: sets task `id`'s status as the domain does (stamping or
    /// clearing `completed`), as one undoable step; the cursor follows the card.
    pub fn set_status(&mut self, id: u32, status: Status) {
        set_status(self, id, status);
    }
}

fn set_status(app: &mut App, id: u32, status: Status) {
    if !editable(app) {
        return;
    }
    let Some(before) = app.task_index(id).map(|i| app.board.tasks[i].clone()) else {
        return;
    };
    let mut after = before.clone();
    if !after.set_status(status, app.today).is_empty() {
        app.cursor.task = Some(id);
        app.apply(vec![TaskEdit {
            before: Some(before),
            after: Some(after),
        }]);
    }
}

fn set_filter(app: &mut App, filter: Filter) {
    app.filter = filter;
    app.refresh();
}

fn step_column(app: &mut App, dir: i32) {
    let i = (app.cursor.column as i32 + dir).clamp(0, 3) as usize;
    app.cursor.column = Column::ALL[i];
    let row = app.row_in_lane().unwrap_or(app.row_hint);
    select_row(app, Some(row));
}

fn step_lane(app: &mut App, dir: i32) {
    let lanes = app.view.lanes.len() as i32;
    if lanes == 0 {
        return;
    }
    app.cursor.lane = (app.cursor.lane as i32 + dir).clamp(0, lanes - 1) as usize;
    select_row(app, Some(0));
}

/// Up/down within the cell; past its end, into the next or previous lane.
fn step_card(app: &mut App, dir: i32) {
    let len = app.cards_here().len();
    let row = app.selected_row();
    let target = match row {
        Some(r) => r as i64 + dir as i64,
        None => {
            if dir > 0 {
                len as i64
            } else {
                -1
            }
        }
    };
    if (0..len as i64).contains(&target) {
        select_row(app, Some(target as usize));
        return;
    }
    let lanes = app.view.lanes.len() as i64;
    let lane = app.cursor.lane as i64 + dir as i64;
    if !(0..lanes).contains(&lane) {
        return;
    }
    app.cursor.lane = lane as usize;
    if dir > 0 {
        select_row(app, Some(0))
    } else {
        select_row(app, None)
    }
}

/// Selects row `row` of the current cell (clamped), or its last row for `None`.
fn select_row(app: &mut App, row: Option<usize>) {
    let cards = app.cards_here();
    let pick = match row {
        _ if cards.is_empty() => None,
        Some(r) => Some(r.min(cards.len() - 1)),
        None => Some(cards.len() - 1),
    };
    let task = pick.map(|r| app.board.tasks[cards[r]].id);
    app.cursor.task = task;
    if let Some(r) = pick {
        app.row_hint = r;
    }
}

impl App {
    /// Row of the selected card within its column, when a card is selected.
    fn row_in_lane(&self) -> Option<usize> {
        let i = self.task_index(self.cursor.task?)?;
        self.view
            .lanes
            .get(self.cursor.lane)?
            .cards
            .iter()
            .find_map(|c| c.iter().position(|&x| x == i))
    }
}

/// Visible cards in reading order: lane by lane, column by column, row by row.
fn reading_order(app: &App) -> Vec<(usize, Column, usize)> {
    let mut out = Vec::new();
    for (l, lane) in app.view.lanes.iter().enumerate() {
        for c in Column::ALL {
            out.extend(lane.column(c).iter().map(|&i| (l, c, i)));
        }
    }
    out
}

/// Moves the cursor to the next (or previous) match; `inclusive` also accepts
/// the current card (used while typing, so the cursor stays on a match).
fn jump_to_match(app: &mut App, forward: bool, inclusive: bool) {
    if app.search.is_none() {
        return;
    }
    app.ensure_search_index();
    let order = reading_order(app);
    if order.is_empty() {
        return;
    }
    let here = app
        .cursor
        .task
        .and_then(|id| app.task_index(id))
        .and_then(|i| order.iter().position(|&(_, _, x)| x == i))
        .unwrap_or(0);
    let n = order.len();
    let start = if inclusive { 0 } else { 1 };
    let found = (start..=n)
        .map(|k| {
            if forward {
                (here + k) % n
            } else {
                (here + n * 2 - k) % n
            }
        })
        .find(|&p| app.is_match(order[p].2));
    match found {
        Some(p) => {
            let (lane, column, i) = order[p];
            app.cursor = Cursor {
                lane,
                column,
                task: Some(app.board.tasks[i].id),
            };
        }
        None => app.notice = Some(app.words().no_match.to_owned()),
    }
}

/// The changes view: ↑/↓ pick a line, Enter jumps to its card, `d` or Tab
/// toggles the raw `git diff`, Esc (or `=`, `q`) closes.
fn on_changes_key(
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

/// Puts the cursor on a task, clearing filters that hide it; a deleted task
/// gets a notice instead.
fn jump_to_task(app: &mut App, id: u32) {
    if app.task_index(id).is_none() {
        app.notice = Some(format!("#{id}: {}", app.words().deleted));
        return;
    }
    if app.position_of(id).is_none() {
        set_filter(app, Filter::default());
    }
    if let Some(pos) = app.position_of(id) {
        app.cursor = pos;
    }
}

fn on_prompt_key(app: &mut App, mut prompt: Prompt, key: KeyEvent) -> Vec<Effect> {
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

fn on_confirm_key(app: &mut App, confirm: Confirm, key: KeyEvent) -> Vec<Effect> {
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
        (Confirm::ExternalChange, 'r') => vec![Effect::Reload],
        (Confirm::ExternalChange, 'k') => vec![Effect::SaveOver],
        (Confirm::ExternalChange, 's') => vec![Effect::SaveSide],
        (Confirm::Rewrite, 'y') => vec![Effect::SaveRewrite],
        (Confirm::Rewrite, _) => vec![],
        (keep, _) => {
            // Questions about data on disk must be answered, not dismissed.
            if matches!(keep, Confirm::Recovery | Confirm::ExternalChange) {
                app.mode = Mode::Confirm(keep);
            }
            vec![]
        }
    }
}
