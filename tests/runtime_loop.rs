//! The runtime's event loop in-process: the real `Session` (file, lock,
//! journal, watch, effects) drawing into a ratatui `TestBackend` and driven
//! by scripted events, checked by what lands on disk, the screen it drew and
//! the exit it took. What only a real terminal shows (escape sequences,
//! hang-ups, job control) stays in `tui_tmux.rs`.

use cchc::app::{Keymap, Lang};
use cchc::domain::{Board, Status};
use cchc::runtime::{Events, Options, Outcome, Session};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use std::collections::VecDeque;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(10);

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2024, 4, 2).expect("a date")
}

fn shipped_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("boards")
        .join("so-xay-dung-nam-dinh-2024.yaml")
}

fn load(path: &Path) -> Board {
    cchc::storage::load(path)
        .unwrap_or_else(|e| panic!("{} loads: {e}", path.display()))
        .board
}

fn shipped_with(moves: &[(u32, Status)]) -> Board {
    let mut board = load(&shipped_path());
    for &(id, status) in moves {
        board.set_status(id, status, today()).expect("the task");
    }
    board
}

/// Writes `board` over the file as another process would (atomic rename).
fn write_outside(path: &Path, board: &Board) {
    let file = cchc::storage::load(path).expect("loads");
    cchc::storage::save(&file, board).expect("saves");
}

/// One step of a script.
enum Step {
    Key(char),
    Ctrl(char),
    Enter,
    /// Nothing happens (the loop looks at the board file then).
    Idle,
    /// Something outside the board (run between two events).
    Do(Box<dyn FnOnce()>),
    /// Idles until the screen shows this text (at most [`WAIT`]).
    WaitFor(&'static str),
    /// A signal arrives.
    Signal(usize),
    /// Something outside the board, then a key at once (no look at the
    /// file between them).
    KeyAfter(Box<dyn FnOnce()>, char),
}

use Step::*;

/// Scripted events. When the script runs out, the "terminal" fails (a read
/// error), so a test that forgets to quit sees exit 2, not a hang.
struct Script {
    steps: VecDeque<Step>,
    screen: String,
    signal: Arc<AtomicUsize>,
    /// Taking the terminal back (after the editor) fails.
    reclaim_fails: bool,
    /// The terminal is gone while the editor runs, once this file exists.
    gone_in_editor: Option<PathBuf>,
    released: bool,
    waiting: Option<Instant>,
    /// How many frames were drawn.
    frames: usize,
}

impl Script {
    fn new(steps: Vec<Step>) -> Script {
        Script {
            steps: steps.into(),
            screen: String::new(),
            signal: Arc::new(AtomicUsize::new(0)),
            reclaim_fails: false,
            gone_in_editor: None,
            released: false,
            waiting: None,
            frames: 0,
        }
    }
}

impl Events for Script {
    fn next(&mut self, _timeout: Duration) -> io::Result<Option<Event>> {
        let Some(step) = self.steps.pop_front() else {
            return Err(io::Error::other("the script ended"));
        };
        let key = |code| Ok(Some(Event::Key(KeyEvent::new(code, KeyModifiers::NONE))));
        match step {
            Key(c) => key(KeyCode::Char(c)),
            Ctrl(c) => Ok(Some(Event::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::CONTROL,
            )))),
            Enter => key(KeyCode::Enter),
            Idle => Ok(None),
            Do(f) => {
                f();
                Ok(None)
            }
            WaitFor(text) => {
                if !self.screen.contains(text) {
                    let since = *self.waiting.get_or_insert_with(Instant::now);
                    assert!(
                        since.elapsed() < WAIT,
                        "timed out waiting for {text:?}; the screen shows:\n{}",
                        self.screen
                    );
                    std::thread::sleep(Duration::from_millis(10));
                    self.steps.push_front(WaitFor(text));
                } else {
                    self.waiting = None;
                }
                Ok(None)
            }
            Signal(n) => {
                self.signal.store(n, Ordering::SeqCst);
                Ok(None)
            }
            KeyAfter(f, c) => {
                f();
                key(KeyCode::Char(c))
            }
        }
    }

    fn release(&mut self) {
        self.released = true;
    }

    fn reclaim(&mut self) -> io::Result<()> {
        if self.reclaim_fails {
            return Err(io::Error::other("no terminal"));
        }
        self.released = false;
        Ok(())
    }

    fn connected(&mut self) -> bool {
        !(self.released && self.gone_in_editor.as_ref().is_some_and(|p| p.exists()))
    }

    fn drawn(&mut self, frame: &Buffer) {
        self.frames += 1;
        let area = frame.area;
        let mut text = String::new();
        for y in 0..area.height {
            for x in 0..area.width {
                text.push_str(frame[(x, y)].symbol());
            }
            text.push('\n');
        }
        self.screen = text;
    }
}

