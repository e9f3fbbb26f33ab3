//! The board as of a past day from a scripted git history with backdated
//! commits (`crate::as_of`): the report for quarter I run in April says what
//! was true on 14/03, combining the history's statuses with `completed`
//! dates recorded later; outside git the file's dates alone, said once.

mod common;

use common::*;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn git(dir: &Path, args: &[&str], date: &str) -> Output {
    let mut cmd = Command::new("git");
    let stamp = format!("{date}T12:00:00+07:00");
    cmd.current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Cán bộ")
        .env("GIT_AUTHOR_EMAIL", "canbo@example.vn")
        .env("GIT_COMMITTER_NAME", "Cán bộ")
        .env("GIT_COMMITTER_EMAIL", "canbo@example.vn")
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .env("TZ", "Asia/Ho_Chi_Minh")
        .env("LC_ALL", "C");
    for var in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] {
        cmd.env_remove(var);
    }
    let o = cmd.output().expect("run git");
    assert!(o.status.success(), "git {args:?}: {o:?}");
    o
}

/// Replaces task `id`'s `  status: …` line with `lines`.
fn set(text: &str, id: u32, lines: &str) -> String {
    let at = text.find(&format!("- id: {id}\n")).expect("task");
    let rel = text[at..].find("  status: ").expect("status");
    let start = at + rel;
    let end = start + text[start..].find('\n').expect("eol") + 1;
    let mut out = text.to_owned();
    out.replace_range(start..end, lines);
    out
}

/// A repository with the shipped board committed on 02/01 (with
/// `message`): the repository, the board's path and its text.
fn planned(message: &str) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    git(dir, &["init", "-q", "-b", "main"], "2024-01-02");
    let shipped = String::from_utf8(shipped_bytes()).expect("utf-8");
    fs::create_dir(dir.join("boards")).expect("mkdir");
    let board = dir.join("boards/board.yaml");
    fs::write(&board, &shipped).expect("write");
    git(dir, &["add", "."], "2024-01-02");
    git(dir, &["commit", "-qm", message], "2024-01-02");
    (tmp, board, shipped)
}

/// A repository whose board was committed on 10/03 (task 3 in progress,
/// task 4 planned) and again on 05/04 (task 3 done on 02/04, task 6 done on
/// 14/03 recorded late, task 4 in progress, task 8 done 15/03); all four
/// are due at the end of 2024.
fn history() -> tempfile::TempDir {
    let (tmp, board, shipped) = planned("Kế hoạch");
    let dir = tmp.path();
    let march = set(&shipped, 3, "  status: in_progress\n");
    fs::write(&board, &march).expect("write");
    git(dir, &["commit", "-qam", "#3 in progress"], "2024-03-10");
    let mut april = set(&march, 3, "  status: done\n  completed: 2024-04-02\n");
    april = set(&april, 6, "  status: done\n  completed: 2024-03-14\n");
    april = set(&april, 4, "  status: in_progress\n");
    april = set(&april, 8, "  status: done\n  completed: 2024-03-15\n");
    fs::write(&board, &april).expect("write");
    git(dir, &["commit", "-qam", "April"], "2024-04-05");
    tmp
}

/// `cchc report --period 2024-Q1 --format json` run on `today`: its
/// output's text and its stderr.
fn report_text(dir: &Path, today: &str) -> (String, String) {
    let o = cchc_in(dir)
        .args([
            "--as-of", today, "report", "--period", "2024-Q1", "--format", "json", "-o", "-",
        ])
        .output()
        .expect("run");
    expect_code(&o, 0);
    (stdout(&o), stderr(&o))
}

fn report_json(dir: &Path, today: &str) -> (serde_json::Value, String) {
    let (out, err) = report_text(dir, today);
    (serde_json::from_str(&out).expect("json"), err)
}

fn state(r: &serde_json::Value, id: u64) -> String {
    r["appendix"]
        .as_array()
        .expect("appendix")
        .iter()
        .find(|l| l["id"] == id)
        .map(|l| l["state"].as_str().expect("state").to_owned())
        .expect("task")
}

#[test]
fn quarter_one_run_in_april_reads_the_board_of_14_march() {
    let tmp = history();
    let (r, err) = report_json(tmp.path(), "2024-04-10");
    // Recorded on 05/04 as completed 14/03: done in Q1.
    assert_eq!(state(&r, 6), "done");
    // Completed 02/04 and 15/03: not done on 14/03. The history of 10/03
    // says #3 was under way and #8 not started.
    assert_eq!(state(&r, 3), "in_progress");
    assert_eq!(state(&r, 8), "not_yet_due");
    // In progress today, but planned in the commit of 10/03.
    assert_eq!(state(&r, 4), "not_yet_due");
    assert!(err.is_empty(), "no note when the history answers: {err}");
}

