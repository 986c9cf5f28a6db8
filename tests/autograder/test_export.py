"""Grades back into the LMS: a Moodle and a Canvas zip graded, a TA's scores added, exported, read back.

Each zip is graded once by the real command; each test changes its own copy of the gradebook
with nbgrader's API, as formgrader would, and exports it with ``--db``.
"""

import csv
import datetime as dt
import shutil
import zipfile

import pytest
from nbgrader.api import Gradebook
from sqlalchemy import update

from autograder.pipeline.record import results_table
from tests.conftest import run_cli

ZIPS = {  # member name -> which version of the notebook the student hands in
    "moodle": {
        "Ada Lovelace_12345_assignsubmission_file_/backprop.ipynb": "solution",
        "Alan Turing_678_assignsubmission_file_/backprop.ipynb": "release",
        "Grace Hopper_91011_assignsubmission_file_/backprop.ipynb": "solution",
        "Donald Knuth_4242_assignsubmission_file_/backprop.ipynb": "solution",
        "=cmd Mallory_5150_assignsubmission_file_/backprop.ipynb": "release",
    },
    "canvas": {
        "lovelaceada_12345_67890_backprop.ipynb": "solution",
        "turingalan_LATE_678_67891_backprop.ipynb": "release",
        "hoppergrace_91011_67892_backprop.ipynb": "solution",
        "knuthdonald_4242_67893_backprop.ipynb": "solution",
    },
}
ADA, TURING, HOPPER, KNUTH = "12345", "678", "91011", "4242"
OVERRIDE = ("test_mlp", 3.5)  # Ada's TA score on one grade cell
UNMARKED = "test_sgd"  # Hopper's cell left for a TA to grade


@pytest.fixture(scope="module")
def graded(tmp_path_factory, backprop_versions) -> dict:
    """The --out folder of one grade run per LMS zip."""
    root = tmp_path_factory.mktemp("export")
    out = {}
    for lms, members in ZIPS.items():
        archive = root / f"{lms}.zip"
        with zipfile.ZipFile(archive, "w") as zf:
            for member, version in members.items():
                zf.write(backprop_versions[version] / "backprop.ipynb", member)
        out[lms] = root / lms
        run_cli("grade", "backprop", str(archive), "--out", str(out[lms]), "--quiet")
    return out


def scored_by_ta(graded_dir, tmp_path) -> tuple[str, dict]:
    """A copy of the gradebook with a TA's override, a cell to grade by hand and a grader error; its URL and facts."""
    db = tmp_path / "gradebook.db"
    shutil.copy(graded_dir / "gradebook.db", db)
    url = f"sqlite:///{db}"
    with Gradebook(url) as gb:
        max_score = gb.find_assignment("backprop").max_score
        for submission in gb.find_assignment("backprop").submissions:  # a TA marks every written answer
            for nb in submission.notebooks:
                for grade in nb.grades:
                    if grade.auto_score is None:
                        grade.manual_score, grade.needs_manual_grade = grade.max_score, False
        gb.db.commit()
        assert gb.find_submission("backprop", ADA).score == max_score  # the solution: full marks
        cell, manual = OVERRIDE
        grade = gb.find_grade(cell, "backprop", "backprop", ADA)
        ada = max_score - grade.auto_score + manual
        grade.manual_score, grade.needs_manual_grade = manual, False  # formgrader's save
        grade = gb.find_grade(UNMARKED, "backprop", "backprop", HOPPER)
        hopper = max_score - grade.auto_score
        grade.auto_score, grade.needs_manual_grade = None, True  # nbgrader's mark of an answer to grade by hand
        for nb in gb.find_submission("backprop", KNUTH).notebooks:  # a lost worker: no scores, status grader error
            for grade in nb.grades:
                grade.auto_score = None
        gb.db.execute(update(results_table).where(results_table.c.student_id == KNUTH)
                      .values(status="grader error", detail="worker lost"))
        gb.db.commit()
    return url, {"max": max_score, "ada": ada, "hopper": hopper}


def export(graded_dir, tmp_path, fmt: str, url: str, *extra: str):
    to = tmp_path / f"{fmt}.csv"
    result = run_cli("export", "backprop", "--out", str(graded_dir), "--format", fmt, "--db", url, "--to", str(to),
                     *extra)
    with open(to, newline="", encoding="utf-8") as f:
        return list(csv.reader(f)), result.stderr.splitlines()


