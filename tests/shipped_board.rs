//! The shipped board is a faithful, clean transcription of the 2024 plan of Sở
//! Xây dựng Nam Định: its shape (areas, task numbering), its text (NFC, no stray
//! spaces, the plan's own words) and its form on disk (canonical, byte-stable).

mod common;

use cchc::domain::{Board, Comparator, Status, Unit};
use cchc::schedule;
use cchc::storage;
use common::*;
use unicode_normalization::is_nfc;

fn load() -> storage::BoardFile {
    storage::load(&shipped_path()).unwrap_or_else(|e| panic!("shipped board: {e}"))
}

/// The board as the file lists it, without the loader's sort by id.
fn as_written() -> Board {
    let text = String::from_utf8(shipped_bytes()).expect("UTF-8");
    storage::yaml::from_str(&text).expect("shipped board parses")
}

#[test]
fn exactly_one_board_ships() {
    // Hidden files are cchc's own runtime files (lock, recovery), ignored by
    // git and never shipped.
    let names: Vec<String> = listing(&repo_root().join("boards"))
        .into_iter()
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(names, [SHIPPED_NAME]);
}

#[test]
fn loads_without_errors_or_warnings() {
    let file = load();
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    let b = &file.board;
    assert_eq!(b.schema, cchc::domain::SCHEMA_VERSION);
    assert_eq!(b.plan.year, 2024);
    assert_eq!(
        &*b.plan.title,
        "Kế hoạch Cải cách hành chính Sở Xây dựng năm 2024"
    );
    assert_eq!(b.plan.organisation, "Sở Xây dựng tỉnh Nam Định");
}

#[test]
fn nine_areas_in_plan_order() {
    let b = load().board;
    let codes: Vec<&str> = b.areas.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(
        codes,
        ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    );
    assert_eq!(&*b.areas[0].title, "Cải cách thể chế");
    assert_eq!(&*b.areas[1].title, "Cải cách thủ tục hành chính");
    assert_eq!(
        &*b.areas[5].title,
        "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số"
    );
    assert_eq!(&*b.areas[8].title, "Công tác thi đua, khen thưởng");
}

#[test]
fn forty_three_tasks_numbered_one_to_forty_three_in_file_order() {
    let written: Vec<u32> = as_written().tasks.iter().map(|t| t.id).collect();
    assert_eq!(written, (1..=43).collect::<Vec<u32>>());
    let loaded: Vec<u32> = load().board.tasks.iter().map(|t| t.id).collect();
    assert_eq!(loaded, written);
}

#[test]
fn tasks_belong_to_the_plans_areas() {
    let expected: [(&str, std::ops::RangeInclusive<u32>); 9] = [
        ("I", 1..=8),
        ("II", 9..=18),
        ("III", 19..=24),
        ("IV", 25..=28),
        ("V", 29..=30),
        ("VI", 31..=33),
        ("VII", 34..=35),
        ("VIII", 36..=41),
        ("IX", 42..=43),
    ];
    let b = load().board;
    for (code, ids) in expected {
        let got: Vec<u32> = b
            .tasks
            .iter()
            .filter(|t| &*t.area == code)
            .map(|t| t.id)
            .collect();
        assert_eq!(got, ids.collect::<Vec<u32>>(), "area {code}");
    }
}

#[test]
fn every_task_is_planned_and_untouched() {
    for t in &load().board.tasks {
        assert_eq!(t.status, Status::Planned, "task {}", t.id);
        assert_eq!(t.completed, None, "task {}", t.id);
        assert_eq!(t.due, None, "task {}", t.id);
        assert_eq!(t.assignee, None, "task {}", t.id);
        assert_eq!(t.notes, None, "task {}", t.id);
        assert!(t.evidence.is_empty(), "task {}", t.id);
    }
}

