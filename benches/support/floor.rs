//! The floor: the least work any program must do to answer from a board file.
//! It reads the file and deserialises its tasks into plain structs with
//! `serde_yaml`, and nothing else: no validation, no dates, no schedule, no
//! output beyond a count. `cchc` is measured against it.
//!
//! This file (used by `examples/floor.rs` and `benches/board.rs`) is the only
//! code outside `src/storage` allowed to call `serde_yaml`: it is the reference,
//! so it must use the same parser as `cchc` but none of its code.
//!
//! The structs have the same task fields as `cchc::domain::Task`, with every
//! value kept as the YAML scalar's text (status and dates as `String`). The top
//! level is a struct with only `tasks`: serde skips the other keys (`schema`,
//! `plan`, `areas`, `targets`) without building values for them. That is the
//! minimal faithful choice: serde_yaml still parses the whole document (it
//! reads every event of the file before deserialising), so the floor pays for
//! all the YAML, but it allocates only for what a task listing needs.

use serde::Deserialize;

/// A board file, as far as the floor cares.
#[derive(Debug, Deserialize)]
pub struct PlainBoard {
    pub tasks: Vec<PlainTask>,
}

/// One task, every field as plain text.
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // read by nobody: deserialising them is the point
pub struct PlainTask {
    pub id: u32,
    pub area: String,
    pub title: String,
    pub output: String,
    pub lead: String,
    pub support: String,
    pub timeframe: String,
    pub budget: String,
    pub status: String,
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    pub due_reason: Option<String>,
    #[serde(default)]
    pub checkpoints: Option<String>,
    #[serde(default)]
    pub completed: Option<String>,
    #[serde(default)]
    pub assignee: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub evidence: Vec<PlainEvidence>,
    #[serde(default)]
    pub log: Vec<PlainLog>,
    #[serde(default)]
    pub carried_over: Option<String>,
}

/// A progress-log entry, as text.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct PlainLog {
    pub date: String,
    pub text: String,
    #[serde(default)]
    pub evidence: Vec<PlainEvidence>,
}

/// Free text or a document (a mapping), read without buffering (as
/// `cchc::domain::Evidence` reads it: `#[serde(untagged)]` would buffer
/// every entry first and make the floor slower than it need be).
#[derive(Debug)]
#[allow(dead_code)]
pub enum PlainEvidence {
    Text(String),
    Document(PlainDocument),
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct PlainDocument {
    pub number: String,
    pub date: String,
    pub title: String,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub link: Option<String>,
}

impl<'de> Deserialize<'de> for PlainEvidence {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = PlainEvidence;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("text or a document")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PlainEvidence, E> {
                Ok(PlainEvidence::Text(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                m: A,
            ) -> Result<PlainEvidence, A::Error> {
                PlainDocument::deserialize(serde::de::value::MapAccessDeserializer::new(m))
                    .map(PlainEvidence::Document)
            }
        }
        d.deserialize_any(V)
    }
}

/// Deserialises the tasks of a board's text.
pub fn parse(text: &str) -> Result<PlainBoard, serde_yaml::Error> {
    serde_yaml::from_str(text)
}

/// Reads and deserialises a board file.
pub fn read(path: &std::path::Path) -> Result<PlainBoard, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}
