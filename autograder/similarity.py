"""``python -m autograder similarity``: which hand-ins share code, for an instructor to look into.

Only solution cells are compared, each with the same cell (by grade id) of the other
hand-in: every pair of students of the class, every student against the reference
(``solutions/``: the solution cells of the solved notebook that ``python -m autograder
solution`` writes) and against earlier terms' hand-ins (``--against``). The release's
own code in a solution cell (signatures, docstrings, the stub) is boilerplate and is
never counted as shared.

The matching is copydetect's, MOSS's method: pygments tokenises each cell and copydetect
filters the tokens (every name becomes V, a function's name F, a class's name O, a
string S; comments and whitespace are dropped; keywords, operators and numbers stay),
hashes the k-grams of what is left and keeps a winnowed sample of them as the cell's
fingerprints. Renamed variables, reformatting, comments and functions in another order
leave a copy's fingerprints as they were.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import copydetect.utils
import numpy as np
from copydetect import CodeFingerprint, compare_files
from copydetect.utils import highlight_overlap

from autograder import csvfile, kit
from autograder.assignments import Assignment
from autograder.grade import find_students
from autograder.pipeline.handin import extract, read_handin, solution_sources
from autograder.template import Template

NOISE = 25  # k: a shared run shorter than this many filtered characters is not a match
GUARANTEE = 30  # a shared run at least this long is always found: the winnowing window is 30 - 25 + 1
CELL_MATCHED = 0.5  # ``cells`` names a cell when this share of either side's fingerprints in it is shared
REFERENCE = "solutions/"
COLUMNS = ["student_a", "student_b", "similarity_a", "similarity_b", "cells"]
MOST_SHOWN = 100  # pairs with a side-by-side view in the page, at most
TEMPLATES = Path(__file__).resolve().parent / "templates"


def kgram_hashes(text: str, k: int) -> np.ndarray:
    """The hash of every k-gram of ``text``, the same in every process.

    copydetect hashes k-grams with Python's ``hash()``, salted per process (PYTHONHASHSEED):
    winnowing would keep other fingerprints on every run and the numbers would move. So
    this fixed polynomial hash over code points, mixed by SplitMix64's finaliser, replaces it.
    """
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = len(codes) - k + 1
    if count <= 0:
        return np.array([], dtype=np.int64)
    h = np.zeros(count, dtype=np.uint64)
    for j in range(k):
        h = h * np.uint64(0x100000001B3) + codes[j:j + count]
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    return h.view(np.int64)


copydetect.utils.hashed_kgrams = kgram_hashes  # what get_document_fingerprints calls


def fingerprint(source: str, boilerplate: np.ndarray | None = None, window: int = GUARANTEE - NOISE + 1):
    return CodeFingerprint("cell.py", NOISE, window, boilerplate, language="python", fp=io.StringIO(source))


@dataclass
class Handin:
    name: str  # a student id, REFERENCE, or "<earlier term>/<student id>"
    cells: dict[str, CodeFingerprint]  # grade id -> that solution cell's fingerprints
    size: float = field(init=False)  # tokens that can match, boilerplate left out

    def __post_init__(self):
        self.size = float(sum(f.token_coverage for f in self.cells.values()))


@dataclass
class Pair:
    a: Handin
    b: Handin
    similarity_a: float  # the share of a's fingerprinted code found in b
    similarity_b: float
    cells: list[str]  # grade ids of the cells that match

    @property
    def score(self) -> float:
        return max(self.similarity_a, self.similarity_b)


class Cells:
    """An assignment's solution cells, with the release's code in each as boilerplate."""

    def __init__(self, templates: list[Template]):
        self.templates = templates
        self.ids = [gid for t in templates for gid in t.solution_ids]
        self.released, self.boilerplate = {}, {}
        for t in templates:
            for cell in t.nb.cells:
                gid = cell.metadata.get("nbgrader", {}).get("grade_id")
                if gid in t.solution_ids:  # every k-gram of the released cell (a window of 1 keeps them all)
                    self.released[gid] = fingerprint(cell.source, window=1)
                    self.boilerplate[gid] = np.array(sorted(self.released[gid].hashes), dtype=np.int64)

    def handin(self, name: str, sources: dict[str, str]) -> Handin:
        return Handin(name, {gid: fingerprint(sources[gid], self.boilerplate[gid])
                             for gid in self.ids if gid in sources})

    def read(self, folder: Path, assignment_id: str, prefix: str = "", notes: list[str] | None = None) -> list[Handin]:
        """Every student of a submissions folder; a note in ``notes`` for each notebook that could not be read."""
        handins, only_one = [], len(self.templates) == 1
        for student in find_students(folder, assignment_id):
            handin, sources = read_handin(student.folder), {}
            for t in self.templates:
                extracted, problems = solution_sources(handin, t.name, t.solution_ids, only_one)
                sources.update(extracted.sources if extracted else {})
                if notes is not None:
                    notes += [f"{prefix}{student.id}: {detail}" for status, detail in problems if status]
            handins.append(self.handin(prefix + student.id, sources))
        return handins


def reference_sources(assignment: Assignment, templates: list[Template]) -> dict[str, str]:
    """The solution cells of the solved notebooks, as ``python -m autograder solution`` writes them."""
    from autograder.release import source_notebook

    sources = {}
    for t, path in zip(templates, assignment.sources, strict=True):
        sources.update(extract(source_notebook(path), t.solution_ids).sources)
    return sources


def compare(a: Handin, b: Handin) -> Pair:
    """Cell by cell, the share of each side's fingerprinted code that the other has too."""
    shared_a = shared_b = 0.0
    matched = []
    for gid in a.cells.keys() & b.cells.keys():
        fa, fb = a.cells[gid], b.cells[gid]
        if fa.hashes.isdisjoint(fb.hashes):
            continue
        _, (sim_a, sim_b), _ = compare_files(fa, fb)
        shared_a, shared_b = shared_a + sim_a * fa.token_coverage, shared_b + sim_b * fb.token_coverage
        if max(sim_a, sim_b) >= CELL_MATCHED:
            matched.append(gid)
    order = list(a.cells)
    return Pair(a, b, shared_a / a.size if a.size else 0.0, shared_b / b.size if b.size else 0.0,
                sorted(matched, key=order.index))


