//! `update(app, msg) -> effects`: every state change of the interactive board.
//! A card moves in [`App::set_status`], which reuses the domain's
//! [`Board::set_status`](crate::domain::Board::set_status) so the CLI and the
//! board stamp and clear `completed` the same way.

use super::input::{on_changes_key, on_confirm_key, on_prompt_key};
use super::keymap::{Action, Key, Scope};
use super::nav::{jump_to_match, select_row, step_card, step_column, step_lane};
use super::view::Filter;
use super::{App, Confirm, Effect, Mode, Msg, Prompt, PromptKind, TaskEdit};
use crate::domain::Status;
use crossterm::event::{KeyEvent, KeyEventKind};

/// Applies one message; returns the IO the runtime must perform. Afterwards
/// the cursor's invariant holds: while any card is visible, one is selected.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let mut effects = dispatch(app, msg);
    // The report view follows the board (an outside change reloaded).
    effects.extend(app.report_follow_board());
    app.settle_cursor();
    effects
}

fn dispatch(app: &mut App, msg: Msg) -> Vec<Effect> {
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
            // `git diff` compares the saved file with the index: say what it
            // cannot show rather than show a blank page.
            let w = app.words();
            let mut shown = String::new();
            if app.is_dirty() {
                shown.push_str(w.raw_diff_unsaved);
                shown.push_str("\n\n");
            }
            if text.trim().is_empty() {
                shown.push_str(w.raw_diff_empty);
            } else {
                shown.push_str(&text);
            }
            app.raw_diff = Some(shown);
            vec![]
        }
        Msg::GitDone(Ok(text)) | Msg::GitDone(Err(text)) => {
            app.notice = Some(text);
            vec![]
        }
        Msg::Edited(Ok(task)) => {
            let mut task = *task;
            if let Some(before) = app.task_index(task.id).map(|i| app.board.tasks[i].clone()) {
                // A status changed by hand stamps or clears `completed` as a
                // move does, unless the user set `completed` themselves.
                if task.status != before.status && task.completed == before.completed {
                    task.completed = (task.status == Status::Done).then_some(app.today);
                }
            }
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
        Msg::Saved(Err(e)) => {
            // Nothing is lost (the edits stay, and in the recovery file), but
            // the user may want them in a file now: offer "save as".
            app.notice = Some(e.clone());
            app.quit_after_save = false;
            // (In the quit question it stays: s retries, y quits, Esc, then w
            // for this question.)
            if app.mode == Mode::Board {
                app.mode = Mode::Confirm(Confirm::SaveFailed(e));
            }
            vec![]
        }
        Msg::Edited(Err(e)) | Msg::Notice(e) => {
            app.notice = Some(e);
            vec![]
        }
        Msg::Saved(Ok(message)) => {
            app.mark_saved();
            app.notice = Some(message);
            if std::mem::take(&mut app.quit_after_save) || app.mode == Mode::Confirm(Confirm::Quit)
            {
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
        Msg::DiskGone => {
            // A read-only session leaves writing to the one that holds the
            // board; it only says so.
            if app.is_read_only() {
                app.notice = Some(app.words().board_deleted_kept.to_owned());
            } else {
                app.outside = None;
                app.mode = Mode::Confirm(Confirm::BoardDeleted);
            }
            vec![]
        }
        Msg::ReportBuilt {
            revision,
            report,
            source,
        } => {
            app.report_built(revision, *report, source);
            vec![]
        }
        Msg::PastVersion(then, source) => {
            app.past_version(then, &source);
            vec![]
        }
        Msg::ReportWritten(outcome) => {
            app.report_written(outcome);
            vec![]
        }
        Msg::ReportExists(path) => {
            app.report_exists(path);
            vec![]
        }
        Msg::DiskChanged { theirs, base } => {
            if app.is_dirty() {
                // Kept for `m` (merge); a newer change replaces an older one.
                app.outside = Some(Box::new(super::Outside {
                    base: *base,
                    theirs: *theirs,
                    resolved: None,
                }));
                app.mode = Mode::Confirm(Confirm::ExternalChange);
            } else {
                app.replace_board(*theirs);
                app.notice = Some(app.words().reloaded.to_owned());
                // The file loads cleanly again: any conflict was resolved.
                app.clear_conflicts();
            }
            vec![]
        }
    }
}

/// A key in the current mode, looked up in that mode's bindings (and the
/// bindings that apply anywhere, `Ctrl-z`).
fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let k = Key::from_event(&key);
    if app.keymap.action_in(Scope::Anywhere, k) == Some(Action::Suspend) {
        return vec![Effect::Suspend];
    }
    match app.mode.clone() {
        Mode::Board => match app.keymap.action_for(k) {
            Some(action) => on_action(app, action),
            None => vec![],
        },
        Mode::Targets { selected } => on_targets_key(app, selected, k),
        Mode::Report => super::report_view::on_report_key(app, k),
        Mode::Help { scroll } | Mode::Detail { scroll } => {
            let view_action = app.keymap.action_in(Scope::View, k);
            // The detail view takes the board's log and evidence keys too.
            if matches!(app.mode, Mode::Detail { .. })
                && view_action.is_none()
                && let Some(a) = app
                    .keymap
                    .action_for(k)
                    .filter(|a| super::keymap::DETAIL_EDITS.contains(a))
            {
                open_entry_prompt(app, a, true);
                return vec![];
            }
            let scroll = match view_action {
                Some(Action::ScrollDown) => scroll.saturating_add(1),
                Some(Action::ScrollUp) => scroll.saturating_sub(1),
                Some(Action::PageDown) => scroll.saturating_add(10),
                Some(Action::PageUp) => scroll.saturating_sub(10),
                Some(Action::Top) => 0,
                // Close, and any other key: back to the board.
                _ => {
                    app.mode = Mode::Board;
                    return vec![];
                }
            };
            app.mode = match app.mode {
                // Never past the last row (the view keeps at least one line).
                Mode::Help { .. } => {
                    let last = app.keymap.help_rows().len().saturating_sub(1);
                    Mode::Help {
                        scroll: scroll.min(u16::try_from(last).unwrap_or(u16::MAX)),
                    }
                }
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
        } => on_changes_key(app, lines, selected, raw, scroll, k),
        Mode::Confirm(confirm) => on_confirm_key(app, confirm, k),
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
        AddLog | AddEvidence => open_entry_prompt(app, action, false),
        Targets => app.mode = Mode::Targets { selected: 0 },
        Report => return app.open_report(),
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
            let step = app.history.undo(&mut app.board);
            after_history(app, step, app.words().nothing_to_undo);
        }
        Redo => {
            let step = app.history.redo(&mut app.board);
            after_history(app, step, app.words().nothing_to_redo);
        }
        Save => {
            if !app.is_read_only() {
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
        // The other scopes' actions never come from the board's bindings.
        ScrollDown | ScrollUp | PageDown | PageUp | Top | Close | ChangeDown | ChangeUp
        | RawDiff | GoToCard | CloseChanges | TargetDown | TargetUp | RecordMeasurement
        | CloseTargets | ReportPrev | ReportNext | ReportCalendar | ReportFormat | ReportWrite
        | ReportScrollDown | ReportScrollUp | CloseReport | Submit | Cancel | DeleteBack
        | ClearInput | NextChoice | PrevChoice | AnswerYes | AnswerSaveQuit | AnswerRestore
        | AnswerDiscard | AnswerMerge | AnswerReload | AnswerKeepMine | AnswerTakeTheirs
        | AnswerSideFile | AnswerSaveAs | AnswerWriteBack | AnswerStay | Suspend => {}
    }
    vec![]
}

/// Opens the log (`AddLog`) or evidence prompt for the selected card; from
/// the detail view (`detail`), which it comes back to.
fn open_entry_prompt(app: &mut App, action: Action, detail: bool) {
    if !editable(app) {
        return;
    }
    let Some(task) = app.cursor.task else {
        return;
    };
    let (kind, input) = if action == Action::AddLog {
        // The board's day, then the text: the date can be edited.
        let day = app.today.format("%Y-%m-%d");
        (PromptKind::AddLog { task, detail }, format!("{day} "))
    } else {
        (PromptKind::AddEvidence { task, detail }, String::new())
    };
    app.mode = Mode::Prompt(Prompt {
        kind,
        input,
        error: None,
    });
}

/// The targets view: next or previous target, record a measurement of the
/// selected one, close; undo, redo and save as on the board; other keys do
/// nothing.
fn on_targets_key(app: &mut App, selected: usize, key: Key) -> Vec<Effect> {
    let last = app.board.targets.len().saturating_sub(1);
    let selected = selected.min(last);
    app.mode = match app.keymap.action_in(Scope::Targets, key) {
        Some(Action::TargetDown) => Mode::Targets {
            selected: (selected + 1).min(last),
        },
        Some(Action::TargetUp) => Mode::Targets {
            selected: selected.saturating_sub(1),
        },
        Some(Action::RecordMeasurement) if !app.board.targets.is_empty() => {
            if !editable(app) {
                return vec![];
            }
            Mode::Prompt(Prompt {
                kind: PromptKind::Measure(selected),
                input: String::new(),
                error: None,
            })
        }
        Some(Action::CloseTargets) => Mode::Board,
        // Undo, redo and save work here as on the board.
        _ => {
            app.mode = Mode::Targets { selected };
            return match app
                .keymap
                .action_for(key)
                .filter(|a| super::keymap::TARGETS_BOARD.contains(a))
            {
                Some(a) => on_action(app, a),
                None => vec![],
            };
        }
    };
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
    if let Some(reason) = app.read_only() {
        app.notice = Some(reason);
        return false;
    }
    true
}

/// After undo or redo the cursor goes to the task the step brought back or
/// changed (an undone delete selects the restored card, not #1).
fn after_history(app: &mut App, step: Option<super::history::Replayed>, nothing: &str) {
    match step {
        Some(step) => {
            app.revision = step.revision;
            if step.focus.is_some() {
                app.cursor.task = step.focus;
            }
            app.board_changed();
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

pub(super) fn set_filter(app: &mut App, filter: Filter) {
    app.filter = filter;
    app.refresh();
}
