//! The YAML that cchc writes, read without libyaml.
//!
//! `serde_yaml` (libyaml's scanner and parser, then an event list, then
//! serde) costs about 300 instructions per byte of a board; it is most of
//! every command's time at every size (see docs/performance.md). The boards
//! cchc writes use a small part of YAML: block mappings and sequences laid
//! out one key per line, plain, single-quoted, double-quoted and literal
//! (`|`, `|-`, `|+`) scalars on one line each, and `[]` / `{}`. This module
//! reads exactly that part, line by line, into a tree of borrowed text, and
//! deserialises from the tree with serde, following `serde_yaml`'s own rules
//! for what a scalar means for each type asked for.
//!
//! It is a fast path, never a second opinion: anything outside that part (a
//! comment, a tag, an anchor, a flow collection with items, a folded or
//! indented block scalar, a quoted scalar over several lines, a plain scalar
//! that YAML might resolve to something other than text where the type does
//! not say, a control character, CR line ends, tabs in indentation…) and any
//! error at all (an unknown field, a bad date) returns `None`, and the caller
//! parses with `serde_yaml`, which then also gives the exact error message
//! and position. `tests/yaml_subset.rs` holds the two equal: on generated
//! boards, on every scalar form, and on arbitrary text typed into a file.
//!
//! Why not another crate: the pure-Rust YAML parsers (`saphyr`) are event
//! parsers of the whole language, in the same cost class as libyaml; the
//! gain here comes from reading only the layout cchc itself writes.

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

/// `text` read as `T`, when it lies inside the subset and deserialises
/// without error; `None` otherwise (then ask `serde_yaml`).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    // Without a final line feed a literal block's last break is unknown.
    if !text.ends_with('\n') || !plain_bytes(text.as_bytes()) {
        return None;
    }
    let lines = lines_of(text)?;
    let mut reader = Reader {
        lines: &lines,
        at: 0,
        depth: 0,
    };
    reader.skip_blank();
    if reader.at == lines.len() || lines[reader.at].indent != 0 {
        return None;
    }
    let node = reader.node(0)?;
    reader.skip_blank();
    if reader.at != lines.len() {
        return None;
    }
    T::deserialize(&node).ok()
}

/// No byte YAML treats specially outside the subset: C0 controls but tab
/// and line feed (so no CR), DEL, the C1 controls (U+0085 is a line break to
/// libyaml), U+2028/U+2029 (line breaks too), U+FFFE/U+FFFF (not allowed),
/// a byte-order mark anywhere.
fn plain_bytes(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            if (c < 0x20 && c != b'\t' && c != b'\n') || c == 0x7f {
                return false;
            }
            i += 1;
            continue;
        }
        match c {
            0xc2 if (0x80..=0x9f).contains(&b.get(i + 1).copied().unwrap_or(0)) => return false,
            0xe2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)) => {
                return false;
            }
            0xef if matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0xbf), Some(0xbe | 0xbf)) | (Some(0xbb), Some(0xbf))
            ) =>
            {
                return false;
            }
            _ => {}
        }
        i += 1;
    }
    true
}

/// One line: its indentation (spaces) and what follows (no line feed).
struct Line<'a> {
    indent: usize,
    rest: &'a str,
    /// The whole line, for literal block content.
    full: &'a str,
}

impl Line<'_> {
    fn blank(&self) -> bool {
        self.rest.is_empty()
    }
}

/// The text's lines; `None` when one is outside the subset on its face.
fn lines_of(text: &str) -> Option<Vec<Line<'_>>> {
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    for full in text.split_terminator('\n') {
        let indent = full.bytes().take_while(|&b| b == b' ').count();
        let rest = &full[indent..];
        // Tabs before content, and comments, are outside the subset.
        if rest.starts_with('\t') || rest.starts_with('#') {
            return None;
        }
        // Directives and document markers.
        if indent == 0
            && (rest.starts_with('%') || rest.starts_with("---") || rest.starts_with("..."))
        {
            return None;
        }
        let rest = if rest.bytes().all(|b| b == b' ') {
            ""
        } else {
            rest
        };
        out.push(Line { indent, rest, full });
    }
    Some(out)
}

/// A node of the document, its text borrowed from the file where it can be.
#[derive(Debug)]
enum Node<'a> {
    /// `plain`: written without quotes (YAML may resolve it: `null`, `12`).
    Scalar {
        text: Cow<'a, str>,
        plain: bool,
    },
    Seq(Vec<Node<'a>>),
    Map(Vec<(&'a str, Node<'a>)>),
}

struct Reader<'l, 'a> {
    lines: &'l [Line<'a>],
    at: usize,
    /// Collections open: a board nests four deep; a hostile file must not
    /// exhaust the stack.
    depth: usize,
}

