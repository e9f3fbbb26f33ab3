//! End to end: the real `cchc` binary drawing the interactive board in a real
//! terminal (a detached tmux session of 80×24), driven with keys, checked by
//! what the pane shows and by what lands in the board file and in git.
//!
//! Each test has its own tmux server (`tmux -L <name>`) and its own temporary
//! git repository, so the tests run in parallel. tmux and git are required:
//! without them these tests fail (CI installs both) rather than pass silently.

use cchc::domain::Status;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const AS_OF: &str = "2024-04-02";
const WAIT: Duration = Duration::from_secs(10);

fn shipped_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("boards")
        .join("so-xay-dung-nam-dinh-2024.yaml")
}

fn require(tool: &str, arg: &str) {
    match Command::new(tool).arg(arg).output() {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!("`{tool} {arg}` failed: {o:?}"),
        Err(e) => panic!(
            "`{tool}` is needed to test the interactive board end to end (CI installs it): {e}"
        ),
    }
}

fn ok(what: &str, o: Output) -> String {
    assert!(
        o.status.success(),
        "{what}: {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8 output")
}

/// A temporary git repository holding a committed copy of the shipped board.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        require("git", "--version");
        let dir = tempfile::tempdir().expect("a temp dir");
        let repo = Repo { dir };
        std::fs::copy(shipped_path(), repo.board()).expect("copy the shipped board");
        repo.git(&["init", "-q"]);
        repo.git(&["add", "board.yaml"]);
        repo.git(&[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
            "commit",
            "-q",
            "-m",
            "board",
        ]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn board(&self) -> PathBuf {
        self.path().join("board.yaml")
    }

    fn recovery(&self) -> PathBuf {
        cchc::storage::recovery_path(&self.board())
    }

    fn git(&self, args: &[&str]) -> String {
        let o = Command::new("git")
            .args(args)
            .current_dir(self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .expect("run git");
        ok(&format!("git {args:?}"), o)
    }

    fn bytes(&self) -> Vec<u8> {
        std::fs::read(self.board()).expect("read the board")
    }

    /// The shell line that runs the board in this repository on the day
    /// [`AS_OF`] (`CCHC_TODAY`: today, not a past day), isolated from the
    /// developer's config and environment; `then` runs after it exits.
    fn script(&self, then: &str) -> String {
        format!(
            "cd '{dir}' && env -u CCHC_BOARD -u CCHC_TODAY -u NO_COLOR \
             CCHC_CONFIG='{dir}/no-such-config.yaml' \
             CCHC_TODAY={AS_OF} '{bin}' -b board.yaml --lang en; {then}",
            dir = self.path().display(),
            bin = env!("CARGO_BIN_EXE_cchc"),
        )
    }
}

impl Repo {
    /// Like [`Repo::script`] for tests that take the terminal away: the
    /// session leader dies with the terminal (so the kernel hangs up cchc as
    /// it does on a dropped connection), while a subshell that ignores the
    /// hang-up records cchc's exit code in [`Repo::code`].
    fn script_recording(&self) -> String {
        format!(
            "( trap '' HUP; {} )",
            self.script(&format!("echo $? > '{}'", self.code_path().display()))
        )
    }

    fn code_path(&self) -> PathBuf {
        self.path().join("exit-code")
    }

    /// The exit code [`Repo::script_recording`] recorded (waits for it).
    fn code(&self) -> String {
        let path = self.code_path();
        wait_until("the exit code is recorded", WAIT, || path.exists());
        let start = Instant::now();
        let code = loop {
            let code = std::fs::read_to_string(&path).unwrap_or_default();
            if code.ends_with('\n') {
                break code;
            }
            assert!(start.elapsed() < WAIT, "the exit code is written");
            std::thread::sleep(Duration::from_millis(20));
        };
        let _ = std::fs::remove_file(&path);
        code.trim().to_owned()
    }

    /// Files beside the board other than the board, git's, the test's own
    /// and the recovery file: a lock or temporary file left behind.
    fn leftovers(&self) -> Vec<String> {
        leftovers_in(self.path())
    }
}

fn leftovers_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read the directory")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            ![
                ".git",
                "board.yaml",
                ".board.yaml.cchc-recovery",
                "exit-code",
                "editor.sh",
                "editor.pid",
            ]
            .contains(&n.as_str())
        })
        .collect();
    names.sort();
    names
}

/// One tmux server of our own with one 80×24 session, killed on drop. Its
/// socket lives in a temporary directory of its own (`TMUX_TMPDIR`).
struct Tmux {
    socket: String,
    tmpdir: tempfile::TempDir,
}

impl Tmux {
    /// Starts `sh -c script` in a new detached session.
    fn start(name: &str, script: &str) -> Tmux {
        require("tmux", "-V");
        let tmux = Tmux {
            socket: format!("cchc-test-{}-{name}", std::process::id()),
            tmpdir: tempfile::tempdir().expect("a temp dir for the tmux socket"),
        };
        let o = tmux
            .cmd()
            .args(["new-session", "-d", "-s", "main", "-x", "80", "-y", "24"])
            .args(["sh", "-c", script])
            .output()
            .expect("run tmux");
        ok("tmux new-session", o);
        tmux
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"])
            .env_remove("TMUX")
            .env("TMUX_TMPDIR", self.tmpdir.path())
            .env("LANG", "C.UTF-8");
        c
    }

    fn tmux(&self, args: &[&str]) -> String {
        let o = self.cmd().args(args).output().expect("run tmux");
        ok(&format!("tmux {args:?}"), o)
    }

    fn capture(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-t", "main"])
    }

    /// Keys by tmux name (`Enter`, `Escape`).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "main"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Text typed as is.
    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "main", "-l", text]);
    }

    fn format(&self, f: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", "main", f])
            .trim()
            .to_owned()
    }

    /// Polls the pane until `done` holds (at most [`WAIT`]); fails showing it.
    fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if done(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("timed out waiting for {what}; the pane shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |s| s.contains(text))
    }

    /// The `cchc` process running in the pane (a child or grandchild of the
    /// pane's shell).
    fn cchc_pid(&self) -> u32 {
        let shell: u32 = self
            .format("#{pane_pid}")
            .parse()
            .expect("a numeric pane pid");
        let start = Instant::now();
        loop {
            // (Under a subshell that records its exit code: a grandchild.)
            let near = children(shell);
            let below: Vec<u32> = near.iter().flat_map(|&p| children(p)).collect();
            if let Some(pid) = near
                .into_iter()
                .chain(below)
                .find(|&p| comm(p).as_deref() == Some("cchc"))
            {
                return pid;
            }
            assert!(start.elapsed() < WAIT, "no cchc process under pid {shell}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Closes every pane's terminal at once, as a dropped SSH connection does.
    fn kill_server(&self) {
        let _ = self.cmd().arg("kill-server").output();
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.kill_server();
    }
}

/// `(ppid, comm)` of a process, from `/proc/PID/stat`.
fn stat(pid: u32) -> Option<(u32, String)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let comm = text[open + 1..close].to_owned();
    let ppid = text[close + 1..].split_whitespace().nth(1)?.parse().ok()?;
    Some((ppid, comm))
}

fn comm(pid: u32) -> Option<String> {
    stat(pid).map(|(_, c)| c)
}

fn children(parent: u32) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .expect("read /proc")
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| stat(pid).is_some_and(|(ppid, _)| ppid == parent))
        .collect()
}

/// Whether `pid` is still a live process (zombies count as gone).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        s.rfind(')')
            .and_then(|c| s[c + 1..].split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X")
    })
}

/// Kills a process left behind by a failed test (a `cchc` that never noticed
/// its terminal was gone would otherwise spin on).
struct KillOnDrop(u32);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if alive(self.0) {
            let _ = Command::new("kill")
                .args(["-KILL", &self.0.to_string()])
                .output();
        }
    }
}

fn wait_until(what: &str, limit: Duration, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "timed out after {limit:?}: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn load(path: &Path) -> cchc::domain::Board {
    cchc::storage::load(path)
        .unwrap_or_else(|e| panic!("{} loads: {e}", path.display()))
        .board
}

/// The unsaved board a recovery file holds.
fn recovered(path: &Path) -> cchc::domain::Board {
    cchc::storage::load_recovery(path)
        .unwrap_or_else(|e| panic!("{} loads: {e}", path.display()))
        .board
}

