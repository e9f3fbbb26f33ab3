//! Three-way merge of one list field (a task's `log` and `evidence`, a
//! target's `measurements`), entry by entry:
//!
//! - entries added on either side are kept; the same entry added on both
//!   sides is kept once; one added two ways (the same key, e.g. one day's
//!   measurement from one source with two values) is a conflict;
//! - an entry deleted on one side and untouched on the other is deleted;
//!   edited on one side, it takes the edit; edited two ways, or deleted on
//!   one side and edited on the other, it is a conflict about that entry;
//! - a dated list (log, measurements) comes out in date order, entries of
//!   one day in ours' order, then theirs' additions; evidence keeps ours'
//!   order, theirs' additions after it.
//!
//! An entry of one version is matched to the base's by its key (a log
//! entry's date and text) along the longest common run, then, between two
//! matched entries, an unmatched base entry to a side's entry it can be an
//! edit of ([`Entry::edit_of`]: same day): so a log entry whose text or
//! evidence changed is that entry edited, not one deleted and one added.

use crate::domain::fields_visit::{Entry, common};

/// One entry of the merged list: settled, or in conflict (`None`: deleted
/// on that side).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Slot<E> {
    One(E),
    Clash(Option<E>, Option<E>),
}

impl<E: Entry> Slot<E> {
    pub fn ours(&self) -> Option<&E> {
        match self {
            Slot::One(e) => Some(e),
            Slot::Clash(o, _) => o.as_ref(),
        }
    }
    pub fn theirs(&self) -> Option<&E> {
        match self {
            Slot::One(e) => Some(e),
            Slot::Clash(_, t) => t.as_ref(),
        }
    }
    fn day(&self) -> Option<chrono::NaiveDate> {
        self.ours().or(self.theirs()).and_then(Entry::day)
    }
}

/// For each base entry, the index of the same entry (perhaps edited) in
/// `side`, or `None` when `side` deleted it.
fn align<E: Entry>(base: &[E], side: &[E]) -> Vec<Option<usize>> {
    let mut to = vec![None; base.len()];
    let mut used = vec![false; side.len()];
    let anchors = common(base, side, |b, s| b.key() == s.key());
    for &(b, s) in &anchors {
        to[b] = Some(s);
        used[s] = true;
    }
    let (mut b0, mut s0) = (0, 0);
    for (b1, s1) in anchors.into_iter().chain([(base.len(), side.len())]) {
        for b in b0..b1 {
            if let Some(s) = (s0..s1).find(|&s| !used[s] && base[b].edit_of(&side[s])) {
                to[b] = Some(s);
                used[s] = true;
            }
        }
        (b0, s0) = (b1 + 1, s1 + 1);
    }
    to
}