/// Deeper than any board: outside the subset.
const MAX_DEPTH: usize = 32;

impl<'a> Reader<'_, 'a> {
    fn skip_blank(&mut self) {
        while self.lines.get(self.at).is_some_and(Line::blank) {
            self.at += 1;
        }
    }

    /// The next non-blank line, without moving.
    fn peek(&mut self) -> Option<&Line<'a>> {
        self.skip_blank();
        self.lines.get(self.at)
    }

    /// A block node whose first line is the current one, at its indentation.
    fn node(&mut self, indent: usize) -> Option<Node<'a>> {
        let line = self.peek()?;
        if line.indent != indent {
            return None;
        }
        if is_item(line.rest) {
            self.seq(indent)
        } else {
            let rest = line.rest;
            self.at += 1;
            self.map(indent, rest)
        }
    }

    /// A block sequence: items `- …` at `indent`.
    fn seq(&mut self, indent: usize) -> Option<Node<'a>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            if !is_item(line.rest) {
                // The parent mapping's next key (a sequence laid out at its
                // key's indentation, as libyaml writes it).
                break;
            }
            let content = line.rest.strip_prefix("- ")?;
            self.at += 1;
            // `-  x`: the item's node starts further right (a mapping there
            // would be indented by that much): outside the subset.
            if is_item(content) || content.is_empty() || content.starts_with(' ') {
                return None;
            }
            let item = if key_of(content).is_some() {
                self.map(indent + 2, content)?
            } else {
                self.scalar(content, indent)?
            };
            items.push(item);
        }
        self.depth -= 1;
        Some(Node::Seq(items))
    }

    /// A block mapping at `indent` whose first entry is `first` (a line
    /// already consumed).
    fn map(&mut self, indent: usize, first: &'a str) -> Option<Node<'a>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let mut entries: Vec<(&'a str, Node<'a>)> = Vec::new();
        let mut entry = first;
        loop {
            let (key, value) = key_of(entry)?;
            if entries.iter().any(|(k, _)| *k == key) {
                return None;
            }
            let node = if value.is_empty() {
                match self.peek() {
                    Some(next) if next.indent > indent => {
                        let deeper = next.indent;
                        self.node(deeper)?
                    }
                    Some(next) if next.indent == indent && is_item(next.rest) => {
                        self.seq(indent)?
                    }
                    _ => Node::Scalar {
                        text: Cow::Borrowed(""),
                        plain: true,
                    },
                }
            } else {
                self.scalar(value, indent)?
            };
            entries.push((key, node));
            match self.peek() {
                Some(next) if next.indent == indent && !is_item(next.rest) => {
                    entry = next.rest;
                    self.at += 1;
                }
                Some(next) if next.indent > indent => return None,
                _ => break,
            }
        }
        self.depth -= 1;
        Some(Node::Map(entries))
    }

    /// A scalar (or `[]` / `{}`) written after `key: ` or `- ` on a line
    /// already consumed, in a node at `indent`. A literal block takes the
    /// lines that follow. A plain or quoted scalar must end on its line.
    fn scalar(&mut self, v: &'a str, indent: usize) -> Option<Node<'a>> {
        let node = match v.as_bytes()[0] {
            b'\'' => Node::Scalar {
                text: single_quoted(v)?,
                plain: false,
            },
            b'"' => Node::Scalar {
                text: double_quoted(v)?,
                plain: false,
            },
            b'|' => {
                return Some(Node::Scalar {
                    text: Cow::Owned(self.literal(&v[1..], indent)?),
                    plain: false,
                });
            }
            b'[' if v == "[]" => Node::Seq(Vec::new()),
            b'{' if v == "{}" => Node::Map(Vec::new()),
            _ if plain_ok(v) => Node::Scalar {
                text: Cow::Borrowed(v),
                plain: true,
            },
            _ => return None,
        };
        // A plain scalar may go on over more indented lines: outside.
        if self.peek().is_some_and(|next| next.indent > indent) {
            return None;
        }
        Some(node)
    }

    /// A literal block scalar's content, after its `|`: chomping `-` or `+`
    /// (no indentation indicator), indented more than `indent`, the
    /// indentation taken from the first line (no leading empty lines).
    fn literal(&mut self, header: &str, indent: usize) -> Option<String> {
        let keep = match header {
            "" => Chomp::Clip,
            "-" => Chomp::Strip,
            "+" => Chomp::Keep,
            _ => return None,
        };
        let first = self.lines.get(self.at)?;
        if first.blank() || first.indent <= indent {
            return None;
        }
        let block = first.indent;
        let mut out = String::new();
        // Line feeds owed: written before the next content line, so that
        // trailing empty lines can be chomped.
        let mut breaks = 0usize;
        let mut any = false;
        while let Some(line) = self.lines.get(self.at) {
            if line.blank() && line.full.len() <= block {
                breaks += 1;
                self.at += 1;
                continue;
            }
            if line.indent < block {
                break;
            }
            if any {
                breaks += 1;
            }
            out.extend(std::iter::repeat_n('\n', breaks));
            breaks = 0;
            out.push_str(&line.full[block..]);
            any = true;
            self.at += 1;
        }
        match keep {
            Chomp::Strip => {}
            Chomp::Clip => out.push('\n'),
            Chomp::Keep => out.extend(std::iter::repeat_n('\n', breaks + 1)),
        }
        Some(out)
    }
}

