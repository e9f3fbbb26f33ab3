//! `cchc report`: the figures around the window edges, the command's files
//! and refusals, and snapshots of the Markdown and JSON renderings.

mod common;

use cchc::report::model::{self, Report, State};
use cchc::report::period::Period;
use cchc::storage;
use chrono::NaiveDate;
use common::*;
use std::fs;

const EDGES: &str = "report/edges.yaml";

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn build(rel: &str, period: &str, today: &str) -> Report {
    let file = storage::load(&fixture(rel)).expect("fixture loads");
    let p = Period::parse(period, false, &Default::default()).expect("period");
    model::build(file.board, &p, d(today))
}

fn state(r: &Report, id: u32) -> State {
    r.appendix()
        .find(|l| l.id == id)
        .map(|l| l.state)
        .expect("task in the appendix")
}

#[test]
fn done_on_the_last_day_counts_and_the_day_after_does_not() {
    let r = build(EDGES, "2024-Q1", "2024-04-02");
    assert_eq!(
        (r.period.from, r.period.to),
        (d("2023-12-15"), d("2024-03-14"))
    );
    assert_eq!(r.period.as_of, d("2024-03-14"));
    assert!(!r.period.current);
    // #1 completed 14/03: done in Q1. #2 completed 15/03: in progress then.
    assert_eq!(state(&r, 1), State::Done);
    assert_eq!(state(&r, 2), State::InProgress);
    let t = r.totals;
    assert_eq!(
        (
            t.tasks,
            t.done,
            t.done_in_period,
            t.in_progress,
            t.not_yet_due,
            t.overdue
        ),
        (9, 4, 2, 2, 2, 1)
    );
    assert_eq!((t.done_on_time, t.done_late), (2, 1));
    assert_eq!(t.done_pct, Some(44.44));
    assert_eq!(t.on_time_pct, Some(66.67));
    // In the 6-month window both are done, on time.
    let h1 = build(EDGES, "2024-H1", "2024-07-01");
    assert_eq!(state(&h1, 2), State::Done);
    assert_eq!(h1.totals.done_in_period, 3);
    // Overdue on the window's last day, with its extension.
    let i = &r.areas[1];
    assert_eq!(i.overdue.len(), 1);
    let four = r.lines(&i.overdue).next().expect("one overdue");
    assert_eq!(four.id, 4);
    assert_eq!(four.days_overdue, 14);
    assert_eq!(four.extended_to, Some(d("2024-02-29")));
}

#[test]
fn areas_units_targets_next_period_and_notes() {
    let r = build(EDGES, "2024-Q1", "2024-04-02");
    let codes: Vec<_> = r.areas.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, ["I", "II", "III"]);
    let done_ids: Vec<u32> = r.lines(&r.areas[0].done_in_period).map(|l| l.id).collect();
    assert_eq!(done_ids, [1], "#8 was done before the window");
    let units: Vec<_> = r
        .units
        .iter()
        .map(|u| {
            (
                u.unit.as_str(),
                u.tasks,
                u.done,
                u.done_on_time,
                u.done_late,
                u.overdue,
            )
        })
        .collect();
    assert_eq!(
        units,
        [
            ("Văn phòng Sở", 7, 3, 2, 1, 0),
            ("Thanh tra Sở", 3, 1, 0, 0, 1)
        ]
    );
    let status: Vec<_> = r.targets.iter().map(|t| t.status).collect();
    use model::TargetStatus::*;
    // II.3c: measured 3 on 01/03 (6 on 01/05 does not exist yet on 14/03).
    assert_eq!(status, [NotMet, Met, NotMet]);
    assert_eq!(r.targets[2].current, Some(3.0));
    assert_eq!(r.targets[2].measured_on, Some(d("2024-03-01")));
    let next = r.next_period.as_ref().expect("next period");
    assert_eq!((next.from, next.to), (d("2024-03-15"), d("2024-06-14")));
    let ids: Vec<u32> = r.lines(&next.tasks).map(|l| l.id).collect();
    assert_eq!(
        ids,
        [2],
        "#2 (31/03, not done on 14/03); #7 (31/05) was extended to 30/06"
    );
    // Only the log entries of the window are quoted.
    let five = r.appendix().find(|l| l.id == 5).expect("#5");
    let days: Vec<_> = five.log.iter().map(|e| e.date).collect();
    assert_eq!(days, [d("2024-02-10")]);
    let seven = r.appendix().find(|l| l.id == 7).expect("#7");
    assert_eq!(
        seven.extension_reason,
        Some("Công văn số 15/UBND-NV ngày 20/05/2024")
    );
    assert_eq!(r.notes.assessment.len(), 1);
    assert_eq!(r.notes.difficulties[0].task, 5);
    // Every week of the window, the last on the as-of day.
    assert_eq!(
        r.weekly.last().map(|w| (w.end, w.done_in_period)),
        Some((d("2024-03-14"), 2))
    );
    // Per area, in plan order: #1 (I) on 14/03 and #3 (II) on 20/01.
    assert_eq!(
        r.weekly.last().map(|w| w.by_area.clone()),
        Some(vec![1, 1, 0])
    );
    let first_week = r
        .weekly
        .iter()
        .find(|w| w.end >= d("2024-01-21"))
        .expect("a week");
    assert_eq!(first_week.by_area, [0, 1, 0]);
}