#[test]
fn outside_git_the_file_rule_applies_and_is_said_once() {
    let tmp = history();
    fs::remove_dir_all(tmp.path().join(".git")).expect("drop .git");
    let (r, err) = report_json(tmp.path(), "2024-04-10");
    assert_eq!(state(&r, 6), "done");
    // Without history, #4 is as the file has it.
    assert_eq!(state(&r, 4), "in_progress");
    assert_eq!(err.matches("note:").count(), 1, "{err}");
    assert!(err.contains("completion dates"), "{err}");
}

#[test]
fn a_day_before_the_first_commit_says_there_is_no_history_then() {
    let tmp = history();
    let o = cchc_in(tmp.path())
        .args([
            "--as-of",
            "2024-04-10",
            "report",
            "--from",
            "2023-12-01",
            "--to",
            "2023-12-31",
            "--format",
            "json",
            "-o",
            "-",
        ])
        .output()
        .expect("run");
    expect_code(&o, 0);
    assert!(
        stderr(&o).contains("no commit on or before"),
        "{}",
        stderr(&o)
    );
}

/// `list` on `day`, cchc's today being `today` (the clock when `None`).
fn list_states(dir: &Path, day: &str, today: Option<&str>) -> (Vec<(u64, String)>, String) {
    let mut cmd = cchc_in(dir);
    if let Some(t) = today {
        cmd.env("CCHC_TODAY", t);
    }
    let o = cmd
        .args(["--as-of", day, "list", "--format", "json"])
        .output()
        .expect("run");
    expect_code(&o, 0);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let states = rows
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["id"].as_u64().expect("id"),
                r["state"].as_str().expect("state").to_owned(),
            )
        })
        .collect();
    (states, stderr(&o))
}

#[test]
fn every_command_reads_a_past_day_from_the_history() {
    let tmp = history();
    let (states, err) = list_states(tmp.path(), "2024-03-14", None);
    let state = |id| {
        states
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, s)| s.clone())
            .expect("task")
    };
    assert_eq!(state(6), "done", "completed 14/03, recorded later");
    assert_eq!(state(3), "in_progress");
    assert_eq!(state(4), "planned", "planned in the commit of 10/03");
    assert!(err.is_empty(), "{err}");
    // `show` says the same.
    let o = cchc_in(tmp.path())
        .args(["--as-of", "2024-03-14", "show", "4"])
        .output()
        .expect("run");
    expect_code(&o, 0);
    assert!(stdout(&o).contains("planned"), "{}", stdout(&o));
    // Today reads the file as it is: #4 in progress.
    let (states, _) = list_states(tmp.path(), "2024-04-10", Some("2024-04-10"));
    assert!(
        states.contains(&(4, "in_progress".to_owned())),
        "{states:?}"
    );
}

#[test]
fn a_day_that_is_today_never_asks_git() {
    let tmp = history();
    // A broken git on PATH: a call to it would fail loudly.
    let bin = tmp.path().join("bin");
    fs::create_dir(&bin).expect("mkdir");
    let git = bin.join("git");
    fs::write(&git, "#!/bin/sh\necho called >> \"$0.log\"\nexit 99\n").expect("write");
    let mut perms = fs::metadata(&git).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    fs::set_permissions(&git, perms).expect("chmod");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = cchc_in(tmp.path())
        .env("PATH", &path)
        .env("CCHC_TODAY", "2024-04-10")
        .args(["--as-of", "2024-04-10", "list", "--format", "json"])
        .output()
        .expect("run");
    expect_code(&o, 0);
    assert!(!bin.join("git.log").exists(), "git was called");
    // A past day reads the history in process (issue 12): still no git.
    let o = cchc_in(tmp.path())
        .env("PATH", &path)
        .env("CCHC_TODAY", "2024-04-10")
        .args(["--as-of", "2024-03-14", "list", "--format", "json"])
        .output()
        .expect("run");
    expect_code(&o, 0);
    assert!(!bin.join("git.log").exists(), "git was called");
    // No note: the statuses came from the history, not from the file alone.
    assert_eq!(stderr(&o), "");
    // Where the repository is not read in process (a variable that moves
    // git's search), git is asked, and its failure is said.
    let o = cchc_in(tmp.path())
        .env("PATH", &path)
        .env("GIT_CEILING_DIRECTORIES", "/nonexistent")
        .env("CCHC_TODAY", "2024-04-10")
        .args(["--as-of", "2024-03-14", "list", "--format", "json"])
        .output()
        .expect("run");
    expect_code(&o, 0);
    assert!(bin.join("git.log").exists(), "git was not called");
    assert!(stderr(&o).contains("note:"), "{}", stderr(&o));
}

