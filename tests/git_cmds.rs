//! `cchc changes`, `cchc history` and `cchc git-setup` against real
//! temporary repositories with fixed identities and dates, so commit hashes
//! (and so the snapshots) are reproducible.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const SHIPPED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/boards/so-xay-dung-nam-dinh-2024.yaml"
);

/// The test process's PATH without any directory holding a `cchc`, so that
/// `git-setup` sees the machine as one where cchc is not installed.
fn path_without_cchc() -> std::ffi::OsString {
    let dirs: Vec<PathBuf> = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .filter(|d| !d.join("cchc").exists())
        .collect();
    std::env::join_paths(dirs).expect("join PATH")
}

struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        std::fs::create_dir(repo.path().join("boards")).expect("mkdir");
        std::fs::copy(SHIPPED, repo.board()).expect("copy");
        repo.git(&["init", "-q", "-b", "main"]);
        repo.commit("2024-01-02", "Kế hoạch CCHC 2024");
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn board(&self) -> PathBuf {
        self.path().join("boards/board.yaml")
    }

    /// git in the repository, with a fixed identity and no user or system config.
    fn git_command(&self) -> std::process::Command {
        let mut c = std::process::Command::new("git");
        c.current_dir(self.path())
            .env("PATH", path_without_cchc())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Nguyễn Văn A")
            .env("GIT_AUTHOR_EMAIL", "a@so-xay-dung.vn")
            .env("GIT_COMMITTER_NAME", "Nguyễn Văn A")
            .env("GIT_COMMITTER_EMAIL", "a@so-xay-dung.vn");
        c
    }

    fn git(&self, args: &[&str]) -> String {
        let out = self.git_command().args(args).output().expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    fn commit(&self, day: &str, message: &str) {
        self.git(&["add", "boards/board.yaml"]);
        let date = format!("{day}T09:00:00+07:00");
        let out = self
            .git_command()
            .args(["-c", "commit.gpgsign=false", "commit", "-q", "-m", message])
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .output()
            .expect("git commit");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn cchc(&self, args: &[&str]) -> Command {
        self.cchc_on("boards/board.yaml", args)
    }

    fn cchc_on(&self, board: &str, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("cchc").expect("binary");
        c.args(["-b", board])
            .args(args)
            .current_dir(self.path())
            .env("PATH", path_without_cchc())
            .env_remove("LC_ALL")
            .env("LANG", "C.UTF-8")
            .env("CCHC_CONFIG", self.path().join("no-config.yaml"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("CCHC_BOARD")
            .env_remove("CCHC_TODAY");
        c
    }

    fn stdout(&self, args: &[&str]) -> String {
        let out = self.cchc(args).output().expect("cchc runs");
        assert!(
            out.status.success(),
            "cchc {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    fn mv(&self, id: &str, status: &str, day: &str) {
        self.stdout(&["move", id, status, "--as-of", day]);
    }
}

/// Three commits: #12 done, #5 in progress and a deadline on #7, #12 reopened.
fn history_repo() -> Repo {
    let repo = Repo::new();
    repo.mv("12", "done", "2024-01-05");
    repo.commit("2024-01-05", "Hoàn thành #12");
    repo.mv("5", "in-progress", "2024-02-01");
    let text = std::fs::read_to_string(repo.board()).expect("read");
    let text = text.replacen(
        "  timeframe: Quý I/2024\n  budget: Kinh phí Thường xuyên\n  status: planned\n- id: 8",
        "  timeframe: Quý I/2024\n  budget: Kinh phí Thường xuyên\n  status: planned\n  due: 2024-04-15\n- id: 8",
        1,
    );
    std::fs::write(repo.board(), text).expect("write");
    repo.commit("2024-02-01", "#5 đang làm, gia hạn #7");
    repo.mv("12", "planned", "2024-02-03");
    repo.commit("2024-02-03", "Mở lại #12");
    repo
}

#[test]
fn changes_against_head_and_between_revisions() {
    let repo = history_repo();
    assert_eq!(
        repo.stdout(&["changes"]),
        "no task changes from HEAD to working tree\n"
    );
    repo.mv("9", "done", "2024-02-04");
    insta::assert_snapshot!("changes_working_tree", repo.stdout(&["changes"]));
    insta::assert_snapshot!("changes_range", repo.stdout(&["changes", "HEAD~3..HEAD~1"]));
    let json: serde_json::Value =
        serde_json::from_str(&repo.stdout(&["changes", "HEAD~2", "--format", "json"]))
            .expect("json");
    assert_eq!(json["from"], "HEAD~2");
    assert_eq!(json["to"], "working tree");
    let kinds: Vec<String> = json["changes"]
        .as_array()
        .expect("array")
        .iter()
        .map(|c| {
            format!(
                "{} #{} {}",
                c["kind"].as_str().unwrap_or("?"),
                c["id"],
                c["field"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "task_field #5 status",
            "task_field #7 due",
            "task_field #9 status",
            "task_field #9 completed",
            "task_field #12 status",
            "task_field #12 completed"
        ]
    );
    for line in repo.stdout(&["changes", "HEAD~3"]).lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
    }
}

#[test]
fn history_of_one_task_names_each_commit() {
    let repo = history_repo();
    insta::assert_snapshot!("history_12", repo.stdout(&["history", "12"]));
    assert_eq!(
        repo.stdout(&["history", "7"])
            .lines()
            .filter(|l| !l.starts_with(' '))
            .count(),
        2,
        "added, then due"
    );
    let json: serde_json::Value =
        serde_json::from_str(&repo.stdout(&["history", "12", "--format", "json"])).expect("json");
    let entries = json.as_array().expect("array");
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0]["subject"], "Mở lại #12");
    assert_eq!(entries[0]["author"], "Nguyễn Văn A");
    assert_eq!(entries[0]["date"], "2024-02-03");
    assert_eq!(entries[0]["changes"][0]["before"], "done");
    assert_eq!(
        repo.stdout(&["history", "99"]),
        "no commit changed task #99\n"
    );
}

/// The versions are read in process (issue 12) from loose objects and from
/// a pack, and by `git cat-file` where the repository is left to git (a
/// variable that moves git's search): the same answers each way.
#[test]
fn history_and_changes_read_the_same_from_loose_packed_and_git() {
    let repo = history_repo();
    let ask = |packed: bool, by_git: bool| {
        let mut out = String::new();
        for args in [
            &["history", "12"][..],
            &["history", "5"],
            &["changes", "HEAD~2..HEAD"],
        ] {
            let mut c = repo.cchc(args);
            if by_git {
                c.env("GIT_CEILING_DIRECTORIES", "/nonexistent");
            }
            let o = c.output().expect("cchc runs");
            assert!(o.status.success(), "{packed} {by_git} {args:?}: {o:?}");
            out.push_str(&String::from_utf8(o.stdout).expect("utf-8"));
        }
        out
    };
    let loose = ask(false, false);
    assert!(loose.contains("Mở lại #12"), "{loose}");
    assert_eq!(ask(false, true), loose);
    repo.git(&["gc", "-q"]);
    assert!(
        repo.git(&["count-objects", "-v"]).contains("in-pack: "),
        "packed"
    );
    assert_eq!(ask(true, false), loose);
    assert_eq!(ask(true, true), loose);
}

/// A year's history packed into delta chains (issue 12: the versions are
/// read in the order of their delta tree, each base held until its last
/// delta): every task's history reads as git reads it, from the pack and
/// with later versions loose beside it.
#[test]
fn a_long_packed_history_reads_what_git_reads() {
    let repo = Repo::new();
    let statuses = ["in-progress", "done", "planned"];
    for i in 1..=60u32 {
        let id = (i * 7) % 43 + 1;
        let day = format!("2024-{:02}-{:02}", 1 + i / 28 % 12, 1 + i % 28);
        repo.mv(&id.to_string(), statuses[(i / 43) as usize % 3], &day);
        repo.commit(&day, &format!("ngày {i}: #{id}"));
    }
    repo.git(&["gc", "-q", "--aggressive"]);
    let idx = std::fs::read_dir(repo.path().join(".git/objects/pack"))
        .expect("pack dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "idx"))
        .expect("a pack");
    let verify = repo.git(&["verify-pack", "-v", &idx.to_string_lossy()]);
    let deepest = verify
        .lines()
        .filter_map(|l| l.strip_prefix("chain length = "))
        .filter_map(|l| l.split(':').next()?.trim().parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    assert!(deepest >= 3, "the pack has delta chains: {verify}");
    for (i, id) in [3, 9, 17, 31].into_iter().enumerate() {
        let day = format!("2024-12-{:02}", 10 + i);
        repo.mv(&id.to_string(), "done", &day);
        repo.commit(&day, &format!("cuối năm #{id}"));
    }
    for id in [1, 3, 8, 9, 17, 22, 31, 43] {
        let args = ["history", &id.to_string(), "--format", "json"].map(str::to_owned);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let in_process = repo.stdout(&args);
        let o = repo
            .cchc(&args)
            .env("GIT_CEILING_DIRECTORIES", "/nonexistent")
            .output()
            .expect("cchc runs");
        assert!(o.status.success(), "{o:?}");
        assert_eq!(
            in_process,
            String::from_utf8(o.stdout).expect("utf-8"),
            "#{id}"
        );
        let entries: serde_json::Value = serde_json::from_str(&in_process).expect("json");
        assert!(
            entries.as_array().is_some_and(|e| !e.is_empty()),
            "#{id} has a history: {in_process}"
        );
    }
}

/// Found by review: `git clone --filter=blob:none` leaves old versions to be
/// fetched on demand, which only git does; `history` there is read by git.
#[test]
fn history_in_a_partial_clone_reads_what_git_fetches() {
    let repo = history_repo();
    repo.git(&["config", "uploadpack.allowFilter", "true"]);
    let clone = Repo {
        dir: tempfile::tempdir().expect("tempdir"),
    };
    let url = format!("file://{}", repo.path().display());
    let dest = clone.path().display().to_string();
    repo.git(&["clone", "-q", "--filter=blob:none", &url, &dest]);
    assert_eq!(
        clone.stdout(&["history", "12"]),
        repo.stdout(&["history", "12"])
    );
}

/// Found by review: git took the board's path as a pattern, so a board
/// named `boar[d].yaml` had the history of `board.yaml` mixed into its own.
#[test]
fn a_board_named_like_a_pattern_has_its_own_history() {
    let repo = history_repo();
    std::fs::copy(repo.board(), repo.path().join("boards/boar[d].yaml")).expect("copy");
    repo.git(&["add", "boards/boar[d].yaml"]);
    repo.commit("2024-02-10", "Bảng thứ hai");
    for by_git in [false, true] {
        let mut c = repo.cchc_on("boards/boar[d].yaml", &["history", "12"]);
        if by_git {
            c.env("GIT_CEILING_DIRECTORIES", "/nonexistent");
        }
        let o = c.output().expect("cchc runs");
        assert!(o.status.success(), "{o:?}");
        let out = String::from_utf8(o.stdout).expect("utf-8");
        // Its one commit added it with #12 reopened; none of board.yaml's.
        assert!(!out.contains("Hoàn thành #12"), "{by_git}: {out}");
        assert!(!out.contains("Mở lại #12"), "{by_git}: {out}");
    }
}

#[test]
fn changes_and_history_text_follow_the_language() {
    let repo = history_repo();
    assert_eq!(
        repo.stdout(&["--lang", "vi", "changes"]),
        "không có thay đổi nhiệm vụ nào từ HEAD đến thư mục làm việc\n"
    );
    let out = repo.stdout(&["--lang", "vi", "history", "12"]);
    let first = out.lines().next().expect("a line");
    assert!(first.starts_with("03/02/2024 "), "{out}");
    assert!(first.ends_with(" Nguyễn Văn A: Mở lại #12"), "{out}");
    assert_eq!(
        repo.stdout(&["--lang", "vi", "history", "99"]),
        "không có commit nào thay đổi nhiệm vụ #99\n"
    );
    // JSON keeps ISO dates and the English "working tree".
    let json: serde_json::Value =
        serde_json::from_str(&repo.stdout(&["--lang", "vi", "changes", "--format", "json"]))
            .expect("json");
    assert_eq!(json["to"], "working tree");
    let json: serde_json::Value =
        serde_json::from_str(&repo.stdout(&["--lang", "vi", "history", "12", "--format", "json"]))
            .expect("json");
    assert_eq!(json[0]["date"], "2024-02-03");
}

#[test]
fn outside_a_repository_the_git_commands_say_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(SHIPPED, dir.path().join("board.yaml")).expect("copy");
    for args in [&["changes"][..], &["history", "1"], &["git-setup"]] {
        let out = Command::cargo_bin("cchc")
            .expect("binary")
            .args(["-b", "board.yaml"])
            .args(args)
            .current_dir(dir.path())
            .env("CCHC_CONFIG", dir.path().join("none.yaml"))
            .env(
                "GIT_CEILING_DIRECTORIES",
                dir.path().parent().expect("parent"),
            )
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("is not in a git repository"),
            "{args:?}: {err}"
        );
    }
    // Plain commands still work there.
    let out = Command::cargo_bin("cchc")
        .expect("binary")
        .args(["-b", "board.yaml", "summary", "--as-of", "2024-01-01"])
        .current_dir(dir.path())
        .env("CCHC_CONFIG", dir.path().join("none.yaml"))
        .output()
        .expect("runs");
    assert!(out.status.success());
}

#[test]
fn git_setup_is_idempotent_and_respects_foreign_hooks() {
    let repo = Repo::new();
    let first = repo.stdout(&["git-setup"]);
    assert_eq!(
        first.lines().filter(|l| l.starts_with("added:")).count(),
        7,
        "{first}"
    );
    let second = repo.stdout(&["git-setup"]);
    assert_eq!(
        second
            .lines()
            .filter(|l| l.starts_with("unchanged:"))
            .count(),
        7,
        "{second}"
    );
    let attrs = std::fs::read_to_string(repo.path().join(".gitattributes")).expect("attributes");
    assert_eq!(
        attrs,
        "boards/board.yaml merge=cchc\nboards/board.yaml diff=cchc\n"
    );
    assert!(
        repo.git(&["config", "--get", "merge.cchc.driver"])
            .contains("merge-driver %O %A %B %P")
    );
    // The hook refuses a commit of a broken board.
    let text = std::fs::read_to_string(repo.board()).expect("read");
    std::fs::write(
        repo.board(),
        text.replacen("status: planned", "status: finished", 1),
    )
    .expect("write");
    let out = repo
        .git_command()
        .args(["-c", "commit.gpgsign=false", "commit", "-qam", "broken"])
        .output()
        .expect("git commit");
    assert!(!out.status.success(), "the hook refused the commit");
    // `cchc check` wraps its message: undo that before looking inside.
    let err = String::from_utf8_lossy(&out.stderr).replace("\n    ", " ");
    assert!(err.contains("unknown variant `finished`"), "{err}");

    // A hook cchc did not write is left alone.
    let other = Repo::new();
    let hook = other.path().join(".git/hooks/pre-commit");
    std::fs::write(&hook, "#!/bin/sh\necho mine\n").expect("hook");
    let out = other.stdout(&["git-setup"]);
    assert!(
        out.contains("skipped:") && out.contains("was not written by cchc"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(&hook).expect("hook"),
        "#!/bin/sh\necho mine\n"
    );
}

#[test]
fn git_setup_uses_cchc_from_path_when_it_is_installed() {
    let exe = assert_cmd::cargo::cargo_bin("cchc");
    // Not installed: the absolute path of this binary, and a hint.
    let repo = Repo::new();
    let out = repo.stdout(&["git-setup"]);
    let first = out.lines().next().expect("a line");
    assert!(
        first.starts_with(&format!("command:   {} (no cchc on PATH", exe.display())),
        "{out}"
    );
    assert_eq!(
        repo.git(&["config", "--get", "merge.cchc.driver"]).trim(),
        format!("{} merge-driver %O %A %B %P", exe.display())
    );

    // Installed: plain `cchc` in the driver and the hook, and the hook works.
    let bin = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink(&exe, bin.path().join("cchc")).expect("symlink");
    let mut dirs = vec![bin.path().to_path_buf()];
    dirs.extend(std::env::split_paths(&path_without_cchc()));
    let path = std::env::join_paths(dirs).expect("PATH");
    let out = repo
        .cchc(&["git-setup"])
        .env("PATH", &path)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let out = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        out.starts_with(&format!(
            "command:   cchc (found on PATH: {})\n",
            bin.path().join("cchc").display()
        )),
        "{out}"
    );
    assert!(
        out.contains("added:     git config merge.cchc.driver \"cchc merge-driver %O %A %B %P\""),
        "{out}"
    );
    let hook = std::fs::read_to_string(repo.path().join(".git/hooks/pre-commit")).expect("hook");
    assert!(hook.contains("\nexec cchc -b "), "{hook}");
    assert!(!hook.contains(&exe.display().to_string()), "{hook}");
    let text = std::fs::read_to_string(repo.board()).expect("read");
    std::fs::write(
        repo.board(),
        text.replacen("status: planned", "status: finished", 1),
    )
    .expect("write");
    let out = repo
        .git_command()
        .env("PATH", &path)
        .args(["-c", "commit.gpgsign=false", "commit", "-qam", "broken"])
        .output()
        .expect("git commit");
    assert!(!out.status.success(), "the hook refused the commit");
    // `cchc check` wraps its message: undo that before looking inside.
    let err = String::from_utf8_lossy(&out.stderr).replace("\n    ", " ");
    assert!(err.contains("unknown variant `finished`"), "{err}");
}

/// The `@@ … @@ CONTEXT` part of each hunk header of a diff.
fn hunk_contexts(diff: &str) -> Vec<String> {
    diff.lines()
        .filter(|l| l.starts_with("@@ "))
        .map(|l| l.splitn(3, "@@").nth(2).unwrap_or("").trim().to_owned())
        .collect()
}

#[test]
fn after_git_setup_each_hunk_header_names_the_task() {
    let repo = Repo::new();
    repo.stdout(&["git-setup"]);
    // A move of task 20, in the middle of the file.
    repo.mv("20", "done", "2024-04-10");
    let diff = repo.git(&["diff", "--", "boards/board.yaml"]);
    assert_eq!(hunk_contexts(&diff), ["- id: 20"], "{diff}");
    repo.commit("2024-04-10", "Hoàn thành #20");
    for args in [&["log", "-p", "-1"][..], &["show", "HEAD"]] {
        assert_eq!(hunk_contexts(&repo.git(args)), ["- id: 20"], "git {args:?}");
    }

    // A multi-line field: a change deep inside task 21's notes, whose text
    // holds a line that looks like a task start.
    let mut board = cchc::storage::load(&repo.board()).expect("load").board;
    let notes: Vec<String> = (1..=9).map(|i| format!("Dòng ghi chú {i}")).collect();
    let task = board
        .tasks
        .iter_mut()
        .find(|t| t.id == 21)
        .expect("task 21");
    task.notes = Some(format!(
        "{}\n- id: 99 (không phải nhiệm vụ)",
        notes.join("\n")
    ));
    std::fs::write(repo.board(), cchc::storage::to_yaml(&board)).expect("write");
    repo.commit("2024-04-11", "Ghi chú #21");
    let text = std::fs::read_to_string(repo.board()).expect("read");
    std::fs::write(
        repo.board(),
        text.replacen("    Dòng ghi chú 8\n", "    Dòng ghi chú tám\n", 1),
    )
    .expect("write");
    let diff = repo.git(&["diff", "--", "boards/board.yaml"]);
    assert_eq!(hunk_contexts(&diff), ["- id: 21"], "{diff}");

    // Two tasks changed: one hunk each, each named after its own task.
    repo.mv("30", "in-progress", "2024-04-12");
    let diff = repo.git(&["diff", "--", "boards/board.yaml"]);
    assert_eq!(hunk_contexts(&diff), ["- id: 21", "- id: 30"], "{diff}");
}

#[test]
fn changes_and_history_show_invisible_characters_as_escapes() {
    let repo = history_repo();
    let text = std::fs::read_to_string(repo.board()).expect("read");
    let text = text.replacen(
        "  title: Xây dựng kế hoạch theo dõi thi hành pháp luật\n",
        "  title: Kế \u{202E}hoạch\u{200B}\n",
        1,
    );
    std::fs::write(repo.board(), text).expect("write");
    let out = repo.stdout(&["changes"]);
    assert!(out.contains("→ Kế <U+202E>hoạch<U+20"), "{out}");
    assert!(
        !out.contains('\u{202E}') && !out.contains('\u{200B}'),
        "{out}"
    );
    repo.commit("2024-02-05", "Sửa tên #5 \u{202E}");
    let out = repo.stdout(&["history", "5"]);
    assert!(out.contains("Sửa tên #5 <U+202E>"), "{out}");
    assert!(!out.contains('\u{202E}'), "{out}");
}

/// A log entry and a document written into task 5, committed: `history` and
/// `changes` read them entry by entry.
#[test]
fn history_and_changes_read_log_entries_one_by_one() {
    let repo = history_repo();
    let text = std::fs::read_to_string(repo.board()).expect("read");
    let text = text.replacen(
        "  status: in_progress\n- id: 6",
        "  status: in_progress\n  log:\n  - date: 2024-03-14\n    text: Đã ban hành kế hoạch\n    evidence:\n    - 12/KH-SXD\n- id: 6",
        1,
    );
    std::fs::write(repo.board(), text).expect("write");
    repo.commit("2024-03-14", "#5 nhật ký");
    let history = repo.stdout(&["history", "5"]);
    assert!(
        history.contains("#5 log + 14/03/2024 Đã ban hành kế hoạch [12/KH-SXD]"),
        "{history}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&repo.stdout(&["changes", "HEAD~1..HEAD", "--format", "json"]))
            .expect("json");
    assert_eq!(
        json["changes"],
        serde_json::json!([{
            "kind": "task_entry",
            "id": 5,
            "field": "log",
            "change": "added",
            "entry": "14/03/2024 Đã ban hành kế hoạch [12/KH-SXD]",
        }])
    );
}

/// A version written by hand in another layout (the task list indented, as
/// many editors write YAML): `history` cannot cut the task's block out of it,
/// reads that version whole, and still tells a field that changed from a
/// layout that did not.
#[test]
fn history_reads_a_hand_formatted_version_whole() {
    let repo = history_repo();
    let twelve_before = repo.stdout(&["history", "12"]);
    let text = std::fs::read_to_string(repo.board()).expect("read");
    let (head, tasks) = text.split_once("\ntasks:\n").expect("tasks");
    let (tasks, tail) = tasks.split_once("\ntargets:").expect("targets");
    let indented: String = tasks.lines().map(|l| format!("  {l}\n")).collect();
    let hand = format!("{head}\ntasks:\n{indented}targets:{tail}");
    let hand = hand.replacen(
        "status: planned\n    due: 2024-04-15",
        "status: done\n    completed: 2024-02-10\n    due: 2024-04-15",
        1,
    );
    assert_ne!(
        hand, text,
        "#7 is marked done in the hand-formatted version"
    );
    std::fs::write(repo.board(), &hand).expect("write");
    repo.commit("2024-02-10", "Sửa tay");
    let out = repo.stdout(&["history", "7"]);
    assert!(
        out.lines().next().is_some_and(|l| l.contains("Sửa tay")),
        "{out}"
    );
    assert!(out.contains("#7 status: planned → done"), "{out}");
    // #12 kept its fields through the reformat: no entry for that commit.
    assert_eq!(repo.stdout(&["history", "12"]), twelve_before);
}

/// A version of the board lost from the object store (a damaged repository,
/// a partial clone that cannot fetch): `history` says which blob, and fails.
#[test]
fn history_names_a_version_missing_from_the_repository() {
    let repo = history_repo();
    let blob = repo.git(&["rev-parse", "HEAD~2:boards/board.yaml"]);
    let blob = blob.trim();
    let object = repo
        .path()
        .join(".git/objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    std::fs::remove_file(&object).expect("the version is a loose object");
    let out = repo.cchc(&["history", "12"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("no blob {blob}")), "{err}");
}

/// A subject holding the record and field separators the log is read with
/// (0x1E, 0x1F; git keeps both) loses no commit: each one is listed, its
/// subject whole, the separators shown as escapes.
#[test]
fn a_subject_with_the_logs_separators_loses_no_commit() {
    let repo = history_repo();
    repo.mv("5", "done", "2024-02-10");
    repo.commit("2024-02-10", "Xong #5 \u{1e} và \u{1f} hết");
    let out = repo.stdout(&["history", "5"]);
    assert!(out.contains("Xong #5 <U+001E> và <U+001F> hết"), "{out}");
    assert!(out.contains("#5 đang làm, gia hạn #7"), "{out}");
    assert_eq!(out.matches("in_progress → done").count(), 1, "{out}");
}
