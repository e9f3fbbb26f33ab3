//! What the board knows about git: a header summary, the HEAD version of the
//! board (for "changed since the last commit" markers and the changes view),
//! and the commit message it proposes. The runtime fills it from a background
//! thread; nothing here runs git.

use super::Lang;
use crate::domain::Board;
use crate::domain::diff::{Difference, differences};
pub use crate::git::Operation;
use std::collections::HashSet;

/// What the runtime learned from git (sent as `Msg::Git`).
#[derive(Debug, Clone, PartialEq)]
pub enum GitInfo {
    /// Not in a repository, or git missing: features are simply unavailable.
    Unavailable(String),
    Repo {
        /// The board as committed at HEAD (`None`: not committed yet).
        head: Option<Box<Board>>,
        branch: Option<String>,
        upstream: Option<String>,
        ahead: u32,
        behind: u32,
        /// The board has unmerged entries in git's index.
        conflicted: bool,
        /// A merge, rebase, cherry-pick or revert in progress.
        operation: Option<Operation>,
    },
}

/// The board's git state as the screen shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GitState {
    pub info: Option<GitInfo>,
    /// Tasks that differ from HEAD (added, changed or deleted), unsaved edits included.
    pub changed: HashSet<u32>,
}

impl GitState {
    pub fn head(&self) -> Option<&Board> {
        match &self.info {
            Some(GitInfo::Repo { head: Some(h), .. }) => Some(h),
            _ => None,
        }
    }

    pub fn is_repo(&self) -> bool {
        matches!(self.info, Some(GitInfo::Repo { .. }))
    }

    /// Recomputes the changed-task set against `board`.
    pub fn refresh(&mut self, board: &Board) {
        self.changed = match self.head() {
            Some(head) => changed_tasks(head, board),
            None if self.is_repo() => board.tasks.iter().map(|t| t.id).collect(),
            None => HashSet::new(),
        };
    }

    /// Git has the board unmerged, or an operation is stopped half-way: the
    /// header says so (in the error style), never `git: clean`.
    pub fn is_unfinished(&self) -> bool {
        matches!(
            self.info,
            Some(GitInfo::Repo {
                conflicted: true,
                ..
            }) | Some(GitInfo::Repo {
                operation: Some(_),
                ..
            })
        )
    }

    /// `git: clean`, `git: 3 tasks changed ↑1 ↓2`, `git: merging, board
    /// conflicted`, `git: merging, 2 tasks changed`, `not in git`.
    pub fn summary(&self, lang: Lang) -> Option<String> {
        let vi = lang == Lang::Vi;
        match self.info.as_ref()? {
            GitInfo::Unavailable(_) => {
                Some(if vi { "không có git" } else { "not in git" }.to_owned())
            }
            GitInfo::Repo {
                ahead,
                behind,
                upstream,
                conflicted,
                operation,
                ..
            } => {
                let n = self.changed.len();
                let changed = match (n, vi) {
                    (0, false) => "clean".to_owned(),
                    (0, true) => "sạch".to_owned(),
                    (1, false) => "1 task changed".to_owned(),
                    (n, false) => format!("{n} tasks changed"),
                    (n, true) => format!("{n} nhiệm vụ đã đổi"),
                };
                let doing = operation.map(|op| match (op, vi) {
                    (Operation::Merge, false) => "merging",
                    (Operation::Merge, true) => "đang gộp (merge)",
                    (Operation::Rebase, false) => "rebasing",
                    (Operation::Rebase, true) => "đang rebase",
                    (Operation::CherryPick, false) => "cherry-picking",
                    (Operation::CherryPick, true) => "đang cherry-pick",
                    (Operation::Revert, false) => "reverting",
                    (Operation::Revert, true) => "đang revert",
                });
                // Unmerged, the count against HEAD means nothing ("ours" is
                // HEAD): the conflict is what to say.
                let state = if *conflicted {
                    if vi {
                        "bảng có xung đột"
                    } else {
                        "board conflicted"
                    }
                    .to_owned()
                } else {
                    changed
                };
                let mut s = match doing {
                    Some(doing) => format!("git: {doing}, {state}"),
                    None => format!("git: {state}"),
                };
                if upstream.is_some() && (*ahead > 0 || *behind > 0) {
                    s.push_str(&format!(" ↑{ahead} ↓{behind}"));
                }
                Some(s)
            }
        }
    }
}

fn changed_tasks(head: &Board, board: &Board) -> HashSet<u32> {
    let mut out: HashSet<u32> = board
        .tasks
        .iter()
        .filter(|t| {
            head.tasks
                .binary_search_by_key(&t.id, |h| h.id)
                .map_or(true, |i| head.tasks[i] != **t)
        })
        .map(|t| t.id)
        .collect();
    out.extend(
        head.tasks
            .iter()
            .filter(|h| board.tasks.binary_search_by_key(&h.id, |t| t.id).is_err())
            .map(|h| h.id),
    );
    out
}

