//! Reporting windows. A CCHC report covers the *data window* of the
//! reporting calendar, not a calendar quarter: the quarter-I report counts
//! what happened from 15/12 of the year before to 14/03, so that it can be
//! sent in time for the province's own report.
//!
//! | period (`--period`) | official window (default)      | `--calendar`       |
//! |---------------------|--------------------------------|--------------------|
//! | `Y-Q1`              | 15/12/(Y-1) – 14/03/Y          | 01/01 – 31/03      |
//! | `Y-H1` (6 tháng)    | 15/12/(Y-1) – 14/06/Y          | 01/01 – 30/06      |
//! | `Y-Q2`              | — (covered by the 6-month one) | 01/04 – 30/06      |
//! | `Y-Q3`              | 15/06/Y – 14/09/Y              | 01/07 – 30/09      |
//! | `Y-Q4`              | — (covered by the year one)    | 01/10 – 31/12      |
//! | `Y` (năm)           | 15/12/(Y-1) – 14/12/Y          | 01/01 – 31/12      |
//!
//! `--from D --to D` is any window ([`Kind::Custom`]). The official windows
//! are the board's reporting calendar ([`crate::domain::calendar`]): these
//! defaults, or the board's own `reporting:` entries.

use crate::domain::{Calendar, Report};
use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

/// Which report a window belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Quarter 1..=4.
    Quarter(u8),
    /// The first six months (báo cáo 6 tháng).
    Half,
    /// The whole year.
    Year,
    /// A window given by `--from`/`--to`.
    Custom,
}

/// A reporting window, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub kind: Kind,
    /// The year the report is about (for `Y-Q1` official, `from` is in Y-1).
    pub year: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Calendar quarters (`--calendar`) rather than the official data windows.
    pub calendar: bool,
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

use crate::schedule::timeframe::last_day_of_month as last_of_month;

impl Kind {
    /// The reporting calendar's report of this kind (official Q2 and Q4
    /// are not reports of their own).
    fn report(self) -> Option<Report> {
        match self {
            Kind::Quarter(1) => Some(Report::Q1),
            Kind::Half => Some(Report::H1),
            Kind::Quarter(3) => Some(Report::Q3),
            Kind::Year => Some(Report::Year),
            _ => None,
        }
    }
}

impl Period {
    /// The window of `kind` in `year`: the board's reporting calendar `cal`
    /// (the official windows unless the board overrides them), or calendar
    /// quarters. `None` for a kind the reporting calendar does not have
    /// (official Q2 and Q4) or a date out of range.
    pub fn of(kind: Kind, year: i32, calendar: bool, cal: &Calendar) -> Option<Period> {
        let (from, to) = if calendar {
            match kind {
                Kind::Quarter(q @ 1..=4) => {
                    let m = u32::from(q) * 3;
                    (ymd(year, m - 2, 1)?, last_of_month(year, m)?)
                }
                Kind::Half => (ymd(year, 1, 1)?, ymd(year, 6, 30)?),
                Kind::Year => (ymd(year, 1, 1)?, ymd(year, 12, 31)?),
                _ => return None,
            }
        } else {
            let dates = cal.dates(kind.report()?, year)?;
            (dates.from, dates.to)
        };
        Some(Period {
            kind,
            year,
            from,
            to,
            calendar,
        })
    }

    /// A `--from`/`--to` window; `None` when `to` is before `from`.
    pub fn custom(from: NaiveDate, to: NaiveDate) -> Option<Period> {
        (from <= to).then_some(Period {
            kind: Kind::Custom,
            year: to.year(),
            from,
            to,
            calendar: false,
        })
    }

    /// Parses `2024-Q1`, `2024-H1`, `2024-Q3`, `2024` (case-insensitive;
    /// `2024-6T` is the 6-month report too). Q2 and Q4 only with `calendar`.
    pub fn parse(s: &str, calendar: bool, cal: &Calendar) -> Result<Period, String> {
        let t = s.trim().to_ascii_uppercase();
        let (year, rest) = t.split_once('-').unwrap_or((t.as_str(), ""));
        let year: i32 = year
            .parse()
            .ok()
            .filter(|y| (1900..=9999).contains(y))
            .ok_or_else(|| format!("`{s}`: the period starts with a year (2024-Q1)"))?;
        let kind = match rest {
            "" => Kind::Year,
            "Q1" => Kind::Quarter(1),
            "Q2" => Kind::Quarter(2),
            "Q3" => Kind::Quarter(3),
            "Q4" => Kind::Quarter(4),
            "H1" | "6T" => Kind::Half,
            _ => {
                return Err(format!(
                    "`{s}`: use YEAR-Q1, YEAR-H1, YEAR-Q3 or YEAR (YEAR-Q2 and YEAR-Q4 with --calendar)"
                ));
            }
        };
        Period::of(kind, year, calendar, cal).ok_or_else(|| {
            format!(
                "`{s}`: the reporting calendar has no such report (quarter I, 6 months, quarter III, year); use --calendar for calendar quarters"
            )
        })
    }

    /// The reports of `year`, in the order their windows end.
    pub fn all_of(year: i32, calendar: bool, cal: &Calendar) -> Vec<Period> {
        let kinds: &[Kind] = if calendar {
            &[
                Kind::Quarter(1),
                Kind::Quarter(2),
                Kind::Half,
                Kind::Quarter(3),
                Kind::Quarter(4),
                Kind::Year,
            ]
        } else {
            &[Kind::Quarter(1), Kind::Half, Kind::Quarter(3), Kind::Year]
        };
        kinds
            .iter()
            .filter_map(|k| Period::of(*k, year, calendar, cal))
            .collect()
    }

