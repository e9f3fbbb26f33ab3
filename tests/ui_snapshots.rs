//! Whole screens of the interactive board, rendered into ratatui's
//! `TestBackend` and kept as insta snapshots (`tests/snapshots/`): the shipped
//! plan on 02/04/2024, when eleven cards are overdue, at 80×24 and 160×48, in
//! English and Vietnamese, with the overlays and prompts. Colour is checked
//! cell by cell; without colour, glyphs and badges must carry the meaning.

mod tui_support;

use cchc::app::{App, Lang, Msg};
use cchc::domain::Status;
use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use tui_support::*;
use unicode_normalization::{UnicodeNormalization, is_nfc};

fn vi(mut app: App) -> App {
    app.lang = Lang::Vi;
    app
}

/// The screen as plain text, for snapshots (no colour).
fn screen(app: &App, w: u16, h: u16) -> String {
    render(app, w, h, false).backend().to_string()
}

fn buffer(app: &App, w: u16, h: u16, colour: bool) -> Buffer {
    render(app, w, h, colour).backend().buffer().clone()
}

#[test]
fn board_80x24_english() {
    let app = shipped_app();
    insta::assert_snapshot!("board_80x24_en", screen(&app, 80, 24));
}

#[test]
fn board_80x24_vietnamese() {
    let app = vi(shipped_app());
    insta::assert_snapshot!("board_80x24_vi", screen(&app, 80, 24));
}

#[test]
fn board_160x48_english_with_detail_pane() {
    let app = shipped_app();
    insta::assert_snapshot!("board_160x48_en", screen(&app, 160, 48));
}

#[test]
fn board_160x48_vietnamese_with_detail_pane() {
    let app = vi(shipped_app());
    insta::assert_snapshot!("board_160x48_vi", screen(&app, 160, 48));
}

#[test]
fn overdue_card_selected_80x24() {
    let mut app = shipped_app();
    walk_to(&mut app, 9);
    insta::assert_snapshot!("overdue_selected_80x24_en", screen(&app, 80, 24));
}

#[test]
fn overdue_card_selected_160x48_vietnamese() {
    let mut app = vi(shipped_app());
    walk_to(&mut app, 9);
    insta::assert_snapshot!("overdue_selected_160x48_vi", screen(&app, 160, 48));
}

#[test]
fn lead_filter_80x24() {
    let mut app = shipped_app();
    send(&mut app, ch('f'));
    type_text(&mut app, "thanh tra");
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(selected_id(&app), Some(24), "the nearest visible card");
    insta::assert_snapshot!("lead_filter_80x24_en", screen(&app, 80, 24));
}

#[test]
fn overdue_only_160x48() {
    let mut app = shipped_app();
    send(&mut app, ch('o'));
    walk_to(&mut app, 36);
    insta::assert_snapshot!("overdue_only_160x48_en", screen(&app, 160, 48));
}

#[test]
fn help_overlay_80x24() {
    let mut app = shipped_app();
    send(&mut app, ch('?'));
    insta::assert_snapshot!("help_80x24_en", screen(&app, 80, 24));
}

#[test]
fn help_overlay_scrolled_80x24_vietnamese() {
    let mut app = vi(shipped_app());
    send_all(&mut app, [ch('?'), ch('j'), ch('j')]);
    insta::assert_snapshot!("help_scrolled_80x24_vi", screen(&app, 80, 24));
}

#[test]
fn detail_view_80x24_of_an_overdue_card() {
    let mut app = shipped_app();
    walk_to(&mut app, 9);
    send(&mut app, key(KeyCode::Enter));
    insta::assert_snapshot!("detail_overdue_80x24_en", screen(&app, 80, 24));
}

#[test]
fn detail_view_80x24_vietnamese_of_a_done_card() {
    let mut app = vi(shipped_app());
    walk_to(&mut app, 3);
    send_all(&mut app, [ch('3'), key(KeyCode::Enter)]);
    insta::assert_snapshot!("detail_done_80x24_vi", screen(&app, 80, 24));
}

