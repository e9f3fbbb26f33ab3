//! Key bindings as data: one table maps keys to [`Action`]s in the board view;
//! the footer and the help overlay are generated from the same table, and the
//! config file may rebind any action (`keys: {move_next: [L, shift-right]}`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// What a key asks the board to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Left,
    Right,
    Up,
    Down,
    PrevLane,
    NextLane,
    First,
    Last,
    MoveNext,
    MovePrev,
    SetPlanned,
    SetInProgress,
    SetDone,
    Detail,
    Edit,
    SetDue,
    Add,
    Delete,
    Search,
    NextMatch,
    PrevMatch,
    FilterLead,
    OverdueOnly,
    Clear,
    Undo,
    Redo,
    Save,
    Quit,
    Help,
    Changes,
    Commit,
    Pull,
    Push,
}

impl Action {
    /// One line for the help overlay: (English, Vietnamese).
    pub fn describe(self) -> (&'static str, &'static str) {
        use Action::*;
        match self {
            Left => ("previous column", "cột trước"),
            Right => ("next column", "cột sau"),
            Up => (
                "previous card (into the lane above)",
                "thẻ trước (sang lĩnh vực trên)",
            ),
            Down => (
                "next card (into the lane below)",
                "thẻ sau (sang lĩnh vực dưới)",
            ),
            PrevLane => ("previous lane", "lĩnh vực trước"),
            NextLane => ("next lane", "lĩnh vực sau"),
            First => ("first card", "thẻ đầu"),
            Last => ("last card", "thẻ cuối"),
            MoveNext => (
                "move card to the next status",
                "chuyển thẻ sang trạng thái sau",
            ),
            MovePrev => (
                "move card to the previous status",
                "chuyển thẻ về trạng thái trước",
            ),
            SetPlanned => ("set Planned", "đặt Chưa thực hiện"),
            SetInProgress => ("set In Progress", "đặt Đang thực hiện"),
            SetDone => ("set Done (stamps the date)", "đặt Hoàn thành (ghi ngày)"),
            Detail => ("details of the card", "chi tiết thẻ"),
            Edit => ("edit the task in $EDITOR", "sửa nhiệm vụ bằng $EDITOR"),
            SetDue => ("set the deadline", "đặt hạn"),
            Add => ("add a task to this lane", "thêm nhiệm vụ vào lĩnh vực này"),
            Delete => ("delete the task", "xoá nhiệm vụ"),
            Search => ("search (accents optional)", "tìm (không cần dấu)"),
            NextMatch => ("next match", "kết quả sau"),
            PrevMatch => ("previous match", "kết quả trước"),
            FilterLead => ("filter by lead unit", "lọc theo đơn vị chủ trì"),
            OverdueOnly => ("show overdue only", "chỉ hiện quá hạn"),
            Clear => ("clear search and filters", "bỏ tìm và lọc"),
            Undo => ("undo", "hoàn tác"),
            Redo => ("redo", "làm lại"),
            Save => ("save", "lưu"),
            Quit => ("quit", "thoát"),
            Help => ("this help", "trợ giúp"),
            Changes => (
                "changes since the last commit (git)",
                "thay đổi từ lần commit trước (git)",
            ),
            Commit => ("commit the board (git)", "commit bảng (git)"),
            Pull => (
                "pull, fast-forward only (git)",
                "pull, chỉ fast-forward (git)",
            ),
            Push => ("push (git, never forced)", "push (git, không ép)"),
        }
    }

    /// The word shown in the footer.
    pub fn short(self, vi: bool) -> &'static str {
        use Action::*;
        let (en, v) = match self {
            MoveNext => ("move", "chuyển"),
            Detail => ("detail", "chi tiết"),
            Search => ("search", "tìm"),
            Save => ("save", "lưu"),
            Help => ("help", "trợ giúp"),
            Quit => ("quit", "thoát"),
            Undo => ("undo", "hoàn tác"),
            OverdueOnly => ("overdue", "quá hạn"),
            _ => {
                return if vi {
                    self.describe().1
                } else {
                    self.describe().0
                };
            }
        };
        if vi { v } else { en }
    }
}

/// A key with its modifiers, normalised so that `G` and `Shift+g` are one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        // Letters carry their case in the char; SHIFT on a char is redundant
        // (terminals disagree on sending it), so it is dropped.
        let mods = match code {
            KeyCode::Char(_) => mods - KeyModifiers::SHIFT,
            _ => mods,
        };
        Key {
            code,
            mods: mods & (KeyModifiers::SHIFT | KeyModifiers::CONTROL | KeyModifiers::ALT),
        }
    }

    pub fn from_event(ev: &KeyEvent) -> Key {
        Key::new(ev.code, ev.modifiers)
    }

    /// Parses `L`, `ctrl-r`, `shift-right`, `pgdn`, `enter`, `esc`, `?`, `[`.
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, n) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("shift-") {
                (KeyModifiers::SHIFT, 6)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else {
                break;
            };
            if rest.len() == n {
                break;
            }
            mods |= m;
            rest = &rest[n..];
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => {
                        let c = if mods.contains(KeyModifiers::CONTROL) {
                            c.to_ascii_lowercase()
                        } else {
                            c
                        };
                        KeyCode::Char(c)
                    }
                    _ => {
                        return Err(format!(
                            "unknown key `{s}` (examples: L, ctrl-r, shift-right, pgdn, enter)"
                        ));
                    }
                }
            }
        };
        Ok(Key::new(code, mods))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The bindings of the board view, in help order.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: Vec<(Action, Vec<Key>)>,
}

