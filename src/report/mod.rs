//! The periodic report (`cchc report`): one model, many renderers.
//!
//! - [`period`]: the reporting windows (official data windows or calendar
//!   quarters);
//! - [`as_of`]: the state of a task on a past day, the one rule the figures
//!   use;
//! - [`model`]: every figure, computed once ([`model::build`]);
//! - [`doc`]: the model worded in one language (headings, sentences, tables);
//! - `render_*`: Markdown, JSON, Word (docx), Excel (xlsx) and HTML; each lays
//!   out the model (JSON) or its wording (the others) and computes nothing.
//!
//! - [`file`]: the board as of the window's last day (git history) and the
//!   file written beside the board, for `cchc report` and the board's report
//!   view alike.
//!
//! Pure but for [`file`]: no file is read or written elsewhere here and no
//! clock is read; the command ([`crate::cli`]) and the board's runtime give
//! the day.

pub mod as_of;
pub mod doc;
pub mod file;
pub mod model;
pub mod period;
pub mod render_docx;
pub mod render_html;
pub mod render_json;
pub mod render_md;
pub mod render_xlsx;

use crate::app::Lang;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Xlsx,
    Md,
    Html,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Md => "md",
            Format::Html => "html",
            Format::Json => "json",
        }
    }

    /// Text formats may go to stdout (`-o -`).
    pub fn is_text(self) -> bool {
        matches!(self, Format::Md | Format::Html | Format::Json)
    }
}

/// The report's bytes in `format` and `lang`.
pub fn render(report: &model::Report, lang: Lang, format: Format) -> Result<Vec<u8>, String> {
    if format == Format::Json {
        return Ok(render_json::render(report).into_bytes());
    }
    let doc = doc::write(report, lang);
    match format {
        Format::Md => Ok(render_md::render(&doc).into_bytes()),
        Format::Html => Ok(render_html::render(report, &doc).into_bytes()),
        Format::Docx => render_docx::render(&doc),
        Format::Xlsx => render_xlsx::render(&doc),
        Format::Json => unreachable!("handled above"),
    }
}

/// A report ready to write: JSON is serialised as it is written
/// ([`render_json::write`]: never held whole); the other formats' writers
/// build the document first, so they are rendered whole (and their errors
/// known) before anything is written.
pub enum Rendered<'a> {
    Json(&'a model::Report),
    Bytes(Vec<u8>),
}

impl<'a> Rendered<'a> {
    pub fn new(report: &'a model::Report, lang: Lang, format: Format) -> Result<Self, String> {
        match format {
            Format::Json => Ok(Rendered::Json(report)),
            _ => render(report, lang, format).map(Rendered::Bytes),
        }
    }

    /// The whole document (for a terminal, whose lines are made safe).
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            Rendered::Json(r) => render_json::render(r).into_bytes(),
            Rendered::Bytes(b) => b,
        }
    }

    pub fn write(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        match self {
            Rendered::Json(r) => render_json::write(r, out),
            Rendered::Bytes(b) => out.write_all(b),
        }
    }
}

/// The default file name: `bao-cao-cchc-2024-Q1.docx`.
pub fn file_name(report: &model::Report, format: Format) -> String {
    format!("bao-cao-cchc-{}.{}", report.period.code, format.extension())
}