enum Chomp {
    Clip,
    Strip,
    Keep,
}

fn is_item(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

/// `key: value` or `key:`: the key (plain, of word characters) and the
/// value's text after one or more spaces.
fn key_of(s: &str) -> Option<(&str, &str)> {
    let colon = s.find(':')?;
    let key = &s[..colon];
    // Keys are field names: one YAML might resolve (`1`, `true`, `null`) or
    // would not read as a simple key (over 1,024 characters) is left to
    // serde_yaml.
    if key.len() > 1024
        || key.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || (key.len() <= 5
            && ["null", "true", "false", "y", "n", "yes", "no", "on", "off"]
                .iter()
                .any(|word| key.eq_ignore_ascii_case(word)))
    {
        return None;
    }
    if key.is_empty()
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        || key.starts_with('-')
    {
        return None;
    }
    let after = &s[colon + 1..];
    if after.is_empty() {
        return Some((key, ""));
    }
    let value = after.strip_prefix(' ')?.trim_start_matches(' ');
    Some((key, value))
}

/// Plain text YAML reads back as the same text on one line: no indicator
/// first, no `: ` or ` #` inside, no `:` last, no white space at either end.
fn plain_ok(v: &str) -> bool {
    let b = v.as_bytes();
    let first = b[0];
    // Tabs are white space to YAML in places (`-\tx` starts a sequence).
    if first == b' ' || b.contains(&b'\t') {
        return false;
    }
    if b"-?:,[]{}#&*!|>'\"%@`".contains(&first) && !(first == b'-' && b.len() > 1 && b[1] != b' ') {
        return false;
    }
    if first == b'-' && v.starts_with("---") {
        return false;
    }
    let last = b[b.len() - 1];
    if last == b':' || last == b' ' {
        return false;
    }
    // `: ` or ` #` anywhere, in one pass (two substring searches before).
    !memchr::memchr2_iter(b':', b'#', b).any(|i| {
        if b[i] == b':' {
            b.get(i + 1) == Some(&b' ')
        } else {
            i > 0 && b[i - 1] == b' '
        }
    })
}

/// `'…'` on one line, `''` for a quote.
fn single_quoted(v: &str) -> Option<Cow<'_, str>> {
    let body = &v[1..];
    let mut out: Option<String> = None;
    let mut i = 0;
    let bytes = body.as_bytes();
    loop {
        let rel = body[i..].find('\'')?;
        let at = i + rel;
        if bytes.get(at + 1) == Some(&b'\'') {
            out.get_or_insert_with(String::new).push_str(&body[i..=at]);
            i = at + 2;
            continue;
        }
        if at + 1 != body.len() {
            return None;
        }
        return Some(match out {
            None => Cow::Borrowed(&body[..at]),
            Some(mut s) => {
                s.push_str(&body[i..at]);
                Cow::Owned(s)
            }
        });
    }
}

/// `"…"` on one line with YAML's escapes.
fn double_quoted(v: &str) -> Option<Cow<'_, str>> {
    let body = &v[1..];
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => {
                if at + 1 != body.len() {
                    return None;
                }
                return Some(Cow::Owned(out));
            }
            '\\' => {
                let (_, e) = chars.next()?;
                let hex = |n: usize, chars: &mut std::str::CharIndices<'_>| -> Option<char> {
                    let mut code = 0u32;
                    for _ in 0..n {
                        code = code * 16 + chars.next()?.1.to_digit(16)?;
                    }
                    char::from_u32(code)
                };
                out.push(match e {
                    '0' => '\0',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    't' | '\t' => '\t',
                    'n' => '\n',
                    'v' => '\u{b}',
                    'f' => '\u{c}',
                    'r' => '\r',
                    'e' => '\u{1b}',
                    ' ' => ' ',
                    '"' => '"',
                    '/' => '/',
                    '\\' => '\\',
                    'N' => '\u{85}',
                    '_' => '\u{a0}',
                    'L' => '\u{2028}',
                    'P' => '\u{2029}',
                    'x' => hex(2, &mut chars)?,
                    'u' => hex(4, &mut chars)?,
                    'U' => hex(8, &mut chars)?,
                    _ => return None,
                });
            }
            c => out.push(c),
        }
    }
    None
}

