//! Three-way merge of board files, per task and per field: the git merge
//! driver (`cchc merge-driver %O %A %B %P`, set up by `cchc git-setup`).
//!
//! [`merge3`] is the pure core. Tasks are matched by id, areas by code and
//! targets by id; each is merged field by field against the common ancestor:
//!
//! - a field changed on one side takes that change; changed the same way on
//!   both sides, it takes it once; changed two ways, it is a conflict. `status`
//!   and `completed` count as one field (`cchc move` sets both), so they always
//!   come from the same side. `evidence` is one field (the whole list).
//! - a record added on one side is kept; added on both with the same content it
//!   is kept once; added on both with different content it is a conflict (two
//!   colleagues giving two new cards the same id is never collapsed silently).
//! - a record deleted on one side and unchanged on the other is deleted;
//!   deleted on one side and changed on the other is a conflict.
//! - the plan's fields merge the same way; `schema` is taken from ours (all
//!   three versions a driver merges are valid, so schema 1).
//! - areas and targets keep their file order: one side's reordering is kept;
//!   both sides reordering differently is a conflict over the whole list.
//!
//! [`Merged::render`] writes the result in the canonical form, with each
//! conflict as git conflict markers around the smallest block that holds it:
//! one task's `- id: N` block, one area's or target's block, the `schema` and
//! `plan` lines, or (for a reordering) a whole list. Between the markers are
//! ours' and theirs' versions of that block, each with every cleanly merged
//! field applied; a side that deleted the record shows nothing. Keeping one
//! side of every conflict and deleting the marker lines gives exactly the
//! canonical text of [`Merged::ours`] or [`Merged::theirs`] (or a mix).

mod driver;
mod fields;
mod render;

use crate::domain::{Area, Board, Target, Task};
use fields::{FieldClash, Merge3, Record, changed, same};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::hash::Hash;

pub use driver::driver;

/// The result of a merge: the merged board resolved each side's way, and the
/// conflicts. When there are none, `ours == theirs` is the merged board.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The merge with every conflict settled in ours' favour (records that ours
    /// deleted are absent).
    pub ours: Board,
    /// The merge with every conflict settled in theirs' favour.
    pub theirs: Board,
    /// One entry per conflicting field (or deletion, or reordering), in file order.
    pub conflicts: Vec<Conflict>,
    layout: Layout,
}

impl Merged {
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }

    /// The merged board, when the merge is clean.
    pub fn board(&self) -> Option<&Board> {
        self.is_clean().then_some(&self.ours)
    }

    /// The merged file: the canonical text of the board, with each conflict
    /// written as `<<<<<<<` / `=======` / `>>>>>>>` markers around its block.
    pub fn render(&self, labels: &Labels) -> String {
        if self.is_clean() {
            crate::storage::to_yaml(&self.ours)
        } else {
            render::render(self, labels)
        }
    }
}

/// What the conflict markers say after `<<<<<<<` and `>>>>>>>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    pub ours: String,
    pub theirs: String,
}

impl Labels {
    /// `ours:PATH` and `theirs:PATH` (git's `HEAD:PATH` style) when the path
    /// in the repository is known, else `ours` and `theirs`.
    pub fn new(path: Option<&str>) -> Labels {
        let label = |side: &str| match path {
            Some(p) if !p.is_empty() => format!("{side}:{}", p.replace(['\n', '\r'], " ")),
            _ => side.to_owned(),
        };
        Labels {
            ours: label("ours"),
            theirs: label("theirs"),
        }
    }
}

/// One thing the two sides did differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub place: Place,
    pub clash: Clash,
}

