//! The report view (`R`) through `update()`: opening it on the latest ended
//! report, changing the period and the windows, cycling the format, the
//! write effect with its path and bytes, the overwrite question, and the
//! runtime's answers (the report built with git history, the file written).

mod tui_support;

use cchc::app::{App, Confirm, Effect, Keymap, Lang, Mode, Msg};
use cchc::as_of::Source;
use cchc::report::period::{Kind, Period};
use cchc::report::{Format, model};
use crossterm::event::KeyCode;
use std::collections::BTreeMap;
use std::path::PathBuf;
use tui_support::*;

/// The shipped board on 02/04/2024, its file where the runtime says.
fn app() -> App {
    let mut app = shipped_app();
    app.board_path = shipped_path();
    app.report_lang = Lang::En;
    app
}

fn view(app: &App) -> &cchc::app::ReportView {
    app.report.as_ref().expect("the report view is open")
}

fn code(app: &App) -> String {
    view(app).period().code()
}

/// The report of the shipped board for `period` by the file's dates, as
/// the view computes it before the history comes.
fn by_file_dates(period: &Period) -> model::Report {
    let board = shipped_board();
    let day = period.to.min(as_of());
    let then = cchc::as_of::board_on(board.clone(), day, None);
    model::build(then, period, as_of())
}

/// Opens the view and answers its history request as the runtime does for
/// a board outside git (the figures stay the file's dates): the view can
/// write then.
fn open(app: &mut App) {
    send(app, ch('R'));
    answer(app);
}

/// The runtime's answer to the view's history request, outside git.
fn answer(app: &mut App) {
    let period = view(app).period();
    let revision = app.revision();
    send(
        app,
        Msg::ReportBuilt {
            revision,
            report: Box::new(by_file_dates(&period)),
            source: Source::NoGit("not in git".into()),
        },
    );
}

#[test]
fn r_opens_the_latest_ended_report_and_asks_for_the_history() {
    let mut app = app();
    let effects = send(&mut app, ch('R'));
    assert_eq!(app.mode, Mode::Report);
    // On 02/04/2024 the quarter-I report (15/12/2023–14/03/2024) has ended.
    assert_eq!(code(&app), "2024-Q1");
    let v = view(&app);
    assert!(!v.calendar);
    let codes: Vec<String> = v.periods.iter().map(Period::code).collect();
    assert_eq!(codes, ["2024-Q1", "2024-H1", "2024-Q3", "2024"]);
    assert_eq!(v.format, Format::Docx);
    // The figures: the model on the board as it stood on 14/03 by the
    // file's dates, until the history comes.
    assert_eq!(v.source, None);
    assert_eq!(v.report, by_file_dates(&v.period()));
    assert_eq!(
        effects,
        [Effect::BuildReport {
            period: v.period(),
            board: Box::new(app.board.clone()),
            revision: app.revision(),
        }]
    );
}

#[test]
fn the_view_shows_the_documents_own_sentences() {
    let mut app = app();
    app.lang = Lang::Vi;
    app.report_lang = Lang::Vi;
    send(&mut app, ch('R'));
    let v = view(&app);
    let body = v.body(Lang::Vi);
    let headline = cchc::report::doc::headline(&v.report, Lang::Vi);
    for sentence in &headline {
        assert!(body.contains(&format!("• {sentence}")), "{body:#?}");
    }
    let t = &v.report.totals;
    // Vietnamese percentages, as the document writes them (58,97%).
    let vi_pct = format!("{:.2}%", t.overdue_pct.expect("tasks")).replace('.', ",");
    assert!(vi_pct.contains(','), "{vi_pct}");
    assert!(
        body.contains(&format!(
            "• Quá hạn {}/{} nhiệm vụ, chiếm {vi_pct}.",
            t.overdue, t.tasks
        )),
        "{body:#?}"
    );
    // The overdue list: every overdue task, with its days and lead unit.
    let overdue = cchc::report::doc::overdue(&v.report, Lang::Vi);
    assert_eq!(overdue.len(), t.overdue);
    assert!(
        t.overdue > 0,
        "the shipped board has overdue tasks on 14/03"
    );
    let first = v
        .report
        .areas
        .iter()
        .flat_map(|a| v.report.lines(&a.overdue))
        .next()
        .expect("one");
    assert!(
        overdue[0].starts_with(&format!("#{} ", first.id))
            && overdue[0].contains(&format!("quá hạn {} ngày", first.days_overdue)),
        "{overdue:#?}"
    );
    assert!(
        body.contains(&format!("Nhiệm vụ quá hạn ({}):", t.overdue)),
        "{body:#?}"
    );
}

