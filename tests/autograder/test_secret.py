"""Hidden inputs no clone can predict: a course secret, and inputs of each student's own.

The cheat of an open repository: solution cells that return zeros, except on the inputs
the public hidden cases use, whose answers the student computed from a clone (the cases
and the oracles) and pasted in as a table. Without a secret it earns every point of those
cells; with one, none. Under ten secrets the reference still earns full marks and every
bug of the catalogue still loses points.
"""

import base64
import csv
import hashlib
import json
import pickle
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder import assignments, kit
from autograder.oracles import backprop as oracle
from autograder.pipeline.handin import extract
from autograder.release import write_solution
from autograder.sandbox import claim_uids, make_sandbox
from autograder.student import score_sources
from autograder.validate import bugs_of, with_bug, with_cells
from tests.conftest import run_cli

pytestmark = pytest.mark.slow
SECRETS = [f"course secret number {i}".encode() for i in range(10)]
CHEATED = {"test_affine": 3, "test_relu": 1, "test_sigmoid": 2, "test_tanh": 1}  # the cells' points


def _key(*arrays) -> str:
    return hashlib.sha256(b"".join(np.ascontiguousarray(a).tobytes() for a in arrays)).hexdigest()


def _answers() -> dict[str, dict[str, np.ndarray]]:
    """What a clone computes: the public hidden inputs' answers, keyed by the inputs."""
    table = {}
    for case in assignments.get("backprop").hidden.cases():
        x = case.inputs["x"] if "x" in case.inputs else None
        if case.probe == "affine":
            found = oracle.affine(**case.inputs)
            table[_key(x, case.inputs["w"], case.inputs["b"])] = {k: v.astype(x.dtype) for k, v in found.items()}
        elif case.probe == "layer":
            function = case.params["forward"].removesuffix("_forward")
            found = oracle.activation(function, x, case.inputs["dout"])
            table[function + _key(x)] = {k: v.astype(x.dtype) for k, v in found.items()}
    return table


LOOKUP = '''import base64, hashlib, pickle
_ANSWERS = pickle.loads(base64.b64decode("{table}"))

def _key(*arrays):
    return hashlib.sha256(b"".join(np.ascontiguousarray(a).tobytes() for a in arrays)).hexdigest()
'''


def _cheat_cells(table: dict) -> dict[str, str]:
    lookup = LOOKUP.format(table=base64.b64encode(pickle.dumps(table)).decode())
    cells = {"affine": lookup + '''
def affine_forward(x, w, b):
    hit = _ANSWERS.get(_key(x, w, b))
    return (hit["out"] if hit else np.zeros((x.shape[0], w.shape[1]), x.dtype)), (hit, x, w, b)

def affine_backward(dout, cache):
    hit, x, w, b = cache
    return (hit["dx"], hit["dw"], hit["db"]) if hit else (np.zeros_like(x), np.zeros_like(w), np.zeros_like(b))
'''}
    for function in ("relu", "sigmoid", "tanh"):
        cells[function] = lookup + f'''
def {function}_forward(x):
    hit = _ANSWERS.get("{function}" + _key(x))
    return (hit["out"] if hit else np.zeros_like(x)), (hit, x)

def {function}_backward(dout, cache):
    hit, x = cache
    return hit["dx"] if hit else np.zeros_like(x)
'''
    return cells


def _scores(out: Path, student: str) -> dict[str, float]:
    return json.loads((out / "cells" / student / "backprop.json").read_text())["scores"]


