//! The canonical text of a value written without libyaml: the same bytes as
//! `serde_yaml::to_string`, at a fraction of the cost.
//!
//! Telling a canonical file from a hand-edited one means serialising the
//! board and comparing; with libyaml's emitter that cost as much as parsing
//! (`cchc move` on the shipped board: 3.96 M of 7.6 M instructions). This
//! writer reproduces what `serde_yaml` 0.9 asks of libyaml and what libyaml
//! then writes, for the shapes a board has: block mappings and sequences
//! (sequences in a mapping at the key's indentation), `[]` / `{}` when empty,
//! and each string in the style libyaml picks for it (plain, single-quoted,
//! double-quoted with escapes, literal `|` with its indentation and chomping
//! hints), numbers as `itoa` / `ryu` write them.
//!
//! The rules below are libyaml's `yaml_emitter_analyze_scalar` and
//! `yaml_emitter_select_scalar_style`, and serde_yaml's choice of style per
//! string (a string YAML would read as something else is single-quoted). A
//! shape it does not write (an enum with data, which serde_yaml tags; a
//! sequence directly in a sequence; a `|+` block, after which libyaml may
//! end the document with `...`; a key that is not plain) returns `None`, and
//! the caller asks `serde_yaml`. `tests/roundtrip.rs` holds the two
//! byte-identical on generated boards with hard text.

use super::subset::Declined;
use serde::ser::{self, Serialize};

/// `value` as `serde_yaml::to_string` writes it, or `None` for a shape this
/// writer leaves to serde_yaml.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let node = value.serialize(Build).ok()?;
    let mut out = String::with_capacity(4096);
    match &node {
        Node::Map(entries) if !entries.is_empty() => entries_at(&mut out, entries, 0, false)?,
        Node::Seq(items) if !items.is_empty() => items_at(&mut out, items, 0)?,
        Node::Map(_) => out.push_str("{}\n"),
        Node::Seq(_) => out.push_str("[]\n"),
        // A document that is one scalar: left to serde_yaml.
        Node::Str(_) | Node::Raw(_) => return None,
    }
    Some(out)
}

