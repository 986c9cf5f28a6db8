"""Every CSV the grader writes, safe to open in a spreadsheet.

Student ids, file names and messages come from hand-ins and LMS exports. A cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets (``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``), so, as OWASP
advises against CSV injection, such text is written with a leading single quote, which
a spreadsheet shows as text. Numbers the grader formats itself are written unchanged.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def text(value: object) -> str:
    """A cell of text from outside: a leading quote when a spreadsheet would read it as a formula."""
    value = str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def cell(value: object, numeric: bool) -> str:
    """A number in a numeric column as it is; anything else as text."""
    value = str(value)
    return value if numeric and NUMBER.fullmatch(value) else text(value)


def write(path: Path, columns: Sequence[str], rows: Iterable[Sequence[object]], numbers: Collection[str] = ()) -> None:
    """Write ``columns`` and ``rows`` to ``path`` atomically; cells of the columns ``numbers`` may be numbers."""
    numeric = [c in numbers for c in columns]
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([cell(v, n) for v, n in zip(row, numeric, strict=True)])
    tmp.replace(path)
