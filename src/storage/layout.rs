//! Where a field is in a canonical board, read from the layout cchc writes
//! (keys at fixed indentation, sequences at their key's indentation, one
//! scalar per line), without parsing the YAML. `check` places hundreds of
//! warnings on a large board; the event parser's pass over the whole file
//! ([`super::yaml::locate_many`]) costs as much as the load, this costs a
//! walk over the lines leading to each field.
//!
//! It answers only what it is sure of: a scalar written on its key's line
//! (or a scalar sequence item). Anything else (a nested value, a block
//! scalar, a flow collection, a path that is not there) is `None`, and the
//! caller asks the event parser. A property test holds every answer equal to
//! the event parser's.

use crate::domain::Segment;

/// A mapping or a sequence of the text: its lines `[start, end)`, the
/// indentation of its keys (mapping) or dashes (sequence), and for a
/// mapping that is a sequence item, whether its first key is on the dash
/// line (`- id: 5`).
#[derive(Debug, Clone, Copy)]
enum Node {
    Map {
        start: usize,
        end: usize,
        indent: usize,
        dash: bool,
    },
    Seq {
        start: usize,
        end: usize,
        indent: usize,
    },
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The lines that start a sequence's items.
type Items = std::rc::Rc<Vec<usize>>;

/// The lines of a text (as `split('\n')` gives them), by where each starts:
/// 4 bytes a line where a `Vec<&str>` takes 16 (`check` on a 100,000-task
/// board places its warnings in 2.1 million lines; issue 12's memory target).
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<u32>,
}

impl<'a> LineIndex<'a> {
    /// A text of 4 GiB or more is indexed as empty (nothing is placed by
    /// the layout; the event parser places it).
    fn new(text: &'a str) -> Self {
        if u32::try_from(text.len()).is_err() {
            return LineIndex {
                text: "",
                starts: vec![0],
            };
        };
        // Counted first: reserved by a guess, the vector would double past it.
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        let mut starts = Vec::with_capacity(lines);
        starts.push(0);
        // Each start is after a newline inside a text under 4 GiB.
        starts.extend(
            memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|at| u32::try_from(at + 1).unwrap_or(u32::MAX)),
        );
        LineIndex { text, starts }
    }

    fn len(&self) -> usize {
        self.starts.len()
    }

    /// Line `i`; past the end, empty.
    fn line(&self, i: usize) -> &'a str {
        self.get(i).unwrap_or_default()
    }

    fn get(&self, i: usize) -> Option<&'a str> {
        let start = usize::try_from(*self.starts.get(i)?).ok()?;
        let end = match self.starts.get(i + 1) {
            Some(&next) => usize::try_from(next).ok()? - 1,
            None => self.text.len(),
        };
        self.text.get(start..end)
    }
}

/// A canonical text's lines, with the items of each sequence found so far
/// (a board's `tasks` is asked once per warning: scanning it each time would
/// be quadratic).
pub(super) struct Lines<'a> {
    lines: LineIndex<'a>,
    items: std::cell::RefCell<std::collections::HashMap<(usize, usize), Items>>,
    /// The nested value under the key on each line, found so far.
    nested: std::cell::RefCell<std::collections::HashMap<usize, Node>>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        Lines {
            lines: LineIndex::new(text),
            items: Default::default(),
            nested: Default::default(),
        }
    }

    /// The lines `[start, end)` that start an item at `indent` (`- `).
    fn items(&self, start: usize, end: usize, indent: usize) -> Items {
        let lines = &self.lines;
        self.items
            .borrow_mut()
            .entry((start, indent))
            .or_insert_with(|| {
                std::rc::Rc::new(
                    (start..end)
                        .filter(|&i| {
                            indent_of(lines.line(i)) == indent
                                && lines.line(i)[indent..].starts_with("- ")
                        })
                        .collect(),
                )
            })
            .clone()
    }
}

