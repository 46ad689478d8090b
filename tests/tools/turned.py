#!/usr/bin/env python3
"""Measure the pages that set a table sideways (§8 横排表格) and report them as JSON, in
millimetres from the page's top-left corner.

Usage: turned.py FILE.pdf

Reads any PDF (gongwen's own, or LibreOffice's of gongwen's DOCX) with pdfplumber. A glyph is
set sideways when its text matrix turns it (pdfplumber's upright is false). For each page that
has such glyphs:
  page         its number (from 1), width and height, and whether it is portrait;
  turn         the turns of its sideways glyphs, as "left" (a quarter to the left: the glyph's
               top towards the page's left edge, its line reading up the page) or "other";
  box          the sideways glyphs' extent: left, right, top, bottom;
  upright      its upright lines (text, left, em top, size): the 附件 label, the page number;
  lines        the sideways lines, each a run of glyphs on one baseline (a vertical line on
               the page) read up the page, split at the rules across the page (the cells'
               edges) and at gaps of over a size:
               text, baseline x, bottom and top, size; ordered from the page's left;
  kinsoku      the sideways lines that start with closing or end with opening punctuation.
And for the whole file:
  checker_false_kinsoku  the figure gbt9704-check's kinsoku check gives for the lines it forms
               of sideways glyphs alone: it reads glyphs sharing a bottom edge as one line, which
               across a sideways table joins the ends of lines in different cells. When its
               kinsoku figure equals this one, every line it flags is such a false line.
"""
import json
import sys

import pdfplumber

MM = 72 / 25.4
CLOSING = set("，。、；：？！）」』”’》〉】〕…—～·.,;:?!)]}%‰")
OPENING = set("（「『“‘《〈【〔([{")


def mm(v):
    return round(v / MM, 2)


def turn_of(c):
    a, b, cc, d = c["matrix"][:4]
    return "left" if abs(a) < 1e-3 and abs(d) < 1e-3 and b > 0 and cc < 0 else "other"


def sideways_lines(chars, rules):
    """Runs of glyphs on one vertical baseline, read up the page, split where a rule across
    the page (a cell's edge) or a gap of over a size parts them."""
    columns = []
    for c in sorted(chars, key=lambda c: (round(c["x1"], 1), -c["bottom"])):
        if columns and abs(columns[-1][-1]["x1"] - c["x1"]) <= 1.0:
            columns[-1].append(c)
        else:
            columns.append([c])
    lines = []
    for column in columns:
        column.sort(key=lambda c: -c["bottom"])
        run = [column[0]]
        for c in column[1:]:
            parted = any(c["bottom"] - 0.5 <= y <= run[-1]["top"] + 0.5 for y in rules)
            if parted or run[-1]["top"] - c["bottom"] > c["size"]:
                lines.append(run)
                run = [c]
            else:
                run.append(c)
        lines.append(run)
    return [{"text": "".join(c["text"] for c in run), "x": mm(run[0]["x1"]),
             "bottom": mm(run[0]["bottom"]), "top": mm(run[-1]["top"]),
             "size": round(max(c["size"] for c in run), 1)}
            for run in sorted(lines, key=lambda r: (r[0]["x1"], -r[0]["bottom"]))]


def upright_lines(chars):
    rows = []
    for c in sorted(chars, key=lambda c: (round(c["bottom"]), c["x0"])):
        if rows and abs(rows[-1][-1]["bottom"] - c["bottom"]) <= 2:
            rows[-1].append(c)
        else:
            rows.append([c])
    return [{"text": "".join(c["text"] for c in r), "left": mm(min(c["x0"] for c in r)),
             "top": mm(max(c["bottom"] for c in r) - max(c["size"] for c in r)),
             "size": round(max(c["size"] for c in r), 1)} for r in rows]


def checker_lines(chars):
    """Lines as gbt9704-check forms them: glyphs whose baselines lie within 2 pt, by x."""
    with_base = []
    for c in chars:
        m, base = c.get("matrix"), c["bottom"]
        if m and 0 <= c["bottom"] - (c["page_height"] - m[5]) <= 0.4 * c["size"]:
            base = c["page_height"] - m[5]
        with_base.append(dict(c, base=base))
    rows = []
    for c in sorted(with_base, key=lambda c: (c["base"], c["x0"])):
        if rows and abs(rows[-1][-1]["base"] - c["base"]) <= 2.0:
            rows[-1].append(c)
        else:
            rows.append([c])
    return [sorted(r, key=lambda c: c["x0"]) for r in rows]


def main(path):
    pages, false_bad = [], []
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages, start=1):
            chars = [dict(c, page_height=page.height) for c in page.chars if c["text"].strip()]
            side = [c for c in chars if not c["upright"]]
            if not side:
                continue
            for line in checker_lines(chars):
                text = "".join(c["text"] for c in line)
                if all(not c["upright"] for c in line) and (text[0] in CLOSING or text[-1] in OPENING):
                    false_bad.append((i, text[:12]))
            rules = [ln["top"] for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.5]
            rules += [(r["top"] + r["bottom"]) / 2 for r in page.rects if r["height"] < 2 <= r["width"]]
            lines = sideways_lines(side, rules)
            pages.append({
                "page": i, "width": mm(page.width), "height": mm(page.height),
                "portrait": page.height > page.width,
                "turn": sorted({turn_of(c) for c in side}),
                "box": {"left": mm(min(c["x0"] for c in side)), "right": mm(max(c["x1"] for c in side)),
                        "top": mm(min(c["top"] for c in side)), "bottom": mm(max(c["bottom"] for c in side))},
                "upright": upright_lines([c for c in chars if c["upright"]]),
                "lines": lines,
                "kinsoku": [ln["text"] for ln in lines
                            if ln["text"][0] in CLOSING or ln["text"][-1] in OPENING],
            })
    print(json.dumps({"pages": pages,
                      "checker_false_kinsoku": f"{len(false_bad)} lines: {false_bad[:3]}"},
                     ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