/// The board as shipped, with task `id` moved to `status` on [`AS_OF`].
fn shipped_with(id: u32, status: Status) -> cchc::domain::Board {
    let mut board = load(&shipped_path());
    let today = chrono::NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").expect("a date");
    board
        .set_status(id, status, today)
        .expect("the task exists");
    board
}

const FIRST_CARD: &str = "▶○#1 Kế hoạc";

#[test]
fn search_move_save_and_quit_change_one_line_of_the_board() {
    let repo = Repo::new();
    let tmux = Tmux::start("save", &repo.script("echo EXIT=$?; exec sleep 600"));
    let screen = tmux.wait_text(FIRST_CARD);
    assert!(screen.contains("as of 02/04/2024"), "{screen}");
    assert!(screen.contains("Overdue (11)"), "{screen}");

    // An unaccented query finds "Xây dựng … kiểm tra công vụ": #24 first in
    // reading order (Planned before Overdue in lane III).
    tmux.type_text("/kiem tra cong vu");
    tmux.wait_for("the search to select #24", |s| {
        s.contains("/search: kiem tra cong vu") && s.contains("▶○#24 ")
    });
    tmux.keys(&["Enter"]);
    tmux.type_text("L");
    let screen = tmux.wait_for("#24 to move to In Progress", |s| {
        s.contains("▶◐#24* ") && s.contains("● unsaved")
    });
    assert!(screen.contains("In Progress (1)"), "{screen}");
    assert_eq!(
        repo.bytes(),
        std::fs::read(shipped_path()).expect("shipped")
    );

    tmux.type_text("w");
    tmux.wait_for("the save to report back", |s| {
        s.lines().last().is_some_and(|l| l.starts_with("saved ")) && !s.contains("● unsaved")
    });
    tmux.type_text("q");
    tmux.wait_text("EXIT=0");

    assert_eq!(repo.git(&["diff", "--numstat"]), "1\t1\tboard.yaml\n");
    let diff = repo.git(&["diff", "-U0"]);
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("--- ")
                && !l.starts_with("+++ ")
        })
        .collect();
    assert_eq!(
        changed,
        ["-  status: planned", "+  status: in_progress"],
        "{diff}"
    );
    assert_eq!(load(&repo.board()), shipped_with(24, Status::InProgress));
    // Nothing else was left beside the board (no temp or recovery file).
    assert_eq!(repo.git(&["status", "--porcelain"]), " M board.yaml\n");
}

#[test]
fn a_dropped_connection_keeps_the_edit_in_a_recovery_file_and_a_restart_restores_it() {
    let repo = Repo::new();
    let shipped = std::fs::read(shipped_path()).expect("shipped");
    {
        let tmux = Tmux::start("hup", &repo.script_recording());
        tmux.wait_text(FIRST_CARD);
        let pid = tmux.cchc_pid();
        let _reaper = KillOnDrop(pid);
        tmux.type_text("L");
        tmux.wait_for("the unsaved move", |s| {
            s.contains("▶◐#1* ") && s.contains("● unsaved")
        });
        // The terminal goes away: SIGHUP, and reads that fail.
        tmux.kill_server();
        let recovery = repo.recovery();
        wait_until(
            "the recovery file appears beside the board",
            Duration::from_secs(5),
            || recovery.exists(),
        );
        wait_until(
            &format!("cchc (pid {pid}) exits after its terminal is gone"),
            Duration::from_secs(5),
            || !alive(pid),
        );
        assert_eq!(repo.code(), "129", "a hang-up exits 128 + SIGHUP");
        assert_eq!(
            repo.leftovers(),
            Vec::<String>::new(),
            "no lock or temp file"
        );
        assert_eq!(repo.bytes(), shipped, "the board itself is untouched");
        assert_eq!(recovered(&recovery), shipped_with(1, Status::InProgress));
    }

    let tmux = Tmux::start("hup-again", &repo.script("echo EXIT=$?; exec sleep 600"));
    let screen = tmux.wait_text("Unsaved edits from an earlier session were found");
    assert!(screen.contains("r = restore them"), "{screen}");
    assert!(screen.contains("d = discard them"), "{screen}");
    assert!(!screen.contains("● unsaved"), "{screen}");
    // Other keys do not dismiss the question.
    tmux.type_text("q");
    tmux.type_text("r");
    let screen = tmux.wait_for("the restored edit", |s| {
        s.contains("▶◐#1* ") && s.contains("● unsaved")
    });
    assert!(
        screen
            .lines()
            .next()
            .is_some_and(|l| l.ends_with("● unsaved")),
        "the header marks the restored edits unsaved:\n{screen}"
    );
    assert!(screen.contains("In Progress (1)"), "{screen}");
    assert_eq!(repo.bytes(), shipped, "restoring does not save by itself");

    tmux.type_text("w");
    tmux.wait_for("the save", |s| !s.contains("● unsaved"));
    tmux.type_text("q");
    tmux.wait_text("EXIT=0");
    assert_eq!(load(&repo.board()), shipped_with(1, Status::InProgress));
    assert_eq!(repo.git(&["diff", "--numstat"]), "1\t1\tboard.yaml\n");
    assert!(
        !repo.recovery().exists(),
        "a save removes the recovery file"
    );
}

#[test]
fn restored_edits_discarded_at_quit_are_not_offered_again() {
    let repo = Repo::new();
    let shipped = std::fs::read(shipped_path()).expect("shipped");
    // (A recovery file of the earlier format, without a base: still offered.)
    cchc::storage::write_recovery(&repo.board(), &shipped_with(1, Status::Done), None)
        .expect("a recovery file");
    {
        let tmux = Tmux::start("discard", &repo.script("echo EXIT=$?; exec sleep 600"));
        tmux.wait_text("Unsaved edits from an earlier session were found");
        tmux.type_text("r");
        tmux.wait_for("the restored edit", |s| s.contains("▶✓#1* "));
        // Quit, and answer "quit without saving".
        tmux.type_text("q");
        tmux.wait_text("y = quit without saving");
        tmux.type_text("y");
        tmux.wait_text("EXIT=0");
    }
    assert_eq!(repo.bytes(), shipped, "nothing was saved");
    assert!(
        !repo.recovery().exists(),
        "the user discarded the restored edits: the recovery file is gone"
    );
    let tmux = Tmux::start(
        "discard-again",
        &repo.script("echo EXIT=$?; exec sleep 600"),
    );
    let screen = tmux.wait_text(FIRST_CARD);
    assert!(!screen.contains("Unsaved edits"), "{screen}");
    tmux.type_text("q");
    tmux.wait_text("EXIT=0");
}

#[test]
fn a_second_session_neither_offers_nor_removes_the_first_ones_recovery_file() {
    let repo = Repo::new();
    cchc::storage::write_recovery(&repo.board(), &shipped_with(1, Status::Done), None)
        .expect("a recovery file");
    let first = Tmux::start("owner", &repo.script("echo EXIT=$?; exec sleep 600"));
    first.wait_text("Unsaved edits from an earlier session were found");
    let second = Tmux::start("other", &repo.script("echo EXIT=$?; exec sleep 600"));
    let screen = second.wait_text("read-only");
    assert!(!screen.contains("Unsaved edits"), "{screen}");
    second.type_text("q");
    second.wait_text("EXIT=0");
    assert!(
        repo.recovery().exists(),
        "still there for the first session"
    );
    first.type_text("d");
    first.wait_text(FIRST_CARD);
    first.type_text("q");
    first.wait_text("EXIT=0");
    assert!(!repo.recovery().exists());
}

