//! The interactive board's state machine, with no terminal and no IO.
//!
//! The runtime turns terminal events into [`Msg`]s and calls [`update`], which
//! changes the [`App`] and returns [`Effect`]s (save, quit, open the editor) for
//! the runtime to perform; their outcomes come back as messages. Rendering
//! (`crate::ui`) only reads the `App`. So everything the board does can be
//! tested by feeding messages, without a terminal.
//!
//! `update` dispatches messages and board actions (a card moves in
//! [`App::set_status`]); `nav` moves the cursor; `input` handles the modes that
//! take text or an answer; `view` derives lanes and columns; `history` is
//! undo/redo; `git_view` is what the board knows about git; `report_view` is
//! the report view (`R`); `keymap` and `i18n` are data.

mod action;
pub mod git_view;
mod history;
pub mod i18n;
mod input;
pub mod keymap;
mod nav;
mod outside;
mod question;
pub mod report_view;
mod update;
pub mod view;

use crate::domain::{Board, Task};
use crate::schedule::{Assessment, Column};
use chrono::NaiveDate;
pub use git_view::{GitInfo, GitState};
use history::History;
pub use history::{TargetEdit, TaskEdit};
pub use i18n::Lang;
pub use keymap::{Action, Key, Keymap, Scope};
pub use outside::Outside;
pub use report_view::ReportView;
pub use update::update;
use view::{BoardView, Filter};

/// Where the cursor is: a lane, a column, and the selected card if the cell
/// has any. The card is remembered by task id so it survives re-sorting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub lane: usize,
    pub column: Column,
    pub task: Option<u32>,
}

/// What the keyboard is talking to.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Board,
    Help {
        scroll: u16,
    },
    Detail {
        scroll: u16,
    },
    Prompt(Prompt),
    Confirm(Confirm),
    /// The plan's targets with their readings on the board's day; the
    /// selected one's measurement history below the list.
    Targets {
        selected: usize,
    },
    /// The report view: a period's report before it is written (its state
    /// is [`App::report`]).
    Report,
    /// The task-level changes since HEAD (or the raw `git diff` when `raw`).
    Changes {
        lines: Vec<crate::domain::diff::Difference>,
        selected: usize,
        raw: bool,
        scroll: u16,
    },
}

/// A one-line text input at the bottom of the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PromptKind {
    /// Incremental: the cursor follows the first match as you type.
    Search,
    FilterLead,
    SetDue(u32),
    /// A progress-log entry for the task: `YYYY-MM-DD text` (the date
    /// starts as the board's day). `detail`: opened from the detail view,
    /// which comes back after it.
    AddLog {
        task: u32,
        detail: bool,
    },
    /// Evidence for the task: `number | date | title [| issuer]`, or free
    /// text (no `|`).
    AddEvidence {
        task: u32,
        detail: bool,
    },
    /// A measurement of the target at this index: `value [date] [source]`.
    Measure(usize),
    /// The title of a new task in the given area.
    AddTitle(String),
    /// The commit message's subject (the body lists the changes).
    Commit {
        body: String,
    },
    /// Where to write the board after a save failed (a new file).
    SaveAs,
}

/// A question the user must answer before anything else happens.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    Delete(u32),
    Quit,
    /// A recovery file from an earlier session exists.
    Recovery,
    /// The file changed on disk while there were unsaved edits.
    ExternalChange,
    /// Merging the outside version found these conflicts (one line each).
    MergeConflict(Vec<String>),
    /// A save failed for this reason: offer to save elsewhere.
    SaveFailed(String),
    /// The file has hand formatting (comments, quoting) that saving rewrites.
    Rewrite,
    /// The board file was deleted while open: write it back, or save as.
    BoardDeleted,
    /// The report file (this path, as shown) exists: replace it?
    OverwriteReport(String),
}

/// Inputs to [`update`].
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(crossterm::event::KeyEvent),
    /// The terminal was resized (the next draw adapts; nothing to change).
    Resize,
    /// The editor returned this task (already validated), or an error to show.
    Edited(Result<Box<Task>, String>),
    /// A save finished: `Ok(message)` or `Err(reason)`; on error the edits stay.
    Saved(Result<String, String>),
    /// A save was refused because the file changed on disk.
    SaveConflict,
    /// A save needs the user's consent to rewrite hand formatting.
    NeedsRewrite,
    /// Something the user should read in the footer.
    Notice(String),
    /// Git state, computed off the input path.
    Git(GitInfo),
    /// The raw `git diff` of the board, for the changes view.
    RawDiff(String),
    /// A commit, pull or push finished: what git said.
    GitDone(Result<String, String>),
    /// The file on disk now holds `theirs` (someone else saved it); `base` is
    /// the board as loaded or last saved here, which unsaved edits started from.
    DiskChanged {
        theirs: Box<Board>,
        base: Box<Board>,
    },
    /// The board file is gone from disk (deleted or moved away).
    DiskGone,
    /// The report of the board at `revision`, with the statuses of its
    /// window's last day from git history (as `cchc report` builds it).
    ReportBuilt {
        revision: u64,
        report: Box<crate::report::model::Report>,
        source: crate::as_of::Source,
    },
    /// For a past day: the board's version in the last commit on or before
    /// it (`None` when there is none), and where the statuses come from.
    PastVersion(Option<Box<Board>>, crate::as_of::Source),
    /// A report file was written (its path), or why not.
    ReportWritten(Result<std::path::PathBuf, String>),
    /// The report file exists and replacing it was not asked for.
    ReportExists(std::path::PathBuf),
}

