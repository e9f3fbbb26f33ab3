//! xlsx: not yet.

use super::doc::Doc;

pub fn render(_doc: &Doc) -> Result<Vec<u8>, String> {
    Err("cchc: error: the xlsx format is not built yet".to_owned())
}
