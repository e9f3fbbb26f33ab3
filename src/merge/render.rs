//! The merged file with conflict markers. Each block is serialised on its own
//! by the same serialiser as [`crate::storage::to_yaml`]; the blocks of a
//! canonical board are context-free (no wrapping, lists at their key's
//! indentation), so a file rendered without conflicts is byte for byte the
//! canonical text (tested), and so is any choice of sides.

use super::{Keyed, Labels, Merged, Section};
use crate::domain::fields_visit::{Entry, Value, Visitor, common, same_list};
use crate::domain::{Board, Plan};
use crate::storage::yaml;
use serde::Serialize;
use std::collections::HashMap;

/// The part of the board before `areas`, in the board's field order.
#[derive(Serialize)]
struct Head<'a> {
    schema: u32,
    plan: &'a Plan,
}

pub(super) fn render(m: &Merged, labels: &Labels) -> String {
    let mut out = String::new();
    let head = |b: &Board| {
        serialise(&Head {
            schema: b.schema,
            plan: &b.plan,
        })
    };
    if m.layout.plan {
        region(&mut out, labels, &head(&m.ours), &head(&m.theirs));
    } else {
        out.push_str(&head(&m.ours));
    }
    section(
        &mut out,
        labels,
        "areas",
        true,
        &m.ours.areas,
        &m.theirs.areas,
        &m.layout.areas,
    );
    section(
        &mut out,
        labels,
        "tasks",
        true,
        &m.ours.tasks,
        &m.theirs.tasks,
        &m.layout.tasks,
    );
    section(
        &mut out,
        labels,
        "targets",
        false,
        &m.ours.targets,
        &m.theirs.targets,
        &m.layout.targets,
    );
    let reporting = |b: &Board| {
        if b.reporting.is_empty() {
            String::new()
        } else {
            serialise(&Reporting {
                reporting: &b.reporting,
            })
        }
    };
    if m.layout.reporting {
        region(&mut out, labels, &reporting(&m.ours), &reporting(&m.theirs));
    } else {
        out.push_str(&reporting(&m.ours));
    }
    out
}

/// The part of the board after `targets`.
#[derive(Serialize)]
struct Reporting<'a> {
    reporting: &'a [crate::domain::calendar::Window],
}

/// One list: `name:` and its items. An empty list is written `name: []` when
/// `required`, else left out (as the board's serialisation does).
fn section<T: Keyed + Serialize>(
    out: &mut String,
    labels: &Labels,
    name: &str,
    required: bool,
    ours: &[T],
    theirs: &[T],
    layout: &Section<T::Key>,
) {
    if layout.whole {
        out.push_str(name);
        out.push_str(":\n");
        let all = |list: &[T]| list.iter().map(item).collect::<String>();
        region(out, labels, &all(ours), &all(theirs));
        return;
    }
    if layout.order.is_empty() {
        if required {
            out.push_str(name);
            out.push_str(": []\n");
        }
        return;
    }
    out.push_str(name);
    out.push_str(":\n");
    let by_key = |list: &'_ [T]| -> HashMap<T::Key, usize> {
        list.iter().enumerate().map(|(i, r)| (r.key(), i)).collect()
    };
    let (o_at, t_at) = (by_key(ours), by_key(theirs));
    let text = |list: &[T], at: &HashMap<T::Key, usize>, key: &T::Key| {
        at.get(key).map(|&i| item(&list[i])).unwrap_or_default()
    };
    for key in &layout.order {
        let o = text(ours, &o_at, key);
        let fine = || {
            let (o, t) = (o_at.get(key)?, t_at.get(key)?);
            entry_regions(labels, &ours[*o], &theirs[*t])
        };
        if layout.entries.contains(key)
            && let Some(marked) = fine()
        {
            out.push_str(&marked);
        } else if layout.conflicted.contains(key) {
            region(out, labels, &o, &text(theirs, &t_at, key));
        } else {
            out.push_str(&o);
        }
    }
}

