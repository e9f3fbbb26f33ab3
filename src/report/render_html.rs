//! HTML: one self-contained page (no script, no external asset: the styles
//! and the SVG charts are inline), printable on A4 with the margins of the
//! Word file. Two charts: the tasks of each area by state on the as-of day
//! (stacked bars), and the tasks done in the window week by week, from the
//! `completed` dates (the progress logs will feed it later).

use super::doc::{Block, Doc, Table};
use super::model::Report;
use crate::app::Lang;
use std::fmt::Write as _;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r"
@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm; }
body { font-family: 'Times New Roman', 'Liberation Serif', 'DejaVu Serif', serif; font-size: 14pt; line-height: 1.35; margin: 0 auto; max-width: 165mm; color: #000; background: #fff; }
@media screen { body { padding: 20mm 15mm 20mm 30mm; } }
.head { display: flex; justify-content: space-between; text-align: center; }
.head .left { width: 38%; } .head .right { width: 62%; }
.head p { margin: 0; font-size: 13pt; text-indent: 0; text-align: center; white-space: pre; }
.head .rule { margin: 2pt auto 6pt; border-top: 1px solid #000; width: 40%; }
.b { font-weight: bold; } .i { font-style: italic; }
h1 { font-size: 14pt; text-align: center; margin: 18pt 0 0; }
.title { text-align: center; font-weight: bold; margin: 0 0 12pt; }
h2 { font-size: 14pt; margin: 10pt 0 4pt; }
h3 { font-size: 14pt; margin: 8pt 0 4pt; }
h4 { font-size: 14pt; font-style: italic; margin: 6pt 0 2pt; }
p { text-align: justify; text-indent: 10mm; margin: 0 0 6pt; }
ul { margin: 0 0 6pt; padding-left: 10mm; list-style: '- '; }
.todo { background: #fff3a0; font-style: italic; border-left: 3pt solid #c9a800; padding: 2pt 6pt; text-indent: 0; }
table.data { border-collapse: collapse; width: 100%; font-size: 12pt; margin: 4pt 0 8pt; page-break-inside: auto; }
table.data th, table.data td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; }
table.data th { background: #e7e6e6; text-align: center; }
table.data thead { display: table-header-group; }
table.data tr { page-break-inside: avoid; }
table.data td.n { text-align: center; }
table.data tr.g td { font-weight: bold; }
table.appendix { font-size: 11pt; }
.sign { display: flex; justify-content: space-between; margin-top: 12pt; }
.sign .left { width: 50%; font-size: 11pt; } .sign .right { width: 45%; text-align: center; }
.sign p { text-indent: 0; margin: 0; text-align: left; }
.sign .right p { text-align: center; }
.appendix-page { page-break-before: always; text-align: center; }
.appendix-page p { text-align: center; text-indent: 0; margin: 0; }
figure { margin: 6pt 0 10pt; text-align: center; }
figcaption { font-size: 12pt; font-style: italic; }
svg text { font-family: 'Times New Roman', 'Liberation Serif', serif; }
";

fn table(out: &mut String, t: &Table, class: &str) {
    let _ = write!(out, "<table class=\"data {class}\"><thead><tr>");
    for h in &t.head {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in &t.rows {
        if r.group && r.cells.len() < t.head.len() {
            let _ = write!(
                out,
                "<tr class=\"g\"><td class=\"n\">{}</td><td colspan=\"{}\">{}</td></tr>",
                esc(r.cells.first().map_or("", String::as_str)),
                t.head.len() - 1,
                esc(&r.cells.get(1..).unwrap_or_default().join(" "))
            );
            continue;
        }
        out.push_str(if r.group { "<tr class=\"g\">" } else { "<tr>" });
        for (i, c) in r.cells.iter().enumerate() {
            let n = t.numeric.get(i).copied().unwrap_or(false);
            let _ = write!(
                out,
                "<td{}>{}</td>",
                if n { " class=\"n\"" } else { "" },
                esc(c)
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

const COLOURS: [&str; 4] = ["#2e7d32", "#1565c0", "#9e9e9e", "#c62828"];

/// Stacked bars: each area's tasks by state on the as-of day.
fn area_chart(r: &Report, lang: Lang) -> String {
    let names: [&str; 4] = match lang {
        Lang::Vi => ["Hoàn thành", "Đang thực hiện", "Chưa đến hạn", "Quá hạn"],
        Lang::En => ["Done", "In progress", "Not yet due", "Overdue"],
    };
    let max = r
        .areas
        .iter()
        .map(|a| a.totals.tasks)
        .max()
        .unwrap_or(0)
        .max(1);
    let (left, width, bar, gap) = (50.0, 480.0, 16.0, 6.0);
    #[allow(clippy::cast_precision_loss)]
    let height = 30.0 + r.areas.len() as f64 * (bar + gap) + 30.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"600\" height=\"{height}\" viewBox=\"0 0 600 {height}\">"
    );
    for (i, a) in r.areas.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = 10.0 + i as f64 * (bar + gap);
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            y + bar - 4.0,
            esc(&a.code)
        );
        let t = &a.totals;
        let mut x = left;
        for (k, n) in [t.done, t.in_progress, t.not_yet_due, t.overdue]
            .iter()
            .enumerate()
        {
            #[allow(clippy::cast_precision_loss)]
            let w = *n as f64 * width / max as f64;
            if *n > 0 {
                let _ = write!(
                    s,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{bar}\" fill=\"{}\"><title>{} {}: {n}</title></rect>",
                    COLOURS[k],
                    esc(&a.code),
                    names[k]
                );
            }
            x += w;
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\">{}/{}</text>",
            x + 4.0,
            y + bar - 4.0,
            t.done,
            t.tasks
        );
    }
    let ly = height - 12.0;
    for (k, name) in names.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let x = left + k as f64 * 125.0;
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{ly}\" font-size=\"11\">{name}</text>",
            ly - 9.0,
            COLOURS[k],
            x + 14.0
        );
    }
    s.push_str("</svg>");
    s
}

/// One colour per reform area in the weekly chart (plan order, repeating).
const AREA_COLOURS: [&str; 9] = [
    "#1b5e20", "#0d47a1", "#e65100", "#4a148c", "#006064", "#827717", "#880e4f", "#3e2723",
    "#263238",
];

/// Done in the window, week by week (cumulative): a bar per week stacked by
/// reform area, under the step line of the total.
fn weekly_chart(r: &Report, lang: Lang) -> String {
    let points = &r.weekly;
    let max = points
        .iter()
        .map(|p| p.done_in_period)
        .max()
        .unwrap_or(0)
        .max(1);
    let (left, top, w, h) = (40.0, 10.0, 540.0, 120.0);
    let mut s = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"600\" height=\"180\" viewBox=\"0 0 600 180\">",
    );
    let _ = write!(
        s,
        "<line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#000\"/><line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{}\" stroke=\"#000\"/>",
        top + h,
        left + w,
        top + h,
        top + h
    );
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{max}</text><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">0</text>",
        left - 4.0,
        top + 8.0,
        left - 4.0,
        top + h
    );
    #[allow(clippy::cast_precision_loss)]
    let step = w / points.len().max(1) as f64;
    for (i, p) in points.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let x = left + i as f64 * step;
        let mut y = top + h;
        for (k, n) in p.by_area.iter().enumerate().filter(|(_, n)| **n > 0) {
            #[allow(clippy::cast_precision_loss)]
            let bar = *n as f64 * h / max as f64;
            y -= bar;
            let code = r.areas.get(k).map_or("", |a| a.code.as_str());
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bar:.1}\" fill=\"{}\" fill-opacity=\"0.55\"><title>{} {}: {n}</title></rect>",
                x + step * 0.15,
                step * 0.7,
                AREA_COLOURS[k % AREA_COLOURS.len()],
                esc(code),
                p.end
            );
        }
    }
    // The legend: each area's code in its colour.
    for (k, a) in r.areas.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let x = left + k as f64 * 60.0;
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"162\" width=\"9\" height=\"9\" fill=\"{}\" fill-opacity=\"0.55\"/><text x=\"{}\" y=\"171\" font-size=\"10\">{}</text>",
            AREA_COLOURS[k % AREA_COLOURS.len()],
            x + 12.0,
            esc(&a.code)
        );
    }
    let mut path = String::new();
    for (i, p) in points.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let x = left + i as f64 * step;
        #[allow(clippy::cast_precision_loss)]
        let y = top + h - p.done_in_period as f64 * h / max as f64;
        let _ = write!(
            path,
            "{}{x:.1},{y:.1} {:.1},{y:.1} ",
            if i == 0 { "M" } else { "L" },
            x + step
        );
        let _ = write!(
            s,
            "<circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"2\" fill=\"{}\"><title>{}: {}</title></circle>",
            x + step,
            COLOURS[0],
            p.end,
            p.done_in_period
        );
    }
    let _ = write!(
        s,
        "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
        path.trim_end(),
        COLOURS[0]
    );
    let date = |d: chrono::NaiveDate| match lang {
        Lang::Vi => d.format("%d/%m/%Y").to_string(),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    };
    let _ = write!(
        s,
        "<text x=\"{left}\" y=\"{}\" font-size=\"11\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
        top + h + 16.0,
        date(r.period.from),
        left + w,
        top + h + 16.0,
        date(r.period.as_of)
    );
    s.push_str("</svg>");
    s
}