/// What a conflict is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    Plan,
    Area(String),
    Task(u32),
    Target(String),
    /// The order of the `areas` list.
    Areas,
    /// The order of the `targets` list.
    Targets,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash {
    /// The field was changed two ways (values as shown in messages).
    Field {
        field: &'static str,
        ours: String,
        theirs: String,
    },
    /// Both sides added the record, with different values of this field.
    Added {
        field: &'static str,
        ours: String,
        theirs: String,
    },
    /// One side deleted the record, the other changed these fields.
    Deleted {
        by: Side,
        changed: Vec<&'static str>,
    },
    /// Both sides reordered the list, differently.
    Order,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Plan => f.write_str("plan"),
            Place::Area(code) => write!(f, "area {code}"),
            Place::Task(id) => write!(f, "task #{id}"),
            Place::Target(id) => write!(f, "target {id}"),
            Place::Areas => f.write_str("areas"),
            Place::Targets => f.write_str("targets"),
        }
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.place)?;
        match &self.clash {
            Clash::Field {
                field,
                ours,
                theirs,
            } => write!(
                f,
                "{field} changed both ways (ours: {ours}, theirs: {theirs})"
            ),
            Clash::Added {
                field,
                ours,
                theirs,
            } => write!(
                f,
                "added on both sides with different {field} (ours: {ours}, theirs: {theirs})"
            ),
            Clash::Deleted { by, changed } => {
                let other = match by {
                    Side::Ours => Side::Theirs,
                    Side::Theirs => Side::Ours,
                };
                write!(
                    f,
                    "deleted in {}, changed in {} ({})",
                    by.name(),
                    other.name(),
                    changed.join(", ")
                )
            }
            Clash::Order => f.write_str("order changed both ways"),
        }
    }
}

/// Which blocks of the rendered file are conflicts.
#[derive(Debug, Clone, Default)]
struct Layout {
    plan: bool,
    areas: Section<String>,
    tasks: Section<u32>,
    targets: Section<String>,
}

/// One list of the board as rendered: the keys in file order (present in at
/// least one resolution), those in conflict, or the whole list in conflict.
#[derive(Debug, Clone)]
struct Section<K> {
    order: Vec<K>,
    conflicted: HashSet<K>,
    whole: bool,
}

impl<K> Default for Section<K> {
    fn default() -> Self {
        Section {
            order: Vec::new(),
            conflicted: HashSet::new(),
            whole: false,
        }
    }
}

/// A record of a keyed list.
trait Keyed: Record + PartialEq {
    type Key: Ord + Hash + Clone;
    fn key(&self) -> Self::Key;
    fn place(key: &Self::Key) -> Place;
}

impl Keyed for Task {
    type Key = u32;
    fn key(&self) -> u32 {
        self.id
    }
    fn place(key: &u32) -> Place {
        Place::Task(*key)
    }
}

impl Keyed for Area {
    type Key = String;
    fn key(&self) -> String {
        self.code.clone()
    }
    fn place(key: &String) -> Place {
        Place::Area(key.clone())
    }
}

impl Keyed for Target {
    type Key = String;
    fn key(&self) -> String {
        self.id.clone()
    }
    fn place(key: &String) -> Place {
        Place::Target(key.clone())
    }
}

/// Merges `ours` and `theirs`, two versions of the board descended from `base`.
/// The boards should be valid (as loaded by `storage`): a side listing one key
/// twice is merged as if it listed only the last one.
pub fn merge3(base: &Board, ours: &Board, theirs: &Board) -> Merged {
    merge(Some(base), ours, theirs)
}

/// Merges two versions with no common ancestor (both sides added the file):
/// whatever the two do not agree on is a conflict.
pub fn merge2(ours: &Board, theirs: &Board) -> Merged {
    merge(None, ours, theirs)
}

