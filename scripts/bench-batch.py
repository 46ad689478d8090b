#!/usr/bin/env python3
"""Batch benchmark: realistic proposal replies rendered by the release binary.

    python3 scripts/bench-batch.py [--runs 3] [--sizes 100,1000,10000]

Generates replies of 2,000-3,500 characters in 4-5 sections each, from the vocabulary of the
example replies in data/ (sentences recombined, so every letter differs), and reports, each
from the median of --runs runs:
  - letters per second for md, docx and pdf alone and for all three together (1,000 letters);
  - the peak memory (RSS) of the run;
  - KB per PDF;
  - how the time and memory scale with the batch size (--sizes, all three formats, one run
    each after the first size's);
  - the same 1,000 letters from an XLSX sheet (openpyxl writes it), all three formats;
  - where docxtpl is installed (pip install docxtpl), its rate on 100 of the same letters, DOCX
    only, filling a template made of gongwen's own reply (its body replaced by Jinja fields in
    the same styles), beside gongwen's rate for all three formats.
Times on a shared 2-core machine are noisy: compare medians from one session.
"""
import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "gongwen")


def sentences():
    """The example replies' sentences, to recombine."""
    pool = []
    for name in ("proposal-replies.yaml", "npc-suggestions.yaml"):
        text = open(os.path.join(ROOT, "data", name), encoding="utf-8").read()
        for line in text.splitlines():
            line = line.strip().removeprefix("text:").removeprefix("- ").strip(" |")
            if line.startswith("#") or re.search(r"[A-Za-z_]+:", line):
                continue  # comments and keys
            pool += [s + "。" for s in re.split(r"。", line) if len(s) > 12 and "：" not in s[:6]]
    return sorted(set(pool))


HEADINGS = ["关于强化核心技术攻关", "关于建立多种创新平台", "关于完善科技成果转化制度",
            "关于加强科技与金融结合", "关于培育科技型中小企业", "关于引进培养科技人才",
            "关于优化科技创新环境", "关于推进产学研深度融合"]


def batch(n, seed=1):
    """A reply batch of n letters as YAML text."""
    rng = random.Random(seed)
    pool = sentences()
    head = open(os.path.join(ROOT, "data", "proposal-replies.yaml"), encoding="utf-8").read()
    head = head.split("proposals:\n", 1)[0]
    out = [head + "proposals:"]
    for i in range(n):
        target = rng.randint(2000, 3500)
        sections = rng.randint(4, 5)
        out.append(f'  - number: "{i + 1:05d}"')
        out.append(f"    proposer: 委员{i % 97}")
        out.append(f"    title: 关于加快第{i + 1}项科技成果转化的建议")
        out.append(f"    doc_number: 渝科局函〔2022〕{i + 1}号")
        out.append(f"    result: {'ABC'[i % 3]}")
        out.append("    date: 2022-07-12")
        out.append("    sections:")
        for s, heading in enumerate(rng.sample(HEADINGS, sections)):
            text, size = [], 0
            while size < target / sections:
                sentence = rng.choice(pool)
                text.append(sentence)
                size += len(sentence)
            out.append(f"      - heading: {heading}")
            out.append(f"        text: {json.dumps(''.join(text), ensure_ascii=False)}")
    return "\n".join(out) + "\n"


def letters_of(n, seed=1):
    """The letters of `batch(n)`, as the docxtpl comparison fills them in."""
    text = batch(n, seed)
    letters = []
    for block in text.split("\n  - number: ")[1:]:
        title = re.search(r"title: (.*)", block).group(1)
        proposer = re.search(r"proposer: (.*)", block).group(1)
        headings = re.findall(r"- heading: (.*)", block)
        texts = [json.loads(t) for t in re.findall(r"text: (.*)", block)]
        letters.append({"title": title, "proposer": proposer, "date": "2022年7月12日",
                        "doc_number": re.search(r"doc_number: (.*)", block).group(1),
                        "sections": [{"heading": h, "text": t} for h, t in zip(headings, texts)]})
    return letters


def docxtpl_rate(work, n, runs, base):
    """Letters per second that docxtpl (Word templates filled in with Jinja, DOCX only) makes
    of the same letters, median of `runs`; None when docxtpl is not installed. The template is
    gongwen's own reply `base` with its body replaced by Jinja fields in the same paragraph
    styles, so both write the same package (styles, page setup, footers, 版头); or, with no
    `base`, python-docx's blank document with the same fields."""
    try:
        import docx
        from docxtpl import DocxTemplate
    except ImportError:
        return None
    template = os.path.join(work, "reply-template.docx")
    document = docx.Document(base)
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    styled = base is not None
    for style, line in (("发文字号", "{{ doc_number }}"), ("Title", "{{ title }}的答复"),
                        ("主送机关", "{{ proposer }}："), ("Normal", "{%p for s in sections %}"),
                        ("Heading 1", "{{ s.heading }}"), ("Normal", "{{ s.text }}"),
                        ("Normal", "{%p endfor %}"), ("署名", "重庆市科学技术局"),
                        ("成文日期", "{{ date }}")):
        document.add_paragraph(line, style=style if styled else None)
    document.save(template)
    letters = letters_of(n)
    out = os.path.join(work, "docxtpl")
    times = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        start = time.perf_counter()
        for k, letter in enumerate(letters):
            filled = DocxTemplate(template)
            filled.render(letter)
            filled.save(os.path.join(out, f"{k:05d}.docx"))
        times.append(time.perf_counter() - start)
    return n / statistics.median(times)


