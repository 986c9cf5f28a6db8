"""Faults around the grader: killed mid-batch, a full disk, a read-only output folder.

Whatever happens, every student ends with exactly one grade once the run completes, and
the gradebook stays a sound SQLite database. Each test runs twice (``unprivileged.grader``):
graded as root in the bubblewrap sandbox, and as an ordinary user in the rootless one.
"""

import csv
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from tests.autograder.unprivileged import Grader

pytestmark = [pytest.mark.backprop, pytest.mark.slow]


def _class(root: Path, solution: Path, size: int) -> Path:
    subs = root / "submissions"
    for i in range(size):
        (subs / f"s{i:02d}").mkdir(parents=True)
        shutil.copy(solution / "backprop.ipynb", subs / f"s{i:02d}" / "backprop.ipynb")
    return subs


def _graded_count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
            return con.execute("SELECT COUNT(*) FROM autograder_results").fetchone()[0]
    except sqlite3.Error:
        return 0


def _workers_of(coordinator: int) -> list[int]:
    """Live processes started for the grading run ``coordinator`` (its local pool's workers)."""
    mark = f"AUTOGRADER_COORDINATOR={coordinator}".encode()
    found = []
    for pid in (int(p) for p in os.listdir("/proc") if p.isdigit()):
        try:
            if mark in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"):
                if Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z":
                    found.append(pid)
        except OSError:
            continue
    return found


def _check_gradebook(out: Path, students: int) -> None:
    with sqlite3.connect(out / "gradebook.db") as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        submissions = gb.find_assignment("backprop").submissions
        assert len(submissions) == students
        for sub in submissions:
            (nb,) = sub.notebooks
            assert len(nb.grades) == 12 and nb.score == 21  # 9 test cells, 3 written answers (not yet marked)
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == students and {r["score"] for r in rows} == {"21"}


def test_killed_mid_batch_then_resumed(grader: Grader, backprop_versions):
    subs = grader.own(_class(grader.root, backprop_versions["solution"], 30))  # more than one batch, however fast
    out = grader.root / "out"
    proc = grader.popen("grade", "backprop", str(subs), "--out", str(out), "--jobs", "2",
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _graded_count(out / "gradebook.db") < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 60  # the workers end with their coordinator, freeing their sandbox uids
    while _workers_of(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _workers_of(proc.pid)
    done_before = _graded_count(out / "gradebook.db")
    assert 3 <= done_before < 30
    again = grader.cli("grade", "backprop", str(subs), "--out", str(out))
    assert f"graded {30 - done_before} of 30 students ({done_before} unchanged)" in again.stdout
    _check_gradebook(out, 30)
    assert str(out) not in Path("/proc/self/mounts").read_text()


def _mount_tmpfs(grader: Grader, path: Path, options: str) -> None:
    """A small or read-only file system at ``path``, the grader's (mounted by root, as an administrator would)."""
    path.mkdir(parents=True, exist_ok=True)
    if grader.mode == "rootless":
        uid, gid = path.stat().st_uid, path.stat().st_gid
        options += f",uid={uid},gid={gid}"
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "test", str(path)], check=True)


@pytest.fixture
def mounts():
    made: list[Path] = []
    yield made
    for path in reversed(made):
        subprocess.run(["umount", "--lazy", str(path)], check=False)


def test_a_full_disk_is_a_clear_error_and_loses_nothing(grader: Grader, backprop_versions, mounts):
    subs = grader.own(_class(grader.root, backprop_versions["solution"], 6))
    out = grader.root / "small"
    grader.own(out.mkdir() or out)
    _mount_tmpfs(grader, out, "size=1200k")
    mounts.append(out)
    result = grader.cli("grade", "backprop", str(subs), "--out", str(out), check=False)
    assert result.returncode == 2
    assert "No space left on device" in result.stderr or "database or disk is full" in result.stderr
    assert "Traceback" not in result.stderr
    with sqlite3.connect(out / "gradebook.db") as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    graded = _graded_count(out / "gradebook.db")
    assert graded < 6
    roomy = grader.root / "roomy"
    shutil.copytree(out, roomy, ignore=shutil.ignore_patterns(".work", ".grading.lock"))
    again = grader.cli("grade", "backprop", str(subs), "--out", str(grader.own(roomy)))
    assert f"({graded} unchanged)" in again.stdout
    _check_gradebook(roomy, 6)


def test_a_read_only_output_folder_is_a_clear_error(grader: Grader, backprop_versions, mounts):
    subs = grader.own(_class(grader.root, backprop_versions["solution"], 1))
    out = grader.root / "readonly"
    grader.own(out.mkdir() or out)
    _mount_tmpfs(grader, out, "size=1m,ro")
    mounts.append(out)
    result = grader.cli("grade", "backprop", str(subs), "--out", str(out / "graded"), check=False)
    assert result.returncode == 2
    assert f"error: cannot write to {out / 'graded'}: Read-only file system" in result.stderr
