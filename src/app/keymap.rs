//! Key bindings as data: one table maps keys to [`Action`]s in every mode
//! (the board, the scrolling views, the changes view, prompts, questions, and
//! `Ctrl-z` anywhere). The footer, the help overlay and the questions' texts
//! are generated from the same table, and the config file may rebind any
//! action (`keys: {move_next: [L, shift-right], answer_merge: [m]}`).

use super::Confirm;
pub use super::action::{Action, Scope};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::fmt;

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
            KeyCode::Char(_) | KeyCode::BackTab => mods - KeyModifiers::SHIFT,
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
        let shift = mods.contains(KeyModifiers::SHIFT);
        let code = match rest.to_ascii_lowercase().as_str() {
            "tab" if shift => KeyCode::BackTab,
            "backtab" => KeyCode::BackTab,
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
                        // `shift-l` is `L`: terminals send the shifted
                        // letter itself; with Ctrl, the letter's case is lost.
                        let c = if mods.contains(KeyModifiers::CONTROL) {
                            c.to_ascii_lowercase()
                        } else if shift {
                            c.to_uppercase().next().unwrap_or(c)
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
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Every binding, in help order (grouped by scope).
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
    (Action::AddLog, &["p"]),
    (Action::AddEvidence, &["v"]),
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
    (Action::Targets, &["T"]),
    (Action::Report, &["R"]),
    (Action::ScrollDown, &["down", "j"]),
    (Action::ScrollUp, &["up", "k"]),
    (Action::PageDown, &["pgdn", "space"]),
    (Action::PageUp, &["pgup"]),
    (Action::Top, &["home", "g"]),
    (Action::Close, &["esc", "q", "enter"]),
    (Action::ChangeDown, &["down", "j"]),
    (Action::ChangeUp, &["up", "k"]),
    (Action::RawDiff, &["d", "tab"]),
    (Action::GoToCard, &["enter"]),
    (Action::CloseChanges, &["esc", "q", "="]),
    (Action::TargetDown, &["down", "j"]),
    (Action::TargetUp, &["up", "k"]),
    (Action::RecordMeasurement, &["r", "enter"]),
    (Action::CloseTargets, &["esc", "q", "T"]),
    (Action::ReportPrev, &["left", "h", "k"]),
    (Action::ReportNext, &["right", "l", "j"]),
    (Action::ReportCalendar, &["c"]),
    (Action::ReportFormat, &["f"]),
    (Action::ReportWrite, &["w", "enter"]),
    (Action::ReportScrollDown, &["down", "pgdn", "space"]),
    (Action::ReportScrollUp, &["up", "pgup"]),
    (Action::CloseReport, &["esc", "q", "R"]),
    (Action::Submit, &["enter"]),
    (Action::Cancel, &["esc"]),
    (Action::DeleteBack, &["backspace"]),
    (Action::ClearInput, &["ctrl-u"]),
    (Action::NextChoice, &["tab"]),
    (Action::PrevChoice, &["shift-tab"]),
    (Action::AnswerYes, &["y"]),
    (Action::AnswerSaveQuit, &["s"]),
    (Action::AnswerRestore, &["r"]),
    (Action::AnswerDiscard, &["d"]),
    (Action::AnswerMerge, &["m"]),
    (Action::AnswerReload, &["r"]),
    (Action::AnswerKeepMine, &["k"]),
    (Action::AnswerTakeTheirs, &["t"]),
    (Action::AnswerSideFile, &["s"]),
    (Action::AnswerSaveAs, &["a"]),
    (Action::AnswerWriteBack, &["w"]),
    (Action::AnswerStay, &["esc"]),
    (Action::Suspend, &["ctrl-z"]),
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

/// Board actions the detail view also takes (on the card it shows).
pub const DETAIL_EDITS: [Action; 2] = [Action::AddLog, Action::AddEvidence];

/// Board actions the targets view also takes (after its own).
pub const TARGETS_BOARD: [Action; 3] = [Action::Undo, Action::Redo, Action::Save];

/// One row of the help overlay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HelpRow<'a> {
    Heading(Scope),
    Binding(Action, &'a [Key]),
}

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

/// Groups of actions that are offered together, where one key may mean only
/// one of them: each scope, except questions, whose answers are grouped by
/// the question that offers them (`r` restores in one and reloads in another).
/// What applies anywhere (`Ctrl-z`) is in every group: it is looked up first.
fn groups() -> Vec<Vec<Action>> {
    let of = |s: Scope| -> Vec<Action> {
        DEFAULTS
            .iter()
            .map(|(a, _)| *a)
            .filter(|a| a.scope() == s)
            .collect()
    };
    let anywhere = of(Scope::Anywhere);
    let mut out: Vec<Vec<Action>> = Scope::ALL
        .into_iter()
        .filter(|&s| !matches!(s, Scope::Question | Scope::Anywhere))
        .map(of)
        .collect();
    out.extend(Confirm::KINDS.iter().map(|c| c.answers().to_vec()));
    // The detail view also takes the board's log and evidence keys (after
    // its own): one key may not mean both there.
    let mut detail = of(Scope::View);
    detail.extend(DETAIL_EDITS);
    out.push(detail);
    let mut targets = of(Scope::Targets);
    targets.extend(TARGETS_BOARD);
    out.push(targets);
    for group in &mut out {
        group.extend(anywhere.iter().copied());
    }
    out
}

impl Keymap {
    /// The defaults with some actions rebound: each given action gets exactly
    /// the listed keys, and those keys are taken from the other actions they
    /// would clash with. Two actions the config binds to one key where both
    /// are offered together is an error naming both.
    pub fn with_overrides(overrides: &BTreeMap<Action, Vec<String>>) -> Result<Keymap, String> {
        let mut parsed: BTreeMap<Action, Vec<Key>> = BTreeMap::new();
        for (action, names) in overrides {
            let keys = names
                .iter()
                .map(|n| Key::parse(n))
                .collect::<Result<Vec<_>, _>>()?;
            parsed.insert(*action, keys);
        }
        let groups = groups();
        for group in &groups {
            let bound: Vec<(Action, &Key)> = group
                .iter()
                .filter_map(|a| parsed.get(a).map(|keys| (*a, keys)))
                .flat_map(|(a, keys)| keys.iter().map(move |k| (a, k)))
                .collect();
            for (i, (a, k)) in bound.iter().enumerate() {
                if let Some((b, _)) = bound[i + 1..].iter().find(|(b, kb)| kb == k && b != a) {
                    return Err(format!(
                        "key `{k}` is bound to both `{}` and `{}`; give each its own key",
                        name(*a),
                        name(*b)
                    ));
                }
            }
        }
        let mut map = Keymap::default();
        for (action, keys) in &parsed {
            let clashing: Vec<Action> = groups
                .iter()
                .filter(|g| g.contains(action))
                .flatten()
                .copied()
                .filter(|a| a != action)
                .collect();
            for (other, existing) in map.bindings.iter_mut() {
                if clashing.contains(other) {
                    existing.retain(|k| !keys.contains(k));
                }
            }
            if let Some((_, slot)) = map.bindings.iter_mut().find(|(a, _)| a == action) {
                slot.clone_from(keys);
            }
        }
        // Taking keys may leave an action with none (`save: [q, ctrl-c]`
        // takes both of quit's): say so rather than start a board you
        // cannot quit.
        if let Some((action, _)) = map.bindings.iter().find(|(_, keys)| keys.is_empty()) {
            let takers: Vec<String> = parsed.keys().map(|a| format!("`{}`", name(*a))).collect();
            return Err(format!(
                "`{}` is left with no key (its keys went to {}); give it one",
                name(*action),
                takers.join(", ")
            ));
        }
        Ok(map)
    }

    /// The action `key` asks for in `scope`.
    pub fn action_in(&self, scope: Scope, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(a, keys)| a.scope() == scope && keys.contains(&key))
            .map(|(a, _)| *a)
    }

    /// The board's action for `key` (the board scope).
    pub fn action_for(&self, key: Key) -> Option<Action> {
        self.action_in(Scope::Board, key)
    }

    /// The answer `key` gives to `question`, among those it offers. Letters
    /// answer in either case (`M` merges as `m` does, with Caps Lock on).
    pub fn answer(&self, question: &Confirm, key: Key) -> Option<Action> {
        let find = |k: Key| {
            question
                .answers()
                .iter()
                .copied()
                .find(|&a| self.keys_for(a).contains(&k))
        };
        find(key).or_else(|| match key.code {
            KeyCode::Char(c) if c.is_uppercase() => {
                find(Key::new(KeyCode::Char(c.to_lowercase().next()?), key.mods))
            }
            _ => None,
        })
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

    /// The help overlay's rows: each scope's heading, then its bindings.
    pub fn help_rows(&self) -> Vec<HelpRow<'_>> {
        let mut rows = Vec::new();
        for scope in Scope::ALL {
            rows.push(HelpRow::Heading(scope));
            rows.extend(
                self.bindings()
                    .filter(|(a, _)| a.scope() == scope)
                    .map(|(a, k)| HelpRow::Binding(a, k)),
            );
        }
        rows
    }
}

/// An action's name in the config file (`move_next`).
pub fn name(action: Action) -> String {
    let debug = format!("{action:?}");
    let mut out = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
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

    #[test]
    fn shifted_letters_in_the_config_are_the_capitals() {
        assert_eq!(Key::parse("shift-l"), Key::parse("L"));
        assert_ne!(Key::parse("shift-l"), Key::parse("l"));
        let ev = Key::from_event(&KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
        assert_eq!(Key::parse("shift-tab"), Ok(ev));
        let mut o = BTreeMap::new();
        o.insert(Action::MoveNext, vec!["shift-l".to_owned()]);
        let map = Keymap::with_overrides(&o).expect("valid");
        assert_eq!(
            map.action_for(Key::parse("L").expect("L")),
            Some(Action::MoveNext)
        );
        assert_eq!(
            map.action_for(Key::parse("l").expect("l")),
            Some(Action::Right),
            "plain l still moves right"
        );
    }

    #[test]
    fn one_key_for_two_actions_of_a_mode_is_an_error_naming_both() {
        let mut o = BTreeMap::new();
        o.insert(Action::Save, vec!["x".to_owned()]);
        o.insert(Action::Quit, vec!["x".to_owned()]);
        let e = Keymap::with_overrides(&o).expect_err("a clash");
        assert!(
            e.contains("`x`") && e.contains("`save`") && e.contains("`quit`"),
            "{e}"
        );
        // In different modes the same key is fine.
        let mut o = BTreeMap::new();
        o.insert(Action::Save, vec!["z".to_owned()]);
        o.insert(Action::ScrollDown, vec!["z".to_owned()]);
        let map = Keymap::with_overrides(&o).expect("different modes");
        assert_eq!(
            map.action_in(Scope::View, Key::parse("z").expect("z")),
            Some(Action::ScrollDown)
        );
        // Answers clash only within a question that offers both.
        let mut o = BTreeMap::new();
        o.insert(Action::AnswerMerge, vec!["z".to_owned()]);
        o.insert(Action::AnswerReload, vec!["z".to_owned()]);
        assert!(
            Keymap::with_overrides(&o).is_err(),
            "both in the outside-change question"
        );
        let mut o = BTreeMap::new();
        o.insert(Action::AnswerRestore, vec!["z".to_owned()]);
        o.insert(Action::AnswerMerge, vec!["z".to_owned()]);
        assert!(Keymap::with_overrides(&o).is_ok(), "never asked together");
    }

    #[test]
    fn the_defaults_have_no_clash_and_every_action_a_key() {
        let map = Keymap::default();
        for group in groups() {
            for (i, a) in group.iter().enumerate() {
                for b in &group[i + 1..] {
                    let shared: Vec<&Key> = map
                        .keys_for(*a)
                        .iter()
                        .filter(|k| map.keys_for(*b).contains(k))
                        .collect();
                    assert!(shared.is_empty(), "{a:?} and {b:?} share {shared:?}");
                }
            }
        }
        for (a, keys) in map.bindings() {
            assert!(!keys.is_empty(), "{a:?} has no key");
        }
    }

    #[test]
    fn rebinding_takes_the_key_only_from_its_own_mode() {
        let mut o = BTreeMap::new();
        o.insert(Action::Help, vec!["j".to_owned()]);
        let map = Keymap::with_overrides(&o).expect("valid");
        assert_eq!(
            map.action_for(Key::parse("j").expect("j")),
            Some(Action::Help)
        );
        assert_eq!(
            map.keys_for(Action::Down),
            [Key::parse("down").expect("down")]
        );
        assert_eq!(
            map.action_in(Scope::View, Key::parse("j").expect("j")),
            Some(Action::ScrollDown)
        );
    }

    #[test]
    fn questions_show_their_real_keys() {
        let mut o = BTreeMap::new();
        o.insert(Action::AnswerMerge, vec!["g".to_owned()]);
        let map = Keymap::with_overrides(&o).expect("valid");
        let text = Confirm::ExternalChange.text(super::super::Lang::En, &map);
        assert!(text.contains("g = merge theirs into mine"), "{text}");
        assert!(!text.contains("m = "), "{text}");
        let m = Key::parse("m").expect("m");
        assert_eq!(map.answer(&Confirm::ExternalChange, m), None);
        let g = Key::parse("G").expect("G");
        assert_eq!(
            map.answer(&Confirm::ExternalChange, g),
            Some(Action::AnswerMerge)
        );
    }

    #[test]
    fn ctrl_z_clashes_with_every_mode_and_no_action_is_left_keyless() {
        let mut o = BTreeMap::new();
        o.insert(Action::Undo, vec!["ctrl-z".to_owned()]);
        o.insert(Action::Suspend, vec!["ctrl-z".to_owned()]);
        let e = Keymap::with_overrides(&o).expect_err("a clash with Ctrl-z");
        assert!(e.contains("`undo`") && e.contains("`suspend`"), "{e}");
        let mut o = BTreeMap::new();
        o.insert(Action::Save, vec!["q".to_owned(), "ctrl-c".to_owned()]);
        let e = Keymap::with_overrides(&o).expect_err("quit left without a key");
        assert!(e.contains("`quit` is left with no key"), "{e}");
        // Binding a key Ctrl-z does not use is fine, and takes it from nobody.
        let mut o = BTreeMap::new();
        o.insert(Action::Suspend, vec!["ctrl-y".to_owned()]);
        let map = Keymap::with_overrides(&o).expect("valid");
        assert_eq!(
            map.action_in(Scope::Anywhere, Key::parse("ctrl-y").expect("key")),
            Some(Action::Suspend)
        );
    }
}
