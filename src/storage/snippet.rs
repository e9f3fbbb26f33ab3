//! One task as a YAML snippet, for editing in `$EDITOR`: the same canonical
//! field order as the board file, and the same located errors on the way back.

use super::yaml;
use crate::domain::{Board, Severity, Task, validate};

/// The first and last lines of the error block at the top of a reopened file.
const ERROR_HEAD: &str = "# The last edit could not be used:";
const ERROR_TAIL: &str = "# Fix it and save, or empty the file (or quit without saving) to cancel.";

/// The text the editor opens: an optional error block as comments, then the task.
pub fn task_to_yaml(task: &Task, error: Option<&str>) -> String {
    // A task is plain strings, numbers and dates: serialising cannot fail.
    let body =
        yaml::to_string(task).unwrap_or_else(|e| unreachable!("serialising a task: {}", e.message));
    match error {
        Some(e) => format!("{}{body}", error_block(e)),
        None => body,
    }
}

fn error_block(error: &str) -> String {
    let mut out = format!("{ERROR_HEAD}\n");
    for line in error.lines() {
        out.push_str("#   ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(ERROR_TAIL);
    out.push('\n');
    out
}

/// `text` without the error block [`task_to_yaml`] or [`read_edited`] put at
/// its top; everything the user wrote stays, byte for byte.
pub fn strip_error_block(text: &str) -> &str {
    let Some(mut rest) = text
        .strip_prefix(ERROR_HEAD)
        .and_then(|r| r.strip_prefix('\n'))
    else {
        return text;
    };
    loop {
        if let Some(after) = rest.strip_prefix(ERROR_TAIL) {
            return after.strip_prefix('\n').unwrap_or(after);
        }
        if !rest.starts_with("#   ") {
            return rest;
        }
        rest = rest.split_once('\n').map_or("", |(_, after)| after);
    }
}

/// One round of the editor: the edited task, or the text to reopen the editor
/// with: the user's own text (not the original task), with the error on top.
/// Line numbers in the error count lines of that reopened file.
pub fn read_edited(edited: &str, original: &Task, board: &Board) -> Result<Task, String> {
    let body = strip_error_block(edited);
    check_edit(body, original, board).map_err(|(at, message)| {
        // The block adds its head and tail lines and one line per message line.
        let shift = 2 + message.lines().count().max(1);
        let error = match at {
            Some((l, c)) => format!("line {}, column {c}: {message}", l + shift),
            None => message,
        };
        format!("{}{body}", error_block(&error))
    })
}

/// Parses an edited snippet and checks it against the board: the id may not
/// change, and the board with the edited task must still be valid.
pub fn task_from_yaml(text: &str, original: &Task, board: &Board) -> Result<Task, String> {
    check_edit(text, original, board).map_err(|(at, message)| match at {
        Some((l, c)) => format!("line {l}, column {c}: {message}"),
        None => message,
    })
}

/// [`task_from_yaml`] with the error's position apart from its message.
fn check_edit(
    text: &str,
    original: &Task,
    board: &Board,
) -> Result<Task, (Option<(usize, usize)>, String)> {
    let task: Task = yaml::from_str(text)
        .map_err(|e| (e.line.zip(e.column), super::explain_yaml(&e.message)))?;
    if task.id != original.id {
        return Err((
            None,
            format!(
                "the id must stay {} (ids are never changed or reused)",
                original.id
            ),
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
        Err((None, errors.join("\n")))
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
        // The task's text with one line changed, as the user typed it: the error.
        let edited = |from: &str, to: &str| {
            task_from_yaml(&task_to_yaml(t, None).replace(from, to), t, &b).expect_err("a bad edit")
        };
        let e = edited("area: I", "area: X");
        assert!(e.contains("unknown area code `X`"), "{e}");
        let e = edited("id: 7", "id: 8");
        assert!(e.contains("must stay 7"), "{e}");
        let e = edited("status: planned", "status: finished");
        assert!(
            e.starts_with("line 9, column 9: status: unknown variant `finished`"),
            "{e}"
        );
        let e = edited("status: planned", "status: [done]");
        assert!(
            e.starts_with("line 9, column 9: status: a list where one value belongs"),
            "{e}"
        );
    }

    #[test]
    fn a_failed_edit_reopens_the_users_text_with_the_error_on_top() {
        let b = board();
        let t = &b.tasks[0];
        let typed = task_to_yaml(t, None)
            .replace("title: Kế hoạch", "title: Kế hoạch đã sửa # mine")
            .replace("status: planned", "status: finished");
        let reopen = read_edited(&typed, t, &b).expect_err("invalid status");
        assert!(
            reopen.ends_with(&typed),
            "the user's text is kept:\n{reopen}"
        );
        assert!(reopen.starts_with(ERROR_HEAD), "{reopen}");
        // The error's line is the line of the reopened file that holds it.
        let head = reopen.lines().nth(1).expect("the message line");
        let line: usize = head
            .trim_start_matches("#   line ")
            .split(',')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("a line number");
        assert_eq!(
            reopen.lines().nth(line - 1),
            Some("status: finished"),
            "{reopen}"
        );
        // Failing again replaces the block instead of stacking a second one.
        let again = read_edited(&reopen, t, &b).expect_err("still invalid");
        assert_eq!(again, reopen);
        assert_eq!(again.matches(ERROR_HEAD).count(), 1);
        // Fixed, it reads back with the user's other edit.
        let fixed = again.replace("status: finished", "status: in_progress");
        let task = read_edited(&fixed, t, &b).expect("valid");
        assert_eq!(&*task.title, "Kế hoạch đã sửa");
        assert_eq!(task.status, crate::domain::Status::InProgress);
    }

    #[test]
    fn only_the_programs_own_block_is_stripped() {
        assert_eq!(
            strip_error_block("# my note\nid: 1\n"),
            "# my note\nid: 1\n"
        );
        let block = error_block("bad");
        assert_eq!(strip_error_block(&format!("{block}id: 1\n")), "id: 1\n");
        assert_eq!(
            strip_error_block(&format!("{ERROR_HEAD}\n#   bad\nid: 1\n")),
            "id: 1\n"
        );
    }
}
