//! Saving: small diffs, atomic replacement, and refusals that never lose
//! anyone's work. Storage-level through `cchc::storage`, CLI-level through
//! `cchc move`.

mod common;

use cchc::domain::Status;
use cchc::storage::{self, SaveError};
use common::*;
use std::fs::{self, File, FileTimes};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::time::{Duration, SystemTime};

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().expect("date")
}

fn set_mtime(path: &Path, t: SystemTime) {
    File::options()
        .write(true)
        .open(path)
        .expect("open for times")
        .set_times(FileTimes::new().set_modified(t).set_accessed(t))
        .expect("set mtime");
}

fn mtime(path: &Path) -> SystemTime {
    fs::metadata(path).expect("stat").modified().expect("mtime")
}

fn long_ago() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000)
}

// ---------------------------------------------------------------- git diffs

fn git(repo: &Path, args: &[&str]) -> String {
    let o = std::process::Command::new("git")
        .current_dir(repo)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", repo)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git is installed");
    assert!(o.status.success(), "git {args:?}: {o:?}");
    String::from_utf8(o.stdout).expect("UTF-8")
}

#[test]
fn a_move_is_a_one_or_two_line_diff() {
    let repo = tempfile::tempdir().expect("tempdir");
    let dir = repo.path();
    fs::create_dir(dir.join("boards")).expect("mkdir");
    fs::write(dir.join("boards").join(SHIPPED_NAME), shipped_bytes()).expect("write");
    git(dir, &["init", "-q"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "plan"]);
    let board_rel = format!("boards/{SHIPPED_NAME}");

    // No --board: run in the repository, which holds one board in boards/.
    let mv = |id: &str, status: &str| {
        let o = cchc_in(dir)
            .args(["--as-of", TODAY, "move", id, status])
            .output()
            .expect("run");
        expect_code(&o, 0);
    };
    mv("5", "done");
    assert_eq!(
        git(dir, &["diff", "--numstat"]),
        format!("2\t1\t{board_rel}\n")
    );
    let diff = git(dir, &["diff", "-U0"]);
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect();
    assert_eq!(
        changed,
        [
            "-  status: planned",
            "+  status: done",
            "+  completed: 2024-04-10"
        ]
    );

    mv("5", "planned");
    assert_eq!(git(dir, &["diff", "--numstat"]), "");
    assert_eq!(git(dir, &["status", "--porcelain"]), "");

    mv("5", "in-progress");
    assert_eq!(
        git(dir, &["diff", "--numstat"]),
        format!("1\t1\t{board_rel}\n")
    );
    mv("5", "done");
    assert_eq!(
        git(dir, &["diff", "--numstat"]),
        format!("2\t1\t{board_rel}\n")
    );
    mv("5", "planned");
    assert_eq!(git(dir, &["status", "--porcelain"]), "");
}

// ---------------------------------------------------------------- what a save keeps

#[test]
fn save_keeps_the_file_mode() {
    for mode in [0o640, 0o600, 0o664] {
        let sb = Sandbox::shipped();
        fs::set_permissions(&sb.board, fs::Permissions::from_mode(mode)).expect("chmod");
        let o = sb.run(&["move", "5", "done"]);
        expect_code(&o, 0);
        let meta = fs::metadata(&sb.board).expect("stat");
        assert_eq!(meta.permissions().mode() & 0o7777, mode, "mode {mode:o}");
        assert_eq!(sb.listing(), ["board.yaml"]);
    }
}

#[test]
fn save_keeps_owner_and_group() {
    let sb = Sandbox::shipped();
    if std::os::unix::fs::chown(&sb.board, Some(4242), Some(4343)).is_err() {
        eprintln!("not allowed to chown (not root): skipping");
        return;
    }
    let o = sb.run(&["move", "5", "done"]);
    expect_code(&o, 0);
    let meta = fs::metadata(&sb.board).expect("stat");
    assert_eq!((meta.uid(), meta.gid()), (4242, 4343));
}

