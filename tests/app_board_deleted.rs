//! The board file deleted while open, in the app core: a question that
//! offers to write it back or save it elsewhere; the edits stay either way.

mod tui_support;

use cchc::app::{Confirm, Effect, Mode, Msg, PromptKind};
use crossterm::event::KeyCode;
use tui_support::*;

#[test]
fn a_deleted_board_asks_and_w_writes_it_back() {
    let mut app = shipped_app();
    send(&mut app, ch('L'));
    let edited = app.board.clone();
    assert!(send(&mut app, Msg::DiskGone).is_empty());
    assert_eq!(app.mode, Mode::Confirm(Confirm::BoardDeleted));
    assert_eq!(app.board, edited, "nothing is dropped");
    assert!(app.is_dirty());
    assert_eq!(send(&mut app, ch('w')), [Effect::Save]);
    assert_eq!(app.mode, Mode::Board);
    send(&mut app, Msg::Saved(Ok("wrote the board back".into())));
    assert!(!app.is_dirty());
    assert_eq!(app.board, edited);
}

#[test]
fn a_deleted_board_offers_save_as() {
    let mut app = shipped_app();
    app.save_as_hint = "/home/u/board.yaml".into();
    send(&mut app, Msg::DiskGone);
    assert!(send(&mut app, ch('a')).is_empty());
    let Mode::Prompt(p) = &app.mode else {
        panic!("a prompt, got {:?}", app.mode)
    };
    assert_eq!(p.kind, PromptKind::SaveAs);
    assert_eq!(p.input, "/home/u/board.yaml");
    send(&mut app, ctrl('u'));
    type_text(&mut app, "/tmp/mine.yaml");
    assert_eq!(
        send(&mut app, key(KeyCode::Enter)),
        [Effect::SaveAs("/tmp/mine.yaml".into())]
    );
}

#[test]
fn any_other_key_keeps_editing_and_says_how_to_write_it_back() {
    let mut app = shipped_app();
    send(&mut app, ch('L'));
    send(&mut app, Msg::DiskGone);
    assert!(send(&mut app, key(KeyCode::Esc)).is_empty());
    assert_eq!(app.mode, Mode::Board);
    assert!(app.is_dirty(), "the edits stay");
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("w writes it back")),
        "{:?}",
        app.notice
    );
    // Later, w is a save (the runtime writes the file back).
    assert_eq!(send(&mut app, ch('w')), [Effect::Save]);
}

#[test]
fn a_read_only_session_only_says_so() {
    let mut app = shipped_app();
    app.locked = Some("read-only: pid 1 has this board open".into());
    assert!(send(&mut app, Msg::DiskGone).is_empty());
    assert_eq!(app.mode, Mode::Board);
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("gone from disk"))
    );
}
