//! Git merge-conflict markers. A board with them is half of two versions: it
//! must never be parsed into a model (the parser would pick one side silently)
//! nor saved over.

/// A conflict region, by 1-based line numbers of its `<<<<<<<` and `>>>>>>>` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConflictRegion {
    pub start: usize,
    pub end: usize,
}

/// Finds `<<<<<<<` … `>>>>>>>` regions (markers at the start of a line, as git
/// writes them, including the diff3 `|||||||` style). An unterminated region
/// runs to the last line.
pub fn find_conflicts(text: &str) -> Vec<ConflictRegion> {
    // The common case, no markers at all, without walking the lines.
    if !may_have_markers(text.as_bytes()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut last = 0;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        last = n;
        if is_marker(line, '<') {
            open.get_or_insert(n);
        } else if is_marker(line, '>')
            && let Some(start) = open.take()
        {
            out.push(ConflictRegion { start, end: n });
        }
    }
    if let Some(start) = open {
        out.push(ConflictRegion { start, end: last });
    }
    out
}

/// Whether `bytes` hold a `<<<<<<<` anywhere: no false negatives for
/// [`find_conflicts`]. A SIMD search (`str::contains` cost 2 instructions a
/// byte, on every load and every version read).
pub fn may_have_markers(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"<<<<<<<").is_some()
}

fn is_marker(line: &str, c: char) -> bool {
    let run = line.chars().take_while(|&x| x == c).count();
    run == 7 && line[7..].chars().next().is_none_or(|x| x == ' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_region() {
        let text = "a\n<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> theirs\nb\n<<<<<<< ours\n|||||||\n=======\n>>>>>>> t\n";
        assert_eq!(
            find_conflicts(text),
            vec![
                ConflictRegion { start: 2, end: 6 },
                ConflictRegion { start: 8, end: 11 }
            ]
        );
    }

    #[test]
    fn ignores_lookalikes() {
        assert!(
            find_conflicts("title: '<<<<<<< x'\n  <<<<<<< indented\n<<<<<<<< eight\n").is_empty()
        );
        assert_eq!(
            find_conflicts("a\n<<<<<<<\nb\n"),
            vec![ConflictRegion { start: 2, end: 3 }]
        );
    }
}
