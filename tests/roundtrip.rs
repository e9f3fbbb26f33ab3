//! Property: any valid board survives the file format. Writing a board and
//! reading it back gives the same board (tasks in id order), and writing that
//! again gives the same bytes, whatever its text holds: Vietnamese in NFC or
//! NFD, emoji, tabs, edge spaces, YAML syntax, byte-order marks, line breaks,
//! words that YAML 1.1 reads as booleans or null.

mod common;

use cchc::domain::{
    Area, Board, Comparator, Document, Evidence, LogEntry, Measurement, Plan, SCHEMA_VERSION,
    Status, Target, Task, Unit,
};
use cchc::storage;
use chrono::NaiveDate;
use proptest::collection::{btree_set, vec};
use proptest::option;
use proptest::prelude::*;
use std::path::Path;

/// Pieces that are hard for a YAML writer or reader.
const FRAGMENTS: &[&str] = &[
    "Kế hoạch",
    "cải cách hành chính",
    "Sở Xây dựng",
    "Đ",
    // NFD: base letters followed by combining marks.
    "Ke\u{302}\u{301} hoa\u{323}ch",
    "Vie\u{323}\u{302}t",
    "🎉",
    "👩‍💻",
    "漢字",
    "\t",
    " ",
    "  ",
    "#",
    " # not a comment",
    ": ",
    ":",
    "---",
    "...",
    "- ",
    "'",
    "\"",
    "''",
    "\\",
    "\u{feff}",
    "\n",
    "\r\n",
    "\u{a0}",
    "no",
    "yes",
    "No",
    "off",
    "on",
    "y",
    "n",
    "null",
    "Null",
    "~",
    "true",
    "false",
    "123",
    "0x1F",
    "0o17",
    "1e3",
    ".inf",
    "-.inf",
    ".nan",
    "+1",
    "1_000",
    "12:30",
    "2024-01-01",
    "&anchor",
    "*alias",
    "!tag",
    "%",
    "@",
    "`",
    "|",
    ">",
    "[",
    "]",
    "{",
    "}",
    ",",
    "?",
    "<<<<<<< HEAD",
];

/// Text built from hard fragments and arbitrary characters.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_owned),
        2 => "[a-zA-Z0-9àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđĐ ]{1,12}",
        1 => any::<char>().prop_map(String::from),
    ];
    vec(piece, 0..6).prop_map(|parts| parts.concat())
}

/// Text with something other than white space in it (titles, area codes).
fn non_blank_text() -> impl Strategy<Value = String> {
    text().prop_filter("must not be blank", |s| !s.trim().is_empty())
}

/// Multi-line text, often with a trailing newline (notes).
fn multi_line() -> impl Strategy<Value = String> {
    prop_oneof![
        text(),
        (vec(text(), 1..4), any::<bool>()).prop_map(|(lines, trailing)| {
            let mut s = lines.join("\n");
            if trailing {
                s.push('\n');
            }
            s
        }),
    ]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1i32..=9999, 1u32..=12, 1u32..=31).prop_filter_map("a calendar day", |(y, m, d)| {
        NaiveDate::from_ymd_opt(y, m, d)
    })
}

fn status() -> impl Strategy<Value = Status> {
    proptest::sample::select(Status::ALL.to_vec())
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-1_000_000i64..1_000_000).prop_map(|n| n as f64),
        Just(0.0),
        Just(-0.0),
        Just(70.0),
        Just(2f64.powi(53)),
        Just(1e16),
        Just(0.1),
        Just(99.95),
        (-1e6f64..1e6),
        any::<f64>().prop_filter("finite", |v| v.is_finite()),
    ]
}

/// The parts of a task that do not depend on the board's other parts.
#[derive(Debug, Clone)]
struct TaskBody {
    title: String,
    strings: [String; 5],
    status: Status,
    due: Option<NaiveDate>,
    completed: Option<NaiveDate>,
    assignee: Option<String>,
    notes: Option<String>,
    evidence: Vec<Evidence>,
    carried_over: Option<String>,
    due_reason: Option<String>,
    log: Vec<LogEntry>,
}

/// Free text or a document with every optional part present or not.
fn evidence() -> impl Strategy<Value = Evidence> {
    prop_oneof![
        text().prop_map(Evidence::Text),
        (
            text(),
            date(),
            multi_line(),
            option::of(text()),
            option::of(text())
        )
            .prop_map(|(number, date, title, issuer, link)| {
                Evidence::Document(Document {
                    number,
                    date,
                    title,
                    issuer,
                    link,
                })
            }),
    ]
}