def all_pairs(students: list[Handin], others: list[Handin]) -> list[Pair]:
    """Every pair within ``students`` and each of them with each of ``others``, highest similarity first."""
    pairs = [compare(a, b) for i, a in enumerate(students) for b in students[i + 1:]]
    pairs += [compare(a, b) for a in students for b in others]
    return sorted(pairs, key=lambda p: (-p.score, -min(p.similarity_a, p.similarity_b), p.a.name, p.b.name))


def _term_name(path: Path) -> str:
    return path.stem if path.is_file() else path.resolve().name


def similarity(assignment: Assignment, submissions: Path, out: Path, against: Sequence[Path] = (),
               show: float = 0.5) -> str:
    """Write ``out/similarity.csv`` and ``out/similarity.html``; return a one-line summary."""
    if not 0 <= show <= 1:
        raise ValueError(f"--show is a share between 0 and 1, not {show}")
    terms = [_term_name(p) for p in against]
    if len(set(terms)) < len(terms):
        raise ValueError(f"two --against folders have the same name ({', '.join(terms)}): rename one")
    cells = Cells(kit.load(assignment).templates)
    notes: list[str] = []

    def read(path: Path, unpack_to: Path, prefix: str = "") -> list[Handin]:
        handins = cells.read(_unpacked(path, unpack_to, notes), assignment.id, prefix, notes)
        if not handins:
            raise ValueError(f"no students in {path}: expected <student_id>/{assignment.id}.ipynb folders")
        return handins

    with tempfile.TemporaryDirectory() as tmp:  # where LMS zips are unpacked
        students = read(submissions, Path(tmp) / "class")
        others = [cells.handin(REFERENCE, reference_sources(assignment, cells.templates))]
        for i, (term, path) in enumerate(zip(terms, against)):
            others += read(path, Path(tmp) / f"term-{i}", f"{term}/")
    pairs = all_pairs(students, others)
    try:
        out.mkdir(parents=True, exist_ok=True)
        csvfile.write(out / "similarity.csv", COLUMNS, (
            [p.a.name, p.b.name, f"{p.similarity_a:.3f}", f"{p.similarity_b:.3f}", " ".join(p.cells)] for p in pairs
        ), numbers=("similarity_a", "similarity_b"))
        write_page(out / "similarity.html", cells, assignment.id, pairs, len(students), len(others) - 1, show)
    except OSError as exc:
        raise ValueError(f"cannot write to {out}: {exc.strerror}") from None
    earlier = len(others) - 1
    flagged = sum(1 for p in pairs if p.score >= show)
    return (f"compared {len(students)} students in {len(pairs)} pairs (the reference and {earlier} earlier "
            f"hand-in{'s' if earlier != 1 else ''} included): {flagged} at or above {show:.0%}, in "
            f"{out / 'similarity.html'}" + (f"; not read: {'; '.join(notes[:10])}{' …' if len(notes) > 10 else ''}"
                                             if notes else ""))


