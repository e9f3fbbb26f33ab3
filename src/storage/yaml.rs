//! Every `serde_yaml` call of the crate lives in this file, so the YAML library
//! (frozen upstream) can be swapped by rewriting one small module.

use crate::domain::Segment;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Serialize, de::DeserializeOwned};
use std::fmt;

/// A YAML syntax or shape error, with the 1-based position libyaml reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The message without the position suffix, e.g.
    /// `tasks[3]: unknown field `prio`, expected one of ...`.
    pub message: String,
}

impl From<serde_yaml::Error> for YamlError {
    fn from(err: serde_yaml::Error) -> Self {
        let loc = err.location();
        let mut message = err.to_string();
        if let Some(l) = &loc {
            let suffix = format!(" at line {} column {}", l.line(), l.column());
            if let Some(cut) = message.rfind(&suffix) {
                message.replace_range(cut..cut + suffix.len(), "");
            }
        }
        YamlError {
            line: loc.as_ref().map(|l| l.line()),
            column: loc.as_ref().map(|l| l.column()),
            message,
        }
    }
}

/// Deserialises one YAML document.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(YamlError::from)
}

/// Serialises to block-style YAML: one key per line, no line wrapping, UTF-8
/// text written as is, multi-line strings as `|` blocks.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(YamlError::from)
}

const MARKER: &str = "\u{1}cchc-locate\u{1}";

/// Finds the 1-based (line, column) of the value at `path` in `text` by replaying
/// the parse and stopping at that node, so it works for any YAML style the user
/// wrote (block, flow, quoted). `None` when the path is not in the document.
pub fn locate(text: &str, path: &[Segment]) -> Option<(usize, usize)> {
    let de = serde_yaml::Deserializer::from_str(text);
    let seek = Seek { path };
    match seek.deserialize(de) {
        Ok(()) => None,
        Err(err) if err.to_string().contains(MARKER) => {
            err.location().map(|l| (l.line(), l.column()))
        }
        Err(_) => None,
    }
}

/// Walks down `path`, skipping everything else; at the end of the path it fails
/// on purpose, and the parser attaches the position of the node it was on.
struct Seek<'p> {
    path: &'p [Segment],
}

impl<'de> DeserializeSeed<'de> for Seek<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seek<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((Segment::Key(want), rest)) = self.path.split_first() else {
            return self.here();
        };
        while let Some(key) = map.next_key::<KeyText>()? {
            if key.0.as_deref() == Some(*want) {
                return map.next_value_seed(Seek { path: rest });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((Segment::Index(want), rest)) = self.path.split_first() else {
            return self.here();
        };
        for _ in 0..*want {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Seek { path: rest }).map(|_| ())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.here()
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.here()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.here()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.here()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.here()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.here()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.here()
    }
}

impl Seek<'_> {
    fn here<E: de::Error>(&self) -> Result<(), E> {
        if self.path.is_empty() {
            Err(E::custom(MARKER))
        } else {
            Ok(())
        }
    }
}

/// A mapping key as text when it is a string, `None` otherwise.
struct KeyText(Option<String>);

impl<'de> de::Deserialize<'de> for KeyText {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(Some(v.to_owned())))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<KeyText, E> {
                Ok(KeyText(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<KeyText, E> {
                Ok(KeyText(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<KeyText, E> {
                Ok(KeyText(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<KeyText, E> {
                Ok(KeyText(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<KeyText, E> {
                Ok(KeyText(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<KeyText, A::Error> {
                while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(KeyText(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<KeyText, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(KeyText(None))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Segment::{Index, Key};

    const DOC: &str = "\
plan:
  year: 2024
tasks:
- id: 1
  area: I
- id: 2
  area: 'X'
  notes: |-
    a
    b
- {id: 3, area: II}
";

    #[test]
    fn locates_values_in_block_and_flow_style() {
        assert_eq!(locate(DOC, &[Key("plan"), Key("year")]), Some((2, 9)));
        assert_eq!(
            locate(DOC, &[Key("tasks"), Index(1), Key("area")]),
            Some((7, 9))
        );
        assert_eq!(
            locate(DOC, &[Key("tasks"), Index(2), Key("area")]),
            Some((11, 17))
        );
        assert_eq!(locate(DOC, &[Key("tasks"), Index(1)]), Some((6, 3)));
    }

    #[test]
    fn missing_paths_are_none() {
        assert_eq!(locate(DOC, &[Key("tasks"), Index(9), Key("area")]), None);
        assert_eq!(locate(DOC, &[Key("tasks"), Index(0), Key("due")]), None);
        assert_eq!(locate(DOC, &[Key("nope")]), None);
    }

    #[test]
    fn errors_carry_their_position_once() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            id: u32,
        }
        let err =
            from_str::<Vec<T>>("- id: 1\n- id: 2\n  prio: high\n").expect_err("unknown field");
        assert_eq!((err.line, err.column), (Some(3), Some(3)));
        assert!(
            err.message.contains("[1]: unknown field `prio`"),
            "{}",
            err.message
        );
        assert!(!err.message.contains("at line"), "{}", err.message);
    }
}