#[test]
fn search_while_typing_80x24() {
    let mut app = shipped_app();
    send(&mut app, ch('/'));
    type_text(&mut app, "kiem tra cong vu");
    insta::assert_snapshot!("search_typing_80x24_en", screen(&app, 80, 24));
}

#[test]
fn search_active_after_enter_80x24() {
    let mut app = shipped_app();
    send(&mut app, ch('/'));
    type_text(&mut app, "ke hoach");
    send_all(&mut app, [key(KeyCode::Enter), ch('n'), ch('n')]);
    assert_eq!(selected_id(&app), Some(5));
    insta::assert_snapshot!("search_active_80x24_en", screen(&app, 80, 24));
}

#[test]
fn due_soon_and_edits_80x24() {
    // 20/09/2024: #11 ("Tháng 9/2024") is due in ten days; two cards moved.
    let mut app = App::new(shipped_board(), day(2024, 9, 20));
    walk_to(&mut app, 11);
    app.set_status(10, Status::InProgress);
    app.set_status(13, Status::Done);
    walk_to(&mut app, 11);
    insta::assert_snapshot!("due_soon_80x24_en", screen(&app, 80, 24));
}

#[test]
fn deadline_prompt_with_an_error_80x24() {
    let mut app = shipped_app();
    walk_to(&mut app, 5);
    send(&mut app, ch('t'));
    type_text(&mut app, "31/02/2024");
    send(&mut app, key(KeyCode::Enter));
    insta::assert_snapshot!("deadline_error_80x24_en", screen(&app, 80, 24));
}

#[test]
fn quit_question_80x24() {
    let mut app = shipped_app();
    send_all(&mut app, [ch('L'), ch('q')]);
    insta::assert_snapshot!("quit_question_80x24_en", screen(&app, 80, 24));
}

#[test]
fn recovery_question_80x24_vietnamese() {
    let mut app = vi(shipped_app());
    app.mode = cchc::app::Mode::Confirm(cchc::app::Confirm::Recovery);
    insta::assert_snapshot!("recovery_question_80x24_vi", screen(&app, 80, 24));
}

#[test]
fn notice_in_the_footer_80x24() {
    let mut app = shipped_app();
    send(&mut app, ch('L'));
    send(
        &mut app,
        Msg::Saved(Ok("saved /srv/cchc/boards/board.yaml".into())),
    );
    let text = screen(&app, 80, 24);
    let last = text.lines().last().expect("a footer line");
    assert!(last.contains("saved /srv/cchc/boards/board.yaml"), "{last}");
    let first = text.lines().next().expect("a header line");
    assert!(!first.contains("unsaved"), "saved: {first}");
}

/// Runs of equal style in row `y`: (text, foreground, modifiers).
fn style_runs(buf: &Buffer, y: u16) -> Vec<(String, Color, Modifier)> {
    let mut runs: Vec<(String, Color, Modifier)> = Vec::new();
    for x in 0..buf.area.width {
        let c = &buf[(x, y)];
        let (fg, m) = (c.fg, c.modifier);
        match runs.last_mut() {
            Some((text, f, mm)) if *f == fg && *mm == m => text.push_str(c.symbol()),
            _ => runs.push((c.symbol().to_owned(), fg, m)),
        }
    }
    runs
}

