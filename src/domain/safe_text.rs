//! Board text shown where it must not act: in messages printed to a terminal
//! (a task's area code `ESC ]52;…` would otherwise reach it raw) and in CSV
//! opened by a spreadsheet (`=HYPERLINK(…)` would be run as a formula).
//!
//! [`escape_controls`] is what storage, validation and the merge driver use
//! for the file-derived values they quote in messages; it may later give way
//! to the crate's shared terminal sanitiser. Stored text is never changed.

use std::borrow::Cow;
use std::fmt::Write as _;

/// What a terminal could act on or hide: C0 controls (tab and newline
/// included: a message is one line), DEL and the C1 controls, the
/// bidirectional controls, zero-width and invisible characters, and the line
/// and paragraph separators. The same set, and the same escapes, as the CLI's
/// `terminal_safe`, so either may replace the other without changing output.
fn is_unsafe(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1F}'
            | '\u{7F}'..='\u{9F}'
            | '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// `s` with every such character written as a visible escape: `\n`, `\r`,
/// `\t`, and `<U+001B>` for the others. Borrowed when there is none (the
/// common case).
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    let Some(first) = s.find(is_unsafe) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => {
                let _ = write!(out, "<U+{:04X}>", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A text field made safe for a CSV cell that a spreadsheet will open:
/// control characters other than newline (ESC, BEL, CR, tab, C1) become a
/// space, and a cell whose first non-blank character is `=`, `+`, `-` or `@`
/// (a formula to Excel, LibreOffice and Google Sheets) gets a leading `'`,
/// which they show as text. For string fields only: numbers and dates are
/// written as they are.
pub fn csv_safe(s: &str) -> Cow<'_, str> {
    let formula = s
        .trim_start_matches(|c: char| c.is_whitespace() || (c != '\n' && c.is_control()))
        .starts_with(['=', '+', '-', '@']);
    let controls = s.chars().any(|c| c != '\n' && c.is_control());
    if !formula && !controls {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 1);
    if formula {
        out.push('\'');
    }
    out.extend(
        s.chars()
            .map(|c| if c != '\n' && c.is_control() { ' ' } else { c }),
    );
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_sent() {
        assert!(matches!(escape_controls("Kế hoạch"), Cow::Borrowed(_)));
        assert_eq!(
            escape_controls("X\u{1b}]52;c;bad\u{7}\r\n\u{9b}2J\u{202e}\u{200b}"),
            "X<U+001B>]52;c;bad<U+0007>\\r\\n<U+009B>2J<U+202E><U+200B>"
        );
        let nasty: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        assert!(!escape_controls(&nasty).chars().any(char::is_control));
        // Escaping twice changes nothing more.
        let once = escape_controls("a\u{1b}b").into_owned();
        assert_eq!(escape_controls(&once), once);
    }

    #[test]
    fn csv_cells_are_neither_formulas_nor_controls() {
        assert_eq!(csv_safe("Văn phòng Sở"), "Văn phòng Sở");
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for f in ["+1", "-1", "@SUM(A1)", "  =1", "\t=1", "\r=1"] {
            assert!(csv_safe(f).starts_with('\''), "{f:?}");
        }
        assert_eq!(csv_safe("a\u{1b}[31mb\u{7}\rc"), "a [31mb  c");
        assert_eq!(csv_safe("dòng 1\ndòng 2"), "dòng 1\ndòng 2");
        assert_eq!(csv_safe("a-b = c"), "a-b = c");
        assert!(!csv_safe("\u{9b}x").contains('\u{9b}'));
    }
}
