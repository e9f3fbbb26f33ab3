//! The subset reader (`storage::subset`, the fast path of every load) against
//! `serde_yaml` on text as a person may type it: for every input it either
//! gives what `serde_yaml` gives or declines (`None`), and it declines
//! whenever `serde_yaml` fails, so the error message is always serde_yaml's.
//! It must also cover what cchc writes: the shipped and generated boards.

use cchc::domain::{Board, Task};
use cchc::storage::yaml::{from_str_full, from_str_subset};
use proptest::prelude::*;

fn shipped() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/boards/so-xay-dung-nam-dinh-2024.yaml"
    ))
    .expect("shipped board")
}

/// Both readers on `text` as `T`: equal when the subset reads it; the subset
/// declines when serde_yaml fails. Returns whether the subset read it.
fn agree<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) -> bool {
    let full = from_str_full::<T>(text);
    let fast = from_str_subset::<T>(text);
    match (&full, &fast) {
        (Ok(f), Some(s)) => {
            assert_eq!(s, f, "the readers differ on:\n{text}");
            true
        }
        (Err(e), Some(s)) => {
            panic!("serde_yaml fails ({e:?}) but the subset read {s:?} from:\n{text}")
        }
        (_, None) => false,
    }
}

#[test]
fn the_shipped_board_is_read_by_the_subset_alone() {
    let text = shipped();
    assert!(agree::<Board>(&text), "the shipped board is in the subset");
}

#[test]
fn a_generated_board_with_logs_documents_and_notes_is_in_the_subset() {
    let text = cchc_bench_board();
    assert!(agree::<Board>(&text), "a generated board is in the subset");
}

/// The bench generator's board (logs, evidence documents, multi-line notes,
/// every timeframe form), written by cchc.
fn cchc_bench_board() -> String {
    generator::generate_yaml(300)
}

#[path = "../benches/support/gen.rs"]
#[allow(dead_code)]
mod generator;

/// One task with `line` (a field as typed) after its required fields.
fn task_with(line: &str) -> String {
    format!(
        "- id: 7\n  area: I\n  title: Rà soát\n  output: Báo cáo\n  lead: VP\n  support: ''\n  timeframe: Năm 2024\n  budget: ''\n  status: planned\n{line}"
    )
}

#[test]
fn every_scalar_form_is_read_as_serde_yaml_reads_it_or_declined() {
    let values = [
        "Kế hoạch",
        "'Kế hoạch'",
        "\"Kế hoạch\"",
        "'it''s'",
        "\"tab\\there\"",
        "\"\\u1ec7\"",
        "\"\\x41\"",
        "\"a\\\"b\"",
        "yes",
        "no",
        "Null",
        "null",
        "~",
        "",
        "true",
        "True",
        "123",
        "-5",
        "-0",
        "0123",
        "0x1F",
        "1e3",
        ".inf",
        "+1",
        "12:30",
        "2024-01-01",
        "a: b",
        "a #b",
        "a#b",
        "#a",
        "- a",
        "-a",
        "[]",
        "{}",
        "[a]",
        "{a: 1}",
        "&x a",
        "*x",
        "!tag a",
        "|",
        "|-",
        ">",
        "'unterminated",
        "\"unterminated",
        "'a' trailing",
        "a ",
        "a\t",
        "@x",
        "`x`",
        "%x",
        "?x",
        ":x",
        "x:",
        "---",
        "...",
        "a:b",
        "Sở: x",
    ];
    let fields = [
        "notes",
        "assignee",
        "due",
        "completed",
        "evidence",
        "checkpoints",
    ];
    let mut read = 0;
    for field in fields {
        for v in values {
            let line = if v.is_empty() {
                format!("  {field}:\n")
            } else {
                format!("  {field}: {v}\n")
            };
            if agree::<Vec<Task>>(&task_with(&line)) {
                read += 1;
            }
        }
    }
    assert!(read > 20, "the subset reads the common forms ({read})");
}

#[test]
fn literal_blocks_and_lists_are_read_as_serde_yaml_reads_them_or_declined() {
    let blocks = [
        "  notes: |-\n    một\n    hai\n",
        "  notes: |\n    một\n\n    hai\n\n",
        "  notes: |+\n    một\n\n\n",
        "  notes: |-\n      thụt lề\n    hai\n",
        "  notes: |-\n    một\n      sâu hơn\n",
        "  notes: |2-\n     một\n",
        "  notes: >-\n    gập\n    dòng\n",
        "  notes: |-\n    # không phải chú thích\n",
        "  notes: |-\n    một\n  \n    hai\n",
        "  notes: |-\n    một\n      \n    hai\n",
        "  notes: |-\n\n    trống đầu\n",
        "  notes: nhiều\n    dòng\n",
        "  notes: 'nhiều\n    dòng'\n",
        "  evidence:\n  - QĐ 12\n  - number: 12/QĐ-SXD\n    date: 2024-03-01\n    title: Quyết định\n",
        "  evidence:\n    - thụt lề\n    - hai\n",
        "  evidence: []\n",
        "  evidence: \n  -  thêm dấu cách\n",
        "  log:\n  -   date: 2024-02-01\n      text: a\n",
        "  evidence:\n  -\n  - a\n",
        "  evidence:\n  - - a\n",
        "  log:\n  - date: 2024-02-01\n    text: |-\n      một\n      hai\n",
        "  log:\n  - date: 2024-02-01\n    text: a\n  - date: 2024-02-02\n    text: b\n    evidence:\n    - c\n",
        "  notes: a\n  notes: b\n",
        "  notes: a # chú thích\n",
        "  # chú thích\n  notes: a\n",
        "  unknown: a\n",
        "  notes:\ta\n",
        "\tnotes: a\n",
    ];
    for line in blocks {
        agree::<Vec<Task>>(&task_with(line));
    }
    assert!(agree::<Vec<Task>>(&task_with(blocks[0])));
    assert!(agree::<Vec<Task>>(&task_with(blocks[14])));
}