#[test]
fn periods_change_with_arrows_and_vi_keys_within_the_year() {
    let mut app = app();
    send(&mut app, ch('R'));
    // Back past the first: nothing happens.
    assert_eq!(send(&mut app, ch('h')), []);
    assert_eq!(code(&app), "2024-Q1");
    // The six-month window has not ended on 02/04: figures to date, the
    // board as it is, no history needed.
    assert_eq!(send(&mut app, key(KeyCode::Right)), []);
    assert_eq!(code(&app), "2024-H1");
    let v = view(&app);
    assert_eq!(v.source, Some(Source::Today));
    assert!(v.report.period.current);
    assert_eq!(v.report.period.as_of, as_of());
    assert_eq!(
        v.report,
        model::build(shipped_board(), &v.period(), as_of())
    );
    send_all(&mut app, [ch('j'), ch('l')]);
    assert_eq!(code(&app), "2024");
    send(&mut app, ch('l'));
    assert_eq!(code(&app), "2024", "the year's report is the last");
    send_all(&mut app, [ch('k'), key(KeyCode::Left)]);
    assert_eq!(code(&app), "2024-H1");
    // Back to an ended one: the history is asked for again.
    let effects = send(&mut app, ch('h'));
    assert!(
        matches!(&effects[..], [Effect::BuildReport { period, .. }] if period.code() == "2024-Q1"),
        "{effects:?}"
    );
}

#[test]
fn c_toggles_calendar_quarters_keeping_the_kind() {
    let mut app = app();
    send(&mut app, ch('R'));
    let effects = send(&mut app, ch('c'));
    let v = view(&app);
    assert!(v.calendar);
    let codes: Vec<String> = v.periods.iter().map(Period::code).collect();
    assert_eq!(
        codes,
        [
            "2024-Q1", "2024-Q2", "2024-H1", "2024-Q3", "2024-Q4", "2024"
        ]
    );
    let p = v.period();
    assert_eq!((p.kind, p.calendar), (Kind::Quarter(1), true));
    assert_eq!((p.from, p.to), (day(2024, 1, 1), day(2024, 3, 31)));
    assert!(v.report.period.calendar);
    assert!(
        matches!(&effects[..], [Effect::BuildReport { period, .. }] if *period == p),
        "{effects:?}"
    );
    // Calendar Q2 has no official window: back to the default.
    send(&mut app, ch('l'));
    assert_eq!(view(&app).period().kind, Kind::Quarter(2));
    send(&mut app, ch('c'));
    let v = view(&app);
    assert!(!v.calendar);
    assert_eq!(v.period().code(), "2024-Q1");
}

#[test]
fn f_cycles_the_formats_and_the_file_name_follows() {
    let mut app = app();
    send(&mut app, ch('R'));
    let mut seen = vec![view(&app).format];
    for _ in 0..5 {
        send(&mut app, ch('f'));
        seen.push(view(&app).format);
    }
    assert_eq!(
        seen,
        [
            Format::Docx,
            Format::Xlsx,
            Format::Md,
            Format::Html,
            Format::Json,
            Format::Docx
        ]
    );
    send(&mut app, ch('f'));
    let path = view(&app).path(&app.board_path);
    assert_eq!(
        path,
        shipped_path()
            .parent()
            .expect("dir")
            .join("bao-cao-cchc-2024-Q1.xlsx")
    );
}

fn the_write(effects: &[Effect]) -> (PathBuf, Format, Vec<u8>, bool) {
    match effects {
        [
            Effect::WriteReport {
                path,
                format,
                bytes,
                overwrite,
            },
        ] => (path.clone(), *format, bytes.clone(), *overwrite),
        other => panic!("expected one write, got {other:?}"),
    }
}

