//! The plan's timeframe wording ("thời gian thực hiện") read into what it
//! asks for: one deadline, checkpoints at the end of listed or recurring
//! periods, ongoing work due at the year's end, or no date at all.
//!
//! Real plans word their timeframes many ways; every form below is read
//! case-, spacing- and accent-insensitively (`quý`/`quí`, `hằng`/`hàng`
//! alike), and a year left out means the plan year.
//!
//! | wording | reads as |
//! |---|---|
//! | `Quý I/Y` … `Quý IV/Y`, `Quý 1/Y`, `Q1/Y` | by the quarter's last day |
//! | `Tháng M/Y`, `T12/Y` | by the month's last day |
//! | `Tháng 5-6/Y`, `Quý II-III/Y`, `Từ tháng 5 đến tháng 6/Y` | by the range's last day |
//! | `Tháng 5 và tháng 6 năm Y`, `Tháng 5, 6/Y`, `Quý I và Quý III/Y` | a checkpoint at each one's end |
//! | `Trước ngày DD/MM/Y` | by the day before |
//! | `Trước tháng 10/Y` | by the last day of the month before |
//! | `Năm Y` | by 31/12/Y |
//! | `6 tháng đầu năm [Y]`, `6 tháng cuối năm [Y]` | by 30/06, by 31/12 |
//! | `Thường xuyên`, `Liên tục` | ongoing, due 31/12 of the plan year |
//! | `Từ tháng 7/Y`, `Từ tháng 7/Y (liên tục)` | ongoing from 01/07/Y, due 31/12/Y |
//! | `Hằng tháng`, `Hằng quý`, `Định kỳ 6 tháng`, `Hằng năm` (also `Định kỳ hằng quý`, `Hàng quý`, `6 tháng/lần`) | a checkpoint at every period's end in the plan year |
//! | `15 ngày sau khi … ban hành` and other event-relative wording | no date (set `due`) |
//! | anything else (`Theo quy định`) | no date (set `due`) |

use crate::text::fold;
use chrono::{Datelike, NaiveDate};

/// What a timeframe wording asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Timeframe {
    /// Done by this day.
    By(NaiveDate),
    /// Work shown in each period ending on these days (in order): listed
    /// periods, or every period of a recurring duty in the plan year.
    Checkpoints(Vec<NaiveDate>),
    /// Ongoing work, from a day when the wording gives one, due at the end of
    /// the year (`Thường xuyên`).
    Ongoing {
        from: Option<NaiveDate>,
        until: NaiveDate,
    },
    /// No date: the officer sets `due`. `event` when the wording counts from
    /// an event ("15 ngày sau khi … ban hành").
    Undated { event: bool },
}

impl Timeframe {
    /// The last day the wording allows: the deadline, the last checkpoint,
    /// the end of ongoing work; `None` when undated.
    pub fn final_deadline(&self) -> Option<NaiveDate> {
        match self {
            Timeframe::By(d) => Some(*d),
            Timeframe::Checkpoints(days) => days.last().copied(),
            Timeframe::Ongoing { until, .. } => Some(*until),
            Timeframe::Undated { .. } => None,
        }
    }
}

/// Reads `text` for a plan of year `plan_year` (see the module's table).
pub fn parse(text: &str, plan_year: i32) -> Timeframe {
    // A board repeats a few wordings across all its tasks, and deadlines
    // are asked for many times per task (the report: 600 M instructions at
    // 10,000 tasks before this memo). Per thread, bounded.
    // One plan year at a time (a board has one).
    type Seen = (i32, std::collections::HashMap<String, Timeframe>);
    thread_local! {
        static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::default();
    }
    const KEEP: usize = 4096;
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        if seen.0 != plan_year || seen.1.len() >= KEEP {
            *seen = (plan_year, std::collections::HashMap::new());
        }
        if let Some(hit) = seen.1.get(text) {
            return hit.clone();
        }
        let parsed = parse_uncached(text, plan_year);
        seen.1.insert(text.to_owned(), parsed.clone());
        parsed
    })
}

fn parse_uncached(text: &str, plan_year: i32) -> Timeframe {
    let norm = normalise(text);
    parse_normalised(&norm, plan_year).unwrap_or(Timeframe::Undated {
        event: is_event_relative(&norm),
    })
}

