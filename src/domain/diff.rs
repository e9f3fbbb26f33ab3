//! The task-level difference between two versions of a board, as the officer
//! thinks of it (`#12 status: planned → done`, `#5 log + 14/03/2024 Đã ban
//! hành kế hoạch`), not as lines of YAML. Used by `cchc changes`, `cchc
//! history`, the board's changes view and commit messages.
//!
//! The fields compared are those of [`super::fields_visit`], the list the
//! merge walks too. List fields (`log`, `evidence`, `measurements`) are
//! reported entry by entry: an edited entry is its old version removed and
//! its new one added.

use super::fields_visit::{Entry, Record, Value, Visitor, common, same_list};
use super::{Board, Task};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// One difference between two boards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Difference {
    TaskAdded {
        id: u32,
        title: String,
    },
    TaskDeleted {
        id: u32,
        title: String,
    },
    TaskField {
        id: u32,
        field: &'static str,
        before: Option<String>,
        after: Option<String>,
    },
    /// An entry added to or removed from a task's list field (`log`, `evidence`).
    TaskEntry {
        id: u32,
        field: &'static str,
        change: EntryChange,
        entry: String,
    },
    TargetField {
        id: String,
        field: &'static str,
        before: Option<String>,
        after: Option<String>,
    },
    /// A measurement added to or removed from a target.
    TargetEntry {
        id: String,
        field: &'static str,
        change: EntryChange,
        entry: String,
    },
    TargetAdded {
        id: String,
    },
    TargetDeleted {
        id: String,
    },
    Plan {
        field: &'static str,
        before: Option<String>,
        after: Option<String>,
    },
    Area {
        code: String,
        before: Option<String>,
        after: Option<String>,
    },
}

/// What happened to an entry of a list field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryChange {
    Added,
    Removed,
}

impl EntryChange {
    fn sign(self) -> char {
        match self {
            EntryChange::Added => '+',
            EntryChange::Removed => '-',
        }
    }
}

impl Difference {
    /// The task this difference is about, if any.
    pub fn task(&self) -> Option<u32> {
        match self {
            Difference::TaskAdded { id, .. }
            | Difference::TaskDeleted { id, .. }
            | Difference::TaskField { id, .. }
            | Difference::TaskEntry { id, .. } => Some(*id),
            _ => None,
        }
    }
}

fn show(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "(none)".to_owned())
}

/// A list field named for one of its entries: `measurement`, `log`, `evidence`.
fn one_of(field: &str) -> &str {
    match field {
        "measurements" => "measurement",
        other => other,
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::TaskAdded { id, title } => write!(f, "#{id} added: {title}"),
            Difference::TaskDeleted { id, title } => write!(f, "#{id} deleted: {title}"),
            Difference::TaskField {
                id,
                field,
                before,
                after,
            } => {
                write!(f, "#{id} {field}: {} → {}", show(before), show(after))
            }
            Difference::TaskEntry {
                id,
                field,
                change,
                entry,
            } => write!(f, "#{id} {} {} {entry}", one_of(field), change.sign()),
            Difference::TargetField {
                id,
                field,
                before,
                after,
            } => {
                write!(f, "target {id} {field}: {} → {}", show(before), show(after))
            }
            Difference::TargetEntry {
                id,
                field,
                change,
                entry,
            } => write!(f, "target {id} {} {} {entry}", one_of(field), change.sign()),
            Difference::TargetAdded { id } => write!(f, "target {id} added"),
            Difference::TargetDeleted { id } => write!(f, "target {id} deleted"),
            Difference::Plan {
                field,
                before,
                after,
            } => {
                write!(f, "plan {field}: {} → {}", show(before), show(after))
            }
            Difference::Area {
                code,
                before,
                after,
            } => write!(f, "area {code}: {} → {}", show(before), show(after)),
        }
    }
}

/// One field's difference, before it is said of a task, a target or the plan.
enum Change {
    Field {
        field: &'static str,
        before: Option<String>,
        after: Option<String>,
    },
    Entry {
        field: &'static str,
        change: EntryChange,
        entry: String,
    },
}