#[test]
fn saving_through_a_symlink_updates_the_target_and_keeps_the_link() {
    let sb = Sandbox::shipped();
    let real_dir = sb.path().join("real");
    fs::create_dir(&real_dir).expect("mkdir");
    fs::rename(&sb.board, real_dir.join("board.yaml")).expect("move board");
    let link = sb.path().join("link.yaml");
    std::os::unix::fs::symlink("real/board.yaml", &link).expect("symlink");

    let o = sb
        .cchc()
        .arg("-b")
        .arg(&link)
        .args(["--as-of", TODAY, "move", "5", "done"])
        .output()
        .expect("run");
    expect_code(&o, 0);
    let target = fs::canonicalize(real_dir.join("board.yaml")).expect("canonical");
    assert!(
        stdout(&o).ends_with(&format!("saved {}\n", target.display())),
        "{}",
        stdout(&o)
    );
    let meta = fs::symlink_metadata(&link).expect("lstat");
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert_eq!(
        fs::read_link(&link).expect("readlink"),
        Path::new("real/board.yaml")
    );
    let board = storage::load(&target).expect("load target").board;
    assert_eq!(board.task(5).expect("task 5").status, Status::Done);
    assert_eq!(sb.listing(), ["link.yaml", "real"]);
    assert_eq!(listing(&real_dir), ["board.yaml"]);

    // Library: the report names the target.
    let file = storage::load(&link).expect("load link");
    let mut b = file.board.clone();
    b.set_status(5, Status::Planned, day(TODAY))
        .expect("task 5");
    let report = storage::save(&file, &b).expect("save");
    assert_eq!(report.target, target);
    assert!(!report.unchanged);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert!(
        fs::symlink_metadata(&link)
            .expect("lstat")
            .file_type()
            .is_symlink()
    );
    assert!(fs::read(&target).expect("read") == shipped_bytes());
}

#[test]
fn hard_links_are_split_with_a_warning() {
    let sb = Sandbox::shipped();
    let other = sb.path().join("other-name.yaml");
    fs::hard_link(&sb.board, &other).expect("hard link");
    let o = sb.run(&["move", "5", "done"]);
    expect_code(&o, 0);
    assert!(stderr(&o).contains("had 2 hard links"), "{}", stderr(&o));
    assert!(
        fs::read(&other).expect("read") == shipped_bytes(),
        "other name kept"
    );
    assert!(sb.bytes() != shipped_bytes());
}

// ---------------------------------------------------------------- refusals

/// A loaded shipped board in a sandbox, and that board with task 5 done.
fn loaded() -> (Sandbox, storage::BoardFile, cchc::domain::Board) {
    let sb = Sandbox::shipped();
    let file = storage::load(&sb.board).expect("load");
    let mut board = file.board.clone();
    let changes = board
        .set_status(5, Status::Done, day(TODAY))
        .expect("task 5");
    assert_eq!(changes.len(), 2);
    (sb, file, board)
}

#[test]
fn a_change_on_disk_after_loading_refuses_the_save() {
    let (sb, file, board) = loaded();
    let theirs = replace_once(
        &String::from_utf8(sb.bytes()).expect("UTF-8"),
        "- id: 7\n  area: I\n",
        "- id: 7\n  area: I\n  assignee: Trần Thị B\n",
    );
    fs::write(&sb.board, &theirs).expect("their edit");
    let err = storage::save(&file, &board).expect_err("must refuse");
    assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err:?}");
    assert!(err.to_string().contains("changed on disk"), "{err}");
    assert!(sb.bytes() == theirs.as_bytes(), "their edit survives");
    assert_eq!(sb.listing(), ["board.yaml"]);
}

#[test]
fn a_same_size_change_with_the_old_mtime_is_still_detected() {
    let (sb, file, board) = loaded();
    set_mtime(&sb.board, long_ago());
    let before = fs::metadata(&sb.board).expect("stat");
    // Someone edits task 6's title by hand, keeping size and mtime.
    let text = String::from_utf8(sb.bytes()).expect("UTF-8");
    let theirs = replace_once(
        &text,
        "  title: Triển khai công tác kiểm tra theo dõi thi hành pháp luật\n",
        "  title: Triển khai công tác kiểm tra theo dõi thi hành pháp luậT\n",
    );
    assert_eq!(theirs.len(), text.len());
    fs::write(&sb.board, &theirs).expect("their edit");
    set_mtime(&sb.board, long_ago());
    let after = fs::metadata(&sb.board).expect("stat");
    assert_eq!(
        (after.len(), after.modified().ok()),
        (before.len(), before.modified().ok())
    );

    let err = storage::save(&file, &board).expect_err("must refuse");
    assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err:?}");
    assert!(sb.bytes() == theirs.as_bytes());
}