#[test]
fn restoring_after_the_disk_moved_on_merges_instead_of_reverting_it() {
    let repo = Repo::new();
    {
        let tmux = Tmux::start("base", &repo.script_recording());
        tmux.wait_text(FIRST_CARD);
        let pid = tmux.cchc_pid();
        let _reaper = KillOnDrop(pid);
        tmux.type_text("L"); // #1 → in progress, unsaved
        tmux.wait_text("● unsaved");
        tmux.kill_server(); // SIGHUP
        wait_until("cchc exits", Duration::from_secs(5), || !alive(pid));
        assert_eq!(repo.code(), "129");
    }
    assert!(repo.recovery().exists());
    assert_eq!(
        repo.leftovers(),
        Vec::<String>::new(),
        "no lock or temp file"
    );
    // Then, from the command line, someone finishes #7.
    cli(&repo, &["move", "7", "done"]);
    let tmux = Tmux::start("base-again", &repo.script("echo EXIT=$?; exec sleep 600"));
    tmux.wait_text("Unsaved edits from an earlier session were found");
    tmux.type_text("r");
    // The `*` marker needs git's answer, which comes from a background
    // thread: wait for it as for the rest.
    tmux.wait_for("the restored, merged board", |s| {
        s.contains("merged with the changes made on disk")
            && s.contains("● unsaved")
            && s.contains("▶◐#1* ")
    });
    tmux.type_text("w");
    tmux.wait_for("the save", |s| !s.contains("● unsaved"));
    tmux.type_text("q");
    tmux.wait_text("EXIT=0");
    let saved = load(&repo.board());
    assert_eq!(saved.task(1).expect("#1").status, Status::InProgress);
    assert_eq!(
        saved.task(7).expect("#7").status,
        Status::Done,
        "the change made on disk meanwhile is kept"
    );
    assert!(!repo.recovery().exists());
}

#[test]
fn kill_9_loses_no_edit_the_journal_had_time_to_write() {
    let repo = Repo::new();
    let shipped = std::fs::read(shipped_path()).expect("shipped");
    {
        let tmux = Tmux::start("kill9", &repo.script("echo EXIT=$?; exec sleep 600"));
        tmux.wait_text(FIRST_CARD);
        let pid = tmux.cchc_pid();
        let _reaper = KillOnDrop(pid);
        tmux.type_text("L");
        tmux.wait_text("● unsaved");
        tmux.type_text("3"); // a second edit: #1 → done
        tmux.wait_for("the second edit", |s| s.contains("▶✓#1* "));
        // The journal writes off the key path: wait for it, then kill -9,
        // which no handler sees.
        let recovery = repo.recovery();
        wait_until(
            "the journal holds the newest edit",
            Duration::from_secs(5),
            || {
                cchc::storage::load_recovery(&recovery)
                    .is_ok_and(|r| r.board == shipped_with(1, Status::Done))
            },
        );
        let o = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .output()
            .expect("run kill");
        ok("kill -KILL", o);
        tmux.wait_text("EXIT=137");
        // No handler runs: the lock file stays (its flock went with the
        // process, so the next start takes it), and no temporary file.
        assert_eq!(repo.leftovers(), vec![".board.yaml.cchc-lock".to_owned()]);
    }
    assert_eq!(repo.bytes(), shipped, "the board itself is untouched");
    let tmux = Tmux::start("kill9-again", &repo.script("echo EXIT=$?; exec sleep 600"));
    tmux.wait_text("Unsaved edits from an earlier session were found");
    tmux.type_text("r");
    tmux.wait_for("the restored edits", |s| {
        s.contains("▶✓#1* ") && s.contains("● unsaved")
    });
    tmux.type_text("w");
    tmux.wait_for("the save", |s| !s.contains("● unsaved"));
    tmux.type_text("q");
    tmux.wait_text("EXIT=0");
    assert_eq!(load(&repo.board()), shipped_with(1, Status::Done));
    assert!(!repo.recovery().exists());
}

#[test]
fn sigterm_exits_with_143_and_gives_the_terminal_back() {
    let repo = Repo::new();
    let shipped = std::fs::read(shipped_path()).expect("shipped");
    let tmux = Tmux::start(
        "term",
        &repo.script("echo EXIT=$?; stty -a; exec sleep 600"),
    );
    tmux.wait_text(FIRST_CARD);
    assert_eq!(
        tmux.format("#{alternate_on}"),
        "1",
        "the board uses the alternate screen"
    );
    tmux.type_text("3");
    tmux.wait_for("the unsaved move", |s| s.contains("▶✓#1* "));
    let pid = tmux.cchc_pid();
    let o = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .output()
        .expect("run kill");
    ok("kill -TERM", o);

    // `stty -a` runs after the exit status is printed: wait for its output.
    let screen = tmux.wait_for("the exit status and stty's report", |s| {
        s.contains("EXIT=") && s.contains("icanon")
    });
    assert!(screen.contains("EXIT=143"), "{screen}");
    // The note about the recovery file is whole, on its own line, and what
    // the shell prints next starts on the line below it.
    let lines: Vec<&str> = screen.lines().collect();
    let note = lines
        .iter()
        .position(|l| l.starts_with("cchc: signal 15: unsaved changes written to "))
        .unwrap_or_else(|| panic!("the exit note, whole:\n{screen}"));
    assert!(
        lines[note].ends_with(".board.yaml.cchc-recovery"),
        "{screen}"
    );
    assert_eq!(lines.get(note + 1).copied(), Some("EXIT=143"), "{screen}");
    // Back on the normal screen, cursor shown, line discipline cooked again.
    assert!(
        !screen.contains("#1 Kế hoạc"),
        "the board is gone:\n{screen}"
    );
    assert_eq!(tmux.format("#{alternate_on}"), "0");
    assert_eq!(tmux.format("#{cursor_flag}"), "1");
    let words: Vec<&str> = screen.split_whitespace().collect();
    for mode in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(words.contains(&mode), "stty shows {mode}:\n{screen}");
        let off = format!("-{mode}");
        assert!(
            !words.contains(&off.as_str()),
            "stty shows {off}:\n{screen}"
        );
    }
    // The unsaved move went to the recovery file, not into the board.
    assert_eq!(repo.bytes(), shipped);
    assert_eq!(recovered(&repo.recovery()), shipped_with(1, Status::Done));
    assert_eq!(
        repo.leftovers(),
        Vec::<String>::new(),
        "no lock or temp file"
    );
}

#[test]
fn a_vanished_terminal_without_a_hangup_signal_still_keeps_the_edit() {
    // The shell ignores SIGHUP and does not exit, so the kernel never passes
    // the hang-up on to cchc: it only sees its terminal stop answering.
    let repo = Repo::new();
    let shipped = std::fs::read(shipped_path()).expect("shipped");
    let script = format!(
        "trap '' HUP; {}",
        repo.script(&format!("echo $? > '{}'", repo.code_path().display()))
    );
    let tmux = Tmux::start("vanish", &script);
    tmux.wait_text(FIRST_CARD);
    let pid = tmux.cchc_pid();
    let _reaper = KillOnDrop(pid);
    tmux.type_text("2");
    tmux.wait_for("the unsaved move", |s| s.contains("● unsaved"));
    tmux.kill_server();
    wait_until(
        &format!("cchc (pid {pid}) leaves a dead terminal instead of spinning"),
        Duration::from_secs(5),
        || !alive(pid),
    );
    assert_eq!(repo.code(), "129", "a terminal that hung up: as SIGHUP");
    assert_eq!(
        repo.leftovers(),
        Vec::<String>::new(),
        "no lock or temp file"
    );
    assert_eq!(repo.bytes(), shipped);
    assert_eq!(
        recovered(&repo.recovery()),
        shipped_with(1, Status::InProgress)
    );
}

/// Runs the CLI against the repository's board, as a colleague's script would.
fn cli(repo: &Repo, args: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_cchc"))
        .env("CCHC_TODAY", AS_OF)
        .args(["-b", "board.yaml"])
        .args(args)
        .current_dir(repo.path())
        .env("CCHC_CONFIG", repo.path().join("no-such-config.yaml"))
        .output()
        .expect("run cchc");
    ok(&format!("cchc {args:?}"), o);
}

#[test]
fn an_outside_change_is_reloaded_when_nothing_is_unsaved() {
    let repo = Repo::new();
    let tmux = Tmux::start("reload", &repo.script("echo EXIT=$?; exec sleep 600"));
    tmux.wait_text(FIRST_CARD);
    // Someone else moves #1 to done while the board is open and clean.
    cli(&repo, &["move", "1", "done"]);
    // (Git state arrives from a worker thread: wait for it too before looking
    // for the changed-card marker.)
    let screen = tmux.wait_for("the board to reload", |s| {
        s.contains("reloaded") && s.contains("Done (1)") && s.contains("git: 1 task changed")
    });
    // The cursor stayed on the same task, now in Done.
    assert!(screen.contains("▶✓#1* "), "{screen}");
    assert!(!screen.contains("● unsaved"), "{screen}");
    tmux.type_text("q");
    tmux.wait_text("EXIT=0");
}