#[test]
fn a_board_renamed_since_is_followed_back_to_its_old_name() {
    let tmp = history();
    let dir = tmp.path();
    git(
        dir,
        &["mv", "boards/board.yaml", "boards/so-xay-dung-2024.yaml"],
        "2024-04-06",
    );
    git(dir, &["commit", "-qm", "Đổi tên tệp"], "2024-04-06");
    let state = states_on(dir, "boards/so-xay-dung-2024.yaml", "2024-03-14");
    let four = state(4);
    assert_eq!(four, "planned", "planned in the commit of 10/03");
}

#[test]
fn a_board_merged_from_two_branches_is_read_from_the_merge_commit() {
    // The newest commit on or before the day is a merge whose board differs
    // from both parents (git log lists it, with no file names).
    let tmp = history();
    let dir = tmp.path();
    let board = dir.join("boards/board.yaml");
    git(
        dir,
        &["checkout", "-qb", "colleague", "HEAD~1"],
        "2024-03-11",
    );
    let theirs = set(
        &fs::read_to_string(&board).expect("read"),
        10,
        "  status: in_progress\n",
    );
    fs::write(&board, theirs).expect("write");
    git(dir, &["commit", "-qam", "#10 in progress"], "2024-03-11");
    git(dir, &["checkout", "-q", "main"], "2024-04-07");
    git(
        dir,
        &["merge", "-q", "--no-edit", "--no-ff", "colleague"],
        "2024-04-07",
    );
    let state = states_on(dir, "boards/board.yaml", "2024-04-08");
    assert_eq!(
        state(10),
        "in_progress",
        "the colleague's side of the merge"
    );
    assert_eq!(state(4), "in_progress", "our side of the merge");
}

/// The tasks' states as `list --format json` gives them for `board` as of
/// `day` (today 20/04/2024), asserting that the history was found (no note).
fn states_on(dir: &Path, board: &str, day: &str) -> impl Fn(u64) -> serde_json::Value {
    let o = cchc_in(dir)
        .args(["-b", board, "--as-of", day, "list", "--format", "json"])
        .env("CCHC_TODAY", "2024-04-20")
        .output()
        .expect("run");
    expect_code(&o, 0);
    assert!(
        stderr(&o).is_empty(),
        "the history was found: {}",
        stderr(&o)
    );
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    move |id| {
        rows.as_array()
            .expect("rows")
            .iter()
            .find(|r| r["id"] == id)
            .expect("task")["state"]
            .clone()
    }
}

/// The same `--as-of` answer read in process and by git (a variable that
/// moves git's search forces the git path).
fn as_of_both_ways(dir: &Path, args: &[&str]) -> (String, String) {
    let run = |by_git: bool| {
        let mut c = cchc_in(dir);
        c.env("CCHC_TODAY", "2024-07-01").args(args);
        if by_git {
            c.env("GIT_CEILING_DIRECTORIES", "/nonexistent");
        }
        let o = c.output().expect("run");
        expect_code(&o, 0);
        String::from_utf8(o.stdout).expect("utf-8")
    };
    (run(false), run(true))
}

/// Found by review: with `log.follow` set, git's `log -1 -- FILE` follows
/// renames and never shows a merge, so the git path read the side a merge
/// discarded. Both paths now read the file's own history.
#[test]
fn log_follow_in_the_users_config_does_not_change_the_past() {
    let (tmp, board, shipped) = planned("plan");
    let dir = tmp.path();
    git(dir, &["checkout", "-q", "-b", "side"], "2024-01-02");
    fs::write(&board, set(&shipped, 3, "  status: in_progress\n")).expect("write");
    git(dir, &["commit", "-qam", "side: #3"], "2024-03-12");
    git(dir, &["checkout", "-q", "main"], "2024-01-02");
    fs::write(&board, set(&shipped, 4, "  status: in_progress\n")).expect("write");
    git(dir, &["commit", "-qam", "main: #4"], "2024-03-11");
    git(
        dir,
        &["merge", "-q", "-s", "ours", "-m", "merge", "side"],
        "2024-03-13",
    );
    git(dir, &["config", "log.follow", "true"], "2024-01-02");
    let args = ["--as-of", "2024-03-14", "list", "--format", "json"];
    let (in_process, by_git) = as_of_both_ways(dir, &args);
    assert_eq!(in_process, by_git);
    let list: serde_json::Value = serde_json::from_str(&in_process).expect("json");
    let status = |id: u64| {
        list.as_array()
            .expect("array")
            .iter()
            .find(|t| t["id"] == id)
            .map(|t| t["status"].clone())
    };
    // The merge kept main's board: #4 in progress, #3 still planned.
    assert_eq!(status(4), Some("in_progress".into()), "{in_process}");
    assert_eq!(status(3), Some("planned".into()), "{in_process}");
}