/// Work for the runtime: IO that the pure core cannot do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Save,
    /// Save even though the file changed on disk (the user chose "keep mine").
    SaveOver,
    /// Save although it rewrites the file's hand formatting (the user agreed).
    SaveRewrite,
    /// Save the board to a side file next to the original.
    SaveSide,
    /// Write the board to this new file (after a failed save).
    SaveAs(String),
    /// Reload the file from disk, dropping local edits.
    Reload,
    /// The unsaved board now includes what is on disk (a merge): the version
    /// on disk becomes the base of the next save.
    AdoptDisk,
    Edit(Box<Task>),
    RestoreRecovery,
    DiscardRecovery,
    /// Fetch `git diff` of the board for the changes view.
    RawDiff,
    /// Save if needed, then commit the board with this message.
    Commit(String),
    /// `git pull --ff-only`.
    Pull,
    /// `git push` (never forced).
    Push,
    Quit,
    /// Give the terminal back to the shell until `fg` (`Ctrl-z`).
    Suspend,
    /// Build the report of `board` (the board at that revision) for
    /// `period` with git history's statuses; answered by
    /// [`Msg::ReportBuilt`].
    BuildReport {
        period: crate::report::period::Period,
        board: Box<Board>,
        revision: u64,
    },
    /// Write a report file: `bytes` (the report in `format`) to `path`,
    /// atomically, over an existing file only when `overwrite`; answered by
    /// [`Msg::ReportWritten`] or [`Msg::ReportExists`].
    WriteReport {
        path: std::path::PathBuf,
        format: crate::report::Format,
        bytes: Vec<u8>,
        overwrite: bool,
    },
}

/// The whole state of the interactive board.
#[derive(Debug, Clone)]
pub struct App {
    pub board: Board,
    pub today: NaiveDate,
    /// For a past day: the board's version in the last commit on or before
    /// it ([`Msg::PastVersion`]). The cards then stand as on that day by the
    /// as-of rule ([`crate::as_of::board_on`]): statuses and deadlines from
    /// this version, combined with the file's `completed` dates. Edits still
    /// go to `board`.
    pub past: Option<Box<Board>>,
    /// With `past`: the board as it stood on the day, which the cards and
    /// the detail view show ([`App::shown`]).
    shown: Option<Board>,
    /// Today by the clock (the runtime's): a `today` before it is a past day,
    /// whose board and reports are read from the history.
    pub clock: NaiveDate,
    pub horizon: i64,
    pub lang: Lang,
    /// The language of the reports written from the board (and of the
    /// report view's sentences): Vietnamese unless chosen.
    pub report_lang: Lang,
    pub keymap: Keymap,
    pub view: BoardView,
    pub cursor: Cursor,
    pub mode: Mode,
    pub filter: Filter,
    /// The folded search text, when a search is active.
    pub search: Option<String>,
    /// Folded searchable text per task index, built on the first search after
    /// a board change.
    search_index: Option<Vec<String>>,
    /// A one-line message for the footer (cleared by the next key).
    pub notice: Option<String>,
    /// Another session holds the board's lock: what to tell the user. One of
    /// the causes of [`App::read_only`].
    pub locked: Option<String>,
    /// The file has git conflict markers (read-only until it loads cleanly):
    /// the other cause of [`App::read_only`].
    pub conflicted: bool,
    /// Tasks inside git conflict regions of the file (empty when the regions
    /// are in the plan, areas or targets only).
    pub conflicts: Vec<u32>,
    /// What git says about the board (filled in by the runtime).
    pub git: GitState,
    /// The raw `git diff`, once fetched for the changes view.
    pub raw_diff: Option<String>,
    /// An outside version of the board waiting for the user's answer.
    pub outside: Option<Box<Outside>>,
    /// What the "save as" prompt starts with (set by the runtime).
    pub save_as_hint: String,
    /// The board file's path (set by the runtime): reports are written
    /// beside it.
    pub board_path: std::path::PathBuf,
    /// The report view's state while it is open.
    pub report: Option<ReportView>,
    history: History,
    /// The user chose "save and quit": quit once a save succeeds, even after
    /// a question on the way (hand formatting).
    pub quit_after_save: bool,
    /// The row the cursor was last on, kept across shorter cells so that
    /// moving through them comes back to the same line.
    row_hint: usize,
    /// The column the user last chose, kept across lanes that have no card
    /// in it, so that `j` through such a lane comes back to the same column.
    column_hint: Column,
    revision: u64,
    saved_revision: u64,
    next_revision: u64,
}