#[test]
fn an_outside_change_with_unsaved_edits_asks_and_keeps_both_versions() {
    let repo = Repo::new();
    let tmux = Tmux::start("conflict", &repo.script("echo EXIT=$?; exec sleep 600"));
    tmux.wait_text(FIRST_CARD);
    tmux.type_text("L"); // #1 → in progress, unsaved
    tmux.wait_text("● unsaved");
    cli(&repo, &["move", "2", "done"]);
    tmux.wait_for("the question about the outside change", |s| {
        s.contains("changed on disk") && s.contains("k = keep only mine")
    });
    // s: mine goes to a side file, theirs is shown.
    tmux.type_text("s");
    let screen = tmux.wait_for("the side copy notice", |s| s.contains("board.yaml.mine"));
    assert!(screen.contains("Done (1)"), "theirs is shown: {screen}");
    let mine = load(&repo.path().join("board.yaml.mine"));
    assert_eq!(mine.task(1).expect("#1").status, Status::InProgress);
    assert_eq!(mine.task(2).expect("#2").status, Status::Planned);
    let theirs = load(&repo.board());
    assert_eq!(theirs.task(1).expect("#1").status, Status::Planned);
    assert_eq!(theirs.task(2).expect("#2").status, Status::Done);
    tmux.type_text("q");
    tmux.wait_text("EXIT=0");
}

#[test]
fn an_outside_change_to_another_task_merges_with_the_unsaved_edit() {
    let repo = Repo::new();
    let tmux = Tmux::start("merge", &repo.script("echo EXIT=$?; exec sleep 600"));
    tmux.wait_text(FIRST_CARD);
    tmux.type_text("L"); // #1 → in progress, unsaved
    tmux.wait_text("● unsaved");
    // A colleague's script finishes #2 in another process.
    cli(&repo, &["move", "2", "done"]);
    tmux.wait_for("the question about the outside change", |s| {
        s.contains("changed on disk") && s.contains("m = merge")
    });
    tmux.type_text("m");
    let screen = tmux.wait_for("the merged board", |s| {
        s.contains("merged the board on disk") && s.contains("Done (1)")
    });
    assert!(screen.contains("▶◐#1* "), "mine kept: {screen}");
    assert!(screen.contains("● unsaved"), "{screen}");
    tmux.type_text("w");
    tmux.wait_for("the save", |s| {
        s.lines().last().is_some_and(|l| l.starts_with("saved ")) && !s.contains("● unsaved")
    });
    tmux.type_text("q");
    tmux.wait_text("EXIT=0");
    let saved = load(&repo.board());
    assert_eq!(saved.task(1).expect("#1").status, Status::InProgress);
    assert_eq!(saved.task(2).expect("#2").status, Status::Done);
    assert_eq!(
        saved,
        {
            let mut both = shipped_with(1, Status::InProgress);
            let today = chrono::NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").expect("a date");
            both.set_status(2, Status::Done, today).expect("#2");
            both
        },
        "both changes, nothing else"
    );
}

#[test]
fn a_side_copy_does_not_claim_to_show_a_disk_version_that_does_not_load() {
    let repo = Repo::new();
    let tmux = Tmux::start("side-bad", &repo.script("echo EXIT=$?; exec sleep 600"));
    tmux.wait_text(FIRST_CARD);
    tmux.type_text("L");
    tmux.wait_text("● unsaved");
    cli(&repo, &["move", "2", "done"]);
    tmux.wait_text("mine to a side file");
    // Before the answer, the file on disk is broken.
    std::fs::write(repo.board(), "tasks: [\n").expect("write");
    tmux.type_text("s");
    let screen = tmux.wait_text("board.yaml.mine");
    assert!(
        screen.contains("disk version does not load: still showing yours"),
        "{screen}"
    );
    assert!(!screen.contains("showing the file from disk"), "{screen}");
    assert!(screen.contains("▶◐#1* "), "mine is still shown: {screen}");
    let mine = load(&repo.path().join("board.yaml.mine"));
    assert_eq!(mine.task(1).expect("#1").status, Status::InProgress);
    tmux.type_text("q");
    tmux.type_text("y");
    tmux.wait_text("EXIT=0");
}

#[test]
fn a_second_session_on_the_same_board_is_read_only() {
    let repo = Repo::new();
    let first = Tmux::start("first", &repo.script("echo EXIT=$?; exec sleep 600"));
    first.wait_text(FIRST_CARD);
    let second = Tmux::start("second", &repo.script("echo EXIT=$?; exec sleep 600"));
    second.wait_text("read-only");
    second.type_text("L");
    let screen = second.wait_text("has this board open");
    assert!(!screen.contains("● unsaved"), "{screen}");
    assert!(screen.contains(" ◐ 0 "), "nothing moved: {screen}");
    second.type_text("q");
    second.wait_text("EXIT=0");
    first.type_text("q");
    first.wait_text("EXIT=0");
    assert!(
        !cchc::storage::lock_path(&repo.board()).exists(),
        "the lock file is removed on exit"
    );
}

/// Like [`Repo::script`], with `EDITOR` set to a shell script written into the
/// repository (the board runs the editor as `sh -c "$EDITOR \"$1\""`).
fn script_with_editor(repo: &Repo, editor_body: &str) -> String {
    let editor = repo.path().join("editor.sh");
    std::fs::write(&editor, format!("#!/bin/sh\n{editor_body}\n")).expect("write editor");
    let mut perms = std::fs::metadata(&editor).expect("stat").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&editor, perms).expect("chmod");
    format!(
        "export EDITOR='{}'; unset VISUAL; {}",
        editor.display(),
        repo.script("echo EXIT=$?; exec sleep 600")
    )
}

#[test]
fn a_dropped_connection_while_the_editor_is_open_ends_the_editor_and_keeps_the_edit() {
    let repo = Repo::new();
    // An editor that has written the user's retitle and stays open; it
    // ignores SIGHUP (as a vi spinning on a dead terminal effectively did).
    let pid_file = repo.path().join("editor.pid");
    let body = format!(
        "trap '' HUP; sed -i -e 's/^title: .*/title: Tiêu đề đang sửa/' \"$1\"; echo $$ > '{}'; \
         while :; do sleep 0.1; done",
        pid_file.display()
    );
    let editor = repo.path().join("editor.sh");
    std::fs::write(&editor, format!("#!/bin/sh\n{body}\n")).expect("write editor");
    let mut perms = std::fs::metadata(&editor).expect("stat").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&editor, perms).expect("chmod");
    let script = format!(
        "export EDITOR='{}'; unset VISUAL; {}",
        editor.display(),
        repo.script_recording()
    );
    let tmux = Tmux::start("edit-hup", &script);
    tmux.wait_text(FIRST_CARD);
    let pid = tmux.cchc_pid();
    let _reaper = KillOnDrop(pid);
    tmux.type_text("e");
    wait_until("the editor has written the edit", WAIT, || {
        std::fs::read_to_string(&pid_file).is_ok_and(|p| p.ends_with('\n'))
    });
    let editor_pid: u32 = std::fs::read_to_string(&pid_file)
        .expect("pid")
        .trim()
        .parse()
        .expect("a pid");
    let _editor_reaper = KillOnDrop(editor_pid);
    assert!(alive(editor_pid));
    tmux.kill_server();
    wait_until(
        &format!("the editor (pid {editor_pid}) is ended with the board"),
        Duration::from_secs(5),
        || !alive(editor_pid),
    );
    wait_until("cchc exits", Duration::from_secs(5), || !alive(pid));
    assert_eq!(repo.code(), "129");
    assert_eq!(
        repo.leftovers(),
        Vec::<String>::new(),
        "no lock or temp file"
    );
    assert_eq!(
        repo.bytes(),
        std::fs::read(shipped_path()).expect("shipped"),
        "the board itself is untouched"
    );
    let kept = recovered(&repo.recovery());
    assert_eq!(kept.task(1).expect("#1").title.as_ref(), "Tiêu đề đang sửa");
}