#[test]
fn the_shipped_board_in_quarter_one() {
    let file = storage::load(&shipped_path()).expect("shipped board");
    let p = Period::parse("2024-Q1", false, &Default::default()).expect("period");
    let r = model::build(file.board.clone(), &p, d("2024-04-02"));
    let t = r.totals;
    assert_eq!(
        (t.tasks, t.done, t.in_progress, t.not_yet_due, t.overdue),
        (43, 0, 0, 39, 4)
    );
    assert_eq!((t.done_pct, t.overdue_pct), (Some(0.0), Some(9.3)));
    assert_eq!(
        r.plan.parent_authority.as_deref(),
        Some("UBND TỈNH NAM ĐỊNH")
    );
    assert_eq!(r.plan.issuing_body, "SỞ XÂY DỰNG");
    assert_eq!(r.plan.reference_suffix, "BC-SXD");
    assert_eq!(r.appendix().len(), 43);
    assert_eq!(r.targets.len(), 19);
}

// ---------------------------------------------------------------- command

#[test]
fn default_is_the_latest_ended_period_written_beside_the_board() {
    let sb = Sandbox::fixture(EDGES);
    let o = sb.run(&["report", "--format", "md"]);
    expect_code(&o, 0);
    let path = sb.path().join("bao-cao-cchc-2024-Q1.md");
    assert!(
        stdout(&o).contains("bao-cao-cchc-2024-Q1.md"),
        "{}",
        stdout(&o)
    );
    let text = fs::read_to_string(&path).expect("report written");
    assert!(
        text.contains("quý I năm 2024"),
        "Vietnamese by default: {text}"
    );
    assert!(
        text.contains("Đã hoàn thành 4/9 nhiệm vụ, đạt 44,44%"),
        "{text}"
    );
    // Never over an existing file without --force.
    fs::write(&path, "mine").expect("write");
    let again = sb.run(&["report", "--format", "md"]);
    expect_code(&again, 2);
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(fs::read_to_string(&path).expect("read"), "mine");
    expect_code(&sb.run(&["report", "--format", "md", "--force"]), 0);
    assert_ne!(fs::read_to_string(&path).expect("read"), "mine");
    let names = sb.listing();
    assert!(
        names.iter().all(|n| !n.contains(".cchc-report.")),
        "{names:?}"
    );
}

