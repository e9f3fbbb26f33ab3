//! A new plan's board: `cchc init`, `cchc rollover`, and `check`'s warning
//! about a board copied for a new year without moving its timeframes on.

mod common;
mod tui_support;

use cchc::domain::{Status, Task};
use cchc::storage;
use common::*;
use std::fs;
use std::os::unix::fs::PermissionsExt;

// ---------------------------------------------------------------- init

#[test]
fn init_writes_a_valid_canonical_board_that_check_passes_and_prints_next_steps() {
    let sb = Sandbox::with_bytes("other.yaml", b"");
    let o = sb
        .cchc()
        .args([
            "init",
            "--organisation",
            "Sở Tư pháp tỉnh Nam Định",
            "--year",
            "2025",
            "--document",
            "Kế hoạch số 210/KH-STP ngày 20/12/2024",
        ])
        .output()
        .expect("run");
    expect_code(&o, 0);
    let path = sb.path().join("boards/so-tu-phap-tinh-nam-dinh-2025.yaml");
    let out = stdout(&o);
    assert!(
        out.contains("created boards/so-tu-phap-tinh-nam-dinh-2025.yaml"),
        "{out}"
    );
    assert!(out.contains("cchc import PLAN.docx --into"), "{out}");
    let file = storage::load(&path).expect("the new board loads");
    assert_eq!(file.first_noncanonical_line(), None, "canonical");
    let b = &file.board;
    assert_eq!(
        &*b.plan.title,
        "Kế hoạch Cải cách hành chính Sở Tư pháp tỉnh Nam Định năm 2025"
    );
    assert_eq!(b.plan.document, "Kế hoạch số 210/KH-STP ngày 20/12/2024");
    assert_eq!(b.plan.year, 2025);
    assert!(b.tasks.is_empty());
    // The nine areas of the shipped plan.
    let shipped = storage::load(&shipped_path()).expect("shipped").board;
    assert_eq!(b.areas, shipped.areas);
    // Readable by colleagues, not a temporary file's 0600.
    let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
    let check = sb
        .cchc()
        .args(["-b", path.to_str().expect("utf-8"), "check"])
        .output()
        .expect("run");
    expect_code(&check, 0);
    let checked = stdout(&check).replace("\n    ", " ");
    assert!(
        checked.contains("ok: 0 tasks in 9 areas, 0 targets; 0 warnings"),
        "{checked}"
    );
    // The board the TUI opens: listing works too.
    let list = sb
        .cchc()
        .args(["-b", path.to_str().expect("utf-8"), "list"])
        .output()
        .expect("run");
    expect_code(&list, 0);
}

/// The board `init` writes opens: the nine empty lanes are drawn, and moving
/// around, opening the detail and the help on no card is harmless.
#[test]
fn an_initialised_board_opens_in_the_interactive_board() {
    use crossterm::event::KeyCode;
    let sb = Sandbox::with_bytes("x.txt", b"");
    let o = sb
        .cchc()
        .args([
            "init",
            "b.yaml",
            "--organisation",
            "Sở Tư pháp",
            "--year",
            "2025",
        ])
        .output()
        .expect("run");
    expect_code(&o, 0);
    let board = storage::load(&sb.path().join("b.yaml"))
        .expect("loads")
        .board;
    let mut app = cchc::app::App::new(board, tui_support::day(2025, 1, 15));
    for msg in [
        tui_support::key(KeyCode::Down),
        tui_support::key(KeyCode::Right),
        tui_support::key(KeyCode::Enter),
        tui_support::key(KeyCode::Esc),
        tui_support::ch('?'),
        tui_support::key(KeyCode::Esc),
        tui_support::ch('o'),
    ] {
        tui_support::send(&mut app, msg);
        let _ = tui_support::render(&app, 80, 24, true);
    }
    let screen = tui_support::render(&app, 100, 30, false)
        .backend()
        .to_string();
    assert!(
        screen.contains("Kế hoạch Cải cách hành chính Sở Tư pháp năm 2025"),
        "{screen}"
    );
    assert!(
        screen.contains("IX Công tác thi đua, khen thưởng"),
        "{screen}"
    );
}