#[test]
fn editing_in_the_editor_reopens_the_users_own_text_with_the_error() {
    let repo = Repo::new();
    // First pass: the user retitles the task and, in the same edit, writes an
    // invalid status. Second pass (the error shown as a comment at the top):
    // only the status is fixed, so the retitle must have survived the reopen.
    // Each opening is copied to seen/N so the test can read what the editor
    // was given.
    let seen_dir = repo.path().join("seen");
    std::fs::create_dir(&seen_dir).expect("mkdir");
    let body = format!(
        r#"d='{}'; cp "$1" "$d/$(ls "$d" | wc -l)"
if grep -q '^# The last edit could not be used' "$1"; then
  sed -i -e 's/^status: .*/status: planned/' "$1"
else
  sed -i -e 's/^status: .*/status: finished/' -e 's/^title: .*/title: Tiêu đề đã sửa/' "$1"
fi"#,
        seen_dir.display()
    );
    let tmux = Tmux::start("edit", &script_with_editor(&repo, &body));
    tmux.wait_text(FIRST_CARD);
    tmux.type_text("e");
    let screen = tmux.wait_for("the edited title", |s| {
        s.contains("#1* Tiêu đ") && s.contains("● unsaved")
    });
    assert!(screen.contains("Planned (32)"), "{screen}");
    // The editor opened twice: the task as YAML, then the user's own text
    // with the error on top.
    let first = std::fs::read_to_string(seen_dir.join("0")).expect("first opening");
    assert!(first.starts_with("id: 1\narea: I\n"), "{first}");
    let second = std::fs::read_to_string(seen_dir.join("1")).expect("second opening");
    assert!(
        second.starts_with("# The last edit could not be used:"),
        "{second}"
    );
    assert!(second.contains("unknown variant `finished`"), "{second}");
    let typed = first
        .lines()
        .map(|l| match l {
            l if l.starts_with("status: ") => "status: finished".to_owned(),
            l if l.starts_with("title: ") => "title: Tiêu đề đã sửa".to_owned(),
            l => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    assert!(
        second.ends_with(&typed),
        "the reopened file holds what the user typed:\n{second}"
    );
    // The error's line number points at the line of the reopened file.
    let at = second
        .split_once("#   line ")
        .and_then(|(_, r)| r.split(',').next())
        .and_then(|n| n.parse::<usize>().ok())
        .expect("a line number in the error");
    assert_eq!(second.lines().nth(at - 1), Some("status: finished"));
    assert!(!seen_dir.join("2").exists(), "no third opening");
    tmux.type_text("w");
    tmux.wait_for("the save", |s| !s.contains("● unsaved"));
    tmux.type_text("q");
    tmux.wait_text("EXIT=0");
    assert_eq!(
        load(&repo.board()).task(1).expect("#1").title.as_ref(),
        "Tiêu đề đã sửa"
    );
    assert_eq!(repo.git(&["diff", "--numstat"]), "1\t1\tboard.yaml\n");
}

#[test]
fn giving_up_after_an_invalid_edit_keeps_the_typed_text_in_a_named_file() {
    let repo = Repo::new();
    // First pass: a retitle with an invalid status; second pass: the user
    // quits the editor without saving.
    let body = r#"if grep -q '^# The last edit could not be used' "$1"; then exit 0; fi
sed -i -e 's/^status: .*/status: finished/' -e 's/^title: .*/title: Tiêu đề của tôi/' "$1""#;
    let tmux = Tmux::start("edit-cancel", &script_with_editor(&repo, body));
    tmux.wait_text(FIRST_CARD);
    tmux.type_text("e");
    let screen = tmux.wait_text("your text is kept in");
    assert!(!screen.contains("● unsaved"), "nothing applied: {screen}");
    let line = screen
        .lines()
        .find(|l| l.contains("your text is kept in"))
        .expect("the notice");
    let path = line
        .rsplit("kept in ")
        .next()
        .map(str::trim)
        .expect("a path");
    let kept = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let _ = std::fs::remove_file(path);
    assert!(kept.contains("title: Tiêu đề của tôi"), "{kept}");
    assert!(kept.contains("status: finished"), "{kept}");
    tmux.type_text("q");
    tmux.wait_text("EXIT=0");
    assert_eq!(
        repo.bytes(),
        std::fs::read(shipped_path()).expect("shipped")
    );
}

#[test]
fn an_editor_that_changes_nothing_changes_nothing() {
    let repo = Repo::new();
    let tmux = Tmux::start("noedit", &script_with_editor(&repo, "exit 0"));
    tmux.wait_text(FIRST_CARD);
    tmux.type_text("e");
    // Back on the board, clean; q quits without asking.
    tmux.wait_text(FIRST_CARD);
    tmux.type_text("q");
    let screen = tmux.wait_text("EXIT=0");
    assert!(!screen.contains("● unsaved"), "{screen}");
    assert_eq!(
        repo.bytes(),
        std::fs::read(shipped_path()).expect("shipped")
    );
}

#[test]
fn committing_from_the_board_with_and_without_a_failing_hook() {
    let repo = Repo::new();
    let hook = repo.path().join(".git/hooks/pre-commit");
    std::fs::write(
        &hook,
        "#!/bin/sh\necho 'hook says no: fill in the report first' >&2\nexit 1\n",
    )
    .expect("hook");
    let mut perms = std::fs::metadata(&hook).expect("stat").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&hook, perms).expect("chmod");
    let ident = "export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 \
                 GIT_AUTHOR_NAME='Cán bộ A' GIT_AUTHOR_EMAIL=a@t GIT_COMMITTER_NAME='Cán bộ A' \
                 GIT_COMMITTER_EMAIL=a@t; ";
    let tmux = Tmux::start(
        "commit",
        &format!("{ident}{}", repo.script("echo EXIT=$?; exec sleep 600")),
    );
    tmux.wait_text("git: clean");
    tmux.type_text("L");
    tmux.wait_text("git: 1 task changed");
    tmux.type_text("c");
    tmux.wait_text("commit message: CCHC: #1 in progress");
    tmux.keys(&["Enter"]);
    tmux.wait_text("hook says no");
    // The board was saved before committing; the failed commit lost nothing.
    assert_eq!(
        load(&repo.board()).task(1).expect("#1").status,
        Status::InProgress
    );
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]).trim(), "1");

    std::fs::remove_file(&hook).expect("remove hook");
    tmux.type_text("c");
    tmux.wait_text("commit message: CCHC: #1 in progress");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the commit and a clean state", |s| {
        s.contains("committed") && s.contains("git: clean")
    });
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]).trim(), "2");
    let message = repo.git(&["log", "-1", "--format=%an|%s|%b"]);
    assert_eq!(
        message.trim(),
        "Cán bộ A|CCHC: #1 in progress|#1 status: planned → in_progress"
    );
    // (The open session's lock file is the only other entry; git-setup ignores it.)
    assert_eq!(repo.git(&["status", "--porcelain", "--", "board.yaml"]), "");
    tmux.type_text("q");
    tmux.wait_text("EXIT=0");
}

#[test]
fn a_board_with_conflict_markers_opens_read_only_until_resolved() {
    let repo = Repo::new();
    let clean = std::fs::read_to_string(repo.board()).expect("read");
    let at = clean.find("- id: 1\n").expect("#1");
    let status = clean[at..].find("  status: planned\n").expect("status") + at;
    let conflicted = format!(
        "{}<<<<<<< HEAD\n  status: done\n  completed: 2024-04-01\n=======\n  status: in_progress\n>>>>>>> theirs\n{}",
        &clean[..status],
        &clean[status + "  status: planned\n".len()..]
    );
    std::fs::write(repo.board(), &conflicted).expect("write");
    let tmux = Tmux::start("conflict-ro", &repo.script("echo EXIT=$?; exec sleep 600"));
    let screen = tmux.wait_text("git merge conflict around #1");
    assert!(
        screen.contains("✓#1!"),
        "ours shown, the task marked: {screen}"
    );
    assert!(screen.contains("[read-only]"), "{screen}");
    tmux.type_text("2"); // an edit is refused
    tmux.type_text("w");
    assert_eq!(
        std::fs::read_to_string(repo.board()).expect("read"),
        conflicted,
        "never saved over"
    );
    // Resolving the file (keep theirs) makes the board editable again.
    std::fs::write(
        repo.board(),
        clean.replacen("  status: planned\n", "  status: in_progress\n", 1),
    )
    .expect("write");
    let screen = tmux.wait_for("the resolved board", |s| {
        s.contains("◐#1") && s.contains("reloaded")
    });
    assert!(!screen.contains("[read-only]"), "{screen}");
    tmux.type_text("L");
    tmux.wait_text("● unsaved");
    tmux.type_text("q");
    tmux.type_text("y");
    tmux.wait_text("EXIT=0");
}

