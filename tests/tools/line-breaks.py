#!/usr/bin/env python3
"""List the 三号 body lines of a PDF that break a unit or leave a widow, one per output line.

Usage: line-breaks.py FILE.pdf
  unit    a line its paragraph goes on after (one set out to the right margin) ends with a
          digit and the next line starts with a Chinese character
          (11月30|日, 312|家), or a line ends with 第 and the next starts with a digit, or a
          date is split after its year or month (2020年11月|30日)
  widow   a line at the left margin holding fewer than two characters (marks aside) that
          ends its paragraph (the next line starts a new paragraph or there is none)
Lines are the glyphs of 15-17 pt sharing a baseline, page after page, so a break across a
page counts too. Exit status 0 whether or not anything is found; the output is the finding.
"""
import sys
import unicodedata

import pdfplumber

MM = 72 / 25.4


def han(c):
    return "\u3400" <= c <= "\u9fff"


def lines_of(page):
    rows = {}
    for c in page.chars:
        if 15 <= c["size"] <= 17 and c["text"].strip():
            baseline = page.height - c["matrix"][5]  # the text matrix's baseline, whatever the face
            rows.setdefault(round(baseline), []).append(c)
    out = []
    for _, cs in sorted(rows.items()):
        cs.sort(key=lambda c: c["x0"])
        out.append({"text": "".join(c["text"] for c in cs), "x0": cs[0]["x0"], "x1": cs[-1]["x1"]})
    return out


def main(path):
    lines = []
    for page in pdfplumber.open(path).pages:
        lines += lines_of(page)
    for prev, line, nxt in zip(lines, lines[1:], lines[2:] + [None]):
        a, b = prev["text"], line["text"]
        # Only a line its paragraph goes on after (set out to the right margin) breaks a unit:
        # the 版头's 份号 above its 密级 is two paragraphs.
        goes_on = abs(prev["x1"] - 184 * MM) < 2 * MM
        date = len(a) > 1 and a[-1] in "年月" and a[-2].isdigit() and b[0].isdigit()
        if goes_on and ((a[-1].isdigit() and han(b[0])) or (a[-1] == "第" and b[0].isdigit()) or date):
            print(f"unit\t{a[-6:]}|{b[:6]}")
        chars = [c for c in b if han(c) or c.isalnum()]
        at_margin = abs(line["x0"] - 28 * MM) < 2
        paragraph_ends = nxt is None or nxt["x0"] - 28 * MM > 16  # next line indented
        if at_margin and len(chars) < 2 and paragraph_ends and abs(prev["x0"] - 28 * MM) < 40:
            print(f"widow\t{a[-6:]}|{b}")


if __name__ == "__main__":
    main(sys.argv[1])