#[test]
fn a_current_period_says_so() {
    let sb = Sandbox::fixture(EDGES);
    let o = sb
        .cchc()
        .arg("-b")
        .arg(&sb.board)
        .args([
            "--as-of",
            "2024-02-01",
            "report",
            "--format",
            "json",
            "-o",
            "-",
        ])
        .output()
        .expect("run cchc");
    expect_code(&o, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["period"]["code"], "2024-Q1");
    assert_eq!(v["period"]["current"], true);
    assert_eq!(v["period"]["as_of"], "2024-02-01");
    assert!(stderr(&o).contains("has not ended"), "{}", stderr(&o));
}

#[test]
fn periods_windows_and_refusals() {
    let sb = Sandbox::fixture(EDGES);
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["report", "--format", "json", "-o", "-"];
        all.extend_from_slice(args);
        let o = sb.run(&all);
        expect_code(&o, 0);
        serde_json::from_str(&stdout(&o)).expect("json")
    };
    let v = json(&["--period", "2024-Q3"]);
    assert_eq!(
        (v["period"]["from"].as_str(), v["period"]["to"].as_str()),
        (Some("2024-06-15"), Some("2024-09-14"))
    );
    let v = json(&["--period", "2024-Q1", "--calendar"]);
    assert_eq!(v["period"]["to"], "2024-03-31");
    assert_eq!(v["totals"]["done"], 5, "#2, done 15/03, is done by 31/03");
    let v = json(&["--from", "2024-03-15", "--to", "2024-03-20"]);
    assert_eq!(v["totals"]["done_in_period"], 1);
    expect_code(&sb.run(&["report", "--period", "2024-Q2"]), 2);
    expect_code(&sb.run(&["report", "--from", "2024-03-15"]), 2);
    expect_code(
        &sb.run(&["report", "--period", "2024", "--to", "2024-03-15"]),
        2,
    );
    let o = sb.run(&["report", "--format", "docx", "-o", "-"]);
    expect_code(&o, 2);
}

#[test]
fn english_with_lang_en() {
    let sb = Sandbox::fixture(EDGES);
    let o = sb.run(&["--lang", "en", "report", "--format", "md", "-o", "-"]);
    expect_code(&o, 0);
    let text = stdout(&o);
    assert!(text.contains("Done: 4/9 tasks, 44.44%"), "{text}");
}

// ---------------------------------------------------------------- snapshots

fn run_text(format: &str, lang: &str) -> String {
    let sb = Sandbox::fixture(EDGES);
    let o = sb.run(&["--lang", lang, "report", "--format", format, "-o", "-"]);
    expect_code(&o, 0);
    stdout(&o)
}

#[test]
fn markdown_snapshot_vi() {
    insta::assert_snapshot!("report_md_vi", run_text("md", "vi"));
}

#[test]
fn markdown_snapshot_en() {
    insta::assert_snapshot!("report_md_en", run_text("md", "en"));
}

#[test]
fn json_snapshot() {
    let text = run_text("json", "vi");
    assert_eq!(
        text,
        run_text("json", "en"),
        "JSON is the same in every language"
    );
    insta::assert_snapshot!("report_json", text);
}

// ---------------------------------------------------------------- invariants

#[test]
fn the_counts_add_up_on_every_day_and_in_every_window() {
    let file = storage::load(&fixture(EDGES)).expect("fixture loads");
    let mut day = d("2023-12-01");
    while day <= d("2025-01-31") {
        for (code, calendar) in [
            ("2024-Q1", false),
            ("2024-H1", false),
            ("2024-Q3", false),
            ("2024", false),
            ("2024-Q2", true),
            ("2024-Q4", true),
        ] {
            let p = Period::parse(code, calendar, &Default::default()).expect("period");
            let r = model::build(file.board.clone(), &p, day);
            let t = r.totals;
            let what = format!("{code} on {day}");
            assert_eq!(
                t.done + t.in_progress + t.not_yet_due + t.overdue,
                t.tasks,
                "{what}"
            );
            let sum = |f: &dyn Fn(&model::Totals) -> usize| -> usize {
                r.areas.iter().map(|a| f(&a.totals)).sum()
            };
            assert_eq!(sum(&|a| a.done), t.done, "{what}");
            assert_eq!(sum(&|a| a.overdue), t.overdue, "{what}");
            assert_eq!(sum(&|a| a.done_in_period), t.done_in_period, "{what}");
            assert!(t.done_in_period <= t.done && t.done_on_time + t.done_late <= t.done);
            let listed: usize = r.areas.iter().map(|a| a.done_in_period.len()).sum();
            assert_eq!(listed, t.done_in_period, "{what}");
            assert_eq!(
                r.weekly.last().map(|w| w.done_in_period),
                Some(t.done_in_period),
                "{what}"
            );
            assert!(r.period.as_of <= p.to && r.period.as_of >= p.from, "{what}");
        }
        day = day.succ_opt().expect("next day");
    }
}

