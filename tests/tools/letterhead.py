#!/usr/bin/env python3
"""Measure the 版头 of page 1 and report it as JSON, in millimetres from the page's top-left.

Usage: letterhead.py FILE.pdf

Reads any PDF (gongwen's own, or LibreOffice's of gongwen's DOCX) with pdfplumber:
  marks    lines of red glyphs (the 发文机关标志): text, size (pt), em top (glyph bottom - size,
           as gbt9704-check measures tops), left and right edges, middle;
  rules    red horizontal rules (lines, or rectangles under 2 pt high): top and bottom edge,
           thickness (pt), left and right ends;
  lines    black lines of text above the title (the first glyphs over 20 pt): text, em top,
           left, right, size and font name;
  title    the first title line's em top;
  pages    each page's size and orientation.
"""
import json
import statistics
import sys

import pdfplumber

MM = 72 / 25.4


def red(colour):
    if not colour or len(colour) != 3:
        return False
    r, g, b = colour
    return r > 0.8 and g < 0.3 and b < 0.3


def lines_of(chars):
    rows = []
    for c in sorted(chars, key=lambda c: (round(c["bottom"]), c["x0"])):
        if rows and abs(rows[-1][-1]["bottom"] - c["bottom"]) <= 2:
            rows[-1].append(c)
        else:
            rows.append([c])
    out = []
    for cs in rows:
        cs.sort(key=lambda c: c["x0"])
        # The em box of the CJK glyphs (Latin and bracket glyphs of other fonts sit lower).
        cjk = [c for c in cs if "\u4e00" <= c["text"] <= "\u9fff"] or cs
        size = max(c["size"] for c in cjk)
        bottom = statistics.median(c["bottom"] for c in cjk)
        out.append({
            "text": "".join(c["text"] for c in cs),
            "size": round(size, 2),
            "top": round((bottom - size) / MM, 2),
            "left": round(cs[0]["x0"] / MM, 2),
            "right": round(cs[-1]["x1"] / MM, 2),
            "middle": round((cs[0]["x0"] + cs[-1]["x1"]) / 2 / MM, 2),
            "font": cs[0]["fontname"].split("+")[-1],
        })
    return out


def main(path):
    pdf = pdfplumber.open(path)
    page = pdf.pages[0]
    chars = [c for c in page.chars if c["text"].strip()]
    marks = lines_of([c for c in chars if red(c.get("non_stroking_color"))])
    black = [c for c in chars if not red(c.get("non_stroking_color"))]
    title_tops = [c["bottom"] - c["size"] for c in black if c["size"] >= 20]
    title = min(title_tops) if title_tops else page.height
    rules = []
    for ln in page.lines:
        if red(ln.get("stroking_color")) and abs(ln["top"] - ln["bottom"]) < 0.5:
            w = ln.get("linewidth", 0)
            y = (ln["top"] + ln["bottom"]) / 2
            rules.append((y - w / 2, y + w / 2, ln["x0"], ln["x1"]))
    # Filled rectangles: as rects, or (LibreOffice's shapes) as closed curves.
    for r in page.rects + [c for c in page.curves if c.get("fill")]:
        if red(r.get("non_stroking_color")) and r["bottom"] - r["top"] < 2:
            rules.append((r["top"], r["bottom"], r["x0"], r["x1"]))
    rules.sort()
    print(json.dumps({
        "marks": marks,
        "rules": [{"top": round(t / MM, 2), "bottom": round(b / MM, 2),
                   "thickness": round(b - t, 2), "left": round(x0 / MM, 2), "right": round(x1 / MM, 2)}
                  for t, b, x0, x1 in rules],
        "lines": [ln for ln in lines_of([c for c in black if c["bottom"] - c["size"] < title - 1])],
        "title": round((title) / MM, 2),
        "pages": [{"width": round(p.width / MM, 1), "height": round(p.height / MM, 1)} for p in pdf.pages],
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