/// The task-level changes from HEAD to `board`.
pub fn changes_since_head(state: &GitState, board: &Board) -> Vec<Difference> {
    match state.head() {
        Some(head) => differences(head, board),
        None => differences(
            &Board {
                tasks: vec![],
                targets: vec![],
                ..board.clone()
            },
            board,
        ),
    }
}

/// A commit message for these changes, in the interface language: a subject
/// line naming the tasks, then one line per change.
pub fn commit_message(diffs: &[Difference], board: &Board, lang: Lang) -> (String, String) {
    let vi = lang == Lang::Vi;
    let mut ids: Vec<u32> = diffs.iter().filter_map(Difference::task).collect();
    ids.dedup();
    let status_of = |id: u32| {
        diffs.iter().find_map(|d| match d {
            Difference::TaskField {
                id: i,
                field: "status",
                after,
                ..
            } if *i == id => after.clone(),
            _ => None,
        })
    };
    let word = |s: &str| match (s, vi) {
        ("done", true) => "hoàn thành",
        ("in_progress", true) => "đang thực hiện",
        ("planned", true) => "chưa thực hiện",
        ("done", false) => "done",
        ("in_progress", false) => "in progress",
        (_, false) => "planned",
        (_, true) => "chưa thực hiện",
    };
    let subject = match ids.as_slice() {
        [] => if vi {
            "CCHC: cập nhật kế hoạch"
        } else {
            "CCHC: update the plan"
        }
        .to_owned(),
        [id] => match status_of(*id) {
            Some(s) => format!("CCHC: #{id} {}", word(&s)),
            None => {
                let title = board
                    .task(*id)
                    .map(|t| crate::text::truncate(&t.title, 50))
                    .unwrap_or_default();
                format!("CCHC: #{id} {title}")
            }
        },
        many => {
            let list: Vec<String> = many.iter().take(6).map(|i| format!("#{i}")).collect();
            let more = if many.len() > 6 { ", …" } else { "" };
            if vi {
                format!(
                    "CCHC: cập nhật {} nhiệm vụ ({}{more})",
                    many.len(),
                    list.join(", ")
                )
            } else {
                format!(
                    "CCHC: update {} tasks ({}{more})",
                    many.len(),
                    list.join(", ")
                )
            }
        }
    };
    let body = diffs
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;

    fn shipped() -> Board {
        crate::storage::shipped_for_tests()
    }

    fn repo(head: &Board) -> GitState {
        GitState {
            info: Some(GitInfo::Repo {
                head: Some(Box::new(head.clone())),
                branch: Some("main".into()),
                upstream: Some("origin/main".into()),
                ahead: 1,
                behind: 0,
                conflicted: false,
                operation: None,
            }),
            changed: HashSet::new(),
        }
    }

    #[test]
    fn changed_tasks_and_summary() {
        let head = shipped();
        let mut board = head.clone();
        let mut state = repo(&head);
        state.refresh(&board);
        assert_eq!(state.summary(Lang::En).as_deref(), Some("git: clean ↑1 ↓0"));
        board.set_status(12, Status::Done, "2024-01-05".parse().expect("date"));
        board.tasks.retain(|t| t.id != 3);
        state.refresh(&board);
        assert_eq!(state.changed, HashSet::from([3, 12]));
        assert_eq!(
            state.summary(Lang::Vi).as_deref(),
            Some("git: 2 nhiệm vụ đã đổi ↑1 ↓0")
        );
        let none = GitState {
            info: Some(GitInfo::Unavailable("x".into())),
            ..GitState::default()
        };
        assert_eq!(none.summary(Lang::En).as_deref(), Some("not in git"));
    }

    #[test]
    fn messages_name_the_tasks() {
        let head = shipped();
        let mut board = head.clone();
        board.set_status(12, Status::Done, "2024-01-05".parse().expect("date"));
        let state = repo(&head);
        let diffs = changes_since_head(&state, &board);
        let (subject, body) = commit_message(&diffs, &board, Lang::Vi);
        assert_eq!(subject, "CCHC: #12 hoàn thành");
        assert_eq!(
            body,
            "#12 status: planned → done\n#12 completed: (none) → 2024-01-05"
        );
        board.set_status(5, Status::InProgress, "2024-01-06".parse().expect("date"));
        let diffs = changes_since_head(&state, &board);
        assert_eq!(
            commit_message(&diffs, &board, Lang::En).0,
            "CCHC: update 2 tasks (#5, #12)"
        );
    }
}
