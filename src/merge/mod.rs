//! Three-way merge of board files, per task and per field: the git merge
//! driver (`cchc merge-driver %O %A %B %P`, set up by `cchc git-setup`).
//!
//! [`merge3`] is the pure core. Tasks are matched by id, areas by code and
//! targets by id; each is merged field by field against the common ancestor:
//!
//! - a field changed on one side takes that change; changed the same way on
//!   both sides, it takes it once; changed two ways, it is a conflict. `status`
//!   and `completed` count as one field (`cchc move` sets both), so they always
//!   come from the same side.
//! - list fields (a task's `log` and `evidence`, a target's `measurements`)
//!   merge entry by entry (see `entries`): additions from both sides are all
//!   kept (in date order for the log and measurements), one added on both
//!   sides once; an entry deleted on one side and untouched on the other is
//!   deleted; one entry edited two ways (or deleted and edited) is a
//!   conflict about that entry.
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
//! one entry of a task's or target's list when the record's only conflicts
//! are entries, else one task's `- id: N` block, one area's or target's block, the `schema` and
//! `plan` lines, or (for a reordering) a whole list. Between the markers are
//! ours' and theirs' versions of that block, each with every cleanly merged
//! field applied; a side that deleted the record shows nothing. Keeping one
//! side of every conflict and deleting the marker lines gives exactly the
//! canonical text of [`Merged::ours`] or [`Merged::theirs`] (or a mix).

mod driver;
mod entries;
mod fields;
mod list;
mod render;

use crate::domain::{Area, Board, Target, Task};
use crate::sanitize::terminal_safe as escape_controls;
use fields::{FieldClash, Merge3, Record};
use list::merge_list;
use std::collections::HashSet;
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
    /// The `reporting:` calendar overrides (merged as one value).
    Reporting,
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
    /// One entry of a list field (`log`, `evidence`, `measurements`) was
    /// edited two ways, or deleted on one side and edited on the other
    /// (`(deleted)`). `entry` names it: its date, or the document's number.
    Entry {
        field: &'static str,
        entry: String,
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
            Place::Area(code) => write!(f, "area {}", escape_controls(code)),
            Place::Task(id) => write!(f, "task #{id}"),
            Place::Target(id) => write!(f, "target {}", escape_controls(id)),
            Place::Areas => f.write_str("areas"),
            Place::Targets => f.write_str("targets"),
            Place::Reporting => f.write_str("reporting calendar"),
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
                "{field} changed both ways (ours: {}, theirs: {})",
                escape_controls(ours),
                escape_controls(theirs)
            ),
            Clash::Added {
                field,
                ours,
                theirs,
            } => write!(
                f,
                "added on both sides with different {field} (ours: {}, theirs: {})",
                escape_controls(ours),
                escape_controls(theirs)
            ),
            Clash::Entry {
                field,
                entry,
                ours,
                theirs,
            } => write!(
                f,
                "{field} entry {} changed both ways (ours: {}, theirs: {})",
                escape_controls(entry),
                escape_controls(ours),
                escape_controls(theirs)
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
    reporting: bool,
}

/// One list of the board as rendered: the keys in file order (present in at
/// least one resolution), those in conflict, or the whole list in conflict.
#[derive(Debug, Clone)]
struct Section<K> {
    order: Vec<K>,
    conflicted: HashSet<K>,
    /// Of `conflicted`, the records whose only conflicts are entries of
    /// their list fields: marked around those entries.
    entries: HashSet<K>,
    whole: bool,
}

impl<K> Default for Section<K> {
    fn default() -> Self {
        Section {
            order: Vec::new(),
            conflicted: HashSet::new(),
            entries: HashSet::new(),
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

    // The reporting calendar is one value: a change on one side is taken,
    // the same change on both is one, two different changes conflict.
    let (o, t) = (&ours.reporting, &theirs.reporting);
    let (reporting_ours, reporting_theirs) = match base.map(|b| &b.reporting) {
        _ if o == t => (o.clone(), o.clone()),
        Some(b) if b == o => (t.clone(), t.clone()),
        Some(b) if b == t => (o.clone(), o.clone()),
        _ => {
            let show = |r: &Vec<crate::domain::calendar::Window>| {
                r.iter()
                    .map(|w| {
                        format!(
                            "{} {}–{}{}",
                            w.report.as_str(),
                            w.from,
                            w.to,
                            w.due.map_or(String::new(), |d| format!(" due {d}"))
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            conflicts.push(Conflict {
                place: Place::Reporting,
                clash: Clash::Field {
                    field: "reporting",
                    ours: show(o),
                    theirs: show(t),
                },
            });
            layout.reporting = true;
            (o.clone(), t.clone())
        }
    };

    let side = |plan, areas, tasks, targets, reporting| Board {
        schema: ours.schema,
        plan,
        areas,
        tasks,
        targets,
        reporting,
    };
    Merged {
        ours: side(
            plan.ours,
            areas.ours,
            tasks.ours,
            targets.ours,
            reporting_ours,
        ),
        theirs: side(
            plan.theirs,
            areas.theirs,
            tasks.theirs,
            targets.theirs,
            reporting_theirs,
        ),
        conflicts,
        layout,
    }
}

fn field_conflicts(place: Place, has_base: bool, clashes: Vec<FieldClash>) -> Vec<Conflict> {
    clashes
        .into_iter()
        .map(|c| Conflict {
            place: place.clone(),
            clash: if let (Some(entry), true) = (c.entry, has_base) {
                Clash::Entry {
                    field: c.field,
                    entry,
                    ours: c.ours,
                    theirs: c.theirs,
                }
            } else if has_base {
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

#[cfg(test)]
mod tests;
