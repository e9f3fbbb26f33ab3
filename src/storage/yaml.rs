//! Every `serde_yaml` call of the crate lives in this file, so the YAML library
//! (frozen upstream) can be swapped by rewriting one small module.

use crate::domain::Segment;
use serde::{Serialize, de::DeserializeOwned};

/// A YAML syntax or shape error, with the 1-based position libyaml reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The message without the position suffix, e.g.
    /// `tasks[3]: unknown field `prio`, expected one of ...`.
    pub message: String,
}

impl From<serde_yaml::Error> for YamlError {
    fn from(err: serde_yaml::Error) -> Self {
        let loc = err.location();
        let mut message = err.to_string();
        if let Some(l) = &loc {
            let suffix = format!(" at line {} column {}", l.line(), l.column());
            if let Some(cut) = message.rfind(&suffix) {
                message.replace_range(cut..cut + suffix.len(), "");
            }
        }
        YamlError {
            line: loc.as_ref().map(|l| l.line()),
            column: loc.as_ref().map(|l| l.column()),
            // The parser quotes the file's text (`unknown variant `…``,
            // `unknown field`, `invalid type: string "…"`): never raw.
            message: crate::sanitize::terminal_safe(&message).into_owned(),
        }
    }
}

/// Deserialises one YAML document. Anchors and aliases are refused before
/// any value is built (see [`find_anchor`]).
///
/// Text in the subset cchc writes is read by [`super::subset`] (a fraction
/// of the cost); anything else, and any error, by `serde_yaml`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if let Some(value) = super::subset::from_str(text) {
        return Ok(value);
    }
    from_str_full(text)
}

/// `serde_yaml` alone, the whole language (anchors refused): what
/// [`from_str`] falls back to, and the tests' oracle for the subset reader.
#[doc(hidden)]
pub fn from_str_full<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if let Some(found) = find_anchor(text) {
        return Err(found);
    }
    serde_yaml::from_str(text).map_err(|e| YamlError::from(e).placed_in(text))
}

impl YamlError {
    /// libyaml's reader reports a character it refuses (a raw control
    /// character, say) by its byte offset, `… at position 65`, and places
    /// the error at line 1, column 1: the line and column of that offset in
    /// `text` instead, and the character named.
    fn placed_in(mut self, text: &str) -> YamlError {
        let Some((head, at)) = self
            .message
            .rsplit_once(" at position ")
            .and_then(|(head, n)| Some((head.to_owned(), n.trim().parse::<usize>().ok()?)))
            .filter(|&(_, at)| text.is_char_boundary(at))
        else {
            return self;
        };
        let before = &text[..at];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        self.line = Some(before.matches('\n').count() + 1);
        self.column = Some(before[line_start..].chars().count() + 1);
        self.message = match text[at..].chars().next() {
            Some(c) => format!("{head} (U+{:04X} here)", u32::from(c)),
            None => head,
        };
        self
    }
}

/// The subset reader alone (`None` outside the subset or on any error); for
/// the tests that hold it equal to [`from_str_full`].
#[doc(hidden)]
pub fn from_str_subset<T: DeserializeOwned>(text: &str) -> Option<T> {
    super::subset::from_str(text)
}

/// The first YAML anchor (`&name`) or alias (`*name`) in `text`, as an error
/// at its line and column.
///
/// A board has no use for them, and an alias is a copy the parser makes: a
/// 1 MB anchored string referenced 100,000 times is 100 GB of values, which
/// `serde_yaml`'s repetition limit (it counts events, not bytes) lets
/// through. So they are refused here, before `serde_yaml` builds anything.
///
/// A byte scan first looks for a `&` or `*` that could start a node (at a
/// line start or after a space or a flow indicator, followed by a name
/// character); text without one has no anchors, and costs one pass over the
/// bytes. Otherwise an event parser (`saphyr-parser`, which builds no
/// values and never expands an alias) decides, so `R&D`, `a & b` or a `*`
/// inside quotes or a block scalar are never mistaken for one.
pub fn find_anchor(text: &str) -> Option<YamlError> {
    if !may_have_anchor(text.as_bytes()) {
        return None;
    }
    use saphyr_parser::{Event, Parser};
    for item in Parser::new_from_str(text) {
        let (event, span) = match item {
            Ok(pair) => pair,
            Err(e) => return unchecked(text, &e),
        };
        let what = match event {
            Event::Alias(_) => "an alias (`*name`)",
            Event::Scalar(_, _, anchor, _)
            | Event::SequenceStart(anchor, _)
            | Event::MappingStart(anchor, _)
                if anchor != 0 =>
            {
                "an anchor (`&name`)"
            }
            Event::StreamEnd => return None,
            _ => continue,
        };
        return Some(YamlError {
            line: Some(span.start.line()),
            column: Some(span.start.col() + 1),
            message: format!(
                "{what}: YAML anchors, aliases and merge keys (`<<: *name`) are not allowed in a board; write the value out in full"
            ),
        });
    }
    None
}