/// A value as serde hands it over.
enum Node {
    /// Text: its style is chosen when written.
    Str(String),
    /// A number, boolean or null, written plain as is.
    Raw(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// The entries of a mapping whose keys sit at column `indent`; the first
/// one's key is already placed when `first_placed` (after `- `).
fn entries_at(
    out: &mut String,
    entries: &[(String, Node)],
    indent: usize,
    first_placed: bool,
) -> Option<()> {
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 || !first_placed {
            pad(out, indent);
        }
        if style(key, true)? != Style::Plain {
            return None;
        }
        out.push_str(key);
        out.push(':');
        match value {
            Node::Seq(items) if !items.is_empty() => {
                out.push('\n');
                items_at(out, items, indent)?;
            }
            Node::Map(sub) if !sub.is_empty() => {
                out.push('\n');
                entries_at(out, sub, indent + 2, false)?;
            }
            other => {
                out.push(' ');
                inline(out, other, indent)?;
            }
        }
    }
    Some(())
}

/// The items of a sequence, `- ` at column `indent`.
fn items_at(out: &mut String, items: &[Node], indent: usize) -> Option<()> {
    for item in items {
        pad(out, indent);
        out.push_str("- ");
        match item {
            Node::Map(entries) if !entries.is_empty() => {
                entries_at(out, entries, indent + 2, true)?;
            }
            Node::Seq(sub) if !sub.is_empty() => return None,
            other => inline(out, other, indent)?,
        }
    }
    Some(())
}

/// A scalar (or an empty collection) and its line end; a literal block's
/// lines are indented two past `indent`, the node's own indentation.
fn inline(out: &mut String, node: &Node, indent: usize) -> Option<()> {
    match node {
        Node::Raw(text) => out.push_str(text),
        Node::Seq(_) => out.push_str("[]"),
        Node::Map(_) => out.push_str("{}"),
        Node::Str(text) => match style(text, false)? {
            Style::Plain => out.push_str(text),
            Style::Single | Style::Literal if text.contains(['\u{2028}', '\u{2029}']) => {
                return None;
            }
            Style::Single => {
                out.push('\'');
                out.push_str(&text.replace('\'', "''"));
                out.push('\'');
            }
            Style::Double => double_quoted(out, text),
            Style::Literal => {
                literal(out, text, indent + 2)?;
                return Some(());
            }
        },
    }
    out.push('\n');
    Some(())
}

#[derive(Debug, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

/// The style libyaml writes `text` in, as serde_yaml asks for it: a literal
/// block for text with a line feed, single quotes for text YAML would read
/// as a number, boolean or null, otherwise plain where allowed.
fn style(text: &str, key: bool) -> Option<Style> {
    // A field name (`due_reason`): plain, without the analysis.
    if key
        && text.len() <= 128
        && text.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !resolves(text)
    {
        return Some(Style::Plain);
    }
    if !key && ordinary(text.as_bytes()) {
        // What the analysis would find: plain allowed, single quotes too.
        return Some(if resolves(text) {
            Style::Single
        } else {
            Style::Plain
        });
    }
    let a = analyse(text);
    if key {
        // A simple key: multi-line text would be double-quoted, empty text
        // single-quoted; only plain keys are written here.
        return (!a.line_breaks
            && !text.is_empty()
            && text.len() <= 128
            && a.block_plain
            && !resolves(text))
        .then_some(Style::Plain);
    }
    let requested = if text.contains('\n') {
        Style::Literal
    } else if resolves(text) {
        Style::Single
    } else {
        Style::Plain
    };
    Some(match requested {
        Style::Plain if a.block_plain => Style::Plain,
        Style::Plain | Style::Single if a.single_quoted => Style::Single,
        Style::Literal if a.block => Style::Literal,
        _ => Style::Double,
    })
}

/// Text the analysis passes with everything allowed, found in one pass over
/// the bytes: a letter or digit first, no space at either end, no `:` or `#`,
/// no control character, break or unprintable character (most of a board).
fn ordinary(b: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return false;
    };
    if last == b' ' || (first < 0x80 && !first.is_ascii_alphanumeric()) {
        return false;
    }
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    for (i, &x) in b.iter().enumerate() {
        match x {
            0..=0x1f | 0x7f | b':' | b'#' => return false,
            0xc2 if at(i + 1) < 0xa0 => return false,
            0xe2 if at(i + 1) == 0x80 && matches!(at(i + 2), 0xa8 | 0xa9) => return false,
            0xef if (at(i + 1) == 0xbb && at(i + 2) == 0xbf)
                || (at(i + 1) == 0xbf && matches!(at(i + 2), 0xbe | 0xbf)) =>
            {
                return false;
            }
            _ => {}
        }
    }
    true
}

