"""Where and how a student's code runs: resource limits and isolation.

:class:`~autograder.bubblewrap.BubblewrapSandbox` (the default) keeps one ``bwrap`` per
grading slot, with a fork server inside that forks each worker warm, in namespaces of its
own and as an unprivileged uid of the slot's (see :mod:`autograder.bubblewrap`).

:class:`ProcessSandbox` is a plain child process with the same limits, for machines
without root; it isolates nothing and is for development only.

One sandbox serves one grading slot, used by one thread at a time, for many notebooks in
sequence, always on the same job folder. The runner calls ``open(job)``, then
``start(job, stdout)`` and ``kill(proc)`` as often as it restarts the worker, then
``close(job)`` once the outputs have been judged; ``shutdown()`` when the batch ends.
"""

import fcntl
import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from autograder.forkserver import apply_rlimits, unmount_lazily


@dataclass(frozen=True)
class Limits:
    """Resource limits for one worker process (and every process it starts)."""

    cpu_seconds: int = 300
    memory_bytes: int = 4 * 2**30
    processes: int = 64
    open_files: int = 256
    file_bytes: int = 64 * 2**20  # largest file, the captured output included
    disk_bytes: int = 256 * 2**20  # each writable folder and /tmp (bubblewrap only)
    case_seconds: float = 10.0  # wall clock for one hidden case, unless the case sets its own
    cell_seconds: float = 30.0  # wall clock for one solution cell's top-level code
    startup_seconds: float = 30.0  # wall clock until the worker reports its first cell
    total_seconds: float = 300.0  # wall clock for one submission, restarts included


# The job folder's writable parts: the student's working folder and the worker's report.
WRITABLE = ("work", "out")

# Threads pinned so CPU limits and timings are predictable.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


def worker_env(home: str) -> dict[str, str]:
    """The whole environment the worker sees: no variable of the grader's leaks in."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "IPYTHONDIR": f"{home}/.ipython",
        "MPLCONFIGDIR": f"{home}/.matplotlib",
    }
    env.update({var: "1" for var in THREAD_VARS})
    return env


def rlimits(limits: Limits) -> dict[str, int]:
    """The worker's rlimits by ``resource`` name; they pass to every process it starts."""
    return {
        "RLIMIT_CPU": limits.cpu_seconds,
        "RLIMIT_AS": limits.memory_bytes,
        "RLIMIT_NPROC": limits.processes,
        "RLIMIT_NOFILE": limits.open_files,
        "RLIMIT_FSIZE": limits.file_bytes,
        "RLIMIT_CORE": 0,
    }


def empty_folder(folder: Path, uid: int | None = None) -> None:
    """Remove everything in ``folder``; with ``uid``, give the folder back to it, mode 0700, no attributes."""
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)
    if uid is not None:
        os.chown(folder, uid, uid, follow_symlinks=False)
        os.chmod(folder, 0o700, follow_symlinks=False)
        for name in os.listxattr(folder, follow_symlinks=False):
            if name.startswith("user."):
                os.removexattr(folder, name, follow_symlinks=False)


def remove_job_leftovers(job_dir: Path) -> None:
    """The worker's output and the student's cells of the notebook that ran last."""
    for name in ("output.txt", "job.json"):
        (job_dir / name).unlink(missing_ok=True)


_slots = itertools.count()


Handle = TypeVar("Handle")


class Sandbox(Generic[Handle]):
    """What the runner asks of a sandbox: open a job folder, start its worker (a ``Handle``), wait
    for it or kill it, close the folder. The defaults are a plain process's."""

    name: str

    def __init__(self, limits: Limits, python: str = sys.executable):
        self.limits = limits
        self.python = python
        self.slot = f"p{next(_slots)}"  # names this sandbox's job folder

    def set_limits(self) -> None:
        """Runs in the child before exec; the limits pass to everything it starts."""
        apply_rlimits(rlimits(self.limits))

    def folder(self, job_dir: Path, name: str) -> Path:
        """Where the grader sees the job's writable folder ``name`` (``work``, ``out``) while it is open."""
        return job_dir / name

    def open(self, job_dir: Path) -> None:
        remove_job_leftovers(job_dir)
        for name in WRITABLE:
            (job_dir / name).mkdir(exist_ok=True)

    def close(self, job_dir: Path) -> None:
        """The next notebook in this job folder finds nothing of this one's."""
        for name in WRITABLE:
            empty_folder(job_dir / name)
        remove_job_leftovers(job_dir)

    def warm(self, job_dir: Path) -> None:
        """Nothing to start ahead: each notebook starts its own interpreter."""

    def shutdown(self) -> None:
        pass

    def start(self, job_dir: Path, stdout) -> Handle:
        raise NotImplementedError

    def wait(self, proc: Handle, seconds: float) -> int | None:
        raise NotImplementedError

    def kill(self, proc: Handle) -> None:
        raise NotImplementedError


