"""Submissions as a Moodle or Canvas zip: unpacked safely, one folder per student, then graded."""

import csv
import stat
import zipfile

import pytest

from autograder import lms
from tests.conftest import run_cli

NOTEBOOK = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


def make_zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def layout(folder) -> dict[str, list[str]]:
    return {p.name: sorted(q.name for q in p.iterdir()) for p in sorted(folder.iterdir()) if p.is_dir()}


def test_moodle_canvas_and_plain_folders(tmp_path):
    archive = make_zip(tmp_path / "export.zip", {
        "Ada Lovelace_12345_assignsubmission_file_/backprop.ipynb": NOTEBOOK,
        "course-export/Alan Turing_678_assignsubmission_file_/backprop.ipynb": NOTEBOOK,
        "hopper_4242_99_backprop.ipynb": NOTEBOOK,
        "knuth_late_7_100_backprop-1.ipynb": NOTEBOOK,
        "s123/backprop.ipynb": NOTEBOOK,
        "export/s456/backprop.ipynb": NOTEBOOK,
    })
    result = lms.unpack(archive, tmp_path / "out")
    assert layout(tmp_path / "out") == {
        "12345": ["backprop.ipynb"], "4242": ["backprop.ipynb"], "678": ["backprop.ipynb"],
        "7": ["backprop-1.ipynb"], "s123": ["backprop.ipynb"], "s456": ["backprop.ipynb"],
    }
    assert (result.students, result.notebooks, result.skipped) == (6, 6, [])
    assert lms.read_origins(tmp_path / "out") == result.origins == {  # what export sends back
        "12345": lms.Origin("moodle", "12345", "Ada Lovelace"), "678": lms.Origin("moodle", "678", "Alan Turing"),
        "4242": lms.Origin("canvas", "4242", "hopper"), "7": lms.Origin("canvas", "7", "knuth"),
        "s123": lms.Origin("folder", "s123", "s123"), "s456": lms.Origin("folder", "s456", "s456"),
    }


def test_unsafe_foreign_and_oversized_members_are_skipped_and_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(lms, "MAX_NOTEBOOK_BYTES", 100)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../escape/backprop.ipynb", NOTEBOOK)
        zf.writestr("/abs/backprop.ipynb", NOTEBOOK)
        link = zipfile.ZipInfo("s1/link.ipynb")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
        zf.writestr("s1/report.pdf", b"%PDF")
        zf.writestr("__MACOSX/s1/._backprop.ipynb", NOTEBOOK)
        zf.writestr("s1/big.ipynb", b"x" * 101)
        zf.writestr("a/b/c/d.ipynb", NOTEBOOK)
        zf.writestr("s1/backprop.ipynb", NOTEBOOK)
    result = lms.unpack(archive, tmp_path / "out")
    assert layout(tmp_path / "out") == {"s1": ["backprop.ipynb"]}
    reasons = " | ".join(result.skipped)
    for expected in ("../escape/backprop.ipynb: unsafe", "s1/link.ipynb: unsafe", "s1/report.pdf: not a notebook",
                     "s1/big.ipynb: larger than", "a/b/c/d.ipynb: no student id"):
        assert expected in reasons
    assert len(result.skipped) == 7
    assert not (tmp_path / "escape").exists()


def test_two_files_of_one_name_are_both_kept(tmp_path):
    archive = make_zip(tmp_path / "export.zip", {"x/s1/backprop.ipynb": NOTEBOOK, "y/s1/backprop.ipynb": NOTEBOOK})
    lms.unpack(archive, tmp_path / "out")
    assert layout(tmp_path / "out") == {"s1": ["backprop (2).ipynb", "backprop.ipynb"]}


def test_an_existing_folder_it_did_not_make_is_never_replaced(tmp_path):
    archive = make_zip(tmp_path / "export.zip", {"s1/backprop.ipynb": NOTEBOOK})
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("keep")
    with pytest.raises(ValueError, match="was not unpacked by grade"):
        lms.unpack(archive, tmp_path / "out")
    assert (tmp_path / "out" / "mine.txt").read_text() == "keep"
    lms.unpack(archive, tmp_path / "fresh")
    lms.unpack(archive, tmp_path / "fresh")  # its own folder: replaced
    assert layout(tmp_path / "fresh") == {"s1": ["backprop.ipynb"]}


def test_not_a_zip_is_a_clear_error(tmp_path):
    (tmp_path / "grades.txt").write_text("not a zip")
    result = run_cli("grade", "backprop", str(tmp_path / "grades.txt"), "--out", str(tmp_path / "out"), check=False)
    assert result.returncode == 2 and "neither a folder of submissions nor a zip file" in result.stderr


@pytest.mark.slow
def test_grade_takes_a_moodle_zip(tmp_path, backprop_versions):
    solved = (backprop_versions["solution"] / "backprop.ipynb").read_bytes()
    untouched = (backprop_versions["release"] / "backprop.ipynb").read_bytes()
    archive = make_zip(tmp_path / "moodle.zip", {
        "Ada Lovelace_12345_assignsubmission_file_/backprop.ipynb": solved,
        "Alan Turing_678_assignsubmission_file_/backprop.ipynb": untouched,
        "Alan Turing_678_assignsubmission_file_/notes.pdf": b"%PDF",
    })
    result = run_cli("grade", "backprop", str(archive), "--out", str(tmp_path / "graded"))
    assert "unpacked 2 notebooks of 2 students" in result.stdout and "notes.pdf: not a notebook" in result.stdout
    with open(tmp_path / "graded" / "grades.csv", newline="") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    assert float(rows["12345"]["score"]) == float(rows["12345"]["max_score"]) > 0
    assert float(rows["678"]["score"]) == 0
    assert (tmp_path / "graded" / "feedback" / "12345" / "backprop.html").is_file()
