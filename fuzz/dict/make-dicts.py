#!/usr/bin/env python3
"""Write the AFL dictionaries (fuzz/dict/*.dict) from gongwen's sources: the data files' field
names (English and Chinese), the Markdown front matter's keys, YAML, Markdown and Tera syntax.
Run from fuzz/: python3 dict/make-dicts.py"""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parents[2]
src = root / "src"


def esc(s: str) -> str:
    out = []
    for b in s.encode("utf-8"):
        if b < 0x20 or b >= 0x7F or b in (0x22, 0x5C):
            out.append("\\x%02x" % b)
        else:
            out.append(chr(b))
    return '"' + "".join(out) + '"'


def fields() -> list[str]:
    words = []
    for f in sorted((src / "data").rglob("*.rs")):
        text = f.read_text()
        for name, aliases in re.findall(r'field\("([^"]+)", &\[([^\]]*)\]', text):
            words.append(name)
            words += re.findall(r'"([^"]+)"', aliases)
    return words


def front_matter() -> list[str]:
    text = (src / "document" / "model.rs").read_text()
    words = re.findall(r"pub ([a-z_]+):", text)
    words += re.findall(r'(?:rename|alias) = "([^"]+)"', text)
    return words


def unique(words):
    seen = []
    for w in words:
        if w and w not in seen:
            seen.append(w)
    return seen


kinds = ["work-summary", "self-inspection", "risk-report", "proposal-reply", "fuzz"]
yaml_syntax = ["---", "...", ": ", "- ", "? ", "{", "}", "[", "]", "|", ">", "|-", ">+", "&a ", "*a",
               "!!str ", "!!int ", "!!float ", "!!binary ", "<<: ", "~", "null", "true", "false",
               ".inf", "-.nan", "0x1F", "0o17", "1e308", "2024-06-30", "2024年6月30日", "'", '"',
               "\\u00e9", "\t", "\n  ", "#", "%YAML 1.2", "%TAG ! tag:x,2024:", "\xef\xbb\xbf"]
md_syntax = ["---\n", "\n---\n", "# ", "## ", "### ", "#### ", "**", "*", "`", "> ", "1. ", "- ",
             "（一）", "一、", "1.", "（1）", "| a | b |\n| --- | --- |\n", "|", ":---:", "---:",
             "::: ", ":::", "::: 附件", "::: 附件1", "<!-- pagebreak -->", "\\", "[x](y)", "![a](b.png)",
             "\n\n", "  \n", "&amp;", "<br>", "　", "。", "，", "、", "；", "：", "“", "”", "《", "》",
             "（", "）", "——", "……", "¥", "℃", "％", "附件：", "抄送：", "印发", "盖章",
             "https://example.org/a/b?c=d", "2024年6月30日", "〔2024〕1号"]
tera_syntax = ["{{ ", " }}", "{% ", " %}", "{# ", " #}", "{%- ", " -%}", "{{- ", " -}}",
               "if ", "elif ", "else", "endif", "for ", " in ", "endfor", "set ", "set_global ",
               "include \"_front_matter.md.tera\"", "include \"_attachments.md.tera\"",
               "include \"_closing_phrase.md.tera\"", "extends ", "block ", "endblock", "macro ",
               "endmacro", "filter ", "endfilter", "raw", "endraw", "break", "continue",
               "loop.index", "loop.first", "loop.last", "meta", "meta.title", "meta.date",
               "extra", "extra.x", "data", "sections", "| safe", "| length", "| first", "| join(sep=\"、\")",
               "| default(value=1)", "| cn_num", "| ordinal(style=\"（一）\")", "| cn_date",
               "| amount(from=\"万元\")", "| percent(digits=2)", "| num(digits=1)", "| growth",
               "| growth(base=0)", "| upper", "| truncate(length=3)", "| round", "| int", "| float",
               "| slice(start=1)", "| split(pat=\",\")", "| map(attribute=\"x\")", "| reverse",
               "| sort", "| unique", "| date(format=\"%Y\")", "| json_encode", "| escape",
               "is defined", "is number", "is string", "not ", " and ", " or ", " ~ ", "==", "!=",
               ">=", "[0]", "[-1]", "(", ")", "1.5", "-1", "9223372036854775807", "1e309", "\"x\"",
               "true", "false", "none", "range(end=3)", "now()", "throw(message=\"x\")", "get_env(name=\"X\")"]

words = unique(fields())
fm = unique(front_matter())
out = pathlib.Path(__file__).resolve().parent
(out / "yaml.dict").write_text(
    "# gongwen data files: field names (from src/data) and YAML syntax. Made by make-dicts.py\n"
    + "".join(f"{esc(w)}\n" for w in unique(words + [w + ": " for w in words] + kinds + yaml_syntax)))
(out / "markdown.dict").write_text(
    "# gongwen Markdown: front matter keys (src/document/model.rs) and syntax. Made by make-dicts.py\n"
    + "".join(f"{esc(w)}\n" for w in unique(fm + [w + ": " for w in fm] + md_syntax)))
(out / "template.dict").write_text(
    "# gongwen user templates: Tera syntax, gongwen's filters, data keys. Made by make-dicts.py\n"
    + "".join(f"{esc(w)}\n" for w in unique(tera_syntax + ["\x00", "kind: fuzz\n"] + words[:60] + md_syntax[:20])))