/// Any error of the fast paths, reading here or writing in [`super::emit`]:
/// the caller falls back to `serde_yaml`, so it carries nothing.
#[derive(Debug)]
pub(super) struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to serde_yaml")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Declined
    }
}

impl serde::ser::Error for Declined {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Declined
    }
}

/// What a plain scalar means where the type does not say (`serde_yaml`'s
/// resolution, YAML 1.2 core schema): only the unmistakable forms are read
/// here; anything that might be a number, boolean or null in some other
/// spelling is left to `serde_yaml`.
enum Resolved<'s> {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(&'s str),
}

fn resolve(v: &str) -> Option<Resolved<'_>> {
    match v {
        "" | "~" | "null" => return Some(Resolved::Null),
        "true" => return Some(Resolved::Bool(true)),
        "false" => return Some(Resolved::Bool(false)),
        _ => {}
    }
    let (negative, digits) = match v.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, v),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let decimal = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // `-0` is left to serde_yaml (an integer or negative zero).
    if decimal(whole) && (whole == "0" || !whole.starts_with('0')) && v != "-0" {
        match fraction {
            None => {
                return if negative {
                    v.parse().ok().map(Resolved::Signed)
                } else {
                    v.parse().ok().map(Resolved::Unsigned)
                };
            }
            Some(f) if decimal(f) => {
                return v
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .map(Resolved::Float);
            }
            Some(_) => return None,
        }
    }
    // Any other spelling that could resolve (`Null`, `TRUE`, `0x1f`, `+1`,
    // `.5`, `1e3`, `.inf`, `yes`): serde_yaml decides.
    let first = v.as_bytes()[0];
    if first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.' | b'~') {
        return None;
    }
    let lower = v.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    ) {
        return None;
    }
    Some(Resolved::Text(v))
}

macro_rules! via_any {
    ($($name:ident)*) => {
        $(fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
            self.scalar_or_any(visitor)
        })*
    };
}

impl<'de, 'a> de::Deserializer<'de> for &'de Node<'a> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Scalar { text, plain: false } => visitor.visit_str(text),
            Node::Scalar { text, plain: true } => match resolve(text).ok_or(Declined)? {
                Resolved::Null => visitor.visit_unit(),
                Resolved::Bool(b) => visitor.visit_bool(b),
                Resolved::Unsigned(n) => visitor.visit_u64(n),
                Resolved::Signed(n) => visitor.visit_i64(n),
                Resolved::Float(x) => visitor.visit_f64(x),
                Resolved::Text(s) => visitor.visit_str(s),
            },
            Node::Seq(items) => visitor.visit_seq(Items(items.iter())),
            Node::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
        }
    }

    via_any! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_f32 deserialize_f64 deserialize_unit
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Scalar { text, .. } => visitor.visit_str(text),
            _ => Err(Declined),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Scalar { text, plain: true }
                if matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL") =>
            {
                visitor.visit_none()
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Declined> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Seq(items) => visitor.visit_seq(Items(items.iter())),
            _ => Err(Declined),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
            _ => Err(Declined),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        match self {
            Node::Scalar { text, .. } => {
                let variant: de::value::StrDeserializer<'_, Declined> =
                    text.as_ref().into_deserializer();
                visitor.visit_enum(variant)
            }
            _ => Err(Declined),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        visitor.visit_unit()
    }

    fn deserialize_char<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Declined> {
        Err(Declined)
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, Declined> {
        Err(Declined)
    }
}

impl<'de> Node<'_> {
    /// Numbers, booleans and unit: a plain scalar is resolved, as by
    /// `serde_yaml`; a quoted one or a collection is left to it.
    fn scalar_or_any<V: Visitor<'de>>(&'de self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Scalar { plain: true, .. } => de::Deserializer::deserialize_any(self, visitor),
            _ => Err(Declined),
        }
    }
}

struct Items<'de, 'a>(std::slice::Iter<'de, Node<'a>>);

impl<'de> de::SeqAccess<'de> for Items<'de, '_> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Declined> {
        self.0.next().map(|n| seed.deserialize(n)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries<'de, 'a> {
    entries: std::slice::Iter<'de, (&'a str, Node<'a>)>,
    value: Option<&'de Node<'a>>,
}

impl<'de> de::MapAccess<'de> for Entries<'de, '_> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Declined> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                let key: de::value::StrDeserializer<'_, Declined> = key.into_deserializer();
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Declined> {
        seed.deserialize(self.value.take().ok_or(Declined)?)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}