fn merge(base: Option<&Board>, ours: &Board, theirs: &Board) -> Merged {
    let mut conflicts = Vec::new();
    let mut layout = Layout::default();

    let plan = Merge3::run(base.map(|b| &b.plan), &ours.plan, &theirs.plan);
    layout.plan = !plan.clashes.is_empty();
    conflicts.extend(field_conflicts(Place::Plan, base.is_some(), plan.clashes));

    let areas = merge_list(
        base.map(|b| &b.areas[..]),
        &ours.areas,
        &theirs.areas,
        false,
    );
    let tasks = merge_list(base.map(|b| &b.tasks[..]), &ours.tasks, &theirs.tasks, true);
    let targets = merge_list(
        base.map(|b| &b.targets[..]),
        &ours.targets,
        &theirs.targets,
        false,
    );
    let areas_whole = areas.section.whole;
    let targets_whole = targets.section.whole;
    conflicts.extend(areas.conflicts);
    if areas_whole {
        conflicts.push(Conflict {
            place: Place::Areas,
            clash: Clash::Order,
        });
    }
    conflicts.extend(tasks.conflicts);
    conflicts.extend(targets.conflicts);
    if targets_whole {
        conflicts.push(Conflict {
            place: Place::Targets,
            clash: Clash::Order,
        });
    }
    layout.areas = areas.section;
    layout.tasks = tasks.section;
    layout.targets = targets.section;

    let side = |plan, areas, tasks, targets| Board {
        schema: ours.schema,
        plan,
        areas,
        tasks,
        targets,
    };
    Merged {
        ours: side(plan.ours, areas.ours, tasks.ours, targets.ours),
        theirs: side(plan.theirs, areas.theirs, tasks.theirs, targets.theirs),
        conflicts,
        layout,
    }
}

fn field_conflicts(place: Place, has_base: bool, clashes: Vec<FieldClash>) -> Vec<Conflict> {
    clashes
        .into_iter()
        .map(|c| Conflict {
            place: place.clone(),
            clash: if has_base {
                Clash::Field {
                    field: c.field,
                    ours: c.ours,
                    theirs: c.theirs,
                }
            } else {
                Clash::Added {
                    field: c.field,
                    ours: c.ours,
                    theirs: c.theirs,
                }
            },
        })
        .collect()
}

struct ListMerge<T: Keyed> {
    ours: Vec<T>,
    theirs: Vec<T>,
    section: Section<T::Key>,
    conflicts: Vec<Conflict>,
}

/// Merges one keyed list. `sorted` lists (tasks) are kept in key order;
/// others keep their file order (see [`arrange`]).
fn merge_list<T: Keyed>(
    base: Option<&[T]>,
    ours: &[T],
    theirs: &[T],
    sorted: bool,
) -> ListMerge<T> {
    let index = |list: &[T]| -> HashMap<T::Key, usize> {
        list.iter().enumerate().map(|(i, r)| (r.key(), i)).collect()
    };
    let (o_at, t_at) = (index(ours), index(theirs));
    let b_at = base.map(index).unwrap_or_default();
    let b_get = |k: &T::Key| base.and_then(|b| b_at.get(k).map(|&i| &b[i]));

    let keys: BTreeSet<T::Key> = o_at.keys().chain(t_at.keys()).cloned().collect();
    let mut o_out: HashMap<T::Key, T> = HashMap::new();
    let mut t_out: HashMap<T::Key, T> = HashMap::new();
    let mut conflicted = HashSet::new();
    let mut conflicts = Vec::new();
    for key in keys {
        let (b, o, t) = (
            b_get(&key),
            o_at.get(&key).map(|&i| &ours[i]),
            t_at.get(&key).map(|&i| &theirs[i]),
        );
        let mut both = |r: &T| {
            o_out.insert(key.clone(), r.clone());
            t_out.insert(key.clone(), r.clone());
        };
        match (o, t) {
            (Some(o), Some(t)) if same(o, t) => both(o),
            (Some(o), Some(t)) if b.is_some_and(|b| same(b, o)) => both(t),
            (Some(o), Some(t)) if b.is_some_and(|b| same(b, t)) => both(o),
            (Some(o), Some(t)) => {
                let m = Merge3::run(b, o, t);
                if m.clashes.is_empty() {
                    both(&m.ours);
                } else {
                    conflicts.extend(field_conflicts(T::place(&key), b.is_some(), m.clashes));
                    conflicted.insert(key.clone());
                    o_out.insert(key.clone(), m.ours);
                    t_out.insert(key.clone(), m.theirs);
                }
            }
            (Some(kept), None) | (None, Some(kept)) => {
                let by = if o.is_none() {
                    Side::Ours
                } else {
                    Side::Theirs
                };
                match b {
                    // Added on one side.
                    None => both(kept),
                    // Deleted on one side, unchanged on the other.
                    Some(b) if same(b, kept) => {}
                    Some(b) => {
                        conflicts.push(Conflict {
                            place: T::place(&key),
                            clash: Clash::Deleted {
                                by,
                                changed: changed(b, kept),
                            },
                        });
                        conflicted.insert(key.clone());
                        let out = if by == Side::Ours {
                            &mut t_out
                        } else {
                            &mut o_out
                        };
                        out.insert(key.clone(), kept.clone());
                    }
                }
            }
            (None, None) => {}
        }
    }

    let keys_of = |list: &[T]| list.iter().map(Keyed::key).collect::<Vec<_>>();
    let present: HashSet<T::Key> = o_out.keys().chain(t_out.keys()).cloned().collect();
    let (o_keys, t_keys) = (keys_of(ours), keys_of(theirs));
    let mut whole = false;
    let (o_order, t_order, order) = if sorted {
        let order: Vec<T::Key> = present
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        (order.clone(), order.clone(), order)
    } else {
        match primary(base.map(keys_of).as_deref(), &o_keys, &t_keys) {
            Some(Side::Ours) => {
                let order = arrange(&o_keys, &t_keys, &present);
                (order.clone(), order.clone(), order)
            }
            Some(Side::Theirs) => {
                let order = arrange(&t_keys, &o_keys, &present);
                (order.clone(), order.clone(), order)
            }
            None => {
                whole = true;
                (
                    arrange(&o_keys, &t_keys, &present),
                    arrange(&t_keys, &o_keys, &present),
                    Vec::new(),
                )
            }
        }
    };
    let pick = |order: &[T::Key], out: &mut HashMap<T::Key, T>| -> Vec<T> {
        order.iter().filter_map(|k| out.remove(k)).collect()
    };
    ListMerge {
        ours: pick(&o_order, &mut o_out),
        theirs: pick(&t_order, &mut t_out),
        section: Section {
            order,
            conflicted,
            whole,
        },
        conflicts,
    }
}