/// Every string of the board, with where it is.
fn all_text(b: &Board) -> Vec<(String, String)> {
    let mut out = vec![
        ("plan.title".to_owned(), b.plan.title.clone()),
        ("plan.organisation".to_owned(), b.plan.organisation.clone()),
        ("plan.document".to_owned(), b.plan.document.clone()),
    ];
    for a in &b.areas {
        out.push((format!("area {} code", a.code), a.code.clone()));
        out.push((format!("area {} title", a.code), a.title.clone()));
    }
    for t in &b.tasks {
        for (field, value) in [
            ("area", &*t.area),
            ("title", &*t.title),
            ("output", &*t.output),
            ("lead", &*t.lead),
            ("support", &*t.support),
            ("timeframe", &*t.timeframe),
            ("budget", &*t.budget),
        ] {
            out.push((format!("task {} {field}", t.id), value.to_string()));
        }
    }
    for g in &b.targets {
        for (field, value) in [("id", &g.id), ("section", &g.section), ("text", &g.text)] {
            out.push((format!("target {} {field}", g.id), value.clone()));
        }
    }
    out
}

#[test]
fn text_is_nfc_without_stray_spaces() {
    let b = load().board;
    let texts = all_text(&b);
    assert!(texts.len() > 43 * 7, "collected {} strings", texts.len());
    for (where_, s) in texts {
        assert!(is_nfc(&s), "{where_} is not NFC: {s:?}");
        assert!(!s.contains("  "), "{where_} has a double space: {s:?}");
        assert_eq!(s.trim(), s, "{where_} has leading/trailing space: {s:?}");
        assert!(
            !s.chars().any(char::is_control),
            "{where_} has a control character: {s:?}"
        );
    }
}

#[test]
fn transcription_spot_checks() {
    let b = load().board;
    let task = |id: u32| b.task(id).unwrap_or_else(|| panic!("task {id}"));
    assert_eq!(&*task(9).timeframe, "Trước ngày 15/01/2024");
    assert_eq!(
        &*task(9).title,
        "Xây dựng kế hoạch rà soát, đánh giá TTHC năm 2024"
    );
    // The plan's own typo ("thộc") is kept word for word.
    assert!(task(37).title.contains("trực thộc"), "{}", task(37).title);
    assert!(task(37).title.ends_with("đạt 40%)"), "{}", task(37).title);
    assert_eq!(&*task(25).budget, "Kinh phí thường xuyên, Kinh phí đào tạo");
    assert_eq!(
        &*task(5).title,
        "Xây dựng kế hoạch theo dõi thi hành pháp luật"
    );
    assert_eq!(&*task(5).timeframe, "Quý I/2024");
    assert_eq!(&*task(12).timeframe, "Tháng 12/2023");
    assert_eq!(&*task(30).lead, "Văn phòng Sở; Các đơn vị trực thuộc Sở");
    assert_eq!(
        &*task(16).lead,
        "Bộ phận một cửa Sở tại Trung tâm phục vụ hành chính công tỉnh"
    );
    assert_eq!(
        &*task(18).output,
        "",
        "the plan leaves task 18's output blank"
    );
    assert_eq!(&*task(43).output, "Khen thưởng hàng năm");
}

#[test]
fn targets_include_the_plans_percentages() {
    let b = load().board;
    let ids: std::collections::HashSet<&str> = b.targets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids.len(), b.targets.len(), "target ids are unique");
    assert_eq!(b.targets.len(), 19);

    let digitised: Vec<_> = b
        .targets
        .iter()
        .filter(|t| t.section == "II.3" && t.value == 70.0)
        .collect();
    assert_eq!(digitised.len(), 1, "one 70% target in II.3");
    let t = digitised[0];
    assert_eq!(t.comparator, Comparator::MoreThan);
    assert_eq!(t.unit, Unit::Percent);
    assert!(t.text.contains("đạt trên 70%"), "{}", t.text);
    assert_eq!(t.task, None);

    let inspected: Vec<_> = b.targets.iter().filter(|t| t.task == Some(37)).collect();
    assert_eq!(inspected.len(), 1, "one target for task 37");
    let t = inspected[0];
    assert_eq!(t.value, 40.0);
    assert_eq!(t.comparator, Comparator::AtLeast);
    assert_eq!(t.unit, Unit::Percent);
    assert_eq!(t.section, "Phụ lục VIII");
    assert!(t.text.contains("đạt 40%"), "{}", t.text);
    assert!(b.targets.iter().all(|t| t.current.is_none()));
}

