//! The three-way merge of one record (a task, an area, a target, the plan),
//! field by field over the fields [`crate::domain::fields_visit`] lists, and
//! list fields (`log`, `evidence`, `measurements`) entry by entry
//! ([`super::entries`]).

use super::entries::{Slot, merge_entries};
use crate::domain::fields_visit::{Entry, Value, Visitor, cut, same_list};
pub(super) use crate::domain::fields_visit::{Record, changed};

/// One field set two ways, or one entry of a list field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FieldClash {
    pub field: &'static str,
    /// The entry of a list field, by its label (`14/03/2024`); `None` for
    /// the whole field.
    pub entry: Option<String>,
    pub ours: String,
    pub theirs: String,
}

/// Three-way merge of one record: each side's version with the other side's
/// one-sided changes applied. Without clashes the two are equal.
pub(super) struct Merge3<'a, T> {
    base: Option<&'a T>,
    ours_in: &'a T,
    theirs_in: &'a T,
    pub ours: T,
    pub theirs: T,
    pub clashes: Vec<FieldClash>,
}

impl<'a, T: Record> Merge3<'a, T> {
    /// `base` is `None` when both sides added the record.
    pub fn run(base: Option<&'a T>, ours: &'a T, theirs: &'a T) -> Self {
        let mut m = Merge3 {
            base,
            ours_in: ours,
            theirs_in: theirs,
            ours: ours.clone(),
            theirs: theirs.clone(),
            clashes: Vec::new(),
        };
        T::fields(&mut m);
        m
    }
}

impl<T> Visitor<T> for Merge3<'_, T> {
    fn field<V: Value>(&mut self, name: &'static str, get: fn(&T) -> V, set: fn(&mut T, V)) {
        let (o, t) = (get(self.ours_in), get(self.theirs_in));
        if o.same(&t) {
            return;
        }
        match self.base.map(get) {
            Some(b) if b.same(&o) => set(&mut self.ours, t),
            Some(b) if b.same(&t) => set(&mut self.theirs, o),
            _ => self.clashes.push(FieldClash {
                field: name,
                entry: None,
                ours: show(o.text()),
                theirs: show(t.text()),
            }),
        }
    }

    fn list<E: Entry>(
        &mut self,
        name: &'static str,
        get: fn(&T) -> &Vec<E>,
        set: fn(&mut T) -> &mut Vec<E>,
    ) {
        let (o, t) = (get(self.ours_in), get(self.theirs_in));
        if same_list(o, t) {
            return;
        }
        let Some(b) = self.base.map(get) else {
            // Both added the record: no ancestor to merge the lists against.
            self.clashes.push(FieldClash {
                field: name,
                entry: None,
                ours: show_list(o),
                theirs: show_list(t),
            });
            return;
        };
        if same_list(b, o) {
            *set(&mut self.ours) = t.clone();
            return;
        }
        if same_list(b, t) {
            *set(&mut self.theirs) = o.clone();
            return;
        }
        let slots = merge_entries(b, o, t);
        *set(&mut self.ours) = slots.iter().filter_map(Slot::ours).cloned().collect();
        *set(&mut self.theirs) = slots.iter().filter_map(Slot::theirs).cloned().collect();
        for slot in &slots {
            if let Slot::Clash(o, t) = slot {
                let label = o.as_ref().or(t.as_ref()).map(Entry::label);
                let shown = |e: &Option<E>| {
                    e.as_ref()
                        .map_or_else(|| "(deleted)".to_owned(), |e| show(Some(e.text())))
                };
                self.clashes.push(FieldClash {
                    field: name,
                    entry: label,
                    ours: shown(o),
                    theirs: shown(t),
                });
            }
        }
    }
}

/// Whether two versions of a record are the same, field by field.
pub(super) fn same<T: Record + PartialEq>(a: &T, b: &T) -> bool {
    a == b || changed(a, b).is_empty()
}

/// Long values are cut in messages; line breaks are shown as `\n`.
const SHOW_CHARS: usize = 60;

/// A value in a conflict message.
fn show(text: Option<String>) -> String {
    text.map_or_else(
        || "(none)".to_owned(),
        |s| cut(&s.replace('\n', "\\n"), SHOW_CHARS),
    )
}

fn show_list<E: Entry>(list: &[E]) -> String {
    if list.is_empty() {
        return "(none)".to_owned();
    }
    show(Some(
        list.iter().map(Entry::text).collect::<Vec<_>>().join("; "),
    ))
}
