//! Starting a board for a new plan: an empty board with the standard reform
//! areas ([`new_board`]), next year's board from this year's ([`rollover`]),
//! and the years a timeframe names ([`years_named`]) for `check`'s warning about
//! a board copied without moving its timeframes on. Pure: no IO.

pub mod import;

use crate::domain::{Area, Board, Plan, SCHEMA_VERSION, Status, Task};
use unicode_normalization::UnicodeNormalization;

/// The reform areas of a CCHC plan, in plan order: the nine of the shipped
/// plan (Sở Xây dựng Nam Định 2024), which follow the province's model plan.
/// A new board starts with them; edit the board's `areas` where a plan differs.
pub const STANDARD_AREAS: [(&str, &str); 9] = [
    ("I", "Cải cách thể chế"),
    ("II", "Cải cách thủ tục hành chính"),
    ("III", "Cải cách tổ chức bộ máy nhà nước"),
    ("IV", "Cải cách chế độ công vụ"),
    ("V", "Cải cách tài chính công"),
    (
        "VI",
        "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
    ),
    ("VII", "Chỉ số cải cách hành chính"),
    ("VIII", "Công tác chỉ đạo, điều hành cải cách hành chính"),
    ("IX", "Công tác thi đua, khen thưởng"),
];

/// The standard areas as board areas.
pub fn standard_areas() -> Vec<Area> {
    STANDARD_AREAS
        .iter()
        .map(|(code, title)| Area {
            code: (*code).to_owned(),
            title: (*title).to_owned(),
        })
        .collect()
}

/// The title a plan gets when none is given:
/// `Kế hoạch Cải cách hành chính {organisation} năm {year}`.
pub fn default_title(organisation: &str, year: i32) -> String {
    format!("Kế hoạch Cải cách hành chính {organisation} năm {year}")
}

/// Text as the board stores it: NFC, surrounding white space removed.
pub fn clean(s: &str) -> String {
    s.trim().nfc().collect()
}

/// A new board: the plan's facts, the standard areas, no tasks.
pub fn new_board(organisation: &str, year: i32, title: Option<&str>, document: &str) -> Board {
    let organisation = clean(organisation);
    let title = title
        .map(clean)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| default_title(&organisation, year));
    Board {
        schema: SCHEMA_VERSION,
        plan: Plan {
            title,
            organisation,
            document: clean(document),
            year,
        },
        areas: standard_areas(),
        tasks: vec![],
        targets: vec![],
        reporting: vec![],
    }
}

/// A file name for a new board: the organisation without accents, lower case,
/// words joined by `-`, then the year: `so-xay-dung-tinh-nam-dinh-2025.yaml`.
pub fn file_name(organisation: &str, year: i32) -> String {
    let folded = crate::text::fold(organisation);
    let mut slug = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        format!("cchc-{year}.yaml")
    } else {
        format!("{slug}-{year}.yaml")
    }
}

/// Byte ranges and values of the years a text names: runs of exactly four
/// ASCII digits from 1900 to 2199, not part of a longer number.
fn year_spans(text: &str) -> Vec<(usize, usize, i32)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i - start == 4
            && let Ok(y) = text[start..i].parse::<i32>()
            && (1900..2200).contains(&y)
        {
            spans.push((start, i, y));
        }
    }
    spans
}

/// The years a timeframe names (`Tháng 12/2023` → `[2023]`).
pub fn years_named(text: &str) -> Vec<i32> {
    year_spans(text).into_iter().map(|(_, _, y)| y).collect()
}

/// `text` with every year it names moved on by `by` years.
pub fn shift_years(text: &str, by: i32) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, year) in year_spans(text) {
        out.push_str(&text[at..start]);
        out.push_str(&(year + by).to_string());
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// `text` with the year `from` (as a whole number) replaced by `to`, other
/// years left alone.
pub fn replace_year(text: &str, from: i32, to: i32) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, year) in year_spans(text) {
        if year == from {
            out.push_str(&text[at..start]);
            out.push_str(&to.to_string());
            at = end;
        }
    }
    out.push_str(&text[at..]);
    out
}

/// What a rollover did, for its summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RolloverReport {
    pub copied: usize,
    /// Unfinished tasks marked as carried over.
    pub carried: Vec<u32>,
    /// Tasks whose timeframe's year was moved on: (id, before, after).
    pub moved: Vec<(u32, String, String)>,
    /// Tasks whose timeframe sets no deadline in the new year (to date by hand).
    pub undated: Vec<u32>,
    /// Tasks whose title names the old year (the wording may need updating).
    pub title_years: Vec<u32>,
    /// Targets copied (their measurements dropped).
    pub targets: usize,
}

