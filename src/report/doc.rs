//! The report written out in one language: headings, sentences, lists and
//! tables of text, laid out by the Markdown, HTML and Word renderers alike
//! (and its two tables by the spreadsheet one). Everything here is wording
//! and number formatting of the [`Report`]'s figures; nothing is counted.
//!
//! Vietnamese forms: decimal comma (`58,97%`), dates `dd/mm/yyyy`, the date
//! line `Nam Định, ngày 15 tháng 3 năm 2024` (days below 10 and months 1–2
//! with a leading zero, as Nghị định 30/2020/NĐ-CP writes them).
//!
//! Text from the board passes through [`crate::sanitize::terminal_safe`]
//! line by line, so a report never carries control, bidirectional-override
//! or invisible characters either: they show as `<U+202E>`-style escapes.

use super::model::{Lines, Report, State, TargetStatus, TaskLine};
use super::period::Kind;
use crate::app::Lang;
use crate::domain::{Comparator, Unit};
use crate::sanitize::terminal_safe;
use chrono::{Datelike, NaiveDate};

/// The document header of a Vietnamese administrative text (thể thức).
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// `UBND TỈNH NAM ĐỊNH`, when known.
    pub parent: Option<String>,
    /// `SỞ XÂY DỰNG`.
    pub body: String,
    /// `Số:      /BC-SXD`: the number left blank to fill.
    pub number: String,
    /// `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`.
    pub motto: String,
    /// `Độc lập - Tự do - Hạnh phúc`.
    pub motto_sub: String,
    /// `Nam Định, ngày 15 tháng 3 năm 2024`.
    pub place_date: String,
    /// `BÁO CÁO`.
    pub kind: String,
    /// `Kết quả thực hiện công tác cải cách hành chính quý I năm 2024`.
    pub title: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    /// An area's heading row inside a table (bold, spanning after the first cell).
    pub group: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Its name as a spreadsheet sheet.
    pub name: String,
    pub head: Vec<String>,
    pub rows: Vec<Row>,
    /// Relative column widths.
    pub widths: Vec<u32>,
    /// Columns holding numbers (right-aligned; numbers in a spreadsheet).
    pub numeric: Vec<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Level 1: `I. CÔNG TÁC …`; level 2: `1. Cải cách thể chế`; level 3: `a) …`.
    Heading(u8, String),
    Para(String),
    Bullet(String),
    /// A place for a person to write, marked as such in every format.
    Placeholder(String),
    Table(Table),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    pub recipients_label: String,
    pub recipients: Vec<String>,
    pub signer: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub lang: Lang,
    pub header: Header,
    pub blocks: Vec<Block>,
    pub signature: Signature,
    pub appendix_title: Vec<String>,
    pub appendix: Table,
    /// The per-unit table (also among `blocks`), for the spreadsheet.
    pub units: Table,
}

/// Picks the wording of the language.
#[derive(Clone, Copy)]
struct W(Lang);

