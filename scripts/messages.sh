#!/bin/sh
# Refresh the Thai catalogue after changing user-facing strings: extract English msgids, fill the
# Thai text from sammachip/locale/th.tsv, and fail on anything untranslated.
set -e
.venv/bin/django-admin makemessages -l th --ignore=node_modules --ignore=.venv --ignore=tests --ignore=bench \
    --no-obsolete --no-location --settings=config.settings --pythonpath=. >/dev/null
po=sammachip/locale/th/LC_MESSAGES/django.po
python3 - "$po" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
head, rest = s.split("\n\n", 1)
head = head.replace("#, fuzzy\n", "")
for k, v in {"Project-Id-Version": "Sammachip", "PO-Revision-Date": "2026-11-24 00:00+0700",
             "Last-Translator": "Sammachip team", "Language-Team": "Thai", "Language": "th"}.items():
    head = re.sub(rf'"{k}: [^"]*\\n"', f'"{k}: {v}\\\\n"', head)
rest = re.sub(r'\nmsgstr\[1\] (?:".*"\n?)+', "\n", rest)
open(p, "w", encoding="utf-8").write(head + "\n\n" + rest)
PY
python3 scripts/fill_po.py "$po" sammachip/locale/th.tsv
msgfmt --check --statistics -o /dev/null "$po"