def _grades(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        return {row["student_id"]: row for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def cheat_class(tmp_path_factory, backprop_versions) -> Path:
    root = tmp_path_factory.mktemp("secret")
    solved = nbformat.read(backprop_versions["solution"] / "backprop.ipynb", as_version=4)
    for student, nb in (("reference", solved), ("cheat", with_cells(solved, _cheat_cells(_answers())))):
        (root / "class" / student).mkdir(parents=True)
        nbformat.write(nb, root / "class" / student / "backprop.ipynb")
    (root / "secret.txt").write_text("a course's own secret, kept out of the repository\n")
    return root


@pytest.mark.backprop
def test_the_lookup_cheat_wins_without_a_secret_and_loses_with_one(cheat_class):
    public = run_cli("grade", "backprop", str(cheat_class / "class"), "--out", str(cheat_class / "public"))
    assert public.stderr.count("the hidden inputs are the public ones") == 1
    scores = _scores(cheat_class / "public", "cheat")
    assert {gid: scores[gid] for gid in CHEATED} == CHEATED  # the open repository's weakness, shown

    secret = run_cli("grade", "backprop", str(cheat_class / "class"), "--out", str(cheat_class / "secret"),
                     "--secret-file", str(cheat_class / "secret.txt"))
    assert "public ones" not in secret.stderr
    scores = _scores(cheat_class / "secret", "cheat")
    assert {gid: scores[gid] for gid in CHEATED} == dict.fromkeys(CHEATED, 0.0)
    rows = _grades(cheat_class / "secret")
    assert rows["reference"]["score"] == rows["reference"]["max_score"]


@pytest.mark.backprop
def test_per_student_inputs_still_give_the_reference_full_marks(cheat_class):
    run_cli("grade", "backprop", str(cheat_class / "class"), "--out", str(cheat_class / "own"),
            "--secret-file", str(cheat_class / "secret.txt"), "--per-student")
    rows = _grades(cheat_class / "own")
    assert rows["reference"]["score"] == rows["reference"]["max_score"]
    assert all(_scores(cheat_class / "own", "cheat")[gid] == 0.0 for gid in CHEATED)


def test_inputs_differ_by_secret_student_and_hand_in_and_keep_their_structure():
    backprop = assignments.get("backprop")
    seeds = {kit.seed_of("backprop", SECRETS[0]), kit.seed_of("backprop", SECRETS[1]),
             kit.seed_of("backprop", SECRETS[0], "ann", "sha-1"), kit.seed_of("backprop", SECRETS[0], "bob", "sha-1"),
             kit.seed_of("backprop", SECRETS[0], "ann", "sha-2")}
    assert len(seeds) == 5 and None not in seeds
    assert kit.seed_of("backprop", None, "ann", "sha-1") is None  # no secret: the public inputs
    assert kit.seed_of("backprop", SECRETS[0], "ann", "sha-1") == kit.seed_of("backprop", SECRETS[0], "ann", "sha-1")
    public = {c.name: c for c in backprop.hidden.cases()}
    for seed in seeds:
        drawn = {c.name: c for c in backprop.hidden.cases(seed)}
        assert drawn.keys() == public.keys()
        for name, case in drawn.items():
            assert case.inputs.keys() == public[name].inputs.keys()
            for k, v in case.inputs.items():
                assert v.shape == public[name].inputs[k].shape and v.dtype == public[name].inputs[k].dtype
        assert not np.array_equal(drawn["affine-0"].inputs["x"], public["affine-0"].inputs["x"])
        extremes = np.sort(np.abs(drawn["relu-1"].inputs["x"]).ravel())  # the extreme values, both signs
        assert extremes[0] < 1e-299 and extremes[-1] > 1000 and (drawn["relu-1"].inputs["x"] < 0).sum() == 4
        assert (drawn["relu-2"].inputs["x"] == 0).any()  # exact zeros, whatever the draw
        assert drawn["softmax-ce-1"].inputs["pred"].shape[0] == 1  # the batch of one


@pytest.mark.parametrize("args, said", [
    (["--secret-file", "/nonexistent/secret"], "cannot read the secret file /nonexistent/secret"),
    (["--per-student"], "--per-student draws each student's inputs from the course secret"),
])
def test_a_bad_secret_is_a_clear_error_that_grades_nobody(tmp_path, backprop_versions, args, said):
    (tmp_path / "class" / "ann").mkdir(parents=True)
    (tmp_path / "class" / "ann" / "backprop.ipynb").write_bytes(
        (backprop_versions["solution"] / "backprop.ipynb").read_bytes())
    run = run_cli("grade", "backprop", str(tmp_path / "class"), "--out", str(tmp_path / "out"), *args, check=False)
    assert run.returncode == 2 and said in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out" / "grades.csv").exists()


def test_an_empty_secret_file_is_refused(tmp_path):
    (tmp_path / "secret").write_text("\n")
    run = run_cli("validate", "backprop", "--out", str(tmp_path / "v"), "--secret-file", str(tmp_path / "secret"),
                  check=False)
    assert run.returncode == 2 and "is empty" in run.stderr


@pytest.mark.parametrize("assignment_id", assignments.known())
def test_under_ten_secrets_the_reference_earns_all_and_every_bug_loses(assignment_id, tmp_path):
    assignment = assignments.get(assignment_id)
    the_kit = kit.load(assignment)
    write_solution(assignment, tmp_path / "solution")
    solved = {t.name: nbformat.read(tmp_path / "solution" / f"{t.name}.ipynb", as_version=4)
              for t in the_kit.templates}
    subjects = {"reference": solved}
    for bug in bugs_of(assignment):
        owner = next(t.name for t in the_kit.templates if bug.cell in t.solution_ids)
        subjects[bug.name] = {**solved, owner: with_bug(solved[owner], bug)}
    sources = {who: {t.name: extract(nbs[t.name], t.solution_ids).sources for t in the_kit.templates}
               for who, nbs in subjects.items()}
    drawn = {secret: kit.hidden_cases(assignment, the_kit.templates, kit.seed_of(assignment_id, secret))
             for secret in SECRETS}
    # The training cases are the same objects under every seed: judged once, apart.
    fixed = set.intersection(*({id(c) for cs in d.values() for c in cs} for d in drawn.values()))
    seed_free = {n: [c for c in cs if id(c) in fixed] for n, cs in drawn[SECRETS[0]].items()}
    box = make_sandbox("bubblewrap", assignment.limits, claim_uids(1)[0], assignment.preload)
    caught_by_fixed_cases: dict[str, bool] = {}

    def earned(who: str, cases: dict[str, list]) -> tuple[float, float]:
        got = total = 0.0
        for template in the_kit.templates:
            outcome = score_sources(assignment, template, sources[who][template.name], cases[template.name],
                                    tmp_path / "job", box)
            got += sum(r.earned for r in outcome.cases.values())
            total += sum(r.total for r in outcome.cases.values())
        return got, total

    try:
        for secret in SECRETS:
            cases = {n: [c for c in cs if id(c) not in fixed] for n, cs in drawn[secret].items()}
            got, total = earned("reference", cases)
            assert total > 0 and got == pytest.approx(total), f"the reference under {secret!r}"
            for bug in subjects.keys() - {"reference"}:
                got, total = earned(bug, cases)
                if got < total - 1e-9:
                    continue
                if bug not in caught_by_fixed_cases:
                    got_fixed, total_fixed = earned(bug, seed_free)
                    caught_by_fixed_cases[bug] = got_fixed < total_fixed - 1e-9
                assert caught_by_fixed_cases[bug], f"bug {bug} earns full marks under {secret!r}"
    finally:
        box.shutdown()