/// What libyaml's analysis allows for a scalar (block context).
struct Allowed {
    line_breaks: bool,
    block_plain: bool,
    single_quoted: bool,
    block: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's `IS_PRINTABLE` (as `char`s).
fn printable(c: char) -> bool {
    matches!(c, '\n' | '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

/// One character of a scalar as libyaml's analysis sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ascii(u8),
    /// U+0085 (not printable to libyaml), U+2028, U+2029 (printable).
    Break {
        printable: bool,
    },
    /// A C1 control, U+FEFF, U+FFFE, U+FFFF.
    Unprintable,
    /// Any other character beyond ASCII.
    Text,
}

/// The character starting at byte `i` of valid UTF-8, and its length.
fn char_at(b: &[u8], i: usize) -> (Kind, usize) {
    let lead = b[i];
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match lead {
        0..=0x7f => (Kind::Ascii(lead), 1),
        0xc2 if at(1) == 0x85 => (Kind::Break { printable: false }, 2),
        0xc2 if at(1) < 0xa0 => (Kind::Unprintable, 2),
        0xe2 if at(1) == 0x80 && matches!(at(2), 0xa8 | 0xa9) => {
            (Kind::Break { printable: true }, 3)
        }
        0xef if (at(1) == 0xbb && at(2) == 0xbf)
            || (at(1) == 0xbf && matches!(at(2), 0xbe | 0xbf)) =>
        {
            (Kind::Unprintable, 3)
        }
        0xc0..=0xdf => (Kind::Text, 2),
        0xe0..=0xef => (Kind::Text, 3),
        _ => (Kind::Text, 4),
    }
}

/// libyaml's `IS_PRINTABLE`.
fn printable_kind(c: Kind) -> bool {
    match c {
        Kind::Ascii(a) => a == b'\n' || (0x20..=0x7e).contains(&a),
        Kind::Break { printable } => printable,
        Kind::Unprintable => false,
        Kind::Text => true,
    }
}

/// libyaml's `IS_BLANKZ`: space, tab, a break, or NUL.
fn blank(c: Kind) -> bool {
    matches!(
        c,
        Kind::Ascii(b' ' | b'\t' | b'\n' | b'\r' | 0) | Kind::Break { .. }
    )
}

/// `yaml_emitter_analyze_scalar`, for the block context.
fn analyse(text: &str) -> Allowed {
    if text.is_empty() {
        return Allowed {
            line_breaks: false,
            block_plain: true,
            single_quoted: true,
            block: false,
        };
    }
    let mut block_indicators = text.starts_with("---") || text.starts_with("...");
    let (mut line_breaks, mut special) = (false, false);
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    // Bytes, not chars: a multi-byte character is ordinary text unless it is
    // one of YAML's breaks or not printable (`char_at`).
    let b = text.as_bytes();
    let mut i = 0;
    let mut current = char_at(b, 0);
    loop {
        let (c, len) = current;
        let next_at = i + len;
        let last = next_at == b.len();
        let next = (!last).then(|| char_at(b, next_at));
        let followed_by_whitespace = next.is_none_or(|(n, _)| blank(n));
        let first = i == 0;
        if first {
            if matches!(
                c,
                Kind::Ascii(
                    b'#' | b','
                        | b'['
                        | b']'
                        | b'{'
                        | b'}'
                        | b'&'
                        | b'*'
                        | b'!'
                        | b'|'
                        | b'>'
                        | b'\''
                        | b'"'
                        | b'%'
                        | b'@'
                        | b'`'
                )
            ) || (matches!(c, Kind::Ascii(b'?' | b':' | b'-')) && followed_by_whitespace)
            {
                block_indicators = true;
            }
        } else if (c == Kind::Ascii(b':') && followed_by_whitespace)
            || (c == Kind::Ascii(b'#') && preceded_by_whitespace)
        {
            block_indicators = true;
        }
        let is_break = matches!(c, Kind::Ascii(b'\n' | b'\r') | Kind::Break { .. });
        if !printable_kind(c) {
            special = true;
        }
        if is_break {
            line_breaks = true;
        }
        if c == Kind::Ascii(b' ') {
            leading_space |= first;
            trailing_space |= last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break {
            leading_break |= first;
            trailing_break |= last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = blank(c);
        match next {
            Some(n) => {
                current = n;
                i = next_at;
            }
            None => break,
        }
    }
    let mut allowed = Allowed {
        line_breaks,
        block_plain: true,
        single_quoted: true,
        block: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        allowed.block_plain = false;
    }
    if trailing_space {
        allowed.block = false;
    }
    if break_space {
        allowed.block_plain = false;
        allowed.single_quoted = false;
    }
    if space_break || special {
        allowed.block_plain = false;
        allowed.single_quoted = false;
        allowed.block = false;
    }
    if line_breaks || block_indicators {
        allowed.block_plain = false;
    }
    allowed
}

/// Whether serde_yaml would read `text`, written plain, as something other
/// than this text (`visit_untagged_scalar`): then it asks for quotes.
fn resolves(text: &str) -> bool {
    if matches!(
        text,
        "" | "~"
            | "null"
            | "Null"
            | "NULL"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
    ) {
        return true;
    }
    let Some(&first) = text.as_bytes().first() else {
        return true;
    };
    // Every number form starts so (`.inf`, `+1`, `-0x1f`, `0o17`, `1e3`).
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return false;
    }
    unsigned_int(text) || negative_int(text) || digits_but_not_number(text) || float(text)
}

/// serde_yaml's `parse_unsigned_int` (for u128, which includes u64).
fn unsigned_int(text: &str) -> bool {
    let unpositive = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return false;
            }
            if u128::from_str_radix(rest, radix).is_ok() {
                return true;
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(text) {
        return false;
    }
    unpositive.parse::<u128>().is_ok()
}

/// serde_yaml's `parse_negative_int` (for i128, which includes i64).
fn negative_int(text: &str) -> bool {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = text.strip_prefix(prefix)
            && i128::from_str_radix(&format!("-{rest}"), radix).is_ok()
        {
            return true;
        }
    }
    !digits_but_not_number(text) && text.parse::<i128>().is_ok()
}

/// serde_yaml's `digits_but_not_number`: `0123` is text, and written quoted.
fn digits_but_not_number(text: &str) -> bool {
    let t = text.strip_prefix(['-', '+']).unwrap_or(text);
    t.len() > 1 && t.starts_with('0') && t[1..].bytes().all(|b| b.is_ascii_digit())
}

/// serde_yaml's `parse_f64` finds a number.
fn float(text: &str) -> bool {
    let unpositive = match text.strip_prefix('+') {
        Some(u) if u.starts_with(['+', '-']) => return false,
        Some(u) => u,
        None => text,
    };
    if matches!(unpositive, ".inf" | ".Inf" | ".INF")
        || matches!(text, "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN")
    {
        return true;
    }
    unpositive.parse::<f64>().is_ok_and(f64::is_finite)
}

/// libyaml's double-quoted scalar (no line folding: serde_yaml sets no width).
fn double_quoted(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        if printable(c) && !is_break(c) && c != '"' && c != '\\' {
            out.push(c);
            continue;
        }
        out.push('\\');
        match c {
            '\0' => out.push('0'),
            '\u{7}' => out.push('a'),
            '\u{8}' => out.push('b'),
            '\t' => out.push('t'),
            '\n' => out.push('n'),
            '\u{b}' => out.push('v'),
            '\u{c}' => out.push('f'),
            '\r' => out.push('r'),
            '\u{1b}' => out.push('e'),
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            '\u{85}' => out.push('N'),
            '\u{a0}' => out.push('_'),
            '\u{2028}' => out.push('L'),
            '\u{2029}' => out.push('P'),
            c => {
                let v = u32::from(c);
                let (letter, width) = match v {
                    0..=0xff => ('x', 2),
                    0x100..=0xffff => ('u', 4),
                    _ => ('U', 8),
                };
                out.push(letter);
                for k in (0..width).rev() {
                    let digit = (v >> (4 * k)) & 0xf;
                    out.push(char::from_digit(digit, 16).map_or('0', |d| d.to_ascii_uppercase()));
                }
            }
        }
    }
    out.push('"');
}

/// A literal block: `|`, the indentation hint when the text starts with a
/// space or a break, `-` without a final break (none with one); its lines
/// at `indent`, empty lines bare. Text ending in two breaks (`|+`) is left
/// to serde_yaml.
fn literal(out: &mut String, text: &str, indent: usize) -> Option<()> {
    out.push('|');
    if text.starts_with(' ') || text.starts_with(is_break) {
        out.push('2');
    }
    let mut tail = text.chars().rev();
    match (tail.next(), tail.next()) {
        (Some(last), _) if !is_break(last) => out.push('-'),
        (Some(_), Some(before)) if !is_break(before) => {}
        _ => return None,
    }
    out.push('\n');
    let body = text.strip_suffix('\n').unwrap_or(text);
    for line in body.split('\n') {
        if !line.is_empty() {
            pad(out, indent);
            out.push_str(line);
        }
        out.push('\n');
    }
    Some(())
}

/// Builds a [`Node`] from a value.
struct Build;

fn raw(s: impl ToString) -> Result<Node, Declined> {
    Ok(Node::Raw(s.to_string()))
}

impl ser::Serializer for Build {
    type Ok = Node;
    type Error = Declined;
    type SerializeSeq = Items;
    type SerializeTuple = Items;
    type SerializeTupleStruct = Items;
    type SerializeTupleVariant = ser::Impossible<Node, Declined>;
    type SerializeMap = Entries;
    type SerializeStruct = Entries;
    type SerializeStructVariant = ser::Impossible<Node, Declined>;

