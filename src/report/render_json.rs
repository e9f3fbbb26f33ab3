//! JSON: the model itself, for scripts. Dates are `YYYY-MM-DD`, percentages
//! numbers with two decimals, states the words of [`super::model::State`];
//! the same in every language.

use super::model::Report;
use std::io::{self, Write};

pub fn render(report: &Report) -> String {
    let mut s =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    s
}

/// [`render`]'s text written to `out` as it is serialised: a large board's
/// report is larger than the board (123 MB at 100,000 tasks) and is never
/// held whole. The serialiser writes a token at a time, so it writes into a
/// buffer of its own type (each write a copy, inlined) that passes `out`
/// whole pieces: through `dyn Write` each token was a call (issue 12).
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut pieces = io::BufWriter::with_capacity(4 * 1024, out);
    serde_json::to_writer_pretty(&mut pieces, report)?;
    pieces.write_all(b"\n")?;
    pieces.flush()
}