/// A board file of its own in a temporary directory.
struct Place {
    dir: tempfile::TempDir,
}

impl Place {
    fn new() -> Place {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::copy(shipped_path(), dir.path().join("board.yaml")).expect("copy");
        Place { dir }
    }

    fn board(&self) -> PathBuf {
        self.dir.path().join("board.yaml")
    }

    fn recovery(&self) -> PathBuf {
        cchc::storage::recovery_path(&self.board())
    }

    fn options(&self) -> Options {
        Options {
            board: self.board(),
            today: today(),
            lang: Lang::En,
            report_lang: Lang::En,
            keymap: Keymap::default(),
            horizon: 14,
            autosave: false,
            colour: false,
            notice: None,
            editor: "false".to_owned(),
            clock: today(),
        }
    }

    /// Every file in the directory but the board (lock, temporary,
    /// recovery, side files).
    fn others(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .expect("read dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "board.yaml" && n != "editor.sh")
            .collect();
        names.sort();
        names
    }
}

/// Runs a session on an 80×24 `TestBackend`; returns the outcome and the
/// script (its last screen).
fn run(opts: Options, mut script: Script) -> (Outcome, Script) {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    let session = Session::open(opts).expect("the board opens");
    let signal = Arc::clone(&script.signal);
    let outcome = session.run(&mut terminal, &mut script, &signal);
    (outcome, script)
}

const BOARD: &str = "▶○#1 Kế hoạc";

#[test]
fn a_move_and_w_save_the_file_and_q_exits_0_leaving_nothing_beside_it() {
    let place = Place::new();
    let script = Script::new(vec![
        WaitFor(BOARD),
        Key('L'),
        WaitFor("● unsaved"),
        Key('w'),
        WaitFor("saved "),
        Key('q'),
    ]);
    let (outcome, script) = run(place.options(), script);
    assert_eq!(outcome.code, 0, "{outcome:?}\n{}", script.screen);
    assert_eq!(outcome.note, None);
    assert_eq!(
        load(&place.board()),
        shipped_with(&[(1, Status::InProgress)])
    );
    assert_eq!(
        place.others(),
        Vec::<String>::new(),
        "no lock, temp or recovery file"
    );
}

#[test]
fn autosave_writes_every_change_at_once_and_quit_does_not_ask() {
    let place = Place::new();
    let board = place.board();
    let seen = Arc::new(std::sync::Mutex::new(None));
    let record = Arc::clone(&seen);
    let mut opts = place.options();
    opts.autosave = true;
    let script = Script::new(vec![
        WaitFor(BOARD),
        Key('L'),
        // Before any other key: the move is on disk already.
        Do(Box::new(move || {
            *record.lock().expect("lock") = Some(load(&board));
        })),
        Key('q'),
    ]);
    let (outcome, script) = run(opts, script);
    assert_eq!(
        seen.lock().expect("lock").clone(),
        Some(shipped_with(&[(1, Status::InProgress)])),
        "autosave saved the move"
    );
    assert_eq!(
        outcome.code, 0,
        "q quit without a question:\n{}",
        script.screen
    );
    assert!(!script.screen.contains("● unsaved"), "{}", script.screen);
    assert_eq!(place.others(), Vec::<String>::new());
}

#[test]
fn without_autosave_a_change_stays_unsaved_and_quit_asks() {
    let place = Place::new();
    let board = place.board();
    let script = Script::new(vec![
        WaitFor(BOARD),
        Key('L'),
        Do(Box::new(move || {
            assert_eq!(load(&board), load(&shipped_path()), "not saved");
        })),
        Key('q'),
        WaitFor("y = quit without saving"),
        Key('y'),
    ]);
    let (outcome, _) = run(place.options(), script);
    assert_eq!(outcome.code, 0);
    assert_eq!(load(&place.board()), load(&shipped_path()));
    assert_eq!(
        place.others(),
        Vec::<String>::new(),
        "quitting without saving removes the recovery file"
    );
}

#[test]
fn an_outside_change_is_reloaded_when_clean() {
    let place = Place::new();
    let board = place.board();
    let script = Script::new(vec![
        WaitFor(BOARD),
        Do(Box::new(move || {
            write_outside(&board, &shipped_with(&[(1, Status::Done)]))
        })),
        Idle,
        WaitFor("board changed on disk: reloaded"),
        Key('q'),
    ]);
    let (outcome, script) = run(place.options(), script);
    assert_eq!(outcome.code, 0, "q did not ask: nothing unsaved");
    assert!(script.screen.contains("▶✓#1 "), "{}", script.screen);
    assert!(!script.screen.contains("● unsaved"), "{}", script.screen);
}

#[test]
fn an_outside_change_with_unsaved_edits_asks_and_m_merges_and_w_saves_both() {
    let place = Place::new();
    let board = place.board();
    let script = Script::new(vec![
        WaitFor(BOARD),
        Key('L'),
        WaitFor("● unsaved"),
        Do(Box::new(move || {
            write_outside(&board, &shipped_with(&[(2, Status::Done)]))
        })),
        Idle,
        WaitFor("m = merge"),
        Key('m'),
        WaitFor("merged the board on disk"),
        Key('w'),
        WaitFor("saved "),
        Key('q'),
    ]);
    let (outcome, script) = run(place.options(), script);
    assert_eq!(outcome.code, 0, "{}", script.screen);
    assert_eq!(
        load(&place.board()),
        shipped_with(&[(1, Status::InProgress), (2, Status::Done)]),
        "both changes, nothing else"
    );
    assert_eq!(place.others(), Vec::<String>::new());
}

#[test]
fn keep_mine_saves_over_the_outside_change() {
    let place = Place::new();
    let board = place.board();
    let script = Script::new(vec![
        WaitFor(BOARD),
        Key('L'),
        WaitFor("● unsaved"),
        Do(Box::new(move || {
            write_outside(&board, &shipped_with(&[(2, Status::Done)]))
        })),
        Idle,
        WaitFor("k = keep only mine"),
        Key('k'),
        WaitFor("saved "),
        Key('q'),
    ]);
    let (outcome, script) = run(place.options(), script);
    assert_eq!(outcome.code, 0, "{}", script.screen);
    assert_eq!(
        load(&place.board()),
        shipped_with(&[(1, Status::InProgress)]),
        "mine, over theirs"
    );
    assert_eq!(place.others(), Vec::<String>::new());
}

#[test]
fn a_recovery_file_is_offered_restored_and_saved() {
    let place = Place::new();
    let mine = shipped_with(&[(3, Status::Done)]);
    cchc::storage::write_recovery(&place.board(), &mine, None).expect("a recovery file");
    let script = Script::new(vec![
        WaitFor("Unsaved edits from an earlier session were found"),
        Key('r'),
        WaitFor("● unsaved"),
        Key('w'),
        WaitFor("saved "),
        Key('q'),
    ]);
    let (outcome, script) = run(place.options(), script);
    assert_eq!(outcome.code, 0, "{}", script.screen);
    assert_eq!(load(&place.board()), mine);
    assert!(
        !place.recovery().exists(),
        "a save removes the recovery file"
    );
    assert_eq!(place.others(), Vec::<String>::new());
}

#[test]
fn a_signal_exits_128_plus_n_with_the_edits_in_the_recovery_file() {
    let place = Place::new();
    let script = Script::new(vec![
        WaitFor(BOARD),
        Key('3'),
        WaitFor("● unsaved"),
        Signal(15),
        // Never reached: the loop leaves on the signal.
        Key('w'),
    ]);
    let (outcome, _) = run(place.options(), script);
    assert_eq!(outcome.code, 143);
    let note = outcome.note.expect("a note");
    assert!(
        note.starts_with("cchc: signal 15: unsaved changes written to "),
        "{note}"
    );
    assert_eq!(load(&place.board()), load(&shipped_path()), "not saved");
    assert_eq!(
        cchc::storage::load_recovery(&place.recovery())
            .expect("recovery")
            .board,
        shipped_with(&[(1, Status::Done)])
    );
    assert_eq!(
        place.others(),
        vec![".board.yaml.cchc-recovery".to_owned()],
        "the lock is removed, the recovery file kept"
    );
}

#[test]
fn a_terminal_that_fails_exits_2_with_the_edits_in_the_recovery_file() {
    let place = Place::new();
    // The script ends: the next read fails, as on a dead terminal.
    let script = Script::new(vec![WaitFor(BOARD), Key('2'), WaitFor("● unsaved")]);
    let (outcome, _) = run(place.options(), script);
    assert_eq!(outcome.code, 2);
    let note = outcome.note.expect("a note");
    assert!(
        note.starts_with(
            "cchc: terminal read failed: the script ended: unsaved changes written to "
        ),
        "{note}"
    );
    assert_eq!(
        cchc::storage::load_recovery(&place.recovery())
            .expect("recovery")
            .board,
        shipped_with(&[(1, Status::InProgress)])
    );
    assert_eq!(place.others(), vec![".board.yaml.cchc-recovery".to_owned()]);
}

#[test]
fn a_clean_board_ended_by_a_signal_leaves_no_file() {
    let place = Place::new();
    let (outcome, _) = run(
        place.options(),
        Script::new(vec![WaitFor(BOARD), Signal(1)]),
    );
    assert_eq!(
        outcome,
        Outcome {
            code: 129,
            note: None
        }
    );
    assert_eq!(place.others(), Vec::<String>::new());
}

/// An editor script in the board's directory.
fn editor(place: &Place, body: &str) -> String {
    let path = place.dir.path().join("editor.sh");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write editor");
    let mut perms = std::fs::metadata(&path).expect("stat").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&path, perms).expect("chmod");
    path.display().to_string()
}

