"""Shared fixtures: the repository root and the backprop assignment's released versions."""

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
def backprop_versions(tmp_path_factory) -> dict[str, Path]:
    """The release and the solution folders of the backprop assignment, made by the real commands."""
    root = tmp_path_factory.mktemp("backprop")
    run_cli("release", "backprop", "--out", str(root / "release"))
    run_cli("solution", "backprop", "--out", str(root / "solution"))
    return {"release": root / "release", "solution": root / "solution"}
