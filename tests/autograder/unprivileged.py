"""An ordinary user for the tests of the rootless sandbox, with an honest way into the project.

The suite runs as root; an instructor grading without root has their own clone, their own
interpreter and their own virtual environment, and so does this user:

- ``autograder-tester``, a system account the suite creates (``useradd``), with a home of its own;
- an interpreter it may run: the suite's own Python (under root's home, which no other user may
  enter) copied to ``/opt/autograder-test-python-<version>`` without its packages, as an
  administrator installs one, its library path made relative to itself (``patchelf``);
- a virtual environment the user makes from it and fills with the grader's pinned requirements
  (``requirements-grader.txt``, ``constraints.txt``), kept between runs under a name that
  changes with them;
- a copy of the repository's files, owned by the user.

Nothing of root's is shared with it: it runs ``python -m autograder`` in its copy as itself.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

USER = "autograder-tester"
HOME = Path("/var/lib") / USER
VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"
INTERPRETER = Path(f"/opt/autograder-test-python-{sys.version_info.major}.{sys.version_info.minor}."
                   f"{sys.version_info.micro}")
REQUIREMENTS = ("requirements-grader.txt", "constraints.txt")


def available() -> str | None:
    """None when the suite can make the user; else why not (the tests that need it are skipped, saying so)."""
    if os.geteuid() != 0:
        return "making an unprivileged user needs root"
    missing = [tool for tool in ("useradd", "runuser", "patchelf", "bwrap") if shutil.which(tool) is None]
    return f"missing {', '.join(missing)} (make setup installs them)" if missing else None


def ensure_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--create-home", "--home-dir", str(HOME), "--shell", "/bin/sh", USER],
                       check=True)
        return pwd.getpwnam(USER)


def ensure_interpreter() -> Path:
    """``INTERPRETER/bin/python3.X``: a copy of this interpreter that any user may run."""
    python = INTERPRETER / "bin" / f"python{VERSION}"
    if python.is_file():
        return python
    staging = INTERPRETER.with_name(INTERPRETER.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    site = Path(sys.base_prefix) / "lib" / f"python{VERSION}" / "site-packages"
    shutil.copytree(sys.base_prefix, staging, symlinks=True,
                    ignore=lambda folder, names: names if Path(folder) == site else [])
    subprocess.run(["patchelf", "--set-rpath", "$ORIGIN/../lib", str(staging / "bin" / f"python{VERSION}")], check=True)
    subprocess.run(["chmod", "-R", "a+rX,go-w", str(staging)], check=True)
    staging.rename(INTERPRETER)
    return python


def run(args: list[str], cwd: Path, timeout: float | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """``args`` as the user, in ``cwd``, with a login-like environment of its own."""
    env = {"HOME": str(HOME), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "USER": USER,
           **{k: v for k, v in os.environ.items() if k.startswith("PIP_")}}
    result = subprocess.run(["runuser", "-u", USER, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()), *args],
                            cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} as {USER} exited {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def ensure_venv() -> Path:
    """The user's virtual environment with the grader's requirements, made by the user; its python."""
    digest = hashlib.sha256(b"".join((REPO / name).read_bytes() for name in REQUIREMENTS) + VERSION.encode()).hexdigest()
    venv = HOME / f"venv-{digest[:12]}"
    python = venv / "bin" / "python"
    if (venv / ".installed").is_file():
        return python
    shutil.rmtree(venv, ignore_errors=True)
    for name in REQUIREMENTS:
        shutil.copy(REPO / name, HOME / name)
        os.chown(HOME / name, *_ids())
    run([str(ensure_interpreter()), "-m", "venv", str(venv)], HOME)
    run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], HOME)
    run([str(python), "-m", "pip", "install", "--quiet", "-r", str(HOME / REQUIREMENTS[0]), "-c", str(HOME / REQUIREMENTS[1])],
        HOME)
    run(["touch", str(venv / ".installed")], HOME)
    return python


def _ids() -> tuple[int, int]:
    user = pwd.getpwnam(USER)
    return user.pw_uid, user.pw_gid


def copy_repository(dest: Path) -> Path:
    """The repository's files (tracked and new, as git lists them) in ``dest``, owned by the user."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, dest / name)
    give(dest)
    return dest


def give(path: Path) -> None:
    """Make ``path`` (a tree in the user's home) the user's."""
    uid, gid = _ids()
    for folder, _, files in os.walk(path):
        os.chown(folder, uid, gid)
        for name in files:
            os.chown(os.path.join(folder, name), uid, gid, follow_symlinks=False)


def folder(name: str) -> Path:
    """A fresh folder of the user's, in its home (a temporary folder of root's is not the user's to enter)."""
    path = HOME / "runs" / f"{os.getpid()}-{name}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    give(HOME / "runs")
    return path


@pytest.fixture(scope="session")
def tester():
    """(python, repository copy) of the unprivileged user; skipped, saying why, where it cannot be made."""
    why = available()
    if why:
        pytest.skip(f"no unprivileged user: {why}")
    ensure_user()
    python = ensure_venv()
    shutil.rmtree(HOME / "runs", ignore_errors=True)  # what earlier sessions left
    return python, copy_repository(folder("repo"))
