"""The isolated sandbox: one long-lived ``bwrap`` per grading slot, a warm fork server inside.

bwrap gives the slot new PID, network, IPC and UTS namespaces and a read-only view: the
system and Python, the job folder at ``/job``, and two writable, size-limited tmpfs
folders, ``/job/work`` (the student's) and ``/job/out`` (the worker's report), which the
slot keeps from notebook to notebook. Inside, :mod:`autograder.forkserver` forks each
worker in namespaces of its own, as the slot's unprivileged uid. Between two notebooks
the sandbox kills every process but the server, empties both folders and removes the
job's output and cells. A server that hangs or dies is killed with its whole bwrap; the
next start makes a new one.
"""

import atexit
import json
import os
import queue
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from autograder.forkserver import MS_BIND, MS_NODEV, MS_NOSUID, mount
from autograder.sandbox import (
    WRITABLE,
    Limits,
    Sandbox,
    SandboxUnavailable,
    clear_work,
    empty_folder,
    lock_uid,
    remove_job_leftovers,
    rlimits,
    unmount,
    worker_env,
)

FORKSERVER = Path(__file__).resolve().parent / "forkserver.py"
# Per sandbox uid: work/ and out/ (the tmpfs the slot keeps) and server.log.
SLOTS = Path(tempfile.gettempdir()) / "autograder-slots"
PRELOAD = ("numpy", "IPython.core.interactiveshell", "matplotlib.pyplot")
# All the server needs: namespaces and mounts, the worker's uid, dropping capabilities, the sweep.
SERVER_CAPS = ("CAP_SYS_ADMIN", "CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", "CAP_KILL")
# Read-only system paths every Python program needs.
SYSTEM_PATHS = ("/usr", "/etc/ld.so.cache", "/etc/alternatives", "/etc/ssl/certs")
READY_SECONDS = 120.0  # until the server has imported its preloads (torch, on a loaded machine)
REPLY_SECONDS = 20.0  # until it has swept, or exited when told to


