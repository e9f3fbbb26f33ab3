//! The rendering's promise: blocks serialised one by one give the canonical
//! text, so a clean merge and every choice of sides is canonical.

use super::list::{arrange, primary};
use super::render::resolve;
use super::*;
use crate::storage::{find_conflicts, to_yaml};

const SHIPPED: &str = crate::storage::SHIPPED_TEXT;

fn shipped() -> Board {
    crate::storage::yaml::from_str(SHIPPED).expect("shipped board")
}

fn labels() -> Labels {
    Labels::new(Some("board.yaml"))
}

#[test]
fn rendering_block_by_block_is_the_canonical_text() {
    let mut rich = shipped();
    rich.tasks[0].notes = Some("dòng 1\n\n  thụt lề\n- không phải mục\n".into());
    rich.tasks[0].evidence = vec!["Kế hoạch số 12/KH-SXD".into(), "- x".into()];
    rich.tasks[1].due = "2024-05-01".parse().ok();
    rich.tasks[2].assignee = Some("yes".into());
    rich.tasks[3].title = "'quoted' : text # not a comment".into();
    rich.targets[0].current = Some(64.5);
    rich.plan.document = "no".into();
    let mut empty = shipped();
    empty.tasks.clear();
    empty.targets.clear();
    for board in [shipped(), rich, empty] {
        let m = merge3(&board, &board, &board);
        assert!(m.is_clean());
        assert_eq!(render::render(&m, &labels()), to_yaml(&board));
    }
}

#[test]
fn each_side_of_a_conflicted_rendering_is_canonical() {
    let base = shipped();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.plan.year = 2025;
    theirs.plan.year = 2026;
    ours.areas[1].title = "A".into();
    theirs.areas[1].title = "B".into();
    ours.tasks[4].status = crate::domain::Status::Done;
    theirs.tasks[4].status = crate::domain::Status::InProgress;
    ours.tasks.remove(10);
    theirs.tasks[10].notes = Some("n".into());
    theirs.targets[0].current = Some(1.0);
    ours.targets.remove(0);
    ours.areas.swap(0, 2);
    let m = merge3(&base, &ours, &theirs);
    let text = m.render(&labels());
    // plan, area II, task 5, task 11, target II.3a.
    assert_eq!(find_conflicts(&text).len(), 5, "{text}");
    assert_eq!(resolve(&text, true), to_yaml(&m.ours));
    assert_eq!(resolve(&text, false), to_yaml(&m.theirs));
}

#[test]
fn reordering_keeps_the_side_that_reordered_and_inserts_additions() {
    let keys = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let base = keys(&["a", "b", "c"]);
    let present = |v: &[String]| v.iter().cloned().collect::<HashSet<_>>();
    assert_eq!(
        primary(Some(&base), &keys(&["c", "a", "b"]), &base),
        Some(Side::Ours)
    );
    assert_eq!(
        primary(Some(&base), &base, &keys(&["c", "a", "b"])),
        Some(Side::Theirs)
    );
    assert_eq!(
        primary(
            Some(&base),
            &keys(&["c", "a", "b"]),
            &keys(&["b", "a", "c"])
        ),
        None
    );
    let ours = keys(&["a", "x", "b", "c"]);
    let theirs = keys(&["y", "a", "b", "z", "c"]);
    let all = present(&keys(&["a", "b", "c", "x", "y", "z"]));
    assert_eq!(
        arrange(&ours, &theirs, &all),
        keys(&["y", "a", "x", "b", "z", "c"])
    );
}

#[test]
fn an_entry_conflict_is_marked_around_the_entry_even_with_multiline_text_and_documents() {
    use crate::domain::{Document, Evidence, LogEntry};
    let on = |s: &str| s.parse().expect("date");
    let mut base = shipped();
    let doc = Evidence::Document(Document {
        number: "12/KH-SXD".into(),
        date: on("2024-01-05"),
        title: "Kế hoạch CCHC năm 2024".into(),
        issuer: None,
        link: None,
    });
    for (d, text) in [
        ("2024-01-10", "a"),
        ("2024-02-10", "b"),
        ("2024-03-10", "c"),
    ] {
        base.tasks[4].add_log(LogEntry {
            date: on(d),
            text: text.into(),
            evidence: vec![doc.clone()],
        });
    }
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.tasks[4].log[1].text = "dòng 1\n\n  thụt lề\n- không phải mục\n".into();
    theirs.tasks[4].log[1]
        .evidence
        .push("Công văn 45/SXD-VP".into());
    theirs.tasks[4].notes = Some("ghi chú".into());
    let m = merge3(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    let (o, t) = (&m.ours.tasks[4], &m.theirs.tasks[4]);
    let marked = render::entry_regions(&labels(), o, t).expect("marked around the entry");
    assert!(marked.starts_with("- id: 5\n"), "{marked}");
    let text = m.render(&labels());
    assert!(text.contains(&marked), "{text}");
    assert_eq!(resolve(&text, true), to_yaml(&m.ours));
    assert_eq!(resolve(&text, false), to_yaml(&m.theirs));
    // Entries a and c and the notes are outside the region.
    let region = &text[text.find("<<<<<<<").expect("a region")..];
    let region = &region[..region.find(">>>>>>>").expect("its end")];
    assert!(
        !region.contains("text: a\n") && !region.contains("text: c\n"),
        "{region}"
    );
    assert!(!region.contains("ghi chú"), "{region}");
}