pub fn render(report: &Report, doc: &Doc) -> String {
    let h = &doc.header;
    let lang_code = match doc.lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    };
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{lang_code}\"><head><meta charset=\"utf-8\"><title>{} {}</title><style>{STYLE}</style></head><body>",
        esc(&h.kind),
        esc(&h.title)
    );
    o.push_str("<div class=\"head\"><div class=\"left\">");
    if let Some(p) = &h.parent {
        let _ = write!(o, "<p>{}</p>", esc(p));
    }
    let _ = writeln!(
        o,
        "<p class=\"b\">{}</p><div class=\"rule\"></div><p>{}</p></div><div class=\"right\"><p class=\"b\">{}</p><p class=\"b\">{}</p><div class=\"rule\"></div><p class=\"i\">{}</p></div></div>",
        esc(&h.body),
        esc(&h.number),
        esc(&h.motto),
        esc(&h.motto_sub),
        esc(&h.place_date)
    );
    let _ = writeln!(
        o,
        "<h1>{}</h1><div class=\"title\">{}</div>",
        esc(&h.kind),
        esc(&h.title)
    );
    let mut in_list = false;
    let mut charts_done = false;
    for block in &doc.blocks {
        let bullet = matches!(block, Block::Bullet(_));
        if in_list && !bullet {
            o.push_str("</ul>\n");
        }
        if bullet && !in_list {
            o.push_str("<ul>");
        }
        in_list = bullet;
        match block {
            Block::Heading(level, text) => {
                let tag = match level {
                    1 => "h2",
                    2 => "h3",
                    _ => "h4",
                };
                let _ = writeln!(o, "<{tag}>{}</{tag}>", esc(text));
            }
            Block::Para(text) => {
                let _ = writeln!(o, "<p>{}</p>", esc(text));
            }
            Block::Bullet(text) => {
                let _ = write!(o, "<li>{}</li>", esc(text));
            }
            Block::Placeholder(text) => {
                let _ = writeln!(o, "<p class=\"todo\">{}</p>", esc(text));
            }
            Block::Table(t) => {
                table(&mut o, t, "");
                // The charts after the first table (the per-area counts).
                if !charts_done {
                    charts_done = true;
                    let (c1, c2) = match doc.lang {
                        Lang::Vi => (
                            "Biểu đồ 1. Nhiệm vụ theo lĩnh vực và tình trạng",
                            "Biểu đồ 2. Số nhiệm vụ hoàn thành trong kỳ, lũy kế theo tuần",
                        ),
                        Lang::En => (
                            "Chart 1. Tasks by reform area and state",
                            "Chart 2. Tasks done in the period, cumulative by week",
                        ),
                    };
                    let _ = writeln!(
                        o,
                        "<figure>{}<figcaption>{c1}</figcaption></figure><figure>{}<figcaption>{c2}</figcaption></figure>",
                        area_chart(report, doc.lang),
                        weekly_chart(report, doc.lang)
                    );
                }
            }
        }
    }
    if in_list {
        o.push_str("</ul>\n");
    }
    let s = &doc.signature;
    let _ = write!(
        o,
        "<div class=\"sign\"><div class=\"left\"><p class=\"b i\">{}</p>",
        esc(&s.recipients_label)
    );
    for r in &s.recipients {
        let _ = write!(o, "<p>{}</p>", esc(r));
    }
    let _ = writeln!(
        o,
        "</div><div class=\"right\"><p class=\"b\">{}</p><p>&nbsp;</p><p>&nbsp;</p><p>&nbsp;</p><p class=\"b\">{}</p></div></div>",
        esc(&s.signer),
        esc(&s.name)
    );
    o.push_str("<div class=\"appendix-page\">");
    for (i, line) in doc.appendix_title.iter().enumerate() {
        let class = match i {
            0 | 1 => "b",
            _ => "i",
        };
        let _ = write!(o, "<p class=\"{class}\">{}</p>", esc(line));
    }
    o.push_str("</div>\n");
    table(&mut o, &doc.appendix, "appendix");
    o.push_str("\n</body></html>\n");
    o
}
