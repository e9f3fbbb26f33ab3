//! Deterministic large boards for the benchmarks, shared by
//! `examples/gen_board.rs` and `benches/board.rs` (each pulls this file in with
//! `#[path = ...] mod generator;`: `gen` is a reserved word in edition 2024).
//!
//! A generated board is the shipped 2024 board scaled up: the same plan, the
//! same 9 areas and targets, and tasks that cycle through the shipped tasks'
//! text (title, output, lead, support, budget and area, so each title stays in
//! its own area). What varies, from a fixed-seed LCG so that the same task
//! count always gives the same bytes:
//!
//! - ids: increasing, with a gap now and then (ids are never reused, so real
//!   boards have holes);
//! - status: about half planned, a quarter in progress, a quarter done;
//! - timeframe: half keep the shipped task's wording, the rest take one of every
//!   form the schedule understands (`Quý I/2024`, `Tháng 9/2024`,
//!   `Trước ngày 15/01/2024`, `Năm 2024`, `6 tháng đầu năm 2024`,
//!   `Thường xuyên`) or none (`Theo quy định`);
//! - optional fields: an explicit `due` on 6%, `completed` and evidence (one
//!   to three references, half free text, half documents) on every done task
//!   (a board that loads without warnings), an assignee on 20%, notes (some
//!   multi-line) on 6%, a progress log (one to four entries) on 30% of the
//!   started tasks.
//!
//! The text is written with [`cchc::storage::to_yaml`], so it is canonical and
//! loads without warnings. 10,000 tasks came to 3.83 MB (3,826,100 bytes) before the progress logs and documents: the
//! shipped tasks cycled alone would be 3.55 MB; ids of up to five digits, the
//! longer timeframe wordings and the optional fields add the rest.

use cchc::domain::{Board, Document, Evidence, LogEntry, Status, Task};
use chrono::NaiveDate;
use std::path::Path;

/// Where the shipped board lives in the repository.
pub const SHIPPED_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/boards/so-xay-dung-nam-dinh-2024.yaml"
);

/// The shipped board's text, built in so that generation does not depend on
/// the working directory.
const SHIPPED: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/boards/so-xay-dung-nam-dinh-2024.yaml"
));

/// Knuth's MMIX linear congruential generator: tiny, fixed, good enough to
/// spread statuses and dates. Not for anything but test data.
struct Lcg(u64);

impl Lcg {
    const SEED: u64 = 0x00C0_FFEE_2024;

    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        // The high bits of an LCG are the random ones.
        (self.0 >> 33) as u32
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }

    /// True `percent` times out of 100.
    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u32) as usize]
    }
}

/// The shipped board, parsed by the library.
pub fn shipped_board() -> Board {
    cchc::storage::parse(Path::new(SHIPPED_PATH), SHIPPED.as_bytes().to_vec())
        .expect("the shipped board loads")
        .board
}

const ASSIGNEES: &[&str] = &[
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Hoàng Cường",
    "Phạm Thu Dung",
    "Vũ Minh Đức",
    "Đỗ Thị Hà",
    "Hoàng Quốc Hưng",
    "Bùi Thị Lan",
];

const NOTES: &[&str] = &[
    "Đã gửi dự thảo xin ý kiến các phòng chuyên môn.",
    "Chờ Văn phòng Sở tổng hợp số liệu.",
    "Lồng ghép trong kế hoạch kiểm tra CCHC.",
    "Đã trình Giám đốc Sở ký ban hành.\nGửi kèm báo cáo đánh giá tác động.",
    "Phối hợp với Sở Nội vụ.\nTheo Công văn hướng dẫn của UBND tỉnh.\nHạn báo cáo theo quy định.",
];

const EVIDENCE_KINDS: &[&str] = &["KH-SXD", "BC-SXD", "QĐ-SXD", "TB-SXD"];
const EVIDENCE_NAMES: &[&str] = &["Kế hoạch", "Báo cáo", "Quyết định", "Thông báo"];

fn day_of_2024(offset: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(offset))))
        .expect("a day of 2024")
}