/// Folded, with the spelling variants made one, `/` and `-` unspaced, the
/// trailing punctuation dropped and a parenthesised `(liên tục)` kept as a
/// plain word.
fn normalise(text: &str) -> String {
    let folded = fold(text)
        .replace(['(', ')'], " ")
        .replace(" /", "/")
        .replace("/ ", "/")
        .replace(" - ", "-")
        .replace(" -", "-")
        .replace("- ", "-")
        .replace(" – ", "-")
        .replace('–', "-");
    let words: Vec<String> = folded
        .split_whitespace()
        .map(|w| match w {
            // quí (an older spelling) is quý.
            "qui" => "quy".to_owned(),
            w => w.to_owned(),
        })
        .collect();
    words
        .join(" ")
        .trim_end_matches(['.', ';', ','])
        .trim()
        .to_owned()
}

fn parse_normalised(t: &str, plan_year: i32) -> Option<Timeframe> {
    let year_end = |y: i32| NaiveDate::from_ymd_opt(y, 12, 31);
    if matches!(t, "thuong xuyen" | "lien tuc" | "thuong xuyen, lien tuc") {
        return Some(Timeframe::Ongoing {
            from: None,
            until: year_end(plan_year)?,
        });
    }
    if let Some(c) = periodic(t, plan_year) {
        return Some(c);
    }
    if let Some(rest) = t.strip_prefix("truoc ngay ") {
        let mut parts = rest.trim().split('/');
        let day: u32 = parts.next()?.trim().parse().ok()?;
        let month: u32 = parts.next()?.trim().parse().ok()?;
        let year = match parts.next() {
            Some(y) => parse_year(y.trim())?,
            None => plan_year,
        };
        if parts.next().is_some() {
            return None;
        }
        return Some(Timeframe::By(
            NaiveDate::from_ymd_opt(year, month, day)?.pred_opt()?,
        ));
    }
    if let Some(rest) = t.strip_prefix("truoc thang ") {
        let (months, year) = periods(rest, plan_year, parse_month)?;
        let [m] = months[..] else { return None };
        return Some(Timeframe::By(
            NaiveDate::from_ymd_opt(year, m, 1)?.pred_opt()?,
        ));
    }
    if let Some(rest) = t.strip_prefix("tu thang ") {
        // `Từ tháng 5 đến tháng 6/2024` is a range; `Từ tháng 7/2024
        // (liên tục)` is ongoing work from then on.
        let rest = rest.strip_suffix(" lien tuc").unwrap_or(rest);
        if let Some((from, to)) = rest.split_once(" den thang ") {
            let (to, year) = periods(to, plan_year, parse_month)?;
            let (from, _) = periods(from, year, parse_month)?;
            let ([f], [m]) = (&from[..], &to[..]) else {
                return None;
            };
            return (f <= m).then_some(Timeframe::By(last_day_of_month(year, *m)?));
        }
        let (months, year) = periods(rest, plan_year, parse_month)?;
        let [m] = months[..] else { return None };
        return Some(Timeframe::Ongoing {
            from: NaiveDate::from_ymd_opt(year, m, 1),
            until: year_end(year)?,
        });
    }
    if let Some(rest) = t.strip_prefix("6 thang dau nam") {
        return Some(Timeframe::By(NaiveDate::from_ymd_opt(
            year_or(rest, plan_year)?,
            6,
            30,
        )?));
    }
    if let Some(rest) = t.strip_prefix("6 thang cuoi nam") {
        return Some(Timeframe::By(year_end(year_or(rest, plan_year)?)?));
    }
    if let Some(rest) = t.strip_prefix("nam ") {
        return Some(Timeframe::By(year_end(parse_year(rest.trim())?)?));
    }
    // Quarters and months, alone, as a range or as a list.
    let (unit, rest) = if let Some(r) = t.strip_prefix("quy ") {
        (Unit::Quarter, r)
    } else if let Some(r) = t.strip_prefix("thang ") {
        (Unit::Month, r)
    } else if let Some(r) = shorthand(t, 'q') {
        (Unit::Quarter, r)
    } else if let Some(r) = shorthand(t, 't') {
        (Unit::Month, r)
    } else {
        return None;
    };
    let parse_one = match unit {
        Unit::Quarter => parse_quarter,
        Unit::Month => parse_month,
    };
    let ends = |n: u32, y: i32| match unit {
        Unit::Quarter => last_day_of_month(y, n * 3),
        Unit::Month => last_day_of_month(y, n),
    };
    if let Some((numbers, year)) = range(rest, plan_year, parse_one) {
        return Some(Timeframe::By(ends(numbers, year)?));
    }
    let (numbers, year) = periods(rest, plan_year, parse_one)?;
    let days: Option<Vec<NaiveDate>> = numbers.iter().map(|&n| ends(n, year)).collect();
    let days = days?;
    match &days[..] {
        [one] => Some(Timeframe::By(*one)),
        _ if days.windows(2).all(|w| w[0] < w[1]) => Some(Timeframe::Checkpoints(days)),
        _ => None,
    }
}