def points(value: float) -> str:
    return f"{round(value, 2):g}"


@pytest.mark.slow
def test_moodle_worksheet_round_trip(graded, tmp_path):
    url, facts = scored_by_ta(graded["moodle"], tmp_path)
    rows, notes = export(graded["moodle"], tmp_path, "moodle", url)
    assert rows[0] == ["Identifier", "Full name", "Grade", "Maximum Grade", "Last modified (grade)"]
    by_id = {r[0]: r[1:4] for r in rows[1:]}
    full = points(facts["max"])
    assert by_id == {
        f"Participant {ADA}": ["Ada Lovelace", points(facts["ada"]), full],
        f"Participant {TURING}": ["Alan Turing", "0", full],
        "Participant 5150": ["'=cmd Mallory", "0", full],  # spreadsheet-safe
    }
    assert all(dt.datetime.fromisoformat(r[4]).tzinfo for r in rows[1:])
    assert len(notes) == 2
    assert notes[0].startswith(f"{KNUTH} (Donald Knuth): left out, grader error (worker lost)")
    assert notes[1].startswith(f"{HOPPER} (Grace Hopper): left out, 1 grade cell ({UNMARKED}) to grade by hand")

    rows, notes = export(graded["moodle"], tmp_path, "moodle", url, "--allow-incomplete")
    assert {r[0]: r[2] for r in rows[1:]}[f"Participant {HOPPER}"] == points(facts["hopper"])
    assert f"Participant {KNUTH}" not in {r[0] for r in rows}
    assert notes[1].startswith(f"{HOPPER} (Grace Hopper): written with {points(facts['hopper'])} of")


@pytest.mark.slow
def test_canvas_gradebook_import_round_trip(graded, tmp_path):
    url, facts = scored_by_ta(graded["canvas"], tmp_path)
    rows, notes = export(graded["canvas"], tmp_path, "canvas", url, "--title", "Backprop (4567)")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Backprop (4567)"]
    assert rows[1] == ["    Points Possible", "", "", "", "", points(facts["max"])]
    assert rows[2:] == [["lovelaceada", ADA, "", "", "", points(facts["ada"])],
                        ["turingalan", TURING, "", "", "", "0"]]
    assert [n.split(":")[0] for n in notes] == [f"{KNUTH} (knuthdonald)", f"{HOPPER} (hoppergrace)"]

    rows, notes = export(graded["canvas"], tmp_path, "canvas", url, "--allow-incomplete")
    assert rows[0][-1] == "backprop"
    assert ["hoppergrace", HOPPER, "", "", "", points(facts["hopper"])] in rows
    assert KNUTH not in {r[1] for r in rows}


@pytest.mark.slow
def test_plain_csv_lists_students_not_graded(graded, tmp_path):
    url, facts = scored_by_ta(graded["canvas"], tmp_path)
    with Gradebook(url) as gb:
        gb.remove_submission("backprop", TURING)  # unpacked from the zip, never graded
    rows, notes = export(graded["canvas"], tmp_path, "csv", url, "--allow-incomplete")
    assert rows[0] == ["student_id", "score", "max_score", "status", "ungraded_cells", "lms", "lms_id", "name"]
    full = points(facts["max"])
    assert rows[1:] == [[ADA, points(facts["ada"]), full, "ok", "", "canvas", ADA, "lovelaceada"],
                        [HOPPER, points(facts["hopper"]), full, "ok", UNMARKED, "canvas", HOPPER, "hoppergrace"]]
    assert f"{TURING} (turingalan): left out, not graded" in notes


@pytest.mark.slow
@pytest.mark.parametrize("assignment, fmt, folder, message", [
    ("nope", "csv", "graded", "error: unknown assignment 'nope'"),
    ("backprop", "xls", "graded", "error: unknown format 'xls'; known: canvas, moodle, csv"),
    ("conv", "csv", "graded", "has no assignment conv"),
    ("backprop", "csv", "empty", "error: no gradebook in"),
])
def test_bad_input_is_one_clear_line(graded, tmp_path, assignment, fmt, folder, message):
    out = graded["canvas"] if folder == "graded" else tmp_path
    result = run_cli("export", assignment, "--out", str(out), "--format", fmt, check=False)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert not list(out.glob("*-*.csv"))  # no export written (grades.csv is the grade run's)