#[test]
fn w_writes_the_report_shown_beside_the_board() {
    let mut app = app();
    open(&mut app);
    let (path, format, bytes, overwrite) = the_write(&send(&mut app, ch('w')));
    let dir = shipped_path().parent().expect("dir").to_owned();
    assert_eq!(path, dir.join("bao-cao-cchc-2024-Q1.docx"));
    assert_eq!((format, overwrite), (Format::Docx, false));
    assert!(bytes.starts_with(b"PK"), "a docx is a zip");
    // The bytes are the report shown, rendered in the board's language.
    assert_eq!(
        bytes,
        cchc::report::render(&view(&app).report, Lang::En, Format::Docx).expect("render")
    );
    // Markdown in Vietnamese: the headline sentences are in the file.
    app.lang = Lang::Vi;
    app.report_lang = Lang::Vi;
    send_all(&mut app, [ch('f'), ch('f')]);
    let (path, format, bytes, _) = the_write(&send(&mut app, key(KeyCode::Enter)));
    assert_eq!(
        (path, format),
        (dir.join("bao-cao-cchc-2024-Q1.md"), Format::Md)
    );
    let text = String::from_utf8(bytes).expect("UTF-8");
    for sentence in cchc::report::doc::headline(&view(&app).report, Lang::Vi) {
        assert!(text.contains(&sentence), "{sentence} not in the file");
    }
    // The runtime reports the file written: the view shows its path.
    send(
        &mut app,
        Msg::ReportWritten(Ok(dir.join("bao-cao-cchc-2024-Q1.md"))),
    );
    let status = view(&app).status.clone().expect("a status");
    assert!(
        status.starts_with("đã ghi ") && status.ends_with("bao-cao-cchc-2024-Q1.md"),
        "{status}"
    );
    send(&mut app, Msg::ReportWritten(Err("disk full".to_owned())));
    assert_eq!(
        view(&app).status.as_deref(),
        Some("không ghi được báo cáo: disk full")
    );
}

#[test]
fn an_existing_file_is_replaced_only_when_the_user_says_so() {
    let mut app = app();
    open(&mut app);
    let (path, ..) = the_write(&send(&mut app, ch('w')));
    assert_eq!(send(&mut app, Msg::ReportExists(path.clone())), []);
    let Mode::Confirm(question) = app.mode.clone() else {
        panic!("a question, not {:?}", app.mode);
    };
    assert!(matches!(question, Confirm::OverwriteReport(_)));
    let text = question.text(Lang::En, &app.keymap);
    assert!(
        text.contains("bao-cao-cchc-2024-Q1.docx already exists.")
            && text.contains("y = replace it")
            && text.contains("any other key = keep that file"),
        "{text}"
    );
    // Any other key keeps the file and goes back to the view.
    assert_eq!(send(&mut app, ch('n')), []);
    assert_eq!(app.mode, Mode::Report);
    let kept = view(&app).status.clone().expect("a status");
    assert!(
        kept.starts_with("kept ") && kept.ends_with("as it was"),
        "{kept}"
    );
    // Asked again, `y` replaces it.
    send(&mut app, ch('w'));
    send(&mut app, Msg::ReportExists(path.clone()));
    let (again, format, _, overwrite) = the_write(&send(&mut app, ch('y')));
    assert_eq!((again, format, overwrite), (path, Format::Docx, true));
    assert_eq!(app.mode, Mode::Report);
}

#[test]
fn the_history_replaces_the_file_dates_only_for_the_board_and_period_shown() {
    let mut app = app();
    send(&mut app, ch('R'));
    let period = view(&app).period();
    let revision = app.revision();
    let mut with_history = by_file_dates(&period);
    with_history.totals.done = 99;
    let history = Source::History {
        hash: "0123456789abcdef".into(),
        date: "2024-03-10".into(),
    };
    // Of another revision of the board: ignored.
    send(
        &mut app,
        Msg::ReportBuilt {
            revision: revision + 1,
            report: Box::new(with_history.clone()),
            source: history.clone(),
        },
    );
    assert_eq!(view(&app).source, None);
    // Of another period: ignored.
    let mut other = with_history.clone();
    other.period.code = "2024-H1".into();
    send(
        &mut app,
        Msg::ReportBuilt {
            revision,
            report: Box::new(other),
            source: history.clone(),
        },
    );
    assert_eq!(view(&app).source, None);
    send(
        &mut app,
        Msg::ReportBuilt {
            revision,
            report: Box::new(with_history.clone()),
            source: history.clone(),
        },
    );
    assert_eq!(view(&app).source, Some(history));
    assert_eq!(view(&app).report, with_history);
}

