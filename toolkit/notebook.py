"""Reading a notebook file without trusting it, as the grader reads a hand-in.

The notebook's JSON is parsed, never executed or validated by nbformat (which would reject a
whole notebook for one odd field). Solution cells are found by their nbgrader grade id; their
metadata, the test cells and the outputs are not what is graded. The grader
(``autograder.pipeline.handin``) and the student's check before hand-in (``toolkit.check``)
read notebooks with these same functions, so the check sees what the grader will see.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

# A notebook larger than this is refused unread.
MAX_NOTEBOOK_BYTES = 50 * 2**20
MAX_CELL_CHARS = 1_000_000


class InvalidNotebook(Exception):
    """The file is not a notebook we can read; the message says why."""


@dataclass
class Extracted:
    sources: dict[str, str]  # grade id -> the student's source for that solution cell
    missing: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)  # grade id -> the text of a written answer


def source_text(source: object) -> str | None:
    """A cell's source as one string (nbformat allows a list of lines), or None if it is neither."""
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        return "".join(source)
    return None


def grader_metadata(cell: object) -> dict:
    """A cell's ``nbgrader`` metadata, or {} when the cell or its metadata is not what nbformat describes."""
    meta = cell.get("metadata") if isinstance(cell, dict) else None
    grader = meta.get("nbgrader") if isinstance(meta, dict) else None
    return grader if isinstance(grader, dict) else {}


def grade_id(cell: object) -> str | None:
    """A cell's nbgrader grade id, if it has one that is a string."""
    gid = grader_metadata(cell).get("grade_id")
    return gid if isinstance(gid, str) else None


def too_large(size: int) -> str | None:
    """Why a notebook of ``size`` bytes is refused unread, or None if it is not too large."""
    if size > MAX_NOTEBOOK_BYTES:
        return f"{size / 2**20:.0f} MB is over the {MAX_NOTEBOOK_BYTES // 2**20} MB limit"
    return None


def parse(data: bytes) -> dict:
    """A notebook's bytes as JSON, or InvalidNotebook with a reason a student understands."""
    refused = too_large(len(data))
    if refused:
        raise InvalidNotebook(refused)
    try:
        nb = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidNotebook(f"not valid JSON ({exc.__class__.__name__})") from None
    if not isinstance(nb, dict):
        raise InvalidNotebook("not a Jupyter notebook")
    if nb.get("nbformat") != 4:
        raise InvalidNotebook(f"nbformat {nb.get('nbformat')!r}; expected 4 (save it with Jupyter 4 or later)")
    if not isinstance(nb.get("cells"), list):
        raise InvalidNotebook("not a Jupyter notebook (no list of cells)")
    return nb


def extract(nb: dict, solution_ids: Sequence[str], answer_ids: Sequence[str] = ()) -> Extracted:
    """The sources of the code cells ``solution_ids`` and the texts of the markdown answer cells
    ``answer_ids``; a missing or doubled id is noted."""
    kind = {**dict.fromkeys(solution_ids, "code"), **dict.fromkeys(answer_ids, "markdown")}
    found: dict[str, list[str]] = {gid: [] for gid in kind}
    for cell in nb["cells"]:
        gid = grade_id(cell)
        if gid in found and cell.get("cell_type") == kind[gid]:
            text = source_text(cell.get("source"))
            found[gid].append(text[:MAX_CELL_CHARS] if text is not None else "")
    result = Extracted(sources={})
    for gid, texts in found.items():
        if not texts:
            result.missing.append(gid)
        elif len(texts) > 1:
            result.duplicated.append(gid)
        else:
            (result.sources if kind[gid] == "code" else result.answers)[gid] = texts[0]
    return result
