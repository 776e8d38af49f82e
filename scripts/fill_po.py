"""Fill a .po catalogue from a TSV of `English<TAB>Thai` lines (a helper for translators).

Usage: python scripts/fill_po.py sammachip/locale/th/LC_MESSAGES/django.po translations.tsv
Entries already translated are kept; plural entries get the same text in msgstr[0] (Thai has one form).
"""

from __future__ import annotations

import re
import sys


def unquote(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).replace('\\"', '"')


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(po_path: str, tsv_path: str) -> int:
    table = {}
    for line in open(tsv_path, encoding="utf-8"):
        if "\t" in line:
            en, th = line.rstrip("\n").split("\t", 1)
            table[en] = th
    text = open(po_path, encoding="utf-8").read()
    chunks = text.split("\n\n")
    missing: list[str] = []
    for i, chunk in enumerate(chunks):
        m = re.search(r'^msgid ((?:".*"\n?)+)', chunk, re.M)
        if not m:
            continue
        msgid = unquote(m.group(1))
        if not msgid:
            continue
        found = table.get(msgid)
        if found is None:
            missing.append(msgid)
            continue
        th = found
        chunk = re.sub(r"#, fuzzy.*\n", "", chunk)
        chunk = re.sub(r"#\| .*\n", "", chunk)
        if "msgid_plural" in chunk:
            chunk = re.sub(r'msgstr\[0\] (?:".*"\n?)+', "msgstr[0] " + quote(th) + "\n", chunk)
        else:
            chunk = re.sub(r'msgstr (?:".*"\n?)+', "msgstr " + quote(th) + "\n", chunk)
        chunks[i] = chunk.rstrip("\n")
    out = "\n\n".join(chunks)
    out = out.replace(
        '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"', '"Plural-Forms: nplurals=1; plural=0;\\n"'
    )
    open(po_path, "w", encoding="utf-8").write(out.rstrip("\n") + "\n")
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
