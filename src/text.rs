//! Vietnamese-aware text helpers: accent folding for search and parsing, and
//! truncation by display width (a terminal column count, not bytes or chars).

use unicode_normalization::UnicodeNormalization;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Folds text for matching as a Vietnamese reader expects: case-insensitive,
/// accent-insensitive (`Kế hoạch` → `ke hoach`, `Đ` → `d`), NFC and NFD alike,
/// with runs of white space collapsed to one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

/// Whether `needle` occurs in `haystack` after folding both (see [`fold`]).
pub fn contains_folded(haystack: &str, needle: &str) -> bool {
    fold(haystack).contains(&fold(needle))
}

/// Display width in terminal columns.
pub fn width(s: &str) -> usize {
    s.width()
}

/// Cuts `s` to at most `max` terminal columns, ending with `…` when cut. Control
/// characters are replaced by spaces so that data can never move the cursor.
pub fn truncate(s: &str, max: usize) -> String {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    // Most text is already clean NFC: skip the normaliser's allocation-heavy pass.
    let clean: String =
        if is_nfc_quick(s.chars()) == IsNormalized::Yes && !s.chars().any(char::is_control) {
            s.to_owned()
        } else {
            s.nfc()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect()
        };
    if clean.width() <= max {
        return clean;
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in clean.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    // "Xây dựng …" reads worse than "Xây dựng…".
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// `s` cut or padded with spaces to exactly `cols` terminal columns.
pub fn fit(s: &str, cols: usize) -> String {
    let mut out = truncate(s, cols);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// `s` right-aligned in `cols` terminal columns (cut when longer).
pub fn fit_right(s: &str, cols: usize) -> String {
    let cut = truncate(s, cols);
    let pad = cols.saturating_sub(cut.width());
    format!("{}{cut}", " ".repeat(pad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_finds_unaccented_queries() {
        assert_eq!(fold("Kế hoạch  Cải cách"), "ke hoach cai cach");
        assert!(contains_folded("Xây dựng Kế hoạch CCHC", "ke hoach"));
        assert!(contains_folded("ĐÀO TẠO", "dao tao"));
        assert!(contains_folded(
            "Tie\u{302}\u{301}ng Vie\u{323}\u{302}t",
            "tiếng việt"
        ));
        assert!(!contains_folded("Kế hoạch", "ke hoac h"));
    }

    #[test]
    fn truncation_counts_columns_not_bytes() {
        let title = "Xây dựng kế hoạch theo dõi thi hành pháp luật";
        let cut = truncate(title, 20);
        assert_eq!(width(&cut), 20);
        assert_eq!(cut, "Xây dựng kế hoạch t…");
        // NFD input renders like NFC: same width, same result.
        let nfd: String = title.nfd().collect();
        assert_eq!(truncate(&nfd, 20), cut);
        assert_eq!(truncate("短い漢字です", 5), "短い…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 0), "");
    }

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        assert_eq!(truncate("a\u{1b}[2Jb\tc", 20), "a [2Jb c");
    }

    #[test]
    fn fit_pads_to_exact_width() {
        assert_eq!(fit("Đà", 4), "Đà  ");
        assert_eq!(width(&fit("日本語テキスト", 5)), 5);
        assert_eq!(fit_right("7", 3), "  7");
    }
}