const RETITLE: &str = "sed -i -e 's/^title: .*/title: Tiêu đề mới/' \"$1\"";

fn retitled() -> Board {
    let mut board = load(&shipped_path());
    let i = board.tasks.iter().position(|t| t.id == 1).expect("#1");
    board.tasks[i].title = "Tiêu đề mới".into();
    board
}

#[test]
fn a_terminal_lost_after_the_editor_exits_2_and_journals_the_edit() {
    let place = Place::new();
    let mut opts = place.options();
    opts.editor = editor(&place, RETITLE);
    let mut script = Script::new(vec![WaitFor(BOARD), Key('e'), Key('w')]);
    script.reclaim_fails = true;
    let (outcome, _) = run(opts, script);
    assert_eq!(outcome.code, 2, "{outcome:?}");
    assert_eq!(load(&place.board()), load(&shipped_path()), "not saved");
    assert_eq!(
        cchc::storage::load_recovery(&place.recovery())
            .expect("the edit is in the recovery file")
            .board,
        retitled()
    );
    assert_eq!(place.others(), vec![".board.yaml.cchc-recovery".to_owned()]);
}

#[test]
fn a_terminal_lost_while_the_editor_is_open_ends_it_and_journals_the_edit() {
    let place = Place::new();
    let mut opts = place.options();
    // The editor writes the edit, then would stay open for a minute; it
    // ignores SIGHUP (as an editor busy saving may), so SIGTERM must follow.
    let pids = place.dir.path().join("editor.pid");
    opts.editor = editor(
        &place,
        &format!(
            "trap '' HUP; {RETITLE}; echo $$ > '{}'; i=0; while [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done",
            pids.display()
        ),
    );
    let mut script = Script::new(vec![WaitFor(BOARD), Key('e'), Key('w')]);
    script.gone_in_editor = Some(pids.clone());
    let started = Instant::now();
    let (outcome, _) = run(opts, script);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the editor was ended"
    );
    assert_eq!(outcome.code, 129, "a hang-up: {outcome:?}");
    let pid = std::fs::read_to_string(&pids).expect("the editor ran");
    assert!(
        !Path::new(&format!("/proc/{}", pid.trim())).exists()
            || std::fs::read_to_string(format!("/proc/{}/stat", pid.trim()))
                .is_ok_and(|s| s.contains(") Z ")),
        "the editor is gone: {:?}",
        std::fs::read_to_string(format!("/proc/{}/stat", pid.trim()))
    );
    assert_eq!(
        cchc::storage::load_recovery(&place.recovery())
            .expect("the edit is in the recovery file")
            .board,
        retitled()
    );
    let _ = std::fs::remove_file(&pids);
    assert_eq!(place.others(), vec![".board.yaml.cchc-recovery".to_owned()]);
}