#[test]
fn colour_marks_overdue_cards_red_and_due_soon_yellow() {
    let mut app = shipped_app();
    walk_to(&mut app, 9);
    let buf = buffer(&app, 80, 24, true);
    // The selected overdue card: red, reversed and bold, badge included.
    let (x, y) = find(&buf, "#9 ").expect("#9 on screen");
    for dx in 0..4 {
        assert_eq!(buf[(x + dx, y)].fg, Color::Red, "cell {}", x + dx);
        assert!(buf[(x + dx, y)].modifier.contains(Modifier::REVERSED));
    }
    let (bx, by) = find(&buf, "+79d").expect("badge of #9");
    assert_eq!(by, y);
    for dx in 0..4 {
        assert_eq!(buf[(bx + dx, by)].fg, Color::Red);
    }
    // Another overdue card, not selected: red, not reversed.
    let (x, y) = find(&buf, "#12 ").expect("#12 on screen");
    assert_eq!(buf[(x, y)].fg, Color::Red);
    assert!(!buf[(x, y)].modifier.contains(Modifier::REVERSED));
    // A planned card with a far deadline: default colour; its date is dim.
    let (x, y) = find(&buf, "#10 ").expect("#10 on screen");
    assert_eq!(buf[(x, y)].fg, Color::Reset);
    let (dx, dy) = find(&buf, "31/12").expect("a far deadline");
    assert_eq!(buf[(dx, dy)].fg, Color::DarkGray);
    insta::assert_debug_snapshot!("colour_runs_overdue_row", style_runs(&buf, y));

    // Due soon is yellow.
    let mut app = App::new(shipped_board(), day(2024, 9, 20));
    walk_to(&mut app, 11);
    send(&mut app, ch('j'));
    let buf = buffer(&app, 80, 24, true);
    let (x, y) = find(&buf, "#11 ").expect("#11 on screen");
    assert_eq!(buf[(x, y)].fg, Color::Yellow);
    let (bx, by) = find(&buf, "!30/09").expect("due-soon badge");
    assert_eq!((buf[(bx, by)].fg, by), (Color::Yellow, y));
}

#[test]
fn without_colour_nothing_is_coloured_and_glyphs_carry_the_meaning() {
    let mut app = shipped_app();
    walk_to(&mut app, 9);
    let buf = buffer(&app, 80, 24, false);
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            assert_eq!((c.fg, c.bg), (Color::Reset, Color::Reset), "({x}, {y})");
        }
    }
    // The selected card is the one row with ▶, and it is #9, 79 days late.
    let rows = screen_text(&buf);
    let selected: Vec<&String> = rows.iter().filter(|r| r.contains('▶')).collect();
    assert_eq!(selected.len(), 1, "{rows:#?}");
    assert!(selected[0].contains("▶○#9 "), "{}", selected[0]);
    assert!(selected[0].trim_end().ends_with("+79d"), "{}", selected[0]);
    // Overdue cards carry +Nd, a planned one its deadline.
    let card12 = card_text(&app, &buf, 12).expect("#12 shown");
    assert!(card12.ends_with("+93d"), "{card12:?}");
    let card10 = card_text(&app, &buf, 10).expect("#10 shown");
    assert!(card10.ends_with("31/12"), "{card10:?}");
    assert!(!card10.contains('+'), "{card10:?}");
    assert_eq!(
        card_lines(&app, &buf, 9).expect("#9 shown"),
        [
            "▶○#9 Xây dựng kế hoạch rà     +79d",
            "  soát, đánh giá TTHC năm 2024"
        ]
    );
    // The lane of the selection is marked ▾.
    assert!(rows.iter().any(|r| r.starts_with("▾ II ")), "{rows:#?}");
}

#[test]
fn a_selected_card_is_visible_as_such_on_first_draw() {
    let app = shipped_app();
    let buf = buffer(&app, 80, 24, false);
    let row = card_row(&buf, 1).expect("#1 shown");
    assert!(row.starts_with("▶○#1 "), "{row}");
    let card = card_text(&app, &buf, 5).expect("#5 shown");
    assert!(card.starts_with(" ○#5 "), "{card:?}");
    assert!(card.ends_with("+2d"), "{card:?}");
    assert_eq!(
        card_lines(&app, &buf, 2).expect("#2 shown"),
        [
            " ○#2 Quán triệt, cụ thể hóa, 31/12",
            "  triển khai thực hiện các chủ tr…"
        ]
    );
}

