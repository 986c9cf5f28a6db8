"""A release works with its own requirements.txt alone, outside the repository, as on a student's laptop.

For every assignment: a fresh virtual environment (``python -m venv`` in the cache, not in the
repository) made by ``pip install -r requirements.txt`` from the release's own file; there, the
solved notebook, put in a copy of the release folder as a student's would be, runs top to bottom
(``jupyter nbconvert --execute``) with every visible test passing and its last cell, the check before
hand-in, saying READY; the untouched release stops at its first stub with NotImplementedError.

Releases with the same requirements share one environment (torch is only in those that import it),
kept between runs under a name that changes with the requirements and made under a lock, so a second
suite beside this one waits rather than installing the same environment twice; one no run has used
for a week is removed.
"""

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder import assignments
from autograder.kit import cache_dir

pytestmark = pytest.mark.fresh_env
VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"
STALE_SECONDS = 7 * 24 * 3600  # an environment of pins no release has used for this long is removed


def _pins(requirements: Path) -> list[str]:
    return sorted(line for line in requirements.read_text().splitlines() if line.strip() and not line.startswith("#"))


def environment(requirements: Path) -> Path:
    """The python of a virtual environment made from ``requirements`` alone, made once per set of pins."""
    digest = hashlib.sha256(("\n".join(_pins(requirements)) + VERSION).encode()).hexdigest()[:12]
    root = cache_dir() / "release-venvs"
    root.mkdir(parents=True, exist_ok=True)
    venv = root / f"venv-{digest}"
    with open(root / f"venv-{digest}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (venv / ".installed").is_file():
            shutil.rmtree(venv, ignore_errors=True)
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-r", str(requirements)],
                           check=True, cwd=requirements.parent, env=_clean_env(venv, venv.parent))
        (venv / ".installed").touch()  # its last use: environments unused for a week are removed
        for old in root.glob("venv-*/.installed"):
            if time.time() - old.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(old.parent, ignore_errors=True)
    return venv / "bin" / "python"


def _clean_env(venv: Path, home: Path) -> dict[str, str]:
    """A student's environment with ``venv`` activated: nothing of this repository's environment on PATH or
    PYTHONPATH, no Jupyter kernels or settings but the environment's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "JUPYTER", "IPYTHON", "VIRTUAL_ENV"))}
    ours = Path(sys.prefix).resolve()
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and not Path(p).resolve().is_relative_to(ours)]
    return {**env, "PATH": os.pathsep.join([str(venv / "bin"), *path]), "VIRTUAL_ENV": str(venv),
            "JUPYTER_DATA_DIR": str(home / "jupyter"), "JUPYTER_CONFIG_DIR": str(home / "jupyter-config"),
            "IPYTHONDIR": str(home / "ipython"), "MPLBACKEND": "Agg"}


def execute(python: Path, folder: Path, name: str) -> subprocess.CompletedProcess:
    """``jupyter nbconvert --execute`` of ``folder/name.ipynb`` in that environment, into ``executed.ipynb``."""
    return subprocess.run([str(python), "-m", "nbconvert", "--to", "notebook", "--execute", f"{name}.ipynb",
                           "--output", "executed.ipynb", "--ExecutePreprocessor.timeout=900"],
                          cwd=folder, capture_output=True, text=True, env=_clean_env(python.parent.parent, folder), timeout=3600)


@pytest.mark.parametrize("assignment", assignments.known())
def test_the_release_works_in_a_fresh_environment_of_its_requirements(versions, tmp_path, assignment):
    release = versions(assignment)["release"]
    python = environment(release / "requirements.txt")
    outside = subprocess.run([str(python), "-c", "import autograder"], cwd=tmp_path, capture_output=True,
                             env=_clean_env(python.parent.parent, tmp_path))
    assert outside.returncode != 0  # nothing of this repository in that environment
    untouched = Path(shutil.copytree(release, tmp_path / "untouched" / assignment))
    solved = Path(shutil.copytree(release, tmp_path / "solved" / assignment))
    for earlier in assignments.get(assignment).needs:
        shutil.copy(versions(earlier)["solution"] / f"{earlier}.ipynb", solved)
    names = assignments.get(assignment).notebook_names
    for name in names:
        shutil.copy(versions(assignment)["solution"] / f"{name}.ipynb", solved)
        result = execute(python, solved, name)
        assert result.returncode == 0, result.stderr[-3000:]
        cells = json.loads((solved / "executed.ipynb").read_text())["cells"]
        said = "".join(o.get("text", "") if isinstance(o.get("text", ""), str) else "".join(o["text"])
                       for o in cells[-1].get("outputs", []))
        assert "READY:" in said, said  # the check before hand-in, run by the notebook's last cell
    result = execute(python, untouched, names[0])
    assert result.returncode != 0 and "NotImplementedError" in result.stderr, result.stderr[-3000:]