#[derive(Clone, Copy)]
enum Unit {
    Quarter,
    Month,
}

/// `q1/2024` → `"1/2024"` (the letter, then a digit).
fn shorthand(t: &str, letter: char) -> Option<&str> {
    let rest = t.strip_prefix(letter)?;
    rest.starts_with(|c: char| c.is_ascii_digit())
        .then_some(rest)
}

fn parse_quarter(s: &str) -> Option<u32> {
    match s {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    }
}

fn parse_month(s: &str) -> Option<u32> {
    s.parse().ok().filter(|m| (1..=12).contains(m))
}

/// `"5-6/2024"` → (6, 2024): a range's last period, when it runs forward.
fn range(rest: &str, plan_year: i32, one: fn(&str) -> Option<u32>) -> Option<(u32, i32)> {
    let (head, year) = split_year(rest, plan_year)?;
    let (a, b) = head.split_once('-')?;
    let (a, b) = (one(strip_unit(a.trim()))?, one(strip_unit(b.trim()))?);
    (a < b).then_some((b, year))
}

/// `"5 va thang 6 nam 2025"`, `"5, 6/2025"`, `"i va quy iii/2024"`, `"9"`:
/// the listed periods and their year.
fn periods(rest: &str, plan_year: i32, one: fn(&str) -> Option<u32>) -> Option<(Vec<u32>, i32)> {
    let (head, year) = split_year(rest, plan_year)?;
    let items: Option<Vec<u32>> = head
        .split([',', ';'])
        .flat_map(|part| part.split(" va "))
        .map(|item| one(strip_unit(item.trim())))
        .collect();
    let items = items?;
    (!items.is_empty()).then_some((items, year))
}

/// `quy iii` → `iii`, `thang 6` → `6` (a list repeats its unit).
fn strip_unit(item: &str) -> &str {
    item.strip_prefix("quy ")
        .or_else(|| item.strip_prefix("thang "))
        .unwrap_or(item)
        .trim()
}

/// Splits the year off: `"5-6/2024"` → (`"5-6"`, 2024), `"ii nam 2024"` →
/// (`"ii"`, 2024), `"9"` → (`"9"`, the plan year). `None` when what follows
/// is not a year.
fn split_year(rest: &str, plan_year: i32) -> Option<(&str, i32)> {
    let rest = rest.trim();
    if let Some((head, y)) = rest.rsplit_once('/') {
        return Some((head.trim(), parse_year(y.trim())?));
    }
    if let Some((head, y)) = rest.rsplit_once(" nam ") {
        return Some((head.trim(), parse_year(y.trim())?));
    }
    Some((rest, plan_year))
}

fn year_or(rest: &str, plan_year: i32) -> Option<i32> {
    let rest = rest.trim();
    if rest.is_empty() {
        return Some(plan_year);
    }
    let rest = rest
        .strip_prefix('/')
        .or_else(|| rest.strip_prefix("nam "))
        .unwrap_or(rest);
    parse_year(rest.trim())
}