#[test]
fn a_board_deleted_while_open_is_written_back_with_the_edits() {
    let place = Place::new();
    let board = place.board();
    let script = Script::new(vec![
        WaitFor(BOARD),
        Key('L'),
        WaitFor("● unsaved"),
        Do(Box::new(move || std::fs::remove_file(&board).expect("rm"))),
        Idle,
        WaitFor("w = write it back"),
        Key('w'),
        WaitFor("wrote the board back"),
        // Clean now: q does not ask.
        Key('q'),
    ]);
    let (outcome, script) = run(place.options(), script);
    assert_eq!(outcome.code, 0, "{}", script.screen);
    assert_eq!(
        load(&place.board()),
        shipped_with(&[(1, Status::InProgress)])
    );
    assert_eq!(place.others(), Vec::<String>::new());
}

#[test]
fn a_board_deleted_while_open_can_be_saved_elsewhere_and_edited_on() {
    let place = Place::new();
    let board = place.board();
    let copy = place.dir.path().join("copy.yaml");
    let typed = copy.display().to_string();
    let steps = vec![
        WaitFor(BOARD),
        Key('L'),
        WaitFor("● unsaved"),
        Do(Box::new(move || std::fs::remove_file(&board).expect("rm"))),
        Idle,
        WaitFor("a = save as"),
        Key('a'),
        WaitFor("save as"),
    ];
    // Clear the prefilled path (Ctrl-u), type ours, Enter.
    let mut script = Script::new(steps);
    script.steps.push_back(Ctrl('u'));
    for c in typed.chars() {
        script.steps.push_back(Key(c));
    }
    script.steps.extend([
        Enter,
        WaitFor("saved a copy to"),
        // Still unsaved (the board file is gone); quitting asks.
        Key('q'),
        WaitFor("y = quit without saving"),
        Key('y'),
    ]);
    let (outcome, script) = run(place.options(), script);
    assert_eq!(outcome.code, 0, "{}", script.screen);
    assert_eq!(load(&copy), shipped_with(&[(1, Status::InProgress)]));
    assert!(!place.board().exists(), "not written back unasked");
    let _ = std::fs::remove_file(&copy);
    assert_eq!(place.others(), Vec::<String>::new());
}

