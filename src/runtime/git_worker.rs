//! Git off the key path: a worker thread per request, results as messages.

use super::events::Waker;
use super::first_line;
use crate::app::{self, Msg};
use crate::storage;
use std::path::{Path, PathBuf};

/// Git work, always on a thread of its own so that a slow hook, a network
/// push or a large repository never delays a key press; outcomes come back as
/// messages that the loop picks up.
pub(super) struct GitWorker {
    board: PathBuf,
    tx: Sender,
    pub(super) results: std::sync::mpsc::Receiver<Msg>,
}

/// The results' sender, which wakes the loop's wait after each message.
#[derive(Clone)]
struct Sender {
    tx: std::sync::mpsc::Sender<Msg>,
    wake: Option<Waker>,
}

impl Sender {
    fn send(&self, msg: Msg) {
        if self.tx.send(msg).is_ok()
            && let Some(w) = &self.wake
        {
            w.wake();
        }
    }
}

pub(super) enum GitJob {
    RawDiff,
    Commit(String),
    Pull,
    Push,
}

impl GitWorker {
    /// Results wake the loop through `wake`, when the terminal has one.
    pub(super) fn new(board: &Path, wake: Option<Waker>) -> GitWorker {
        let (tx, results) = std::sync::mpsc::channel();
        GitWorker {
            board: board.to_owned(),
            tx: Sender { tx, wake },
            results,
        }
    }

    /// Recomputes the header's git state (status, upstream, HEAD's board).
    pub(super) fn refresh(&self) {
        let (board, tx) = (self.board.clone(), self.tx.clone());
        std::thread::spawn(move || {
            tx.send(Msg::Git(git_info(&board)));
        });
    }

    /// Builds the report of `board` for `period` as `cchc report` does (the
    /// statuses of the window's last day from the board file's git
    /// history), for the report view.
    pub(super) fn report(
        &self,
        period: crate::report::period::Period,
        board: Box<crate::domain::Board>,
        revision: u64,
        today: chrono::NaiveDate,
        clock: chrono::NaiveDate,
    ) {
        let (path, tx) = (self.board.clone(), self.tx.clone());
        std::thread::spawn(move || {
            let (report, source) =
                crate::report::file::build_as_of(&path, *board, None, &period, today, clock);
            tx.send(Msg::ReportBuilt {
                revision,
                report: Box::new(report),
                source,
            });
        });
    }

    /// The board's version on `day` from git, for the cards of a past day
    /// (`Msg::PastVersion`).
    pub(super) fn past_version(&self, day: chrono::NaiveDate) {
        let (board, tx) = (self.board.clone(), self.tx.clone());
        std::thread::spawn(move || {
            let msg = match crate::git::board_on(&board, day) {
                Ok(Some((hash, date, bytes))) => {
                    match storage::parse(Path::new("past.yaml"), bytes) {
                        Ok(f) => Msg::PastVersion(
                            Some(Box::new(f.board)),
                            crate::as_of::Source::History { hash, date },
                        ),
                        Err(_) => Msg::PastVersion(None, crate::as_of::Source::NoCommitBefore),
                    }
                }
                Ok(None) => Msg::PastVersion(None, crate::as_of::Source::NoCommitBefore),
                Err(e) => Msg::PastVersion(None, crate::as_of::Source::NoGit(e.to_string())),
            };
            tx.send(msg);
        });
    }

    pub(super) fn job(&self, job: GitJob) {
        let (board, tx) = (self.board.clone(), self.tx.clone());
        std::thread::spawn(move || {
            let repo = match crate::git::Repo::discover(&board) {
                Ok(r) => r,
                Err(e) => {
                    tx.send(Msg::GitDone(Err(e.to_string())));
                    return;
                }
            };
            let done = |r: Result<String, crate::git::GitError>, what: &str| {
                Msg::GitDone(
                    r.map(|m| format!("{what} {}", first_line(&m)))
                        .map_err(|e| e.to_string()),
                )
            };
            let msg = match job {
                GitJob::RawDiff => Msg::RawDiff(repo.raw_diff().unwrap_or_else(|e| e.to_string())),
                GitJob::Commit(message) => done(repo.commit(&message), "committed"),
                GitJob::Pull => done(repo.pull_ff_only(), "pulled:"),
                GitJob::Push => done(repo.push(), "pushed:"),
            };
            let refresh = !matches!(msg, Msg::RawDiff(_));
            tx.send(msg);
            if refresh {
                tx.send(Msg::Git(git_info(&board)));
            }
        });
    }
}

fn git_info(board: &Path) -> app::GitInfo {
    let repo = match crate::git::Repo::discover(board) {
        Ok(r) => r,
        Err(e) => return app::GitInfo::Unavailable(e.to_string()),
    };
    let status = repo.status().unwrap_or_default();
    let head = repo
        .show("HEAD")
        .ok()
        .flatten()
        .and_then(|bytes| storage::parse(Path::new("HEAD"), bytes).ok())
        .map(|f| Box::new(f.board));
    app::GitInfo::Repo {
        head,
        branch: status.branch,
        upstream: status.upstream,
        ahead: status.ahead,
        behind: status.behind,
        conflicted: status.conflicted,
        operation: status.operation,
    }
}