/// Whose order an unsorted list takes: the side that reordered the records
/// all three versions share (ours when neither did, or both did the same);
/// `None` when both reordered them differently.
fn primary<K: Hash + Eq + Clone>(base: Option<&[K]>, ours: &[K], theirs: &[K]) -> Option<Side> {
    let set = |l: &[K]| l.iter().cloned().collect::<HashSet<K>>();
    let (o_set, t_set) = (set(ours), set(theirs));
    let b_set = base.map(set);
    let shared = |k: &K| {
        o_set.contains(k) && t_set.contains(k) && b_set.as_ref().is_none_or(|b| b.contains(k))
    };
    let seq = |l: &[K]| l.iter().filter(|k| shared(k)).cloned().collect::<Vec<K>>();
    let (o, t) = (seq(ours), seq(theirs));
    if o == t {
        return Some(Side::Ours);
    }
    let b = seq(base?);
    if t == b {
        Some(Side::Ours)
    } else if o == b {
        Some(Side::Theirs)
    } else {
        None
    }
}

/// `first`'s keys (those still present), with the keys only `second` lists
/// inserted after their predecessor in `second` (or at the front).
fn arrange<K: Hash + Eq + Clone>(first: &[K], second: &[K], present: &HashSet<K>) -> Vec<K> {
    let mut out: Vec<K> = first
        .iter()
        .filter(|k| present.contains(k))
        .cloned()
        .collect();
    let mut placed: HashSet<K> = out.iter().cloned().collect();
    let mut after: Option<usize> = None;
    for k in second.iter().filter(|k| present.contains(k)) {
        if placed.insert(k.clone()) {
            let at = after.map_or(0, |i| i + 1);
            out.insert(at, k.clone());
            after = Some(at);
        } else {
            after = out.iter().position(|x| x == k);
        }
    }
    out
}

#[cfg(test)]
mod tests;
