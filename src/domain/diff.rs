//! The task-level difference between two versions of a board, as the officer
//! thinks of it (`#12 status: planned → done`), not as lines of YAML. Used by
//! `cchc changes`, `cchc history`, the board's changes view and commit messages.

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
    TargetField {
        id: String,
        field: &'static str,
        before: Option<String>,
        after: Option<String>,
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

impl Difference {
    /// The task this difference is about, if any.
    pub fn task(&self) -> Option<u32> {
        match self {
            Difference::TaskAdded { id, .. }
            | Difference::TaskDeleted { id, .. }
            | Difference::TaskField { id, .. } => Some(*id),
            _ => None,
        }
    }
}

fn show(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "(none)".to_owned())
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
            Difference::TargetField {
                id,
                field,
                before,
                after,
            } => {
                write!(f, "target {id} {field}: {} → {}", show(before), show(after))
            }
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

/// A task's fields as (name, value) in file order; `None` for an absent
/// optional field. Lists are shown joined by "; ".
pub fn task_fields(t: &Task) -> [(&'static str, Option<String>); 14] {
    let some = |s: &str| Some(s.to_owned());
    [
        ("area", some(&t.area)),
        ("title", some(&t.title)),
        ("output", some(&t.output)),
        ("lead", some(&t.lead)),
        ("support", some(&t.support)),
        ("timeframe", some(&t.timeframe)),
        ("budget", some(&t.budget)),
        ("status", some(t.status.as_str())),
        ("due", t.due.map(|d| d.to_string())),
        ("completed", t.completed.map(|d| d.to_string())),
        ("assignee", t.assignee.clone()),
        ("notes", t.notes.clone()),
        (
            "evidence",
            (!t.evidence.is_empty()).then(|| {
                t.evidence
                    .iter()
                    .map(|e| e.cite("·"))
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
        ),
        ("carried_over", t.carried_over.clone()),
    ]
}

/// Differences of one task between two versions (same id).
pub fn task_differences(before: &Task, after: &Task) -> Vec<Difference> {
    task_fields(before)
        .into_iter()
        .zip(task_fields(after))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, a), (_, b))| Difference::TaskField {
            id: after.id,
            field,
            before: a,
            after: b,
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
    let plan = |b: &Board| {
        [
            ("title", b.plan.title.clone()),
            ("organisation", b.plan.organisation.clone()),
            ("document", b.plan.document.clone()),
            ("year", b.plan.year.to_string()),
        ]
    };
    for ((field, a), (_, b)) in plan(before).into_iter().zip(plan(after)) {
        if a != b {
            out.push(Difference::Plan {
                field,
                before: Some(a),
                after: Some(b),
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
                title: b.title.clone(),
            }),
            (Some(a), None) => out.push(Difference::TaskDeleted {
                id,
                title: a.title.clone(),
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
            (Some(a), Some(b)) => {
                let num = |v: Option<f64>| v.map(|x| x.to_string());
                let fields = [
                    ("value", num(Some(a.value)), num(Some(b.value))),
                    ("current", num(a.current), num(b.current)),
                    ("text", Some(a.text.clone()), Some(b.text.clone())),
                    (
                        "comparator",
                        Some(format!("{:?}", a.comparator)),
                        Some(format!("{:?}", b.comparator)),
                    ),
                    ("section", Some(a.section.clone()), Some(b.section.clone())),
                ];
                for (field, x, y) in fields {
                    if x != y {
                        out.push(Difference::TargetField {
                            id: id.clone(),
                            field,
                            before: x,
                            after: y,
                        });
                    }
                }
            }
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
}
