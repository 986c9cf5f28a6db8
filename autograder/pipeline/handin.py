"""Reading a handed-in notebook without trusting it: only solution cells are taken, by grade id.

How a notebook is parsed and its cells found is ``toolkit.notebook``'s, shared with the
student's check before hand-in; its metadata, test cells and outputs are ignored. What runs
is the instructor's template with these cell sources put in.
"""

from collections.abc import Sequence
from pathlib import Path

from autograder.task import Problem, Status
from toolkit.notebook import Extracted, InvalidNotebook, extract, parse, too_large

__all__ = ["Extracted", "InvalidNotebook", "extract", "locate", "parse", "read_handin", "solution_sources"]


def read_handin(folder: Path) -> dict[str, bytes | str]:
    """Every ``*.ipynb`` in a student's folder: its bytes, or why it was not read (too large, unreadable)."""
    handin: dict[str, bytes | str] = {}
    for path in sorted(p for p in folder.glob("*.ipynb") if p.is_file()):
        try:
            handin[path.name] = too_large(path.stat().st_size) or path.read_bytes()
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
