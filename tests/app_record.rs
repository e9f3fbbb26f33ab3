//! The year's record from the board, through `update()` with keys: a
//! progress-log entry (`p`), evidence (`v`), a target's measurement in the
//! targets view (`T`, then `r`); bad input keeps the text with the error,
//! each edit is one undoable step, a read-only board refuses them.

mod tui_support;

use cchc::app::{App, Lang, Mode, Msg, PromptKind};
use cchc::domain::{Document, Evidence, LogEntry, Measurement};
use crossterm::event::KeyCode;
use tui_support::*;

fn task(app: &App, id: u32) -> &cchc::domain::Task {
    app.board.task(id).expect("task exists")
}

fn prompt(app: &App) -> &cchc::app::Prompt {
    match &app.mode {
        Mode::Prompt(p) => p,
        other => panic!("a prompt is open, not {other:?}"),
    }
}

/// Types `text` into the open prompt and presses Enter: the prompt stays
/// open with the text as typed, and its error is returned.
fn refused(app: &mut App, text: &str) -> String {
    type_text(app, text);
    send(app, key(KeyCode::Enter));
    let p = prompt(app);
    assert_eq!(p.input, text, "nothing typed is lost");
    p.error.clone().expect("an error")
}

fn screen(app: &App, w: u16, h: u16) -> String {
    render(app, w, h, false).backend().to_string()
}

#[test]
fn p_adds_a_log_entry_dated_the_boards_day_and_u_takes_it_back() {
    let mut app = shipped_app();
    walk_to(&mut app, 5);
    send(&mut app, ch('p'));
    let p = prompt(&app);
    assert_eq!(
        p.kind,
        PromptKind::AddLog {
            task: 5,
            detail: false
        }
    );
    assert_eq!(p.input, "2024-04-02 ", "the board's day, then the text");
    type_text(&mut app, "Đã họp rà soát kế hoạch");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(
        task(&app, 5).log,
        [LogEntry {
            date: as_of(),
            text: "Đã họp rà soát kế hoạch".into(),
            evidence: vec![],
        }]
    );
    assert!(app.is_dirty());
    send(&mut app, ch('u'));
    assert!(task(&app, 5).log.is_empty());
    assert!(!app.is_dirty(), "undone back to the saved board");
    assert_eq!(app.board, shipped_board());
    send(&mut app, ctrl('r'));
    assert_eq!(task(&app, 5).log.len(), 1, "redo brings it back");
}

#[test]
fn an_edited_date_goes_in_date_order_after_entries_of_that_day() {
    let mut app = shipped_app();
    walk_to(&mut app, 5);
    for (date, text) in [
        ("2024-03-10", "one"),
        ("10/02/2024", "earlier"),
        ("2024-03-10", "two"),
    ] {
        send_all(&mut app, [ch('p'), ctrl('u')]);
        type_text(&mut app, &format!("{date} {text}"));
        send(&mut app, key(KeyCode::Enter));
    }
    let texts: Vec<&str> = task(&app, 5).log.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(texts, ["earlier", "one", "two"]);
    assert_eq!(task(&app, 5).log[0].date, day(2024, 2, 10));
}

