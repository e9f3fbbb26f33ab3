//! A failed save in the app core: the edits stay, and "save as" is offered.

mod tui_support;

use cchc::app::{Confirm, Effect, Mode, Msg, PromptKind};
use crossterm::event::KeyCode;
use tui_support::*;

#[test]
fn a_failed_save_offers_save_as_and_keeps_the_edits() {
    let mut app = shipped_app();
    app.save_as_hint = "/home/u/board.yaml".into();
    send(&mut app, ch('L'));
    let edited = app.board.clone();
    assert_eq!(send(&mut app, ch('w')), [Effect::Save]);
    let why = "cannot save boards/b.yaml: creating a temporary file beside it: Permission denied";
    send(&mut app, Msg::Saved(Err(why.into())));
    assert_eq!(app.mode, Mode::Confirm(Confirm::SaveFailed(why.into())));
    assert!(app.is_dirty());
    assert_eq!(app.board, edited);
    // a: the path, prefilled; Enter writes there.
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
    assert_eq!(app.mode, Mode::Board);
    // A copy elsewhere does not save the board file: still unsaved.
    send(
        &mut app,
        Msg::Notice("saved a copy to /tmp/mine.yaml".into()),
    );
    assert!(app.is_dirty());
}

#[test]
fn any_other_key_goes_back_to_the_board_with_the_edits() {
    let mut app = shipped_app();
    send(&mut app, ch('L'));
    send(&mut app, Msg::Saved(Err("disk full".into())));
    assert!(send(&mut app, key(KeyCode::Esc)).is_empty());
    assert_eq!(app.mode, Mode::Board);
    assert!(app.is_dirty());
    // An empty path cancels.
    send(&mut app, Msg::Saved(Err("disk full".into())));
    send(&mut app, ch('a'));
    send(&mut app, ctrl('u'));
    assert!(send(&mut app, key(KeyCode::Enter)).is_empty());
    assert_eq!(app.mode, Mode::Board);
}