impl W {
    fn s(self, vi: &'static str, en: &'static str) -> &'static str {
        match self.0 {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    fn date(self, d: NaiveDate) -> String {
        match self.0 {
            Lang::Vi => d.format("%d/%m/%Y").to_string(),
            Lang::En => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// A number with the language's decimal mark, at most two decimals.
    fn num(self, x: f64) -> String {
        let mut s = format!("{x:.2}");
        if s.contains('.') {
            s = s.trim_end_matches('0').trim_end_matches('.').to_owned();
        }
        match self.0 {
            Lang::Vi => s.replace('.', ","),
            Lang::En => s,
        }
    }

    /// `58,97%` (always two decimals, as the reports write rates).
    fn pct(self, p: Option<f64>) -> String {
        // The model holds percentages (58.97); `text::percent` takes ratios.
        p.map_or_else(
            || "–".to_owned(),
            |p| crate::text::percent(p / 100.0, self.0 == Lang::Vi),
        )
    }
}

/// File text made safe to show: one line, escapes for controls.
fn clean(s: &str) -> String {
    terminal_safe(s.trim()).into_owned()
}

fn quarter(q: u8) -> &'static str {
    match q {
        1 => "I",
        2 => "II",
        3 => "III",
        _ => "IV",
    }
}

/// `quý I năm 2024` / `Q1 2024` …, with the window for custom ones.
pub fn period_name(r: &Report, lang: Lang) -> String {
    let w = W(lang);
    let p = &r.period;
    let base = match (p.kind, lang) {
        (Kind::Quarter(q), Lang::Vi) => format!("quý {} năm {}", quarter(q), p.year),
        (Kind::Quarter(q), Lang::En) => format!("Q{q} {}", p.year),
        (Kind::Half, Lang::Vi) => format!("6 tháng đầu năm {}", p.year),
        (Kind::Half, Lang::En) => format!("the first six months of {}", p.year),
        (Kind::Year, Lang::Vi) => format!("năm {}", p.year),
        (Kind::Year, Lang::En) => format!("the year {}", p.year),
        (Kind::Custom, Lang::Vi) => {
            format!("từ ngày {} đến ngày {}", w.date(p.from), w.date(p.to))
        }
        (Kind::Custom, Lang::En) => format!("{} to {}", w.date(p.from), w.date(p.to)),
    };
    if p.calendar {
        format!(
            "{base} {}",
            w.s("(theo quý dương lịch)", "(calendar quarters)")
        )
    } else {
        base
    }
}

/// `ngày 05 tháng 02 năm 2024` (Nghị định 30: a leading zero for days below
/// 10 and for months 1 and 2).
fn long_date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => {
            let month = if d.month() < 3 {
                format!("{:02}", d.month())
            } else {
                d.month().to_string()
            };
            format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
        }
        Lang::En => d.format("%-d %B %Y").to_string(),
    }
}

/// The words of a task's state for the appendix's result column.
fn state_text(l: &TaskLine, w: W) -> String {
    match l.state {
        State::Done => {
            let mut s = match l.completed {
                Some(c) => format!("{} {}", w.s("Hoàn thành ngày", "Done on"), w.date(c)),
                None => w.s("Hoàn thành", "Done").to_owned(),
            };
            if let Some(n) = l.days_late.filter(|n| *n > 0) {
                s.push_str(&match w.0 {
                    Lang::Vi => format!(" (trễ {n} ngày)"),
                    Lang::En => format!(" ({n} days late)"),
                });
            }
            s
        }
        State::InProgress => w.s("Đang thực hiện", "In progress").to_owned(),
        State::NotYetDue if l.deadline.is_none() => w
            .s(
                "Chưa thực hiện (không có thời hạn)",
                "Not started (no deadline)",
            )
            .to_owned(),
        State::NotYetDue => w.s("Chưa đến hạn", "Not yet due").to_owned(),
        State::Overdue => match w.0 {
            Lang::Vi => format!("Quá hạn {} ngày", l.days_overdue),
            Lang::En => format!("Overdue by {} days", l.days_overdue),
        },
    }
}

fn deadline_text(l: &TaskLine, w: W) -> String {
    l.deadline.map_or_else(
        || w.s("không có hạn", "no deadline").to_owned(),
        |d| w.date(d),
    )
}