#[test]
fn a_bad_date_or_no_text_is_refused_with_the_text_kept() {
    let mut app = shipped_app();
    walk_to(&mut app, 5);
    send_all(&mut app, [ch('p'), ctrl('u')]);
    let e = refused(&mut app, "2024-02-31 Gửi báo cáo");
    assert!(
        e.contains("`2024-02-31`") && e.contains("YYYY-MM-DD"),
        "{e}"
    );
    assert_eq!(app.board, shipped_board());
    // Fixing the date is enough.
    send_all(&mut app, [ctrl('u')]);
    type_text(&mut app, "2024-02-29 Gửi báo cáo");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(task(&app, 5).log[0].date, day(2024, 2, 29));

    // A date alone says nothing was done.
    send(&mut app, ch('p'));
    send(&mut app, key(KeyCode::Enter));
    let e = prompt(&app).error.clone().expect("an error");
    assert!(e.contains("write what was done"), "{e}");
    assert_eq!(task(&app, 5).log.len(), 1);
    // Esc leaves without a change.
    send(&mut app, key(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(task(&app, 5).log.len(), 1);
}

#[test]
fn vietnamese_input_is_stored_nfc_and_backspace_removes_a_whole_letter() {
    let mut app = shipped_app();
    walk_to(&mut app, 5);
    send(&mut app, ch('p'));
    // `ệ` as an input method may send it: e, dot below, circumflex.
    type_text(&mut app, "Kiểm tra e\u{323}\u{302}");
    send(&mut app, key(KeyCode::Backspace));
    assert_eq!(prompt(&app).input, "2024-04-02 Kiểm tra ", "one grapheme");
    type_text(&mut app, "hie\u{323}\u{302}u lu\u{31b}\u{323}c");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(task(&app, 5).log[0].text, "Kiểm tra hiệu lực");
}

#[test]
fn the_detail_view_takes_p_and_v_and_comes_back_showing_the_entry() {
    let mut app = shipped_app();
    walk_to(&mut app, 5);
    send_all(&mut app, [key(KeyCode::Enter), ch('p')]);
    assert_eq!(
        prompt(&app).kind,
        PromptKind::AddLog {
            task: 5,
            detail: true
        }
    );
    type_text(&mut app, "Ban hành kế hoạch");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Detail { scroll: 0 });
    let s = screen(&app, 80, 24);
    assert!(s.contains("Progress log:"), "{s}");
    assert!(s.contains("02/04/2024 Ban hành kế hoạch"), "{s}");

    send(&mut app, ch('v'));
    type_text(&mut app, "45/KH-SXD | 02/04/2024 | Kế hoạch theo dõi THPL");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Detail { scroll: 0 });
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("45/KH-SXD of 02/04/2024: Kế hoạch theo dõi THPL"),
        "{s}"
    );
    // Esc in a prompt opened there goes back to it too, then closes it.
    send_all(&mut app, [ch('p'), key(KeyCode::Esc)]);
    assert_eq!(app.mode, Mode::Detail { scroll: 0 });
    send(&mut app, key(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Board);
    // The detail view's own keys still scroll.
    send_all(&mut app, [key(KeyCode::Enter), ch('j')]);
    assert_eq!(app.mode, Mode::Detail { scroll: 1 });
}

#[test]
fn log_entries_after_the_boards_day_are_refused_and_not_shown() {
    let mut app = shipped_app();
    walk_to(&mut app, 5);
    // Typed with a later date: refused as `cchc log` refuses it, text kept.
    send_all(&mut app, [ch('p'), ctrl('u')]);
    type_text(&mut app, "2024-05-01 Sau ngày xem");
    send(&mut app, key(KeyCode::Enter));
    assert!(task(&app, 5).log.is_empty(), "nothing recorded");
    let p = prompt(&app);
    assert_eq!(p.input, "2024-05-01 Sau ngày xem");
    assert!(
        p.error.as_deref().is_some_and(|e| e.contains("02/04/2024")),
        "{:?}",
        p.error
    );
    send(&mut app, key(KeyCode::Esc));
    // In the file already (written on a later day): not shown on this one.
    let mut board = app.board.clone();
    board
        .tasks
        .iter_mut()
        .find(|t| t.id == 5)
        .expect("#5")
        .add_log(cchc::domain::LogEntry {
            date: "2024-05-01".parse().expect("date"),
            text: "Sau ngày xem".into(),
            evidence: vec![],
        });
    app.board = board;
    send(&mut app, key(KeyCode::Enter));
    let s = screen(&app, 80, 24);
    assert!(!s.contains("Sau ngày xem"), "{s}");
    assert!(!s.contains("Progress log"), "{s}");
}

#[test]
fn v_adds_a_document_or_free_text_and_refuses_a_malformed_one() {
    let mut app = shipped_app();
    walk_to(&mut app, 5);
    send(&mut app, ch('v'));
    assert_eq!(prompt(&app).input, "");
    type_text(
        &mut app,
        " 12/KH-SXD | 05/01/2024 | Kế hoạch CCHC năm 2024 | UBND tỉnh ",
    );
    send(&mut app, key(KeyCode::Enter));
    send(&mut app, ch('v'));
    type_text(&mut app, "Báo cáo số 3 gửi Sở Nội vụ");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(
        task(&app, 5).evidence,
        [
            Evidence::Document(Document {
                number: "12/KH-SXD".into(),
                date: day(2024, 1, 5),
                title: "Kế hoạch CCHC năm 2024".into(),
                issuer: Some("UBND tỉnh".into()),
                link: None,
            }),
            Evidence::Text("Báo cáo số 3 gửi Sở Nội vụ".into()),
        ]
    );
    let before = app.board.clone();
    for (bad, says) in [
        ("12/KH-SXD | Kế hoạch", "number | date | title"),
        ("12/KH-SXD | 31/02/2024 | Kế hoạch", "`31/02/2024`"),
        (" | 05/01/2024 | Kế hoạch", "number | date | title"),
    ] {
        send(&mut app, ch('v'));
        let e = refused(&mut app, bad);
        assert!(e.contains(says), "{bad}: {e}");
        send(&mut app, key(KeyCode::Esc));
    }
    assert_eq!(app.board, before);
    // An empty prompt adds nothing; each addition is one undo.
    send_all(&mut app, [ch('v'), key(KeyCode::Enter)]);
    assert_eq!(app.board, before);
    send(&mut app, ch('u'));
    assert_eq!(task(&app, 5).evidence.len(), 1);
    send(&mut app, ch('u'));
    assert_eq!(app.board, shipped_board());
}

