//! The year's record on a board: what was done and when (a task's progress
//! `log`), the documents that prove it (`evidence`), and how a target moved
//! (`measurements`). Every entry is dated, so the board can be read as it
//! stood on any past day (see `crate::as_of`): an entry dated after that day
//! does not exist yet.
//!
//! Entries are kept oldest first. Adding one inserts it after every entry of
//! the same or an earlier date, so the saved file changes by the added lines
//! only (the git diff of a new log entry is just that entry).

use super::fields;
use chrono::NaiveDate;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// One dated entry of a task's progress log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogEntry {
    #[serde(with = "fields::date")]
    pub date: NaiveDate,
    /// What was done; one line or several.
    pub text: String,
    /// Documents produced by this step.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "fields::opt_list::deserialize"
    )]
    pub evidence: Vec<Evidence>,
}

/// A document that proves a task's output (văn bản chứng minh): the form PAR
/// Index scoring asks for. Older boards hold free text, which stays valid and
/// is written back exactly as it was.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Evidence {
    /// Free text, e.g. `Kế hoạch số 12/KH-SXD ngày 05/01/2024`.
    Text(String),
    Document(Document),
}

/// A document reference as Vietnamese administrative documents cite one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Số hiệu, e.g. `12/KH-SXD`.
    pub number: String,
    /// Ngày ban hành.
    #[serde(with = "fields::date")]
    pub date: NaiveDate,
    /// Trích yếu: what the document is about.
    pub title: String,
    /// Cơ quan ban hành, when not the department itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// A path in the repository or a URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

impl Evidence {
    /// The document's date; `None` for free text.
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Evidence::Text(_) => None,
            Evidence::Document(d) => Some(d.date),
        }
    }

    /// One line naming the document, dates as `dd/mm/yyyy`:
    /// `12/KH-SXD ngày 05/01/2024: Kế hoạch CCHC năm 2024 (UBND tỉnh)`;
    /// free text as written. `on` is the word before the date (`ngày`, `of`).
    pub fn cite(&self, on: &str) -> String {
        match self {
            Evidence::Text(t) => t.clone(),
            Evidence::Document(d) => {
                let mut s = format!(
                    "{} {on} {}: {}",
                    d.number,
                    d.date.format("%d/%m/%Y"),
                    d.title
                );
                if let Some(i) = &d.issuer {
                    s.push_str(&format!(" ({i})"));
                }
                if let Some(l) = &d.link {
                    s.push_str(&format!(" <{l}>"));
                }
                s
            }
        }
    }
}

impl From<&str> for Evidence {
    fn from(text: &str) -> Self {
        Evidence::Text(text.to_owned())
    }
}

/// A plain string is free text; a mapping is a [`Document`]; an empty entry
/// (`- ~`) is refused with its position. Written by hand
/// (not `#[serde(untagged)]`) so that an error inside a document (a bad date)
/// keeps its own line and column instead of "did not match any variant".
impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Evidence;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a document (number, date, title; optional issuer, link) or a line of text",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Evidence, E> {
                Ok(Evidence::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Evidence, E> {
                Ok(Evidence::Text(v))
            }
            // A number or boolean written bare (`- 2024`) is its text, as
            // for every other text field. (The text YAML resolved: `1e3`
            // reads as `1000`; cchc writes such text quoted, so only a hand
            // edit meets this, and `check` reports the file as not canonical.)
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Evidence, E> {
                Ok(Evidence::Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Evidence, E> {
                Ok(Evidence::Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Evidence, E> {
                Ok(Evidence::Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Evidence, E> {
                Ok(Evidence::Text(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Evidence, A::Error> {
                Document::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Evidence::Document)
            }
        }
        d.deserialize_any(V)
    }
}

/// One dated value of a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    #[serde(with = "fields::date")]
    pub date: NaiveDate,
    #[serde(with = "fields::number")]
    pub value: f64,
    /// Where the value comes from (a report, the province's system).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Something with a date, kept in date order in a list.
pub trait Dated {
    fn day(&self) -> NaiveDate;
}

impl Dated for LogEntry {
    fn day(&self) -> NaiveDate {
        self.date
    }
}

impl Dated for Measurement {
    fn day(&self) -> NaiveDate {
        self.date
    }
}

/// Inserts `item` after every entry dated on or before its day, so a list
/// kept oldest first stays so and entries of one day keep the order they
/// were added in. Returns the index it went to.
pub fn insert_dated<T: Dated>(list: &mut Vec<T>, item: T) -> usize {
    let at = list.partition_point(|e| e.day() <= item.day());
    list.insert(at, item);
    at
}

/// The value of a target on a day: its latest measurement dated on or before
/// it, else the undated `current` of older boards.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading<'a> {
    pub value: f64,
    /// `None` for the undated `current`.
    pub date: Option<NaiveDate>,
    pub source: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn entry(d: &str, text: &str) -> LogEntry {
        LogEntry {
            date: day(d),
            text: text.into(),
            evidence: vec![],
        }
    }

    #[test]
    fn entries_go_after_their_day_and_keep_adding_order() {
        let mut log = vec![entry("2024-01-10", "a"), entry("2024-03-01", "c")];
        assert_eq!(insert_dated(&mut log, entry("2024-02-01", "b")), 1);
        assert_eq!(insert_dated(&mut log, entry("2024-03-01", "d")), 3);
        assert_eq!(insert_dated(&mut log, entry("2023-12-31", "z")), 0);
        let texts: Vec<&str> = log.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["z", "a", "b", "c", "d"]);
    }

    #[test]
    fn a_document_cites_number_date_title_issuer_link() {
        let d = Evidence::Document(Document {
            number: "12/KH-SXD".into(),
            date: day("2024-01-05"),
            title: "Kế hoạch CCHC năm 2024".into(),
            issuer: Some("Sở Xây dựng".into()),
            link: Some("docs/12-KH-SXD.pdf".into()),
        });
        assert_eq!(
            d.cite("ngày"),
            "12/KH-SXD ngày 05/01/2024: Kế hoạch CCHC năm 2024 (Sở Xây dựng) <docs/12-KH-SXD.pdf>"
        );
        assert_eq!(d.date(), Some(day("2024-01-05")));
        assert_eq!(Evidence::Text("x".into()).cite("ngày"), "x");
    }

    #[test]
    fn bare_numbers_are_text_and_an_empty_entry_is_refused_where_it_is() {
        let board = |items: &str| {
            format!(
                "schema: 1\nplan: {{title: t, organisation: o, document: d, year: 2024}}\nareas:\n- code: I\n  title: a\ntasks:\n- id: 1\n  area: I\n  title: t\n  output: ''\n  lead: ''\n  support: ''\n  timeframe: ''\n  budget: ''\n  status: planned\n  evidence:\n{items}"
            )
        };
        let file = crate::storage::parse(
            std::path::Path::new("b.yaml"),
            board("  - 2024\n  - true\n").into_bytes(),
        )
        .expect("loads");
        assert_eq!(file.board.tasks[0].evidence, ["2024".into(), "true".into()]);
        let err = crate::storage::parse(
            std::path::Path::new("b.yaml"),
            board("  - x\n  - ~\n").into_bytes(),
        )
        .expect_err("an empty entry");
        assert!(err.to_string().starts_with("b.yaml:18:5:"), "{err}");
    }
}