fn evidence_text(l: &TaskLine, w: W) -> String {
    l.evidence
        .iter()
        .map(|e| clean(&e.cite(w.s("ngày", "of"))))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Section I's figures, one sentence each, as the report states them: the
/// tasks, done (and done in the period), in progress, not yet due, overdue
/// (each with its percentage in the language's form, `58,97%`), and the
/// on-time rate. The board's report view shows these very sentences.
pub fn headline(r: &Report, lang: Lang) -> Vec<String> {
    let w = W(lang);
    let t = &r.totals;
    let n = t.tasks;
    // "In progress", "not yet due", "overdue": one sentence shape each.
    let share = |(vi, en): (&str, &str), count: usize, pct: Option<f64>| match lang {
        Lang::Vi => format!("{vi} {count}/{n} nhiệm vụ, chiếm {}.", w.pct(pct)),
        Lang::En => format!("{en}: {count}/{n} tasks, {}.", w.pct(pct)),
    };
    let (total, done, on_time) = match lang {
        Lang::Vi => (
            format!("Tổng số nhiệm vụ trong Kế hoạch: {n}."),
            format!(
                "Đã hoàn thành {}/{n} nhiệm vụ, đạt {} (trong kỳ báo cáo hoàn thành {} nhiệm vụ).",
                t.done,
                w.pct(t.done_pct),
                t.done_in_period
            ),
            match t.on_time_pct {
                Some(p) => format!(
                    "Tỷ lệ hoàn thành đúng hạn: {} nhiệm vụ hoàn thành đúng hạn, {} nhiệm vụ hoàn thành trễ hạn, đạt {}.",
                    t.done_on_time,
                    t.done_late,
                    w.pct(Some(p))
                ),
                None => {
                    "Tỷ lệ hoàn thành đúng hạn: chưa có nhiệm vụ hoàn thành có ngày hoàn thành."
                        .to_owned()
                }
            },
        ),
        Lang::En => (
            format!("Tasks in the plan: {n}."),
            format!(
                "Done: {}/{n} tasks, {} ({} of them done in this period).",
                t.done,
                w.pct(t.done_pct),
                t.done_in_period
            ),
            match t.on_time_pct {
                Some(p) => format!(
                    "On-time rate: {} tasks done on time, {} done late: {}.",
                    t.done_on_time,
                    t.done_late,
                    w.pct(Some(p))
                ),
                None => "On-time rate: no task done with a known completion day yet.".to_owned(),
            },
        ),
    };
    vec![
        total,
        done,
        share(
            ("Đang thực hiện", "In progress"),
            t.in_progress,
            t.in_progress_pct,
        ),
        share(
            ("Chưa đến hạn", "Not yet due"),
            t.not_yet_due,
            t.not_yet_due_pct,
        ),
        share(("Quá hạn", "Overdue"), t.overdue, t.overdue_pct),
        on_time,
    ]
}

/// The overdue tasks as section II lists them (area by area in plan order,
/// most overdue first): id, title, days overdue, the deadline and any
/// extension with its reason, the lead unit.
pub fn overdue(r: &Report, lang: Lang) -> Vec<String> {
    let w = W(lang);
    r.areas
        .iter()
        .flat_map(|a| r.lines(&a.overdue))
        .map(|l| task_sentence(&l, 2, w))
        .collect()
}

/// The report in `lang`.
#[allow(clippy::too_many_lines)]
pub fn write(r: &Report, lang: Lang) -> Doc {
    let w = W(lang);
    let t = &r.totals;
    let org = clean(&r.plan.organisation);
    let period = period_name(r, lang);
    let place = r.plan.place.as_deref().map(clean);

    let header = Header {
        parent: r.plan.parent_authority.as_deref().map(clean),
        body: clean(&r.plan.issuing_body),
        number: format!(
            "{}:        /{}",
            w.s("Số", "No."),
            clean(&r.plan.reference_suffix)
        ),
        motto: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_owned(),
        motto_sub: "Độc lập - Tự do - Hạnh phúc".to_owned(),
        place_date: match &place {
            Some(p) => format!("{p}, {}", long_date(r.made_on, lang)),
            None => long_date(r.made_on, lang),
        },
        kind: w.s("BÁO CÁO", "REPORT").to_owned(),
        title: match lang {
            Lang::Vi => format!("Kết quả thực hiện công tác cải cách hành chính {period}"),
            Lang::En => format!("Results of the administrative reform work, {period}"),
        },
    };

    let mut b: Vec<Block> = Vec::new();
    let (from, to, as_of) = (
        w.date(r.period.from),
        w.date(r.period.to),
        w.date(r.period.as_of),
    );
    b.push(Block::Para(match lang {
        Lang::Vi => format!(
            "Thực hiện {} ({}), {org} báo cáo kết quả thực hiện công tác cải cách hành chính {period} (số liệu từ ngày {from} đến ngày {to}) như sau:",
            clean(&r.plan.title),
            clean(&r.plan.document)
        ),
        Lang::En => format!(
            "Under the {} ({}), {org} reports on the administrative reform work of {period} (data from {from} to {to}) as follows:",
            clean(&r.plan.title),
            clean(&r.plan.document)
        ),
    }));
    if r.period.current {
        b.push(Block::Para(match lang {
            Lang::Vi => {
                format!("Kỳ báo cáo chưa kết thúc (đến ngày {to}): số liệu tính đến ngày {as_of}.")
            }
            Lang::En => format!(
                "The reporting window has not ended (it ends on {to}): figures as of {as_of}."
            ),
        }));
    }

    // I. Direction and management.
    b.push(Block::Heading(
        1,
        w.s(
            "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
            "I. DIRECTION AND MANAGEMENT OF THE REFORM",
        )
        .to_owned(),
    ));
    b.push(Block::Para(match lang {
        Lang::Vi => format!(
            "Kế hoạch: {} ({}). Tình hình thực hiện các nhiệm vụ tính đến ngày {as_of}:",
            clean(&r.plan.title),
            clean(&r.plan.document)
        ),
        Lang::En => format!(
            "Plan: {} ({}). The plan's tasks as of {as_of}:",
            clean(&r.plan.title),
            clean(&r.plan.document)
        ),
    }));
    b.extend(headline(r, lang).into_iter().map(Block::Bullet));
    let count_head = |first: &str, second: &str| -> Vec<String> {
        vec![
            first.to_owned(),
            second.to_owned(),
            w.s("Tổng số", "Tasks").to_owned(),
            w.s("Hoàn thành", "Done").to_owned(),
            w.s("Đang thực hiện", "In progress").to_owned(),
            w.s("Chưa đến hạn", "Not yet due").to_owned(),
            w.s("Quá hạn", "Overdue").to_owned(),
        ]
    };
    let mut area_rows: Vec<Row> = r
        .areas
        .iter()
        .map(|a| Row {
            cells: vec![
                clean(&a.code),
                clean(&a.title),
                a.totals.tasks.to_string(),
                a.totals.done.to_string(),
                a.totals.in_progress.to_string(),
                a.totals.not_yet_due.to_string(),
                a.totals.overdue.to_string(),
            ],
            group: false,
        })
        .collect();
    area_rows.push(Row {
        cells: vec![
            String::new(),
            w.s("Tổng cộng", "Total").to_owned(),
            t.tasks.to_string(),
            t.done.to_string(),
            t.in_progress.to_string(),
            t.not_yet_due.to_string(),
            t.overdue.to_string(),
        ],
        group: true,
    });
    b.push(Block::Table(Table {
        name: w.s("Theo lĩnh vực", "By area").to_owned(),
        head: count_head(w.s("TT", "Code"), w.s("Lĩnh vực", "Reform area")),
        rows: area_rows,
        widths: vec![8, 40, 10, 12, 12, 12, 10],
        numeric: vec![false, false, true, true, true, true, true],
    }));

    // II. Results per area.
    b.push(Block::Heading(
        1,
        w.s(
            "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
            "II. RESULTS BY REFORM AREA",
        )
        .to_owned(),
    ));
    for (i, a) in r.areas.iter().enumerate() {
        b.push(Block::Heading(2, format!("{}. {}", i + 1, clean(&a.title))));
        b.push(Block::Para(match lang {
            Lang::Vi => format!(
                "Hoàn thành {}/{} nhiệm vụ ({}); đang thực hiện {}; chưa đến hạn {}; quá hạn {}.",
                a.totals.done,
                a.totals.tasks,
                w.pct(a.totals.done_pct),
                a.totals.in_progress,
                a.totals.not_yet_due,
                a.totals.overdue
            ),
            Lang::En => format!(
                "Done {}/{} tasks ({}); in progress {}; not yet due {}; overdue {}.",
                a.totals.done,
                a.totals.tasks,
                w.pct(a.totals.done_pct),
                a.totals.in_progress,
                a.totals.not_yet_due,
                a.totals.overdue
            ),
        }));
        let lists: [(&str, &Lines); 3] = [
            (
                w.s(
                    "a) Nhiệm vụ hoàn thành trong kỳ:",
                    "a) Done in this period:",
                ),
                &a.done_in_period,
            ),
            (
                w.s("b) Nhiệm vụ đang thực hiện:", "b) In progress:"),
                &a.in_progress,
            ),
            (w.s("c) Nhiệm vụ quá hạn:", "c) Overdue:"), &a.overdue),
        ];
        for (k, (label, items)) in lists.iter().enumerate() {
            b.push(Block::Heading(3, (*label).to_owned()));
            if items.is_empty() {
                b.push(Block::Bullet(w.s("Không có.", "None.").to_owned()));
            }
            for l in r.lines(items) {
                b.push(Block::Bullet(task_sentence(&l, k, w)));
            }
        }
    }
    let targets_no = r.areas.len() + 1;
    b.push(Block::Heading(
        2,
        format!(
            "{targets_no}. {}",
            w.s("Thực hiện các chỉ tiêu của Kế hoạch", "The plan's targets")
        ),
    ));
    if r.targets.is_empty() {
        b.push(Block::Bullet(
            w.s(
                "Kế hoạch không nêu chỉ tiêu định lượng.",
                "The plan sets no quantitative target.",
            )
            .to_owned(),
        ));
    } else {
        b.push(Block::Table(Table {
            name: w.s("Chỉ tiêu", "Targets").to_owned(),
            head: vec![
                w.s("Mã", "Id").to_owned(),
                w.s("Chỉ tiêu", "Target").to_owned(),
                w.s("Mục tiêu", "Value").to_owned(),
                w.s("Hiện tại", "Current").to_owned(),
                w.s("Đánh giá", "Status").to_owned(),
            ],
            rows: r
                .targets
                .iter()
                .map(|tg| {
                    let unit = |x: f64| match tg.unit {
                        Unit::Percent => format!("{}%", w.num(x)),
                        Unit::Count => w.num(x),
                    };
                    let cmp = match (tg.comparator, lang) {
                        (Comparator::AtLeast, Lang::Vi) => "tối thiểu",
                        (Comparator::MoreThan, Lang::Vi) => "trên",
                        (Comparator::LessThan, Lang::Vi) => "dưới",
                        (Comparator::AtMost, Lang::Vi) => "không quá",
                        (c, Lang::En) => c.symbol(),
                    };
                    Row {
                        cells: vec![
                            clean(&tg.id),
                            clean(&tg.text),
                            format!("{cmp} {}", unit(tg.value)),
                            match (tg.current, tg.measured_on, &tg.source) {
                                (None, _, _) => "–".to_owned(),
                                (Some(c), None, _) => unit(c),
                                (Some(c), Some(on), None) => {
                                    format!("{} ({})", unit(c), w.date(on))
                                }
                                (Some(c), Some(on), Some(src)) => {
                                    format!("{} ({}; {})", unit(c), w.date(on), clean(src))
                                }
                            },
                            match tg.status {
                                TargetStatus::Met => w.s("Đạt", "Met"),
                                TargetStatus::NotMet => w.s("Chưa đạt", "Not met"),
                                TargetStatus::NotMeasured => w.s("Chưa có số liệu", "Not measured"),
                            }
                            .to_owned(),
                        ],
                        group: false,
                    }
                })
                .collect(),
            widths: vec![9, 55, 12, 10, 14],
            numeric: vec![false, false, false, false, false],
        }));
    }
    b.push(Block::Heading(
        2,
        format!(
            "{}. {}",
            targets_no + 1,
            w.s("Kết quả theo đơn vị chủ trì", "By lead unit")
        ),
    ));
    let units = Table {
        name: w.s("Theo đơn vị", "By unit").to_owned(),
        head: vec![
            w.s("Đơn vị chủ trì", "Lead unit").to_owned(),
            w.s("Số nhiệm vụ", "Tasks").to_owned(),
            w.s("Hoàn thành", "Done").to_owned(),
            w.s("Đúng hạn", "On time").to_owned(),
            w.s("Trễ hạn", "Late").to_owned(),
            w.s("Quá hạn", "Overdue").to_owned(),
        ],
        rows: r
            .units
            .iter()
            .map(|u| Row {
                cells: vec![
                    clean(&u.unit),
                    u.tasks.to_string(),
                    u.done.to_string(),
                    u.done_on_time.to_string(),
                    u.done_late.to_string(),
                    u.overdue.to_string(),
                ],
                group: false,
            })
            .collect(),
        widths: vec![40, 12, 12, 12, 12, 12],
        numeric: vec![false, true, true, true, true, true],
    };
    b.push(Block::Table(units.clone()));

    // The parts only a person can write, seeded from the board's notes.
    let note_bullets = |b: &mut Vec<Block>, notes: &[super::model::Note]| {
        for note in notes {
            let text: Vec<String> = note
                .text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(clean)
                .collect();
            b.push(Block::Bullet(format!(
                "#{} {}: {}",
                note.task,
                clean(&note.title),
                text.join(" ")
            )));
        }
    };
    b.push(Block::Heading(
        1,
        w.s("III. ĐÁNH GIÁ CHUNG", "III. OVERALL ASSESSMENT")
            .to_owned(),
    ));
    b.push(Block::Placeholder(
        w.s(
            "[Phần để viết: ưu điểm, kết quả nổi bật; những tồn tại, hạn chế và nguyên nhân.]",
            "[To be written: strengths and results; shortcomings and their causes.]",
        )
        .to_owned(),
    ));
    if !r.notes.assessment.is_empty() {
        b.push(Block::Para(
            w.s(
                "Ghi chú trên bảng theo dõi của các nhiệm vụ đã hoàn thành:",
                "Board notes of the tasks done:",
            )
            .to_owned(),
        ));
        note_bullets(&mut b, &r.notes.assessment);
    }
    b.push(Block::Heading(
        1,
        w.s("IV. KHÓ KHĂN, VƯỚNG MẮC", "IV. DIFFICULTIES")
            .to_owned(),
    ));
    b.push(Block::Placeholder(
        w.s(
            "[Phần để viết: khó khăn, vướng mắc trong quá trình thực hiện.]",
            "[To be written: the difficulties met.]",
        )
        .to_owned(),
    ));
    if !r.notes.difficulties.is_empty() {
        b.push(Block::Para(
            w.s(
                "Ghi chú trên bảng theo dõi của các nhiệm vụ đang thực hiện, quá hạn:",
                "Board notes of the tasks in progress or overdue:",
            )
            .to_owned(),
        ));
        note_bullets(&mut b, &r.notes.difficulties);
    }
    b.push(Block::Heading(
        1,
        w.s(
            "V. NHIỆM VỤ TRỌNG TÂM KỲ TỚI",
            "V. TASKS FOR THE NEXT PERIOD",
        )
        .to_owned(),
    ));
    if let Some(next) = &r.next_period {
        b.push(Block::Para(match lang {
            Lang::Vi => format!(
                "Các nhiệm vụ đến hạn từ ngày {} đến ngày {}:",
                w.date(next.from),
                w.date(next.to)
            ),
            Lang::En => format!(
                "Tasks due from {} to {}:",
                w.date(next.from),
                w.date(next.to)
            ),
        }));
        if next.tasks.is_empty() {
            b.push(Block::Bullet(w.s("Không có.", "None.").to_owned()));
        } else {
            b.push(Block::Table(Table {
                name: w.s("Kỳ tới", "Next period").to_owned(),
                head: vec![
                    w.s("STT", "No.").to_owned(),
                    w.s("Nhiệm vụ", "Task").to_owned(),
                    w.s("Chủ trì", "Lead").to_owned(),
                    w.s("Thời hạn", "Deadline").to_owned(),
                ],
                rows: r
                    .lines(&next.tasks)
                    .map(|l| Row {
                        cells: vec![
                            l.id.to_string(),
                            clean(l.title),
                            clean(l.lead),
                            deadline_text(&l, w),
                        ],
                        group: false,
                    })
                    .collect(),
                widths: vec![7, 58, 20, 15],
                numeric: vec![true, false, false, false],
            }));
        }
    }
    b.push(Block::Placeholder(
        w.s(
            "[Phần để viết: nhiệm vụ, giải pháp trọng tâm kỳ tới.]",
            "[To be written: the main tasks and measures for the next period.]",
        )
        .to_owned(),
    ));
    b.push(Block::Heading(
        1,
        w.s("VI. ĐỀ XUẤT, KIẾN NGHỊ", "VI. PROPOSALS").to_owned(),
    ));
    b.push(Block::Placeholder(
        w.s(
            "[Phần để viết: đề xuất, kiến nghị với cấp trên.]",
            "[To be written: proposals to the higher authorities.]",
        )
        .to_owned(),
    ));
    b.push(Block::Para(match lang {
        Lang::Vi => format!(
            "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {period} của {org}./."
        ),
        Lang::En => format!("This is {org}'s report on the administrative reform work of {period}."),
    }));

    let signer = if r.plan.issuing_body.starts_with("SỞ") {
        w.s("GIÁM ĐỐC", "DIRECTOR")
    } else {
        w.s("THỦ TRƯỞNG CƠ QUAN", "HEAD OF THE AGENCY")
    };
    let mut recipients = Vec::new();
    if let Some(parent) = &r.plan.parent_authority {
        recipients.push(match lang {
            Lang::Vi => format!("- {} (qua Sở Nội vụ);", title_case_authority(parent)),
            Lang::En => format!(
                "- {} (through the Department of Home Affairs);",
                clean(parent)
            ),
        });
    }
    recipients.push(w.s("- Lưu: VT, VP.", "- Filed: VT, VP.").to_owned());
    let signature = Signature {
        recipients_label: w.s("Nơi nhận:", "To:").to_owned(),
        recipients,
        signer: signer.to_owned(),
        name: w
            .s("[Họ và tên người ký]", "[Name of the signer]")
            .to_owned(),
    };

    let appendix_title = match lang {
        Lang::Vi => vec![
            "Phụ lục".to_owned(),
            format!(
                "KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH {}",
                period.to_uppercase()
            ),
            format!(
                "(Kèm theo Báo cáo số        /{} ngày      của {})",
                clean(&r.plan.reference_suffix),
                org
            ),
        ],
        Lang::En => vec![
            "Appendix".to_owned(),
            format!("RESULTS OF THE PLAN'S TASKS, {}", period.to_uppercase()),
            format!(
                "(Attached to report No.        /{} of {org})",
                clean(&r.plan.reference_suffix)
            ),
        ],
    };
    let mut rows = Vec::new();
    for a in &r.areas {
        rows.push(Row {
            cells: vec![clean(&a.code), clean(&a.title)],
            group: true,
        });
        for l in r.appendix().filter(|l| *l.area == *a.code) {
            rows.push(Row {
                cells: vec![
                    l.id.to_string(),
                    clean(l.title),
                    clean(l.output),
                    clean(l.lead),
                    clean(l.support),
                    match l.extended_to {
                        Some(e) => format!(
                            "{} ({} {})",
                            clean(l.timeframe),
                            w.s("gia hạn đến", "extended to"),
                            w.date(e)
                        ),
                        None => clean(l.timeframe),
                    },
                    state_text(&l, w),
                    evidence_text(&l, w),
                ],
                group: false,
            });
        }
    }
    let appendix = Table {
        name: w.s("Phụ lục", "Appendix").to_owned(),
        head: vec![
            w.s("STT", "No.").to_owned(),
            w.s("Nhiệm vụ", "Task").to_owned(),
            w.s("Sản phẩm", "Output").to_owned(),
            w.s("Phòng, đơn vị chủ trì", "Lead unit").to_owned(),
            w.s("Phòng, đơn vị phối hợp", "Supporting units").to_owned(),
            w.s("Thời gian thực hiện", "Timeframe").to_owned(),
            w.s("Kết quả, tình trạng", "Result, state").to_owned(),
            w.s("Văn bản chứng minh", "Evidence").to_owned(),
        ],
        rows,
        widths: vec![5, 30, 10, 11, 11, 9, 12, 12],
        numeric: vec![true, false, false, false, false, false, false, false],
    };

    Doc {
        lang,
        header,
        blocks: b,
        signature,
        appendix_title,
        appendix,
        units,
    }
}

/// `UBND TỈNH NAM ĐỊNH` → `UBND tỉnh Nam Định`, as a recipient line writes it.
fn title_case_authority(parent: &str) -> String {
    let parent = clean(parent);
    let mut words = parent.split(' ');
    let mut out = vec![words.next().unwrap_or_default().to_owned()];
    let mut rest: Vec<&str> = words.collect();
    if rest.first() == Some(&"TỈNH") {
        out.push("tỉnh".to_owned());
        rest.remove(0);
    } else if rest.len() > 1 && rest[0] == "THÀNH" && rest[1] == "PHỐ" {
        out.push("thành phố".to_owned());
        rest.drain(..2);
    }
    for word in rest {
        let mut chars = word.chars();
        let first: String = chars.next().into_iter().collect();
        out.push(format!("{first}{}", chars.as_str().to_lowercase()));
    }
    out.join(" ")
}

/// One task in section II's lists: `k` is 0 (done), 1 (in progress), 2 (overdue).
fn task_sentence(l: &TaskLine, k: usize, w: W) -> String {
    let mut s = format!("#{} {}", l.id, clean(l.title));
    let lead = clean(l.lead);
    match k {
        0 => {
            if !l.output.trim().is_empty() {
                s.push_str(&format!(
                    "; {}: {}",
                    w.s("sản phẩm", "output"),
                    clean(l.output)
                ));
            }
            s.push_str(&format!("; {}", state_text(l, w).to_lowercase()));
            let ev = evidence_text(l, w);
            s.push_str(&if ev.is_empty() {
                format!(
                    "; {}",
                    w.s("chưa có văn bản chứng minh", "no evidence document yet")
                )
            } else {
                format!("; {}: {ev}", w.s("văn bản", "evidence"))
            });
        }
        1 => {
            s.push_str(&format!(
                "; {}: {}; {}: {lead}",
                w.s("thời hạn", "deadline"),
                deadline_text(l, w),
                w.s("chủ trì", "lead")
            ));
        }
        _ => {
            let deadline = match (l.extended_to, l.planned_deadline) {
                (Some(e), Some(p)) => {
                    let why = l.extension_reason.map_or(String::new(), |r| {
                        format!(" ({}: {})", w.s("lý do", "reason"), clean(r))
                    });
                    match w.0 {
                        Lang::Vi => {
                            format!("thời hạn {}, gia hạn đến {}{why}", w.date(p), w.date(e))
                        }
                        Lang::En => {
                            format!("deadline {}, extended to {}{why}", w.date(p), w.date(e))
                        }
                    }
                }
                _ => format!("{} {}", w.s("thời hạn", "deadline"), deadline_text(l, w)),
            };
            s.push_str(&match w.0 {
                Lang::Vi => format!(
                    "; quá hạn {} ngày ({deadline}); chủ trì: {lead}",
                    l.days_overdue
                ),
                Lang::En => format!(
                    "; {} days overdue ({deadline}); lead: {lead}",
                    l.days_overdue
                ),
            });
        }
    }
    if !l.log.is_empty() {
        let entries: Vec<String> = l
            .log
            .iter()
            .map(|e| {
                let text = e.text.split_whitespace().collect::<Vec<_>>().join(" ");
                let text = text.trim_end_matches(['.', ';']);
                format!("{}: {}", w.date(e.date), clean(text))
            })
            .collect();
        s.push_str(&format!(
            "; {}: {}",
            w.s("kết quả trong kỳ", "done this period"),
            entries.join("; ")
        ));
    }
    s.push('.');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_number_and_date_forms() {
        let w = W(Lang::Vi);
        assert_eq!(w.pct(Some(58.97)), "58,97%");
        assert_eq!(w.pct(Some(0.0)), "0,00%");
        assert_eq!(w.num(64.5), "64,5");
        assert_eq!(w.num(70.0), "70");
        assert_eq!(W(Lang::En).pct(Some(58.97)), "58.97%");
        let d = |s: &str| s.parse::<NaiveDate>().expect("date");
        assert_eq!(
            long_date(d("2024-02-05"), Lang::Vi),
            "ngày 05 tháng 02 năm 2024"
        );
        assert_eq!(
            long_date(d("2024-03-15"), Lang::Vi),
            "ngày 15 tháng 3 năm 2024"
        );
    }

    #[test]
    fn authority_as_a_recipient() {
        assert_eq!(
            title_case_authority("UBND TỈNH NAM ĐỊNH"),
            "UBND tỉnh Nam Định"
        );
        assert_eq!(
            title_case_authority("UBND THÀNH PHỐ HÀ NỘI"),
            "UBND thành phố Hà Nội"
        );
    }
}
