"""Where and how a student's code runs: resource limits and isolation.

:class:`BubblewrapSandbox` (the default) runs the worker with Debian's ``bwrap`` in new
PID, network, IPC and UTS namespaces: it sees a read-only system and Python, its job
folder read-only at ``/job``, and two writable, size-limited folders (``/job/work`` for the
student's code, ``/job/out`` for the worker's report); nothing
of the grader, the reference, the hidden tests, the gradebook or other students. It runs
under an unprivileged uid of its own (via util-linux ``setpriv``, no capabilities, no new
privileges), so ``RLIMIT_NPROC`` applies, and killing it kills every process it started:
they all die with the namespace's first process.

:class:`ProcessSandbox` is a plain child process with the same limits, for machines
without root; it isolates nothing and is for development only.

The runner calls ``open(job)``, then ``start(job, stdout)`` and ``kill(proc)`` as often as
it restarts the worker, then ``close(job)`` once the outputs have been judged.
"""

import fcntl
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


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


class ProcessSandbox:
    """The worker as a child process: own session, rlimits, clean environment; no isolation."""

    name = "process"

    def __init__(self, limits: Limits, python: str = sys.executable):
        self.limits = limits
        self.python = python

    def set_limits(self) -> None:
        """Runs in the child before exec; the limits pass to everything it starts."""
        lim = self.limits
        for which, value in (
            (resource.RLIMIT_CPU, lim.cpu_seconds),
            (resource.RLIMIT_AS, lim.memory_bytes),
            (resource.RLIMIT_NPROC, lim.processes),
            (resource.RLIMIT_NOFILE, lim.open_files),
            (resource.RLIMIT_FSIZE, lim.file_bytes),
            (resource.RLIMIT_CORE, 0),
        ):
            resource.setrlimit(which, (value, value))

    def open(self, job_dir: Path) -> None:
        for name in WRITABLE:
            (job_dir / name).mkdir(exist_ok=True)

    def close(self, job_dir: Path) -> None:
        pass

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


def claim_uids(count: int) -> list[int]:
    """``count`` sandbox uids no other grading process holds; released when this process ends."""
    UID_LOCKS.mkdir(mode=0o700, exist_ok=True)
    claimed = []
    for uid in range(SANDBOX_UID_BASE, SANDBOX_UID_BASE + SANDBOX_UIDS):
        if len(claimed) == count:
            break
        if uid in _held:
            continue
        f = open(UID_LOCKS / str(uid), "w")
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.close()
            continue
        _held[uid] = f
        claimed.append(uid)
    if len(claimed) < count:
        raise SandboxUnavailable(f"only {len(claimed)} of {count} sandbox uids are free: other grading runs hold them")
    return claimed


class SandboxUnavailable(Exception):
    """bwrap or root is missing; the message says how to get them."""


# Read-only system paths every Python program needs.
SYSTEM_PATHS = ("/usr", "/etc/ld.so.cache", "/etc/alternatives", "/etc/ssl/certs")


class BubblewrapSandbox(ProcessSandbox):
    """bwrap namespaces, a read-only filesystem view, a quota'd tmpfs and an unprivileged uid."""

    name = "bubblewrap"

    def __init__(self, limits: Limits, uid: int, python: str = sys.executable):
        super().__init__(limits, python)
        if os.geteuid() != 0:
            raise SandboxUnavailable("the sandbox needs root (to mount its folder and drop to its uid)")
        for tool in ("bwrap", "setpriv", "mount", "umount"):
            if shutil.which(tool) is None:
                raise SandboxUnavailable(f"{tool} is not installed (apt-get install bubblewrap util-linux)")
        self.uid = uid

    def open(self, job_dir: Path) -> None:
        """Mount a size-limited tmpfs owned by the sandbox uid at each writable folder."""
        options = f"size={self.limits.disk_bytes},mode=0700,uid={self.uid},gid={self.uid},nosuid,nodev"
        for name in WRITABLE:
            (job_dir / name).mkdir(exist_ok=True)
            subprocess.run(["mount", "-t", "tmpfs", "-o", options, "autograder", str(job_dir / name)], check=True)

    def close(self, job_dir: Path) -> None:
        for name in WRITABLE:
            unmount(job_dir / name)

    def _python_paths(self) -> list[str]:
        """The interpreter: the virtual environment and the installation it was made from."""
        paths = {os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix), sys.prefix, sys.base_prefix}
        return sorted(p for p in paths if not p.startswith("/usr"))

    def command(self, job_dir: Path) -> list[str]:
        cmd = [
            "bwrap",
            "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--clearenv",
            "--hostname", "sandbox",
            "--size", str(self.limits.disk_bytes), "--tmpfs", "/tmp",
            "--proc", "/proc",
            "--dev", "/dev",
            "--symlink", "usr/bin", "/bin",
            "--symlink", "usr/lib", "/lib",
            "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/sbin", "/sbin",
        ]
        for path in [*SYSTEM_PATHS, *self._python_paths()]:
            if os.path.exists(path):
                cmd += _open_parents(path) + ["--ro-bind", path, path]
        cmd += ["--ro-bind", str(job_dir), "/job"]
        for name in WRITABLE:
            cmd += ["--bind", str(job_dir / name), f"/job/{name}"]
        cmd += ["--chdir", "/job"]
        for key, value in worker_env("/job/work").items():
            cmd += ["--setenv", key, value]
        cmd += [
            "setpriv", f"--reuid={self.uid}", f"--regid={self.uid}", "--clear-groups",
            "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs",
            "--", self.python, "-I", "worker.py",
        ]
        return cmd


def _open_parents(path: str) -> list[str]:
    """bwrap arguments creating ``path``'s ancestors world-traversable (0755), not root-only."""
    args: list[str] = []
    parts = Path(path).parts[1:-1]
    for i in range(1, len(parts) + 1):
        args += ["--perms", "0755", "--dir", "/" + "/".join(parts[:i])]
    return args


def unmount(path: Path) -> None:
    """Unmount ``path`` if something is mounted there."""
    if os.path.ismount(path):
        subprocess.run(["umount", "--lazy", str(path)], check=False)


def clear_work(work: Path) -> None:
    """Unmount and remove a work folder, including what a killed run left mounted there."""
    if work.exists():
        prefix = str(work.resolve()) + "/"
        with open("/proc/self/mounts", encoding="utf-8") as f:
            points = [line.split()[1] for line in f]
        for point in sorted((p for p in points if p.startswith(prefix)), reverse=True):
            unmount(Path(point))
        shutil.rmtree(work, ignore_errors=True)


def make_sandbox(kind: str, limits: Limits, uid: int) -> ProcessSandbox:
    """``bubblewrap`` (isolated, the default) or ``process`` (no isolation, development only)."""
    if kind == "process":
        return ProcessSandbox(limits)
    if kind == "bubblewrap":
        return BubblewrapSandbox(limits, uid)
    raise ValueError(f"unknown sandbox {kind!r}; choose bubblewrap or process")
