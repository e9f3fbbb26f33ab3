//! Vietnamese-aware text helpers: accent folding for search and parsing,
//! cleaning file text for the screen, and truncation and wrapping by display
//! width (terminal columns, counted per grapheme cluster, not bytes or chars).

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

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

/// Characters that change how text around them is shown without being seen
/// themselves: bidirectional overrides, isolates and marks, zero-width and
/// invisible characters other than the emoji joiner U+200D, the line and
/// paragraph separators. A crafted title could use them to show text in a
/// different order than it is stored; the board shows each as `�` instead.
pub fn is_hidden_format(c: char) -> bool {
    // The set the commands escape (`sanitize`), less the controls (shown as
    // spaces) and the joiner that builds emoji sequences.
    crate::sanitize::needs_escape(c) && !c.is_control() && c != '\u{200D}'
}

/// Text from a file as the board shows it: NFC, control characters as
/// spaces (so data can never move the cursor), hidden format characters as
/// `�` (see [`is_hidden_format`]).
pub fn clean(s: &str) -> String {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    let dirty = |c: char| c.is_control() || is_hidden_format(c);
    // Most text is already clean NFC: skip the normaliser's allocation-heavy pass.
    if is_nfc_quick(s.chars()) == IsNormalized::Yes && !s.chars().any(dirty) {
        return s.to_owned();
    }
    s.nfc()
        .map(|c| match c {
            c if c.is_control() => ' ',
            c if is_hidden_format(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Display width in terminal columns, measured grapheme by grapheme as the
/// terminal (and ratatui's buffer) lays text out, so that an emoji ZWJ
/// sequence counts as the one glyph it is.
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Cuts `s` to at most `max` terminal columns, ending with `…` when cut, never
/// inside a grapheme cluster. The text is [`clean`]ed first.
pub fn truncate(s: &str, max: usize) -> String {
    let clean = clean(s);
    if width(&clean) <= max {
        return clean;
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in clean.graphemes(true) {
        let w = g.width();
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push_str(g);
    }
    // "Xây dựng …" reads worse than "Xây dựng…".
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// `s` cut or padded with spaces to exactly `cols` terminal columns.
pub fn fit(s: &str, cols: usize) -> String {
    let mut out = truncate(s, cols);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// `s` right-aligned in `cols` terminal columns (cut when longer).
pub fn fit_right(s: &str, cols: usize) -> String {
    let cut = truncate(s, cols);
    let pad = cols.saturating_sub(width(&cut));
    format!("{}{cut}", " ".repeat(pad))
}

/// Word-wraps [`clean`]ed text into lines: the first at most `first` columns
/// wide, the others `rest`; a word longer than a line is broken between
/// grapheme clusters. Returns every line (the caller decides how many fit).
/// (`textwrap`, used for prose elsewhere, has one width for all lines and
/// breaks long words between chars, which can split a cluster: a card's first
/// line shares its width with the id and the deadline badge.)
pub fn wrap(s: &str, first: usize, rest: usize) -> Vec<String> {
    let text = clean(s);
    let mut lines = vec![String::new()];
    let mut room = first.max(1);
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = width(word);
        let gap = usize::from(used > 0);
        if used + gap + w <= room {
            let line = lines.last_mut().expect("one line at least");
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(word);
            used += gap + w;
            continue;
        }
        // The word starts a new line, broken where it is longer than a line.
        let graphemes = word.graphemes(true);
        if used > 0 {
            lines.push(String::new());
            room = rest.max(1);
            used = 0;
        }
        for g in graphemes {
            let gw = g.width();
            if used + gw > room && used > 0 {
                lines.push(String::new());
                room = rest.max(1);
                used = 0;
            }
            lines.last_mut().expect("one line at least").push_str(g);
            used += gw;
        }
    }
    lines
}

/// `ratio` (0.5897) as a percentage with two decimals: `58.97%`, or with the
/// decimal comma Vietnamese documents use, `58,97%`.
pub fn percent(ratio: f64, decimal_comma: bool) -> String {
    let text = format!("{:.2}%", ratio * 100.0);
    if decimal_comma {
        text.replace('.', ",")
    } else {
        text
    }
}

/// The initials of some words, as Vietnamese documents abbreviate
/// (`Thủ tục hành chính` → `TTHC`, `Xây dựng kế hoạch` → `XDKH`): each
/// word's first letter, upper case, without tone marks (`Đ` stays `Đ`).
pub fn initials<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    words
        .into_iter()
        .filter_map(|w| w.chars().next())
        .map(|c| match c {
            'đ' | 'Đ' => "Đ".to_owned(),
            c => fold(&c.to_string()).to_uppercase(),
        })
        .collect()
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

    #[test]
    fn hidden_format_characters_show_as_replacement() {
        // A right-to-left override would show "cba" for "abc" in the terminal.
        assert_eq!(clean("a\u{202E}cba\u{202C}"), "a\u{FFFD}cba\u{FFFD}");
        assert_eq!(truncate("x\u{200B}y", 10), "x\u{FFFD}y");
        // The emoji joiner is part of a glyph, not hidden text.
        assert_eq!(clean("👩\u{200D}💻"), "👩\u{200D}💻");
    }

    #[test]
    fn emoji_sequences_are_measured_and_cut_whole() {
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(width(family), 2, "one glyph");
        let cut = truncate(&format!("ab{family}{family}cd"), 5);
        assert_eq!(cut, format!("ab{family}…"));
        assert!(width(&cut) <= 5);
        for max in 0..10 {
            let t = truncate(&format!("{family}x{family}y"), max);
            assert!(width(&t) <= max, "{max}: {t}");
            assert!(!t.contains("\u{200D}…"), "never cut inside the sequence");
        }
    }

    #[test]
    fn wrapping_fills_lines_by_display_width() {
        let title = "Xây dựng kế hoạch theo dõi thi hành pháp luật";
        let lines = wrap(title, 12, 20);
        assert_eq!(
            lines,
            ["Xây dựng kế", "hoạch theo dõi thi", "hành pháp luật"]
        );
        assert!(lines.iter().skip(1).all(|l| width(l) <= 20));
        // A word longer than the line is broken, between graphemes.
        assert_eq!(wrap("abcdefgh ij", 3, 3), ["abc", "def", "gh", "ij"]);
        assert_eq!(wrap("", 5, 5), [""]);
    }

    #[test]
    fn percentages_in_both_number_forms() {
        assert_eq!(percent(23.0 / 39.0, true), "58,97%");
        assert_eq!(percent(23.0 / 39.0, false), "58.97%");
        assert_eq!(percent(1.0, true), "100,00%");
        assert_eq!(percent(0.0, false), "0.00%");
    }

    #[test]
    fn initials_abbreviate_as_vietnamese_documents_do() {
        assert_eq!(initials("Thủ tục hành chính".split(' ')), "TTHC");
        assert_eq!(initials("Xây dựng kế hoạch".split(' ')), "XDKH");
        assert_eq!(initials("đẩy mạnh Ứng dụng".split(' ')), "ĐMUD");
    }
}
