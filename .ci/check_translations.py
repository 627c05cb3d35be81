#!/usr/bin/env python3
"""Fail when a message of the interface is not translated in a catalogue.

For each language given (ar fr es), the catalogue is first refreshed from the source
with ``makemessages`` in a scratch copy, so a string added to the code or templates
without a translation counts too; then every entry that is empty or fuzzy is listed.
The catalogues in the work tree are left exactly as they were.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"


def entries(text: str):
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not lines or all(ln.startswith("#~") for ln in lines if not ln.startswith("#,")):
            continue
        yield lines


def untranslated(lines) -> str | None:
    fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in lines)
    msgid, strs, current = [], [], None
    for ln in lines:
        if ln.startswith("#"):
            continue
        m = re.match(r'(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt)\s+"(.*)"$', ln)
        if m:
            current = [m.group(2)]
            if m.group(1) == "msgid":
                msgid = current
            elif m.group(1).startswith("msgstr"):
                strs.append(current)
        elif ln.startswith('"') and current is not None:
            current.append(ln.strip()[1:-1])
    text = "".join(msgid)
    if not strs or text == "":
        return None
    if fuzzy or any("".join(s) == "" for s in strs):
        return text
    return None


def main(languages: list[str]) -> int:
    locale = ROOT / "locale"
    backup = Path(tempfile.mkdtemp()) / "locale"
    shutil.copytree(locale, backup)
    try:
        subprocess.run(
            [
                str(PYTHON if PYTHON.exists() else sys.executable),
                "manage.py",
                "makemessages",
                "--no-obsolete",
                "--ignore=.venv/*",
                "--ignore=tests/*",
                "-v0",
                *[f"-l{lang}" for lang in languages],
            ],
            cwd=ROOT,
            check=True,
        )
        failures = 0
        for lang in languages:
            po = locale / lang / "LC_MESSAGES" / "django.po"
            if not po.exists():
                print(f"{lang}: no catalogue at {po.relative_to(ROOT)}")
                failures += 1
                continue
            missing = [m for e in entries(po.read_text(encoding="utf-8")) if (m := untranslated(e))]
            for message in missing:
                print(f"{lang}: untranslated or fuzzy: {message[:100]!r}")
            print(f"{lang}: {len(missing)} untranslated")
            failures += len(missing)
    finally:
        shutil.rmtree(locale)
        shutil.copytree(backup, locale)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["ar", "fr", "es"]))