#[test]
fn the_targets_view_records_a_measurement_with_decimal_comma_and_undo() {
    let mut app = shipped_app();
    send(&mut app, ch('T'));
    assert_eq!(app.mode, Mode::Targets { selected: 0 });
    send_all(&mut app, [ch('j'), ch('j')]);
    assert_eq!(app.mode, Mode::Targets { selected: 2 });
    assert_eq!(app.board.targets[2].id, "II.3a");
    send(&mut app, ch('r'));
    assert_eq!(prompt(&app).kind, PromptKind::Measure(2));
    type_text(&mut app, "72,5% 31/03/2024 Báo cáo quý I");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Targets { selected: 2 }, "back in the view");
    assert_eq!(
        app.board.targets[2].measurements,
        [Measurement {
            date: day(2024, 3, 31),
            value: 72.5,
            source: Some("Báo cáo quý I".into()),
        }]
    );
    assert!(app.is_dirty());
    // Without a date it is the board's day; the reading is the latest.
    send(&mut app, key(KeyCode::Enter));
    type_text(&mut app, "68.25");
    send(&mut app, key(KeyCode::Enter));
    let t = &app.board.targets[2];
    assert_eq!(t.measurements[1].date, as_of());
    assert_eq!(t.measurements[1].source, None);
    assert_eq!(t.reading(as_of()).map(|r| r.value), Some(68.25));
    let s = screen(&app, 80, 24);
    assert!(s.contains("02/04/2024   68.25%"), "{s}");
    assert!(s.contains("31/03/2024    72.5%  Báo cáo quý I"), "{s}");
    assert!(s.contains("not met"), "{s}");

    send(&mut app, ch('u'));
    assert_eq!(app.board.targets[2].measurements.len(), 1);
    send(&mut app, ch('u'));
    assert_eq!(app.board, shipped_board(), "undo restores the target");
    assert!(!app.is_dirty());
    send(&mut app, ctrl('r'));
    assert_eq!(app.board.targets[2].measurements.len(), 1, "redo");
    send(&mut app, key(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Board);
}

#[test]
fn a_measurement_that_is_not_a_number_or_has_a_bad_date_is_refused() {
    let mut app = shipped_app();
    send_all(&mut app, [ch('T'), ch('r')]);
    for (bad, says) in [
        ("bảy mươi", "`bảy`: give a number"),
        ("72 2024-13-01 nguồn", "`2024-13-01`"),
        ("NaN", "`NaN`"),
        ("150", "from 0 to 100"),
        ("-5%", "from 0 to 100"),
        ("72 2024-05-01", "02/04/2024"),
    ] {
        send(&mut app, ctrl('u'));
        let e = refused(&mut app, bad);
        assert!(e.contains(says), "{bad}: {e}");
    }
    send(&mut app, key(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Targets { selected: 0 });
    assert_eq!(app.board, shipped_board());
    // A source that starts with a number is not mistaken for a date.
    send(&mut app, ch('r'));
    type_text(&mut app, "100 3 báo cáo");
    send(&mut app, key(KeyCode::Enter));
    let m = &app.board.targets[0].measurements[0];
    assert_eq!((m.date, m.source.as_deref()), (as_of(), Some("3 báo cáo")));
}

#[test]
fn a_read_only_board_refuses_log_evidence_and_measurements() {
    let mut app = shipped_app();
    app.locked = Some("another session has this board open".into());
    walk_to(&mut app, 5);
    send(&mut app, ch('p'));
    assert_eq!(app.mode, Mode::Board);
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("another session"))
    );
    send(&mut app, ch('v'));
    assert_eq!(app.mode, Mode::Board);
    send_all(&mut app, [ch('T'), ch('r')]);
    assert_eq!(app.mode, Mode::Targets { selected: 0 }, "viewing is fine");
    assert_eq!(app.board, shipped_board());
}

#[test]
fn a_moved_deadline_shows_on_the_card_and_in_the_detail_view() {
    let mut app = shipped_app();
    walk_to(&mut app, 5);
    send(&mut app, ch('t'));
    send(&mut app, ctrl('u'));
    type_text(&mut app, "2024-04-15");
    send(&mut app, key(KeyCode::Enter));
    let term = render(&app, 80, 24, false);
    let card = card_text(&app, term.backend().buffer(), 5).expect("#5 shown");
    assert!(card.contains("!→15/04"), "{card}");
    send(&mut app, key(KeyCode::Enter));
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("Deadline: 31/03/2024 → 15/04/2024 (set by hand)"),
        "{s}"
    );
    // The reason, when the file gives one, instead of "set by hand".
    let mut board = app.board.clone();
    let i = board.tasks.iter().position(|t| t.id == 5).expect("#5");
    board.tasks[i].due_reason = Some("Công văn 88/UBND-VP".into());
    let mut app = App::new(board, as_of());
    walk_to(&mut app, 5);
    send(&mut app, key(KeyCode::Enter));
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("31/03/2024 → 15/04/2024 (Công văn 88/UBND-VP)"),
        "{s}"
    );
}

