//! Merging one keyed list (areas, tasks, targets): records matched by key,
//! each merged field by field, and the list's order.

use super::fields::{Merge3, changed, same};
use super::{Clash, Conflict, Keyed, Section, Side, field_conflicts};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::Hash;

pub(super) struct ListMerge<T: Keyed> {
    pub ours: Vec<T>,
    pub theirs: Vec<T>,
    pub section: Section<T::Key>,
    pub conflicts: Vec<Conflict>,
}

/// Merges one keyed list. `sorted` lists (tasks) are kept in key order;
/// others keep their file order (see [`arrange`]).
pub(super) fn merge_list<T: Keyed>(
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
    let mut entries = HashSet::new();
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
                    if m.clashes.iter().all(|c| c.entry.is_some()) {
                        entries.insert(key.clone());
                    }
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
            entries,
            whole,
        },
        conflicts,
    }
}

/// Whose order an unsorted list takes: the side that reordered the records
/// all three versions share (ours when neither did, or both did the same);
/// `None` when both reordered them differently.
pub(super) fn primary<K: Hash + Eq + Clone>(
    base: Option<&[K]>,
    ours: &[K],
    theirs: &[K],
) -> Option<Side> {
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
pub(super) fn arrange<K: Hash + Eq + Clone>(
    first: &[K],
    second: &[K],
    present: &HashSet<K>,
) -> Vec<K> {
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
