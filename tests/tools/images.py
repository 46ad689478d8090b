#!/usr/bin/env python3
"""Print, as JSON, every picture of a PDF (page, left, right, top, bottom in mm) and every 三号
line on the same pages (page, text, left, right, em top in mm).

Usage: images.py FILE.pdf
"""
import json
import sys

import pdfplumber

MM = 72 / 25.4


def main(path):
    images, lines = [], []
    for n, page in enumerate(pdfplumber.open(path).pages, start=1):
        if not page.images:
            continue
        for im in page.images:
            images.append({"page": n, "left": round(im["x0"] / MM, 2), "right": round(im["x1"] / MM, 2),
                           "top": round(im["top"] / MM, 2), "bottom": round(im["bottom"] / MM, 2)})
        rows = {}
        for c in page.chars:
            if 15 <= c["size"] <= 17 and c["text"].strip():
                rows.setdefault(round(page.height - c["matrix"][5]), []).append(c)
        for _, cs in sorted(rows.items()):
            cs.sort(key=lambda c: c["x0"])
            cjk = [c for c in cs if "\u4e00" <= c["text"] <= "\u9fff"] or cs
            lines.append({"page": n, "text": "".join(c["text"] for c in cs),
                          "left": round(cs[0]["x0"] / MM, 2), "right": round(cs[-1]["x1"] / MM, 2),
                          "top": round((max(c["bottom"] for c in cjk) - 16) / MM, 2)})
    print(json.dumps({"images": images, "lines": lines}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
