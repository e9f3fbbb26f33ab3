//! Markdown: the report as one page of text, the header as a two-column
//! table, the places to write as block quotes.

use super::doc::{Block, Doc, Table};

/// Escapes what Markdown would read as markup inside a table cell or a line.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '|' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn table(out: &mut String, t: &Table) {
    let cols = t.head.len();
    out.push_str(&format!(
        "| {} |\n",
        t.head
            .iter()
            .map(|h| esc(h))
            .collect::<Vec<_>>()
            .join(" | ")
    ));
    out.push_str(&format!(
        "|{}|\n",
        t.numeric
            .iter()
            .map(|n| if *n { "---:" } else { "---" })
            .collect::<Vec<_>>()
            .join("|")
    ));
    for row in &t.rows {
        let mut cells: Vec<String> = row.cells.iter().map(|c| esc(c)).collect();
        if row.group {
            cells = cells
                .into_iter()
                .map(|c| if c.is_empty() { c } else { format!("**{c}**") })
                .collect();
        }
        cells.resize(cols, String::new());
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}

pub fn render(doc: &Doc) -> String {
    let h = &doc.header;
    let mut out = String::new();
    out.push_str(&format!(
        "| {} | {} |\n|:---:|:---:|\n",
        esc(h.parent.as_deref().unwrap_or("")),
        esc(&h.motto)
    ));
    out.push_str(&format!(
        "| **{}** | **{}** |\n",
        esc(&h.body),
        esc(&h.motto_sub)
    ));
    out.push_str(&format!(
        "| {} | *{}* |\n\n",
        esc(&h.number),
        esc(&h.place_date)
    ));
    out.push_str(&format!("# {}\n\n**{}**\n\n", esc(&h.kind), esc(&h.title)));
    for block in &doc.blocks {
        match block {
            Block::Heading(1, s) => out.push_str(&format!("## {}\n\n", esc(s))),
            Block::Heading(2, s) => out.push_str(&format!("### {}\n\n", esc(s))),
            Block::Heading(_, s) => out.push_str(&format!("**{}**\n\n", esc(s))),
            Block::Para(s) => out.push_str(&format!("{}\n\n", esc(s))),
            Block::Bullet(s) => {
                out.push_str(&format!("- {}\n", esc(s)));
            }
            Block::Placeholder(s) => out.push_str(&format!("> ✎ {}\n\n", esc(s))),
            Block::Table(t) => table(&mut out, t),
        }
    }
    let mut out = tidy_lists(&out);
    let s = &doc.signature;
    out.push_str(&format!("\n**{}**\n\n", esc(&s.recipients_label)));
    for r in &s.recipients {
        out.push_str(&format!("{}  \n", esc(r)));
    }
    out.push_str(&format!("\n**{}**\n\n{}\n\n", esc(&s.signer), esc(&s.name)));
    out.push_str("---\n\n");
    for (i, line) in doc.appendix_title.iter().enumerate() {
        if i == 1 {
            out.push_str(&format!("**{}**\n\n", esc(line)));
        } else {
            out.push_str(&format!("{}\n\n", esc(line)));
        }
    }
    table(&mut out, &doc.appendix);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// A blank line after each run of bullets, so the next block is not read as
/// part of the list.
fn tidy_lists(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 64);
    let mut in_list = false;
    for line in s.split_inclusive('\n') {
        let bullet = line.starts_with("- ");
        if in_list && !bullet && line != "\n" {
            out.push('\n');
        }
        in_list = bullet;
        out.push_str(line);
    }
    out
}
