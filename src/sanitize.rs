//! Making file-derived text safe where it must not act: printed on a
//! terminal ([`terminal_safe`], for every command's output and every message
//! that quotes a value from the file) and in CSV cells a spreadsheet opens
//! ([`csv_safe`]). Stored text is never changed.
//!
//! A board is shared through git, so any value in it may have been written by
//! someone else. Printed raw, a value could move the cursor or recolour the
//! screen (ESC, C1 controls), ring the bell, hide text (zero-width characters)
//! or reverse what a reader sees (bidirectional overrides such as U+202E, the
//! "Trojan Source" trick). [`terminal_safe`] shows every such character as a
//! visible escape instead, and leaves all other text — Vietnamese letters and
//! their combining accents included — exactly as it is.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `s` with every character that could change how a terminal shows text
/// replaced by a visible escape, for display on one line:
///
/// - tab, line feed and carriage return become `\t`, `\n`, `\r`;
/// - every other C0 control (ESC, BEL, NUL …), DEL and the C1 controls
///   (U+0080–U+009F) become `<U+001B>`-style escapes;
/// - the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
///   U+2066–U+2069), the zero-width and invisible characters (U+200B–U+200D,
///   U+2060–U+2064, U+FEFF) and the line and paragraph separators (U+2028,
///   U+2029) become `<U+202E>`-style escapes.
///
/// Text without any of these is returned borrowed, unchanged (no allocation).
/// Multi-line values that should stay multi-line (notes) are split on `\n`
/// by the caller first, then each line is passed through this function.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    let Some(first) = s.find(needs_escape) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let _ = write!(out, "<U+{:04X}>", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether `c` is shown as an escape by [`terminal_safe`].
pub fn needs_escape(c: char) -> bool {
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
    fn clean_text_is_borrowed_unchanged() {
        for s in [
            "",
            "Xây dựng kế hoạch CCHC năm 2024",
            // Decomposed accents (combining marks) are text, not controls.
            "Tie\u{302}\u{301}ng Vie\u{323}\u{302}t",
            "短い漢字 ✓ ◐ →",
        ] {
            assert!(
                matches!(terminal_safe(s), Cow::Borrowed(b) if b == s),
                "{s:?}"
            );
        }
    }

    #[test]
    fn escape_sequences_and_controls_become_visible() {
        assert_eq!(terminal_safe("a\u{1b}[2Jb"), "a<U+001B>[2Jb");
        assert_eq!(terminal_safe("bell\u{7}"), "bell<U+0007>");
        assert_eq!(terminal_safe("nul\0del\u{7f}"), "nul<U+0000>del<U+007F>");
        assert_eq!(terminal_safe("csi\u{9b}31m"), "csi<U+009B>31m");
        assert_eq!(terminal_safe("a\tb\nc\rd"), "a\\tb\\nc\\rd");
    }

    #[test]
    fn bidi_overrides_and_invisible_characters_become_visible() {
        assert_eq!(terminal_safe("Văn phòng\u{202E}ởS"), "Văn phòng<U+202E>ởS");
        for c in [
            '\u{061C}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{2028}',
            '\u{2029}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{2060}', '\u{2066}',
            '\u{2067}', '\u{2068}', '\u{2069}', '\u{FEFF}',
        ] {
            let s = format!("x{c}y");
            assert_eq!(
                terminal_safe(&s),
                format!("x<U+{:04X}>y", u32::from(c)),
                "{c:?}"
            );
        }
        // Neighbours of the escaped ranges are ordinary text.
        for s in ["\u{2010}", "\u{2030}", "\u{2065}", "\u{206A}", "\u{A0}"] {
            assert_eq!(terminal_safe(s), s);
        }
    }

    #[test]
    fn the_result_holds_no_character_that_needs_escaping() {
        let nasty: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let safe = terminal_safe(&nasty);
        assert!(!safe.chars().any(needs_escape));
        assert!(!safe.chars().any(char::is_control));
    }

    #[test]
    fn controls_are_shown_not_sent() {
        assert!(matches!(terminal_safe("Kế hoạch"), Cow::Borrowed(_)));
        assert_eq!(
            terminal_safe("X\u{1b}]52;c;bad\u{7}\r\n\u{9b}2J\u{202e}\u{200b}"),
            "X<U+001B>]52;c;bad<U+0007>\\r\\n<U+009B>2J<U+202E><U+200B>"
        );
        let nasty: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        assert!(!terminal_safe(&nasty).chars().any(char::is_control));
        // Escaping twice changes nothing more.
        let once = terminal_safe("a\u{1b}b").into_owned();
        assert_eq!(terminal_safe(&once), once);
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