/// The 1-based (line, column) of the scalar at `path` in canonical `text`.
pub(super) fn locate(text: &Lines<'_>, path: &[Segment]) -> Option<(usize, usize)> {
    let lines = &text.lines;
    let mut node = Node::Map {
        start: 0,
        end: lines.len(),
        indent: 0,
        dash: false,
    };
    for (n, step) in path.iter().enumerate() {
        let last = n + 1 == path.len();
        match (node, step) {
            (
                Node::Map {
                    start,
                    end,
                    indent,
                    dash,
                },
                Segment::Key(k),
            ) => {
                let (at, rest) = (start..end).find_map(|i| {
                    let line = lines.line(i);
                    let body = if dash && i == start {
                        line.get(indent.checked_sub(2)?..)?.strip_prefix("- ")?
                    } else if indent_of(line) == indent {
                        &line[indent..]
                    } else {
                        return None;
                    };
                    let rest = body.strip_prefix(k)?.strip_prefix(':')?;
                    Some((i, rest))
                })?;
                let value = rest.strip_prefix(' ').unwrap_or(rest);
                if !value.is_empty() {
                    // A scalar on the key's line: the end of the path.
                    let plain = !value.starts_with(['|', '>', '[', '{', '&', '*', '!']);
                    return (last && plain && rest.starts_with(' '))
                        .then_some((at + 1, indent + k.len() + 3));
                }
                if last {
                    return None;
                }
                if let Some(n) = text.nested.borrow().get(&at) {
                    node = *n;
                    continue;
                }
                // A nested value: a sequence at this indentation, or a
                // mapping two deeper, up to the next sibling key.
                let below = at + 1;
                let seq = lines
                    .get(below)
                    .is_some_and(|l| indent_of(l) == indent && l[indent..].starts_with("- "));
                let stop = (below..end)
                    .find(|&i| {
                        let l = lines.line(i);
                        let d = indent_of(l);
                        !l.is_empty()
                            && (d < indent || (d == indent && !(seq && l[d..].starts_with("- "))))
                    })
                    .unwrap_or(end);
                node = if seq {
                    Node::Seq {
                        start: below,
                        end: stop,
                        indent,
                    }
                } else {
                    Node::Map {
                        start: below,
                        end: stop,
                        indent: indent + 2,
                        dash: false,
                    }
                };
                text.nested.borrow_mut().insert(at, node);
            }
            (Node::Seq { start, end, indent }, Segment::Index(j)) => {
                let items = text.items(start, end, indent);
                let at = *items.get(*j)?;
                let stop = items.get(j + 1).copied().unwrap_or(end);
                let item = &lines.line(at)[indent + 2..];
                // A mapping item has a key on the dash line; a scalar does not.
                let is_map = item.split_once(':').is_some_and(|(k, rest)| {
                    !k.is_empty()
                        && !k.contains([' ', '\'', '"'])
                        && (rest.is_empty() || rest.starts_with(' '))
                });
                if is_map {
                    if last {
                        return None;
                    }
                    node = Node::Map {
                        start: at,
                        end: stop,
                        indent: indent + 2,
                        dash: true,
                    };
                } else {
                    let plain = !item.starts_with(['|', '>', '[', '{', '&', '*', '!', '-']);
                    return (last && plain && !item.is_empty()).then_some((at + 1, indent + 3));
                }
            }
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Board, Document, Evidence, LogEntry, Measurement};

    #[test]
    fn the_line_index_gives_the_lines_split_gives() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nbc\n\nđ ế\n",
            "\n\nx",
            "- id: 1\n  area: I",
        ] {
            let index = LineIndex::new(text);
            let split: Vec<&str> = text.split('\n').collect();
            assert_eq!(index.len(), split.len(), "{text:?}");
            for (i, line) in split.iter().enumerate() {
                assert_eq!(index.line(i), *line, "{text:?} line {i}");
            }
            assert_eq!(index.get(split.len()), None, "{text:?}");
        }
    }

    fn day(s: &str) -> chrono::NaiveDate {
        s.parse().expect("date")
    }

    /// The shipped board with every kind of record, text that YAML writes
    /// quoted or as a block, and a target measurement.
    fn rich() -> Board {
        let mut b = crate::storage::shipped_for_tests();
        let t = &mut b.tasks[4];
        t.notes = Some("hai dòng\n  - id: 9\nthụt lề: có".into());
        t.assignee = Some("'nháy': và #".into());
        t.due = Some(day("2024-04-15"));
        t.due_reason = Some("yes".into());
        t.evidence = vec![
            "12/KH: chú thích".into(),
            "- gạch đầu dòng".into(),
            Evidence::Document(Document {
                number: "12/KH-SXD".into(),
                date: day("2024-01-05"),
                title: "Kế hoạch\nhai dòng".into(),
                issuer: Some("UBND tỉnh".into()),
                link: None,
            }),
        ];
        for (d, text) in [("2024-02-01", "một"), ("2024-03-01", "hai\nba: bốn")] {
            t.add_log(LogEntry {
                date: day(d),
                text: text.into(),
                evidence: vec!["x".into()],
            });
        }
        b.targets[1].record(Measurement {
            date: day("2024-03-14"),
            value: 58.97,
            source: Some("Báo cáo: quý I".into()),
        });
        b
    }

    fn k(s: &'static str) -> Segment {
        Segment::Key(s)
    }

    /// Every path a warning can name, on `b`.
    fn paths(b: &Board) -> Vec<Vec<Segment>> {
        use Segment::Index as I;
        let mut out = vec![vec![k("schema")]];
        for f in ["title", "organisation", "document", "year", "nope"] {
            out.push(vec![k("plan"), k(f)]);
        }
        for i in 0..b.areas.len() {
            out.extend([
                vec![k("areas"), I(i), k("code")],
                vec![k("areas"), I(i), k("title")],
            ]);
        }
        let fields = [
            "id",
            "area",
            "title",
            "output",
            "lead",
            "support",
            "timeframe",
            "budget",
            "status",
            "due",
            "due_reason",
            "completed",
            "assignee",
            "notes",
            "evidence",
            "log",
            "nope",
        ];
        for (i, t) in b.tasks.iter().enumerate() {
            for f in fields {
                out.push(vec![k("tasks"), I(i), k(f)]);
            }
            for j in 0..=t.evidence.len() {
                out.push(vec![k("tasks"), I(i), k("evidence"), I(j)]);
                for f in ["number", "date", "title", "issuer", "link"] {
                    out.push(vec![k("tasks"), I(i), k("evidence"), I(j), k(f)]);
                }
            }
            for j in 0..=t.log.len() {
                for f in ["date", "text", "evidence"] {
                    out.push(vec![k("tasks"), I(i), k("log"), I(j), k(f)]);
                }
                out.push(vec![k("tasks"), I(i), k("log"), I(j), k("evidence"), I(0)]);
            }
        }
        for (i, t) in b.targets.iter().enumerate() {
            for f in [
                "id",
                "section",
                "task",
                "text",
                "comparator",
                "value",
                "unit",
                "current",
            ] {
                out.push(vec![k("targets"), I(i), k(f)]);
            }
            for j in 0..=t.measurements.len() {
                for f in ["date", "value", "source"] {
                    out.push(vec![k("targets"), I(i), k("measurements"), I(j), k(f)]);
                }
            }
        }
        out
    }

    #[test]
    fn every_answer_is_the_event_parsers() {
        let b = rich();
        let text = crate::storage::to_yaml(&b);
        let lines = Lines::new(&text);
        let all = paths(&b);
        let events = crate::storage::yaml::locate_many(&text, &all);
        let (mut answered, mut found) = (0, 0);
        let mut missed = Vec::new();
        for (p, want) in all.iter().zip(events) {
            found += usize::from(want.is_some());
            match locate(&lines, p) {
                Some(got) => {
                    answered += 1;
                    assert_eq!(Some(got), want, "{p:?}");
                }
                None if want.is_some() => missed.push(p.clone()),
                None => {}
            }
        }
        // It answers the scalars; the rest (collections, block scalars) go
        // to the event parser.
        assert!(
            answered * 10 > found * 8,
            "{answered} of {found}: missed {missed:?}"
        );
    }
}
