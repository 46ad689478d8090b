#!/usr/bin/env python3
"""PDF size beside Typst's: the same reply set by gongwen and by Typst, with the same fonts.

    pip install typst          # Typst's compiler, in-process
    apt install fonts-noto-cjk # Noto Serif CJK SC and Noto Sans CJK SC
    python3 scripts/compare-typst.py [--letters 5]

Generates replies as scripts/bench-batch.py does, renders them with gongwen (`--to md,pdf`,
every role in Noto Serif CJK SC, digits and Latin letters too, but the 黑体 headings in Noto Sans
CJK SC), then sets each letter's Markdown in Typst with the same two faces: the text block of
GB/T 9704 (A4, 37/35/28/26 mm), 16 pt body with a 2-character first-line indent, a 22 pt title
in the regular weight (as 小标宋 is), headings in the sans face, the signature and date, and
"— N —" page numbers. Prints each letter's PDF size from both, and the median. Typst's PDF has
no 版头, 版记 or 回执 and no grid, so fewer pages; it is here for its bytes, not its layout.
"""
import argparse
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "gongwen")
SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"


def bench_module():
    spec = importlib.util.spec_from_file_location("bench", os.path.join(ROOT, "scripts", "bench-batch.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def typst_source(markdown):
    """The letter's Markdown as Typst markup."""
    front, body = markdown.split("---", 2)[1:]
    field = lambda key: (re.search(rf"^{key}: (.*)$", front, re.M) or [None, ""])[1].strip()
    escape = lambda text: re.sub(r"([\\#*_`$<>@\[\]])", r"\\\1", text)
    out = [
        '#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),',
        '  footer: context align(if calc.odd(here().page()) { right } else { left },',
        f'    text(font: "{SERIF}", size: 14pt)[— #counter(page).display() —]))',
        f'#set text(font: "{SERIF}", size: 16pt, lang: "zh")',
        "#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 12.95pt,"
        " spacing: 12.95pt)",
        f'#align(right)[{escape(field("doc_number"))}]',
        f'#align(center, text(size: 22pt)[{escape(field("title"))}])',
        f'#par(first-line-indent: 0pt)[{escape(field("addressee"))}：]',
    ]
    for block in (b.strip() for b in body.split("\n\n")):
        if not block:
            continue
        if block.startswith("#"):
            out.append(f'#text(font: "{SANS}")[{escape(block.lstrip("# "))}]')
        else:
            out.append(escape(block))
        out.append("")
    out.append(f'#align(right)[{escape(field("signature"))} \\ {escape(field("date"))}]')
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=5)
    args = parser.parse_args()
    try:
        import typst
    except ImportError:
        sys.exit("needs Typst's compiler: pip install typst")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="gongwen-typst-")
    try:
        data = os.path.join(work, "batch.yaml")
        open(data, "w", encoding="utf-8").write(bench_module().batch(args.letters))
        fonts = [f"{role}={SERIF}" for role in ("title", "body", "heading2", "heading3", "heading4",
                                               "page_number", "latin")] + [f"heading1={SANS}"]
        command = [BINARY, "render", data, "--to", "md,pdf", "-o", os.path.join(work, "out")]
        for font in fonts:
            command += ["--font", font]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows = []
        for name in sorted(f for f in os.listdir(os.path.join(work, "out")) if f.endswith(".md")):
            stem = name[:-3]
            source = os.path.join(work, stem + ".typ")
            open(source, "w", encoding="utf-8").write(
                typst_source(open(os.path.join(work, "out", name), encoding="utf-8").read()))
            typst_pdf = os.path.join(work, stem + ".typst.pdf")
            typst.compile(source, output=typst_pdf)
            ours = os.path.getsize(os.path.join(work, "out", stem + ".pdf")) / 1024
            theirs = os.path.getsize(typst_pdf) / 1024
            pages = lambda pdf: int(re.search(r"Pages:\s+(\d+)", subprocess.run(
                ["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
            rows.append((ours, theirs))
            print(f"{stem[:24]:<24}  gongwen {ours:6.1f} KB ({pages(os.path.join(work, 'out', stem + '.pdf'))} pages)"
                  f"   Typst {theirs:6.1f} KB ({pages(typst_pdf)} pages)")
        print(f"median: gongwen {statistics.median(r[0] for r in rows):.1f} KB, "
              f"Typst {statistics.median(r[1] for r in rows):.1f} KB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
