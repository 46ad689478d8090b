#!/usr/bin/env python3
"""Print, as JSON, the last three 三号 lines of a PDF's first page (the 落款): text, left and
right edges in mm, and the em top in mm.

Usage: closing.py FILE.pdf
"""
import json
import sys

import pdfplumber

MM = 72 / 25.4


def main(path):
    page = pdfplumber.open(path).pages[0]
    rows = {}
    for c in page.chars:
        if 15 <= c["size"] <= 17 and c["text"].strip():
            rows.setdefault(round(page.height - c["matrix"][5]), []).append(c)
    lines = []
    for _, cs in sorted(rows.items())[-3:]:
        cs.sort(key=lambda c: c["x0"])
        cjk = [c for c in cs if "\u4e00" <= c["text"] <= "\u9fff"] or cs
        lines.append({"text": "".join(c["text"] for c in cs), "left": round(cs[0]["x0"] / MM, 2),
                      "right": round(cs[-1]["x1"] / MM, 2),
                      "top": round((max(c["bottom"] for c in cjk) - 16) / MM, 2)})
    print(json.dumps(lines, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