/// The differences of two versions of one record, field by field in file
/// order, list fields entry by entry.
fn changes<T: Record>(before: &T, after: &T) -> Vec<Change> {
    struct Walk<'a, T> {
        a: &'a T,
        b: &'a T,
        out: Vec<Change>,
    }
    impl<T> Visitor<T> for Walk<'_, T> {
        fn field<V: Value>(&mut self, name: &'static str, get: fn(&T) -> V, _: fn(&mut T, V)) {
            let (a, b) = (get(self.a), get(self.b));
            if a.same(&b) {
                return;
            }
            for ((field, before), (_, after)) in a.parts(name).into_iter().zip(b.parts(name)) {
                if before != after {
                    self.out.push(Change::Field {
                        field,
                        before,
                        after,
                    });
                }
            }
        }
        fn list<E: Entry>(
            &mut self,
            name: &'static str,
            get: fn(&T) -> &Vec<E>,
            _: fn(&mut T) -> &mut Vec<E>,
        ) {
            let (a, b) = (get(self.a), get(self.b));
            if same_list(a, b) {
                return;
            }
            let entry = |change, e: &E| Change::Entry {
                field: name,
                change,
                entry: e.text(),
            };
            let (mut i, mut j) = (0, 0);
            let kept = common(a, b, |x, y| x.same(y));
            for (ki, kj) in kept.into_iter().chain([(a.len(), b.len())]) {
                self.out
                    .extend(a[i..ki].iter().map(|e| entry(EntryChange::Removed, e)));
                self.out
                    .extend(b[j..kj].iter().map(|e| entry(EntryChange::Added, e)));
                (i, j) = (ki + 1, kj + 1);
            }
        }
    }
    let mut w = Walk {
        a: before,
        b: after,
        out: Vec::new(),
    };
    T::fields(&mut w);
    w.out
}

/// Differences of one task between two versions (same id).
pub fn task_differences(before: &Task, after: &Task) -> Vec<Difference> {
    let id = after.id;
    changes(before, after)
        .into_iter()
        .map(|c| match c {
            Change::Field {
                field,
                before,
                after,
            } => Difference::TaskField {
                id,
                field,
                before,
                after,
            },
            Change::Entry {
                field,
                change,
                entry,
            } => Difference::TaskEntry {
                id,
                field,
                change,
                entry,
            },
        })
        .collect()
}

/// Differences of one target between two versions (same id).
fn target_differences(before: &super::Target, after: &super::Target) -> Vec<Difference> {
    changes(before, after)
        .into_iter()
        .map(|c| match c {
            Change::Field {
                field,
                before,
                after: a,
            } => Difference::TargetField {
                id: after.id.clone(),
                field,
                before,
                after: a,
            },
            Change::Entry {
                field,
                change,
                entry,
            } => Difference::TargetEntry {
                id: after.id.clone(),
                field,
                change,
                entry,
            },
        })
        .collect()
}

fn tasks_by_id(b: &Board) -> BTreeMap<u32, &Task> {
    b.tasks.iter().map(|t| (t.id, t)).collect()
}

fn targets_by_id(b: &Board) -> BTreeMap<String, &super::Target> {
    b.targets.iter().map(|t| (t.id.clone(), t)).collect()
}