#[test]
fn every_format_carries_the_same_figures() {
    let sb = Sandbox::fixture(EDGES);
    let json: serde_json::Value = serde_json::from_str(&run_text("json", "vi")).expect("json");
    let t = &json["totals"];
    let pct = format!("{:.2}%", t["done_pct"].as_f64().expect("pct")).replace('.', ",");
    let sentence = format!(
        "Đã hoàn thành {}/{} nhiệm vụ, đạt {pct}",
        t["done"], t["tasks"]
    );
    assert!(run_text("md", "vi").contains(&sentence), "{sentence}");
    assert!(run_text("html", "vi").contains(&sentence), "{sentence}");
    expect_code(&sb.run(&["report", "--format", "docx"]), 0);
    let bytes = fs::read(sb.path().join("bao-cao-cchc-2024-Q1.docx")).expect("docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").expect("part"),
        &mut xml,
    )
    .expect("read");
    assert!(xml.contains(&sentence), "{sentence}");
}

#[test]
fn text_from_the_board_cannot_act_in_any_format() {
    let yaml = fs::read_to_string(fixture(EDGES))
        .expect("fixture")
        .replace(
            "title: Xây dựng kế hoạch theo dõi thi hành pháp luật",
            "title: \"<script>alert(1)</script> & </w:t> \\u202Eevil | *x*\"",
        );
    let sb = Sandbox::with_bytes("board.yaml", yaml.as_bytes());
    let text = |format: &str| {
        let o = sb.run(&["report", "--format", format, "-o", "-"]);
        expect_code(&o, 0);
        stdout(&o)
    };
    let html = text("html");
    assert!(!html.contains("<script>"), "escaped in html");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;/w:t&gt;"));
    assert!(
        html.contains("<U+202E>evil") || html.contains("&lt;U+202E&gt;evil"),
        "bidi override shown"
    );
    assert!(!html.contains('\u{202E}'));
    let md = text("md");
    assert!(
        md.contains(r"\<script\>") && md.contains(r"\| \*x\*"),
        "escaped in md"
    );
    assert!(!md.contains('\u{202E}'));
    expect_code(&sb.run(&["report", "--format", "docx"]), 0);
    let bytes = fs::read(sb.path().join("bao-cao-cchc-2024-Q1.docx")).expect("docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").expect("part"),
        &mut xml,
    )
    .expect("read");
    assert!(xml.contains("&lt;/w:t&gt;") && !xml.contains('\u{202E}'));
    expect_code(&sb.run(&["report", "--format", "xlsx"]), 0);
}

#[test]
fn a_json_report_written_to_a_file_is_what_stdout_gets() {
    let sb = Sandbox::fixture(EDGES);
    let target = sb.path().join("r.json");
    let target_arg = target.to_string_lossy().into_owned();
    let o = sb.run(&["report", "--format", "json", "-o", &target_arg]);
    expect_code(&o, 0);
    let written = std::fs::read_to_string(&target).expect("written");
    assert_eq!(written, run_text("json", "vi"));
    assert!(written.ends_with("}\n"), "{written}");
    // Never over an existing file without --force (the streamed write
    // refuses as the whole one did), and the file is kept.
    let o = sb.run(&["report", "--format", "json", "-o", &target_arg]);
    assert_ne!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&target).expect("kept"), written);
}
