"""Reading a handed-in notebook without trusting it: only solution cells are taken, by grade id.

The notebook's JSON is parsed, never executed or validated by nbformat (which would
reject a whole notebook for one odd field); its metadata, test cells and outputs are
ignored. What runs is the instructor's template with these cell sources put in.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from autograder.task import Problem, Status

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


def _source_text(source: object) -> str | None:
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        return "".join(source)
    return None


def read_handin(folder: Path) -> dict[str, bytes | str]:
    """Every ``*.ipynb`` in a student's folder: its bytes, or why it was not read (too large, unreadable)."""
    handin: dict[str, bytes | str] = {}
    for path in sorted(p for p in folder.glob("*.ipynb") if p.is_file()):
        try:
            size = path.stat().st_size
            if size > MAX_NOTEBOOK_BYTES:
                handin[path.name] = f"{size / 2**20:.0f} MB is over the {MAX_NOTEBOOK_BYTES // 2**20} MB limit"
            else:
                handin[path.name] = path.read_bytes()
        except OSError as exc:
            handin[path.name] = f"could not be read ({exc.strerror})"
    return handin


def locate(handin: dict[str, bytes | str], name: str, only_one: bool) -> tuple[str | None, str | None]:
    """The hand-in's file for template ``name``: by name, or the folder's single notebook."""
    if f"{name}.ipynb" in handin:
        return f"{name}.ipynb", None
    if only_one and len(handin) == 1:
        (found,) = handin
        return found, f"graded {found} as {name}.ipynb"
    return None, None


def solution_sources(handin: dict[str, bytes | str], name: str, solution_ids: list[str],
                     only_one: bool, answer_ids: Sequence[str] = ()) -> tuple[Extracted | None, list[Problem]]:
    """The solution cells of template ``name``'s notebook in a hand-in (None: none read), and (status, detail) notes."""
    found, renamed = locate(handin, name, only_one)
    problems: list[Problem] = [(None, renamed)] if renamed else []
    if found is None:
        return None, [*problems, (Status.MISSING_NOTEBOOK, f"no {name}.ipynb")]
    try:
        content = handin[found]
        if isinstance(content, str):
            raise InvalidNotebook(content)
        return extract(parse(content), solution_ids, answer_ids), problems
    except InvalidNotebook as exc:
        return None, [*problems, (Status.INVALID_NOTEBOOK, f"{found}: {exc}")]


def parse(data: bytes) -> dict:
    """A notebook's bytes as JSON, or InvalidNotebook with a reason a student understands."""
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


def extract(nb: dict, solution_ids: list[str], answer_ids: Sequence[str] = ()) -> Extracted:
    """The sources of the code cells ``solution_ids`` and the texts of the markdown answer cells
    ``answer_ids``; a missing or doubled id is noted."""
    kind = {**dict.fromkeys(solution_ids, "code"), **dict.fromkeys(answer_ids, "markdown")}
    found: dict[str, list[str]] = {gid: [] for gid in kind}
    for cell in nb["cells"]:
        if not isinstance(cell, dict):
            continue
        meta = cell.get("metadata")
        grader = meta.get("nbgrader") if isinstance(meta, dict) else None
        gid = grader.get("grade_id") if isinstance(grader, dict) else None
        if isinstance(gid, str) and gid in found and cell.get("cell_type") == kind[gid]:
            text = _source_text(cell.get("source"))
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
