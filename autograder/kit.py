"""An assignment's fixed part, made once: its nbgrader release and its hidden cases with the oracle's answers.

Making it costs seconds (nbgrader's generate_assignment, and the oracles on every hidden
input), so it is cached on disk, keyed by a hash of everything it is made from: the
assignment's sources, the grader (hidden tests, oracles, probes), the toolkit, the
reference solutions, the pinned versions and any course secret. A second ``grade`` of an
unchanged assignment loads it in milliseconds; any change to those files makes a new one.

With a course secret the hidden inputs are drawn from a seed made from it (``seed_of``),
so no clone of the repository can compute them; with ``--per-student``, from the secret,
the student and the hand-in, each student's cases computed where they are graded.

The cache holds only what the grader made (in ``AUTOGRADER_CACHE``, default
``~/.cache/autograder``, readable by its owner alone); student code never sees it.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import re
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, overload

from autograder.assignments import REPO, Assignment

if TYPE_CHECKING:  # imported where a kit is made or unpickled: the coordinator needs the key first
    from autograder.checks import Case
    from autograder.template import Template

# What a kit is made from, besides the assignment's own folder (paths relative to the repo).
MADE_FROM = ("autograder", "toolkit", "solutions", "constraints.txt")
NOT_INGREDIENTS = ("corpus", "__pycache__")
_loaded: dict[str, Kit] = {}  # key -> kit, per process


@dataclass
class Kit:
    assignment: str
    key: str
    release: dict[str, bytes]  # path in the release folder -> content (notebooks and toolkit/)
    templates: list[Template]
    stored_cases: bytes = field(repr=False)  # the cases, pickled: loaded only where students are graded
    rubric: str = ""  # the written questions' mark schemes, from the source: for the people who grade them

    @cached_property
    def cases(self) -> dict[str, list[Case]]:
        """Notebook name -> its hidden cases, expected values included (judging a trained model needs torch)."""
        import cloudpickle  # noqa: F401  (the checks are closures, stored by cloudpickle)

        return pickle.loads(self.stored_cases)

    @property
    def max_score(self) -> float:
        """What the grader awards; written answers are scored by hand, on top."""
        return sum(t.auto_points for t in self.templates)

    def write_release(self, folder: Path) -> None:
        """The nbgrader release folder, as generate_assignment made it."""
        for name, data in self.release.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def cache_dir() -> Path:
    return Path(os.environ.get("AUTOGRADER_CACHE") or Path.home() / ".cache" / "autograder")


def key_of(assignment: Assignment, secret: bytes | None = None) -> str:
    """A hash of every file the kit is made from, and of the course secret."""
    digest = hashlib.sha256(assignment.id.encode() + b"\0")
    files = sorted(p for p in assignment.folder.rglob("*") if p.is_file())
    for name in MADE_FROM:
        root = REPO / name
        found = root.rglob("*") if root.is_dir() else [root]
        files += sorted(p for p in found if p.is_file() and not set(p.relative_to(REPO).parts) & set(NOT_INGREDIENTS)
                        and p.suffix != ".pyc")
    for path in files:
        digest.update(str(path.relative_to(REPO)).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    digest.update(b"secret\0" + (hashlib.sha256(secret).digest() if secret else b""))
    return digest.hexdigest()


def _path(assignment: Assignment, key: str) -> Path:
    return cache_dir() / f"{assignment.id}-{key[:24]}.pickle"


def is_cached(assignment: Assignment, key: str) -> bool:
    return _path(assignment, key).is_file()


def load(assignment: Assignment, secret: bytes | None = None, expect: str | None = None) -> Kit:
    """The assignment's kit: from this process, from the disk cache, or made now and cached.

    ``expect`` is the key the coordinator computed: a machine whose copy of the project
    differs would grade against other tests, so it refuses.
    """
    if expect in _loaded:  # this process checked that key when it loaded the kit
        return _loaded[expect]
    key = key_of(assignment, secret)
    if expect is not None and key != expect:
        raise RuntimeError(f"this machine's copy of the project differs from the grading machine's for "
                           f"{assignment.id} (kit {key[:12]}, expected {expect[:12]}): check out the same commit")
    if key in _loaded:
        return _loaded[key]
    path = _path(assignment, key)
    try:
        kit = pickle.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, AttributeError, ImportError, pickle.UnpicklingError):  # none yet
        kit = _make(assignment, key, seed_of(assignment.id, secret))
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
            pickle.dump(kit, f)
        tmp.replace(path)
    _loaded[key] = kit
    return kit


@overload
def seed_of(assignment_id: str, secret: bytes, *about: str) -> int: ...
@overload
def seed_of(assignment_id: str, secret: None, *about: str) -> None: ...
def seed_of(assignment_id: str, secret: bytes | None, *about: str) -> int | None:
    """The seed of an assignment's hidden inputs: None (the public one) without a course secret.

    ``about``: what else the seed is drawn from — a student's id and hand-in hash for inputs
    of their own, or a purpose ("battery") for the audit's.
    """
    if secret is None:
        return None
    if not secret:
        raise ValueError("a course secret must not be empty")
    digest = hashlib.sha256(b"autograder hidden inputs\0" + assignment_id.encode() + b"\0" + secret)
    for part in about:
        digest.update(b"\0" + part.encode())
    return int.from_bytes(digest.digest()[:8], "big")


_seeded: dict[tuple[str, int], dict[str, list[Case]]] = {}  # (kit key, seed) -> cases, the last few


def cases_of(assignment: Assignment, kit: Kit, seed: int | None) -> dict[str, list[Case]]:
    """The kit's cases (``seed`` None), or those of a student's own seed, computed here and kept a while."""
    if seed is None:
        return kit.cases
    if (kit.key, seed) not in _seeded:
        if len(_seeded) >= 8:
            del _seeded[next(iter(_seeded))]
        _seeded[kit.key, seed] = hidden_cases(assignment, kit.templates, seed)
    return _seeded[kit.key, seed]


def hidden_cases(assignment: Assignment, templates: list[Template], seed: int | None) -> dict[str, list[Case]]:
    """Notebook name -> the hidden cases of its grade cells, drawn from ``seed`` (None: the public seed)."""
    owner = {gid: t.name for t in templates for gid in t.points}
    cases: dict[str, list[Case]] = {t.name: [] for t in templates}
    for case in assignment.hidden.cases() if seed is None else assignment.hidden.cases(seed):
        if case.grade_id not in owner:
            raise ValueError(f"hidden case {case.name} names grade cell {case.grade_id}, which no notebook has")
        cases[owner[case.grade_id]].append(case)
    return cases


def _make(assignment: Assignment, key: str, seed: int | None) -> Kit:
    import cloudpickle  # the cases' checks are closures, which plain pickle cannot store
    import nbformat

    from autograder.release import generate  # nbgrader: slow to import, needed only here
    from autograder.template import Template

    with tempfile.TemporaryDirectory() as tmp:
        folder = generate(assignment, Path(tmp) / "course", f"sqlite:///{Path(tmp) / 'gradebook.db'}")
        release = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
                   if p.is_file() and "__pycache__" not in p.parts}
    templates = [Template.from_notebook(name, nbformat.read(io.BytesIO(release[f"{name}.ipynb"]), as_version=4))
                 for name in assignment.notebook_names]
    return Kit(assignment.id, key, release, templates, cloudpickle.dumps(hidden_cases(assignment, templates, seed)),
               rubric(assignment))


def rubric(assignment: Assignment) -> str:
    """Each written question, its points and its mark scheme, as Markdown: the source's
    ``BEGIN MARK SCHEME`` … ``END MARK SCHEME`` region of each answer cell, which no release holds."""
    import jupytext

    parts = [f"# {assignment.id}: how the written answers are marked\n\nGenerated from the source "
             f"(exercises/{assignment.id}/) by `python -m autograder grade`; for the people grading, never for students."]
    for path in assignment.sources:
        question = ""
        for cell in jupytext.read(path).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "markdown" and meta.get("grade") and meta.get("solution"):
                model, scheme = _model_and_scheme(cell.source)
                parts.append(f"## {path.stem}: {meta['grade_id']} ({float(meta.get('points', 0)):g} points)\n\n"
                             f"{question.strip()}\n\n*Model answer.*\n\n{model}\n\n{scheme}")
            question = cell.source if cell.cell_type == "markdown" else ""
    return "\n\n".join(parts) + "\n" if len(parts) > 1 else ""


def record(kit: Kit, db_url: str) -> None:
    """Record the assignment, its notebooks and cells in the gradebook, as generate_assignment does."""
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import SaveCells

    with Gradebook(db_url) as gb:
        gb.update_or_create_assignment(kit.assignment)
    for template in kit.templates:
        resources = {"nbgrader": {"db_url": db_url, "assignment": kit.assignment, "notebook": template.name}}
        SaveCells().preprocess(template.nb, resources)


def _model_and_scheme(source: str) -> tuple[str, str]:
    """An answer cell's model answer (its solution region) and its mark scheme."""
    lines = source.splitlines()
    start = next((i for i, line in enumerate(lines) if "BEGIN MARK SCHEME" in line), None)
    end = next((i for i, line in enumerate(lines) if "END MARK SCHEME" in line), len(lines))
    scheme = "\n".join(lines[start + 1:end]).strip() if start is not None else "(no mark scheme given)"
    model = "\n".join(line for line in lines[:start] if not re.search(r"(BEGIN|END) SOLUTION", line)).strip()
    return model, scheme