#[test]
fn touching_the_file_without_changing_it_does_not_block_a_save() {
    let (sb, file, board) = loaded();
    set_mtime(&sb.board, SystemTime::now() + Duration::from_secs(3600));
    let report = storage::save(&file, &board).expect("save proceeds");
    assert!(!report.unchanged);
    let saved = storage::load(&sb.board).expect("reload").board;
    assert_eq!(saved, board);
    assert_eq!(sb.listing(), ["board.yaml"]);
}

#[test]
fn saving_an_unchanged_board_writes_nothing() {
    let sb = Sandbox::shipped();
    set_mtime(&sb.board, long_ago());
    let ino = fs::metadata(&sb.board).expect("stat").ino();
    let file = storage::load(&sb.board).expect("load");
    let report = storage::save(&file, &file.board).expect("save");
    assert!(report.unchanged);
    assert!(report.warnings.is_empty());
    assert_eq!(mtime(&sb.board), long_ago());
    assert_eq!(
        fs::metadata(&sb.board).expect("stat").ino(),
        ino,
        "not replaced"
    );
    assert_eq!(sb.listing(), ["board.yaml"]);

    // The CLI: a move to the current status says so and does not write.
    let o = sb.run(&["move", "5", "planned"]);
    expect_code(&o, 0);
    assert_eq!(stdout(&o), "#5 is already planned; nothing changed\n");
    assert_eq!(mtime(&sb.board), long_ago());
    let o = sb.run(&["fmt"]);
    expect_code(&o, 0);
    assert!(stdout(&o).contains("already in canonical form"));
    assert_eq!(mtime(&sb.board), long_ago());
}

#[test]
fn a_stale_board_file_handle_cannot_save_twice() {
    let (sb, file, board) = loaded();
    storage::save(&file, &board).expect("first save");
    let mut again = board.clone();
    again
        .set_status(6, Status::Done, day(TODAY))
        .expect("task 6");
    let err = storage::save(&file, &again).expect_err("the file is not what `file` loaded");
    assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err:?}");
    assert_eq!(storage::load(&sb.board).expect("load").board, board);
}

