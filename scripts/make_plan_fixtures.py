#!/usr/bin/env python3
"""Builds the import fixtures in tests/fixtures/plans/ from the shipped board.

Standard library only (zipfile). Run from the repository root:

    python3 scripts/make_plan_fixtures.py

It writes:

- so-xay-dung-2024.docx: the plan's first lines and its appendix as a Word
  processor writes them: one w:tbl whose header row is marked w:tblHeader
  (repeated on each page) and also repeated as a real row before area IV (as
  documents converted from PDF have it), area rows as a Roman-numeral cell
  plus a cell merged across the rest (w:gridSpan) or one cell merged across
  the whole row (area V), the same lead/support/budget of consecutive tasks
  as one vertically merged cell (w:vMerge), long cells broken with w:br and
  split over several w:p, header cells over two paragraphs.
- so-xay-dung-2024.xlsx: the same table in a workbook (inline strings,
  merged area rows, STT as numbers).
- so-xay-dung-2024.csv: the same table as CSV (UTF-8, a cell with a line
  break).
- no-header.docx: a document whose only table has no STT/Nhiệm vụ header.

With --libreoffice it also round-trips the .docx and .xlsx through a real
word processor (soffice --headless --convert-to), writing
libreoffice/so-xay-dung-2024.{docx,xlsx,ods}: what LibreOffice itself
writes must import the same.

The importer must read both documents back to the shipped board's tasks,
field by field (tests/plan_import.rs).
"""

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOARD = os.path.join(ROOT, "boards", "so-xay-dung-nam-dinh-2024.yaml")
OUT = os.path.join(ROOT, "tests", "fixtures", "plans")

FIELDS = ["output", "lead", "support", "timeframe", "budget"]


def scalar(v):
    v = v.strip()
    if v.startswith("'") and v.endswith("'"):
        return v[1:-1].replace("''", "'")
    return v


def read_board():
    """The canonical board's areas and tasks (the plain subset cchc writes)."""
    areas, tasks, section, cur = [], [], None, None
    for line in open(BOARD, encoding="utf-8").read().splitlines():
        if not line.startswith(" ") and not line.startswith("-"):
            section = line.rstrip(":")
            continue
        if section not in ("areas", "tasks"):
            continue
        if line.startswith("- "):
            cur = {}
            (areas if section == "areas" else tasks).append(cur)
            line = "  " + line[2:]
        key, _, value = line.strip().partition(":")
        cur[key] = scalar(value)
    return areas, tasks


def run(text):
    return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % escape(text)


def para(text, br_at=None):
    """A paragraph; with br_at, the text is broken at that space by a w:br."""
    if br_at is None:
        return "<w:p>%s</w:p>" % run(text)
    a, b = text[:br_at], text[br_at + 1:]
    return "<w:p>%s<w:r><w:br/></w:r>%s</w:p>" % (run(a), run(b))


def cell_paragraphs(text, style):
    """A cell's text the way a person typed it: one paragraph, a line break
    in a long text, or (at a comma) two paragraphs."""
    if not text:
        return "<w:p/>"
    if style == 1 and ", " in text:
        i = text.index(", ")
        return para(text[: i + 1]) + para(text[i + 2 :])
    if style == 2 and len(text) > 30 and " " in text[20:]:
        return para(text, br_at=20 + text[20:].index(" "))
    return para(text)


def tc(inner, width=1200, span=1, vmerge=None):
    pr = '<w:tcW w:w="%d" w:type="dxa"/>' % width
    if span > 1:
        pr += '<w:gridSpan w:val="%d"/>' % span
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += "<w:vMerge/>"
    return "<w:tc><w:tcPr>%s</w:tcPr>%s</w:tc>" % (pr, inner)


HEADER = [
    ["STT"],
    ["Nhiệm vụ"],
    ["Sản phẩm"],
    ["Phòng, đơn vị", "chủ trì"],
    ["Phòng, đơn vị", "phối hợp"],
    ["Thời gian", "thực hiện"],
    ["Kinh phí", "dự kiến"],
]
WIDTHS = [600, 4200, 1500, 1500, 1500, 1200, 1200]


def header_row(marked):
    pr = "<w:trPr><w:tblHeader/></w:trPr>" if marked else ""
    cells = "".join(
        tc("".join(para(p) for p in ps), w) for ps, w in zip(HEADER, WIDTHS)
    )
    return "<w:tr>%s%s</w:tr>" % (pr, cells)


def docx_table(areas, tasks):
    rows = [header_row(True)]
    n = 0
    for area in areas:
        if area["code"] == "IV":
            rows.append(header_row(False))
        if area["code"] == "V":
            title = "%s. %s" % (area["code"], area["title"])
            rows.append("<w:tr>%s</w:tr>" % tc(para(title), sum(WIDTHS), span=7))
        else:
            rows.append(
                "<w:tr>%s%s</w:tr>"
                % (tc(para(area["code"]), WIDTHS[0]), tc(para(area["title"]), sum(WIDTHS[1:]), span=6))
            )
        mine = [t for t in tasks if t["area"] == area["code"]]
        for i, t in enumerate(mine):
            n += 1
            cells = [tc(para(t["id"]), WIDTHS[0]), tc(cell_paragraphs(t["title"], 2), WIDTHS[1])]
            for k, col in enumerate(FIELDS):
                value = t[col]
                prev = mine[i - 1][col] if i > 0 else None
                nxt = mine[i + 1][col] if i + 1 < len(mine) else None
                merge = None
                if col in ("lead", "support", "budget") and value:
                    if value == prev:
                        merge = "continue"
                    elif value == nxt:
                        merge = "restart"
                inner = "<w:p/>" if merge == "continue" else cell_paragraphs(value, 1 + (n + k) % 3)
                cells.append(tc(inner, WIDTHS[2 + k], vmerge=merge))
            rows.append("<w:tr>%s</w:tr>" % "".join(cells))
    grid = "".join('<w:gridCol w:w="%d"/>' % w for w in WIDTHS)
    return (
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>'
        '<w:top w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/>'
        '<w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/>'
        "</w:tblBorders></w:tblPr><w:tblGrid>%s</w:tblGrid>%s</w:tbl>" % (grid, "".join(rows))
    )


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""


