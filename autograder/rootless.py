"""The rootless sandbox: the bubblewrap sandbox for an ordinary user, through user namespaces.

Where the grader is not root (an instructor's laptop, a JupyterHub server, a container) bwrap
makes a new user namespace as well as the PID, network, IPC and UTS ones, mapping the
grader's uid to itself; inside it the fork server has the capabilities it needs *in that
namespace only* and forks each worker into namespaces of its own without any. What changes
from the root sandbox (``autograder.bubblewrap``):

- The writable folders ``/job/work`` and ``/job/out`` are bwrap's own size-limited tmpfs
  (``--size``), which only the sandbox's mount namespace sees; the grader reads and empties them
  through ``/proc/<sandbox pid>/root`` (the namespace is its own: the kernel lets it in).
- The worker cannot become a uid of its own (one uid is mapped): it keeps the grader's uid, with
  no capability, no new privileges and no view of the server (a PID namespace of its own). No
  student can make a user namespace (``--disable-userns``).
- ``RLIMIT_NPROC`` is counted per user namespace (Linux 5.14 and later count processes per
  namespace and uid, each level against its own limit), so the worker's 64 processes do not
  include the instructor's own; a fork bomb stops at the limit whatever else the instructor runs.
- Nothing is left running: the sandbox's PID namespace ends with bwrap's init, which dies with
  the grader (``--die-with-parent``) or when killed; no uid needs sweeping.
"""

from __future__ import annotations

import functools
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.bubblewrap import BubblewrapSandbox, job_identity
from autograder.sandbox import NEITHER, WRITABLE, Limits, SandboxUnavailable, empty_folder, remove_job_leftovers

_slots = itertools.count()


@functools.cache
def user_namespaces_refused() -> str | None:
    """None where an ordinary user's bwrap can make the sandbox's namespaces; else why not."""
    if shutil.which("bwrap") is None:
        return "bwrap is not installed"
    try:
        done = subprocess.run(["bwrap", "--unshare-user", "--unshare-pid", "--unshare-net", "--disable-userns",
                               "--ro-bind", "/", "/", "true"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap could not run: {exc}"
    return None if done.returncode == 0 else (done.stderr.strip() or f"bwrap exited with {done.returncode}")


class RootlessSandbox(BubblewrapSandbox):
    """The bubblewrap sandbox in a user namespace: the same fork server, no root."""

    name = "rootless"

    def __init__(self, limits: Limits, python: str = sys.executable, preload: tuple[str, ...] = ()):
        super().__init__(limits, os.getuid(), python, preload)
        self.slot = f"r{os.getpid()}-{next(_slots)}"
        self.folders = Path(tempfile.mkdtemp(prefix="autograder-rootless-"))  # the server's log, nothing else

    def check_can_run(self) -> None:
        why = user_namespaces_refused()
        if why:
            raise SandboxUnavailable(NEITHER.format(why=why))

    def namespace_args(self) -> list[str]:
        return ["--unshare-user", "--disable-userns", "--uid", str(self.uid), "--gid", str(self.uid)]

    def writable_args(self) -> list[str]:
        size = str(self.limits.disk_bytes)
        return [arg for name in WRITABLE for arg in ("--size", size, "--perms", "0700", "--tmpfs", f"/job/{name}")]

    def folder(self, job_dir: Path, name: str) -> Path:
        """The folder in the running sandbox; with none running, the empty mount point (nothing to read)."""
        if self.server is None or not self.server.alive:
            return job_dir / name
        return Path(f"/proc/{self.server.sandbox_pid}/root/job/{name}")

    def open(self, job_dir: Path) -> None:
        """Start (or keep) the server on ``job_dir``: its tmpfs folders are the job's writable ones."""
        if self.server and self.server_job != job_identity(job_dir):
            self._stop()
        remove_job_leftovers(job_dir)
        for name in WRITABLE:
            (job_dir / name).mkdir(exist_ok=True)  # where bwrap mounts them, in its view of the job folder
        self._server_on(job_dir)

    def close(self, job_dir: Path) -> None:
        """No process but the server, both folders empty; a folder too odd to empty ends its server."""
        if self.server and not self.server.sweep():
            self._stop(hard=True)
        if self.server:
            try:
                for name in WRITABLE:
                    empty_folder(self.folder(job_dir, name))
            except (OSError, RecursionError, RuntimeError):
                self._stop(hard=True)
        remove_job_leftovers(job_dir)

    def _unbind(self) -> None:
        pass

    def _stop(self, hard: bool = False) -> None:
        if self.server:
            self.server.stop(hard)
            self.server = self.server_job = None

    def shutdown(self) -> None:
        self._stop()
        shutil.rmtree(self.folders, ignore_errors=True)