#[test]
fn a_read_only_file_is_refused_even_for_root() {
    let (sb, file, board) = loaded();
    fs::set_permissions(&sb.board, fs::Permissions::from_mode(0o444)).expect("chmod");
    let err = storage::save(&file, &board).expect_err("read-only");
    assert!(matches!(err, SaveError::ReadOnly { .. }), "{err:?}");
    assert!(err.to_string().contains("chmod u+w"), "{err}");
    assert!(sb.bytes() == shipped_bytes());

    let o = sb.run(&["move", "5", "done"]);
    expect_code(&o, 2);
    assert!(stderr(&o).contains("is read-only"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert!(sb.bytes() == shipped_bytes());
    assert_eq!(sb.listing(), ["board.yaml"]);
}

#[test]
fn a_directory_in_place_of_the_file_is_refused() {
    let (sb, file, board) = loaded();
    fs::remove_file(&sb.board).expect("rm");
    fs::create_dir(&sb.board).expect("mkdir");
    let err = storage::save(&file, &board).expect_err("not a file");
    assert!(matches!(err, SaveError::NotRegular { .. }), "{err:?}");
    assert!(sb.board.is_dir());
    assert!(listing(&sb.board).is_empty());
}

#[test]
fn a_deleted_file_is_not_recreated() {
    let (sb, file, board) = loaded();
    fs::remove_file(&sb.board).expect("rm");
    let err = storage::save(&file, &board).expect_err("missing");
    assert!(matches!(err, SaveError::Missing { .. }), "{err:?}");
    assert!(err.to_string().contains("no longer exists"), "{err}");
    assert!(!sb.board.exists());
    assert!(sb.listing().is_empty(), "{:?}", sb.listing());
}

// ---------------------------------------------------------------- failures mid-save

#[test]
fn a_failed_write_leaves_the_original_and_no_temp_file() {
    let sb = Sandbox::shipped();
    assert!(
        sb.bytes().len() > 8 * 1024,
        "the board must exceed the limit"
    );
    // File size limit of 4 KiB; SIGXFSZ ignored so write(2) fails with EFBIG.
    let mut cmd = assert_cmd::Command::new("bash");
    isolate(&mut cmd, sb.path());
    let o = cmd
        .args(["-c", r#"trap "" XFSZ; ulimit -f 4; exec "$0" "$@""#])
        .arg(bin())
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", TODAY, "move", "5", "done"])
        .output()
        .expect("run bash");
    expect_code(&o, 2);
    let err = stderr(&o);
    assert!(err.contains("cannot save"), "{err}");
    assert!(err.contains("writing"), "{err}");
    assert!(err.contains("the file is unchanged"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
    assert!(sb.bytes() == shipped_bytes(), "original changed");
    assert_eq!(sb.listing(), ["board.yaml"], "temp file left behind");
}

#[test]
fn the_temporary_file_is_made_beside_the_board_not_in_tmpdir() {
    let sb = Sandbox::shipped();
    let o = sb
        .cchc()
        .env("TMPDIR", sb.path().join("no-such-tmp-dir"))
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", TODAY, "move", "5", "done"])
        .output()
        .expect("run");
    expect_code(&o, 0);
    assert_eq!(sb.listing(), ["board.yaml"]);
    let board = storage::load(&sb.board).expect("load").board;
    assert_eq!(board.task(5).expect("task 5").status, Status::Done);
}

#[test]
fn temp_files_left_by_a_killed_save_are_cleared_and_only_those() {
    let sb = Sandbox::shipped();
    let leftovers = [
        ".board.yaml.Ab12Cd.tmp", // ours, left by a killed save
        ".board.yaml.abc.tmp",    // not our pattern
        ".other.yaml.Ab12Cd.tmp", // another board's
        "board.yaml.Ab12Cd.tmp",  // not hidden
    ];
    for name in leftovers {
        fs::write(sb.path().join(name), "partial").expect("write leftover");
    }
    let o = sb.run(&["move", "5", "done"]);
    expect_code(&o, 0);
    assert_eq!(
        sb.listing(),
        [
            ".board.yaml.abc.tmp",
            ".other.yaml.Ab12Cd.tmp",
            "board.yaml",
            "board.yaml.Ab12Cd.tmp"
        ]
    );
}

#[test]
fn concurrent_moves_never_lose_a_saved_change() {
    let sb = Sandbox::shipped();
    let ids: Vec<u32> = (1..=8).collect();
    let children: Vec<_> = ids
        .iter()
        .map(|id| {
            let mut cmd = std::process::Command::new(bin());
            cmd.current_dir(sb.path())
                .env("CCHC_CONFIG", sb.path().join("no-such-config.yaml"))
                .env_remove("CCHC_BOARD")
                .env_remove("CCHC_TODAY")
                .arg("-b")
                .arg(&sb.board)
                .args(["--as-of", TODAY, "move", &id.to_string(), "done"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            cmd.spawn().expect("spawn")
        })
        .collect();
    let mut saved = Vec::new();
    for (id, child) in ids.iter().zip(children) {
        let o = child.wait_with_output().expect("wait");
        match o.status.code() {
            Some(0) => saved.push(*id),
            Some(2) => assert!(
                String::from_utf8_lossy(&o.stderr).contains("changed on disk"),
                "task {id}: {o:?}"
            ),
            _ => panic!("task {id}: {o:?}"),
        }
    }
    assert!(!saved.is_empty(), "at least one move must win");
    let board = storage::load(&sb.board)
        .expect("the board is still valid")
        .board;
    let done: Vec<u32> = board
        .tasks
        .iter()
        .filter(|t| t.status == Status::Done)
        .map(|t| t.id)
        .collect();
    assert_eq!(done, saved, "exactly the successful moves are on disk");
    assert_eq!(sb.listing(), ["board.yaml"]);
}

// ---------------------------------------------------------------- ids at the limit

/// The shipped board with task 43 renumbered to 4294967295 (`u32::MAX`).
fn max_id_sandbox() -> Sandbox {
    let text = String::from_utf8(shipped_bytes()).expect("UTF-8");
    Sandbox::with_bytes(
        "board.yaml",
        replace_once(&text, "- id: 43\n", "- id: 4294967295\n").as_bytes(),
    )
}

#[test]
fn adding_a_task_after_the_largest_id_adds_nothing_and_says_so() {
    use cchc::app::{self, App, Msg};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let sb = max_id_sandbox();
    let file = storage::load(&sb.board).expect("id 4294967295 loads");
    let mut app = App::new(file.board.clone(), day(TODAY));
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    for msg in [key(KeyCode::Char('a')), key(KeyCode::Char('x'))] {
        app::update(&mut app, msg);
    }
    app::update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.board.tasks.len(), 43, "no task was added");
    assert!(app.board.task(0).is_none());
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("no task id is left")),
        "{:?}",
        app.notice
    );
    assert!(!app.is_dirty());
}

#[test]
fn a_board_that_would_not_load_back_is_never_written() {
    let sb = max_id_sandbox();
    let before = sb.bytes();
    let file = storage::load(&sb.board).expect("load");
    // What a wrapped `u32::MAX + 1` used to add: a task with id 0.
    let mut board = file.board.clone();
    board
        .tasks
        .insert(0, cchc::domain::Task::new(0, "I", "mới"));
    let err = storage::save(&file, &board).expect_err("id 0 does not load");
    assert!(matches!(err, SaveError::WouldNotLoad { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("does not load back"), "{msg}");
    assert!(msg.contains("task id must be 1 or more"), "{msg}");
    assert!(msg.contains("the file is unchanged"), "{msg}");
    assert!(sb.bytes() == before, "the board was written");
    assert_eq!(sb.listing(), ["board.yaml"], "temp file left");
    // The board still works for every command.
    expect_code(&sb.run(&["check"]), 0);
}

#[test]
fn a_file_size_limit_fails_the_save_instead_of_killing_cchc() {
    let sb = Sandbox::shipped();
    // No `trap "" XFSZ` here: cchc itself must not die of SIGXFSZ (exit 153).
    let mut cmd = assert_cmd::Command::new("bash");
    isolate(&mut cmd, sb.path());
    let o = cmd
        .args(["-c", r#"ulimit -f 4; exec "$0" "$@""#])
        .arg(bin())
        .arg("-b")
        .arg(&sb.board)
        .args(["--as-of", TODAY, "move", "5", "done"])
        .output()
        .expect("run bash");
    expect_code(&o, 2);
    let err = stderr(&o);
    assert!(err.contains("cannot save"), "{err}");
    assert!(err.contains("File too large"), "{err}");
    assert!(err.contains("the file is unchanged"), "{err}");
    assert!(sb.bytes() == shipped_bytes(), "original changed");
    assert_eq!(sb.listing(), ["board.yaml"], "temp file left behind");
}

// ---------------------------------------------------------------- other users' files

/// Runs the cchc binary as `nobody` (uid and gid 65534, no other groups).
/// Permission tests must not run as root, which may write anything; `None`
/// when this process cannot switch users (not root, or no `setpriv`).
fn as_nobody(dir: &Path, args: &[&str]) -> Option<std::process::Output> {
    if rustix_uid() != 0 {
        return None;
    }
    let mut cmd = assert_cmd::Command::new("setpriv");
    isolate(&mut cmd, dir);
    let o = cmd
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(bin())
        .args(args)
        .output()
        .ok()?;
    Some(o)
}

fn rustix_uid() -> u32 {
    fs::metadata("/proc/self").map_or(u32::MAX, |m| m.uid())
}

#[test]
fn a_file_this_user_may_not_write_is_not_replaced_through_a_writable_directory() {
    // The issue's setup: the board is its owner's, 0644, in a directory the
    // group may write; a colleague in that group runs `cchc move`.
    let sb = Sandbox::shipped();
    let dir = sb.path();
    let Some(probe) = as_nobody(dir, &["--version"]) else {
        eprintln!("cannot run as another user (not root): skipping");
        return;
    };
    if !probe.status.success() {
        eprintln!("setpriv cannot run cchc as nobody ({probe:?}): skipping");
        return;
    }
    std::os::unix::fs::chown(dir, Some(0), Some(65534)).expect("chown dir");
    fs::set_permissions(dir, fs::Permissions::from_mode(0o775)).expect("chmod dir");
    std::os::unix::fs::chown(&sb.board, Some(0), Some(65534)).expect("chown board");
    fs::set_permissions(&sb.board, fs::Permissions::from_mode(0o644)).expect("chmod board");
    let board = sb.board.display().to_string();

    let o = as_nobody(dir, &["-b", &board, "--as-of", TODAY, "move", "5", "done"])
        .expect("run as nobody");
    expect_code(&o, 2);
    let err = stderr(&o);
    assert!(err.contains("is not writable for you (uid 65534)"), "{err}");
    assert!(
        err.contains("belongs to uid 0, gid 65534, mode 0644"),
        "{err}"
    );
    assert!(err.contains("chmod g+w"), "{err}");
    assert!(sb.bytes() == shipped_bytes(), "the file was replaced");
    let meta = fs::metadata(&sb.board).expect("stat");
    assert_eq!((meta.uid(), meta.gid()), (0, 65534), "owner changed");
    assert_eq!(sb.listing(), ["board.yaml"]);

    // Made group-writable, the same colleague may save, and the owner stays.
    fs::set_permissions(&sb.board, fs::Permissions::from_mode(0o664)).expect("chmod");
    let o = as_nobody(dir, &["-b", &board, "--as-of", TODAY, "move", "5", "done"])
        .expect("run as nobody");
    expect_code(&o, 0);
    let meta = fs::metadata(&sb.board).expect("stat");
    assert_eq!(meta.gid(), 65534, "group kept");
    assert_eq!(meta.permissions().mode() & 0o7777, 0o664);
}

// ---------------------------------------------------------------- side copies

#[test]
fn a_side_copy_does_not_hide_the_board_from_discovery_and_git_ignores_it() {
    let repo = tempfile::tempdir().expect("tempdir");
    let dir = repo.path();
    fs::create_dir(dir.join("boards")).expect("mkdir");
    let board = dir.join("boards").join(SHIPPED_NAME);
    fs::write(&board, shipped_bytes()).expect("write");
    git(dir, &["init", "-q"]);
    let file = storage::load(&board).expect("load");
    let mine = storage::save_side_copy(&board, &file.board).expect("side copy");
    let again = storage::save_side_copy(&board, &file.board).expect("second side copy");
    assert_eq!(
        mine,
        dir.join("boards").join(format!("{SHIPPED_NAME}.mine"))
    );
    assert_eq!(
        again,
        dir.join("boards").join(format!("{SHIPPED_NAME}.mine-2"))
    );

    // No --board: the cron `overdue` still finds the one board.
    let o = cchc_in(dir)
        .args(["--as-of", TODAY, "overdue"])
        .output()
        .expect("run");
    expect_code(&o, 1);
    assert!(!stderr(&o).contains("holds 2 boards"), "{}", stderr(&o));
    // The side copy is readable as a board when named.
    let o = cchc_in(dir)
        .arg("-b")
        .arg(&mine)
        .args(["--as-of", TODAY, "show", "5"])
        .output()
        .expect("run");
    expect_code(&o, 0);

    // git-setup's .gitignore keeps side copies out of commits.
    let o = cchc_in(dir).args(["git-setup"]).output().expect("run");
    expect_code(&o, 0);
    let ignore = fs::read_to_string(dir.join(".gitignore")).expect(".gitignore");
    assert!(ignore.lines().any(|l| l == "*.yaml.mine*"), "{ignore}");
    let status = git(dir, &["status", "--porcelain", "--untracked-files=all"]);
    assert!(!status.contains(".mine"), "{status}");
}

#[test]
fn a_board_with_conflict_markers_is_never_overwritten() {
    // Opened mid-merge (read-only, showing ours): even a save that got past
    // the board's read-only state is refused, and both sides stay in the file.
    let conflicted = fs::read(fixture("invalid/conflict.yaml")).expect("fixture");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("board.yaml");
    fs::write(&path, &conflicted).expect("write");
    let (file, ids) = storage::parse_conflicted(&path, conflicted.clone()).expect("ours loads");
    assert!(!ids.is_empty());
    let mut board = file.board.clone();
    board.tasks[0].title = format!("{} (sửa)", board.tasks[0].title).into();
    let err = storage::save(&file, &board).expect_err("refused");
    assert!(matches!(err, SaveError::Conflicted { .. }), "{err}");
    assert!(err.to_string().contains("conflict markers"), "{err}");
    assert_eq!(fs::read(&path).expect("read"), conflicted, "untouched");
}

// ------------------------------------------------------- one task saved in place

#[test]
fn a_task_saved_in_place_writes_what_a_whole_save_writes_and_keeps_the_loaded_board() {
    let (sb, mut file, board) = loaded();
    // Canonical: the task is spliced in, not written by the whole save.
    assert_eq!(file.first_noncanonical_line(), None);
    let before = file.board.clone();
    let task = board.task(5).expect("task 5").clone();
    let report = storage::save_task(&mut file, task).expect("saved");
    assert!(!report.unchanged);
    assert_eq!(
        String::from_utf8(sb.bytes()).expect("UTF-8"),
        storage::to_yaml(&board)
    );
    assert_eq!(file.board, before, "the loaded board is as it was");
    assert_eq!(sb.listing(), ["board.yaml"], "temp file left");
}

#[test]
fn a_task_that_would_not_load_is_never_saved_in_place() {
    let (sb, mut file, _) = loaded();
    let before = sb.bytes();
    let mut task = file.board.task(5).expect("task 5").clone();
    task.area = "X".into();
    let loaded_board = file.board.clone();
    let err = storage::save_task(&mut file, task).expect_err("unknown area");
    assert_eq!(file.board, loaded_board, "the loaded board is as it was");
    assert!(matches!(err, SaveError::WouldNotLoad { .. }), "{err:?}");
    assert!(err.to_string().contains("unknown area"), "{err}");
    assert!(sb.bytes() == before, "the board was written");
    assert_eq!(sb.listing(), ["board.yaml"], "temp file left");
}

#[test]
fn a_task_saved_in_place_refuses_a_file_changed_on_disk() {
    let (sb, mut file, board) = loaded();
    let theirs = replace_once(
        &String::from_utf8(sb.bytes()).expect("UTF-8"),
        "- id: 7\n  area: I\n",
        "- id: 7\n  area: I\n  assignee: Trần Thị B\n",
    );
    fs::write(&sb.board, &theirs).expect("their edit");
    let task = board.task(5).expect("task 5").clone();
    let err = storage::save_task(&mut file, task).expect_err("must refuse");
    assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err:?}");
    assert!(sb.bytes() == theirs.as_bytes(), "their edit survives");
}

#[test]
fn a_task_of_a_hand_formatted_file_is_saved_in_full() {
    let text = String::from_utf8(shipped_bytes()).expect("UTF-8");
    let text = replace_once(&text, "- id: 7\n", "- id: 7 # xem lại\n");
    let sb = Sandbox::with_bytes("board.yaml", text.as_bytes());
    let mut file = storage::load(&sb.board).expect("load");
    let mut board = file.board.clone();
    board
        .set_status(5, Status::Done, day(TODAY))
        .expect("task 5");
    let task = board.task(5).expect("task 5").clone();
    storage::save_task(&mut file, task).expect("saved");
    assert_eq!(
        String::from_utf8(sb.bytes()).expect("UTF-8"),
        storage::to_yaml(&board)
    );
}