const DEFAULTS: &[(Action, &[&str])] = &[
    (Action::Left, &["left", "h"]),
    (Action::Right, &["right", "l"]),
    (Action::Up, &["up", "k"]),
    (Action::Down, &["down", "j"]),
    (Action::PrevLane, &["[", "pgup"]),
    (Action::NextLane, &["]", "pgdn"]),
    (Action::First, &["g", "home"]),
    (Action::Last, &["G", "end"]),
    (Action::MoveNext, &["L", "shift-right"]),
    (Action::MovePrev, &["H", "shift-left"]),
    (Action::SetPlanned, &["1"]),
    (Action::SetInProgress, &["2"]),
    (Action::SetDone, &["3"]),
    (Action::Detail, &["enter"]),
    (Action::Edit, &["e"]),
    (Action::SetDue, &["t"]),
    (Action::Add, &["a"]),
    (Action::Delete, &["x"]),
    (Action::Search, &["/"]),
    (Action::NextMatch, &["n"]),
    (Action::PrevMatch, &["N"]),
    (Action::FilterLead, &["f"]),
    (Action::OverdueOnly, &["o"]),
    (Action::Clear, &["esc"]),
    (Action::Undo, &["u"]),
    (Action::Redo, &["ctrl-r"]),
    (Action::Save, &["w", "ctrl-s"]),
    (Action::Quit, &["q", "ctrl-c"]),
    (Action::Help, &["?"]),
    (Action::Changes, &["="]),
    (Action::Commit, &["c"]),
    (Action::Pull, &["F"]),
    (Action::Push, &["P"]),
];

/// Actions the footer advertises, most useful first.
pub const FOOTER: &[Action] = &[
    Action::MoveNext,
    Action::Detail,
    Action::Search,
    Action::Save,
    Action::Help,
    Action::Quit,
    Action::OverdueOnly,
    Action::Undo,
];

impl Default for Keymap {
    fn default() -> Self {
        let bindings = DEFAULTS
            .iter()
            .map(|(a, keys)| {
                let keys = keys
                    .iter()
                    .map(|k| Key::parse(k).unwrap_or_else(|e| unreachable!("default key: {e}")))
                    .collect();
                (*a, keys)
            })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    /// The defaults with some actions rebound: each given action gets exactly
    /// the listed keys (and those keys are taken from any other action).
    pub fn with_overrides(overrides: &BTreeMap<Action, Vec<String>>) -> Result<Keymap, String> {
        let mut map = Keymap::default();
        for (action, names) in overrides {
            let keys = names
                .iter()
                .map(|n| Key::parse(n))
                .collect::<Result<Vec<_>, _>>()?;
            for (_, existing) in map.bindings.iter_mut() {
                existing.retain(|k| !keys.contains(k));
            }
            if let Some((_, slot)) = map.bindings.iter_mut().find(|(a, _)| a == action) {
                *slot = keys;
            }
        }
        Ok(map)
    }

    pub fn action_for(&self, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(_, keys)| keys.contains(&key))
            .map(|(a, _)| *a)
    }

    pub fn keys_for(&self, action: Action) -> &[Key] {
        self.bindings
            .iter()
            .find(|(a, _)| *a == action)
            .map_or(&[], |(_, k)| k.as_slice())
    }

    /// Every binding in help order.
    pub fn bindings(&self) -> impl Iterator<Item = (Action, &[Key])> {
        self.bindings.iter().map(|(a, k)| (*a, k.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> Key {
        Key::from_event(&KeyEvent::new(code, mods))
    }

    #[test]
    fn shifted_letters_match_however_the_terminal_sends_them() {
        let map = Keymap::default();
        assert_eq!(
            map.action_for(ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Last)
        );
        assert_eq!(
            map.action_for(ev(KeyCode::Char('G'), KeyModifiers::NONE)),
            Some(Action::Last)
        );
        assert_eq!(
            map.action_for(ev(KeyCode::Char('g'), KeyModifiers::NONE)),
            Some(Action::First)
        );
        assert_eq!(
            map.action_for(ev(KeyCode::Right, KeyModifiers::SHIFT)),
            Some(Action::MoveNext)
        );
        assert_eq!(
            map.action_for(ev(KeyCode::Right, KeyModifiers::NONE)),
            Some(Action::Right)
        );
        assert_eq!(
            map.action_for(ev(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            Some(Action::Redo)
        );
        assert_eq!(
            map.action_for(ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn every_action_has_a_default_key() {
        let map = Keymap::default();
        for (action, keys) in map.bindings() {
            assert!(!keys.is_empty(), "{action:?}");
        }
        assert_eq!(map.bindings().count(), DEFAULTS.len());
    }

    #[test]
    fn overrides_rebind_and_steal_keys() {
        let mut o = BTreeMap::new();
        o.insert(Action::Save, vec!["ctrl-w".to_owned(), "q".to_owned()]);
        let map = Keymap::with_overrides(&o).expect("valid keys");
        assert_eq!(
            map.action_for(Key::parse("q").expect("key")),
            Some(Action::Save)
        );
        assert_eq!(map.action_for(Key::parse("w").expect("key")), None);
        assert_eq!(
            map.keys_for(Action::Quit),
            [Key::parse("ctrl-c").expect("key")]
        );
        let mut bad = BTreeMap::new();
        bad.insert(Action::Save, vec!["hyper-x".to_owned()]);
        assert!(
            Keymap::with_overrides(&bad)
                .expect_err("bad key")
                .contains("unknown key `hyper-x`")
        );
    }

    #[test]
    fn keys_display_readably() {
        assert_eq!(
            Key::parse("shift-right").expect("key").to_string(),
            "Shift-→"
        );
        assert_eq!(Key::parse("ctrl-r").expect("key").to_string(), "Ctrl-r");
        assert_eq!(Key::parse("G").expect("key").to_string(), "G");
        assert_eq!(Key::parse("-").expect("key").to_string(), "-");
    }
}