#[test]
fn a_terminal_lost_during_ctrl_z_exits_2_and_journals_the_edits() {
    let place = Place::new();
    let mut script = Script::new(vec![
        WaitFor(BOARD),
        Key('L'),
        WaitFor("● unsaved"),
        Ctrl('z'),
        Key('w'),
    ]);
    script.reclaim_fails = true;
    let (outcome, _) = run(place.options(), script);
    assert_eq!(outcome.code, 2, "{outcome:?}");
    let note = outcome.note.expect("a note");
    assert!(
        note.starts_with(
            "cchc: cannot restart the terminal: no terminal: unsaved changes written to "
        ),
        "{note}"
    );
    assert_eq!(load(&place.board()), load(&shipped_path()), "not saved");
    assert_eq!(
        cchc::storage::load_recovery(&place.recovery())
            .expect("recovery")
            .board,
        shipped_with(&[(1, Status::InProgress)])
    );
    assert_eq!(place.others(), vec![".board.yaml.cchc-recovery".to_owned()]);
}

#[test]
fn an_invalid_edit_in_progress_is_kept_in_a_named_file_when_the_terminal_goes() {
    let place = Place::new();
    let mut opts = place.options();
    let ready = place.dir.path().join("editor.pid");
    opts.editor = editor(
        &place,
        &format!(
            "sed -i -e 's/^status: .*/status: finished/' -e 's/^title: .*/title: Đang gõ/' \"$1\"; \
             echo $$ > '{}'; exec sleep 60",
            ready.display()
        ),
    );
    let mut script = Script::new(vec![WaitFor(BOARD), Key('e'), Key('w')]);
    script.gone_in_editor = Some(ready.clone());
    let (outcome, _) = run(opts, script);
    assert_eq!(outcome.code, 129, "{outcome:?}");
    let note = outcome.note.expect("a note");
    let path = note
        .rsplit("the edit in progress is in ")
        .next()
        .filter(|_| note.contains("the edit in progress is in "))
        .unwrap_or_else(|| panic!("the note names the kept text: {note}"))
        .trim()
        .to_owned();
    let kept = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let _ = std::fs::remove_file(&path);
    assert!(kept.contains("title: Đang gõ"), "{kept}");
    assert!(kept.contains("status: finished"), "{kept}");
    // Nothing unsaved on the board itself: no recovery file.
    let _ = std::fs::remove_file(&ready);
    assert_eq!(place.others(), Vec::<String>::new());
}