impl App {
    pub fn new(board: Board, today: NaiveDate) -> App {
        let view = BoardView::build(&board, today, &Filter::default());
        let mut app = App {
            board,
            today,
            past: None,
            shown: None,
            clock: today,
            horizon: crate::schedule::DEFAULT_HORIZON_DAYS,
            lang: Lang::En,
            report_lang: Lang::Vi,
            keymap: Keymap::default(),
            view,
            cursor: Cursor {
                lane: 0,
                column: Column::Planned,
                task: None,
            },
            mode: Mode::Board,
            filter: Filter::default(),
            search: None,
            search_index: None,
            notice: None,
            locked: None,
            conflicted: false,
            history: History::default(),
            quit_after_save: false,
            git: GitState::default(),
            conflicts: Vec::new(),
            raw_diff: None,
            outside: None,
            save_as_hint: String::new(),
            board_path: std::path::PathBuf::new(),
            report: None,
            row_hint: 0,
            column_hint: Column::Planned,
            revision: 0,
            saved_revision: 0,
            next_revision: 1,
        };
        app.settle_cursor();
        app
    }

    /// Unsaved changes exist.
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    pub fn mark_saved(&mut self) {
        self.saved_revision = self.revision;
    }

    pub fn words(&self) -> &'static i18n::Words {
        self.lang.words()
    }

    /// The board as the cards show it: on a past day with its history, as it
    /// stood then (statuses, deadlines, records of that day); else the board.
    /// Edits go to [`App::board`].
    pub fn shown(&self) -> &Board {
        self.shown.as_ref().unwrap_or(&self.board)
    }

    /// The selected card's task as shown (see [`App::shown`]).
    pub fn selected_shown(&self) -> Option<(&Task, &Assessment)> {
        let id = self.cursor.task?;
        let i = self.task_index(id)?;
        Some((&self.shown().tasks[i], &self.view.assessments[i]))
    }

    pub fn selected(&self) -> Option<(&Task, &Assessment)> {
        let id = self.cursor.task?;
        let i = self.task_index(id)?;
        Some((&self.board.tasks[i], &self.view.assessments[i]))
    }

    pub fn task_index(&self, id: u32) -> Option<usize> {
        self.board.tasks.binary_search_by_key(&id, |t| t.id).ok()
    }

    /// Whether the task at `index` matches the active search.
    pub fn is_match(&self, index: usize) -> bool {
        let Some(q) = self.search.as_deref() else {
            return false;
        };
        let task = &self.board.tasks[index];
        match &self.search_index {
            Some(folded) => matches_folded(task.id, &folded[index], q),
            None => matches_folded(task.id, &search_text(task), q),
        }
    }

    fn ensure_search_index(&mut self) {
        if self.search_index.is_none() {
            self.search_index = Some(self.board.tasks.iter().map(search_text).collect());
        }
    }

    /// Applies edits as one undoable step.
    fn apply(&mut self, edits: Vec<TaskEdit>) {
        if edits.is_empty() {
            return;
        }
        history::apply(&mut self.board, &edits);
        let before = self.revision;
        let after = self.new_revision();
        self.history.record(edits, before, after);
        self.board_changed();
    }

    /// Replaces the target at `index` (a measurement recorded) as one
    /// undoable step.
    fn apply_target(&mut self, edit: TargetEdit) {
        if edit.before == edit.after {
            return;
        }
        history::apply_target(&mut self.board, &edit, false);
        let before = self.revision;
        let after = self.new_revision();
        self.history.record_target(edit, before, after);
        self.board_changed();
    }

    /// The file has merge conflicts around these tasks: read-only until resolved.
    pub fn set_conflicts(&mut self, ids: Vec<u32>) {
        self.conflicted = true;
        self.conflicts = ids;
        self.notice = self.conflict_reason();
    }

    /// The file loads cleanly again: the conflict cause of read-only is gone
    /// (another session's lock, if any, still holds).
    pub fn clear_conflicts(&mut self) {
        self.conflicted = false;
        self.conflicts.clear();
    }

    fn conflict_reason(&self) -> Option<String> {
        if !self.conflicted {
            return None;
        }
        let list: Vec<String> = self.conflicts.iter().map(|i| format!("#{i}")).collect();
        let place = if list.is_empty() {
            "plan/areas/targets".to_owned()
        } else {
            list.join(", ")
        };
        Some(self.words().conflicted.replace("{ids}", &place))
    }

    /// Why the board cannot be edited, when it cannot: derived from its
    /// causes (conflict markers in the file, another session's lock), each
    /// named, the conflict first.
    pub fn read_only(&self) -> Option<String> {
        let reasons: Vec<String> = [self.conflict_reason(), self.locked.clone()]
            .into_iter()
            .flatten()
            .collect();
        (!reasons.is_empty()).then(|| reasons.join("; "))
    }

    pub fn is_read_only(&self) -> bool {
        self.conflicted || self.locked.is_some()
    }

    /// Takes a board recovered from an earlier session as unsaved edits.
    pub fn restore_unsaved(&mut self, board: Board) {
        self.board = board;
        self.history.clear();
        self.new_revision();
        self.board_changed();
    }

    /// A number that changes whenever the board does (for snapshotting).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Replaces the board with what is on disk (no undo across a reload).
    pub fn replace_board(&mut self, board: Board) {
        self.board = board;
        self.outside = None;
        self.history.clear();
        self.saved_revision = self.new_revision();
        self.board_changed();
    }

    /// Moves to a fresh revision number (the board is a new state).
    fn new_revision(&mut self) -> u64 {
        self.revision = self.next_revision;
        self.next_revision += 1;
        self.revision
    }

    /// The board itself changed: what is derived from it alone (search text,
    /// changes against git HEAD) is dropped or recomputed, then the view.
    fn board_changed(&mut self) {
        self.search_index = None;
        // While a search is active the cards ask for matches every frame.
        if self.search.is_some() {
            self.ensure_search_index();
        }
        self.git.refresh(&self.board);
        self.refresh();
    }

    /// Recomputes the view (board × day × filters) and keeps the cursor on the
    /// same task if visible, else on the nearest card. Filters call this alone.
    fn refresh(&mut self) {
        // Same tasks in the same order: the view's indices stay the board's.
        self.shown = self
            .past
            .as_ref()
            .map(|then| crate::as_of::board_on(self.board.clone(), self.today, Some(then)));
        self.view = BoardView::build(self.shown(), self.today, &self.filter);
        self.settle_cursor();
    }

    /// The board's version of the past day arrived (or there is none: `None`,
    /// with why in `source`): the cards are rebuilt as they stood then.
    pub(crate) fn past_version(&mut self, then: Option<Box<Board>>, source: &crate::as_of::Source) {
        let w = self.words();
        let day = self.today.format("%d/%m/%Y").to_string();
        self.notice = Some(match (&then, source) {
            (Some(_), crate::as_of::Source::History { date, .. }) => w
                .past_from_history
                .replace("{day}", &day)
                .replace("{commit}", date),
            (_, crate::as_of::Source::NoGit(_)) => w.past_no_git.replace("{day}", &day),
            _ => w.past_without_history.replace("{day}", &day),
        });
        self.past = then;
        self.refresh();
    }

    /// The lane, column of a visible task.
    fn position_of(&self, id: u32) -> Option<Cursor> {
        let index = self.task_index(id)?;
        self.view.lanes.iter().enumerate().find_map(|(l, lane)| {
            Column::ALL
                .into_iter()
                .find(|&c| lane.column(c).contains(&index))
                .map(|column| Cursor {
                    lane: l,
                    column,
                    task: Some(id),
                })
        })
    }

    fn cards_here(&self) -> &[usize] {
        self.view
            .lanes
            .get(self.cursor.lane)
            .map_or(&[], |l| l.column(self.cursor.column))
    }

    /// Row of the selected card in its cell.
    pub fn selected_row(&self) -> Option<usize> {
        let i = self.task_index(self.cursor.task?)?;
        self.cards_here().iter().position(|&x| x == i)
    }
}

/// The text search looks in: title, output, lead and support units, folded.
pub fn search_text(task: &Task) -> String {
    crate::text::fold(&format!(
        "{} {} {} {}",
        task.title, task.output, task.lead, task.support
    ))
}

/// Search matches the id (`12` or `#12`) or the folded text; `query` is folded.
pub fn matches_folded(id: u32, folded: &str, query: &str) -> bool {
    let q = query.trim();
    if q.is_empty() {
        return false;
    }
    match q.trim_start_matches('#').parse::<u32>() {
        Ok(n) => id == n,
        Err(_) => folded.contains(q),
    }
}