    fn serialize_bool(self, v: bool) -> Result<Node, Declined> {
        raw(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<Node, Declined> {
        raw(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Node, Declined> {
        raw(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Node, Declined> {
        raw(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Node, Declined> {
        raw(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Node, Declined> {
        raw(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Node, Declined> {
        raw(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Node, Declined> {
        raw(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Node, Declined> {
        raw(v)
    }
    fn serialize_f32(self, _: f32) -> Result<Node, Declined> {
        Err(Declined)
    }
    fn serialize_f64(self, v: f64) -> Result<Node, Declined> {
        if v.is_nan() {
            return raw(".nan");
        }
        if v.is_infinite() {
            return raw(if v > 0.0 { ".inf" } else { "-.inf" });
        }
        raw(ryu::Buffer::new().format_finite(v))
    }
    fn serialize_char(self, _: char) -> Result<Node, Declined> {
        Err(Declined)
    }
    fn serialize_str(self, v: &str) -> Result<Node, Declined> {
        Ok(Node::Str(v.to_owned()))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Node, Declined> {
        Err(Declined)
    }
    fn serialize_none(self) -> Result<Node, Declined> {
        raw("null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Node, Declined> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Node, Declined> {
        raw("null")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Node, Declined> {
        raw("null")
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Node, Declined> {
        Ok(Node::Str(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Node, Declined> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Node, Declined> {
        Err(Declined)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Items, Declined> {
        Ok(Items(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, len: usize) -> Result<Items, Declined> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items, Declined> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Declined> {
        Err(Declined)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Entries, Declined> {
        Ok(Entries {
            entries: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Entries, Declined> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Declined> {
        Err(Declined)
    }
}

struct Items(Vec<Node>);

impl ser::SerializeSeq for Items {
    type Ok = Node;
    type Error = Declined;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Declined> {
        self.0.push(value.serialize(Build)?);
        Ok(())
    }
    fn end(self) -> Result<Node, Declined> {
        Ok(Node::Seq(self.0))
    }
}

impl ser::SerializeTuple for Items {
    type Ok = Node;
    type Error = Declined;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Declined> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Node, Declined> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Items {
    type Ok = Node;
    type Error = Declined;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Declined> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Node, Declined> {
        ser::SerializeSeq::end(self)
    }
}

struct Entries {
    entries: Vec<(String, Node)>,
    key: Option<String>,
}

impl ser::SerializeMap for Entries {
    type Ok = Node;
    type Error = Declined;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Declined> {
        self.key = Some(match key.serialize(Build)? {
            Node::Str(s) | Node::Raw(s) => s,
            _ => return Err(Declined),
        });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Declined> {
        let key = self.key.take().ok_or(Declined)?;
        self.entries.push((key, value.serialize(Build)?));
        Ok(())
    }
    fn end(self) -> Result<Node, Declined> {
        Ok(Node::Map(self.entries))
    }
}

impl ser::SerializeStruct for Entries {
    type Ok = Node;
    type Error = Declined;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Declined> {
        self.entries.push((key.to_owned(), value.serialize(Build)?));
        Ok(())
    }
    fn end(self) -> Result<Node, Declined> {
        Ok(Node::Map(self.entries))
    }
}
