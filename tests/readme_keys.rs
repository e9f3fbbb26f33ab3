//! The README's key tables are the keymap's: every binding of every mode, in
//! help order, with the keys as the help overlay shows them. Regenerate with
//! `cargo test --test readme_keys -- --nocapture` and paste what it prints.

use cchc::app::Keymap;
use cchc::app::keymap::HelpRow;

/// The keys section as the README must have it.
fn tables(keymap: &Keymap) -> String {
    let mut out = String::new();
    for row in keymap.help_rows() {
        match row {
            HelpRow::Heading(scope) => {
                out.push_str(&format!(
                    "\n**{}**\n\n| keys | action |\n|---|---|\n",
                    scope.title().0
                ));
            }
            HelpRow::Binding(action, keys) => {
                let keys: Vec<String> = keys
                    .iter()
                    .map(|k| format!("`{}`", k.to_string().replace('|', "\\|")))
                    .collect();
                out.push_str(&format!(
                    "| {} | {} |\n",
                    keys.join(" "),
                    action.describe().0
                ));
            }
        }
    }
    out
}

#[test]
fn the_readme_lists_every_key_of_every_mode() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let expected = tables(&Keymap::default());
    assert!(
        readme.contains(&expected),
        "README.md's key tables differ from the keymap; they should read:\n{expected}"
    );
}

/// The config file's action names, as the README lists them.
fn action_names(keymap: &Keymap) -> String {
    let names: Vec<String> = keymap
        .bindings()
        .map(|(a, _)| format!("`{}`", cchc::app::keymap::name(a)))
        .collect();
    names.join(", ")
}

#[test]
fn the_readme_names_every_action_the_config_can_rebind() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let expected = action_names(&Keymap::default());
    let flat: String = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&expected),
        "README.md should list the action names as:\n{expected}"
    );
}