/// Next year's board from `old`: every task copied as `planned` with its
/// timeframe's years moved on by `year - old.plan.year`; `due`, `completed`,
/// `notes` (the year's log) and `evidence` dropped; unfinished tasks marked
/// `carried_over: "{old_name}#{id}"`; targets copied without `current`; the
/// plan's title names the new year, its document reference is blank.
pub fn rollover(old: &Board, year: i32, old_name: &str) -> (Board, RolloverReport) {
    let by = year - old.plan.year;
    let rules = crate::schedule::Rules::new(year, &old.calendar());
    let mut report = RolloverReport::default();
    let tasks = old
        .tasks
        .iter()
        .map(|t| {
            let timeframe = shift_years(&t.timeframe, by);
            if *timeframe != *t.timeframe {
                report
                    .moved
                    .push((t.id, t.timeframe.to_string(), timeframe.clone()));
            }
            let carried_over = (t.status != Status::Done).then(|| format!("{old_name}#{}", t.id));
            if carried_over.is_some() {
                report.carried.push(t.id);
            }
            if years_named(&t.title).contains(&old.plan.year) {
                report.title_years.push(t.id);
            }
            let task = Task {
                timeframe: timeframe.into(),
                status: Status::Planned,
                due: None,
                completed: None,
                notes: None,
                evidence: vec![],
                log: vec![],
                due_reason: None,
                carried_over,
                ..t.clone()
            };
            if crate::schedule::deadline(&task, &rules).is_none() {
                report.undated.push(t.id);
            }
            task
        })
        .collect::<Vec<_>>();
    report.copied = tasks.len();
    let targets = old
        .targets
        .iter()
        .map(|t| {
            let mut t = t.clone();
            t.current = None;
            t
        })
        .collect::<Vec<_>>();
    report.targets = targets.len();
    let board = Board {
        schema: SCHEMA_VERSION,
        plan: Plan {
            title: replace_year(&old.plan.title, old.plan.year, year),
            organisation: old.plan.organisation.clone(),
            document: String::new(),
            year,
        },
        areas: old.areas.clone(),
        tasks,
        targets,
        reporting: old.reporting.clone(),
    };
    (board, report)
}

/// Tasks whose timeframe names a year other than the plan year: (id, year).
/// The year before is fine in December only (`Tháng 12/2023`, `Trước ngày
/// 20/12/2023`: a plan issued in December starts some tasks at once), so a
/// board copied for 2025 with its `Quý I/2024` and `Năm 2024` left is found.
pub fn foreign_years(board: &Board) -> Vec<(u32, i32)> {
    let y = board.plan.year;
    board
        .tasks
        .iter()
        .filter_map(|t| {
            let text = &t.timeframe;
            year_spans(text)
                .into_iter()
                .find(|&(start, _, n)| {
                    let december = text[..start].trim_end().ends_with("12/")
                        || text[..start].trim_end().ends_with("12 /");
                    n != y && !(n == y - 1 && december)
                })
                .map(|(_, _, n)| (t.id, n))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_four_digit_numbers_only() {
        assert_eq!(years_named("Quý I/2024"), [2024]);
        assert_eq!(years_named("Tháng 12/2023 - 6/2024"), [2023, 2024]);
        assert_eq!(years_named("Trước ngày 15/01/2024"), [2024]);
        assert_eq!(years_named("Theo quy định"), Vec::<i32>::new());
        assert_eq!(years_named("Số 12345; 0500"), Vec::<i32>::new());
    }

    #[test]
    fn shifting_moves_every_year_and_keeps_the_wording() {
        assert_eq!(shift_years("Quý I/2024", 1), "Quý I/2025");
        assert_eq!(shift_years("Năm 2024", 1), "Năm 2025");
        assert_eq!(shift_years("Tháng 12/2023", 1), "Tháng 12/2024");
        assert_eq!(
            shift_years("Trước ngày 15/01/2024", 2),
            "Trước ngày 15/01/2026"
        );
        assert_eq!(shift_years("Thường xuyên", 1), "Thường xuyên");
        assert_eq!(
            replace_year("Kế hoạch CCHC năm 2024 (theo KH 2023)", 2024, 2025),
            "Kế hoạch CCHC năm 2025 (theo KH 2023)"
        );
    }

    #[test]
    fn only_the_plan_year_and_the_december_before_are_at_home() {
        let mut b = new_board("o", 2025, None, "");
        for (id, tf) in [
            (1, "Quý I/2025"),
            (2, "Tháng 12/2024"),
            (3, "Trước ngày 20/12/2024"),
            (4, "Quý I/2024"),
            (5, "Năm 2024"),
            (6, "Tháng 12/2023"),
            (7, "Thường xuyên"),
            (8, "Năm 2026"),
        ] {
            b.tasks.push(Task {
                timeframe: tf.into(),
                ..Task::new(id, "I", "t")
            });
        }
        assert_eq!(
            foreign_years(&b),
            [(4, 2024), (5, 2024), (6, 2023), (8, 2026)]
        );
    }

    #[test]
    fn file_names_fold_the_organisation() {
        assert_eq!(
            file_name("Sở Xây dựng tỉnh Nam Định", 2025),
            "so-xay-dung-tinh-nam-dinh-2025.yaml"
        );
        assert_eq!(file_name("  ", 2025), "cchc-2025.yaml");
    }

    #[test]
    fn a_new_board_is_valid_and_has_the_nine_areas() {
        let b = new_board("Sở Tư pháp tỉnh Nam Định", 2025, None, "");
        assert_eq!(b.areas.len(), 9);
        assert_eq!(
            &*b.plan.title,
            "Kế hoạch Cải cách hành chính Sở Tư pháp tỉnh Nam Định năm 2025"
        );
        assert!(crate::domain::validate(&b).is_empty());
        // Decomposed input is stored composed.
        let b = new_board("So\u{301} X", 2025, Some("Ke\u{302}\u{301}"), "");
        assert_eq!(b.plan.organisation, "Só X");
        assert_eq!(&*b.plan.title, "Kế");
    }
}
