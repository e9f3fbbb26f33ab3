//! Undo and redo for the whole session, as task-level edits (not board
//! snapshots), so a 10,000-task board costs only the changed tasks per step.

use crate::domain::{Board, Target, Task};

/// One task before and after a change; `None` means absent (added or deleted).
#[derive(Debug, Clone, PartialEq)]
pub struct TaskEdit {
    pub before: Option<Task>,
    pub after: Option<Task>,
}

impl TaskEdit {
    fn id(&self) -> u32 {
        self.after
            .as_ref()
            .or(self.before.as_ref())
            .map_or(0, |t| t.id)
    }

    fn inverse(&self) -> TaskEdit {
        TaskEdit {
            before: self.after.clone(),
            after: self.before.clone(),
        }
    }
}

/// One target before and after a change (a measurement recorded); targets
/// are neither added nor removed on the board, so both sides exist.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetEdit {
    pub index: usize,
    pub before: Target,
    pub after: Target,
}

/// Puts the edit's `after` (or `before`, when `undo`) at its index.
pub fn apply_target(board: &mut Board, edit: &TargetEdit, undo: bool) {
    if let Some(slot) = board.targets.get_mut(edit.index) {
        *slot = if undo { &edit.before } else { &edit.after }.clone();
    }
}

/// Applies edits to the board, keeping tasks in id order.
pub fn apply(board: &mut Board, edits: &[TaskEdit]) {
    for edit in edits {
        let id = edit.id();
        let at = board.tasks.binary_search_by_key(&id, |t| t.id);
        match (at, &edit.after) {
            (Ok(i), Some(task)) => board.tasks[i] = task.clone(),
            (Ok(i), None) => {
                board.tasks.remove(i);
            }
            (Err(i), Some(task)) => board.tasks.insert(i, task.clone()),
            (Err(_), None) => {}
        }
    }
}

/// A step of history: the edits and the revision number the board had after them.
#[derive(Debug, Clone)]
struct Step {
    edits: Vec<TaskEdit>,
    targets: Vec<TargetEdit>,
    before_revision: u64,
    after_revision: u64,
}

/// What an undo or redo did: the revision the board is back at, and a task
/// that exists after it (for the cursor), if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replayed {
    pub revision: u64,
    pub focus: Option<u32>,
}

fn focus(edits: &[TaskEdit]) -> Option<u32> {
    edits.iter().find_map(|e| e.after.as_ref().map(|t| t.id))
}

#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The largest id in redo steps dropped by a new edit (they may have been
    /// saved meanwhile, so their ids stay taken).
    dropped_max_id: u32,
}

impl History {
    pub fn record(&mut self, edits: Vec<TaskEdit>, before_revision: u64, after_revision: u64) {
        self.push(Step {
            edits,
            targets: Vec::new(),
            before_revision,
            after_revision,
        });
    }

    pub fn record_target(&mut self, edit: TargetEdit, before_revision: u64, after_revision: u64) {
        self.push(Step {
            edits: Vec::new(),
            targets: vec![edit],
            before_revision,
            after_revision,
        });
    }

    fn push(&mut self, step: Step) {
        self.undo.push(step);
        let dropped = self.redo.drain(..);
        let dropped = dropped.flat_map(|s| s.edits.into_iter().map(|e| e.id()));
        self.dropped_max_id = dropped.fold(self.dropped_max_id, u32::max);
    }

    /// Reverts the last step.
    pub fn undo(&mut self, board: &mut Board) -> Option<Replayed> {
        let step = self.undo.pop()?;
        let inverse: Vec<TaskEdit> = step.edits.iter().rev().map(TaskEdit::inverse).collect();
        apply(board, &inverse);
        for t in step.targets.iter().rev() {
            apply_target(board, t, true);
        }
        let done = Replayed {
            revision: step.before_revision,
            focus: focus(&inverse),
        };
        self.redo.push(step);
        Some(done)
    }

    /// Re-applies the last undone step.
    pub fn redo(&mut self, board: &mut Board) -> Option<Replayed> {
        let step = self.redo.pop()?;
        apply(board, &step.edits);
        for t in &step.targets {
            apply_target(board, t, false);
        }
        let done = Replayed {
            revision: step.after_revision,
            focus: focus(&step.edits),
        };
        self.undo.push(step);
        Some(done)
    }

    /// Forgets everything (after a reload from disk).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    /// Ids of tasks touched by any step, undone or not (never reused by "add").
    pub fn max_id(&self) -> u32 {
        self.undo
            .iter()
            .chain(&self.redo)
            .flat_map(|s| s.edits.iter().map(TaskEdit::id))
            .max()
            .unwrap_or(0)
            .max(self.dropped_max_id)
    }
}
