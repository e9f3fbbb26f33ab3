//! Someone else's version of the board meeting the user's unsaved edits: a
//! change on disk while editing, or a recovery file whose base the disk has
//! moved on from. Both go through the merge driver's three-way merge
//! ([`crate::merge::merge3`]), base = the version the edits started from.

use super::{App, Confirm, Effect, Mode};
use crate::domain::{Board, Severity, validate};

/// The versions a merge needs, kept while the user answers.
#[derive(Debug, Clone)]
pub struct Outside {
    /// The board the unsaved edits started from (as loaded or last saved).
    pub base: Board,
    /// What the disk holds now.
    pub theirs: Board,
    /// After a merge with conflicts: the merge settled mine's way, theirs' way.
    pub resolved: Option<(Board, Board)>,
}

/// How many conflict lines the question lists before "… and N more".
const LISTED: usize = 8;

impl App {
    /// Takes a board recovered from an earlier session as unsaved edits; when
    /// the disk (`disk`, now shown) moved on from the version the recovery was
    /// based on (`base`), the recovered edits are merged with the disk's
    /// changes, asking only about real conflicts. Without a base (a recovery
    /// file of an older version), the recovered board is taken as it is.
    pub fn restore_merging(&mut self, recovered: Board, base: Option<Board>) -> Vec<Effect> {
        let disk = self.board.clone();
        if recovered == disk {
            // Saved after all (the journal had no time to drop the file).
            self.notice = Some(self.words().recovered_in_file.to_owned());
            return vec![];
        }
        self.restore_unsaved(recovered);
        match base {
            Some(base) if base != disk => {
                self.outside = Some(Box::new(Outside {
                    base,
                    theirs: disk,
                    resolved: None,
                }));
                let effects = self.merge_outside();
                if self.mode == Mode::Board {
                    self.notice = Some(self.words().restored_merged.to_owned());
                }
                effects
            }
            _ => vec![],
        }
    }

    /// `m`: merges the outside version into the unsaved board. Clean: the
    /// merge becomes the unsaved board; with conflicts: asks about them.
    pub(super) fn merge_outside(&mut self) -> Vec<Effect> {
        let Some(outside) = self.outside.as_mut() else {
            self.notice = Some(self.words().cannot_merge.to_owned());
            self.mode = Mode::Confirm(Confirm::ExternalChange);
            return vec![];
        };
        let merged = crate::merge::merge3(&outside.base, &self.board, &outside.theirs);
        let mut lines: Vec<String> = merged.conflicts.iter().map(ToString::to_string).collect();
        if merged.is_clean() {
            lines.extend(errors(&merged.ours));
        }
        if lines.is_empty() {
            let theirs = outside.theirs.clone();
            self.outside = None;
            self.take_merge(merged.ours, theirs);
            self.notice = Some(self.words().merged.to_owned());
            return vec![Effect::AdoptDisk];
        }
        outside.resolved = Some((merged.ours, merged.theirs));
        if lines.len() > LISTED {
            let more = lines.len() - LISTED;
            lines.truncate(LISTED);
            lines.push(format!("… (+{more})"));
        }
        self.mode = Mode::Confirm(Confirm::MergeConflict(lines));
        vec![]
    }

    /// `k` / `t` in the conflict question: the merge with each conflict
    /// settled mine's way or theirs' way (every clean change of both kept).
    pub(super) fn settle_merge(&mut self, mine: bool) -> Vec<Effect> {
        let Some((ours, theirs_way)) = self.outside.as_ref().and_then(|o| o.resolved.clone())
        else {
            return vec![];
        };
        let board = if mine { ours } else { theirs_way };
        if let Some(problem) = errors(&board).into_iter().next() {
            // Never a board that cannot be loaded back: ask again.
            self.notice = Some(format!("{}: {problem}", self.words().merge_invalid));
            return vec![];
        }
        if let Some(outside) = self.outside.take() {
            self.take_merge(board, outside.theirs);
        }
        self.notice = Some(self.words().merged.to_owned());
        vec![Effect::AdoptDisk]
    }

    /// The merged board becomes the unsaved board, its base what is on disk.
    /// No undo across it: an undo would put back whole tasks as they were
    /// before the merge, silently dropping the other side's changes to them.
    fn take_merge(&mut self, board: Board, theirs: Board) {
        if board == theirs {
            self.replace_board(board);
            return;
        }
        self.board = board;
        self.history.clear();
        self.new_revision();
        // No state of this session is what the disk holds now.
        self.saved_revision = u64::MAX;
        self.board_changed();
    }
}

fn errors(board: &Board) -> Vec<String> {
    validate(board)
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect()
}