#[test]
fn init_refuses_to_overwrite_and_leaves_the_file_alone() {
    let sb = Sandbox::shipped();
    let o = sb
        .cchc()
        .args([
            "init",
            "board.yaml",
            "--organisation",
            "X",
            "--year",
            "2025",
        ])
        .output()
        .expect("run");
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("board.yaml exists; not replacing it"),
        "{}",
        stderr(&o)
    );
    assert_eq!(sb.bytes(), shipped_bytes());
}

#[test]
fn init_without_a_terminal_names_the_missing_flag() {
    let sb = Sandbox::with_bytes("x.txt", b"");
    let o = sb
        .cchc()
        .args(["init", "--year", "2025"])
        .write_stdin("")
        .output()
        .expect("run");
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("pass --organisation TEXT"),
        "{}",
        stderr(&o)
    );
    let o = sb
        .cchc()
        .args(["init", "--organisation", "Sở Tư pháp"])
        .output()
        .expect("run");
    expect_code(&o, 2);
    assert!(stderr(&o).contains("pass --year YYYY"), "{}", stderr(&o));
    let o = sb
        .cchc()
        .args(["init", "--organisation", "Sở Tư pháp", "--year", "25"])
        .output()
        .expect("run");
    expect_code(&o, 2);
    assert!(stderr(&o).contains("four digits"), "{}", stderr(&o));
    assert_eq!(sb.listing(), ["x.txt"]);
}

// ---------------------------------------------------------------- check

#[test]
fn check_warns_about_a_board_copied_for_a_new_year() {
    let text = String::from_utf8(shipped_bytes())
        .expect("utf-8")
        .replace("  year: 2024\n", "  year: 2025\n");
    let sb = Sandbox::with_bytes("copy.yaml", text.as_bytes());
    let o = sb
        .cchc()
        .args(["-b", "copy.yaml", "--lang", "en", "check"])
        .env("COLUMNS", "300")
        .output()
        .expect("run");
    expect_code(&o, 0);
    let out = stdout(&o).replace("\n    ", " ");
    // Task 5 (Quý I/2024) and 12 (Tháng 12/2023) are named; Thường xuyên is not.
    assert!(
        out.contains("task 5: timeframe `Quý I/2024` names 2024, but the plan year is 2025"),
        "{out}"
    );
    assert!(
        out.contains("task 12: timeframe `Tháng 12/2023` names 2023"),
        "{out}"
    );
    assert!(!out.contains("task 1: timeframe"), "{out}");
    // The shipped board itself (December 2023 deadlines in a 2024 plan) is fine.
    let sb = Sandbox::shipped();
    let o = sb.run(&["check"]);
    assert!(!stdout(&o).contains("but the plan year"), "{}", stdout(&o));
}

// ---------------------------------------------------------------- rollover

/// The shipped board after a year of work: moves, notes, evidence, a due
/// date, a measured target.
fn a_year_of_work() -> Sandbox {
    let sb = Sandbox::with_bytes("so-xay-dung-nam-dinh-2024.yaml", &shipped_bytes());
    for (id, status, day) in [
        ("5", "done", "2024-03-20"),
        ("7", "in-progress", "2024-02-01"),
        ("12", "done", "2024-01-05"),
        ("20", "in-progress", "2024-05-01"),
    ] {
        let o = sb
            .cchc()
            .args([
                "-b",
                sb.board.to_str().expect("utf-8"),
                "--as-of",
                day,
                "move",
                id,
                status,
            ])
            .output()
            .expect("run");
        expect_code(&o, 0);
    }
    let file = storage::load(&sb.board).expect("load");
    let mut b = file.board.clone();
    let t: &mut Task = b.tasks.iter_mut().find(|t| t.id == 5).expect("5");
    t.notes = Some("Đã trình Giám đốc Sở.\nChờ ban hành.".into());
    t.evidence = vec!["Kế hoạch số 12/KH-SXD ngày 10/01/2024".into()];
    t.assignee = Some("Nguyễn Văn A".into());
    let t = b.tasks.iter_mut().find(|t| t.id == 13).expect("13");
    t.due = Some("2024-06-30".parse().expect("date"));
    b.targets[0].current = Some(64.5);
    storage::save(&file, &b).expect("save");
    sb
}