#[test]
fn the_header_names_the_next_report_only_beside_the_whole_title() {
    let app = shipped_app();
    let at = |w| {
        let s = screen(&app, w, 24);
        s.lines().next().unwrap_or("").trim_matches('"').to_owned()
    };
    let title = "Kế hoạch Cải cách hành chính Sở Xây dựng năm 2024";
    assert!(at(100).contains("H1 report due 14/06"), "{}", at(100));
    assert!(at(100).starts_with(title), "{}", at(100));
    // Where it would cut the title, it is left out.
    assert!(!at(80).contains("report due"), "{}", at(80));
    assert!(at(80).starts_with(title), "{}", at(80));
    let mut vi = shipped_app();
    vi.lang = Lang::Vi;
    let s = screen(&vi, 100, 24);
    assert!(s.contains("Báo cáo 6 tháng: 14/06  ngày 02/04/2024"), "{s}");
    // Before the Q1 report is due, that one.
    let early = App::new(shipped_board(), day(2024, 3, 1));
    assert!(screen(&early, 100, 24).contains("Q1 report due 14/03"));
}

#[test]
fn keys_that_mean_nothing_in_the_targets_view_stay_in_it() {
    let mut app = shipped_app();
    send_all(&mut app, [ch('T'), ch('x'), ch('L'), ch('k')]);
    assert_eq!(app.mode, Mode::Targets { selected: 0 });
    assert_eq!(app.board, shipped_board());
    for _ in 0..40 {
        send(&mut app, ch('j'));
    }
    let last = app.board.targets.len() - 1;
    assert_eq!(app.mode, Mode::Targets { selected: last });
    let s = screen(&app, 80, 24);
    assert!(
        s.contains(&format!("▶{}", app.board.targets[last].id)),
        "{s}"
    );
    send(&mut app, ch('q'));
    assert_eq!(app.mode, Mode::Board);
    // A message other than a key changes nothing about the view.
    send(&mut app, ch('T'));
    send(&mut app, Msg::Resize);
    assert_eq!(app.mode, Mode::Targets { selected: 0 });
}

/// The column task `id`'s card is in.
fn column_of(app: &App, id: u32) -> cchc::schedule::Column {
    let index = app
        .board
        .tasks
        .iter()
        .position(|t| t.id == id)
        .expect("task");
    cchc::schedule::Column::ALL
        .into_iter()
        .find(|&c| app.view.lanes.iter().any(|l| l.column(c).contains(&index)))
        .expect("a visible card")
}

#[test]
fn a_past_day_stands_as_the_history_has_it_and_edits_still_go_to_the_file() {
    use cchc::domain::Status;
    use cchc::schedule::Column;
    // Today's file: #4 in progress, #6 done on 01/04 (recorded later).
    let mut now = shipped_board();
    now.set_status(4, Status::InProgress, as_of());
    now.set_status(6, Status::Done, day(2024, 3, 14));
    let mut app = App::new(now.clone(), day(2024, 3, 14));
    assert_eq!(column_of(&app, 4), Column::InProgress, "the file's rule");
    // The board of 10/03 from git: #4 planned then.
    let then = shipped_board();
    send(
        &mut app,
        Msg::PastVersion(
            Some(Box::new(then)),
            cchc::as_of::Source::History {
                hash: "abc".into(),
                date: "2024-03-10".into(),
            },
        ),
    );
    assert_eq!(column_of(&app, 4), Column::Planned, "the history's status");
    // Its card and detail show it so too (not today's status).
    let s = screen(&app, 120, 40);
    assert!(s.contains("○#4") && !s.contains("◐#4"), "{s}");
    assert_eq!(column_of(&app, 6), Column::Done, "completed 14/03");
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("2024-03-10")),
        "{:?}",
        app.notice
    );
    // The file is untouched; an edit goes to it.
    assert_eq!(app.board, now);
    assert!(!app.is_dirty());
    // Without history: said, and the file's rule stays.
    let mut app = App::new(now, day(2024, 3, 14));
    send(
        &mut app,
        Msg::PastVersion(None, cchc::as_of::Source::NoCommitBefore),
    );
    assert_eq!(column_of(&app, 4), Column::InProgress);
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("no commit")),
        "{:?}",
        app.notice
    );
}