/// Recurring duties: a checkpoint at the end of every month, quarter, half
/// or year of the plan year.
fn periodic(t: &str, plan_year: i32) -> Option<Timeframe> {
    // `Định kỳ quý` recurs; a bare `Quý` or `Năm` is no period at all.
    let (regular, t) = match t.strip_prefix("dinh ky ") {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let every = |unit: &str| {
        [t.strip_prefix("hang "), t.strip_prefix("moi ")].contains(&Some(unit))
            || (regular && t == unit)
    };
    let months: &[u32] = if every("thang") {
        &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    } else if every("quy") {
        &[3, 6, 9, 12]
    } else if every("6 thang") || matches!(t, "6 thang/lan" | "6 thang mot lan") {
        &[6, 12]
    } else if every("nam") {
        &[12]
    } else {
        return None;
    };
    let days: Option<Vec<NaiveDate>> = months
        .iter()
        .map(|&m| last_day_of_month(plan_year, m))
        .collect();
    Some(Timeframe::Checkpoints(days?))
}

/// "15 ngày sau khi … ban hành", "sau khi có văn bản hướng dẫn": counted
/// from something that has not happened yet.
fn is_event_relative(t: &str) -> bool {
    t.contains("sau khi") || t.contains("ke tu ngay") || t.contains("ngay sau")
}

fn parse_year(s: &str) -> Option<i32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

/// The last day of `month` of `year`.
pub fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)?
        .pred_opt()
        .filter(|d| d.month() == month)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    fn by(s: &str) -> Timeframe {
        Timeframe::By(d(s))
    }

    fn checkpoints(days: &[&str]) -> Timeframe {
        Timeframe::Checkpoints(days.iter().map(|s| d(s)).collect())
    }

    #[test]
    fn shorthands_ranges_and_lists() {
        let table: &[(&str, Timeframe)] = &[
            ("T12/2024", by("2024-12-31")),
            ("t3", by("2024-03-31")),
            ("Q1/2024", by("2024-03-31")),
            ("q3/2025", by("2025-09-30")),
            ("Quí II/2024", by("2024-06-30")),
            ("Tháng 5-6/2024", by("2024-06-30")),
            ("Tháng 5 - 6/2024", by("2024-06-30")),
            ("Tháng 5–6 năm 2024", by("2024-06-30")),
            ("Quý II-III/2024", by("2024-09-30")),
            ("Từ tháng 5 đến tháng 6/2024", by("2024-06-30")),
            (
                "tháng 5 và tháng 6 năm 2025",
                checkpoints(&["2025-05-31", "2025-06-30"]),
            ),
            (
                "Tháng 5, 6/2025",
                checkpoints(&["2025-05-31", "2025-06-30"]),
            ),
            (
                "Quý I và Quý III/2024",
                checkpoints(&["2024-03-31", "2024-09-30"]),
            ),
            (
                "Quý I, III/2024",
                checkpoints(&["2024-03-31", "2024-09-30"]),
            ),
            ("Trước tháng 10/2024", by("2024-09-30")),
            ("Trước tháng 1/2025", by("2024-12-31")),
            ("trước tháng 3", by("2024-02-29")),
            ("6 tháng đầu năm", by("2024-06-30")),
            ("6 tháng cuối năm 2025", by("2025-12-31")),
        ];
        for (text, want) in table {
            assert_eq!(&parse(text, 2024), want, "{text:?}");
        }
    }

    #[test]
    fn ongoing_work_is_due_at_the_end_of_its_year() {
        let end = d("2024-12-31");
        for text in ["Thường xuyên", "THƯỜNG XUYÊN", "Liên tục", "(liên tục)"] {
            assert_eq!(
                parse(text, 2024),
                Timeframe::Ongoing {
                    from: None,
                    until: end
                },
                "{text:?}"
            );
        }
        for text in [
            "Từ tháng 7/2024",
            "Từ tháng 7/2024 (liên tục)",
            "từ tháng 7 năm 2024 liên tục",
        ] {
            assert_eq!(
                parse(text, 2024),
                Timeframe::Ongoing {
                    from: Some(d("2024-07-01")),
                    until: end
                },
                "{text:?}"
            );
        }
    }

    #[test]
    fn recurring_duties_have_a_checkpoint_every_period() {
        let quarters = checkpoints(&["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"]);
        for text in [
            "Hằng quý",
            "Hàng quý",
            "Định kỳ hằng quý",
            "định kỳ hàng quý",
            "Hằng Quí",
        ] {
            assert_eq!(parse(text, 2024), quarters, "{text:?}");
        }
        let halves = checkpoints(&["2024-06-30", "2024-12-31"]);
        for text in [
            "Định kỳ 6 tháng",
            "6 tháng/lần",
            "6 tháng một lần",
            "Hằng 6 tháng",
        ] {
            assert_eq!(parse(text, 2024), halves, "{text:?}");
        }
        assert_eq!(parse("Hằng năm", 2025), checkpoints(&["2025-12-31"]));
        let Timeframe::Checkpoints(months) = parse("Hằng tháng", 2024) else {
            panic!("monthly");
        };
        assert_eq!(months.len(), 12);
        assert_eq!(months[1], d("2024-02-29"));
    }

    #[test]
    fn event_relative_and_unknown_wording_set_no_date() {
        assert_eq!(
            parse("15 ngày sau khi Kế hoạch của UBND tỉnh ban hành", 2024),
            Timeframe::Undated { event: true }
        );
        for text in [
            "Theo quy định",
            "Theo đúng lộ trình",
            "",
            "Quý V/2024",
            "Tháng 6-5/2024",
            "Quý III và Quý I/2024",
        ] {
            assert_eq!(
                parse(text, 2024),
                Timeframe::Undated { event: false },
                "{text:?}"
            );
        }
    }
}