def put(z, name, text):
    """A zip entry with a fixed date, so that the fixtures are reproducible."""
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, text)


def write_docx(path, body):
    doc = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:body>%s<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr></w:body></w:document>' % body
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        put(z, "[Content_Types].xml", CONTENT_TYPES)
        put(z, "_rels/.rels", RELS)
        put(z, "word/document.xml", doc)


PREAMBLE = [
    "UBND TỈNH NAM ĐỊNH",
    "SỞ XÂY DỰNG",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số:             /KH-SXD Nam Định, ngày      tháng 12 năm 2023",
    "KẾ HOẠCH",
    "Cải cách hành chính Sở Xây dựng năm 2024",
    "(Chi tiết tại Phụ lục đính kèm)",
    "Phụ lục",
    "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2024",
    "(Ban hành kèm theo Kế hoạch số            /KH-SXD ngày       /12/2023 của Sở Xây dựng)",
]


def col_name(i):
    return "ABCDEFG"[i]


def write_xlsx(path, areas, tasks):
    rows, merges = [], []
    r = 0

    def add(values):
        nonlocal r
        r += 1
        cells = []
        for i, v in enumerate(values):
            if v is None or v == "":
                continue
            ref = "%s%d" % (col_name(i), r)
            if isinstance(v, int):
                cells.append('<c r="%s"><v>%d</v></c>' % (ref, v))
            else:
                cells.append('<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (ref, escape(v)))
        rows.append('<row r="%d">%s</row>' % (r, "".join(cells)))

    add(["KẾ HOẠCH"])
    add(["Cải cách hành chính Sở Xây dựng năm 2024"])
    add([" ".join(h) for h in HEADER])
    for area in areas:
        add([area["code"], area["title"]])
        merges.append("B%d:G%d" % (r, r))
        for t in tasks:
            if t["area"] == area["code"]:
                add([int(t["id"]), t["title"]] + [t[c] for c in FIELDS])
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData>'
        '<mergeCells count="%d">%s</mergeCells></worksheet>'
        % ("".join(rows), len(merges), "".join('<mergeCell ref="%s"/>' % m for m in merges))
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Phụ lục" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    wb_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        put(z, "[Content_Types].xml", types)
        put(z, "_rels/.rels", rels)
        put(z, "xl/workbook.xml", workbook)
        put(z, "xl/_rels/workbook.xml.rels", wb_rels)
        put(z, "xl/worksheets/sheet1.xml", sheet)


def main():
    areas, tasks = read_board()
    os.makedirs(OUT, exist_ok=True)
    body = "".join(para(p) for p in PREAMBLE) + docx_table(areas, tasks) + para("")
    write_docx(os.path.join(OUT, "so-xay-dung-2024.docx"), body)
    write_xlsx(os.path.join(OUT, "so-xay-dung-2024.xlsx"), areas, tasks)
    other = "<w:tbl><w:tr>%s</w:tr><w:tr>%s</w:tr></w:tbl>" % (
        tc(para("Họ tên")) + tc(para("Chức vụ")),
        tc(para("Nguyễn Văn A")) + tc(para("Giám đốc")),
    )
    write_docx(os.path.join(OUT, "no-header.docx"), para("KẾ HOẠCH") + other)
    with open(os.path.join(OUT, "so-xay-dung-2024.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["KẾ HOẠCH"])
        w.writerow(["Cải cách hành chính Sở Xây dựng năm 2024"])
        w.writerow([" ".join(h) for h in HEADER])
        for area in areas:
            w.writerow([area["code"], area["title"]] + [""] * 5)
            for t in tasks:
                if t["area"] == area["code"]:
                    title = t["title"]
                    if len(title) > 40 and " " in title[30:]:
                        i = 30 + title[30:].index(" ")
                        title = title[:i] + "\n" + title[i + 1 :]
                    w.writerow([t["id"], title] + [t[c] for c in FIELDS])
    if "--libreoffice" in sys.argv:
        libreoffice()
    print("wrote", OUT)


def libreoffice():
    lo = os.path.join(OUT, "libreoffice")
    os.makedirs(lo, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        profile = "-env:UserInstallation=file://" + os.path.join(tmp, "profile")
        for src, target in [
            ("so-xay-dung-2024.docx", 'docx:MS Word 2007 XML'),
            ("so-xay-dung-2024.xlsx", "ods"),
            ("so-xay-dung-2024.xlsx", 'xlsx:Calc MS Excel 2007 XML'),
        ]:
            out = os.path.join(tmp, target.split(":")[0])
            subprocess.run(
                ["soffice", "--headless", profile, "--convert-to", target, "--outdir", out,
                 os.path.join(OUT, src)],
                check=True, stdout=subprocess.DEVNULL,
            )
            for name in os.listdir(out):
                shutil.copy(os.path.join(out, name), os.path.join(lo, name))


if __name__ == "__main__":
    main()
