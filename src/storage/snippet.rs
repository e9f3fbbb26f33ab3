//! One task as a YAML snippet, for editing in `$EDITOR`: the same canonical
//! field order as the board file, and the same located errors on the way back.

use super::yaml;
use crate::domain::{Board, Severity, Task, validate};

/// The text the editor opens: an optional error block as comments, then the task.
pub fn task_to_yaml(task: &Task, error: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(e) = error {
        out.push_str("# The last edit could not be used:\n");
        for line in e.lines() {
            out.push_str("#   ");
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("# Fix it and save, or empty the file (or quit without saving) to cancel.\n");
    }
    // A task is plain strings, numbers and dates: serialising cannot fail.
    out.push_str(
        &yaml::to_string(task)
            .unwrap_or_else(|e| unreachable!("serialising a task: {}", e.message)),
    );
    out
}

/// Parses an edited snippet and checks it against the board: the id may not
/// change, and the board with the edited task must still be valid.
pub fn task_from_yaml(text: &str, original: &Task, board: &Board) -> Result<Task, String> {
    let task: Task = yaml::from_str(text).map_err(|e| match (e.line, e.column) {
        (Some(l), Some(c)) => format!("line {l}, column {c}: {}", e.message),
        _ => e.message,
    })?;
    if task.id != original.id {
        return Err(format!(
            "the id must stay {} (ids are never changed or reused)",
            original.id
        ));
    }
    let mut check = board.clone();
    if let Some(slot) = check.tasks.iter_mut().find(|t| t.id == task.id) {
        *slot = task.clone();
    }
    let errors: Vec<String> = validate(&check)
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.message)
        .collect();
    if errors.is_empty() {
        Ok(task)
    } else {
        Err(errors.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn board() -> Board {
        Board::for_tests(vec![Task {
            lead: "Văn phòng Sở".into(),
            timeframe: "Quý I/2024".into(),
            ..Task::new(7, "I", "Kế hoạch")
        }])
    }

    #[test]
    fn snippet_round_trips() {
        let b = board();
        let text = task_to_yaml(&b.tasks[0], None);
        assert!(
            text.starts_with("id: 7\narea: I\ntitle: Kế hoạch\n"),
            "{text}"
        );
        assert_eq!(
            task_from_yaml(&text, &b.tasks[0], &b),
            Ok(b.tasks[0].clone())
        );
    }

    #[test]
    fn error_comments_do_not_break_parsing() {
        let b = board();
        let text = task_to_yaml(&b.tasks[0], Some("line 3: bad\nsecond line"));
        assert!(
            text.starts_with(
                "# The last edit could not be used:\n#   line 3: bad\n#   second line\n"
            )
        );
        assert_eq!(
            task_from_yaml(&text, &b.tasks[0], &b),
            Ok(b.tasks[0].clone())
        );
    }

    #[test]
    fn bad_edits_are_explained() {
        let b = board();
        let t = &b.tasks[0];
        let e = task_from_yaml(&task_to_yaml(t, None).replace("area: I", "area: X"), t, &b)
            .expect_err("area");
        assert!(e.contains("unknown area code `X`"), "{e}");
        let e = task_from_yaml(&task_to_yaml(t, None).replace("id: 7", "id: 8"), t, &b)
            .expect_err("id");
        assert!(e.contains("must stay 7"), "{e}");
        let e = task_from_yaml(
            &task_to_yaml(t, None).replace("status: planned", "status: finished"),
            t,
            &b,
        )
        .expect_err("status");
        assert!(
            e.starts_with("line 9, column 9: status: unknown variant `finished`"),
            "{e}"
        );
    }
}