/// The shipped board's tasks repeated, ids renumbered, until the file is
/// well past the size from which a report reads the board's frame first and
/// the older version a task at a time (256 KiB); the first tasks are the
/// shipped ones.
fn large(shipped: &str) -> String {
    let start = shipped.find("\ntasks:\n").expect("tasks") + "\ntasks:\n".len();
    let end = shipped.find("\ntargets:").expect("targets") + 1;
    let mut out = shipped[..start].to_owned();
    let mut id = 1;
    while out.len() < 400 * 1024 {
        for line in shipped[start..end].split_inclusive('\n') {
            if line.starts_with("- id: ") {
                out.push_str(&format!("- id: {id}\n"));
                id += 1;
            } else {
                out.push_str(line);
            }
        }
    }
    out.push_str(&shipped[end..]);
    out
}

/// The report of quarter I as the library makes it from both versions
/// parsed whole: today's board, and the version of the last commit on or
/// before 14/03 (`git show`), set beside it by `as_of::board_on`.
fn report_from_whole_versions(dir: &Path, today: &str) -> String {
    let board = dir.join("boards/board.yaml");
    let now = cchc::storage::load(&board).expect("loads").board;
    let old = git(dir, &["show", "HEAD~1:boards/board.yaml"], "2024-04-10").stdout;
    let then = cchc::storage::parse(Path::new("then.yaml"), old)
        .expect("the version loads")
        .board;
    let p = cchc::report::period::Period::parse("2024-Q1", false, &now.calendar()).expect("period");
    let day = p.to;
    let b = cchc::as_of::board_on(now, day, Some(&then));
    let r = cchc::report::model::build(b, &p, today.parse().expect("day"));
    cchc::report::render_json::render(&r)
}

#[test]
fn a_large_boards_report_reads_the_history_as_the_whole_versions_say() {
    // The history of `history()` on a board of some 400 KiB, with changes
    // far down the list too: #300 done on 01/03 in the commit of 10/03, then
    // reopened; #301's deadline extended after 14/03 (the history's deadline
    // counts); #302 done on 12/03 recorded later; #303 done 20/03, not started
    // in the commit of 10/03.
    let (tmp, board, shipped) = planned("Kế hoạch");
    let dir = tmp.path();
    let base = large(&shipped);
    assert!(base.len() > 256 * 1024 && base.contains("- id: 303\n"));
    fs::write(&board, &base).expect("write");
    git(dir, &["commit", "-qam", "large"], "2024-01-03");
    let mut march = set(&base, 3, "  status: in_progress\n");
    march = set(&march, 300, "  status: done\n  completed: 2024-03-01\n");
    march = set(
        &march,
        301,
        "  status: in_progress\n  due: 2024-03-10\n  due_reason: Công văn 1\n",
    );
    fs::write(&board, &march).expect("write");
    git(dir, &["commit", "-qam", "March"], "2024-03-10");
    let mut april = set(&march, 3, "  status: done\n  completed: 2024-04-02\n");
    april = set(&april, 6, "  status: done\n  completed: 2024-03-14\n");
    april = set(&april, 300, "  status: in_progress\n");
    april = april.replacen(
        "  due: 2024-03-10\n  due_reason: Công văn 1\n",
        "  due: 2024-06-30\n  due_reason: Công văn 2\n",
        1,
    );
    april = set(&april, 302, "  status: done\n  completed: 2024-03-12\n");
    april = set(&april, 303, "  status: done\n  completed: 2024-03-20\n");
    fs::write(&board, &april).expect("write");
    git(dir, &["commit", "-qam", "April"], "2024-04-05");

    let (out, err) = report_text(dir, "2024-04-10");
    assert!(err.is_empty(), "{err}");
    assert_eq!(out, report_from_whole_versions(dir, "2024-04-10"));
    let r: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(state(&r, 3), "in_progress");
    assert_eq!(state(&r, 6), "done");
    assert_eq!(state(&r, 300), "done", "done on 01/03 by the history");
    assert_eq!(state(&r, 301), "overdue", "the deadline of 14/03 was 10/03");
    assert_eq!(state(&r, 302), "done");
    assert_eq!(
        state(&r, 303),
        "not_yet_due",
        "done 20/03; not started on 10/03"
    );
}