/// Runs git in `dir` with a fixed identity and no user or system config.
fn git_in(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "B")
        .env("GIT_AUTHOR_EMAIL", "b@t")
        .env("GIT_COMMITTER_NAME", "B")
        .env("GIT_COMMITTER_EMAIL", "b@t")
        .output()
        .expect("run git");
    ok(&format!("git {args:?}"), o)
}

#[test]
fn push_and_pull_from_the_board_through_a_shared_remote() {
    // A bare "server" repository, our clone (the board runs here) and a colleague's.
    let repo = Repo::new();
    let server = tempfile::tempdir().expect("tempdir");
    git_in(server.path(), &["init", "-q", "--bare", "-b", "main"]);
    let url = server.path().display().to_string();
    repo.git(&["branch", "-M", "main"]);
    repo.git(&["remote", "add", "origin", &url]);
    repo.git(&["push", "-q", "-u", "origin", "main"]);
    let colleague = tempfile::tempdir().expect("tempdir");
    git_in(colleague.path(), &["clone", "-q", &url, "c"]);
    let theirs = colleague.path().join("c");

    let ident = "export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 \
                 GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@t GIT_COMMITTER_NAME=A GIT_COMMITTER_EMAIL=a@t; ";
    let tmux = Tmux::start(
        "remote",
        &format!("{ident}{}", repo.script("echo EXIT=$?; exec sleep 600")),
    );
    tmux.wait_text("git: clean");
    // Move, commit, push: the server has our commit.
    tmux.type_text("L");
    tmux.wait_text("git: 1 task changed");
    tmux.type_text("c");
    tmux.wait_text("commit message:");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the commit", |s| {
        s.contains("committed") && s.contains("git: clean ↑1 ↓0")
    });
    tmux.type_text("P");
    tmux.wait_for("the push", |s| {
        s.contains("pushed") && s.contains("git: clean") && !s.contains("↑1")
    });
    assert_eq!(
        git_in(server.path(), &["log", "-1", "--format=%s", "main"]).trim(),
        "CCHC: #1 in progress"
    );

    // The colleague moves #2 and pushes; F pulls it (fast-forward) and the
    // board reloads with the colleague's change.
    git_in(&theirs, &["pull", "-q"]);
    let board = theirs.join("board.yaml");
    let text = std::fs::read_to_string(&board).expect("read");
    let at = text.find("- id: 2\n").expect("#2");
    let status = text[at..].find("  status: planned\n").expect("status") + at;
    let moved = format!(
        "{}  status: done\n  completed: 2024-04-02\n{}",
        &text[..status],
        &text[status + 18..]
    );
    std::fs::write(&board, moved).expect("write");
    git_in(&theirs, &["commit", "-qam", "CCHC: #2 done"]);
    git_in(&theirs, &["push", "-q"]);
    tmux.type_text("F");
    // The pulled file is reloaded, then the header compares it with the new
    // HEAD (the worker's answer after the reload): clean.
    tmux.wait_for("the pulled change", |s| {
        s.contains("✓#2") && s.contains("pulled") && s.contains("git: clean")
    });
    assert_eq!(
        load(&repo.board()).task(2).expect("#2").status,
        Status::Done
    );
    tmux.type_text("q");
    tmux.wait_text("EXIT=0");
}

/// Issue 10: `P` with an ssh that asks for a password on the terminal. Git runs
/// with no controlling terminal, so the prompt can neither be painted over the
/// board nor read the keys: the push fails with git's message in the footer
/// and the board goes on taking keys.
#[test]
fn a_push_whose_ssh_asks_for_a_password_fails_in_the_footer_without_the_terminal() {
    let repo = Repo::new();
    repo.git(&["branch", "-M", "main"]);
    repo.git(&[
        "remote",
        "add",
        "origin",
        "ssh://git.example.invalid/cchc/board.git",
    ]);
    repo.git(&["config", "branch.main.remote", "origin"]);
    repo.git(&["config", "branch.main.merge", "refs/heads/main"]);
    let log = repo.path().join("ssh.log");
    let ssh = repo.path().join("asking-ssh");
    std::fs::write(
        &ssh,
        format!(
            "#!/bin/sh\n\
             if (exec 3</dev/tty) 2>/dev/null; then\n\
                 echo tty=opened >> '{log}'\n\
                 printf 'canbo@git.example.invalid password: ' > /dev/tty\n\
                 read -r password < /dev/tty\n\
                 echo \"read: $password\" >> '{log}'\n\
             else\n\
                 echo tty=none >> '{log}'\n\
             fi\n\
             echo 'canbo@git.example.invalid: Permission denied (publickey,password).' >&2\n\
             exit 255\n",
            log = log.display()
        ),
    )
    .expect("write the ssh script");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&ssh, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    repo.git(&["config", "core.sshCommand", &ssh.display().to_string()]);
    let ident = "export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1; ";
    let tmux = Tmux::start(
        "asking-ssh",
        &format!("{ident}{}", repo.script("echo EXIT=$?; exec sleep 600")),
    );
    tmux.wait_text("git: clean");
    tmux.type_text("P");
    let screen = tmux.wait_text("git push failed");
    assert!(!screen.contains("password:"), "{screen}");
    let log_text = std::fs::read_to_string(&log).expect("ssh ran");
    // (git may try the connection more than once.)
    assert!(
        !log_text.is_empty() && log_text.lines().all(|l| l == "tty=none"),
        "ssh had the terminal: {log_text}"
    );
    // The board still takes keys.
    tmux.type_text("L");
    let screen = tmux.wait_text("git: 1 task changed");
    assert!(!screen.contains("password:"), "{screen}");
    tmux.type_text("u");
    tmux.wait_text("git: clean");
    tmux.type_text("q");
    tmux.wait_text("EXIT=0");
}

/// #21: opened in the middle of a `git merge` that stopped on the board, the
/// header says so (the board shown is "ours", which is HEAD: nothing differs
/// from it, yet the repository is anything but clean).
#[test]
fn mid_merge_the_header_says_merging_and_conflicted_not_clean() {
    let repo = Repo::new();
    let dir = repo.path();
    let clean = std::fs::read_to_string(repo.board()).expect("read");
    let set_1 = |status: &str| {
        std::fs::write(
            repo.board(),
            clean.replacen("  status: planned\n", &format!("  status: {status}\n"), 1),
        )
        .expect("write")
    };
    git_in(dir, &["checkout", "-qb", "other"]);
    set_1("in_progress");
    git_in(dir, &["commit", "-qam", "#1 in progress"]);
    git_in(dir, &["checkout", "-q", "-"]);
    set_1("done");
    git_in(dir, &["commit", "-qam", "#1 done"]);
    let o = Command::new("git")
        .args(["merge", "--no-edit", "other"])
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_COMMITTER_NAME", "B")
        .env("GIT_COMMITTER_EMAIL", "b@t")
        .output()
        .expect("run git merge");
    assert_eq!(o.status.code(), Some(1), "a conflict: {o:?}");
    let tmux = Tmux::start("mid-merge", &repo.script("echo EXIT=$?; exec sleep 600"));
    let screen = tmux.wait_text("git: merging, board conflicted");
    assert!(!screen.contains("git: clean"), "{screen}");
    assert!(screen.contains("[read-only]"), "{screen}");
    tmux.type_text("q");
    tmux.wait_text("EXIT=0");
}

