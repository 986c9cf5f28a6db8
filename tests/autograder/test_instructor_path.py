"""The README's instructor path, run as it is written, by an ordinary user in a clone of their own.

The commands between ``<!-- instructor-path-start -->`` and ``-end`` run in order as the suite's
unprivileged user (``unprivileged.py``), whose virtual environment is the project's ``.venv``
of that clone; only the Debian packages came from root. The grade is the reference's, in the
rootless sandbox that ``--sandbox auto`` picks for a user who is not root.
"""

import re
import shutil

import pytest

from tests.autograder import unprivileged
from tests.conftest import REPO

pytestmark = [pytest.mark.backprop, pytest.mark.slow]
# Not run here: the environment is made once for the whole suite (make setup installs the book's
# tools too), the LMS zip is tested in test_lms.py, and the pages are only listed.
SKIPPED = ("make setup", "moodle-export.zip", "column ", "ls ")


def commands() -> list[str]:
    text = (REPO / "README.md").read_text()
    block = text.split("<!-- instructor-path-start -->", 1)[1].split("<!-- instructor-path-end -->", 1)[0]
    code = re.search(r"```bash\n(.*?)```", block, re.S).group(1)
    return [line.split("  #")[0].strip() for line in code.splitlines()
            if line.strip() and not line.lstrip().startswith("#") and not any(s in line for s in SKIPPED)]


def test_the_path_has_the_commands_it_promises():
    found = " ".join(commands())
    for step in ("autograder release", "autograder solution", "autograder grade", "autograder export"):
        assert step in found


def test_an_ordinary_user_follows_the_instructor_path(tester):
    python, repo = tester
    clone = unprivileged.folder("instructor-path")
    shutil.copytree(repo, clone, dirs_exist_ok=True, symlinks=True)
    (clone / ".venv").symlink_to(python.parent.parent)  # the environment the user made, as `make setup` would
    unprivileged.give(clone)
    for command in commands():
        if " grade " in command:  # the hand-ins: the reference, as one student
            unprivileged.run(["sh", "-c", "mkdir -p submissions/ann && cp solution/backprop/backprop.ipynb submissions/ann/"],
                             clone)
        done = unprivileged.run(["sh", "-c", command], clone, timeout=900, check=False)
        assert done.returncode == 0, f"{command}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    grades = (clone / "graded" / "grades.csv").read_text()
    assert re.search(r"^ann,21,21,ok,", grades, re.M), grades
    assert (clone / "graded" / "backprop-moodle.csv").is_file()
