//! The bytes a board file held when it was read: what the next save
//! compares the disk against, and the text a save splices into.
//!
//! They are checked for UTF-8 once, when they arrive, and keep the answer:
//! over the shipped board's Vietnamese text the check costs about 8
//! instructions a byte, and `cchc report` (the text beside an older
//! version), `move` (the splice) and `check` (placing warnings) each made
//! it again (issue 12). Bytes that are not UTF-8 happen only when a save is
//! rebased on a disk that changed under the board ([`super::BoardFile::rebase_on_disk`]):
//! they are then kept as bytes, compared but never spliced.

/// A file's bytes, as UTF-8 text when they are.
#[derive(Debug, Clone)]
pub(super) enum Original {
    Text(String),
    Bytes(Vec<u8>),
}

impl Original {
    /// `bytes`, checked for UTF-8 once.
    pub(super) fn new(bytes: Vec<u8>) -> Original {
        match String::from_utf8(bytes) {
            Ok(text) => Original::Text(text),
            Err(e) => Original::Bytes(e.into_bytes()),
        }
    }

    pub(super) fn as_bytes(&self) -> &[u8] {
        match self {
            Original::Text(text) => text.as_bytes(),
            Original::Bytes(bytes) => bytes,
        }
    }

    /// The bytes as text; `None` when they are not UTF-8.
    pub(super) fn text(&self) -> Option<&str> {
        match self {
            Original::Text(text) => Some(text),
            Original::Bytes(_) => None,
        }
    }

    /// The bytes as text, a character that is not UTF-8 replaced (for
    /// placing messages in them).
    pub(super) fn text_lossy(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Original::Text(text) => std::borrow::Cow::Borrowed(text),
            Original::Bytes(bytes) => String::from_utf8_lossy(bytes),
        }
    }

    pub(super) fn into_text(self) -> Option<String> {
        match self {
            Original::Text(text) => Some(text),
            Original::Bytes(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Original;

    #[test]
    fn text_is_kept_as_text_and_other_bytes_as_bytes() {
        let text = Original::new("Kế hoạch\n".as_bytes().to_vec());
        assert_eq!(text.text(), Some("Kế hoạch\n"));
        assert_eq!(text.as_bytes(), "Kế hoạch\n".as_bytes());
        let latin1 = Original::new(b"K\xea hoach\n".to_vec());
        assert_eq!(latin1.text(), None);
        assert_eq!(latin1.as_bytes(), b"K\xea hoach\n");
        assert_eq!(latin1.into_text(), None);
    }
}