/// Merges `ours` and `theirs`, two versions of the list `base`.
pub(super) fn merge_entries<E: Entry>(base: &[E], ours: &[E], theirs: &[E]) -> Vec<Slot<E>> {
    let (o_to, t_to) = (align(base, ours), align(base, theirs));
    let from = |to: &[Option<usize>], len: usize| {
        let mut from = vec![None; len];
        for (b, s) in to.iter().enumerate() {
            if let Some(s) = s {
                from[*s] = Some(b);
            }
        }
        from
    };
    let (o_from, t_from) = (from(&o_to, ours.len()), from(&t_to, theirs.len()));
    // What becomes of base entry `b`.
    let fate = |b: usize| -> Option<Slot<E>> {
        let was = &base[b];
        match (o_to[b].map(|i| &ours[i]), t_to[b].map(|j| &theirs[j])) {
            (Some(o), Some(t)) if o.same(t) || was.same(t) => Some(Slot::One(o.clone())),
            (Some(o), Some(t)) if was.same(o) => Some(Slot::One(t.clone())),
            (Some(o), Some(t)) => Some(Slot::Clash(Some(o.clone()), Some(t.clone()))),
            (Some(e), None) | (None, Some(e)) if was.same(e) => None,
            (o, t) => (o.is_some() || t.is_some()).then(|| Slot::Clash(o.cloned(), t.cloned())),
        }
    };
    let mut slots = Vec::new();
    let mut ours_added = Vec::new();
    for (i, o) in ours.iter().enumerate() {
        match o_from[i] {
            Some(b) => slots.extend(fate(b)),
            None => {
                slots.push(Slot::One(o.clone()));
                ours_added.push(o);
            }
        }
    }
    // Deleted by ours, edited by theirs.
    for b in (0..base.len()).filter(|&b| o_to[b].is_none()) {
        slots.extend(fate(b));
    }
    for (j, t) in theirs.iter().enumerate() {
        if t_from[j].is_some() {
            continue;
        }
        // Added on both sides: once. The same entry (by its key: one day's
        // measurement from one source) added two ways: a conflict.
        if let Some(k) = ours_added.iter().position(|o| o.same(t)) {
            ours_added.remove(k);
        } else if let Some(k) = ours_added.iter().position(|o| o.key() == t.key()) {
            let o = ours_added.remove(k);
            match slots
                .iter()
                .position(|s| matches!(s, Slot::One(x) if x.same(o)))
            {
                Some(at) => slots[at] = Slot::Clash(Some(o.clone()), Some(t.clone())),
                None => slots.push(Slot::One(t.clone())),
            }
        } else {
            slots.push(Slot::One(t.clone()));
        }
    }
    // Stable: one day's entries keep the order above. Undated lists (all
    // `None`) keep it whole.
    slots.sort_by_key(Slot::day);
    slots
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Evidence, LogEntry};

    fn e(day: &str, text: &str) -> LogEntry {
        LogEntry {
            date: day.parse().expect("date"),
            text: text.into(),
            evidence: vec![],
        }
    }

    fn texts(slots: &[Slot<LogEntry>]) -> Vec<String> {
        slots
            .iter()
            .map(|s| match s {
                Slot::One(e) => e.text.clone(),
                Slot::Clash(o, t) => format!(
                    "{}|{}",
                    o.as_ref().map_or("-", |e| &e.text),
                    t.as_ref().map_or("-", |e| &e.text)
                ),
            })
            .collect()
    }

    #[test]
    fn additions_on_both_sides_are_kept_in_date_order() {
        let base = vec![e("2024-01-10", "a")];
        let ours = vec![e("2024-01-10", "a"), e("2024-03-01", "o")];
        let theirs = vec![e("2024-01-10", "a"), e("2024-02-01", "t")];
        assert_eq!(
            texts(&merge_entries(&base, &ours, &theirs)),
            ["a", "t", "o"]
        );
    }

    #[test]
    fn one_days_entries_are_ours_then_theirs() {
        let base = vec![];
        let ours = vec![e("2024-02-01", "o1"), e("2024-02-01", "o2")];
        let theirs = vec![e("2024-01-05", "t0"), e("2024-02-01", "t1")];
        assert_eq!(
            texts(&merge_entries(&base, &ours, &theirs)),
            ["t0", "o1", "o2", "t1"]
        );
    }

    #[test]
    fn the_same_entry_added_on_both_sides_is_kept_once() {
        let base = vec![e("2024-01-10", "a")];
        let both = vec![e("2024-01-10", "a"), e("2024-02-01", "x")];
        let mut theirs = both.clone();
        theirs.push(e("2024-02-02", "y"));
        assert_eq!(
            texts(&merge_entries(&base, &both, &theirs)),
            ["a", "x", "y"]
        );
    }

    #[test]
    fn deleted_on_one_side_untouched_on_the_other_is_deleted() {
        let base = vec![e("2024-01-10", "a"), e("2024-01-11", "b")];
        let ours = vec![e("2024-01-11", "b")];
        let theirs = vec![
            e("2024-01-10", "a"),
            e("2024-01-11", "b"),
            e("2024-01-12", "c"),
        ];
        assert_eq!(texts(&merge_entries(&base, &ours, &theirs)), ["b", "c"]);
    }

    #[test]
    fn an_edit_on_one_side_is_taken_and_two_edits_are_a_conflict() {
        let base = vec![e("2024-01-10", "a"), e("2024-01-11", "b")];
        let ours = vec![e("2024-01-10", "a (sửa)"), e("2024-01-11", "b1")];
        let theirs = vec![e("2024-01-10", "a"), e("2024-01-11", "b2")];
        assert_eq!(
            texts(&merge_entries(&base, &ours, &theirs)),
            ["a (sửa)", "b1|b2"]
        );
        // Evidence added to an entry is an edit of it (same date and text).
        let mut with_doc = base.clone();
        with_doc[1].evidence = vec![Evidence::from("12/KH-SXD")];
        let m = merge_entries(&base, &with_doc, &ours);
        assert_eq!(texts(&m), ["a (sửa)", "b|b1"]);
    }

    #[test]
    fn deleted_on_one_side_and_edited_on_the_other_is_a_conflict() {
        let base = vec![e("2024-01-10", "a"), e("2024-01-11", "b")];
        let ours = vec![e("2024-01-11", "b")];
        let theirs = vec![e("2024-01-10", "a2"), e("2024-01-11", "b")];
        assert_eq!(texts(&merge_entries(&base, &ours, &theirs)), ["-|a2", "b"]);
        assert_eq!(texts(&merge_entries(&base, &theirs, &ours)), ["a2|-", "b"]);
    }

    #[test]
    fn evidence_keeps_ours_order_then_theirs_additions() {
        let ev = |v: &[&str]| v.iter().map(|s| Evidence::from(*s)).collect::<Vec<_>>();
        let base = ev(&["a", "b"]);
        let ours = ev(&["b", "a", "o"]);
        let theirs = ev(&["t", "a", "b"]);
        let m = merge_entries(&base, &ours, &theirs);
        let out: Vec<String> = m.iter().filter_map(Slot::ours).map(Entry::text).collect();
        assert_eq!(out, ["b", "a", "o", "t"]);
    }

    #[test]
    fn one_days_measurement_added_two_ways_is_a_conflict() {
        use crate::domain::Measurement;
        let m = |v: f64| Measurement {
            date: "2024-03-14".parse().expect("date"),
            value: v,
            source: None,
        };
        let slots = merge_entries(&[], &[m(60.0)], &[m(61.0)]);
        assert_eq!(slots, vec![Slot::Clash(Some(m(60.0)), Some(m(61.0)))]);
        // The same value on both sides: once.
        assert_eq!(
            merge_entries(&[], &[m(60.0)], &[m(60.0)]),
            vec![Slot::One(m(60.0))]
        );
    }
}
