"""Grading on a real Dask cluster (``dask scheduler``, ``dask worker``) through the real command.

The cluster runs on this machine as separate processes, as it would on many: the
coordinator sends each student to the workers and is the only writer of the gradebook.
A worker killed mid-batch loses nothing; the scheduler killed mid-batch leaves the
students not yet graded for the rerun, each graded exactly once.
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.autograder.test_faults import _check_gradebook, _class, _graded_count
from tests.conftest import REPO, run_cli

pytestmark = [pytest.mark.backprop, pytest.mark.slow]
DASK = str(Path(sys.executable).parent / "dask")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A scheduler and single-threaded workers, each its own process group, killed at the end."""

    def __init__(self, logs: Path):
        self.logs, self.port = logs, _free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.procs: list[subprocess.Popen] = []
        self.scheduler = self._start("scheduler", [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(self.port),
                                                   "--no-dashboard"])
        self.workers: list[subprocess.Popen] = []

    def _start(self, name: str, cmd: list[str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}-{len(self.procs)}.log", "w")
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        return proc

    def add_workers(self, count: int) -> None:
        for _ in range(count):
            self.workers.append(self._start("worker", [DASK, "worker", self.address, "--nthreads", "1",
                                                       "--no-dashboard", "--no-nanny", "--preload", "autograder.warm"]))
        from distributed import Client

        with Client(self.address, timeout="60s") as client:
            client.wait_for_workers(len(self.workers), timeout=120)

    @staticmethod
    def kill(proc: subprocess.Popen) -> None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()

    def close(self) -> None:
        for proc in self.procs:
            self.kill(proc)


@pytest.fixture
def cluster(tmp_path):
    made: list[Cluster] = []

    def make(workers: int) -> Cluster:
        c = Cluster(tmp_path)
        made.append(c)
        c.add_workers(workers)
        return c

    yield make
    for c in made:
        c.close()


def _grade(subs: Path, out: Path, *extra: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "autograder", "grade", "backprop", str(subs), "--out", str(out), *extra]
    return subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_graded(out: Path, proc: subprocess.Popen, at_least: int) -> int:
    deadline = time.monotonic() + 300
    while _graded_count(out / "gradebook.db") < at_least and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    return _graded_count(out / "gradebook.db")


def test_a_class_graded_on_the_cluster_gets_the_grades_it_gets_locally(tmp_path, backprop_versions, cluster):
    subs = _class(tmp_path, backprop_versions["solution"], 3)
    (subs / "untouched").mkdir()
    (subs / "untouched" / "backprop.ipynb").write_bytes((backprop_versions["release"] / "backprop.ipynb").read_bytes())
    c = cluster(2)
    remote = run_cli("grade", "backprop", str(subs), "--out", str(tmp_path / "remote"), "--scheduler", c.address)
    run_cli("grade", "backprop", str(subs), "--out", str(tmp_path / "local"))
    assert "graded 4 of 4 students" in remote.stdout

    def scores(out: Path) -> dict[str, tuple[str, str]]:
        with sqlite3.connect(out / "gradebook.db") as con:
            return {sid: (f"{score:g}", status) for sid, score, status in
                    con.execute("SELECT student_id, score, status FROM autograder_results")}

    assert scores(tmp_path / "remote") == scores(tmp_path / "local")
    assert scores(tmp_path / "remote")["untouched"] == ("0", "ok")
    for student in ("s00", "untouched"):
        remote_page = (tmp_path / "remote" / "feedback" / student / "backprop.html").read_text()
        assert remote_page == (tmp_path / "local" / "feedback" / student / "backprop.html").read_text()


def test_a_worker_killed_mid_batch_loses_no_student(tmp_path, backprop_versions, cluster):
    subs = _class(tmp_path, backprop_versions["solution"], 24)  # more than one batch
    c = cluster(2)
    out = tmp_path / "out"
    proc = _grade(subs, out, "--scheduler", c.address)
    assert _wait_for_graded(out, proc, 1) >= 1
    c.kill(c.workers[0])  # its student in flight is graded again on the other worker
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr
    assert "graded 24 of 24 students (0 unchanged): 24 ok" in stdout
    _check_gradebook(out, 24)


def test_the_scheduler_killed_mid_batch_then_a_rerun_grades_only_the_rest(tmp_path, backprop_versions, cluster):
    subs = _class(tmp_path, backprop_versions["solution"], 24)  # more than one batch
    c = cluster(2)
    out = tmp_path / "out"
    proc = _grade(subs, out, "--scheduler", c.address)
    assert _wait_for_graded(out, proc, 1) >= 1
    c.kill(c.scheduler)
    stdout, stderr = proc.communicate(timeout=600)
    done = _graded_count(out / "gradebook.db")
    if proc.returncode != 0:  # the usual case: the scheduler went before the last student
        assert f"error: lost the Dask scheduler at {c.address}" in stderr
        assert "Traceback" not in stderr
    assert 1 <= done <= 24
    again = cluster(1)
    rerun = run_cli("grade", "backprop", str(subs), "--out", str(out), "--scheduler", again.address)
    assert f"graded {24 - done} of 24 students ({done} unchanged)" in rerun.stdout
    _check_gradebook(out, 24)
