"""``python -m autograder new ID``: the files of a new assignment, from ``templates/new/``.

One example function (an elementwise square, forward and backward) goes through every part an
assignment has: the source notebook, the reference, hidden cases, probe, oracle, catalogue,
corpus, the reference's test and the registry entry. The author replaces it; the checklist in
the README's authors' section says what else a gradable assignment needs.
"""

from __future__ import annotations

import keyword
import re
import zlib
from pathlib import Path
from string import Template

from autograder.assignments import REPO

TEMPLATES = Path(__file__).resolve().parent / "templates" / "new"
# template file -> where it goes, relative to the repository
FILES = {
    "assignment.toml.tmpl": "exercises/{id}/assignment.toml",
    "notebook.md.tmpl": "exercises/{id}/{id}.md",
    "solutions.py.tmpl": "solutions/{id}.py",
    "hidden.py.tmpl": "autograder/hidden/{id}.py",
    "probes.py.tmpl": "autograder/probes/{id}.py",
    "oracles.py.tmpl": "autograder/oracles/{id}.py",
    "catalogue.py.tmpl": "autograder/catalogue/{id}.py",
    "corpus.py.tmpl": "autograder/corpus/{id}/square_with_numpy_ufuncs.py",
    "test_solutions.py.tmpl": "tests/solutions/test_{id}.py",
}


def targets(assignment_id: str, root: Path = REPO) -> list[Path]:
    return [root / target.format(id=assignment_id) for target in FILES.values()]


def check_id(assignment_id: str, root: Path = REPO) -> None:
    """ValueError unless ``assignment_id`` can name a new assignment (a module name nothing uses yet)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", assignment_id) or keyword.iskeyword(assignment_id):
        raise ValueError(f"{assignment_id!r}: an assignment id is a lowercase Python name (letters, digits, _)")
    taken = [p for p in targets(assignment_id, root) if p.exists()]
    if (root / "exercises" / assignment_id).exists():
        taken.insert(0, root / "exercises" / assignment_id)
    if taken:
        raise ValueError(f"{assignment_id!r} is taken: {', '.join(str(p.relative_to(root)) for p in taken)} exist(s)")


def create(assignment_id: str, title: str, chapter: str, root: Path = REPO) -> list[Path]:
    """Write the new assignment's files (nothing when any is taken) and generate its solution region."""
    from autograder.assignments import Assignment
    from autograder.sync import note_where_shown, sync_notebook, where_shown

    check_id(assignment_id, root)
    values = {"id": assignment_id, "title": title, "chapter": chapter,
              "seed": str(zlib.crc32(assignment_id.encode()) % 10**8)}  # a public seed of its own
    written = []
    for template, target in zip(FILES, targets(assignment_id, root)):
        target.parent.mkdir(parents=True, exist_ok=True)
        # safe_substitute: the notebook's LaTeX ($x^2$) is left as it is
        target.write_text(Template((TEMPLATES / template).read_text()).safe_substitute(values))
        written.append(target)
    sync_notebook(root / FILES["notebook.md.tmpl"].format(id=assignment_id))
    if root == REPO:  # the reference says where it is shown (a registry of another root is not ours to read)
        shown = where_shown([Assignment(assignment_id)]).get(f"solutions.{assignment_id}", {})
        note_where_shown(root / FILES["solutions.py.tmpl"].format(id=assignment_id), shown)
    return written