fn log_entry() -> impl Strategy<Value = LogEntry> {
    (date(), multi_line(), vec(evidence(), 0..2)).prop_map(|(date, text, evidence)| LogEntry {
        date,
        text,
        evidence,
    })
}

fn task_body() -> impl Strategy<Value = TaskBody> {
    (
        non_blank_text(),
        [text(), text(), text(), text(), text()],
        status(),
        option::of(date()),
        option::of(date()),
        option::of(text()),
        option::of(multi_line()),
        vec(evidence(), 0..3),
        option::of(text()),
        (option::of(text()), vec(log_entry(), 0..3)),
    )
        .prop_map(
            |(
                title,
                strings,
                status,
                due,
                completed,
                assignee,
                notes,
                evidence,
                carried_over,
                (due_reason, log),
            )| {
                TaskBody {
                    due_reason,
                    log,
                    title,
                    strings,
                    status,
                    due,
                    completed,
                    assignee,
                    notes,
                    evidence,
                    carried_over,
                }
            },
        )
}

#[derive(Debug, Clone)]
struct TargetBody {
    section: String,
    task: Option<prop::sample::Index>,
    text: String,
    comparator: Comparator,
    value: f64,
    unit: Unit,
    current: Option<f64>,
    measurements: Vec<Measurement>,
}

fn target_body() -> impl Strategy<Value = TargetBody> {
    (
        text(),
        option::of(any::<prop::sample::Index>()),
        multi_line(),
        proptest::sample::select(vec![
            Comparator::AtLeast,
            Comparator::MoreThan,
            Comparator::LessThan,
            Comparator::AtMost,
        ]),
        number(),
        proptest::sample::select(vec![Unit::Percent, Unit::Count]),
        option::of(number()),
        vec(
            (date(), number(), option::of(text())).prop_map(|(date, value, source)| Measurement {
                date,
                value,
                source,
            }),
            0..3,
        ),
    )
        .prop_map(
            |(section, task, text, comparator, value, unit, current, measurements)| TargetBody {
                measurements,
                section,
                task,
                text,
                comparator,
                value,
                unit,
                current,
            },
        )
}

/// A valid board: unique non-blank area codes, unique task ids (in any order),
/// tasks in existing areas with non-blank titles, unique target ids, targets
/// pointing at existing tasks.
fn board() -> impl Strategy<Value = Board> {
    let plan =
        (text(), text(), text(), any::<i32>()).prop_map(|(title, organisation, document, year)| {
            Plan {
                title,
                organisation,
                document,
                year,
            }
        });
    let areas = btree_set(non_blank_text(), 1..5).prop_flat_map(|codes| {
        let n = codes.len();
        (Just(codes.into_iter().collect::<Vec<_>>()), vec(text(), n))
    });
    // Unique ids, each with a body and an area pick, in a shuffled file order.
    let tasks = btree_set(1u32..=u32::MAX, 0..7).prop_flat_map(|ids| {
        let n = ids.len();
        (
            Just(ids),
            vec((task_body(), any::<prop::sample::Index>()), n),
        )
            .prop_map(|(ids, bodies)| ids.into_iter().zip(bodies).collect::<Vec<_>>())
            .prop_shuffle()
    });
    let targets = btree_set(text(), 0..4).prop_flat_map(|ids| {
        let n = ids.len();
        (
            Just(ids.into_iter().collect::<Vec<_>>()),
            vec(target_body(), n),
        )
    });
    (plan, areas, tasks, targets).prop_map(
        |(plan, (codes, titles), tasks, (target_ids, bodies))| {
            let areas: Vec<Area> = codes
                .iter()
                .zip(titles)
                .map(|(code, title)| Area {
                    code: code.clone(),
                    title,
                })
                .collect();
            let tasks: Vec<Task> = tasks
                .into_iter()
                .map(|(id, (body, area))| {
                    let [output, lead, support, timeframe, budget] = body.strings;
                    Task {
                        id,
                        area: area.get(&codes).clone().into(),
                        title: body.title.into(),
                        output: output.into(),
                        lead: lead.into(),
                        support: support.into(),
                        timeframe: timeframe.into(),
                        budget: budget.into(),
                        status: body.status,
                        due: body.due,
                        due_reason: body.due_reason,
                        checkpoints: None,
                        completed: body.completed,
                        assignee: body.assignee,
                        notes: body.notes,
                        evidence: body.evidence,
                        log: body.log,
                        carried_over: body.carried_over,
                    }
                })
                .collect();
            let targets = target_ids
                .into_iter()
                .zip(bodies)
                .map(|(id, t)| Target {
                    id,
                    section: t.section,
                    task: t
                        .task
                        .filter(|_| !tasks.is_empty())
                        .map(|i| i.get(&tasks).id),
                    text: t.text,
                    comparator: t.comparator,
                    value: t.value,
                    unit: t.unit,
                    current: t.current,
                    measurements: t.measurements,
                })
                .collect();
            Board {
                schema: SCHEMA_VERSION,
                plan,
                areas,
                tasks,
                targets,
                reporting: vec![],
            }
        },
    )
}

