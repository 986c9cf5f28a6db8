"""A throwaway PostgreSQL server for the tests: a cluster of its own in a temporary folder.

initdb and postgres refuse to run as root, so the cluster belongs to an unprivileged user
and every server command runs through ``runuser``. The server trusts local connections,
listens on a unix socket in its folder and on a free localhost port, and is stopped and
removed at the end, whatever the tests did.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

USER = "nobody"
PACKAGE = "postgresql"  # Debian's; `make setup` installs it


def server_binaries(root: Path = Path("/usr/lib/postgresql")) -> Path:
    """Debian's ``/usr/lib/postgresql/<major>/bin`` (not on PATH), the newest major if several."""
    found = [p.parent for p in root.glob("*/bin/initdb")]
    found = [p for p in found if p.parent.name.isdigit() and (p / "pg_ctl").is_file()]
    if not found:
        pytest.fail(f"PostgreSQL's server is not installed: Debian package {PACKAGE} (`make setup` installs it)",
                    pytrace=False)
    return max(found, key=lambda p: int(p.parent.name))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One cluster in ``folder`` (data/, log, the unix socket), served on ``port``."""

    def __init__(self, binaries: Path, folder: Path, port: int):
        self.binaries, self.folder, self.port = binaries, folder, port
        self.data = folder / "data"

    def _run(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        cmd = ["runuser", "-u", USER, "--", str(self.binaries / tool), *args]
        done = subprocess.run(cmd, cwd=self.folder, capture_output=True, text=True, timeout=300)
        if done.returncode:
            log = self.folder / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
            raise RuntimeError(f"{tool} {' '.join(args)} failed:\n{done.stdout}{done.stderr}{tail}")
        return done

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-locale",
                  "--no-sync")

    def start(self) -> None:
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.folder}"
                   " -c fsync=off")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options, "-w", "-t", "120",
                  "start")

    def stop(self) -> None:
        """Stop at once, as a crash would: no checkpoint, clients cut off."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def running(self) -> bool:
        cmd = ["runuser", "-u", USER, "--", str(self.binaries / "pg_ctl"), "-D", str(self.data), "status"]
        return subprocess.run(cmd, cwd=self.folder, capture_output=True).returncode == 0

    def create_database(self, name: str) -> str:
        """A new, empty database; its SQLAlchemy URL."""
        self._run("createdb", "-h", str(self.folder), "-p", str(self.port), name)
        return self.url(name)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg2://{USER}@127.0.0.1:{self.port}/{database}"


@contextmanager
def throwaway_server() -> Iterator[Server]:
    """A started server; stopped and its folder removed on leaving, even after a failure."""
    binaries = server_binaries()
    # Under /tmp, which every user may traverse; a short path keeps the socket's within limits.
    folder = Path(tempfile.mkdtemp(prefix="autograder-pg-", dir="/tmp"))
    server = Server(binaries, folder, _free_port())
    try:
        shutil.chown(folder, USER)
        server.init()
        server.start()
        yield server
    finally:
        if server.data.is_dir() and server.running():
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