#[test]
fn a_deeply_nested_file_is_declined_without_exhausting_the_stack() {
    let mut text = String::new();
    for depth in 0..2_000 {
        text.push_str(&" ".repeat(depth));
        text.push_str("a:\n");
    }
    assert!(from_str_subset::<serde_yaml_any::Any>(&text).is_none());
}

mod serde_yaml_any {
    /// Accepts any value (for nesting tests).
    #[derive(Debug, PartialEq)]
    pub struct Any;
    impl<'de> serde::Deserialize<'de> for Any {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            serde::de::IgnoredAny::deserialize(d).map(|_| Any)
        }
    }
}

/// Characters a person may type, in the places a value goes.
fn typed() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[a-zA-Zàáạảãâầấậẩẫăằắặẳẵđ0-9 ]{1,8}",
        2 => proptest::sample::select(vec![
            ":", ": ", " #", "#", "'", "''", "\"", "\\", "-", "- ", "|", ">", "[", "]", "{", "}",
            ",", "&", "*", "!", "%", "@", "`", "?", "~", "\t", " ", "\n", "\n  ", "\n    ",
            "\n  - ", "\n- ", "null", "true", "0x", "1e", ".", "+", "\u{85}", "\u{2028}", "\r",
            "\u{feff}", "\u{7f}", "\u{1b}",
        ]).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2048,
        ..ProptestConfig::default()
    })]

    #[test]
    fn text_typed_into_a_field_is_read_as_serde_yaml_reads_it_or_declined(
        field in proptest::sample::select(vec!["notes", "assignee", "due", "evidence", "log", "status", "title"]),
        value in typed(),
    ) {
        agree::<Vec<Task>>(&task_with(&format!("  {field}: {value}\n")));
    }

    #[test]
    fn text_typed_anywhere_in_a_board_is_read_as_serde_yaml_reads_it_or_declined(
        at in 0usize..21_000,
        value in typed(),
    ) {
        let mut text = shipped();
        let at = (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        text.insert_str(at, &value);
        agree::<Board>(&text);
    }
}

#[test]
fn the_canonical_writer_writes_the_shipped_and_a_generated_board_as_serde_yaml_does() {
    for text in [shipped(), cchc_bench_board()] {
        let board: Board = from_str_full(&text).expect("board");
        let fast = cchc::storage::yaml::to_string_subset(&board);
        let full = cchc::storage::yaml::to_string_full(&board).expect("serde_yaml");
        assert_eq!(fast.as_deref(), Some(full.as_str()), "written alike");
        assert_eq!(full, text, "both boards are canonical");
    }
}

#[test]
fn a_number_too_large_for_a_float_is_read_as_serde_yaml_reads_it() {
    // serde_yaml reads `2000…0.0` (309 digits) as text, not as infinity.
    let big = format!("2{}.0", "0".repeat(308));
    let target = format!(
        "- id: t1\n  section: II\n  text: x\n  comparator: at_least\n  unit: percent\n  value: {big}\n"
    );
    agree::<Vec<cchc::domain::Target>>(&target);
    let evidence = task_with(&format!("  evidence:\n  - {big}\n  - -{big}\n"));
    assert!(agree::<Vec<Task>>(&evidence) || from_str_subset::<Vec<Task>>(&evidence).is_none());
}

#[test]
fn keys_yaml_might_resolve_are_left_to_serde_yaml() {
    use std::collections::BTreeMap;
    for text in [
        "1: a\n",
        "true: a\n",
        "Null: a\n",
        &format!("{}: a\n", "k".repeat(1025)),
    ] {
        agree::<BTreeMap<String, String>>(text);
        assert!(
            from_str_subset::<BTreeMap<String, String>>(text).is_none(),
            "{text}"
        );
    }
}

#[test]
fn line_separators_chars_and_long_keys_are_written_as_serde_yaml_writes_them() {
    use cchc::storage::yaml::{to_string_full, to_string_subset};
    use std::collections::BTreeMap;
    fn same<T: serde::Serialize>(value: &T) {
        if let Some(fast) = to_string_subset(value) {
            assert_eq!(
                fast,
                to_string_full(value).expect("serde_yaml"),
                "written alike"
            );
        }
    }
    for text in [
        "\u{2028}",
        "a\u{2029}b",
        "a\u{2028}b\n",
        "a\nb\u{2028}",
        " a\u{2028}",
    ] {
        same(&vec![text.to_owned()]);
        same(&BTreeMap::from([("title".to_owned(), text.to_owned())]));
    }
    same(&vec!['a', '1', ' ']);
    same(&BTreeMap::from([("k".repeat(129), "v".to_owned())]));
}