fn parse(text: &str) -> storage::BoardFile {
    storage::parse(Path::new("prop.yaml"), text.as_bytes().to_vec())
        .unwrap_or_else(|e| panic!("a written board must load: {e}\n--- file\n{text}"))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn write_read_write_is_stable(b in board()) {
        let mut sorted = b.clone();
        sorted.sort_tasks();

        let text = storage::to_yaml(&b);
        let file = parse(&text);
        prop_assert_eq!(&file.board, &sorted);
        prop_assert_eq!(file.first_noncanonical_line(), None);
        prop_assert!(file.original() == text.as_bytes());

        // Board equality compares strings byte for byte: NFD stays NFD, edge
        // spaces stay, nothing is normalised or trimmed.
        let again = storage::to_yaml(&file.board);
        prop_assert_eq!(&again, &text);
        prop_assert_eq!(storage::to_yaml(&sorted), text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// The subset reader (the fast path of every load) reads what cchc
    /// writes as `serde_yaml` does, or leaves it to `serde_yaml`.
    #[test]
    fn the_subset_reader_agrees_with_serde_yaml(b in board()) {
        let text = storage::to_yaml(&b);
        let full: Board = storage::yaml::from_str_full(&text).expect("serde_yaml reads it");
        if let Some(fast) = storage::yaml::from_str_subset::<Board>(&text) {
            prop_assert_eq!(&fast, &full);
            prop_assert_eq!(storage::to_yaml(&fast), text);
        }
    }

    /// The canonical writer (`storage::emit`) writes serde_yaml's bytes, and
    /// so does `to_yaml`, which writes a task at a time.
    #[test]
    fn the_canonical_writer_writes_what_serde_yaml_writes(b in board()) {
        let full = storage::yaml::to_string_full(&b).expect("serde_yaml writes it");
        if let Some(fast) = storage::yaml::to_string_subset(&b) {
            prop_assert_eq!(&fast, &full);
        }
        let mut sorted = b.clone();
        sorted.sort_tasks();
        prop_assert_eq!(
            storage::to_yaml(&b),
            storage::yaml::to_string_full(&sorted).expect("serde_yaml writes it")
        );
    }

    /// Every text, in every place a board holds text, is written as
    /// serde_yaml writes it.
    #[test]
    fn the_canonical_writer_writes_any_text_as_serde_yaml_does(s in multi_line()) {
        let value = vec![(s.clone(), vec![s.clone()])]
            .into_iter()
            .collect::<std::collections::BTreeMap<String, Vec<String>>>();
        let records = vec![std::collections::BTreeMap::from([("text".to_owned(), s.clone()), ("note".to_owned(), s.clone())])];
        for (fast, full) in [
            (storage::yaml::to_string_subset(&records), storage::yaml::to_string_full(&records)),
            (storage::yaml::to_string_subset(&vec![s.clone()]), storage::yaml::to_string_full(&vec![s.clone()])),
        ] {
            if let Some(fast) = fast {
                prop_assert_eq!(fast, full.expect("serde_yaml writes it"));
            }
        }
        // A key: plain keys only, else left to serde_yaml.
        if let Some(fast) = storage::yaml::to_string_subset(&value) {
            prop_assert_eq!(fast, storage::yaml::to_string_full(&value).expect("serde_yaml writes it"));
        }
    }
}

#[test]
fn a_known_hard_board_round_trips() {
    // A fixed case from the same families, so a regression shows up even if
    // the generator drifts.
    let task = |id: u32, title: &str| Task {
        id,
        area: "no".into(),
        title: title.into(),
        output: " lead and trail ".into(),
        lead: "Ke\u{302}\u{301} hoa\u{323}ch".into(),
        support: "a: b # c".into(),
        timeframe: "---".into(),
        budget: "\u{feff}".into(),
        status: Status::Done,
        due: NaiveDate::from_ymd_opt(1, 1, 1),
        due_reason: Some("- 12/QĐ-UBND".into()),
        checkpoints: Some(cchc::domain::CheckpointSource::Reports),
        completed: NaiveDate::from_ymd_opt(9999, 12, 31),
        assignee: Some("~".into()),
        notes: Some("line one\n\tline two\n".into()),
        evidence: vec![
            "null".into(),
            "'quoted'".into(),
            "\"dq\"".into(),
            Evidence::Document(Document {
                number: "12/KH-SXD".into(),
                date: NaiveDate::from_ymd_opt(2024, 1, 5).expect("date"),
                title: "number: 1\nhai dòng".into(),
                issuer: Some("~".into()),
                link: None,
            }),
        ],
        log: vec![LogEntry {
            date: NaiveDate::from_ymd_opt(2024, 2, 29).expect("date"),
            text: "- đã làm\n".into(),
            evidence: vec!["yes".into()],
        }],
        carried_over: Some("'b.yaml#1'".into()),
    };
    let b = Board {
        schema: SCHEMA_VERSION,
        plan: Plan {
            title: "yes".into(),
            organisation: "🎉".into(),
            document: "1e3".into(),
            year: -44,
        },
        areas: vec![Area {
            code: "no".into(),
            title: "null".into(),
        }],
        tasks: vec![task(9, "off"), task(2, "\tx\u{301} ")],
        targets: vec![Target {
            id: "".into(),
            section: "II.3".into(),
            task: Some(9),
            text: "trên 70%".into(),
            comparator: Comparator::MoreThan,
            value: 70.5,
            unit: Unit::Percent,
            current: Some(1e16),
            measurements: vec![Measurement {
                date: NaiveDate::from_ymd_opt(2024, 3, 14).expect("date"),
                value: 0.1,
                source: Some("null".into()),
            }],
        }],
        reporting: cchc::storage::parse(
            Path::new("r.yaml"),
            b"schema: 1\nplan: {title: t, organisation: o, document: d, year: 2024}\nareas: []\ntasks: []\nreporting:\n- report: year\n  from: 12-15\n  to: 12-14\n  due: 01-05\n".to_vec(),
        )
        .expect("reporting loads")
        .board
        .reporting,
    };
    let text = storage::to_yaml(&b);
    let file = parse(&text);
    let mut sorted = b.clone();
    sorted.sort_tasks();
    assert_eq!(file.board, sorted);
    assert_eq!(storage::to_yaml(&file.board), text);
    assert!(text.starts_with("schema: 1\n"), "{text}");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// A save of a canonical file splices the changed tasks into the file's
    /// own text (`storage::splice`): what it writes is exactly the whole
    /// board's serialisation, whichever tasks, fields and header changed.
    #[test]
    fn a_save_writes_the_whole_serialisation(
        a in board(),
        b in board(),
        picks in vec(0u8..4, 8),
        title in non_blank_text(),
    ) {
        prop_assume!(!a.tasks.is_empty());
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("b.yaml");
        std::fs::write(&path, storage::to_yaml(&a)).expect("write");
        let file = storage::load(&path).expect("a written board loads");
        let mut after = file.board.clone();
        for (t, pick) in after.tasks.iter_mut().zip(&picks) {
            match pick {
                1 => t.title = title.as_str().into(),
                2 => t.status = Status::Done,
                3 => t.log.clear(),
                _ => {}
            }
        }
        let code = after.areas[0].code.clone();
        let mut next = after.tasks.iter().map(|t| t.id).max().unwrap_or(0);
        for mut t in b.tasks.into_iter().take(2) {
            let Some(id) = next.checked_add(1) else { break };
            next = id;
            t.id = id;
            t.area = code.as_str().into();
            after.tasks.push(t);
        }
        if picks.first() == Some(&3) {
            after.plan = b.plan;
        }
        storage::save(&file, &after).expect("saves");
        prop_assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            storage::to_yaml(&after)
        );
    }
}