/// The board started from an interactive shell, so that there is job
/// control to come back to after `Ctrl-z`; returns once it is drawn.
fn board_in_a_shell(repo: &Repo, name: &str) -> Tmux {
    let tmux = Tmux::start(name, "PS1='$ ' exec bash --norc --noprofile -i");
    tmux.wait_text("$ ");
    let line = format!(
        "cd '{}' && CCHC_CONFIG=/nonexistent CCHC_TODAY={AS_OF} '{}' -b board.yaml --lang en",
        repo.path().display(),
        env!("CARGO_BIN_EXE_cchc")
    );
    tmux.type_text(&line);
    tmux.keys(&["Enter"]);
    tmux.wait_text(FIRST_CARD);
    tmux
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_repaints_the_board() {
    let repo = Repo::new();
    let tmux = board_in_a_shell(&repo, "suspend");
    tmux.type_text("L");
    tmux.wait_text("● unsaved");
    tmux.keys(&["C-z"]);
    let screen = tmux.wait_text("Stopped");
    assert!(
        !screen.contains("● unsaved"),
        "the board gave the screen back: {screen}"
    );
    assert_eq!(tmux.format("#{alternate_on}"), "0");
    tmux.type_text("fg");
    tmux.keys(&["Enter"]);
    // Repainted, with the unsaved edit still there.
    let screen = tmux.wait_for("the board again", |s| {
        s.contains("▶◐#1* ") && s.contains("● unsaved")
    });
    assert!(screen.contains("In Progress (1)"), "{screen}");
    tmux.type_text("q");
    tmux.type_text("y");
    tmux.wait_text("$ ");
}

/// The pane as the eye sees it, cell by cell: `capture-pane -e` read back
/// through a terminal emulator. A blank cell's foreground colour is left out
/// (it shows nothing), as is how `-e` spells the attributes.
fn seen(tmux: &Tmux) -> Vec<(String, vt100::Color, vt100::Color, [bool; 5])> {
    let styled = tmux.tmux(&["capture-pane", "-p", "-e", "-t", "main"]);
    let size = |n| std::num::NonZeroU16::new(n).expect("a size");
    let mut vt = vt100::Parser::new(size(24), size(80), 0);
    vt.process(
        styled
            .trim_end_matches('\n')
            .replace('\n', "\r\n")
            .as_bytes(),
    );
    let screen = vt.screen();
    let mut cells = Vec::new();
    for row in 0..24 {
        for col in 0..80 {
            let c = screen.cell(row, col).expect("a cell");
            let text = c.contents().trim().to_owned();
            let attrs = [c.bold(), c.dim(), c.italic(), c.underline(), c.inverse()];
            let shows_fg = !text.is_empty() || c.inverse() || c.underline();
            let fg = if shows_fg {
                c.fgcolor()
            } else {
                vt100::Color::Default
            };
            cells.push((text, fg, c.bgcolor(), attrs));
        }
    }
    cells
}

/// The pane once it has settled (the git state in the header comes from a
/// worker): two captures a moment apart agree.
fn settled(tmux: &Tmux) -> String {
    let mut last = tmux.capture();
    let start = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(300));
        let now = tmux.capture();
        if now == last || start.elapsed() > WAIT {
            return now;
        }
        last = now;
    }
}

#[test]
fn a_session_of_small_redraws_shows_what_a_full_redraw_shows() {
    // Each key sends only the cells that changed, and the backend writes
    // short runs of unchanged cells again rather than jump over them
    // (`runtime::screen`). After moves that re-lay the board, a lane change,
    // a search and more moves, the pane must be what the board draws on a
    // cleared screen (after `Ctrl-z` and `fg`), colours and all.
    let repo = Repo::new();
    let tmux = board_in_a_shell(&repo, "redraw");
    let checkpoints: [&[&str]; 3] = [
        // #1 opens In Progress for the whole board; two cards further down.
        &["L", "j", "j", "L"],
        // Lane III and back; In Progress fills, Planned empties a card.
        &["L", "]", "h", "L", "H", "[", "k", "L", "h"],
        // A search narrows the board; a move within it.
        &["/kiem", "Enter", "L"],
    ];
    for steps in checkpoints {
        for &step in steps {
            let before = tmux.capture();
            match step {
                "Enter" => tmux.keys(&["Enter"]),
                text => tmux.type_text(text),
            }
            tmux.wait_for(&format!("{step:?} to change the screen"), |s| s != before);
        }
        let piecemeal = settled(&tmux);
        let drawn_piecemeal = seen(&tmux);
        tmux.keys(&["C-z"]);
        tmux.wait_text("Stopped");
        tmux.type_text("fg");
        tmux.keys(&["Enter"]);
        tmux.wait_for("the board again", |s| s.contains("● unsaved"));
        let whole = settled(&tmux);
        let drawn_whole = seen(&tmux);
        let differing: Vec<usize> = (0..drawn_whole.len())
            .filter(|&i| drawn_whole[i] != drawn_piecemeal[i])
            .collect();
        assert!(
            differing.is_empty(),
            "after {steps:?}, {} cells differ, first at row {} column {}: {:?} drawn whole, \
             {:?} piecemeal\npiecemeal:\n{piecemeal}\nwhole:\n{whole}",
            differing.len(),
            differing[0] / 80,
            differing[0] % 80,
            drawn_whole[differing[0]],
            drawn_piecemeal[differing[0]],
        );
    }
    tmux.type_text("q");
    tmux.type_text("y");
    tmux.wait_text("$ ");
}

/// A board in a directory its user cannot write (0555, not root), run as
/// `nobody` through `setpriv`: the kernel, not a mock, refuses the writes.
/// Returns the directory, the user's home and the script that runs the board.
struct Unwritable {
    _root: tempfile::TempDir,
    dir: PathBuf,
    home: PathBuf,
}

impl Unwritable {
    fn new() -> Unwritable {
        use std::os::unix::fs::{PermissionsExt, chown};
        require("setpriv", "--version");
        let root = tempfile::tempdir().expect("a temp dir");
        let perms = |p: &Path, mode: u32| {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod")
        };
        perms(root.path(), 0o755);
        let dir = root.path().join("shared");
        let home = root.path().join("home");
        std::fs::create_dir(&dir).expect("mkdir");
        std::fs::create_dir(&home).expect("mkdir");
        let board = dir.join("board.yaml");
        std::fs::copy(shipped_path(), &board).expect("copy the board");
        // The file is the user's to write; the directory is not.
        chown(&board, Some(NOBODY), Some(NOBODY)).expect("chown board");
        chown(&home, Some(NOBODY), Some(NOBODY)).expect("chown home");
        perms(&dir, 0o555);
        Unwritable {
            _root: root,
            dir,
            home,
        }
    }

    fn board(&self) -> PathBuf {
        self.dir.join("board.yaml")
    }

    fn script(&self, then: &str) -> String {
        format!(
            "cd '{dir}' && setpriv --reuid={NOBODY} --regid={NOBODY} --clear-groups \
             env -i PATH=/usr/bin:/bin TERM=\"$TERM\" LANG=C.UTF-8 HOME='{home}' \
             CCHC_CONFIG=/nonexistent CCHC_TODAY={AS_OF} '{bin}' -b board.yaml --lang en; {then}",
            dir = self.dir.display(),
            home = self.home.display(),
            bin = env!("CARGO_BIN_EXE_cchc"),
        )
    }

    /// Recovery files in the user's data directory.
    fn in_data_dir(&self) -> Vec<PathBuf> {
        let dir = self.home.join(".local/share/cchc/recovery");
        std::fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    }
}

const NOBODY: u32 = 65534;

#[test]
fn an_unwritable_directory_journals_to_the_data_dir_and_offers_save_as() {
    let place = Unwritable::new();
    let shipped = std::fs::read(shipped_path()).expect("shipped");
    {
        let code = place.home.join("exit-code");
        let tmux = Tmux::start(
            "ro-dir",
            &format!(
                "( trap '' HUP; {} )",
                place.script(&format!("echo $? > '{}'", code.display()))
            ),
        );
        tmux.wait_text(FIRST_CARD);
        let pid = tmux.cchc_pid();
        let _reaper = KillOnDrop(pid);
        assert_eq!(
            std::fs::metadata(format!("/proc/{pid}"))
                .map(|m| std::os::unix::fs::MetadataExt::uid(&m))
                .ok(),
            Some(NOBODY),
            "the board runs as nobody"
        );
        tmux.type_text("L");
        tmux.wait_text(
            "cannot write beside the board: edits kept in ~/.local/share/cchc/recovery/",
        );
        let journal = place.in_data_dir();
        assert_eq!(journal.len(), 1, "{journal:?}");
        assert_eq!(recovered(&journal[0]), shipped_with(1, Status::InProgress));

        // w fails cleanly and offers "save as".
        tmux.type_text("w");
        tmux.wait_text("Saving failed: cannot save");
        tmux.type_text("a");
        tmux.wait_text(&format!(
            "save as (a new file): {}",
            place.home.join("board.yaml").display()
        ));
        tmux.keys(&["C-u"]);
        let copy = place.home.join("mine.yaml");
        tmux.type_text(&copy.display().to_string());
        tmux.keys(&["Enter"]);
        tmux.wait_text("saved a copy to");
        assert_eq!(load(&copy), shipped_with(1, Status::InProgress));
        assert!(
            tmux.capture().contains("● unsaved"),
            "the board file is not saved"
        );

        // The connection drops: the edits stay in the data directory.
        tmux.kill_server();
        wait_until("cchc exits", Duration::from_secs(5), || !alive(pid));
        wait_until("the exit code", WAIT, || {
            std::fs::read_to_string(&code).is_ok_and(|c| c.ends_with('\n'))
        });
        assert_eq!(std::fs::read_to_string(&code).expect("code").trim(), "129");
    }
    assert_eq!(std::fs::read(place.board()).expect("read"), shipped);
    assert_eq!(
        leftovers_in(&place.dir),
        Vec::<String>::new(),
        "nothing could be written beside the board"
    );
    assert!(!storage_beside(&place.board()).exists());
    let tmux = Tmux::start(
        "ro-dir-again",
        &place.script("echo EXIT=$?; exec sleep 600"),
    );
    tmux.wait_text("Unsaved edits from an earlier session were found");
    tmux.type_text("r");
    tmux.wait_for("the restored edit", |s| {
        s.contains("▶◐#1") && s.contains("● unsaved")
    });
    tmux.type_text("q");
    tmux.type_text("y");
    tmux.wait_text("EXIT=0");
    assert!(place.in_data_dir().is_empty(), "discarded at quit");
}