/// `ours`' block with markers around each run of entries of its list fields
/// that differ from `theirs`' (a record whose only conflicts are entries).
/// `None` when the two differ otherwise, or a side's list is empty (its
/// `name:` line would be in a region too), or the marked text would not give
/// each side's canonical block back: then the whole block is one region.
pub(super) fn entry_regions<T: Keyed + Serialize>(
    labels: &Labels,
    ours: &T,
    theirs: &T,
) -> Option<String> {
    struct Mark<'a, T> {
        ours: &'a T,
        theirs: &'a T,
        labels: &'a Labels,
        text: Option<String>,
    }
    impl<T> Visitor<T> for Mark<'_, T> {
        fn field<V: Value>(&mut self, _: &'static str, get: fn(&T) -> V, _: fn(&mut T, V)) {
            if !get(self.ours).same(&get(self.theirs)) {
                self.text = None;
            }
        }
        fn list<E: Entry>(
            &mut self,
            name: &'static str,
            get: fn(&T) -> &Vec<E>,
            _: fn(&mut T) -> &mut Vec<E>,
        ) {
            let (o, t) = (get(self.ours), get(self.theirs));
            let Some(text) = self.text.as_mut() else {
                return;
            };
            if same_list(o, t) {
                return;
            }
            if o.is_empty() || t.is_empty() {
                self.text = None;
                return;
            }
            // The record's fields are indented by 2, the list's items at
            // their key's indentation.
            let header = format!("  {name}:\n");
            let blocks = |list: &[E]| list.iter().map(|e| indent(&item(e))).collect::<String>();
            let old = format!("{header}{}", blocks(o));
            let Some(at) = text.find(&format!("\n{old}")).map(|i| i + 1) else {
                self.text = None;
                return;
            };
            let mut new = header;
            let (mut i, mut j) = (0, 0);
            for (ki, kj) in common(o, t, |x, y| x.same(y))
                .into_iter()
                .chain([(o.len(), t.len())])
            {
                if i < ki || j < kj {
                    region(
                        &mut new,
                        self.labels,
                        &blocks(&o[i..ki]),
                        &blocks(&t[j..kj]),
                    );
                }
                if let Some(e) = o.get(ki) {
                    new.push_str(&indent(&item(e)));
                }
                (i, j) = (ki + 1, kj + 1);
            }
            text.replace_range(at..at + old.len(), &new);
        }
    }
    let mut mark = Mark {
        ours,
        theirs,
        labels,
        text: Some(item(ours)),
    };
    T::fields(&mut mark);
    let text = mark.text?;
    (resolve(&text, true) == item(ours) && resolve(&text, false) == item(theirs)).then_some(text)
}

/// Each non-empty line two spaces further in.
fn indent(block: &str) -> String {
    block
        .split_inclusive('\n')
        .map(|line| {
            if line == "\n" {
                line.to_owned()
            } else {
                format!("  {line}")
            }
        })
        .collect()
}

/// The text with one side of each conflict region kept.
pub(super) fn resolve(text: &str, keep_ours: bool) -> String {
    let mut out = String::new();
    let mut side = None;
    for line in text.split_inclusive('\n') {
        if line.starts_with("<<<<<<< ") {
            side = Some(true);
        } else if line == "=======\n" {
            side = Some(false);
        } else if line.starts_with(">>>>>>> ") {
            side = None;
        } else if side.is_none_or(|s| s == keep_ours) {
            out.push_str(line);
        }
    }
    out
}

/// One list item as the board writes it: `- key: …` and its indented lines.
fn item<T: Serialize>(record: &T) -> String {
    serialise(&[record])
}

fn serialise<T: Serialize>(value: &T) -> String {
    // Board parts are plain strings, numbers and enums: serialising cannot fail.
    yaml::to_string(value)
        .unwrap_or_else(|e| unreachable!("serialising part of a board failed: {}", e.message))
}

fn region(out: &mut String, labels: &Labels, ours: &str, theirs: &str) {
    out.push_str("<<<<<<< ");
    out.push_str(&labels.ours);
    out.push('\n');
    out.push_str(ours);
    out.push_str("=======\n");
    out.push_str(theirs);
    out.push_str(">>>>>>> ");
    out.push_str(&labels.theirs);
    out.push('\n');
}