/// The event parser stopped on a syntax error before the end. When libyaml
/// rejects the text too, that error is the parse's to report, in its own
/// words (`None`). When libyaml would accept it, what follows the error was
/// never checked for aliases: refuse rather than let it through. (A parse
/// into `IgnoredAny` builds no values, so even an alias bomb costs nothing
/// here; the nested kind hits serde_yaml's repetition limit.)
fn unchecked(text: &str, e: &saphyr_parser::ScanError) -> Option<YamlError> {
    serde_yaml::from_str::<serde::de::IgnoredAny>(text).ok()?;
    let at = e.marker();
    Some(YamlError {
        line: Some(at.line()),
        column: Some(at.col() + 1),
        message: format!(
            "this YAML could not be checked for anchors and aliases ({}); write it in the plain block style `cchc fmt` writes",
            crate::sanitize::terminal_safe(e.info())
        ),
    })
}

/// Whether some `&` or `*` in `bytes` is placed where an anchor or alias
/// could start: at a line start or after a space, tab or flow indicator, and
/// followed by a name character. No false negatives; false positives are
/// settled by the event parser.
pub(super) fn may_have_anchor(bytes: &[u8]) -> bool {
    // memchr finds the candidates: a board has few `&` and `*`, and a byte
    // at a time cost 8 instructions a byte over the shipped board's
    // Vietnamese text (it runs on every load and every older version read).
    memchr::memchr2_iter(b'&', b'*', bytes).any(|i| anchor_starts_at(bytes, i))
}

/// Whether the `&` or `*` at `i` is placed where an anchor or alias starts
/// (see [`may_have_anchor`]).
fn anchor_starts_at(bytes: &[u8], i: usize) -> bool {
    (i == 0
        || matches!(
            bytes[i - 1],
            b'\n' | b'\r' | b' ' | b'\t' | b'[' | b'{' | b','
        ))
        && bytes.get(i + 1).is_some_and(|&n| {
            !matches!(
                n,
                b' ' | b'\t' | b'\n' | b'\r' | b',' | b'[' | b']' | b'{' | b'}'
            )
        })
}

/// Serialises to block-style YAML: one key per line, no line wrapping, UTF-8
/// text written as is, multi-line strings as `|` blocks.
///
/// [`super::emit`] writes the same bytes without libyaml for the shapes a
/// board has; anything else goes to `serde_yaml`.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, YamlError> {
    if let Some(text) = super::emit::to_string(value) {
        return Ok(text);
    }
    to_string_full(value)
}

/// `serde_yaml` alone: what [`to_string`] falls back to, and the tests'
/// oracle for the canonical writer.
#[doc(hidden)]
pub fn to_string_full<T: Serialize>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(YamlError::from)
}

/// The canonical writer alone (`None` for a shape it leaves to serde_yaml).
#[doc(hidden)]
pub fn to_string_subset<T: Serialize>(value: &T) -> Option<String> {
    super::emit::to_string(value)
}

/// One step of a path into a document, owned (keys come from the file).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Step {
    Key(String),
    Index(usize),
}

impl From<&Segment> for Step {
    fn from(s: &Segment) -> Step {
        match s {
            Segment::Key(k) => Step::Key((*k).to_owned()),
            Segment::Index(i) => Step::Index(*i),
        }
    }
}

