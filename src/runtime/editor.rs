//! `e`: editing one task in the user's editor, as a YAML snippet.

use crate::app::Msg;
use crate::domain::Board;
use crate::storage;

/// `e`: the task as YAML in `$VISUAL`/`$EDITOR`; after an invalid edit, the
/// user's text is reopened with the error as a comment on top, until it is
/// valid; an unchanged or emptied file, or an editor that fails, changes
/// nothing (after a failed edit, the user's text is kept in a file and named).
pub(super) fn edit_task(
    terminal: ratatui::DefaultTerminal,
    board: &Board,
    task: crate::domain::Task,
    msgs: &mut Vec<Msg>,
) -> Result<ratatui::DefaultTerminal, String> {
    drop(terminal);
    ratatui::restore();
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_owned());
    // What the editor opens: the task, then after a failed edit the user's own
    // text with the error on top (never the original task again).
    let mut text = storage::task_to_yaml(&task, None);
    let mut failed = false;
    let outcome = loop {
        let tmp = match tempfile::Builder::new()
            .prefix("cchc-task-")
            .suffix(".yaml")
            .tempfile()
        {
            Ok(t) => t,
            Err(e) => break Some(Err(format!("cannot create a temporary file: {e}"))),
        };
        if let Err(e) = std::fs::write(tmp.path(), &text) {
            break Some(Err(format!("cannot write a temporary file: {e}")));
        }
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{editor} \"$1\""))
            .arg("cchc-editor")
            .arg(tmp.path())
            .status();
        let edited = std::fs::read_to_string(tmp.path()).unwrap_or_default();
        let cancelled = match status {
            Ok(s) => !s.success() || edited == text || edited.trim().is_empty(),
            Err(e) => break Some(Err(format!("cannot run the editor `{editor}`: {e}"))),
        };
        if cancelled {
            // After a failed edit the file holds what the user typed: keep it
            // (unless they emptied it on purpose) and say where.
            if failed && !edited.trim().is_empty() {
                break Some(Err(match tmp.keep() {
                    Ok((_, path)) => {
                        format!("edit cancelled; your text is kept in {}", path.display())
                    }
                    Err(e) => format!("edit cancelled; could not keep your text: {e}"),
                }));
            }
            break None;
        }
        match storage::read_edited(&edited, &task, board) {
            Ok(t) => break Some(Ok(Box::new(t))),
            Err(reopen) => {
                text = reopen;
                failed = true;
            }
        }
    };
    if let Some(result) = outcome {
        msgs.push(Msg::Edited(result));
    }
    let mut t = ratatui::try_init().map_err(|e| format!("cannot restart the terminal: {e}"))?;
    let _ = t.clear();
    Ok(t)
}
