//! `e`: editing one task in the user's editor, as a YAML snippet.

use crate::app::Msg;
use crate::domain::Board;
use crate::storage;

/// `e`: the task as YAML in `$VISUAL`/`$EDITOR`; reopened with the error as a
/// comment until it is valid; an unchanged or emptied file changes nothing.
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
    let mut error: Option<String> = None;
    let outcome = loop {
        let text = storage::task_to_yaml(&task, error.as_deref());
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
        match status {
            Ok(s) if s.success() => {}
            Ok(_) => break None,
            Err(e) => break Some(Err(format!("cannot run the editor `{editor}`: {e}"))),
        }
        let edited = std::fs::read_to_string(tmp.path()).unwrap_or_default();
        if edited == text || edited.trim().is_empty() {
            break None;
        }
        match storage::task_from_yaml(&edited, &task, board) {
            Ok(t) => break Some(Ok(Box::new(t))),
            Err(e) => error = Some(e),
        }
    };
    if let Some(result) = outcome {
        msgs.push(Msg::Edited(result));
    }
    let mut t = ratatui::try_init().map_err(|e| format!("cannot restart the terminal: {e}"))?;
    let _ = t.clear();
    Ok(t)
}
