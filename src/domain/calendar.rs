//! The reporting calendar: the data windows of the periodic CCHC reports and
//! the day each is due to Sở Nội vụ. The windows are not calendar quarters:
//!
//! | report (`report:`) | window (`from`–`to`)       | due (default: `to`) |
//! |--------------------|----------------------------|---------------------|
//! | `q1`               | 15/12 (year before)–14/03  | 14/03               |
//! | `h1` (6 tháng)     | 15/12 (year before)–14/06  | 14/06               |
//! | `q3`               | 15/06–14/09                | 14/09               |
//! | `year` (năm)       | 15/12 (year before)–14/12  | 14/12               |
//!
//! A board may override any of them under `reporting:` (the province sets the
//! due days); the ones it leaves out keep these defaults. Days are written
//! `MM-DD`; a window whose `from` comes after its `to` in the year starts in
//! the year before. A `due` before `to` falls in the year after.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// One of the periodic reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Report {
    Q1,
    H1,
    Q3,
    Year,
}

impl Report {
    /// In the order they fall due in a year.
    pub const ALL: [Report; 4] = [Report::Q1, Report::H1, Report::Q3, Report::Year];

    /// The word in the file and in `--period` (`2024-q1`, `2024`).
    pub fn as_str(self) -> &'static str {
        match self {
            Report::Q1 => "q1",
            Report::H1 => "h1",
            Report::Q3 => "q3",
            Report::Year => "year",
        }
    }

    fn default_window(self) -> Window {
        let md = |month, day| MonthDay { month, day };
        let (from, to) = match self {
            Report::Q1 => (md(12, 15), md(3, 14)),
            Report::H1 => (md(12, 15), md(6, 14)),
            Report::Q3 => (md(6, 15), md(9, 14)),
            Report::Year => (md(12, 15), md(12, 14)),
        };
        Window {
            report: self,
            from,
            to,
            due: None,
        }
    }
}

/// A day of the year without the year, written `MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    /// Parses `MM-DD` (`03-14`); February has 28 days here, so that every
    /// year has the day.
    pub fn parse(text: &str) -> Result<MonthDay, String> {
        let bad = || {
            format!(
                "invalid day `{}`: write month and day as MM-DD, e.g. 03-14",
                crate::sanitize::terminal_safe(text)
            )
        };
        let (m, d) = text.trim().split_once('-').ok_or_else(bad)?;
        let (month, day): (u32, u32) =
            (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
        let days = match month {
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            1..=12 => 31,
            _ => return Err(bad()),
        };
        if m.len() != 2 || d.len() != 2 || !(1..=days).contains(&day) {
            return Err(bad());
        }
        Ok(MonthDay { month, day })
    }

    /// This day in `year`.
    pub fn in_year(self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl Serialize for MonthDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MonthDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = MonthDay;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a day written MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<MonthDay, E> {
                MonthDay::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// One report's window and due day, as written under `reporting:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub report: Report,
    pub from: MonthDay,
    pub to: MonthDay,
    /// The day the report is due to Sở Nội vụ; the window's last day when
    /// not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<MonthDay>,
}

/// A report of one year with its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dates {
    pub report: Report,
    /// The year the report is about.
    pub year: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub due: NaiveDate,
}

/// The board's calendar: its `reporting:` entries over the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    windows: [Window; 4],
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar {
            windows: Report::ALL.map(Report::default_window),
        }
    }
}

impl Calendar {
    /// The defaults with `overrides` applied (a later entry for the same
    /// report wins; `check` reports the duplicate).
    pub fn with(overrides: &[Window]) -> Calendar {
        let mut c = Calendar::default();
        for w in overrides {
            if let Some(slot) = c.windows.iter_mut().find(|x| x.report == w.report) {
                *slot = *w;
            }
        }
        c
    }

    pub fn window(&self, report: Report) -> Window {
        self.windows
            .iter()
            .copied()
            .find(|w| w.report == report)
            .unwrap_or_else(|| report.default_window())
    }

    /// `report` of `year` with its dates; `None` only for a year out of range.
    pub fn dates(&self, report: Report, year: i32) -> Option<Dates> {
        let w = self.window(report);
        let to = w.to.in_year(year)?;
        let from_year = if w.from > w.to { year - 1 } else { year };
        let from = w.from.in_year(from_year)?;
        let due_md = w.due.unwrap_or(w.to);
        let due_year = if due_md < w.to { year + 1 } else { year };
        let due = due_md.in_year(due_year)?;
        Some(Dates {
            report,
            year,
            from,
            to,
            due,
        })
    }

    /// The reports of `year`, in due order.
    pub fn year(&self, year: i32) -> Vec<Dates> {
        let mut out: Vec<Dates> = Report::ALL
            .iter()
            .filter_map(|&r| self.dates(r, year))
            .collect();
        out.sort_by_key(|d| (d.due, d.report));
        out
    }

    /// The first report due on or after `day` (looking into the next year).
    pub fn next_due(&self, day: NaiveDate) -> Option<Dates> {
        (day.year() - 1..=day.year() + 1)
            .flat_map(|y| self.year(y))
            .filter(|d| d.due >= day)
            .min_by_key(|d| (d.due, d.report))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn default_windows_are_the_official_data_windows() {
        let c = Calendar::default();
        let q1 = c.dates(Report::Q1, 2024).expect("q1");
        assert_eq!(
            (q1.from, q1.to, q1.due),
            (day("2023-12-15"), day("2024-03-14"), day("2024-03-14"))
        );
        let h1 = c.dates(Report::H1, 2024).expect("h1");
        assert_eq!((h1.from, h1.to), (day("2023-12-15"), day("2024-06-14")));
        let q3 = c.dates(Report::Q3, 2024).expect("q3");
        assert_eq!((q3.from, q3.to), (day("2024-06-15"), day("2024-09-14")));
        let y = c.dates(Report::Year, 2024).expect("year");
        assert_eq!((y.from, y.to), (day("2023-12-15"), day("2024-12-14")));
    }

    #[test]
    fn overrides_replace_one_report_and_due_may_fall_next_year() {
        let c = Calendar::with(&[Window {
            report: Report::Year,
            from: MonthDay::parse("12-15").expect("md"),
            to: MonthDay::parse("12-14").expect("md"),
            due: Some(MonthDay::parse("01-05").expect("md")),
        }]);
        assert_eq!(
            c.dates(Report::Year, 2024).expect("y").due,
            day("2025-01-05")
        );
        assert_eq!(
            c.dates(Report::Q1, 2024).expect("q1").due,
            day("2024-03-14")
        );
        let next = c.next_due(day("2024-12-15")).expect("next");
        assert_eq!(
            (next.report, next.year, next.due),
            (Report::Year, 2024, day("2025-01-05"))
        );
        let next = c.next_due(day("2024-03-15")).expect("next");
        assert_eq!((next.report, next.due), (Report::H1, day("2024-06-14")));
    }

    #[test]
    fn month_days_are_strict() {
        assert_eq!(
            MonthDay::parse("03-14").map(|m| m.to_string()),
            Ok("03-14".into())
        );
        for bad in ["3-14", "02-29", "13-01", "04-31", "0314", "x"] {
            assert!(MonthDay::parse(bad).is_err(), "{bad}");
        }
    }
}
