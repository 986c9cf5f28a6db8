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
def versions(tmp_path_factory):
    """``versions(id)``: the release and solution folders of an assignment, made once by the real commands."""
    made: dict[str, dict[str, Path]] = {}

    def get(assignment: str) -> dict[str, Path]:
        if assignment not in made:
            root = tmp_path_factory.mktemp(assignment)
            run_cli("release", assignment, "--out", str(root / "release"))
            run_cli("solution", assignment, "--out", str(root / "solution"))
            made[assignment] = {"release": root / "release", "solution": root / "solution"}
        return made[assignment]

    return get


@pytest.fixture(scope="session")
def backprop_versions(versions) -> dict[str, Path]:
    return versions("backprop")
