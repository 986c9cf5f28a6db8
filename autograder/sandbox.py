"""How a job's worker process is started, and under which limits.

:class:`Limits` are the resource limits; :class:`ProcessSandbox` runs the worker as a
child process in its own session with those limits and a scrubbed environment. The
runner only calls ``sandbox.start(job_dir, stdout)``, so a stronger isolation can take
its place without touching the grading logic.
"""

import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Limits:
    """Resource limits for one worker process (and every process it starts)."""

    cpu_seconds: int = 300
    memory_bytes: int = 4 * 2**30
    processes: int = 64
    open_files: int = 256
    file_bytes: int = 256 * 2**20
    case_seconds: float = 10.0  # wall clock for one hidden case, unless the case sets its own
    cell_seconds: float = 30.0  # wall clock for one solution cell's top-level code
    startup_seconds: float = 30.0  # wall clock until the worker reports its first cell
    total_seconds: float = 300.0  # wall clock for one submission, restarts included


# Threads pinned so CPU limits and timings are predictable.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


def worker_env(job_dir: Path) -> dict[str, str]:
    """The whole environment the worker sees: no variable of the grader's leaks in."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(job_dir),
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "IPYTHONDIR": str(job_dir / ".ipython"),
        "MPLCONFIGDIR": str(job_dir / ".matplotlib"),
    }
    env.update({var: "1" for var in THREAD_VARS})
    return env


class ProcessSandbox:
    """The worker as a child process: own session, rlimits, clean environment."""

    def __init__(self, limits: Limits, python: str = sys.executable):
        self.limits = limits
        self.python = python

    def _set_limits(self) -> None:  # runs in the child, before exec
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

    def start(self, job_dir: Path, stdout) -> subprocess.Popen:
        """Start ``worker.py`` in ``job_dir``; its output goes to the open file ``stdout``."""
        return subprocess.Popen(
            [self.python, "-I", "worker.py"],
            cwd=job_dir,
            env=worker_env(job_dir),
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=self._set_limits,
        )

    @staticmethod
    def kill(proc: subprocess.Popen) -> None:
        """Kill the worker's whole process group and reap it."""
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
