//! HTML: not yet.

use super::doc::Doc;
use super::model::Report;

pub fn render(_report: &Report, _doc: &Doc) -> String {
    String::new()
}