#[test]
fn tiny_and_odd_sizes_do_not_panic_and_small_ones_say_so() {
    let app = shipped_app();
    let mut vi_app = vi(shipped_app());
    send(&mut vi_app, ch('?'));
    for (w, h) in [
        (0, 0),
        (1, 1),
        (0, 24),
        (80, 0),
        (1, 80),
        (20, 5),
        (59, 15),
        (59, 24),
        (80, 15),
        (60, 16),
        (61, 17),
        (139, 40),
        (140, 40),
        (300, 100),
    ] {
        for a in [&app, &vi_app] {
            let buf = buffer(a, w, h, true);
            assert_eq!((buf.area.width, buf.area.height), (w, h));
            let text = screen_text(&buf).join("\n");
            let small = w < 60 || h < 16;
            let words = a.words().too_small;
            if small && w >= 20 && h >= 1 {
                assert!(text.contains(words), "{w}×{h}: {text}");
                assert!(!text.contains("Kế hoạch Cải cách"), "{w}×{h}");
            }
            if !small {
                assert!(!text.contains(words), "{w}×{h}");
                assert!(text.contains("Kế hoạch Cải cách"), "{w}×{h}: header");
            }
        }
    }
    // One column still starts the message.
    let buf = buffer(&app, 1, 1, false);
    assert_eq!(buf[(0, 0)].symbol(), "t");
    let small = screen(&app, 20, 5);
    insta::assert_snapshot!("too_small_20x5_en", small);
    assert_eq!(
        screen_text(&buffer(&app, 59, 15, false))[0].trim_end(),
        "terminal too small (60×16)"
    );
}

#[test]
fn every_screen_row_is_exactly_the_terminal_width() {
    // Cards are cut by display width: a row never spills or falls short,
    // whatever the mix of Vietnamese letters and symbols.
    for lang in [Lang::En, Lang::Vi] {
        let mut app = shipped_app();
        app.lang = lang;
        walk_to(&mut app, 16);
        for (w, h) in [(60, 16), (80, 24), (97, 31), (160, 48)] {
            let buf = buffer(&app, w, h, false);
            for (y, row) in screen_text(&buf).iter().enumerate() {
                assert_eq!(
                    unicode_width::UnicodeWidthStr::width(row.as_str()),
                    usize::from(w),
                    "{lang:?} {w}×{h} row {y}: {row:?}"
                );
            }
        }
    }
}

/// "Tiếp nhận hồ sơ trực tuyến qua Cổng dịch vụ công quốc gia", as typed on a
/// system that sends decomposed (NFD) letters.
const TITLE: &str = "Tiếp nhận hồ sơ trực tuyến qua Cổng dịch vụ công quốc gia";

fn app_with_added_title(title: &str) -> App {
    let mut app = shipped_app();
    send(&mut app, ch('a'));
    type_text(&mut app, title);
    send(&mut app, key(KeyCode::Enter));
    assert_eq!(selected_id(&app), Some(44));
    app
}

#[test]
fn a_decomposed_title_renders_exactly_like_the_precomposed_one() {
    let nfd: String = TITLE.nfd().collect();
    assert!(!is_nfc(&nfd) && nfd.chars().count() > TITLE.chars().count());
    let composed = app_with_added_title(TITLE);
    let decomposed = app_with_added_title(&nfd);
    assert_eq!(
        decomposed.board.task(44).map(|t| &*t.title),
        Some(nfd.as_str()),
        "the title is stored as typed"
    );
    for (w, h) in [(80, 24), (160, 48)] {
        let a = buffer(&composed, w, h, false);
        let b = buffer(&decomposed, w, h, false);
        for y in 0..h {
            for x in 0..w {
                let (ca, cb) = (a[(x, y)].symbol(), b[(x, y)].symbol());
                assert_eq!(
                    ca.nfc().collect::<String>(),
                    cb.nfc().collect::<String>(),
                    "{w}×{h} cell ({x}, {y}): rows\n{}\n{}",
                    row_text(&a, y),
                    row_text(&b, y)
                );
            }
        }
        // The card is on screen, cut by width, with its badge at the edge.
        let card = card_text(&decomposed, &b, 44).expect("#44 shown");
        assert!(card.starts_with("▶○#44 Tiếp"), "{card:?}");
        assert!(card.ends_with('–'), "no deadline: {card:?}");
        assert_eq!(
            card,
            card_text(&composed, &a, 44)
                .expect("#44 shown")
                .nfd()
                .collect::<String>()
                .nfc()
                .collect::<String>()
        );
        assert_eq!(
            unicode_width::UnicodeWidthStr::width(row_text(&b, 3).as_str()),
            usize::from(w)
        );
    }
    insta::assert_snapshot!("added_nfd_title_80x24_en", screen(&decomposed, 80, 24));
}

