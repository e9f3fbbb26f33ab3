//! Each record's fields (a task, an area, a target, the plan), listed once,
//! in file order, with how to read and write each one. The task-level diff
//! ([`super::diff`]) and the three-way merge (`crate::merge`) both walk this
//! list, so a field added to [`Task`] is one edit here that both pick up.
//!
//! The list is written with [`record_fields!`], which also destructures the
//! record exhaustively: a field of the struct missing from the list is a
//! compile error naming it.
//!
//! A field is one of:
//! - a plain value ([`Value`]), compared whole;
//! - a list of entries ([`Entry`]): `log`, `evidence`, `measurements`, which a
//!   diff reports entry by entry and a merge merges entry by entry;
//! - `status` with `completed`, one value ([`Progress`]) since `cchc move`
//!   sets both: a merge takes them from the same side, a diff still names them
//!   apart.

use super::{
    Area, CheckpointSource, Comparator, Evidence, LogEntry, Measurement, Plan, Status, Target,
    Task, Unit,
};
use chrono::NaiveDate;

/// A field's value as the diff and the merge compare and show it.
pub(crate) trait Value: Clone {
    /// Equality, with NaN equal to NaN (a number the file can hold).
    fn same(&self, other: &Self) -> bool;
    /// The value as text, `None` when absent (an unset optional field).
    fn text(&self) -> Option<String>;
    /// The fields of the file this value is, as a diff names them: the field
    /// itself, except for a value made of several (`status` + `completed`).
    fn parts(&self, field: &'static str) -> Vec<(&'static str, Option<String>)> {
        vec![(field, self.text())]
    }
}

/// One entry of a list field.
pub(crate) trait Entry: Clone + PartialEq + serde::Serialize {
    /// What identifies an entry across versions of its list: the same key is
    /// the same entry, possibly edited (a log entry's date and text: a
    /// document added to its evidence is an edit of that entry).
    type Key: Eq;
    fn key(&self) -> Self::Key;
    /// Whether `other`, in place of `self` in another version of the list,
    /// is `self` edited rather than another entry: a log entry or a
    /// measurement keeps its day when edited, a document its number.
    fn edit_of(&self, other: &Self) -> bool;
    /// The day a list kept in date order sorts by; `None` for a list kept in
    /// the order it was written (evidence).
    fn day(&self) -> Option<NaiveDate>;
    /// Equality, with NaN equal to NaN.
    fn same(&self, other: &Self) -> bool {
        self == other
    }
    /// The entry on one line, as a diff shows it: `14/03/2024 Đã ban hành kế hoạch`.
    fn text(&self) -> String;
    /// A short name for the entry in a conflict message: its day, or the
    /// document's number.
    fn label(&self) -> String;
}

/// Walks a record's fields in file order.
pub(crate) trait Visitor<T> {
    /// A plain field (or `status` + `completed`).
    fn field<V: Value>(&mut self, name: &'static str, get: fn(&T) -> V, set: fn(&mut T, V));
    /// A list field.
    fn list<E: Entry>(
        &mut self,
        name: &'static str,
        get: fn(&T) -> &Vec<E>,
        set: fn(&mut T) -> &mut Vec<E>,
    );
}

/// A record whose fields can be walked. Its key (task id, area code, target
/// id) is not one of them.
pub(crate) trait Record: Clone {
    fn fields<V: Visitor<Self>>(v: &mut V);
}

/// `status` and `completed` as one value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Progress(pub Status, pub Option<NaiveDate>);

impl Value for Progress {
    fn same(&self, other: &Self) -> bool {
        self == other
    }
    fn text(&self) -> Option<String> {
        Some(match self {
            Progress(Status::Done, Some(day)) => format!("done on {day}"),
            Progress(status, Some(day)) => format!("{status}, completed {day}"),
            Progress(status, None) => status.to_string(),
        })
    }
    fn parts(&self, _: &'static str) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("status", Some(self.0.as_str().to_owned())),
            ("completed", self.1.map(|d| d.to_string())),
        ]
    }
}

impl Value for String {
    fn same(&self, other: &Self) -> bool {
        self == other
    }
    fn text(&self) -> Option<String> {
        Some(self.clone())
    }
}

