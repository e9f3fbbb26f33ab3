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

// ------------------------------------------------- git without a terminal

#[test]
fn ssh_runs_in_batch_mode_unless_it_is_not_openssh() {
    use cchc::git::ssh_command;
    const B: &str = "-o BatchMode=yes";
    // Nothing set: git's default ssh, in batch mode.
    assert_eq!(ssh_command(None, None, None), Some(format!("ssh {B}")));
    // The user's ssh command keeps its options; ours comes after them.
    assert_eq!(
        ssh_command(Some("ssh -i ~/.ssh/cchc -p 2222"), None, None),
        Some(format!("ssh -i ~/.ssh/cchc -p 2222 {B}"))
    );
    assert_eq!(
        ssh_command(Some("'/usr/local/bin/ssh' -4"), None, None),
        Some(format!("'/usr/local/bin/ssh' -4 {B}"))
    );
    // The environment wins over the config, as in git.
    assert_eq!(
        ssh_command(Some("my-wrapper"), None, Some("ssh -v")),
        None,
        "a wrapper is left alone"
    );
    assert_eq!(
        ssh_command(None, None, Some("/usr/bin/ssh -F /etc/cchc/ssh_config")),
        Some(format!("/usr/bin/ssh -F /etc/cchc/ssh_config {B}"))
    );
    assert_eq!(ssh_command(None, None, Some("plink -batch")), None);
    // GIT_SSH is a program without a shell: quoted for GIT_SSH_COMMAND.
    assert_eq!(
        ssh_command(None, Some("/opt/o'ssh/bin/ssh"), Some("ssh -v")),
        Some(format!("'/opt/o'\\''ssh/bin/ssh' {B}"))
    );
    assert_eq!(
        ssh_command(None, Some("/usr/bin/tortoiseplink"), None),
        None
    );
    // Empty values count as unset, as in git.
    assert_eq!(
        ssh_command(Some(" "), Some(""), None),
        Some(format!("ssh {B}"))
    );
}

/// The session this test runs in (Linux), to tell that git did not share it.
fn own_session() -> Option<String> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    // pid (comm) state ppid pgrp session …; comm may hold spaces.
    let after = &stat[stat.rfind(')')? + 2..];
    after.split_whitespace().nth(3).map(str::to_owned)
}

/// A repository whose `main` pushes to an ssh remote run by `ssh` (a script
/// written into the temporary directory, set as `core.sshCommand`).
fn repo_with_ssh_remote(ssh_name: &str, script: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = repo();
    let dir = tmp.path();
    let bin = dir.join(".test-bin");
    fs::create_dir(&bin).expect("bin dir");
    let ssh = bin.join(ssh_name);
    fs::write(&ssh, script).expect("write the ssh script");
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&ssh, fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    git_ok(
        dir,
        &[
            "remote",
            "add",
            "origin",
            "ssh://git.example.invalid/cchc/board.git",
        ],
    );
    git_ok(dir, &["config", "branch.main.remote", "origin"]);
    git_ok(dir, &["config", "branch.main.merge", "refs/heads/main"]);
    git_ok(
        dir,
        &["config", "core.sshCommand", &ssh.display().to_string()],
    );
    let log = dir.join(".test-ssh.log");
    (tmp, log)
}

#[test]
fn a_push_to_a_remote_whose_ssh_asks_for_a_password_fails_with_its_message() {
    let dir0 = tempfile::tempdir().expect("temp dir");
    let log = dir0.path().join("ssh.log");
    // An ssh that asks for a password on the terminal, as ssh does when it
    // has one: it records what it was given and whether it could ask.
    let script = format!(
        r#"#!/bin/sh
log='{log}'
echo "args=$*" > "$log"
echo "session=$(cut -d')' -f2 /proc/$$/stat 2>/dev/null | cut -d' ' -f5)" >> "$log"
echo "GIT_TERMINAL_PROMPT=$GIT_TERMINAL_PROMPT GIT_ASKPASS=[$GIT_ASKPASS] SSH_ASKPASS=[$SSH_ASKPASS] SSH_ASKPASS_REQUIRE=$SSH_ASKPASS_REQUIRE" >> "$log"
if [ -t 0 ]; then echo "stdin=tty" >> "$log"; else echo "stdin=not-a-tty" >> "$log"; fi
if (exec 3</dev/tty) 2>/dev/null; then
    echo "tty=opened" >> "$log"
    printf 'canbo@git.example.invalid password: ' > /dev/tty
    read -r password < /dev/tty
    echo "read a password" >> "$log"
    exit 0
fi
echo "tty=none" >> "$log"
echo "canbo@git.example.invalid: Permission denied (publickey,password)." >&2
exit 255
"#,
        log = log.display()
    );
    let (tmp, _) = repo_with_ssh_remote("asking-ssh", &script);
    let repo = Repo::discover(&tmp.path().join("board.yaml")).expect("a repository");
    let err = repo.push().expect_err("the push cannot succeed");
    let message = err.to_string();
    // Git's own words, on one line, with what ssh said.
    assert!(message.starts_with("git push failed: "), "{message}");
    assert!(
        message.contains("Permission denied (publickey,password)."),
        "{message}"
    );
    assert!(
        message.contains("Could not read from remote repository."),
        "{message}"
    );
    assert!(!message.contains('\n'), "{message}");

    let log = fs::read_to_string(&log).expect("the ssh script ran");
    assert!(log.contains("tty=none"), "{log}");
    assert!(log.contains("stdin=not-a-tty"), "{log}");
    assert!(
        log.contains(
            "GIT_TERMINAL_PROMPT=0 GIT_ASKPASS=[] SSH_ASKPASS=[] SSH_ASKPASS_REQUIRE=never"
        ),
        "{log}"
    );
    // A wrapper that is not OpenSSH's ssh gets no options of ours.
    assert!(!log.contains("BatchMode"), "{log}");
    // Not in our session, so without our terminal (whether or not the test
    // itself has one).
    if let Some(ours) = own_session() {
        let theirs = log
            .lines()
            .find_map(|l| l.strip_prefix("session="))
            .expect("the session line");
        assert!(!theirs.is_empty(), "{log}");
        assert_ne!(theirs, ours, "git ran in the test's session\n{log}");
    }
}

#[test]
fn pull_and_push_run_openssh_in_batch_mode() {
    let dir0 = tempfile::tempdir().expect("temp dir");
    let log = dir0.path().join("ssh.log");
    let script = format!(
        "#!/bin/sh\necho \"$*\" >> '{}'\necho 'ssh: Could not resolve hostname git.example.invalid' >&2\nexit 255\n",
        log.display()
    );
    let (tmp, _) = repo_with_ssh_remote("ssh", &script);
    let repo = Repo::discover(&tmp.path().join("board.yaml")).expect("a repository");
    let push = repo.push().expect_err("no such host").to_string();
    assert!(push.contains("Could not resolve hostname"), "{push}");
    let pull = repo.pull_ff_only().expect_err("no such host").to_string();
    assert!(pull.starts_with("git pull failed: "), "{pull}");
    assert!(
        pull.contains("Could not read from remote repository."),
        "{pull}"
    );
    let log = fs::read_to_string(&log).expect("ssh ran");
    let calls: Vec<&str> = log.lines().collect();
    assert_eq!(calls.len(), 2, "{log}");
    for call in calls {
        assert!(call.contains("-o BatchMode=yes"), "{call}");
        assert!(call.contains("git.example.invalid"), "{call}");
    }
}