#[test]
fn the_footer_offers_help_at_80_columns_and_quit_when_there_is_room() {
    for lang in [Lang::En, Lang::Vi] {
        let mut app = shipped_app();
        app.lang = lang;
        let (help, quit) = if lang == Lang::Vi {
            ("? trợ giúp", "q thoát")
        } else {
            ("? help", "q quit")
        };
        let rows = screen_text(&buffer(&app, 80, 24, false));
        let footer = rows.last().expect("a footer");
        assert!(footer.contains(help), "{lang:?}: {footer:?}");
        let rows = screen_text(&buffer(&app, 100, 24, false));
        let footer = rows.last().expect("a footer");
        assert!(footer.contains(quit), "{lang:?}: {footer:?}");
    }
}

#[test]
fn the_help_title_speaks_the_interface_language() {
    let mut app = vi(shipped_app());
    send(&mut app, ch('?'));
    let rows = screen_text(&buffer(&app, 80, 24, false));
    assert!(
        rows[1].contains("Phím tắt — ↑/↓ cuộn, Esc đóng"),
        "{}",
        rows[1]
    );
    assert!(!rows[1].contains("scroll"), "{}", rows[1]);
}

#[test]
fn invisible_format_characters_show_as_replacements_in_the_detail_view_and_pane() {
    // A right-to-left override would show the rest of the title reversed.
    let mut app = app_with_added_title("Kế hoạch \u{202E}nguoc\u{202C} và \u{200B}ẩn");
    for (w, h) in [(200, 50), (80, 24)] {
        if w == 80 {
            send(&mut app, key(KeyCode::Enter));
        }
        let buf = buffer(&app, w, h, false);
        let text = screen_text(&buf).join("\n");
        for bad in ['\u{202E}', '\u{202C}', '\u{200B}'] {
            assert!(!text.contains(bad), "{w}×{h}: {bad:?} reached the screen");
        }
        assert!(text.contains("\u{FFFD}nguoc\u{FFFD}"), "{w}×{h}:\n{text}");
    }
}

/// The shipped board with a year's record on #5 (a log entry before the
/// board's day and one after it, a document, a moved deadline) and two dated
/// measurements of II.3a, one after the board's day.
fn recorded_app() -> App {
    use cchc::domain::{Document, Evidence, LogEntry, Measurement};
    let mut board = shipped_board();
    let t = board.tasks.iter_mut().find(|t| t.id == 5).expect("#5");
    t.due = Some(day(2024, 4, 15));
    t.due_reason = Some("Công văn 88/UBND-VP ngày 25/03/2024".into());
    t.add_log(LogEntry {
        date: day(2024, 3, 28),
        text: "Dự thảo kế hoạch, gửi các phòng góp ý".into(),
        evidence: vec![],
    });
    t.add_log(LogEntry {
        date: day(2024, 4, 10),
        text: "Ban hành kế hoạch (sau ngày xem: không hiện)".into(),
        evidence: vec![],
    });
    t.evidence.push(Evidence::Document(Document {
        number: "45/KH-SXD".into(),
        date: day(2024, 3, 29),
        title: "Kế hoạch theo dõi thi hành pháp luật năm 2024".into(),
        issuer: None,
        link: None,
    }));
    let target = board
        .targets
        .iter_mut()
        .find(|t| t.id == "II.3a")
        .expect("II.3a");
    target.record(Measurement {
        date: day(2024, 3, 31),
        value: 65.5,
        source: Some("Báo cáo quý I".into()),
    });
    target.record(Measurement {
        date: day(2024, 6, 14),
        value: 71.0,
        source: Some("Báo cáo 6 tháng".into()),
    });
    let done = board
        .targets
        .iter_mut()
        .find(|t| t.id == "II.3g")
        .expect("II.3g");
    done.record(Measurement {
        date: day(2024, 3, 31),
        value: 25.0,
        source: None,
    });
    App::new(board, as_of())
}