fn storage_beside(board: &Path) -> PathBuf {
    cchc::storage::recovery_path(board)
}

/// The lines `git diff` shows added and removed, without the file headers.
fn changed_lines(repo: &Repo) -> Vec<String> {
    repo.git(&["diff", "-U0"])
        .lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("--- ")
                && !l.starts_with("+++ ")
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_log_entry_evidence_and_a_measurement_typed_in_the_board_land_in_the_file() {
    let repo = Repo::new();
    let tmux = Tmux::start("record", &repo.script("echo EXIT=$?; exec sleep 600"));
    tmux.wait_text(FIRST_CARD);

    // On #1 (the first card): a progress-log entry, the date as offered.
    tmux.type_text("p");
    tmux.wait_text("#1 log (YYYY-MM-DD what was done): 2024-04-02");
    tmux.type_text("Rà soát văn bản quý I");
    tmux.keys(&["Enter"]);
    tmux.wait_text("● unsaved");

    // Evidence from the detail view: a document.
    tmux.keys(&["Enter"]);
    tmux.wait_text("Progress log:");
    tmux.type_text("v");
    tmux.wait_text("#1 evidence (number | date | title, or text):");
    tmux.type_text("12/KH-SXD | 05/01/2024 | Kế hoạch rà soát");
    tmux.keys(&["Enter"]);
    tmux.wait_text("12/KH-SXD of 05/01/2024: Kế hoạch rà soát");
    // Esc and the next key typed at once read as Alt-key: wait for each.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the detail view to close", |s| !s.contains("Progress log:"));

    // The third target: a measurement with a decimal comma and a source.
    tmux.type_text("T");
    tmux.wait_text("Targets — as of 02/04/2024");
    tmux.type_text("jjr");
    tmux.wait_text("II.3a value [YYYY-MM-DD] [source]:");
    tmux.type_text("65,5 2024-03-31 Báo cáo quý I");
    tmux.keys(&["Enter"]);
    tmux.wait_text("31/03/2024    65.5%  Báo cáo quý I");
    tmux.type_text("w");
    tmux.wait_for("the save to report back", |s| {
        s.lines().last().is_some_and(|l| l.starts_with("saved ")) && !s.contains("● unsaved")
    });
    tmux.keys(&["Escape"]);
    tmux.wait_for("the targets view to close", |s| {
        !s.contains("Targets — as of")
    });
    tmux.type_text("q");
    tmux.wait_text("EXIT=0");

    // Exactly those entries were added, nothing else changed.
    let mut expected = load(&shipped_path());
    let t = expected.tasks.iter_mut().find(|t| t.id == 1).expect("#1");
    t.add_log(cchc::domain::LogEntry {
        date: chrono::NaiveDate::from_ymd_opt(2024, 4, 2).expect("day"),
        text: "Rà soát văn bản quý I".into(),
        evidence: vec![],
    });
    t.evidence
        .push(cchc::domain::Evidence::Document(cchc::domain::Document {
            number: "12/KH-SXD".into(),
            date: chrono::NaiveDate::from_ymd_opt(2024, 1, 5).expect("day"),
            title: "Kế hoạch rà soát".into(),
            issuer: None,
            link: None,
        }));
    expected.targets[2].record(cchc::domain::Measurement {
        date: chrono::NaiveDate::from_ymd_opt(2024, 3, 31).expect("day"),
        value: 65.5,
        source: Some("Báo cáo quý I".into()),
    });
    assert_eq!(load(&repo.board()), expected);
    let changed = changed_lines(&repo);
    assert!(changed.iter().all(|l| l.starts_with('+')), "{changed:#?}");
    assert!(
        changed
            .iter()
            .any(|l| l.contains("text: Rà soát văn bản quý I")),
        "{changed:#?}"
    );
    assert!(
        changed.iter().any(|l| l.contains("number: 12/KH-SXD")),
        "{changed:#?}"
    );
    assert!(
        changed.iter().any(|l| l.contains("value: 65.5")),
        "{changed:#?}"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), " M board.yaml\n");
}

#[test]
fn the_report_view_writes_a_docx_beside_the_board_and_asks_before_replacing_it() {
    let repo = Repo::new();
    let tmux = Tmux::start("report", &repo.script("echo EXIT=$?; exec sleep 600"));
    tmux.wait_text(FIRST_CARD);
    tmux.type_text("R");
    tmux.wait_text("Report for Q1 2024: data 15/12/2023–14/03/2024");
    // The board was committed after 14/03/2024: no version of that day.
    tmux.wait_text("no commit of the board by then");
    tmux.wait_text("Overdue: 4/43 tasks, 9.30%.");
    tmux.type_text("w");
    let target = repo.path().join("bao-cao-cchc-2024-Q1.docx");
    let screen = tmux.wait_text("wrote ");
    let shown: String = screen
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join("");
    assert!(
        shown.contains(&format!("wrote {}", target.display())),
        "the path is on screen:\n{screen}"
    );
    let bytes = std::fs::read(&target).expect("the report file");
    assert!(
        bytes.len() > 1000 && bytes.starts_with(b"PK"),
        "a docx (zip)"
    );
    if Command::new("unzip").arg("-v").output().is_ok() {
        let list = ok(
            "unzip -l",
            Command::new("unzip")
                .arg("-l")
                .arg(&target)
                .output()
                .expect("run unzip"),
        );
        assert!(list.contains("word/document.xml"), "{list}");
    }
    // Again: the file exists, so the view asks; any other key keeps it.
    tmux.type_text("w");
    tmux.wait_text("already exists.");
    tmux.type_text("n");
    tmux.wait_text("as it was");
    assert_eq!(std::fs::read(&target).expect("kept"), bytes);
    // The next format, written beside it; Esc leaves, q quits.
    tmux.type_text("ff");
    tmux.wait_text("[md]");
    tmux.type_text("w");
    tmux.wait_text("bao-cao-cchc-2024-Q1.md");
    tmux.wait_for("the markdown file", |_| {
        repo.path().join("bao-cao-cchc-2024-Q1.md").exists()
    });
    tmux.keys(&["Escape"]);
    tmux.type_text("q");
    tmux.wait_text("EXIT=0");
    let md = std::fs::read_to_string(repo.path().join("bao-cao-cchc-2024-Q1.md")).expect("md");
    assert!(md.contains("Overdue: 4/43 tasks, 9.30%."), "{md}");
    // The board file is untouched.
    assert_eq!(repo.git(&["status", "--porcelain", "board.yaml"]), "");
}

#[test]
fn a_board_that_does_not_load_is_said_once_as_the_commands_say_it() {
    let repo = Repo::new();
    let bad = String::from_utf8(repo.bytes()).expect("utf-8").replacen(
        "status: planned",
        "status: plannd",
        1,
    );
    std::fs::write(repo.board(), &bad).expect("write");
    let tmux = Tmux::start("bad", &repo.script("echo EXIT=$?; exec sleep 600"));
    let screen = tmux.wait_text("EXIT=2");
    let said = screen
        .split("EXIT=2")
        .next()
        .unwrap_or_default()
        .replace('\n', "");
    assert!(
        said.starts_with("board.yaml:35:11: error: tasks[0].status: unknown variant `plannd`"),
        "{screen}"
    );
    assert_eq!(said.matches("error").count(), 1, "said once: {screen}");
    assert_eq!(repo.bytes(), bad.as_bytes(), "the file is left as it was");
}