#[test]
fn a_pending_recovery_survives_an_outside_change_and_a_hang_up_before_the_answer() {
    let place = Place::new();
    let board = place.board();
    let mine = shipped_with(&[(3, Status::Done)]);
    cchc::storage::write_recovery(&place.board(), &mine, None).expect("a recovery file");
    let script = Script::new(vec![
        WaitFor("Unsaved edits from an earlier session were found"),
        Do(Box::new(move || {
            write_outside(&board, &shipped_with(&[(1, Status::Done)]))
        })),
        Idle,
        WaitFor("board changed on disk: reloaded"),
        // The connection drops before the user answers r or d.
        Signal(1),
    ]);
    let (outcome, script) = run(place.options(), script);
    assert_eq!(outcome.code, 129, "{outcome:?}\n{}", script.screen);
    assert_eq!(
        cchc::storage::load_recovery(&place.recovery())
            .expect("the recovery file is still there")
            .board,
        mine
    );
}

#[test]
fn keep_mine_never_saves_over_a_version_that_landed_after_the_question() {
    let place = Place::new();
    let (board, board2, board3) = (place.board(), place.board(), place.board());
    let second = shipped_with(&[(2, Status::Done), (4, Status::Done)]);
    let unseen = second.clone();
    let script = Script::new(vec![
        WaitFor(BOARD),
        Key('L'),
        WaitFor("● unsaved"),
        Do(Box::new(move || {
            write_outside(&board, &shipped_with(&[(2, Status::Done)]))
        })),
        Idle,
        WaitFor("k = keep only mine"),
        // A second outside change lands just before the answer.
        KeyAfter(Box::new(move || write_outside(&board2, &second)), 'k'),
        Do(Box::new(move || {
            assert_eq!(load(&board3), unseen, "the unseen version is kept");
        })),
        WaitFor("k = keep only mine"),
        Key('k'),
        WaitFor("saved "),
        Key('q'),
    ]);
    let (outcome, script) = run(place.options(), script);
    assert_eq!(outcome.code, 0, "{}", script.screen);
    assert_eq!(
        load(&place.board()),
        shipped_with(&[(1, Status::InProgress)]),
        "mine, over the version the second question showed"
    );
    assert_eq!(place.others(), Vec::<String>::new());
}

#[test]
fn an_unreadable_recovery_file_is_moved_aside_before_the_journal_writes() {
    let place = Place::new();
    std::fs::write(place.recovery(), "tasks: [not: a board\n").expect("garbage");
    let script = Script::new(vec![
        WaitFor(BOARD),
        Key('L'),
        WaitFor("● unsaved"),
        Signal(15),
    ]);
    let (outcome, script) = run(place.options(), script);
    assert_eq!(outcome.code, 143, "{outcome:?}\n{}", script.screen);
    let aside = place
        .dir
        .path()
        .join(".board.yaml.cchc-recovery.unreadable");
    assert_eq!(
        std::fs::read_to_string(&aside).expect("the unreadable file, moved aside"),
        "tasks: [not: a board\n"
    );
    assert_eq!(
        cchc::storage::load_recovery(&place.recovery())
            .expect("this session's journal")
            .board,
        shipped_with(&[(1, Status::InProgress)])
    );
}

#[test]
fn a_planted_link_in_the_locks_place_opens_the_board_read_only() {
    let place = Place::new();
    let victim = place.dir.path().join("victim");
    std::fs::write(&victim, "precious").expect("write");
    let lock = place.dir.path().join(".board.yaml.cchc-lock");
    std::os::unix::fs::symlink(&victim, &lock).expect("plant");
    let script = Script::new(vec![
        WaitFor("read-only"),
        // Refused: nothing to ask about when quitting.
        Key('L'),
        Key('q'),
    ]);
    let (outcome, script) = run(place.options(), script);
    assert_eq!(outcome.code, 0, "{outcome:?}\n{}", script.screen);
    assert!(!script.screen.contains("● unsaved"), "{}", script.screen);
    assert_eq!(std::fs::read(&victim).expect("read"), b"precious");
    assert!(!place.recovery().exists(), "no journal without the lock");
    assert_eq!(load(&place.board()), load(&shipped_path()));
}