#[test]
fn detail_view_with_a_log_80x24_in_both_languages() {
    let mut app = recorded_app();
    walk_to(&mut app, 5);
    send(&mut app, key(KeyCode::Enter));
    insta::assert_snapshot!("detail_log_80x24_en", screen(&app, 80, 24));
    app.lang = Lang::Vi;
    insta::assert_snapshot!("detail_log_80x24_vi", screen(&app, 80, 24));
}

#[test]
fn targets_view_80x24_in_both_languages() {
    let mut app = recorded_app();
    send(&mut app, ch('T'));
    send_all(&mut app, [ch('j'), ch('j')]);
    insta::assert_snapshot!("targets_80x24_en", screen(&app, 80, 24));
    app.lang = Lang::Vi;
    insta::assert_snapshot!("targets_80x24_vi", screen(&app, 80, 24));
    // Scrolled to the last target, the list follows the selection.
    for _ in 0..20 {
        send(&mut app, ch('j'));
    }
    insta::assert_snapshot!("targets_last_80x24_vi", screen(&app, 80, 24));
}

/// The report view on 02/04/2024: the quarter-I report (ended 14/03),
/// statuses by the file's dates (as without git history).
fn report_app(lang: Lang) -> App {
    let mut app = shipped_app();
    app.lang = lang;
    app.report_lang = lang;
    app.board_path = shipped_path();
    send(&mut app, ch('R'));
    let view = app.report.as_ref().expect("open");
    let report = Box::new(view.report.clone());
    let revision = app.revision();
    send(
        &mut app,
        Msg::ReportBuilt {
            revision,
            report,
            source: cchc::as_of::Source::NoGit("not a git repository".into()),
        },
    );
    app
}

#[test]
fn report_view_80x24_english() {
    let app = report_app(Lang::En);
    insta::assert_snapshot!("report_80x24_en", screen(&app, 80, 24));
}

#[test]
fn report_view_80x24_vietnamese_scrolled_to_the_overdue_list() {
    let mut app = report_app(Lang::Vi);
    send_all(
        &mut app,
        [
            ch('f'),
            key(KeyCode::Down),
            key(KeyCode::Down),
            key(KeyCode::Down),
        ],
    );
    send_all(
        &mut app,
        [key(KeyCode::Down), key(KeyCode::Down), key(KeyCode::Down)],
    );
    insta::assert_snapshot!("report_scrolled_80x24_vi", screen(&app, 80, 24));
}

#[test]
fn report_view_80x24_vietnamese_current_window() {
    let mut app = report_app(Lang::Vi);
    send(&mut app, ch('l'));
    insta::assert_snapshot!("report_current_80x24_vi", screen(&app, 80, 24));
}

#[test]
fn report_overwrite_question_80x24_english() {
    let mut app = report_app(Lang::En);
    send(&mut app, ch('w'));
    let path = app
        .report
        .as_ref()
        .expect("open")
        .path(&std::path::PathBuf::from("boards/board.yaml"));
    send(&mut app, Msg::ReportExists(path));
    insta::assert_snapshot!("report_overwrite_80x24_en", screen(&app, 80, 24));
}