class ProcessSandbox(Sandbox[subprocess.Popen]):
    """The worker as a child process: own session, rlimits, clean environment; no isolation."""

    name = "process"

    def command(self, job_dir: Path) -> list[str]:
        return [self.python, "-I", "worker.py"]

    def start(self, job_dir: Path, stdout) -> subprocess.Popen:
        """Start ``worker.py`` in ``job_dir``; its output goes to the open file ``stdout``."""
        return subprocess.Popen(
            self.command(job_dir),
            cwd=job_dir,
            env=worker_env(str(job_dir / "work")),
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=self.set_limits,
        )

    @staticmethod
    def wait(proc: subprocess.Popen, seconds: float) -> int | None:
        """The worker's exit code, waiting up to ``seconds`` for it; None if it still runs."""
        try:
            return proc.wait(seconds)
        except subprocess.TimeoutExpired:
            return None

    @staticmethod
    def kill(proc: subprocess.Popen) -> None:
        """Kill the worker's whole process group and reap it."""
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()


# Student code runs as uids from SANDBOX_UID_BASE on: no account, no files. Each uid is held
# by one grading process at a time (a lock file), so two runs on one machine never share one
# and their process limits never add up.
SANDBOX_UID_BASE = 61000
SANDBOX_UIDS = 1000
UID_LOCKS = Path(tempfile.gettempdir()) / "autograder-uids"
_held: dict[int, object] = {}  # uid -> its open lock file, held for the life of this process


def lock_uid(uid: int):
    """``uid``'s lock file, locked; None if a grading process (this one included) holds it."""
    UID_LOCKS.mkdir(mode=0o700, exist_ok=True)
    f = open(UID_LOCKS / str(uid), "w")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        f.close()
        return None
    return f


def claim_uids(count: int) -> list[int]:
    """``count`` sandbox uids no other grading process holds; released when this process ends."""
    claimed: list[int] = []
    for uid in range(SANDBOX_UID_BASE, SANDBOX_UID_BASE + SANDBOX_UIDS):
        if len(claimed) == count:
            break
        if uid in _held:
            continue
        f = lock_uid(uid)
        if f is None:
            continue
        _held[uid] = f
        claimed.append(uid)
    if len(claimed) < count:
        raise SandboxUnavailable(f"only {len(claimed)} of {count} sandbox uids are free: other grading runs hold them")
    return claimed


class SandboxUnavailable(Exception):
    """bwrap or root is missing; the message says how to get them."""


def unmount(path: Path) -> None:
    """Unmount ``path`` if something is mounted there."""
    if os.path.ismount(path):
        try:
            unmount_lazily(str(path))
        except OSError:  # not ours to unmount (no root), or gone meanwhile: as before
            pass


def clear_work(work: Path) -> None:
    """Unmount and remove a work folder, including what a killed run left mounted there."""
    if work.exists():
        prefix = str(work.resolve()) + "/"
        with open("/proc/self/mounts", encoding="utf-8") as f:
            points = [line.split()[1] for line in f]
        for point in sorted((p for p in points if p.startswith(prefix)), reverse=True):
            unmount(Path(point))
        shutil.rmtree(work, ignore_errors=True)


# --sandbox: "auto" picks one of the isolating two; "process" isolates nothing and is never picked.
SANDBOXES = ("auto", "bubblewrap", "rootless", "process")
NEITHER = ("neither sandbox can run here: the bubblewrap sandbox needs root, and the rootless one needs "
           "unprivileged user namespaces, which this machine refuses ({why}). Either grade as root, or ask "
           "an administrator to allow user namespaces: `sysctl -w user.max_user_namespaces=15000` (all "
           "distributions), `sysctl -w kernel.unprivileged_userns_clone=1` (Debian 10 and older), "
           "`sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` (Ubuntu 24.04), "
           "and `apt-get install bubblewrap`. `--sandbox process` grades without any isolation.")


def resolve(kind: str) -> str:
    """The sandbox ``kind`` names here: ``auto`` is ``bubblewrap`` as root, else ``rootless`` where user
    namespaces work, else SandboxUnavailable saying both ways out."""
    if kind not in SANDBOXES:
        raise ValueError(f"unknown sandbox {kind!r}; choose one of {', '.join(SANDBOXES)}")
    if kind != "auto":
        return kind
    if os.geteuid() == 0:
        return "bubblewrap"
    from autograder.rootless import user_namespaces_refused

    why = user_namespaces_refused()
    if why:
        raise SandboxUnavailable(NEITHER.format(why=why))
    return "rootless"


def make_sandbox(kind: str, limits: Limits, uid: int, preload: tuple[str, ...] = ()) -> Sandbox:
    """``bubblewrap`` (root), ``rootless`` (an ordinary user, through user namespaces) or ``process``
    (no isolation, development only); ``auto`` as :func:`resolve` picks.

    ``preload``: modules the isolating sandboxes import once, before their first worker.
    """
    kind = resolve(kind)
    if kind == "process":
        return ProcessSandbox(limits)
    if kind == "bubblewrap":
        from autograder.bubblewrap import BubblewrapSandbox  # it builds on this module

        return BubblewrapSandbox(limits, uid, preload=tuple(preload))
    from autograder.rootless import RootlessSandbox

    return RootlessSandbox(limits, preload=tuple(preload))