    /// The default report on `today` for a plan of `plan_year`: the latest
    /// one of the plan year whose window has ended (its last day is before
    /// today), else the current one (`(period, true)`: its figures are to
    /// date). With several ending on the same day (calendar Q2 and H1), the
    /// longer one.
    pub fn default_for(
        plan_year: i32,
        today: NaiveDate,
        calendar: bool,
        cal: &Calendar,
    ) -> (Period, bool) {
        let all = Period::all_of(plan_year, calendar, cal);
        if let Some(p) = all
            .iter()
            .rev()
            .filter(|p| p.to < today)
            .max_by_key(|p| (p.to, p.to - p.from))
        {
            return (*p, false);
        }
        let first = all.first().copied().unwrap_or(Period {
            kind: Kind::Year,
            year: plan_year,
            from: today,
            to: today,
            calendar,
        });
        (first, true)
    }

    /// The code used in file names and JSON: `2024-Q1`, `2024-H1`, `2024`,
    /// `2024-01-01_2024-02-15`.
    pub fn code(&self) -> String {
        match self.kind {
            Kind::Quarter(q) => format!("{}-Q{q}", self.year),
            Kind::Half => format!("{}-H1", self.year),
            Kind::Year => self.year.to_string(),
            Kind::Custom => format!("{}_{}", self.from, self.to),
        }
    }

    /// The window after this one, for "tasks due in the next period": from
    /// the day after `to` to the end of the next report's window (next
    /// official report: Q1 → 6 months → Q3 → year → next year's Q1, as the
    /// board's calendar `cal` sets them; custom windows: the same length
    /// again).
    pub fn next_window(&self, cal: &Calendar) -> Option<(NaiveDate, NaiveDate)> {
        let start = self.to.succ_opt()?;
        let end = match (self.kind, self.calendar) {
            (Kind::Custom, _) => start.checked_add_days(Days::new(
                u64::try_from((self.to - self.from).num_days()).ok()?,
            ))?,
            (_, true) => {
                // The next calendar quarter.
                let m = start.month();
                last_of_month(start.year(), m.div_ceil(3) * 3)?
            }
            (Kind::Quarter(1), false) => cal.dates(Report::H1, self.year)?.to,
            (Kind::Half, false) => cal.dates(Report::Q3, self.year)?.to,
            (Kind::Quarter(_), false) => cal.dates(Report::Year, self.year)?.to,
            (Kind::Year, false) => cal.dates(Report::Q1, self.year + 1)?.to,
        };
        Some((start, end))
    }

    /// Whether `day` is in the window.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn official_windows() {
        let q1 = Period::parse("2024-Q1", false, &Calendar::default()).expect("q1");
        assert_eq!((q1.from, q1.to), (d("2023-12-15"), d("2024-03-14")));
        let h1 = Period::parse("2024-h1", false, &Calendar::default()).expect("h1");
        assert_eq!((h1.from, h1.to), (d("2023-12-15"), d("2024-06-14")));
        let q3 = Period::parse("2024-Q3", false, &Calendar::default()).expect("q3");
        assert_eq!((q3.from, q3.to), (d("2024-06-15"), d("2024-09-14")));
        let y = Period::parse("2024", false, &Calendar::default()).expect("year");
        assert_eq!((y.from, y.to), (d("2023-12-15"), d("2024-12-14")));
        assert!(Period::parse("2024-Q2", false, &Calendar::default()).is_err());
        assert!(Period::parse("2024-Q5", false, &Calendar::default()).is_err());
        assert!(Period::parse("Q1", false, &Calendar::default()).is_err());
    }

    #[test]
    fn calendar_windows() {
        let q2 = Period::parse("2024-Q2", true, &Calendar::default()).expect("q2");
        assert_eq!((q2.from, q2.to), (d("2024-04-01"), d("2024-06-30")));
        let q1 = Period::parse("2024-Q1", true, &Calendar::default()).expect("q1");
        assert_eq!((q1.from, q1.to), (d("2024-01-01"), d("2024-03-31")));
        let y = Period::parse("2024", true, &Calendar::default()).expect("y");
        assert_eq!((y.from, y.to), (d("2024-01-01"), d("2024-12-31")));
    }

    #[test]
    fn default_is_the_latest_ended_or_the_current_one() {
        let (p, current) = Period::default_for(2024, d("2024-03-15"), false, &Calendar::default());
        assert_eq!((p.code(), current), ("2024-Q1".to_owned(), false));
        let (p, current) = Period::default_for(2024, d("2024-03-14"), false, &Calendar::default());
        assert_eq!((p.code(), current), ("2024-Q1".to_owned(), true));
        let (p, _) = Period::default_for(2024, d("2024-07-01"), false, &Calendar::default());
        assert_eq!(p.code(), "2024-H1");
        let (p, _) = Period::default_for(2024, d("2025-02-01"), false, &Calendar::default());
        assert_eq!(p.code(), "2024");
        let (p, _) = Period::default_for(2024, d("2024-07-01"), true, &Calendar::default());
        assert_eq!(p.code(), "2024-H1");
    }

    #[test]
    fn next_windows() {
        let q1 = Period::parse("2024-Q1", false, &Calendar::default()).expect("q1");
        assert_eq!(
            q1.next_window(&Calendar::default()),
            Some((d("2024-03-15"), d("2024-06-14")))
        );
        let y = Period::parse("2024", false, &Calendar::default()).expect("y");
        assert_eq!(
            y.next_window(&Calendar::default()),
            Some((d("2024-12-15"), d("2025-03-14")))
        );
        let c = Period::parse("2024-Q1", true, &Calendar::default()).expect("c");
        assert_eq!(
            c.next_window(&Calendar::default()),
            Some((d("2024-04-01"), d("2024-06-30")))
        );
    }
}