fn timeframe(rng: &mut Lcg, shipped: &str) -> String {
    if rng.chance(50) {
        return shipped.to_owned();
    }
    const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
    match rng.below(10) {
        0 | 1 => format!("Quý {}/2024", ROMAN[rng.below(4) as usize]),
        2 | 3 => format!("Tháng {}/2024", rng.below(12) + 1),
        4 => format!(
            "Trước ngày {:02}/{:02}/2024",
            rng.below(28) + 1,
            rng.below(12) + 1
        ),
        5 => "Năm 2024".to_owned(),
        6 => "6 tháng đầu năm 2024".to_owned(),
        7 => "Thường xuyên".to_owned(),
        8 => "Tháng 12/2023".to_owned(),
        _ => "Theo quy định".to_owned(),
    }
}

/// Half free text (as boards before documents wrote it), half documents.
fn evidence(rng: &mut Lcg) -> Vec<Evidence> {
    (0..=rng.below(2))
        .map(|_| {
            let k = rng.below(EVIDENCE_KINDS.len() as u32) as usize;
            let d = day_of_2024(rng.below(300));
            let number = format!("{}/{}", rng.below(400) + 1, EVIDENCE_KINDS[k]);
            if rng.chance(50) {
                Evidence::Text(format!(
                    "{} số {number} ngày {}",
                    EVIDENCE_NAMES[k],
                    d.format("%d/%m/%Y")
                ))
            } else {
                Evidence::Document(Document {
                    number,
                    date: d,
                    title: format!("{} thực hiện nhiệm vụ", EVIDENCE_NAMES[k]),
                    issuer: None,
                    link: None,
                })
            }
        })
        .collect()
}

/// One to three dated progress notes, oldest first.
fn log(rng: &mut Lcg) -> Vec<LogEntry> {
    let mut day = rng.below(60);
    (0..=rng.below(3))
        .map(|_| {
            day += rng.below(90);
            LogEntry {
                date: day_of_2024(day.min(365)),
                text: rng.pick(NOTES).to_owned(),
                evidence: vec![],
            }
        })
        .collect()
}

/// A board of `count` tasks built from the shipped one (see the module docs).
pub fn generate(count: usize) -> Board {
    let shipped = shipped_board();
    let mut rng = Lcg(Lcg::SEED);
    let mut tasks = Vec::with_capacity(count);
    let mut id = 0u32;
    for i in 0..count {
        let template = &shipped.tasks[i % shipped.tasks.len()];
        id += 1 + if rng.chance(10) { rng.below(3) + 1 } else { 0 };
        let status = match rng.below(4) {
            0 => Status::InProgress,
            1 => Status::Done,
            _ => Status::Planned,
        };
        let done = status == Status::Done;
        tasks.push(Task {
            id,
            area: template.area.clone(),
            title: template.title.clone(),
            output: template.output.clone(),
            lead: template.lead.clone(),
            support: template.support.clone(),
            timeframe: timeframe(&mut rng, &template.timeframe).into(),
            budget: template.budget.clone(),
            status,
            due: rng.chance(6).then(|| day_of_2024(rng.below(366))),
            due_reason: None,
            checkpoints: None,
            completed: done.then(|| day_of_2024(rng.below(200))),
            assignee: rng.chance(20).then(|| rng.pick(ASSIGNEES).to_owned()),
            notes: rng.chance(6).then(|| rng.pick(NOTES).to_owned()),
            evidence: if done { evidence(&mut rng) } else { Vec::new() },
            log: if status != Status::Planned && rng.chance(30) {
                log(&mut rng)
            } else {
                Vec::new()
            },
            carried_over: None,
        });
    }
    // Targets that name a task follow it to its generated id (the n-th shipped
    // task's first copy), or drop the link when the board is too small.
    let targets = shipped
        .targets
        .iter()
        .cloned()
        .map(|mut t| {
            t.task = t.task.and_then(|want| {
                let n = shipped.tasks.iter().position(|s| s.id == want)?;
                tasks.get(n).map(|g: &Task| g.id)
            });
            t
        })
        .collect();
    Board {
        schema: shipped.schema,
        plan: shipped.plan,
        areas: shipped.areas,
        tasks,
        targets,
        reporting: vec![],
    }
}

/// The canonical text of [`generate`]`(count)`.
pub fn generate_yaml(count: usize) -> String {
    cchc::storage::to_yaml(&generate(count))
}