#[test]
fn rollover_starts_next_year_and_leaves_this_year_byte_identical() {
    let sb = a_year_of_work();
    let before = sb.bytes();
    let o = sb
        .cchc()
        .args([
            "-b",
            "so-xay-dung-nam-dinh-2024.yaml",
            "rollover",
            "--year",
            "2025",
        ])
        .output()
        .expect("run");
    expect_code(&o, 0);
    assert_eq!(sb.bytes(), before, "the old board is untouched");
    let new = sb.path().join("so-xay-dung-nam-dinh-2025.yaml");
    let text = fs::read_to_string(&new).expect("the new board");
    insta::assert_snapshot!("rollover_2025", text);
    let out = stdout(&o);
    assert!(out.contains("43 tasks copied as planned"), "{out}");
    assert!(
        out.contains("41 unfinished tasks marked carried_over"),
        "{out}"
    );
    assert!(
        out.contains("timeframe sets no deadline (add `due:` or reword): 13, 17, 21, 32, 41"),
        "{out}"
    );
    let file = storage::load(&new).expect("the new board loads");
    assert_eq!(file.first_noncanonical_line(), None);
    let b = &file.board;
    assert!(b.tasks.iter().all(|t| t.status == Status::Planned
        && t.due.is_none()
        && t.completed.is_none()
        && t.notes.is_none()
        && t.evidence.is_empty()));
    let t5 = b.task(5).expect("5");
    assert_eq!(&*t5.timeframe, "Quý I/2025");
    assert_eq!(t5.carried_over, None, "done last year: not carried over");
    assert_eq!(t5.assignee.as_deref(), Some("Nguyễn Văn A"));
    let t7 = b.task(7).expect("7");
    assert_eq!(
        t7.carried_over.as_deref(),
        Some("so-xay-dung-nam-dinh-2024.yaml#7")
    );
    assert_eq!(&*b.task(12).expect("12").timeframe, "Tháng 12/2024");
    assert!(b.targets.iter().all(|t| t.current.is_none()));
    assert_eq!(b.plan.document, "");
    // Nothing looks a year behind in the new board.
    let check = sb
        .cchc()
        .args(["-b", "so-xay-dung-nam-dinh-2025.yaml", "check"])
        .output()
        .expect("run");
    expect_code(&check, 0);
    assert!(
        !stdout(&check).contains("but the plan year"),
        "{}",
        stdout(&check)
    );
    // Again: refuses to overwrite the new board.
    let again = sb
        .cchc()
        .args([
            "-b",
            "so-xay-dung-nam-dinh-2024.yaml",
            "rollover",
            "--year",
            "2025",
        ])
        .output()
        .expect("run");
    expect_code(&again, 2);
    assert!(
        stderr(&again).contains("exists; not replacing it"),
        "{}",
        stderr(&again)
    );
    assert_eq!(fs::read_to_string(&new).expect("read"), text);
}

