//! Field-by-field comparison of one record (a task, an area, a target, the
//! plan): which fields two versions differ in, and the three-way merge of two
//! versions against their common ancestor.

use crate::domain::{Area, Comparator, Plan, Status, Target, Task, Unit};
use chrono::NaiveDate;

/// A field's value as the merge compares and reports it.
pub(super) trait Value: Clone {
    /// Equality, with NaN equal to NaN (a number the file can hold).
    fn same(&self, other: &Self) -> bool;
    /// The value in a conflict message.
    fn show(&self) -> String;
}

/// A record whose fields the merge walks, in file order. The record's key
/// (task id, area code, target id) is not one of them.
pub(super) trait Record: Clone {
    fn fields<V: Visitor<Self>>(v: &mut V);
}

pub(super) trait Visitor<T> {
    fn field<V: Value>(&mut self, name: &'static str, get: fn(&T) -> V, set: fn(&mut T, V));
}

/// One field set two ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FieldClash {
    pub field: &'static str,
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
                ours: o.show(),
                theirs: t.show(),
            }),
        }
    }
}

/// The fields in which two versions of a record differ, in file order.
pub(super) fn changed<T: Record>(before: &T, after: &T) -> Vec<&'static str> {
    struct Diff<'a, T> {
        a: &'a T,
        b: &'a T,
        out: Vec<&'static str>,
    }
    impl<T> Visitor<T> for Diff<'_, T> {
        fn field<V: Value>(&mut self, name: &'static str, get: fn(&T) -> V, _: fn(&mut T, V)) {
            if !get(self.a).same(&get(self.b)) {
                self.out.push(name);
            }
        }
    }
    let mut d = Diff {
        a: before,
        b: after,
        out: Vec::new(),
    };
    T::fields(&mut d);
    d.out
}

/// Whether two versions of a record are the same, field by field.
pub(super) fn same<T: Record + PartialEq>(a: &T, b: &T) -> bool {
    a == b || changed(a, b).is_empty()
}

/// `status` and `completed` as one field: `cchc move` sets them together, so
/// a merge takes both from the same side (a card is never `in_progress` with
/// the other side's completion date).
#[derive(Clone, PartialEq)]
pub(super) struct Progress(Status, Option<NaiveDate>);

impl Value for Progress {
    fn same(&self, other: &Self) -> bool {
        self == other
    }
    fn show(&self) -> String {
        match self {
            Progress(Status::Done, Some(day)) => format!("done on {day}"),
            Progress(status, Some(day)) => format!("{status}, completed {day}"),
            Progress(status, None) => status.to_string(),
        }
    }
}

/// Long values are cut in messages; line breaks are shown as `\n`.
const SHOW_CHARS: usize = 60;

impl Value for String {
    fn same(&self, other: &Self) -> bool {
        self == other
    }
    fn show(&self) -> String {
        let flat = self.replace('\n', "\\n");
        if flat.chars().count() <= SHOW_CHARS {
            return flat;
        }
        let mut cut: String = flat.chars().take(SHOW_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}

impl<V: Value> Value for Option<V> {
    fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (Some(a), Some(b)) => a.same(b),
            (None, None) => true,
            _ => false,
        }
    }
    fn show(&self) -> String {
        self.as_ref()
            .map_or_else(|| "(none)".to_owned(), Value::show)
    }
}

impl<V: Value + PartialEq> Value for Vec<V> {
    fn same(&self, other: &Self) -> bool {
        self == other
    }
    fn show(&self) -> String {
        if self.is_empty() {
            "(none)".to_owned()
        } else {
            self.iter()
                .map(Value::show)
                .collect::<Vec<_>>()
                .join("; ")
                .show()
        }
    }
}

impl Value for crate::domain::Evidence {
    fn same(&self, other: &Self) -> bool {
        self == other
    }
    fn show(&self) -> String {
        self.cite("·")
    }
}

impl Value for crate::domain::LogEntry {
    fn same(&self, other: &Self) -> bool {
        self == other
    }
    fn show(&self) -> String {
        format!("{} {}", self.date, self.text)
    }
}

impl Value for crate::domain::Measurement {
    fn same(&self, other: &Self) -> bool {
        self.date == other.date && self.value.same(&other.value) && self.source == other.source
    }
    fn show(&self) -> String {
        format!("{} {}", self.date, self.value)
    }
}

impl Value for crate::domain::CheckpointSource {
    fn same(&self, other: &Self) -> bool {
        self == other
    }
    fn show(&self) -> String {
        "reports".to_owned()
    }
}

impl Value for f64 {
    fn same(&self, other: &Self) -> bool {
        self == other || (self.is_nan() && other.is_nan())
    }
    fn show(&self) -> String {
        self.to_string()
    }
}

macro_rules! shown_as_display {
    ($($t:ty),*) => {$(
        impl Value for $t {
            fn same(&self, other: &Self) -> bool {
                self == other
            }
            fn show(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
shown_as_display!(u32, i32, NaiveDate);

impl Value for Comparator {
    fn same(&self, other: &Self) -> bool {
        self == other
    }
    fn show(&self) -> String {
        match self {
            Comparator::AtLeast => "at_least",
            Comparator::MoreThan => "more_than",
            Comparator::LessThan => "less_than",
            Comparator::AtMost => "at_most",
        }
        .to_owned()
    }
}

impl Value for Unit {
    fn same(&self, other: &Self) -> bool {
        self == other
    }
    fn show(&self) -> String {
        match self {
            Unit::Percent => "percent",
            Unit::Count => "count",
        }
        .to_owned()
    }
}

/// Visits plain fields (get by clone, set by assignment) of `$t`.
macro_rules! plain {
    ($v:expr, $t:ty: $($f:ident),+) => {$(
        $v.field(stringify!($f), |r: &$t| r.$f.clone(), |r: &mut $t, x| r.$f = x);
    )+};
}

impl Record for Task {
    fn fields<V: Visitor<Self>>(v: &mut V) {
        plain!(v, Task: area, title, output, lead, support, timeframe, budget);
        v.field(
            "status",
            |t| Progress(t.status, t.completed),
            |t, Progress(s, c)| {
                t.status = s;
                t.completed = c;
            },
        );
        plain!(v, Task: due, due_reason, checkpoints, assignee, notes, evidence, log, carried_over);
    }
}

impl Record for Area {
    fn fields<V: Visitor<Self>>(v: &mut V) {
        plain!(v, Area: title);
    }
}

impl Record for Target {
    fn fields<V: Visitor<Self>>(v: &mut V) {
        plain!(v, Target: section, task, text, comparator, value, unit, current, measurements);
    }
}

impl Record for Plan {
    fn fields<V: Visitor<Self>>(v: &mut V) {
        plain!(v, Plan: title, organisation, document, year);
    }
}
