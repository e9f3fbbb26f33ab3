//! Keys in the modes that take text or an answer: prompts (search, lead
//! filter, deadline, new task, commit message), questions, the changes view.

use super::keymap::{Action, Key, Scope};
use super::nav::{jump_to_match, jump_to_task};
use super::update::set_filter;
use super::view::Filter;
use super::{App, Confirm, Effect, Mode, Prompt, PromptKind, TaskEdit};
use crate::domain::{Document, Evidence, LogEntry, Measurement, Task};
use crate::text::fold;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The changes view: its own bindings (next/previous change, raw diff, go
/// to the card, close), then the scrolling views' page keys for the raw diff.
pub(super) fn on_changes_key(
    app: &mut App,
    lines: Vec<crate::domain::diff::Difference>,
    mut selected: usize,
    mut raw: bool,
    mut scroll: u16,
    key: Key,
) -> Vec<Effect> {
    let mut effects = vec![];
    let action = app
        .keymap
        .action_in(Scope::Changes, key)
        .or_else(|| app.keymap.action_in(Scope::View, key));
    match action {
        Some(Action::ChangeDown) if raw => scroll = scroll.saturating_add(1),
        Some(Action::ChangeUp) if raw => scroll = scroll.saturating_sub(1),
        Some(Action::PageDown) if raw => scroll = scroll.saturating_add(10),
        Some(Action::PageUp) if raw => scroll = scroll.saturating_sub(10),
        Some(Action::Top) if raw => scroll = 0,
        Some(Action::ChangeDown) => selected = (selected + 1).min(lines.len().saturating_sub(1)),
        Some(Action::ChangeUp) => selected = selected.saturating_sub(1),
        Some(Action::RawDiff) => {
            raw = !raw;
            scroll = 0;
            if raw && app.raw_diff.is_none() {
                effects.push(Effect::RawDiff);
            }
        }
        Some(Action::GoToCard) if !raw => {
            app.mode = Mode::Board;
            if let Some(id) = lines.get(selected).and_then(|d| d.task()) {
                jump_to_task(app, id);
            }
            return effects;
        }
        Some(Action::CloseChanges | Action::Close) => {
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
    let ctrl = key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match app.keymap.action_in(Scope::Prompt, Key::from_event(&key)) {
        Some(Action::Cancel) => {
            if prompt.kind == PromptKind::Search {
                app.search = None;
            }
            app.mode = back_from(&prompt.kind);
            return vec![];
        }
        Some(Action::Submit) => return submit_prompt(app, prompt),
        Some(Action::DeleteBack) => {
            // A whole letter with its marks (`ệ` typed as e + two marks).
            use unicode_segmentation::UnicodeSegmentation;
            let keep = prompt
                .input
                .grapheme_indices(true)
                .next_back()
                .map_or(0, |(i, _)| i);
            prompt.input.truncate(keep);
        }
        Some(Action::ClearInput) => prompt.input.clear(),
        Some(a @ (Action::NextChoice | Action::PrevChoice)) => {
            if prompt.kind == PromptKind::FilterLead {
                prompt.input = next_unit(app, &prompt.input, a == Action::NextChoice);
            }
        }
        // Anything else that is a character is text.
        _ => match key.code {
            KeyCode::Char(c) if !ctrl && !c.is_control() => prompt.input.push(c),
            _ => {}
        },
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

/// Where a prompt goes back to when it closes: the view it was opened from.
fn back_from(kind: &PromptKind) -> Mode {
    match kind {
        PromptKind::AddLog { detail: true, .. } | PromptKind::AddEvidence { detail: true, .. } => {
            Mode::Detail { scroll: 0 }
        }
        PromptKind::Measure(index) => Mode::Targets { selected: *index },
        _ => Mode::Board,
    }
}

/// Changes task `id` with `change` as one undoable step (nothing when the
/// task is gone or nothing changed); the cursor stays on it.
fn edit_task(app: &mut App, id: u32, change: impl FnOnce(&mut Task)) {
    if let Some(before) = app.task_index(id).map(|i| app.board.tasks[i].clone()) {
        let mut after = before.clone();
        change(&mut after);
        if after != before {
            app.cursor.task = Some(id);
            app.apply(vec![TaskEdit {
                before: Some(before),
                after: Some(after),
            }]);
        }
    }
}

fn submit_prompt(app: &mut App, mut prompt: Prompt) -> Vec<Effect> {
    app.mode = back_from(&prompt.kind);
    match prompt.kind.clone() {
        PromptKind::AddLog { task, .. } => match parse_log(&prompt.input).and_then(|e| {
            if e.date > app.today {
                Err(EntryError::AfterDay(app.today))
            } else {
                Ok(e)
            }
        }) {
            Ok(entry) => edit_task(app, task, |t| {
                t.add_log(entry);
            }),
            Err(e) => {
                prompt.error = Some(e.words(app.words()));
                app.mode = Mode::Prompt(prompt);
            }
        },
        PromptKind::AddEvidence { task, .. } => match parse_evidence(&prompt.input) {
            Ok(Some(evidence)) => edit_task(app, task, |t| t.evidence.push(evidence)),
            Ok(None) => {}
            Err(e) => {
                prompt.error = Some(e.words(app.words()));
                app.mode = Mode::Prompt(prompt);
            }
        },
        PromptKind::Measure(index) => {
            match parse_measurement(&prompt.input, app.today).and_then(|m| {
                match (m, app.board.targets.get(index)) {
                    (Some(m), _) if m.date > app.today => Err(EntryError::AfterDay(app.today)),
                    (Some(m), Some(t)) if !t.unit.admits(m.value) => {
                        Err(EntryError::OutOfRange(prompt.input.trim().to_owned()))
                    }
                    (m, _) => Ok(m),
                }
            }) {
                Ok(Some(m)) => {
                    if let Some(before) = app.board.targets.get(index).cloned() {
                        let mut after = before.clone();
                        after.record(m);
                        app.apply_target(super::TargetEdit {
                            index,
                            before,
                            after,
                        });
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    prompt.error = Some(e.words(app.words()));
                    app.mode = Mode::Prompt(prompt);
                }
            }
        }
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
            let Some(id) = app.board.next_task_id(app.history.max_id()) else {
                app.notice = Some(format!(
                    "no task id is left after {} (the largest possible); not added",
                    u32::MAX
                ));
                return vec![];
            };
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

/// Why a log, evidence or measurement prompt's text was refused; the text
/// stays in the prompt for the user to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryError {
    /// This is not a date (`YYYY-MM-DD` or `DD/MM/YYYY`).
    BadDate(String),
    /// A log entry needs words after its date.
    NoText,
    /// Text with `|` that is not `number | date | title [| issuer]`.
    EvidenceForm,
    /// This is not a number.
    BadValue(String),
    /// A number the target's unit cannot take (a percentage over 100).
    OutOfRange(String),
    /// Dated after the board's day: the record would not exist yet on the
    /// day the board shows (as `cchc log` refuses it).
    AfterDay(chrono::NaiveDate),
}

impl EntryError {
    /// The message in the interface's language.
    pub fn words(&self, w: &super::i18n::Words) -> String {
        match self {
            EntryError::BadDate(bad) => format!("`{bad}`: {}", w.bad_date),
            EntryError::NoText => w.log_needs_text.to_owned(),
            EntryError::EvidenceForm => w.evidence_form.to_owned(),
            EntryError::BadValue(bad) => format!("`{bad}`: {}", w.bad_value),
            EntryError::OutOfRange(bad) => format!("`{bad}`: {}", w.out_of_range),
            EntryError::AfterDay(d) => w
                .after_day
                .replace("{date}", &d.format("%d/%m/%Y").to_string()),
        }
    }
}

/// Text typed (or pasted) on the board as the file keeps it: NFC (an input
/// method may send decomposed letters), control characters as spaces and
/// invisible format characters visible (`text::clean`), surrounding white
/// space removed.
fn stored(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let s: String = s.nfc().collect();
    crate::text::clean(&s).trim().to_owned()
}

fn parse_day(t: &str) -> Result<chrono::NaiveDate, EntryError> {
    match parse_due(t) {
        Ok(Some(d)) => Ok(d),
        _ => Err(EntryError::BadDate(t.to_owned())),
    }
}

/// `2024-03-14 what was done` (or `14/03/2024 …`): a progress-log entry.
pub fn parse_log(input: &str) -> Result<LogEntry, EntryError> {
    let t = input.trim();
    let (date, text) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    let date = parse_day(date)?;
    let text = stored(text);
    if text.is_empty() {
        return Err(EntryError::NoText);
    }
    Ok(LogEntry {
        date,
        text,
        evidence: vec![],
    })
}

/// `12/KH-SXD | 05/01/2024 | Kế hoạch CCHC [| UBND tỉnh]`: a document; text
/// without `|` is free text; nothing typed is nothing to add.
pub fn parse_evidence(input: &str) -> Result<Option<Evidence>, EntryError> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if !t.contains('|') {
        return Ok(Some(Evidence::Text(stored(t))));
    }
    let parts: Vec<String> = t.split('|').map(stored).collect();
    let (number, date, title, issuer) = match parts.as_slice() {
        [n, d, title] => (n, d, title, None),
        [n, d, title, i] => (n, d, title, Some(i)),
        _ => return Err(EntryError::EvidenceForm),
    };
    if number.is_empty() || title.is_empty() || date.is_empty() {
        return Err(EntryError::EvidenceForm);
    }
    Ok(Some(Evidence::Document(Document {
        number: number.clone(),
        date: parse_day(date)?,
        title: title.clone(),
        issuer: issuer.filter(|i| !i.is_empty()).cloned(),
        link: None,
    })))
}

/// `72,5 [2024-03-14] [source words…]`: a measurement (decimal comma or
/// point, an optional `%`), dated `day` unless a date follows the value;
/// nothing typed is nothing to record.
pub fn parse_measurement(
    input: &str,
    day: chrono::NaiveDate,
) -> Result<Option<Measurement>, EntryError> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let (value, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    let number = value.trim_end_matches('%').replace(',', ".");
    let value = match number.parse::<f64>() {
        Ok(v) if v.is_finite() => v,
        _ => return Err(EntryError::BadValue(value.to_owned())),
    };
    let rest = rest.trim_start();
    let (first, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    // A word of digits with `-` or `/` is meant as a date (and must be one).
    let dated = !first.is_empty()
        && first.chars().any(|c| c.is_ascii_digit())
        && first
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '/')
        && first.contains(['-', '/']);
    let (date, source) = if dated {
        (parse_day(first)?, stored(after))
    } else {
        (day, stored(rest))
    };
    Ok(Some(Measurement {
        date,
        value,
        source: (!source.is_empty()).then_some(source),
    }))
}

/// A key in a question: the answer it gives among those the question offers
/// (from the keymap); any other key closes a dismissable question and is
/// ignored by one that must be answered.
pub(super) fn on_confirm_key(app: &mut App, confirm: Confirm, key: Key) -> Vec<Effect> {
    use Action::*;
    if let Confirm::OverwriteReport(_) = confirm {
        let replace = app.keymap.answer(&confirm, key) == Some(AnswerYes);
        return app.answer_overwrite(replace);
    }
    let Some(answer) = app.keymap.answer(&confirm, key) else {
        if confirm.dismissable() {
            app.quit_after_save = false;
        }
        if confirm == Confirm::BoardDeleted {
            app.notice = Some(app.words().board_deleted_kept.to_owned());
        }
        app.mode = if confirm.dismissable() {
            Mode::Board
        } else {
            Mode::Confirm(confirm)
        };
        return vec![];
    };
    app.mode = Mode::Board;
    match (confirm, answer) {
        (Confirm::Delete(id), AnswerYes) => {
            if let Some(before) = app.task_index(id).map(|i| app.board.tasks[i].clone()) {
                app.cursor.task = None;
                app.apply(vec![TaskEdit {
                    before: Some(before),
                    after: None,
                }]);
            }
            vec![]
        }
        (Confirm::Quit, AnswerYes) => vec![Effect::Quit],
        (Confirm::Quit, AnswerSaveQuit) => {
            if let Some(reason) = app.read_only() {
                app.notice = Some(reason);
                return vec![];
            }
            // Stay in the question until the save reports back; on success it
            // quits (also after a hand-formatting question on the way).
            app.mode = Mode::Confirm(Confirm::Quit);
            app.quit_after_save = true;
            vec![Effect::Save]
        }
        (Confirm::Recovery, AnswerRestore) => vec![Effect::RestoreRecovery],
        (Confirm::Recovery, AnswerDiscard) => vec![Effect::DiscardRecovery],
        (Confirm::ExternalChange, AnswerMerge) => app.merge_outside(),
        (Confirm::ExternalChange | Confirm::MergeConflict(_), AnswerReload) => {
            app.outside = None;
            vec![Effect::Reload]
        }
        (Confirm::ExternalChange, AnswerKeepMine) => {
            app.outside = None;
            vec![Effect::SaveOver]
        }
        (Confirm::ExternalChange | Confirm::MergeConflict(_), AnswerSideFile) => {
            app.outside = None;
            vec![Effect::SaveSide]
        }
        (Confirm::MergeConflict(lines), a @ (AnswerKeepMine | AnswerTakeTheirs)) => {
            let effects = app.settle_merge(a == AnswerKeepMine);
            if effects.is_empty() {
                app.mode = Mode::Confirm(Confirm::MergeConflict(lines));
            }
            effects
        }
        (Confirm::BoardDeleted, AnswerWriteBack) => vec![Effect::Save],
        (Confirm::SaveFailed(_) | Confirm::BoardDeleted, AnswerSaveAs) => {
            app.mode = Mode::Prompt(Prompt {
                kind: PromptKind::SaveAs,
                input: app.save_as_hint.clone(),
                error: None,
            });
            vec![]
        }
        (Confirm::Rewrite, AnswerYes) if !app.is_read_only() => vec![Effect::SaveRewrite],
        // AnswerStay, and answers a question does not offer (never reached:
        // `Keymap::answer` only returns offered ones).
        _ => vec![],
    }
}