/// The 1-based (line, column) of the node at each of `paths` in `text`
/// (`None` for a path that is not in the document). One pass over the document, however many paths: the
/// event parser reports every node's position, and only the branches that
/// lead to a wanted path are followed (the others cost a skip). Works for any
/// YAML style the user wrote (block, flow, quoted).
pub fn locate_many(text: &str, paths: &[Vec<Segment>]) -> Vec<Option<(usize, usize)>> {
    use saphyr_parser::{Event, Parser};
    use std::collections::{HashMap, HashSet};
    if paths.is_empty() {
        // Loading a board without warnings places nothing: no pass at all.
        return Vec::new();
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let wanted: Vec<Vec<Step>> = paths
        .iter()
        .map(|p| p.iter().map(Step::from).collect())
        .collect();
    // Every non-empty prefix of a wanted path is a branch to follow.
    let mut prefixes: HashSet<&[Step]> = HashSet::new();
    for w in &wanted {
        for n in 1..=w.len() {
            prefixes.insert(&w[..n]);
        }
    }
    let mut found: HashMap<Vec<Step>, (usize, usize)> = HashMap::new();

    /// A collection being read: a mapping (`None` while expecting a key, else
    /// the key whose value comes next: `Some(None)` for a key that is not a
    /// string) or a sequence (the index of its next item). `live` when its
    /// path leads to a wanted one (its step is then on `path`).
    enum Frame {
        Map(Option<Option<String>>),
        Seq(usize),
    }
    let mut frames: Vec<(Frame, bool)> = Vec::new();
    let mut path: Vec<Step> = Vec::new();
    for item in Parser::new_from_str(text) {
        // A syntax error was already reported by the parse; keep what we have.
        let Ok((event, span)) = item else { break };
        let opens = match &event {
            Event::Scalar(..) | Event::Alias(_) => false,
            Event::SequenceStart(..) | Event::MappingStart(..) => true,
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((_, true)) = frames.pop()
                    && !frames.is_empty()
                {
                    path.pop();
                }
                continue;
            }
            Event::StreamEnd => break,
            _ => continue,
        };
        // The step from the parent to this node, when the parent is live;
        // `None` for a key (keys are never wanted) or below a dead branch.
        let mut is_key = false;
        let step = match frames.last_mut() {
            None => None,
            Some((Frame::Map(slot), live)) => match slot.take() {
                None => {
                    is_key = true;
                    *slot = Some(match &event {
                        Event::Scalar(v, ..) => Some(v.to_string()),
                        _ => None,
                    });
                    None
                }
                Some(key) => key.filter(|_| *live).map(Step::Key),
            },
            Some((Frame::Seq(next), live)) => {
                let i = *next;
                *next += 1;
                live.then_some(Step::Index(i))
            }
        };
        let live = match step {
            Some(step) => {
                path.push(step);
                let live = prefixes.contains(path.as_slice());
                if live {
                    found
                        .entry(path.clone())
                        .or_insert((span.start.line(), span.start.col() + 1));
                }
                if !(live && opens) {
                    path.pop();
                }
                live
            }
            // The document's root node.
            None => frames.is_empty() && !is_key,
        };
        if opens {
            let frame = match event {
                Event::MappingStart(..) => Frame::Map(None),
                _ => Frame::Seq(0),
            };
            frames.push((frame, live));
        }
    }
    wanted.iter().map(|w| found.get(w).copied()).collect()
}

