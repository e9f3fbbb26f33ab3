//! Cards that can be told apart: the layout chosen in issue 9 (columns sized
//! by what they hold, wrapped cards in the focused lane, shared openings as
//! initials, the selected title in full), shown in snapshots at 80×24,
//! 120×40 and 200×50 in both languages, and checked as properties: every
//! visible card reads differently from every other, a wider screen never
//! shows a shorter card, and the scroll marker never covers a badge.

mod tui_support;

use cchc::app::{App, Lang};
use cchc::schedule::Column;
use std::collections::HashMap;
use tui_support::*;

fn app_on(today: chrono::NaiveDate, lang: Lang) -> App {
    let mut app = App::new(shipped_board(), today);
    app.lang = lang;
    app
}

fn screen(app: &App, w: u16, h: u16) -> String {
    render(app, w, h, false).backend().to_string()
}

/// Each visible card's title as shown (its lines joined, white space
/// collapsed, without the mark, glyph, id and deadline badge), by task id.
fn cards_on_screen(app: &App, w: u16, h: u16) -> HashMap<u32, String> {
    let term = render(app, w, h, false);
    all_cards(app, term.backend().buffer())
        .into_iter()
        .map(|(id, lines)| {
            let mut words: Vec<&str> = Vec::new();
            for (k, line) in lines.iter().enumerate() {
                let mut ws: Vec<&str> = line.split_whitespace().collect();
                if k == 0 {
                    ws.remove(0); // ▶○#12
                    if ws.last().is_some_and(|b| is_badge(b)) {
                        ws.pop();
                    }
                }
                words.extend(ws);
            }
            (id, words.join(" "))
        })
        .collect()
}

/// `+12d`, `31/12`, `!15/04`, `–`.
fn is_badge(s: &str) -> bool {
    s == "–"
        || (s.starts_with('+') && s.ends_with('d'))
        || s.trim_start_matches('!').split('/').count() == 2
            && s.trim_start_matches('!')
                .chars()
                .all(|c| c.is_ascii_digit() || c == '/')
}

fn title_part(card: &str) -> String {
    card.to_owned()
}

#[test]
fn snapshots_at_three_sizes_in_both_languages() {
    for (lang, tag) in [(Lang::En, "en"), (Lang::Vi, "vi")] {
        let app = app_on(as_of(), lang);
        for (w, h) in [(80, 24), (120, 40), (200, 50)] {
            insta::assert_snapshot!(format!("cards_{w}x{h}_{tag}"), screen(&app, w, h));
        }
    }
}

#[test]
fn snapshot_of_todays_overdue_cards_at_80x24() {
    // 01/12/2026: 38 overdue; `o` shows them alone and gives them the width.
    for (lang, tag) in [(Lang::En, "en"), (Lang::Vi, "vi")] {
        let mut app = app_on(day(2026, 12, 1), lang);
        send(&mut app, ch('o'));
        insta::assert_snapshot!(
            format!("cards_overdue_today_80x24_{tag}"),
            screen(&app, 80, 24)
        );
    }
}

#[test]
fn every_visible_card_reads_differently_from_the_others() {
    for today in [as_of(), day(2026, 12, 1)] {
        for overdue_only in [false, true] {
            for (w, h) in [(80, 24), (100, 30), (120, 40), (160, 48), (200, 50)] {
                let mut app = app_on(today, Lang::En);
                if overdue_only {
                    send(&mut app, ch('o'));
                }
                // Walk every lane so each one is focused once.
                for _ in 0..app.view.lanes.len() {
                    let cards = cards_on_screen(&app, w, h);
                    let mut seen: HashMap<String, u32> = HashMap::new();
                    for (id, text) in &cards {
                        let part = title_part(text);
                        if let Some(other) = seen.insert(part.clone(), *id) {
                            panic!(
                                "{today} {w}×{h} o={overdue_only}: #{id} and #{other} both read {part:?}"
                            );
                        }
                    }
                    send(&mut app, ch(']'));
                }
            }
        }
    }
}

