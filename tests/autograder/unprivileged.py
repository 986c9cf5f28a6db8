"""An ordinary user for the tests of the rootless sandbox, with an honest way into the project.

The suite runs as root; an instructor grading without root has their own clone, their own
interpreter and their own virtual environment, and so does this user:

- ``autograder-tester``, a system account the suite creates (``useradd``), with a home of its own;
- an interpreter it may run: not the suite's own (under root's home, which no other user may
  enter) but the distribution's ``/usr/bin/python3.11`` (Debian's ``python3.11-venv``, which
  ``make setup`` installs), as on an instructor's Debian machine;
- a virtual environment the user makes from it and fills with the grader's pinned requirements
  (``requirements-grader.txt``, ``constraints.txt``), kept between runs under a name that
  changes with them;
- a copy of the repository's files, owned by the user.

Nothing of root's is shared with it: it runs ``python -m autograder`` in its copy as itself.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import pwd
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

USER = "autograder-tester"
HOME = Path("/var/lib") / USER
VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"
REQUIREMENTS = ("requirements-grader.txt", "constraints.txt")


def available() -> str | None:
    """None when the suite can make the user; else why not (the tests that need it are skipped, saying so)."""
    if os.geteuid() != 0:
        return "making an unprivileged user needs root"
    missing = [tool for tool in ("useradd", "bwrap") if shutil.which(tool) is None]
    if not interpreter().is_file():
        missing.append(str(interpreter()))
    return f"missing {', '.join(missing)} (make setup installs them)" if missing else None


def ensure_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--create-home", "--home-dir", str(HOME), "--shell", "/bin/sh", USER],
                       check=True)
        return pwd.getpwnam(USER)


def interpreter() -> Path:
    """The distribution's Python of the suite's version, which any user may run."""
    return Path(f"/usr/bin/python{VERSION}")


def _as_user() -> dict:
    """Popen's arguments that run a command as the user (its uid and group, no other group, its own
    environment): the process is the command itself, as the user's own shell would start it."""
    user = pwd.getpwnam(USER)
    env = {"HOME": str(HOME), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "USER": USER,
           **{k: v for k, v in os.environ.items() if k.startswith("PIP_")}}
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": [], "env": env}


def popen(args: list[str], cwd: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(args, cwd=cwd, **_as_user(), **kwargs)


def run(args: list[str], cwd: Path, timeout: float | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """``args`` as the user, in ``cwd``, with a login-like environment of its own."""
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, **_as_user())
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
    run([str(interpreter()), "-m", "venv", str(venv)], HOME)
    run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], HOME)
    run([str(python), "-m", "pip", "install", "--quiet", "-r", str(HOME / REQUIREMENTS[0]), "-c", str(HOME / REQUIREMENTS[1])],
        HOME)
    run(["touch", str(venv / ".installed")], HOME)
    for old in HOME.glob("venv-*"):  # environments of requirements since changed
        if old != venv:
            shutil.rmtree(old, ignore_errors=True)
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
    os.chown(HOME / "runs", *_ids())
    give(path)
    return path


@pytest.fixture(scope="session")
def tester():
    """(python, repository copy) of the unprivileged user; skipped, saying why, where it cannot be made."""
    why = available()
    if why:
        pytest.skip(f"no unprivileged user: {why}")
    ensure_user()
    with open(f"/run/lock/{USER}.lock", "w") as lock:  # a second suite beside this one waits for the venv
        fcntl.flock(lock, fcntl.LOCK_EX)
        python = ensure_venv()
    for old in (HOME / "runs").glob("*-*"):  # what ended sessions left; a session beside this one keeps its own
        if not Path(f"/proc/{old.name.split('-')[0]}").exists():
            shutil.rmtree(old, ignore_errors=True)
    return python, copy_repository(folder("repo"))


@dataclass
class Grader:
    """Who grades in a test: root with the suite's own environment, or the user with theirs."""

    mode: str  # "root" (the bubblewrap sandbox) or "rootless"
    python: Path
    repo: Path
    root: Path  # a folder of the grader's own for the test's files

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """``python -m autograder ARGS`` as this grader runs it, from its repository."""
        cmd = [str(self.python), "-m", "autograder", *args]
        if self.mode == "root":
            return subprocess.run(cmd, cwd=self.repo, capture_output=True, text=True, check=check)
        return run(cmd, self.repo, check=check)

    def popen(self, *args: str, **kwargs) -> subprocess.Popen:
        cmd = [str(self.python), "-m", "autograder", *args]
        return subprocess.Popen(cmd, cwd=self.repo, **kwargs) if self.mode == "root" else popen(cmd, self.repo, **kwargs)

    def own(self, path: Path) -> Path:
        """``path``, made the grader's (what root wrote there for a rootless grader)."""
        if self.mode == "rootless":
            give(path)
        return path


@pytest.fixture(params=["root", "rootless"])
def grader(request, tmp_path) -> Grader:
    """Each test that takes it runs twice: graded as root, and as the unprivileged user."""
    if request.param == "root":
        return Grader("root", Path(sys.executable), REPO, tmp_path)
    python, repo = request.getfixturevalue("tester")
    return Grader("rootless", python, repo, folder(request.node.name.split("[")[0]))