#[test]
fn rollover_needs_a_later_year_and_a_name_when_the_file_has_no_year() {
    let sb = Sandbox::shipped();
    let o = sb.run(&["rollover", "--year", "2024"]);
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("not after the board's plan year 2024"),
        "{}",
        stderr(&o)
    );
    let o = sb.run(&["rollover", "--year", "2025"]);
    expect_code(&o, 2);
    assert!(stderr(&o).contains("pass -o NEW.yaml"), "{}", stderr(&o));
    let o = sb.run(&["rollover", "--year", "2025", "-o", "next.yaml"]);
    expect_code(&o, 0);
    assert_eq!(sb.listing(), ["board.yaml", "next.yaml"]);
    assert_eq!(sb.bytes(), shipped_bytes());
}

#[test]
fn boards_without_carried_over_load_and_save_byte_identical() {
    let file = storage::load(&shipped_path()).expect("load");
    assert_eq!(storage::to_yaml(&file.board).as_bytes(), shipped_bytes());
}

/// `carried_over` goes everywhere a task's fields go: the editor's snippet,
/// task-level diffs, the three-way merge, JSON/CSV rows and `show`.
#[test]
fn carried_over_travels_with_the_task() {
    let shipped = storage::load(&shipped_path()).expect("load").board;
    let mut mine = shipped.clone();
    mine.tasks[6].carried_over = Some("so-xay-dung-nam-dinh-2023.yaml#7".into());
    let t = &mine.tasks[6];
    // Editor round trip.
    let text = storage::task_to_yaml(t, None);
    assert!(
        text.ends_with("carried_over: so-xay-dung-nam-dinh-2023.yaml#7\n"),
        "{text}"
    );
    let back = storage::read_edited(&text, t, &mine).expect("edit reads back");
    assert_eq!(&back, t);
    // Diff.
    let diffs = cchc::domain::diff::task_differences(&shipped.tasks[6], t);
    assert_eq!(diffs.len(), 1);
    assert!(
        diffs[0].to_string().contains("carried_over"),
        "{}",
        diffs[0]
    );
    // Merge: set on one side, another field changed on the other.
    let mut theirs = shipped.clone();
    theirs.tasks[6].assignee = Some("Trần Thị B".into());
    let merged = cchc::merge::merge3(&shipped, &mine, &theirs);
    assert!(merged.is_clean());
    let m = merged.board().expect("clean merge").tasks[6].clone();
    assert_eq!(m.carried_over, mine.tasks[6].carried_over);
    assert_eq!(m.assignee.as_deref(), Some("Trần Thị B"));
    // Rows and show.
    let text = storage::to_yaml(&mine);
    let sb = Sandbox::with_bytes("board.yaml", text.as_bytes());
    let o = sb.run(&["list", "--format", "json"]);
    expect_code(&o, 0);
    assert!(
        stdout(&o).contains("\"carried_over\": \"so-xay-dung-nam-dinh-2023.yaml#7\""),
        "{}",
        stdout(&o)
    );
    let o = sb.run(&["--lang", "en", "show", "7"]);
    expect_code(&o, 0);
    assert!(
        stdout(&o).contains("Carried over from")
            && stdout(&o).contains("so-xay-dung-nam-dinh-2023.yaml#7"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_new_commands_speak_vietnamese_too() {
    let sb = Sandbox::with_bytes("x.txt", b"");
    let o = sb
        .cchc()
        .env("LANG", "vi_VN.UTF-8")
        .args([
            "init",
            "b.yaml",
            "--organisation",
            "Sở Tư pháp",
            "--year",
            "2025",
        ])
        .output()
        .expect("run");
    expect_code(&o, 0);
    assert!(
        stdout(&o).starts_with("đã tạo b.yaml: Kế hoạch Cải cách hành chính Sở Tư pháp năm 2025"),
        "{}",
        stdout(&o)
    );
    let o = sb
        .cchc()
        .args([
            "--lang", "vi", "-b", "b.yaml", "rollover", "--year", "2026", "-o", "c.yaml",
        ])
        .output()
        .expect("run");
    expect_code(&o, 0);
    assert!(stdout(&o).contains("cần xem lại:"), "{}", stdout(&o));
}