#[test]
fn a_board_opened_through_a_symlink_journals_beside_the_real_file() {
    let place = Place::new();
    let link = place.dir.path().join("link.yaml");
    std::os::unix::fs::symlink(place.board(), &link).expect("a link");
    let mut opts = place.options();
    opts.board = link.clone();
    let script = Script::new(vec![
        WaitFor(BOARD),
        Key('L'),
        WaitFor("● unsaved"),
        Signal(1),
    ]);
    let (outcome, script) = run(opts, script);
    assert_eq!(outcome.code, 129, "{outcome:?}\n{}", script.screen);
    assert_eq!(
        cchc::storage::load_recovery(&place.recovery())
            .expect("the recovery file beside the real file")
            .board,
        shipped_with(&[(1, Status::InProgress)])
    );
    assert!(!cchc::storage::recovery_path(&link).exists());
    let _ = std::fs::remove_file(&link);
    assert_eq!(place.others(), vec![".board.yaml.cchc-recovery".to_owned()]);
}

/// Events that wait as a terminal does: each `next` blocks for its whole
/// timeout unless the loop's [`cchc::runtime::Waker`] ends it. Records, for
/// the first frame that shows the header's git state, whether the wait
/// before it was ended by a wake (not by the poll interval running out).
struct Waiting {
    woken: Arc<(std::sync::Mutex<bool>, std::sync::Condvar)>,
    screen: String,
    last_wait_woken: bool,
    saw_git: Option<bool>,
    started: Instant,
}

impl Events for Waiting {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        if self.saw_git.is_some() {
            return Ok(Some(Event::Key(KeyEvent::new(
                KeyCode::Char('q'),
                KeyModifiers::NONE,
            ))));
        }
        if self.started.elapsed() > WAIT {
            return Err(io::Error::other("the git state never appeared"));
        }
        let (lock, cvar) = &*self.woken;
        let mut woken = lock.lock().expect("lock");
        if !*woken {
            woken = cvar.wait_timeout(woken, timeout).expect("wait").0;
        }
        self.last_wait_woken = *woken;
        *woken = false;
        Ok(None)
    }

    fn drawn(&mut self, frame: &Buffer) {
        self.screen = (0..frame.area.height)
            .flat_map(|y| (0..frame.area.width).map(move |x| (x, y)))
            .map(|p| frame[p].symbol().to_owned())
            .collect();
        if self.saw_git.is_none() && self.screen.contains("not in git") {
            self.saw_git = Some(self.last_wait_woken);
        }
    }

    fn waker(&mut self) -> Option<cchc::runtime::Waker> {
        let woken = Arc::clone(&self.woken);
        Some(cchc::runtime::Waker::new(move || {
            let (lock, cvar) = &*woken;
            *lock.lock().expect("lock") = true;
            cvar.notify_all();
        }))
    }
}

#[test]
fn the_git_state_is_drawn_when_it_arrives_not_at_the_next_poll() {
    // The temporary directory is not in a repository: the worker's answer
    // is "not in git". Before the wake, the loop saw it only once its
    // 500 ms wait for a key ran out.
    let place = Place::new();
    let mut events = Waiting {
        woken: Arc::new((std::sync::Mutex::new(false), std::sync::Condvar::new())),
        screen: String::new(),
        last_wait_woken: false,
        saw_git: None,
        started: Instant::now(),
    };
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    let session = Session::open(place.options()).expect("the board opens");
    let signal = Arc::new(AtomicUsize::new(0));
    let outcome = session.run(&mut terminal, &mut events, &signal);
    assert_eq!(outcome.code, 0, "{outcome:?}\n{}", events.screen);
    assert_eq!(
        events.saw_git,
        Some(true),
        "the frame with the git state follows a woken wait"
    );
}

#[test]
fn a_past_day_asks_git_for_that_days_board_and_says_where_statuses_come_from() {
    // Not in a repository: the board says so and keeps the file's rule.
    let place = Place::new();
    let mut opts = place.options();
    opts.clock = today().succ_opt().expect("a day");
    let script = Script::new(vec![
        WaitFor(BOARD),
        WaitFor("not in git; statuses from the file"),
        Key('q'),
    ]);
    let (outcome, script) = run(opts, script);
    assert_eq!(outcome.code, 0, "{outcome:?}\n{}", script.screen);
}
