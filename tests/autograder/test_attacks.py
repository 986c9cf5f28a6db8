"""The attack catalogue (tests/autograder/attacks/), graded in one batch by the real command, twice:
as root (the bubblewrap sandbox) and as an ordinary user made by the suite (the rootless sandbox,
``unprivileged.py``).

Every hostile hand-in must end exactly as its header says, the grader must finish with
every student graded, and nothing may outlive the batch: no process of the sandbox uids
(rootless: of the user), no mount, no file outside the output folder.
"""

import copy
import csv
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.sandbox import SANDBOX_UID_BASE, SANDBOX_UIDS
from tests.autograder import unprivileged
from tests.autograder.attacks.tamper import TAMPERS
from tests.conftest import run_cli

pytestmark = [pytest.mark.backprop, pytest.mark.slow]
ATTACKS = Path(__file__).parent / "attacks"
MAX_SCORE = 21.0


@dataclass
class Attack:
    name: str
    family: str
    score: str | None  # "full" or "0"
    lost: frozenset[str]
    statuses: set[str]


def _header(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text().splitlines():
        if not line.startswith("# ") or ":" not in line:
            break
        key, _, value = line[2:].partition(":")
        fields[key.strip()] = value.strip()
    return fields


def code_attacks() -> list[Path]:
    return sorted(p for p in ATTACKS.glob("p*.py"))


def _apply(path: Path, solution: nbformat.NotebookNode, release: nbformat.NotebookNode) -> nbformat.NotebookNode:
    h = _header(path)
    nb = copy.deepcopy(solution if h["base"] == "solution" else release)
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == h["cell"]]
    code = path.read_text()
    if h.get("wrong-affine") == "yes":
        code += "\n\n" + (ATTACKS / "_wrong_affine.py").read_text()
    mode = h.get("mode", "replace")
    cell.source = {"replace": code, "prepend": code + "\n" + cell.source, "append": cell.source + "\n" + code}[mode]
    return nb


def catalogue() -> list[Attack]:
    attacks = []
    for path in code_attacks():
        h = _header(path)
        lost = frozenset(s.strip() for s in h.get("expect-lost", "").split(",") if s.strip())
        attacks.append(Attack(path.stem, h["family"], h.get("expect-score"), lost,
                              {s.strip() for s in h["expect-status"].split("|")}))
    for t in TAMPERS:
        attacks.append(Attack(t.name, "7 notebook tampering", t.score, t.lost, {t.status}))
    return attacks


def _sandbox_processes(out: Path, mode: str) -> list[str]:
    """Processes of the uids this batch's sandboxes ran as (another run on the machine has others);
    rootless, of the user who graded: its grading over, it runs nothing."""
    uids = {int(u) for u in (out / ".grading.lock").read_text().split("uids", 1)[1].split()}
    if mode == "root":
        assert uids and all(SANDBOX_UID_BASE <= u < SANDBOX_UID_BASE + SANDBOX_UIDS for u in uids)
    else:
        assert uids == {unprivileged.ensure_user().pw_uid}
    ps = subprocess.run(["ps", "-eo", "uid=,stat=,args="], capture_output=True, text=True).stdout
    # A zombie has ended: it only waits for the machine's init to read its exit status.
    return [line for line in ps.splitlines() if int(line.split()[0]) in uids and not line.split()[1].startswith("Z")]


@pytest.fixture(scope="module", params=["root", "rootless"])
def graded(request, tmp_path_factory, backprop_versions):
    mode = request.param
    root = tmp_path_factory.mktemp("attacks") if mode == "root" else None
    if mode == "rootless":
        python, repo = request.getfixturevalue("tester")
        root = unprivileged.folder("attacks")
    solution = nbformat.read(backprop_versions["solution"] / "backprop.ipynb", as_version=4)
    release = nbformat.read(backprop_versions["release"] / "backprop.ipynb", as_version=4)
    subs = root / "submissions"
    for path in code_attacks():
        (subs / path.stem).mkdir(parents=True)
        nbformat.write(_apply(path, solution, release), subs / path.stem / "backprop.ipynb")
    reference = json.loads(nbformat.writes(solution))
    for tamper in TAMPERS:
        (subs / tamper.name).mkdir(parents=True)
        (subs / tamper.name / "backprop.ipynb").write_bytes(tamper.make(reference))
    (subs / "reference").mkdir()
    nbformat.write(solution, subs / "reference" / "backprop.ipynb")
    out = root / "out"
    # One at a time: a fork bomb must not slow a neighbour into a time limit. The default limits: a cell
    # that imports torch (global state) takes seconds of them on a busy machine.
    args = ["grade", "backprop", str(subs), "--out", str(out), "--jobs", "1"]
    if mode == "root":
        result = run_cli(*args, check=False)
    else:
        unprivileged.give(root)
        result = unprivileged.run([str(python), "-m", "autograder", *args], repo, check=False)
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        cells = {sid: {g.name: g.auto_score for g in gb.find_submission_notebook("backprop", "backprop", sid).grades
                     if g.cell.cell_type == "code"}  # the hidden tests; written answers are marked by hand
                 for sid in rows}
    return {"result": result, "rows": rows, "cells": cells, "out": out, "root": root, "mode": mode}


def test_the_grader_survives_and_grades_everyone(graded):
    assert graded["result"].returncode == 0, graded["result"].stderr
    assert len(graded["rows"]) == len(catalogue()) + 1
    assert float(graded["rows"]["reference"]["score"]) == MAX_SCORE


def test_nothing_outlives_the_batch(graded):
    assert _sandbox_processes(graded["out"], graded["mode"]) == []
    mounts = Path("/proc/self/mounts").read_text()
    assert str(graded["root"]) not in mounts
    assert not (graded["out"] / ".work").exists()


def test_no_attack_reports_a_leak(graded):
    for page in (graded["out"] / "feedback").rglob("*.html"):
        assert "RuntimeError: LEAK" not in page.read_text(), page


@pytest.mark.parametrize("attack", catalogue(), ids=lambda a: a.name)
def test_attack_ends_as_expected(graded, attack):
    row = graded["rows"][attack.name]
    assert row["status"] in attack.statuses, row["detail"]
    score = float(row["score"])
    if attack.score == "full":
        assert score == MAX_SCORE, row["detail"]
    elif attack.score == "0":
        assert score == 0
    else:
        full = graded["cells"]["reference"]
        mine = graded["cells"][attack.name]
        assert {gid for gid in full if mine[gid] < full[gid]} == attack.lost, row["detail"]


def test_catalogue_covers_every_family():
    families = {a.family.split()[0] for a in catalogue()}
    assert families == {str(i) for i in range(1, 9)}
    assert len(catalogue()) >= 40
