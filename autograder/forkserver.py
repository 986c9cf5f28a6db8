"""The fork server: one per grading slot, inside that slot's long-lived ``bwrap``.

It imports the heavy modules once (numpy, IPython, matplotlib, torch where needed), then
forks a fresh worker for every start, so a student pays only for their own code. It runs
as root in the sandbox and imports nothing of the grader: only the standard library and
the preloads.

Each start forks a warden into new PID, mount and IPC namespaces, with a /tmp and a /proc
of their own; the namespace's init forks the worker, which takes the slot's uid with no
capability, no new privileges and fresh rlimits, and runs ``/job/worker.py``. Everything
the student starts lives in those namespaces: it dies with them, sees nothing of the
server, and leaves no /tmp, IPC object or kernel key to the next student. The server
holds nothing of any student's or of the grader's: a worker starts as a copy of it, and
what a worker changes stays in that copy.

Control socket (its fd is in the configuration), one line per message:
    grader -> server  ``start`` (the worker's output file attached) | ``kill``
    server -> grader  ``ready`` | ``exited <code>`` | ``swept`` | ``stuck``
``kill``, and the socket's end, kill every process but the server ("sweep").
"""

import ctypes
import gc
import importlib
import json
import os
import platform
import random
import resource
import runpy
import select
import signal
import socket
import sys
import time
import traceback

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWPID = 0x20000, 0x8000000, 0x20000000
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 0x2, 0x4, 0x8, 0x4000, 0x40000
MS_RDONLY, MS_REMOUNT, MS_BIND = 0x1, 0x20, 0x1000
MNT_DETACH = 0x2
PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 4, 24, 38
CAPABILITY_V3 = 0x20080522
KEYCTL = {"x86_64": 250, "aarch64": 219}  # syscall numbers: libc has no wrapper
KEYCTL_JOIN_SESSION_KEYRING, KEYCTL_CLEAR = 1, 7
USER_KEYRING, USER_SESSION_KEYRING = -4, -5
SWEEP_SECONDS = 10.0
WORKER = "/job/worker.py"

libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int) -> None:
    if result < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def _bytes(text: str | None) -> bytes | None:
    return None if text is None else text.encode()


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    """mount(2): no ``mount`` process (the grader mounts and unmounts twice per notebook)."""
    _check(libc.mount(_bytes(source), _bytes(target), _bytes(fstype), ctypes.c_ulong(flags), _bytes(data)))


def unmount_lazily(target: str) -> None:
    """umount2(2) with MNT_DETACH, as ``umount --lazy``."""
    _check(libc.umount2(_bytes(target), MNT_DETACH))


def _prctl(option: int, value: int) -> None:
    _check(libc.prctl(option, ctypes.c_ulong(value), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)))


def _keyctl(*args) -> None:
    _check(libc.syscall(ctypes.c_long(KEYCTL[platform.machine()]), *(ctypes.c_long(a) for a in args)))


def apply_rlimits(rlimits: dict[str, int]) -> None:
    """Set each ``RLIMIT_*`` name's soft and hard limit; they pass to every process started after."""
    for name, value in rlimits.items():
        resource.setrlimit(getattr(resource, name), (value, value))


def drop_privileges(uid: int) -> None:
    """Become ``uid`` for good: no groups, no capability (bounding set included), no new privileges."""
    with open("/proc/sys/kernel/cap_last_cap", encoding="ascii") as f:
        last = int(f.read())
    for cap in range(last + 1):
        _prctl(PR_CAPBSET_DROP, cap)
    if _setgroups_allowed():  # in the rootless sandbox's user namespace it is denied, and no group is mapped
        os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    _check(libc.capset((ctypes.c_uint32 * 2)(CAPABILITY_V3, 0), (ctypes.c_uint32 * 6)()))
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    _prctl(PR_SET_DUMPABLE, 1)  # its own /proc entries, as after an exec
    # The uid's keyrings outlive its processes: empty them, and keep no key of the server's session.
    _keyctl(KEYCTL_CLEAR, USER_KEYRING)
    _keyctl(KEYCTL_CLEAR, USER_SESSION_KEYRING)
    _keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0)


def _setgroups_allowed() -> bool:
    try:
        with open("/proc/self/setgroups", encoding="ascii") as f:
            return f.read().strip() != "deny"
    except OSError:
        return True


def _keep_only(fd: int) -> int:
    """Close every descriptor above stderr except ``fd``, which becomes 3."""
    os.dup2(fd, 3)
    os.closerange(4, resource.getrlimit(resource.RLIMIT_NOFILE)[1])
    return 3


def _exit_code(status: int) -> int:
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code


def run_worker(out: int, config: dict) -> None:
    """The worker: the slot's uid, fresh limits, the output file as stdout and stderr, nothing else open."""
    os.setsid()
    os.dup2(os.open("/dev/null", os.O_RDONLY), 0)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.closerange(3, resource.getrlimit(resource.RLIMIT_NOFILE)[1])
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    apply_rlimits(config["rlimits"])
    drop_privileges(config["uid"])
    os.environ.clear()
    os.environ.update(config["env"])
    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    os.chdir("/job")
    sys.argv[:] = ["worker.py"]
    runpy.run_path(WORKER, run_name="__main__")