/// Everything that differs from `before` to `after`: plan, areas, tasks (by
/// id, in id order), targets (by id).
pub fn differences(before: &Board, after: &Board) -> Vec<Difference> {
    let mut out = Vec::new();
    for c in changes(&before.plan, &after.plan) {
        if let Change::Field {
            field,
            before,
            after,
        } = c
        {
            out.push(Difference::Plan {
                field,
                before,
                after,
            });
        }
    }
    let areas = |b: &Board| {
        b.areas
            .iter()
            .map(|a| (a.code.clone(), a.title.clone()))
            .collect::<BTreeMap<_, _>>()
    };
    let (aa, ab) = (areas(before), areas(after));
    for code in aa.keys().chain(ab.keys().filter(|k| !aa.contains_key(*k))) {
        let (x, y) = (aa.get(code).cloned(), ab.get(code).cloned());
        if x != y {
            out.push(Difference::Area {
                code: code.clone(),
                before: x,
                after: y,
            });
        }
    }
    let (ta, tb) = (tasks_by_id(before), tasks_by_id(after));
    let mut ids: Vec<u32> = ta.keys().chain(tb.keys()).copied().collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        match (ta.get(&id), tb.get(&id)) {
            (Some(a), Some(b)) => out.extend(task_differences(a, b)),
            (None, Some(b)) => out.push(Difference::TaskAdded {
                id,
                title: b.title.to_string(),
            }),
            (Some(a), None) => out.push(Difference::TaskDeleted {
                id,
                title: a.title.to_string(),
            }),
            (None, None) => {}
        }
    }
    let (ga, gb) = (targets_by_id(before), targets_by_id(after));
    let mut tids: Vec<&String> = ga.keys().chain(gb.keys()).collect();
    tids.sort();
    tids.dedup();
    for id in tids {
        match (ga.get(id), gb.get(id)) {
            (Some(a), Some(b)) => out.extend(target_differences(a, b)),
            (None, Some(_)) => out.push(Difference::TargetAdded { id: id.clone() }),
            (Some(_), None) => out.push(Difference::TargetDeleted { id: id.clone() }),
            (None, None) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;

    fn shipped() -> Board {
        crate::storage::shipped_for_tests()
    }

    #[test]
    fn identical_boards_have_no_differences() {
        assert_eq!(differences(&shipped(), &shipped()), vec![]);
    }

    #[test]
    fn a_move_is_status_and_completed() {
        let a = shipped();
        let mut b = a.clone();
        b.set_status(12, Status::Done, "2024-01-05".parse().expect("date"));
        let lines: Vec<String> = differences(&a, &b)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            lines,
            [
                "#12 status: planned → done",
                "#12 completed: (none) → 2024-01-05"
            ]
        );
    }

    #[test]
    fn added_deleted_due_and_targets() {
        let a = shipped();
        let mut b = a.clone();
        b.tasks.retain(|t| t.id != 3);
        let mut t = b.tasks[0].clone();
        t.id = 44;
        t.title = "Mới".into();
        b.tasks.push(t);
        b.tasks[5].due = "2024-04-15".parse().ok();
        b.targets[0].current = Some(64.5);
        let lines: Vec<String> = differences(&a, &b)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            lines,
            [
                "#3 deleted: Rà soát văn bản quy phạm pháp luật thuộc phạm vi quản lý nhà nước của Sở để tham mưu, đề xuất cấp có thẩm quyền sửa đổi, bổ sung hoặc bãi bỏ cho phù hợp với thực tiễn và quy định của pháp luật hiện hành",
                "#7 due: (none) → 2024-04-15",
                "#44 added: Mới",
                "target II.1a current: (none) → 64.5",
            ]
        );
    }

    fn entry(d: &str, text: &str) -> crate::domain::LogEntry {
        crate::domain::LogEntry {
            date: d.parse().expect("date"),
            text: text.into(),
            evidence: vec![],
        }
    }

    fn lines(a: &Board, b: &Board) -> Vec<String> {
        differences(a, b).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn list_fields_read_entry_by_entry() {
        let mut a = shipped();
        a.tasks[4].add_log(entry("2024-01-15", "Đã xây dựng dự thảo"));
        a.tasks[4].add_log(entry("2024-02-20", "Đã lấy ý kiến"));
        let mut b = a.clone();
        b.tasks[4].add_log(entry("2024-03-14", "Đã ban hành kế hoạch"));
        b.tasks[4].log[0].text = "Đã xây dựng dự thảo lần 2".into();
        b.tasks[4]
            .evidence
            .push(crate::domain::Evidence::Document(crate::domain::Document {
                number: "12/KH-SXD".into(),
                date: "2024-03-14".parse().expect("date"),
                title: "Kế hoạch CCHC".into(),
                issuer: None,
                link: None,
            }));
        b.tasks[4].due_reason = Some("Công văn 45/UBND".into());
        b.tasks[4].checkpoints = Some(crate::domain::CheckpointSource::Reports);
        b.targets[0].record(crate::domain::Measurement {
            date: "2024-03-14".parse().expect("date"),
            value: 58.97,
            source: Some("Hệ thống một cửa".into()),
        });
        assert_eq!(
            lines(&a, &b),
            [
                "#5 due_reason: (none) → Công văn 45/UBND",
                "#5 checkpoints: (none) → reports",
                "#5 evidence + 12/KH-SXD · 14/03/2024: Kế hoạch CCHC",
                "#5 log - 15/01/2024 Đã xây dựng dự thảo",
                "#5 log + 15/01/2024 Đã xây dựng dự thảo lần 2",
                "#5 log + 14/03/2024 Đã ban hành kế hoạch",
                "target II.1a measurement + 14/03/2024 58.97 (Hệ thống một cửa)",
            ]
        );
        // Removing is the same read backwards.
        assert_eq!(lines(&b, &a)[5], "#5 log - 14/03/2024 Đã ban hành kế hoạch");
        let json = serde_json::to_value(&differences(&a, &b)[5]).expect("json");
        assert_eq!(
            json,
            serde_json::json!({
                "kind": "task_entry",
                "id": 5,
                "field": "log",
                "change": "added",
                "entry": "14/03/2024 Đã ban hành kế hoạch",
            })
        );
        assert_eq!(differences(&a, &b)[5].task(), Some(5));
    }

    #[test]
    fn existing_kinds_keep_their_json_shape() {
        let a = shipped();
        let mut b = a.clone();
        b.tasks[6].due = "2024-04-15".parse().ok();
        b.targets[0].comparator = crate::domain::Comparator::AtMost;
        let json = serde_json::to_value(differences(&a, &b)).expect("json");
        assert_eq!(
            json,
            serde_json::json!([
                {"kind": "task_field", "id": 7, "field": "due", "before": null, "after": "2024-04-15"},
                {"kind": "target_field", "id": "II.1a", "field": "comparator", "before": "at_least", "after": "at_most"},
            ])
        );
    }
}