/// The task's required text fields ([`super::Shared`]).
impl Value for std::sync::Arc<str> {
    fn same(&self, other: &Self) -> bool {
        self == other
    }
    fn text(&self) -> Option<String> {
        Some(self.to_string())
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
    fn text(&self) -> Option<String> {
        self.as_ref().and_then(Value::text)
    }
}

impl Value for f64 {
    fn same(&self, other: &Self) -> bool {
        self == other || (self.is_nan() && other.is_nan())
    }
    fn text(&self) -> Option<String> {
        Some(self.to_string())
    }
}

macro_rules! shown_as_display {
    ($($t:ty),*) => {$(
        impl Value for $t {
            fn same(&self, other: &Self) -> bool {
                self == other
            }
            fn text(&self) -> Option<String> {
                Some(self.to_string())
            }
        }
    )*};
}
shown_as_display!(u32, i32, NaiveDate);

/// Shown as the file writes them.
macro_rules! shown_as_written {
    ($($t:ty { $($v:path => $s:literal),+ })*) => {$(
        impl Value for $t {
            fn same(&self, other: &Self) -> bool {
                self == other
            }
            fn text(&self) -> Option<String> {
                Some(match self { $($v => $s),+ }.to_owned())
            }
        }
    )*};
}
shown_as_written! {
    Comparator {
        Comparator::AtLeast => "at_least",
        Comparator::MoreThan => "more_than",
        Comparator::LessThan => "less_than",
        Comparator::AtMost => "at_most"
    }
    Unit { Unit::Percent => "percent", Unit::Count => "count" }
    CheckpointSource { CheckpointSource::Reports => "reports" }
}

fn dmy(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// Evidence as a diff and a conflict show it (language-neutral separator).
fn cite(e: &Evidence) -> String {
    e.cite("·")
}

impl Entry for LogEntry {
    type Key = (NaiveDate, String);
    fn key(&self) -> Self::Key {
        (self.date, self.text.clone())
    }
    fn edit_of(&self, other: &Self) -> bool {
        self.date == other.date
    }
    fn day(&self) -> Option<NaiveDate> {
        Some(self.date)
    }
    fn text(&self) -> String {
        let mut s = format!("{} {}", dmy(self.date), self.text);
        if !self.evidence.is_empty() {
            let docs: Vec<String> = self.evidence.iter().map(cite).collect();
            s.push_str(&format!(" [{}]", docs.join("; ")));
        }
        s
    }
    fn label(&self) -> String {
        dmy(self.date)
    }
}

impl Entry for Evidence {
    /// A document's number; free text itself.
    type Key = (bool, String);
    fn key(&self) -> Self::Key {
        match self {
            Evidence::Text(t) => (false, t.clone()),
            Evidence::Document(d) => (true, d.number.clone()),
        }
    }
    /// A document keeps its number; rewritten free text is another entry.
    fn edit_of(&self, other: &Self) -> bool {
        match (self, other) {
            (Evidence::Document(a), Evidence::Document(b)) => a.number == b.number,
            _ => false,
        }
    }
    fn day(&self) -> Option<NaiveDate> {
        None
    }
    fn text(&self) -> String {
        cite(self)
    }
    fn label(&self) -> String {
        match self {
            Evidence::Text(t) => cut(t, 30),
            Evidence::Document(d) => d.number.clone(),
        }
    }
}

impl Entry for Measurement {
    type Key = (NaiveDate, Option<String>);
    fn key(&self) -> Self::Key {
        (self.date, self.source.clone())
    }
    fn edit_of(&self, other: &Self) -> bool {
        self.date == other.date
    }
    fn day(&self) -> Option<NaiveDate> {
        Some(self.date)
    }
    fn same(&self, other: &Self) -> bool {
        self.date == other.date && self.value.same(&other.value) && self.source == other.source
    }
    fn text(&self) -> String {
        let mut s = format!("{} {}", dmy(self.date), self.value);
        if let Some(source) = &self.source {
            s.push_str(&format!(" ({source})"));
        }
        s
    }
    fn label(&self) -> String {
        dmy(self.date)
    }
}

/// At most `n` characters, `…` marking a cut.
pub(crate) fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The whole lists' equality, entry by entry with [`Entry::same`].
pub(crate) fn same_list<E: Entry>(a: &[E], b: &[E]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y))
}

/// `record_fields!(Task { key id; field area, title; progress status, completed; list log; })`:
/// implements [`Record`] visiting the fields in the order given, and checks
/// at compile time that every field of the struct is named (as `key` when it
/// is the record's key, not visited).
macro_rules! record_fields {
    ($t:ident { $($kind:ident $($f:ident),+;)+ }) => {
        impl Record for $t {
            fn fields<V: Visitor<Self>>(v: &mut V) {
                $( record_fields!(@$kind v, $t: $($f),+); )+
            }
        }
        const _: () = {
            /// Every field of the struct is in the list above.
            #[allow(dead_code)]
            fn all_named(r: &$t) {
                let $t { $($($f: _,)+)+ } = r;
            }
        };
    };
    (@key $v:ident, $t:ident: $($f:ident),+) => {};
    (@field $v:ident, $t:ident: $($f:ident),+) => {$(
        $v.field(stringify!($f), |r: &$t| r.$f.clone(), |r: &mut $t, x| r.$f = x);
    )+};
    (@list $v:ident, $t:ident: $($f:ident),+) => {$(
        $v.list(stringify!($f), |r: &$t| &r.$f, |r: &mut $t| &mut r.$f);
    )+};
    (@progress $v:ident, $t:ident: $status:ident, $completed:ident) => {
        $v.field(
            "status",
            |r: &$t| Progress(r.$status, r.$completed),
            |r: &mut $t, Progress(s, c)| {
                r.$status = s;
                r.$completed = c;
            },
        );
    };
}