def _unpacked(path: Path, tmp: Path, notes: list[str]) -> Path:
    """A folder of submissions, an LMS zip unpacked into ``tmp``."""
    if not path.is_file():
        return path
    from autograder.lms import unpack

    unpacked = unpack(path, tmp)
    if unpacked.skipped:
        notes.append(unpacked.summary())
    return unpacked.folder


def _marked(code: str, shared: np.ndarray, released: CodeFingerprint) -> str:
    """``code`` escaped, its ``shared`` slices marked except where it is the released code."""
    from markupsafe import Markup

    mask = np.zeros(len(code) + 1, dtype=np.int8)
    for start, end in np.asarray(shared, dtype=np.int64).reshape(2, -1).T:
        mask[start:end] = 1
    _, _, (given, _) = compare_files(fingerprint(code, window=1), released)
    for start, end in np.asarray(given, dtype=np.int64).reshape(2, -1).T:
        mask[start:end] = 0
    edges = np.diff(mask, prepend=0)
    slices = np.array([np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)])
    return Markup(highlight_overlap(code, slices, "<mark>", "</mark>", escape_html=True)[0])


def _side_by_side(cells: Cells, pair: Pair, gid: str) -> dict:
    """One cell of a pair: both sides' code, escaped, with what they share marked."""
    fa, fb = pair.a.cells[gid], pair.b.cells[gid]
    _, (sim_a, sim_b), (slices_a, slices_b) = compare_files(fa, fb)
    return {"gid": gid, "similarity_a": sim_a, "similarity_b": sim_b,
            "a": _marked(fa.raw_code, slices_a, cells.released[gid]),
            "b": _marked(fb.raw_code, slices_b, cells.released[gid])}


def write_page(path: Path, cells: Cells, assignment_id: str, pairs: list[Pair], students: int, earlier: int,
               show: float) -> None:
    """The pairs at or above ``show``, each cell side by side; a page without scripts or requests, all text escaped."""
    from jinja2 import Environment, FileSystemLoader

    shown = [p for p in pairs if p.score >= show]
    views = [(p, [_side_by_side(cells, p, gid) for gid in p.a.cells if gid in p.b.cells
                  and not p.a.cells[gid].hashes.isdisjoint(p.b.cells[gid].hashes)]) for p in shown[:MOST_SHOWN]]
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    page = env.get_template("similarity.html.j2").render(
        assignment=assignment_id, views=views, reached=len(shown), total=len(pairs), students=students,
        earlier=earlier, show=show, most=MOST_SHOWN)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(path)