/// Finds the 1-based (line, column) of the value at `path` in `text`; `None`
/// when the path is not in the document. See [`locate_many`].
pub fn locate(text: &str, path: &[Segment]) -> Option<(usize, usize)> {
    locate_many(text, &[path.to_vec()]).pop().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Segment::{Index, Key};

    const DOC: &str = "\
plan:
  year: 2024
tasks:
- id: 1
  area: I
- id: 2
  area: 'X'
  notes: |-
    a
    b
- {id: 3, area: II}
";

    #[test]
    fn locates_values_in_block_and_flow_style() {
        assert_eq!(locate(DOC, &[Key("plan"), Key("year")]), Some((2, 9)));
        assert_eq!(
            locate(DOC, &[Key("tasks"), Index(1), Key("area")]),
            Some((7, 9))
        );
        assert_eq!(
            locate(DOC, &[Key("tasks"), Index(2), Key("area")]),
            Some((11, 17))
        );
        assert_eq!(locate(DOC, &[Key("tasks"), Index(1)]), Some((6, 3)));
    }

    #[test]
    fn missing_paths_are_none() {
        assert_eq!(locate(DOC, &[Key("tasks"), Index(9), Key("area")]), None);
        assert_eq!(locate(DOC, &[Key("tasks"), Index(0), Key("due")]), None);
        assert_eq!(locate(DOC, &[Key("nope")]), None);
    }

    #[test]
    fn anchors_and_aliases_are_refused_where_they_are() {
        let e = from_str::<serde_yaml::Value>("a: &x hello\nb: *x\n").expect_err("anchor");
        assert_eq!((e.line, e.column), (Some(1), Some(4)), "{e:?}");
        assert!(e.message.contains("anchor"), "{}", e.message);
        let e = find_anchor("a:\n- &y 1\n- [x, *y]\n").expect("anchor");
        assert_eq!(e.line, Some(2), "{e:?}");
        // An alias of no anchor is a syntax error, reported by serde_yaml.
        let e = from_str::<serde_yaml::Value>("a: [x, *y]\n").expect_err("unknown");
        assert!(e.message.contains("unknown anchor"), "{}", e.message);
        let e = find_anchor("base: &b {k: 1}\nt:\n  <<: *b\n").expect("merge key");
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn what_the_event_parser_cannot_read_is_not_let_through() {
        // A tab inside a quoted scalar's continuation line: libyaml reads
        // it, saphyr-parser stops there, before the anchor and the alias.
        let text = "a: 'x\n\ty'\nb: &big 1\nc: *big\n";
        assert!(serde_yaml::from_str::<serde::de::IgnoredAny>(text).is_ok());
        let e = from_str::<serde_yaml::Value>(text).expect_err("unchecked");
        assert_eq!(e.line, Some(2), "{e:?}");
        assert!(
            e.message.contains("could not be checked for anchors"),
            "{}",
            e.message
        );
        // Text both parsers reject keeps libyaml's own error.
        let e = from_str::<serde_yaml::Value>("a: [*x\n").expect_err("syntax");
        assert!(!e.message.contains("could not be checked"), "{}", e.message);
    }

    #[test]
    fn ampersands_and_stars_in_text_are_not_anchors() {
        for text in [
            "a: R&D *not* an alias\n",
            "a: a & b\n",
            "a: '*quoted'\nb: \"&x\"\n",
            "a: |\n  *in a block\n  &too\n",
            "a: x # &comment *here\n",
            "a: hello\n  *continued plain\n",
        ] {
            assert_eq!(find_anchor(text), None, "{text:?}");
        }
        assert!(!may_have_anchor(b"a: R&D, a & b, 5*3\n"));
    }

    proptest::proptest! {
        /// The memchr scan finds a candidate exactly where a look at every
        /// byte would (over text rich in the bytes that matter).
        #[test]
        fn the_anchor_scan_misses_no_candidate(
            bytes in proptest::collection::vec(
                proptest::sample::select(b"&* \n\r\t[]{},a\xc3".to_vec()),
                0..64,
            )
        ) {
            let every_byte = (0..bytes.len())
                .any(|i| matches!(bytes[i], b'&' | b'*') && anchor_starts_at(&bytes, i));
            proptest::prop_assert_eq!(may_have_anchor(&bytes), every_byte);
        }
    }

    #[test]
    fn a_refused_character_is_placed_on_its_line_and_column() {
        let err = from_str::<Vec<std::collections::BTreeMap<String, String>>>(
            "- id: 1\n- title: Việc \u{1b}[31m\n",
        )
        .expect_err("a control character");
        assert_eq!((err.line, err.column), (Some(2), Some(15)), "{err:?}");
        assert!(err.message.contains("(U+001B here)"), "{}", err.message);
        assert!(!err.message.contains("position"), "{}", err.message);
    }

    #[test]
    fn errors_carry_their_position_once() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            id: u32,
        }
        let err =
            from_str::<Vec<T>>("- id: 1\n- id: 2\n  prio: high\n").expect_err("unknown field");
        assert_eq!((err.line, err.column), (Some(3), Some(3)));
        assert!(
            err.message.contains("[1]: unknown field `prio`"),
            "{}",
            err.message
        );
        assert!(!err.message.contains("at line"), "{}", err.message);
    }
}