record_fields!(Task {
    key id;
    field area, title, output, lead, support, timeframe, budget;
    progress status, completed;
    field due, due_reason, checkpoints, assignee, notes;
    list evidence, log;
    field carried_over;
});

record_fields!(Area {
    key code;
    field title;
});

record_fields!(Target {
    key id;
    field section, task, text, comparator, value, unit, current;
    list measurements;
});

record_fields!(Plan {
    field title, organisation, document, year;
});

/// The fields in which two versions of a record differ, in file order.
pub(crate) fn changed<T: Record>(before: &T, after: &T) -> Vec<&'static str> {
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
        fn list<E: Entry>(
            &mut self,
            name: &'static str,
            get: fn(&T) -> &Vec<E>,
            _: fn(&mut T) -> &mut Vec<E>,
        ) {
            if !same_list(get(self.a), get(self.b)) {
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

/// The pairs `(i, j)` of a longest common subsequence of `a` and `b` under
/// `eq`, in order. Lists here are short (a task's log, a target's
/// measurements), so the quadratic table is fine.
pub(crate) fn common<A, B>(a: &[A], b: &[B], eq: impl Fn(&A, &B) -> bool) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    // len[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut len = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i][j] = if eq(&a[i], &b[j]) {
                len[i + 1][j + 1] + 1
            } else {
                len[i + 1][j].max(len[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if eq(&a[i], &b[j]) {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if len[i + 1][j] >= len[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Document;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    /// Two tasks differing in every field (the struct literals are
    /// exhaustive, so a new field must be given here).
    fn two_tasks() -> (Task, Task) {
        let a = Task {
            id: 1,
            area: "I".into(),
            title: "a".into(),
            output: "a".into(),
            lead: "a".into(),
            support: "a".into(),
            timeframe: "a".into(),
            budget: "a".into(),
            status: Status::Planned,
            due: Some(day("2024-01-01")),
            due_reason: Some("a".into()),
            checkpoints: None,
            completed: None,
            assignee: Some("a".into()),
            notes: Some("a".into()),
            evidence: vec!["a".into()],
            log: vec![LogEntry {
                date: day("2024-01-01"),
                text: "a".into(),
                evidence: vec![],
            }],
            carried_over: Some("a".into()),
        };
        let b = Task {
            id: 1,
            area: "II".into(),
            title: "b".into(),
            output: "b".into(),
            lead: "b".into(),
            support: "b".into(),
            timeframe: "b".into(),
            budget: "b".into(),
            status: Status::Done,
            due: Some(day("2024-02-02")),
            due_reason: Some("b".into()),
            checkpoints: Some(CheckpointSource::Reports),
            completed: Some(day("2024-02-02")),
            assignee: Some("b".into()),
            notes: Some("b".into()),
            evidence: vec![Evidence::Document(Document {
                number: "1/KH".into(),
                date: day("2024-02-02"),
                title: "b".into(),
                issuer: None,
                link: None,
            })],
            log: vec![],
            carried_over: None,
        };
        (a, b)
    }

    /// Every field of the file, changed alone, is seen by the visitor. The
    /// fields are taken from the serialised task, so one missing from the
    /// visitor fails here by name.
    #[test]
    fn every_task_field_changed_alone_is_seen() {
        let (a, b) = (two_tasks().0, two_tasks().1);
        let json = |t: &Task| match serde_json::to_value(t).expect("json") {
            serde_json::Value::Object(m) => m,
            _ => unreachable!("a task is a mapping"),
        };
        let (ja, jb) = (json(&a), json(&b));
        let names: std::collections::BTreeSet<&String> = ja.keys().chain(jb.keys()).collect();
        for name in names {
            if name == "id" {
                continue;
            }
            let mut one = ja.clone();
            match jb.get(name) {
                Some(v) => one.insert(name.clone(), v.clone()),
                None => one.remove(name),
            };
            let t: Task = serde_json::from_value(serde_json::Value::Object(one)).expect("task");
            let seen = changed(&a, &t);
            let expected = if name == "completed" { "status" } else { name };
            assert_eq!(seen, [expected], "changing only `{name}`");
        }
        assert_eq!(changed(&a, &a), Vec::<&str>::new());
    }
}
