//! `cchc::git::Repo` against real git in temporary repositories: what the
//! board's header learns mid-merge, and git run without a terminal (a remote
//! whose ssh asks for a password fails with git's message, never a prompt).

mod common;

use cchc::git::{Operation, Repo};
use common::*;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// `git` in `dir` for setting repositories up, isolated from the user's and
/// the system's config.
fn git(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Cán bộ")
        .env("GIT_AUTHOR_EMAIL", "canbo@example.vn")
        .env("GIT_COMMITTER_NAME", "Cán bộ")
        .env("GIT_COMMITTER_EMAIL", "canbo@example.vn")
        .env("GIT_MERGE_AUTOEDIT", "no")
        .env("GIT_EDITOR", "true")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C");
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_COMMON_DIR",
    ] {
        cmd.env_remove(var);
    }
    cmd.output().expect("run git")
}

fn git_ok(dir: &Path, args: &[&str]) -> String {
    let o = git(dir, args);
    assert!(
        o.status.success(),
        "git {args:?} failed\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A repository on `main` with the shipped board as `board.yaml`.
fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    git_ok(dir, &["init", "-q", "-b", "main"]);
    fs::write(dir.join("board.yaml"), shipped_bytes()).expect("write board");
    git_ok(dir, &["add", "."]);
    git_ok(dir, &["commit", "-qm", "Kế hoạch CCHC 2024"]);
    tmp
}

/// Sets task 5's status line in `board.yaml` (a plain text edit).
fn set_status_5(dir: &Path, status: &str) {
    let text = fs::read_to_string(dir.join("board.yaml")).expect("read");
    let at = text.find("- id: 5\n").expect("task 5");
    let rel = text[at..].find("  status: planned\n").expect("status of 5");
    let mut out = text.clone();
    out.replace_range(
        at + rel..at + rel + "  status: planned\n".len(),
        &format!("  status: {status}\n"),
    );
    fs::write(dir.join("board.yaml"), out).expect("write");
}

#[test]
fn mid_merge_status_reports_the_conflict_and_the_merge() {
    let tmp = repo();
    let dir = tmp.path();
    let board = dir.join("board.yaml");
    let r = Repo::discover(&board).expect("a repository");
    let s = r.status().expect("status");
    assert_eq!(
        (s.conflicted, s.operation, s.modified),
        (false, None, false)
    );

    git_ok(dir, &["checkout", "-qb", "other"]);
    set_status_5(dir, "in_progress");
    git_ok(dir, &["commit", "-qam", "#5 in progress"]);
    git_ok(dir, &["checkout", "-q", "main"]);
    set_status_5(dir, "done");
    git_ok(dir, &["commit", "-qam", "#5 done"]);
    // No merge driver here: git's own text merge conflicts on the line.
    let o = git(dir, &["merge", "--no-edit", "other"]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");

    let s = r.status().expect("status");
    assert!(s.conflicted, "{s:?}");
    assert_eq!(s.operation, Some(Operation::Merge));

    // Resolved and added, not yet committed: still merging, no longer conflicted.
    git_ok(dir, &["checkout", "--ours", "board.yaml"]);
    git_ok(dir, &["add", "board.yaml"]);
    let s = r.status().expect("status");
    assert_eq!((s.conflicted, s.operation), (false, Some(Operation::Merge)));
    git_ok(dir, &["commit", "-q", "--no-edit"]);
    let s = r.status().expect("status");
    assert_eq!((s.conflicted, s.operation), (false, None));
}

#[test]
fn a_stopped_cherry_pick_is_reported_too() {
    let tmp = repo();
    let dir = tmp.path();
    let r = Repo::discover(&dir.join("board.yaml")).expect("a repository");
    git_ok(dir, &["checkout", "-qb", "other"]);
    set_status_5(dir, "in_progress");
    git_ok(dir, &["commit", "-qam", "#5 in progress"]);
    git_ok(dir, &["checkout", "-q", "main"]);
    set_status_5(dir, "done");
    git_ok(dir, &["commit", "-qam", "#5 done"]);
    let o = git(dir, &["cherry-pick", "other"]);
    assert!(!o.status.success(), "{o:?}");
    let s = r.status().expect("status");
    assert_eq!(
        (s.conflicted, s.operation),
        (true, Some(Operation::CherryPick))
    );
}
