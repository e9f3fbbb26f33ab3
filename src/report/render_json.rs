//! JSON: the model itself, for scripts. Dates are `YYYY-MM-DD`, percentages
//! numbers with two decimals, states the words of [`super::model::State`];
//! the same in every language.

use super::model::Report;

pub fn render(report: &Report) -> String {
    let mut s =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    s
}