#[test]
fn cards_show_more_than_their_first_words_at_80x24() {
    // Before: 10 of the 11 overdue cards read `Xây dựn…`. Now each shows at
    // least its first six words, or all of them.
    let mut app = app_on(as_of(), Lang::En);
    send(&mut app, ch('o'));
    let cards = cards_on_screen(&app, 80, 24);
    assert!(!cards.is_empty());
    for (id, text) in cards {
        let title = &app.board.task(id).expect("task").title;
        let words = title.split_whitespace().count().min(6);
        let shown = title_part(&text).split_whitespace().count();
        assert!(shown >= words, "#{id} shows {shown} words: {text:?}");
    }
}

#[test]
fn a_wider_screen_never_shows_a_shorter_card() {
    let app = app_on(as_of(), Lang::En);
    for w in 100..200u16 {
        let narrow = cards_on_screen(&app, w, 48);
        let wide = cards_on_screen(&app, w + 1, 48);
        for (id, a) in &narrow {
            if let Some(b) = wide.get(id) {
                let (la, lb) = (title_part(a), title_part(b));
                let full = app.board.task(*id).expect("task").title.clone();
                assert!(
                    lb.chars().count() >= la.chars().count() || *lb == *full,
                    "#{id} at {w}→{}: {la:?} → {lb:?}",
                    w + 1
                );
            }
        }
    }
}

#[test]
fn the_scroll_marker_has_its_own_row_and_never_covers_a_badge() {
    // Lane I on 01/12/2026: eight overdue cards in one column at 80×24.
    let app = app_on(day(2026, 12, 1), Lang::En);
    let term = render(&app, 80, 24, false);
    let rows = screen_text(term.backend().buffer());
    let marker = rows
        .iter()
        .position(|r| r.trim_start().starts_with('↓'))
        .unwrap_or_else(|| panic!("a ↓ marker: {rows:#?}"));
    let lane = &app.view.lanes[0];
    let hidden = lane.column(Column::Overdue).len();
    assert!(rows[marker].contains(&format!("↓{}", hidden - visible_cards(&rows))));
    for r in &rows[..marker] {
        if r.contains("#") && r.contains('○') {
            assert!(r.trim_end().ends_with('d'), "badge intact: {r:?}");
        }
    }
}

/// Cards drawn (rows with a status glyph and an id) on a screen.
fn visible_cards(rows: &[String]) -> usize {
    rows.iter()
        .filter(|r| ["○#", "◐#", "✓#"].iter().any(|g| r.contains(g)))
        .count()
}

#[test]
fn the_selected_cards_whole_title_is_on_screen() {
    let mut app = app_on(as_of(), Lang::Vi);
    walk_to(&mut app, 3);
    let title = app.board.task(3).expect("#3").title.clone();
    // 80×24: the line under the board, cut only at the screen's width.
    let rows = screen_text(render(&app, 80, 24, false).backend().buffer());
    let focus = &rows[rows.len() - 2];
    assert!(
        focus.starts_with("#3 Rà soát văn bản quy phạm pháp luật"),
        "{focus}"
    );
    // 200×50: the detail pane holds all of it, wrapped.
    let text = screen_text(render(&app, 200, 50, false).backend().buffer()).join(" ");
    let squeezed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let words: Vec<&str> = title.split_whitespace().collect();
    assert!(
        words.iter().all(|w| squeezed.contains(w)),
        "every word of #3's title"
    );
}

#[test]
fn done_cards_show_when_they_were_done_or_how_late() {
    // 02/04/2024: #5 was due 31/03 (two days late), #8 is due 31/12.
    let mut app = app_on(as_of(), Lang::En);
    app.set_status(5, cchc::domain::Status::Done);
    app.set_status(8, cchc::domain::Status::Done);
    let term = render(&app, 120, 40, false);
    let cards = all_cards(&app, term.backend().buffer());
    let first = |id: u32| cards.get(&id).expect("shown")[0].clone();
    assert!(first(5).ends_with("+2d"), "late: {:?}", first(5));
    assert!(
        first(8).ends_with("02/04"),
        "on time, done on 02/04: {:?}",
        first(8)
    );
}