class ForkServer:
    """The grader's end of one fork server: its bwrap, its control socket, a thread keeping it."""

    def __init__(self, command, log: Path):
        """``command(fd)``: the bwrap command line, the server's end of the socket being ``fd``."""
        self.control, theirs = socket.socketpair()
        self.poller = select.poll()  # not select(): the grader may hold more than FD_SETSIZE descriptors
        self.poller.register(self.control, select.POLLIN)
        self.pending = b""
        started: queue.Queue = queue.Queue()

        def keep() -> None:  # --die-with-parent follows the thread that started bwrap: this one lives as long
            fd = theirs.fileno()
            try:
                with open(log, "wb") as out:
                    proc = subprocess.Popen(command(fd), pass_fds=[fd], stdin=subprocess.DEVNULL, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)
            except OSError as exc:
                started.put(exc)
                return
            started.put(proc)
            proc.wait()

        self.thread = threading.Thread(target=keep, name="fork server", daemon=True)
        self.thread.start()
        proc = started.get()
        theirs.close()
        if isinstance(proc, OSError):
            self.control.close()
            raise proc
        self.proc = proc
        if self.read(READY_SECONDS) != "ready":
            self.stop(hard=True)
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"the sandbox's fork server did not start:\n{tail}")

    @property
    def sandbox_pid(self) -> int:
        """The host pid of the sandbox's first process (bwrap's init in its PID namespace): through
        ``/proc/<pid>/root`` its owner sees the sandbox's own folders."""
        with open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children", encoding="ascii") as f:
            children = f.read().split()
        if not children:
            raise RuntimeError("the sandbox's bwrap has no child: it is not running")
        return int(children[0])

    @property
    def alive(self) -> bool:
        return self.thread.is_alive() and self.control.fileno() >= 0

    def read(self, timeout: float) -> str | None:
        """The server's next line; None if none came within ``timeout``, "" if the server is gone."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.pending:
            if self.control.fileno() < 0:
                return ""
            if not self.poller.poll(max(0.0, deadline - time.monotonic()) * 1000):
                return None
            try:
                data = self.control.recv(4096)
            except OSError:
                data = b""
            if not data:
                self.control.close()
                return ""
            self.pending += data
        line, self.pending = self.pending.split(b"\n", 1)
        return line.decode()

    def start(self, stdout) -> "Worker":
        """Fork a worker whose stdout and stderr are the open file ``stdout``."""
        try:
            socket.send_fds(self.control, [b"start\n"], [stdout.fileno()])
        except OSError:
            self.control.close()
        return Worker(self)

    def sweep(self) -> bool:
        """Kill every process in the sandbox but the server; False if the server did not do it."""
        try:
            self.control.sendall(b"kill\n")
        except OSError:
            return False
        while True:
            line = self.read(REPLY_SECONDS)
            if line in (None, "", "stuck"):
                return False
            if line == "swept":
                return True

    def stop(self, hard: bool = False) -> None:
        """Close the socket (the server sweeps and exits); kill bwrap if it is still there after that."""
        self.control.close()
        self.thread.join(0 if hard else REPLY_SECONDS)
        if self.thread.is_alive():
            self.proc.kill()  # bwrap's --die-with-parent takes the whole sandbox with it
            self.thread.join()


class Worker:
    """One start of the worker, waited for by the runner like a process."""

    def __init__(self, server: ForkServer):
        self.server = server
        self.returncode: int | None = None
        self.swept = False

    def wait_for(self, seconds: float) -> int | None:
        """The exit code, waiting up to ``seconds`` for it; None if the worker still runs."""
        deadline = time.monotonic() + seconds
        while self.returncode is None:
            line = self.server.read(max(0.0, deadline - time.monotonic()))
            if line is None:
                return None
            if line == "":  # the server died: the student's code is blamed, the next start makes a new one
                self.returncode = -signal.SIGKILL
            elif line.startswith("exited "):
                self.returncode = int(line.split()[1])
        return self.returncode


class BubblewrapSandbox(Sandbox[Worker]):
    """A warm fork server in a long-lived bwrap, for many notebooks in sequence."""

    name = "bubblewrap"

    def __init__(self, limits: Limits, uid: int, python: str = sys.executable, preload: tuple[str, ...] = ()):
        super().__init__(limits, python)
        if shutil.which("bwrap") is None:
            raise SandboxUnavailable("bwrap is not installed (apt-get install bubblewrap)")
        self.check_can_run()
        self.uid = uid
        self.slot = str(uid)
        self.preload = list(dict.fromkeys([*PRELOAD, *preload]))
        self.folders = SLOTS / str(uid)
        self.mounted = False
        self.bound: list[Path] = []  # the job folder's views of the slot's tmpfs, while a notebook is open
        self.server: ForkServer | None = None
        self.server_job: tuple | None = None  # the job folder the server's bwrap shows at /job (see job_identity)

    def check_can_run(self) -> None:
        if os.geteuid() != 0:
            raise SandboxUnavailable("the bubblewrap sandbox needs root (to mount its folders and drop to its uid); "
                                     "as an ordinary user, --sandbox rootless (or auto) runs it in user namespaces")

    def open(self, job_dir: Path) -> None:
        """Show the slot's tmpfs at ``job_dir/work`` and ``job_dir/out`` (on the grader's side)."""
        if not self.mounted:
            self._mount()
        if self.server and self.server_job != job_identity(job_dir):
            self._stop()
        self._unbind()
        remove_job_leftovers(job_dir)
        for name in WRITABLE:
            (job_dir / name).mkdir(exist_ok=True)
            unmount(job_dir / name)  # what a killed run left
            mount(str(self.folders / name), str(job_dir / name), None, MS_BIND)
            self.bound.append(job_dir / name)

    def start(self, job_dir: Path, stdout) -> Worker:
        return self._server_on(job_dir).start(stdout)

    def warm(self, job_dir: Path) -> None:
        """Start the fork server on ``job_dir`` now, so that the first notebook finds it ready."""
        self.open(job_dir)
        try:
            self._server_on(job_dir)
        finally:
            self.close(job_dir)

    def _server_on(self, job_dir: Path) -> ForkServer:
        if self.server is None or not self.server.alive or self.server_job != job_identity(job_dir):
            self._stop()
            self.server = ForkServer(lambda fd: self.bwrap_command(job_dir, fd), self.folders / "server.log")
            self.server_job = job_identity(job_dir)
        return self.server

    @staticmethod
    def wait(proc: Worker, seconds: float) -> int | None:
        return proc.wait_for(seconds)  # woken by the server's message, not by a timer

    def kill(self, proc: Worker) -> None:
        """Kill the worker and everything it started (once; a second call does nothing)."""
        if not proc.swept:
            if proc.server is self.server and not self.server.sweep():
                self._stop(hard=True)
            proc.swept = True
            if proc.returncode is None:
                proc.returncode = -signal.SIGKILL

    def close(self, job_dir: Path) -> None:
        """Nothing of this notebook's run remains: no process but the server, no file."""
        if self.server and not self.server.sweep():
            self._stop(hard=True)
        self._unbind()
        try:
            for name in WRITABLE:
                empty_folder(self.folders / name, self.uid)
        except (OSError, RecursionError):  # too deep or odd to remove: fresh folders, and a server seeing them
            self._stop()
            self._mount()
        remove_job_leftovers(job_dir)

    def shutdown(self) -> None:
        """Stop the server and unmount the slot's folders (also done when the grading process exits)."""
        self._stop()
        self._unbind()
        if self.mounted:
            clear_work(self.folders)
            self.mounted = False
            atexit.unregister(self.shutdown)

    def _mount(self) -> None:
        """A fresh tmpfs for each of the slot's writable folders."""
        SLOTS.mkdir(mode=0o700, exist_ok=True)
        if not self.mounted:
            clear_stale_slots()
        clear_work(self.folders)  # what a killed run that held this uid left, or folders too odd to empty
        options = f"size={self.limits.disk_bytes},mode=0700,uid={self.uid},gid={self.uid}"
        for name in WRITABLE:
            (self.folders / name).mkdir(parents=True)
            mount("autograder", str(self.folders / name), "tmpfs", MS_NOSUID | MS_NODEV, options)
        if not self.mounted:
            atexit.register(self.shutdown)
        self.mounted = True

    def _unbind(self) -> None:
        while self.bound:
            unmount(self.bound.pop())

    def _stop(self, hard: bool = False) -> None:
        if self.server:
            self.server.stop(hard)
            self.server = self.server_job = None
        kill_uid(self.uid)

    def namespace_args(self) -> list[str]:
        """bwrap's arguments for the namespaces beyond the five every sandbox has: none as root."""
        return []

    def writable_args(self) -> list[str]:
        """The writable folders: the slot's tmpfs, mounted by the grader, bound at /job/work and /job/out."""
        return [arg for name in WRITABLE for arg in ("--bind", str(self.folders / name), f"/job/{name}")]

    def _python_paths(self) -> list[str]:
        """The interpreter: the virtual environment and the installation it was made from."""
        paths = {os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix), sys.prefix, sys.base_prefix}
        return sorted(p for p in paths if not p.startswith("/usr"))

    def bwrap_command(self, job_dir: Path, control: int) -> list[str]:
        """bwrap running the fork server on ``job_dir``, its control socket being fd ``control``."""
        config = {"control": control, "uid": self.uid, "rlimits": rlimits(self.limits),
                  "disk_bytes": self.limits.disk_bytes, "preload": self.preload, "rootless": self.name == "rootless"}
        cmd = [
            "bwrap", *self.namespace_args(),
            "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--clearenv",
            "--hostname", "sandbox",
            "--cap-drop", "ALL", *[arg for cap in SERVER_CAPS for arg in ("--cap-add", cap)],
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
        cmd += ["--ro-bind", str(FORKSERVER), "/forkserver.py", "--ro-bind", str(job_dir), "/job"]
        cmd += self.writable_args()
        # The sandbox's own root (bwrap's tmpfs) read-only: as the rootless sandbox's worker has the uid that owns it
        cmd += ["--remount-ro", "/", "--chdir", "/job"]
        for key, value in worker_env("/job/work").items():
            cmd += ["--setenv", key, value]
        return cmd + [self.python, "-I", "/forkserver.py", json.dumps(config)]


def job_identity(folder: Path) -> tuple:
    """A folder's path and inode: bwrap keeps showing the folder it bound, even once it is removed."""
    info = folder.stat()
    return str(folder), info.st_dev, info.st_ino


def _open_parents(path: str) -> list[str]:
    """bwrap arguments creating ``path``'s ancestors world-traversable (0755), not root-only."""
    args: list[str] = []
    parts = Path(path).parts[1:-1]
    for i in range(1, len(parts) + 1):
        args += ["--perms", "0755", "--dir", "/" + "/".join(parts[:i])]
    return args


def clear_stale_slots() -> None:
    """Unmount the slot folders of uids no grading process holds: what killed runs left."""
    for folder in sorted(SLOTS.glob("[0-9]*")):
        lock = lock_uid(int(folder.name))
        if lock:
            with lock:
                clear_work(folder)


def kill_uid(uid: int, seconds: float = REPLY_SECONDS) -> None:
    """SIGKILL every live process whose real uid is ``uid``, until none is left."""
    deadline = time.monotonic() + seconds
    while True:
        found = [pid for pid in _pids() if _real_uid_alive(pid) == uid]
        if not found:
            return
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"processes of sandbox uid {uid} survive SIGKILL: {found}")
        time.sleep(0.005)


def _pids() -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def _real_uid_alive(pid: int) -> int | None:
    """The real uid of ``pid``, or None if it is gone or a zombie (dead already)."""
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
    except OSError:
        return None
    return None if fields.get("State", "").strip().startswith("Z") else int(fields["Uid"].split()[0])
