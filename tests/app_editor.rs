//! What comes back from `$EDITOR` (`Msg::Edited`) in the app core: a status
//! changed by hand stamps and clears `completed` as a card move does.

mod tui_support;

use cchc::app::{Effect, Msg};
use cchc::domain::{Status, Task};
use tui_support::*;

fn edit(app: &mut cchc::app::App, change: impl FnOnce(&mut Task)) -> Task {
    let task = match send(app, ch('e')).as_slice() {
        [Effect::Edit(t)] => (**t).clone(),
        other => panic!("expected an edit effect, got {other:?}"),
    };
    let mut edited = task;
    change(&mut edited);
    send(app, Msg::Edited(Ok(Box::new(edited.clone()))));
    edited
}

#[test]
fn status_done_from_the_editor_stamps_completed_as_a_move_does() {
    let mut app = shipped_app();
    edit(&mut app, |t| t.status = Status::Done);
    let t = app.board.task(1).expect("#1");
    assert_eq!(t.status, Status::Done);
    assert_eq!(t.completed, Some(as_of()), "stamped with the as-of day");
    // The same as `3` on the card.
    let mut moved = shipped_app();
    send(&mut moved, ch('3'));
    assert_eq!(app.board, moved.board);

    // Leaving done by hand clears it again.
    edit(&mut app, |t| t.status = Status::InProgress);
    let t = app.board.task(1).expect("#1");
    assert_eq!((t.status, t.completed), (Status::InProgress, None));
}

#[test]
fn a_completed_date_typed_by_hand_is_kept() {
    let mut app = shipped_app();
    edit(&mut app, |t| {
        t.status = Status::Done;
        t.completed = Some(day(2024, 3, 15));
    });
    assert_eq!(
        app.board.task(1).and_then(|t| t.completed),
        Some(day(2024, 3, 15))
    );
    // Other edits of a done task leave its date alone.
    edit(&mut app, |t| t.assignee = Some("Anh Tuấn".into()));
    assert_eq!(
        app.board.task(1).and_then(|t| t.completed),
        Some(day(2024, 3, 15))
    );
}
