#!/usr/bin/env python3
"""Print, as JSON, the lines of text on each page of a PDF: page, text, size (pt), font, em top
(glyph bottom - size, as gbt9704-check measures tops), left and right edges and middle, in mm.

Usage: lines.py FILE.pdf
"""
import json
import statistics
import sys

import pdfplumber

MM = 72 / 25.4


def main(path):
    out = []
    for n, page in enumerate(pdfplumber.open(path).pages, start=1):
        rows = []
        for c in sorted((c for c in page.chars if c["text"].strip()), key=lambda c: (round(c["bottom"]), c["x0"])):
            if rows and abs(rows[-1][-1]["bottom"] - c["bottom"]) <= 2:
                rows[-1].append(c)
            else:
                rows.append([c])
        for cs in rows:
            cs.sort(key=lambda c: c["x0"])
            cjk = [c for c in cs if "\u4e00" <= c["text"] <= "\u9fff"] or cs
            size = max(c["size"] for c in cjk)
            out.append({"page": n, "text": "".join(c["text"] for c in cs), "size": round(size, 1),
                        "font": cjk[0]["fontname"].split("+")[-1],
                        "top": round((statistics.median(c["bottom"] for c in cjk) - size) / MM, 2),
                        "left": round(cs[0]["x0"] / MM, 2), "right": round(cs[-1]["x1"] / MM, 2),
                        "middle": round((cs[0]["x0"] + cs[-1]["x1"]) / 2 / MM, 2)})
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
