#!/usr/bin/env python3
"""Print, as JSON, the 版记 on the last page of a PDF: its horizontal rules (top, width in mm)
and its 4号 lines below 150 mm (text, left and right edge, baseline in mm).

Usage: imprint.py FILE.pdf
"""
import json
import sys

import pdfplumber

MM = 72 / 25.4


def main(path):
    page = pdfplumber.open(path).pages[-1]
    rules = sorted({(round(r["top"] / MM, 2), round((r["x1"] - r["x0"]) / MM, 1))
                    for r in list(page.lines) + list(page.rects)
                    if r["x1"] - r["x0"] > 100 * MM and r["top"] > 150 * MM})
    rows = {}
    for c in page.chars:
        if 13 <= c["size"] < 15 and c["text"].strip():
            rows.setdefault(round(page.height - c["matrix"][5]), []).append(c)
    lines = []
    for base, cs in sorted(rows.items()):
        cs.sort(key=lambda c: c["x0"])
        text = "".join(c["text"] for c in cs)
        # The 版记's lines, below the middle of the page (an attachment's table above them is
        # set in 4号 too).
        if not text.startswith("—") and base > 150 * MM:
            lines.append({"text": text, "left": round(cs[0]["x0"] / MM, 2),
                          "right": round(cs[-1]["x1"] / MM, 2), "base": round(base / MM, 2)})
    print(json.dumps({"rules": rules, "lines": lines}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