#[test]
fn every_timeframe_but_the_open_ended_ones_gives_a_deadline() {
    let b = load().board;
    let undated: Vec<u32> = b
        .tasks
        .iter()
        .filter(|t| schedule::deadline(t, &schedule::Rules::of(&b)).is_none())
        .map(|t| t.id)
        .collect();
    // "Theo quy định", "Theo đúng lộ trình", "Theo quy định, yêu cầu".
    assert_eq!(undated, [13, 17, 21, 32, 41]);
    let day = |s: &str| s.parse::<chrono::NaiveDate>().expect("date");
    let deadline = |id| schedule::deadline(b.task(id).expect("task"), &schedule::Rules::of(&b));
    assert_eq!(deadline(9), Some(day("2024-01-14")));
    assert_eq!(deadline(12), Some(day("2023-12-31")));
    assert_eq!(deadline(11), Some(day("2024-09-30")));
    assert_eq!(deadline(1), Some(day("2024-12-31")));
}

#[test]
fn the_file_is_canonical_and_saves_byte_for_byte() {
    let bytes = shipped_bytes();
    let file = load();
    assert_eq!(file.first_noncanonical_line(), None);
    let written = storage::to_yaml(&file.board);
    assert!(
        written.as_bytes() == bytes.as_slice(),
        "to_yaml differs from the file"
    );
    assert_eq!(file.original(), bytes.as_slice());
}

#[test]
fn fmt_check_passes_and_check_reports_only_undated_tasks() {
    let sb = Sandbox::shipped();
    let before = sb.bytes();
    let o = sb.run(&["fmt", "--check"]);
    expect_code(&o, 0);
    assert!(stdout(&o).contains("already in canonical form"));
    assert_eq!(sb.bytes(), before, "fmt --check must not write");

    let o = sb.run(&["check"]);
    expect_code(&o, 0);
    let out = unwrapped(&stdout(&o));
    assert!(
        out.ends_with("ok: 43 tasks in 9 areas, 19 targets; 5 warnings\n"),
        "{out}"
    );
    for id in [13, 17, 21, 32, 41] {
        assert!(
            out.contains(&format!("task {id}: timeframe `")),
            "no warning for task {id}: {out}"
        );
    }
    assert!(!out.contains("not in canonical form"), "{out}");
    // The reporting duty (#41) is pointed at the reporting calendar; the
    // others are not.
    let hint = "or `checkpoints: reports`";
    let line = |id: u32| {
        out.lines()
            .find(|l| l.contains(&format!("task {id}: timeframe")))
            .expect("the warning")
            .to_owned()
    };
    assert!(line(41).contains(hint), "{}", line(41));
    assert!(!line(13).contains(hint), "{}", line(13));
    // With it, #41 has a deadline: the calendar's next report day.
    let text = String::from_utf8(before).expect("utf-8");
    let at = text.find("- id: 41\n").expect("#41");
    let status = text[at..].find("  status: planned\n").expect("status") + at;
    let with = format!(
        "{}  status: planned\n  checkpoints: reports\n{}",
        &text[..status],
        &text[status + "  status: planned\n".len()..]
    );
    std::fs::write(&sb.board, with).expect("write");
    let o = sb.run(&["check"]);
    let out = unwrapped(&stdout(&o));
    assert!(!out.contains("task 41: timeframe"), "{out}");
    let o = sb.run(&["--as-of", "2024-03-01", "show", "41"]);
    assert!(
        stdout(&o).contains("14/03/2024") || stdout(&o).contains("2024-03-14"),
        "{}",
        stdout(&o)
    );
}
