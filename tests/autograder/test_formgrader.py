"""nbgrader's formgrader, run on the course folder ``grade`` leaves: a TA scores a written answer in a browser.

The real Jupyter server with nbgrader's server extension, started in ``DIR/course``, driven
in headless Chromium; the score and comment are read back from the gradebook, the feedback
pages are rendered again with them, and grading again keeps them only for an unchanged hand-in.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from autograder import assignments, kit
from tests.conftest import run_cli

SERVER_START_SECONDS = 120  # a wait for the server to listen, not a measurement


def _gradebook(out: Path):
    from nbgrader.api import Gradebook

    from autograder.pipeline.record import patch_schema_version

    patch_schema_version()
    return Gradebook(f"sqlite:///{out / 'gradebook.db'}")


@pytest.fixture(scope="module")
def course(tmp_path_factory, versions) -> Path:
    """Two students graded: ada handed in the solved notebook (written answers included), bob the release."""
    made = versions("backprop")
    root = tmp_path_factory.mktemp("formgrader")
    for student, version in (("ada", "solution"), ("bob", "release")):
        (root / "class" / student).mkdir(parents=True)
        shutil.copy(made[version] / "backprop.ipynb", root / "class" / student)
    run_cli("grade", "backprop", str(root / "class"), "--out", str(root / "out"), "--quiet")
    return root


@pytest.fixture(scope="module")
def formgrader(course: Path):
    """``jupyter server`` with formgrader, in the course folder, without a token; its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    runtime = course / "jupyter-runtime"
    command = [str(Path(sys.executable).parent / "jupyter"), "server", "--no-browser", f"--port={port}",
               "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password="]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(course / "jupyter.log", "wb")
    server = subprocess.Popen(command, cwd=course / "out" / "course", stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime)})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"{base}/formgrader/api/assignments", timeout=5) as reply:
                if reply.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail("formgrader did not start:\n" + (course / "jupyter.log").read_text(errors="replace")[-3000:])
        time.sleep(0.2)
    yield base
    server.terminate()
    server.wait(30)
    log.close()


def _written_answer() -> str:
    the_kit = kit.load(assignments.get("backprop"))
    answers = [gid for t in the_kit.templates for gid in t.answer_ids]
    assert answers, "the backprop assignment has no written answer cell"
    return answers[0]


def test_formgrader_lists_the_autograded_submissions(course: Path, formgrader: str):
    with urllib.request.urlopen(f"{formgrader}/formgrader/api/submitted_notebooks/backprop/backprop") as reply:
        rows = {r["student"]: r for r in json.load(reply)}
    assert set(rows) == {"ada", "bob"}
    assert rows["ada"]["code_score"] == rows["ada"]["max_code_score"] > 0
    assert rows["bob"]["code_score"] == 0
    assert rows["ada"]["needs_manual_grade"]  # ada's written answers wait for a person
    assert not rows["bob"]["needs_manual_grade"]  # bob left every answer as released: 0, nothing to read


def test_a_ta_scores_a_written_answer_and_it_lasts(course: Path, formgrader: str, browser):
    gid = _written_answer()
    out = course / "out"
    with _gradebook(out) as gb:
        notebook_id = gb.find_submission_notebook("backprop", "backprop", "ada").id
        points = gb.find_grade(gid, "backprop", "backprop", "ada").max_score
    page = browser.new_page()
    page.goto(f"{formgrader}/formgrader/submissions/{notebook_id}/")
    page.locator(f"input.score[id='{gid}']").fill(f"{points - 1:g}")
    page.locator(f"input.score[id='{gid}']").press("Tab")
    page.locator(f"textarea[id='{gid}-comment']").fill("Right idea; say why the gradient vanishes.")
    page.locator(f"textarea[id='{gid}-comment']").press("Tab")
    page.wait_for_load_state("networkidle")
    page.close()

    def marks() -> tuple:
        with _gradebook(out) as gb:
            grade = gb.find_grade(gid, "backprop", "backprop", "ada")
            comment = gb.find_comment(gid, "backprop", "backprop", "ada")
            return grade.manual_score, grade.needs_manual_grade, comment.manual_comment

    assert marks() == (points - 1, False, "Right idea; say why the gradient vanishes.")

    summary = run_cli("feedback", "backprop", "--out", str(out)).stdout
    assert "wrote 2 feedback pages of 2 students" in summary
    page_html = (out / "feedback" / "ada" / "backprop.html").read_text()
    assert "Right idea; say why the gradient vanishes." in page_html

    run_cli("grade", "backprop", str(course / "class"), "--out", str(out), "--quiet")  # nothing changed
    assert marks() == (points - 1, False, "Right idea; say why the gradient vanishes.")
    run_cli("grade", "backprop", str(course / "class"), "--out", str(out), "--quiet", "--regrade")  # same hand-in
    assert marks() == (points - 1, False, "Right idea; say why the gradient vanishes.")

    handin = course / "class" / "ada" / "backprop.ipynb"
    nb = json.loads(handin.read_text())
    cell = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == gid)
    cell["source"] = "A different answer, handed in again."
    handin.write_text(json.dumps(nb))
    run_cli("grade", "backprop", str(course / "class"), "--out", str(out), "--quiet")
    assert marks() == (None, True, None)  # a changed hand-in is graded by hand anew
