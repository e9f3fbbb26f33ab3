//! The user's config file, in the platform config directory
//! (`~/.config/cchc/config.yaml` on Linux) or at `$CCHC_CONFIG`.
//!
//! A broken config file must never stop `cchc overdue` from answering: loading
//! returns the defaults plus a warning that names the file, line and key.

use crate::app::Action;
use crate::storage::yaml;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The default board file.
    pub board: Option<PathBuf>,
    /// The "due soon" horizon in days.
    pub due_soon_days: Option<i64>,
    /// Interface language: `vi` or `en`.
    pub lang: Option<crate::app::Lang>,
    /// Save after every change in the interactive board.
    pub autosave: Option<bool>,
    /// Key overrides: action name → keys, e.g. `move_next: [L, shift-right]`.
    #[serde(default)]
    pub keys: BTreeMap<Action, Vec<String>>,
}

/// Where the config file is looked for: `$CCHC_CONFIG`, else the platform's
/// config directory.
pub fn config_path(env_override: Option<PathBuf>) -> Option<PathBuf> {
    env_override.or_else(|| {
        directories::ProjectDirs::from("", "", "cchc").map(|d| d.config_dir().join("config.yaml"))
    })
}

/// Loads the config; a missing file is the defaults, a broken one is the
/// defaults plus a warning.
pub fn load(path: Option<&Path>) -> (Config, Option<String>) {
    let Some(path) = path else {
        return (Config::default(), None);
    };
    let read = crate::storage::fsx::read_regular(path).and_then(|b| {
        String::from_utf8(b).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    });
    let text = match read {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Config::default(), None),
        Err(e) => {
            return (
                Config::default(),
                Some(format!(
                    "{}: cannot read config: {e}; using defaults",
                    path.display()
                )),
            );
        }
    };
    if text.trim().is_empty() {
        return (Config::default(), None);
    }
    match yaml::from_str::<Config>(&text) {
        Ok(mut c) => {
            if let Some(board) = c.board.take() {
                // A relative `board:` is relative to the config file.
                let base = path.parent().unwrap_or(Path::new("."));
                c.board = Some(if board.is_absolute() {
                    board
                } else {
                    base.join(board)
                });
            }
            (c, None)
        }
        Err(e) => {
            let at = match (e.line, e.column) {
                (Some(l), Some(c)) => format!(":{l}:{c}"),
                _ => String::new(),
            };
            (
                Config::default(),
                Some(format!(
                    "{}{at}: config ignored: {}; known keys are `board`, `due_soon_days`, `lang`, `autosave` and `keys`",
                    path.display(),
                    e.message
                )),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_is_defaults() {
        assert_eq!(
            load(Some(Path::new("/nonexistent/cchc.yaml"))),
            (Config::default(), None)
        );
    }

    #[test]
    fn bad_key_is_named_and_ignored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, "board: b.yaml\nhorizon: 3\n").expect("write");
        let (cfg, warning) = load(Some(&path));
        assert_eq!(cfg, Config::default());
        let warning = warning.expect("warning");
        assert!(
            warning.contains(":2:1: config ignored: unknown field `horizon`"),
            "{warning}"
        );
    }

    #[test]
    fn anchors_in_the_config_are_refused_with_their_place() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, "board: &b b.yaml\nkeys:\n  quit: [*b]\n").expect("write");
        let (cfg, warning) = load(Some(&path));
        assert_eq!(cfg, Config::default());
        let warning = warning.expect("warning");
        assert!(
            warning.contains(":1:8: config ignored: an anchor"),
            "{warning}"
        );
    }

    #[test]
    fn relative_board_is_relative_to_the_config_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, "board: b.yaml\ndue_soon_days: 7\n").expect("write");
        let (cfg, warning) = load(Some(&path));
        assert_eq!(warning, None);
        assert_eq!(cfg.board, Some(dir.path().join("b.yaml")));
        assert_eq!(cfg.due_soon_days, Some(7));
    }
}