def sheet_of(path, n):
    """The letters of `batch(n)` as an XLSX workbook at `path`, as an office keeps them: a merged
    title row, Chinese headers, the reply in Markdown with `## ` sections, and a 文头 sheet;
    False when openpyxl is not installed."""
    try:
        import openpyxl
    except ImportError:
        return False
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "提案办理情况"
    ws.append(["市政协五届五次会议提案办理情况表"])
    ws.merge_cells("A1:F1")
    ws.append(["编号", "提案人", "标题", "办理结果", "成文日期", "答复内容"])
    for k, letter in enumerate(letters_of(n)):
        reply = "\n\n".join(f"## {s['heading']}\n{s['text']}" for s in letter["sections"])
        ws.append([f"{k + 1:05d}", letter["proposer"], letter["title"], "ABC"[k % 3],
                   "2022-07-12", reply])
    head = wb.create_sheet("文头")
    for key, value in [("发文机关", "重庆市科学技术局"), ("会议届次", "市政协五届五次会议"),
                       ("来文类型", "提案"), ("签发人", "雷虹"), ("联系人", "张敏，023-63012345")]:
        head.append([key, value])
    wb.save(path)
    return True


def run(data, formats, out):
    """Render `data` to `formats`: wall seconds and the run's peak RSS in MB.

    The peak is GNU time's (/usr/bin/time, Debian's package `time`), or else the largest VmHWM
    read from /proc while the run lasts. Not this process's wait4: a child forked from Python
    counts Python's own memory in its peak until it starts gongwen."""
    shutil.rmtree(out, ignore_errors=True)
    command = [BINARY, "render", data, "--to", formats, "-o", out]
    gnu_time = shutil.which("time", path="/usr/bin")
    report = os.path.join(os.path.dirname(out), "peak-kb")
    if gnu_time:
        command = [gnu_time, "-f", "%M", "-o", report] + command
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_kb = 0
    while child.poll() is None:
        if not gnu_time:
            try:
                status = open(f"/proc/{child.pid}/status").read()
                peak_kb = max(peak_kb, int(re.search(r"VmHWM:\s+(\d+)", status).group(1)))
            except (OSError, AttributeError):
                pass
        time.sleep(0.005)
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        sys.exit(f"gongwen render failed on {data} ({formats})")
    if gnu_time:
        peak_kb = int(open(report).read().split()[-1])
    return seconds, peak_kb / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="100,1000,10000")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="gongwen-bench-")
    try:
        data = os.path.join(work, "batch-1000.yaml")
        open(data, "w", encoding="utf-8").write(batch(1000))
        texts = re.findall(r"text: (.*)", open(data, encoding="utf-8").read())
        chars = sum(len(json.loads(t)) for t in texts)
        print(f"1,000 replies, {chars / 1000:,.0f} characters of reply text each on average")
        print(f"{'formats':<12} {'median s':>9} {'letters/s':>10} {'peak MB':>8}")
        medians = {}
        for formats in ("md", "docx", "pdf", "md,docx,pdf"):
            results = [run(data, formats, os.path.join(work, "out")) for _ in range(args.runs)]
            median = medians[formats] = statistics.median(s for s, _ in results)
            peak = max(m for _, m in results)
            print(f"{formats:<12} {median:>9.2f} {1000 / median:>10.0f} {peak:>8.0f}")
        sheet = os.path.join(work, "提案-1000.xlsx")
        if sheet_of(sheet, 1000):
            results = [run(sheet, "md,docx,pdf", os.path.join(work, "out"))
                       for _ in range(args.runs)]
            median = statistics.median(s for s, _ in results)
            files = len(os.listdir(os.path.join(work, "out")))
            print(f"{'xlsx, all 3':<12} {median:>9.2f} {1000 / median:>10.0f} "
                  f"{max(m for _, m in results):>8.0f}   ({files} files with the index)")
        else:
            print("xlsx: openpyxl not installed (pip install openpyxl), no sheet run")
        all_three = 1000 / medians["md,docx,pdf"]
        base = next(os.path.join(work, "out", f) for f in sorted(os.listdir(os.path.join(work, "out")))
                    if f.endswith(".docx"))
        for template, label in ((base, "gongwen's reply as template"),
                                (None, "python-docx's blank template")):
            rate = docxtpl_rate(work, 100, args.runs, template)
            if rate is None:
                print("docxtpl: not installed (pip install docxtpl), no comparison")
                break
            print(f"docxtpl, 100 of the same letters, DOCX only, {label}: {rate:.0f} letters/s; "
                  f"gongwen md+docx+pdf {all_three / rate:.1f}x, docx alone "
                  f"{1000 / medians['docx'] / rate:.1f}x")
        pdfs = [os.path.join(work, "out", f) for f in os.listdir(os.path.join(work, "out"))
                if f.endswith(".pdf")]
        print(f"KB per PDF: {statistics.mean(os.path.getsize(p) for p in pdfs) / 1024:.0f} "
              f"(median {statistics.median(os.path.getsize(p) for p in pdfs) / 1024:.0f})")
        print("scaling, md+docx+pdf, one run each:")
        for n in (int(s) for s in args.sizes.split(",")):
            sized = os.path.join(work, f"batch-{n}.yaml")
            open(sized, "w", encoding="utf-8").write(batch(n))
            seconds, peak = run(sized, "md,docx,pdf", os.path.join(work, "out"))
            print(f"  {n:>6} letters: {seconds:7.2f} s, {n / seconds:5.0f} letters/s, peak {peak:4.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