def run_init(out: int, config: dict) -> int:
    """PID 1 of the student's namespace: mount its /proc, start the worker, reap until it ends."""
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    worker = _fork(run_worker, out, config)
    os.close(out)
    while True:
        pid, status = os.waitpid(-1, 0)
        if pid == worker:  # the namespace, and whatever the student left in it, ends with this process
            return _exit_code(status)


def run_warden(out: int, config: dict) -> int:
    """In new PID, mount and IPC namespaces, with a /tmp of its own: start their init, wait for it."""
    out = _keep_only(out)
    _check(libc.unshare(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC))
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    kept = [(path, os.open(path, os.O_PATH)) for path in _interpreter_under_tmp()]
    mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={config['disk_bytes']},mode=1777")
    for path, fd in kept:  # shown again, read-only, over the new /tmp
        os.makedirs(path, mode=0o755, exist_ok=True)
        mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        mount(None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
        os.close(fd)
    init = _fork(run_init, out, config)
    os.close(out)
    return _exit_code(os.waitpid(init, 0)[1])


def _interpreter_under_tmp() -> list[str]:
    """The interpreter's folders that lie under /tmp (a virtual environment made there), which the
    student's own /tmp would otherwise hide."""
    paths = {sys.prefix, sys.base_prefix, os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)}
    return sorted(p for p in paths if p.startswith("/tmp/"))


def _fork(target, *args) -> int:
    """Run ``target(*args)`` in a child that never returns here; its result is the exit code."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    code = 70  # EX_SOFTWARE: the target raised (the traceback is on stderr)
    try:
        code = target(*args) or 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def sweep() -> bool:
    """SIGKILL every process but the namespace's first and this one, until none is left."""
    deadline = time.monotonic() + SWEEP_SECONDS
    keep = {1, os.getpid()}
    while True:
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
        while True:  # reap
            try:
                if os.waitpid(-1, os.WNOHANG)[0] == 0:
                    break
            except ChildProcessError:
                break
        if not [p for p in os.listdir("/proc") if p.isdigit() and int(p) not in keep]:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.002)


def preload(names: list[str]) -> None:
    """Import ``names`` with a home of the server's own, so nothing is written where students work."""
    os.environ.update(HOME="/tmp", MPLCONFIGDIR="/tmp/matplotlib", IPYTHONDIR="/tmp/ipython")
    for name in names:
        importlib.import_module(name)
    if "IPython.core.interactiveshell" in names:
        _make_shell()
    if len(os.listdir("/proc/self/task")) != 1:  # fork copies one thread; a lock another held would hang
        raise RuntimeError(f"preloading {names} started a thread; the server must fork single-threaded")
    gc.freeze()  # the workers' collections leave the preloaded objects, and their memory pages, alone


def _make_shell() -> None:
    """The worker's IPython shell, made once here (30 ms a student): each worker forked has a copy
    no code has run in. As worker.py makes it where no server did: history off (no thread)."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    InteractiveShell.instance(config=config, colors="nocolor")


class Server:
    """The control loop: at most one warden at a time, watched through its pidfd."""

    def __init__(self, config: dict):
        self.config = config
        self.control = socket.socket(fileno=config["control"])
        self.poller = select.poll()
        self.poller.register(self.control, select.POLLIN)
        self.warden: tuple[int, int] | None = None  # (pid, pidfd)
        self.files: list[int] = []  # output files received, one per start

    def forget_warden(self) -> None:
        if self.warden:
            self.poller.unregister(self.warden[1])
            os.close(self.warden[1])
            self.warden = None

    def start(self) -> None:
        if self.warden:  # the grader kills before it starts again; if not, the old one goes now
            self.forget_warden()
            sweep()
        out = self.files.pop(0)
        pid = _fork(run_warden, out, self.config)
        os.close(out)
        self.warden = (pid, os.pidfd_open(pid))
        self.poller.register(self.warden[1], select.POLLIN)

    def kill(self) -> None:
        self.forget_warden()
        self.control.sendall(b"swept\n" if sweep() else b"stuck\n")

    def serve(self) -> None:
        self.control.sendall(b"ready\n")
        pending = b""
        while True:
            for fd, _ in self.poller.poll():
                if self.warden and fd == self.warden[1]:
                    pid, status = os.waitpid(self.warden[0], os.WNOHANG)
                    if pid:  # (not a stale event of an earlier warden whose descriptor number this one reuses)
                        self.forget_warden()
                        self.control.sendall(f"exited {_exit_code(status)}\n".encode())
                if fd != self.control.fileno():
                    continue
                data, fds, _, _ = socket.recv_fds(self.control, 4096, 4)
                if not data:  # the grader is gone
                    sweep()
                    return
                self.files += fds
                pending += data
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    if line == b"start" and self.files:
                        self.start()
                    elif line == b"kill":
                        self.kill()


def main(config: dict) -> None:
    _prctl(PR_SET_DUMPABLE, 0)
    if config.get("rootless"):  # bwrap's mount namespace belongs to a user namespace above this one's: a new one
        _check(libc.unshare(CLONE_NEWNS))
    mount(None, "/", None, MS_REC | MS_PRIVATE)  # the grader's later mounts stay out of the sandbox
    if platform.machine() not in KEYCTL:
        sys.exit(f"no keyctl syscall number known for {platform.machine()}")
    config["env"] = dict(os.environ)
    preload(config["preload"])
    Server(config).serve()


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
