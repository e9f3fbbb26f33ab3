//! The merged file with conflict markers. Each block is serialised on its own
//! by the same serialiser as [`crate::storage::to_yaml`]; the blocks of a
//! canonical board are context-free (no wrapping, lists at their key's
//! indentation), so a file rendered without conflicts is byte for byte the
//! canonical text (tested), and so is any choice of sides.

use super::{Keyed, Labels, Merged, Section};
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
    out
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
        if layout.conflicted.contains(key) {
            region(out, labels, &o, &text(theirs, &t_at, key));
        } else {
            out.push_str(&o);
        }
    }
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
