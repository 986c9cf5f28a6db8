"""Students graded one after the other in one sandbox slot (``--jobs 1``) cannot reach each other.

The first leaves what it can behind: files in /tmp, its home and work folder, a key in
its uid's keyring, a changed environment, ``sys.modules`` and numpy, and a ``setsid``
daemon that waits for the next student's run to corrupt its outputs; the second looks
for all of it. The third leaves a folder too deep to remove file by file; the fourth
looks again. The last tries to read or ptrace the fork server, or any process not its
own. Each must keep full marks.
"""

import csv
import subprocess
from contextlib import contextmanager

import nbformat
import pytest

from autograder.sandbox import lock_uid
from tests.autograder.test_attacks import MAX_SCORE
from tests.conftest import run_cli

pytestmark = [pytest.mark.backprop, pytest.mark.slow]

KEYS = "import platform\nADD_KEY, KEYCTL = {'x86_64': (248, 250), 'aarch64': (217, 219)}[platform.machine()]\n"

LEAVE = KEYS + r'''
import ctypes, os, subprocess, sys
import numpy as np

for path in ("/tmp/left-by-s1", os.path.expanduser("~/left-by-s1"), "/job/work/left-by-s1"):
    with open(path, "w") as f:
        f.write("s1")
os.environ["LEFT_BY_S1"] = "1"
sys.modules["left_by_s1"] = sys
np.allclose = lambda *a, **k: True
assert ctypes.CDLL(None).syscall(ADD_KEY, b"user", b"left-by-s1", b"s1", 2, -4) > 0  # the user keyring
DAEMON = """
import os, time
while os.path.exists("/job/work/left-by-s1"):  # until the next student's run
    time.sleep(0.01)
while True:
    for root, _, files in os.walk("/job/out"):
        for name in files:
            try:
                open(os.path.join(root, name), "wb").close()
            except OSError:
                pass
    open("/job/out/left-by-s1", "w").close()
    time.sleep(0.01)
"""
subprocess.Popen([sys.executable, "-c", DAEMON], start_new_session=True, stdin=subprocess.DEVNULL,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
'''

FIND = KEYS + r'''
import ctypes, os, sys
import numpy as np

found = [p for p in ("/tmp/left-by-s1", os.path.expanduser("~/left-by-s1"), "/job/work/left-by-s1",
                     "/job/work/deep", "/job/out/left-by-s1") if os.path.exists(p)]
found += [name for name, there in (("environment", "LEFT_BY_S1" in os.environ),
                                   ("sys.modules", "left_by_s1" in sys.modules), ("numpy", np.allclose(1, 2))) if there]
if ctypes.CDLL(None).syscall(KEYCTL, 10, -4, b"user", b"left-by-s1", 0) >= 0:  # KEYCTL_SEARCH the user keyring
    found.append("keyring")
if found:
    raise RuntimeError(f"LEAK: the last student left {found}")
'''

DEEP = r'''
import os

here = os.getcwd()
for _ in range(1500):  # deeper than a recursive removal goes
    os.mkdir("deep")
    os.chdir("deep")
os.chdir(here)
'''

PROBE = r'''
import ctypes, os

libc = ctypes.CDLL(None, use_errno=True)
found = [f"pid {p}" for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, os.getpid())]  # the server's, say
for path in ("/proc/1/mem", "/proc/1/environ", "/proc/1/maps"):  # pid 1 is a copy of the server
    try:
        open(path, "rb").read(1)
        found.append(path)
    except OSError:
        pass
for path in ("/proc/1/root/", "/proc/1/fd/"):
    try:
        os.listdir(path)
        found.append(path)
    except OSError:
        pass
if libc.ptrace(16, 1, None, None) == 0:  # PTRACE_ATTACH
    found.append("ptrace")
if found:
    raise RuntimeError(f"LEAK: reached {found}")
'''


STUDENTS = {"s1_leaves": LEAVE, "s2_finds": FIND, "s3_leaves_a_deep_folder": DEEP, "s4_finds": FIND,
            "s5_probes_the_server": PROBE}


def _hand_in(solution: nbformat.NotebookNode, folder, code: str) -> None:
    nb = nbformat.from_dict(solution)
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "sgd"]
    cell.source += "\n\n" + code
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / "backprop.ipynb")


@pytest.fixture(scope="module")
def graded(tmp_path_factory, backprop_versions):
    root = tmp_path_factory.mktemp("slots")
    solution = nbformat.read(backprop_versions["solution"] / "backprop.ipynb", as_version=4)
    subs = root / "submissions"
    for name, code in STUDENTS.items():
        _hand_in(solution, subs / name, code)
    out = root / "out"
    result = run_cli("grade", "backprop", str(subs), "--out", str(out), "--jobs", "1", check=False)
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    pages = {sid: (out / "feedback" / sid / "backprop.html").read_text() for sid in rows}
    return {"result": result, "rows": rows, "pages": pages, "out": out}


@pytest.mark.parametrize("student", STUDENTS)
def test_every_student_keeps_full_marks_and_sees_nothing(graded, student):
    assert graded["result"].returncode == 0, graded["result"].stderr
    row = graded["rows"][student]
    assert (row["status"], float(row["score"])) == ("ok", MAX_SCORE), row["detail"]
    assert "When this cell ran" not in graded["pages"][student]  # no leak found, and the first one's tricks all worked


@contextmanager
def _unclaimed(uids: list[str]):
    """Those of ``uids`` no grading run holds (another may have claimed one since), held here meanwhile."""
    locks = {uid: lock_uid(int(uid)) for uid in uids}
    try:
        yield [uid for uid, lock in locks.items() if lock]
    finally:
        for lock in locks.values():
            if lock:
                lock.close()


def test_the_slot_is_gone_after_the_batch(graded):
    uids = (graded["out"] / ".grading.lock").read_text().split("uids", 1)[1].split()
    mounts = open("/proc/self/mounts", encoding="utf-8").read()
    assert uids and str(graded["out"]) not in mounts
    assert str(graded["out"]) not in subprocess.run(["ps", "-eo", "args="], capture_output=True, text=True).stdout
    with _unclaimed(uids) as free:
        ps = subprocess.run(["ps", "-eo", "uid="], capture_output=True, text=True).stdout.split()
        assert not set(ps) & set(free)
        assert not any(f"/autograder-slots/{uid}/" in mounts for uid in free)