#[test]
fn esc_leaves_and_the_board_keys_work_again() {
    let mut app = app();
    send(&mut app, ch('R'));
    send(&mut app, key(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Board);
    assert!(app.report.is_none());
    send_all(&mut app, [ch('R'), ch('q')]);
    assert_eq!(app.mode, Mode::Board, "q closes the view, not the board");
    send_all(&mut app, [ch('R'), ch('R')]);
    assert_eq!(app.mode, Mode::Board);
    // Board keys do nothing inside the view (x would delete on the board).
    send(&mut app, ch('R'));
    assert_eq!(send(&mut app, ch('x')), []);
    assert_eq!(app.mode, Mode::Report);
}

#[test]
fn scrolling_stops_at_the_last_line() {
    let mut app = app();
    send(&mut app, ch('R'));
    for _ in 0..500 {
        send(&mut app, key(KeyCode::Down));
    }
    let v = view(&app);
    let rows = v.rows(Lang::En, 54).len();
    assert_eq!(usize::from(v.scroll), rows - 1);
    send(&mut app, key(KeyCode::Up));
    assert_eq!(usize::from(view(&app).scroll), rows - 2);
    // A new period starts at the top.
    send(&mut app, ch('l'));
    assert_eq!(view(&app).scroll, 0);
}

#[test]
fn the_keymap_refuses_report_keys_that_clash_and_keyless_report_actions() {
    let mut o = BTreeMap::new();
    o.insert(cchc::app::Action::ReportWrite, vec!["c".to_owned()]);
    o.insert(cchc::app::Action::ReportCalendar, vec!["c".to_owned()]);
    let e = Keymap::with_overrides(&o).expect_err("one key for two report actions");
    assert!(
        e.contains("`report_write`") && e.contains("`report_calendar`"),
        "{e}"
    );
    let mut o = BTreeMap::new();
    o.insert(
        cchc::app::Action::ReportFormat,
        vec!["esc".to_owned(), "q".to_owned(), "R".to_owned()],
    );
    let e = Keymap::with_overrides(&o).expect_err("close left without a key");
    assert!(e.contains("`close_report` is left with no key"), "{e}");
    // Rebound, the view takes the new key.
    let mut o = BTreeMap::new();
    o.insert(cchc::app::Action::ReportWrite, vec!["s".to_owned()]);
    let mut app = app();
    app.keymap = Keymap::with_overrides(&o).expect("valid");
    open(&mut app);
    assert_eq!(send(&mut app, ch('w')), []);
    assert_eq!(the_write(&send(&mut app, ch('s'))).1, Format::Docx);
}

#[test]
fn reports_are_vietnamese_unless_chosen_whatever_the_interface_language() {
    let mut app = shipped_app();
    app.board_path = shipped_path();
    assert_eq!((app.lang, app.report_lang), (Lang::En, Lang::Vi));
    open(&mut app);
    send_all(&mut app, [ch('f'), ch('f')]);
    let (_, format, bytes, _) = the_write(&send(&mut app, ch('w')));
    assert_eq!(format, Format::Md);
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert!(
        text.contains("Tổng số nhiệm vụ trong Kế hoạch: 43."),
        "{text}"
    );
    // The view states the figures as the file will.
    assert!(
        view(&app)
            .body(app.report_lang)
            .contains(&"• Tổng số nhiệm vụ trong Kế hoạch: 43.".to_owned())
    );
}

#[test]
fn the_view_follows_an_outside_change_of_the_board() {
    let mut app = app();
    send(&mut app, ch('R'));
    let before = view(&app).report.totals;
    let mut theirs = shipped_board();
    let t = theirs.tasks.iter_mut().find(|t| t.id == 12).expect("#12");
    t.status = cchc::domain::Status::Done;
    t.completed = Some(day(2024, 3, 1));
    let effects = send(
        &mut app,
        Msg::DiskChanged {
            theirs: Box::new(theirs.clone()),
            base: Box::new(shipped_board()),
        },
    );
    assert_eq!(app.mode, Mode::Report);
    let after = view(&app).report.totals;
    assert_eq!(after.done, before.done + 1);
    assert_eq!(after.overdue, before.overdue - 1);
    assert!(
        matches!(&effects[..], [Effect::BuildReport { board, revision, .. }]
            if **board == theirs && *revision == app.revision()),
        "{effects:?}"
    );
}

#[test]
fn w_waits_for_the_history_before_writing() {
    let mut app = app();
    send(&mut app, ch('R'));
    assert_eq!(
        send(&mut app, ch('w')),
        [],
        "nothing written by the file's dates alone"
    );
    assert!(
        view(&app)
            .status
            .as_deref()
            .is_some_and(|s| s.contains("git history")),
        "{:?}",
        view(&app).status
    );
    answer(&mut app);
    the_write(&send(&mut app, ch('w')));
}
