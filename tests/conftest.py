"""Shared fixtures: the repository root, the backprop assignment's released versions, headless Chromium."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """``python -m autograder ARGS`` as a user runs it, from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "autograder", *args], cwd=REPO, capture_output=True, text=True, check=check
    )


@pytest.fixture(scope="session")
def versions(tmp_path_factory):
    """``versions(id)``: the release and solution folders of an assignment, made once by the real commands
    (the release's zip is beside them, ``<id>.zip``)."""
    made: dict[str, dict[str, Path]] = {}

    def get(assignment: str) -> dict[str, Path]:
        if assignment not in made:
            root = tmp_path_factory.mktemp(assignment)
            run_cli("release", assignment, "--out", str(root / "release"), "--zip", str(root / f"{assignment}.zip"))
            run_cli("solution", assignment, "--out", str(root / "solution"))
            made[assignment] = {"release": root / "release", "solution": root / "solution"}
        return made[assignment]

    return get


@pytest.fixture(scope="session")
def backprop_versions(versions) -> dict[str, Path]:
    return versions("backprop")


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed (make setup installs it)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def pytest_configure(config):
    """A marker per assignment of the registry (``pytest -m rnn``), so none is written by hand, and ``fresh_env``."""
    from autograder import assignments

    config.addinivalue_line("markers", "fresh_env: makes a virtual environment from a release's requirements.txt "
                                       "(minutes, the first time)")
    for assignment_id in assignments.known():
        config.addinivalue_line("markers", f"{assignment_id}: the {assignment_id} assignment")


def pytest_collection_modifyitems(items):
    """Mark each test with the assignments it is about: from its file name (``test_grade_vae.py``,
    ``tests/solutions/test_rnn.py``) or from an assignment id among its parameters."""
    import re

    from autograder import assignments

    known = set(assignments.known())
    for item in items:
        words = set(re.split(r"[_\W]+", item.path.stem))
        params = getattr(item, "callspec", None)
        words |= {v for v in (params.params.values() if params else ()) if isinstance(v, str)}
        for assignment_id in sorted(known & words):
            item.add_marker(assignment_id)
