"""The warm bubblewrap sandbox, driven directly with a worker of the test's own.

What each forked worker is (uid, capabilities, limits, namespaces, open files), that a
fresh one starts from zero CPU seconds, and that a dead or hung server is replaced.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder import bubblewrap, forkserver
from autograder.sandbox import Limits, claim_uids, clear_work, make_sandbox
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(os.geteuid() != 0 or shutil.which("bwrap") is None, reason="needs root and bwrap")

REPORT = r'''
import json, os, resource, sys, time
def burn(seconds):
    while sum(os.times()[:2]) < seconds:
        pass
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
report = {
    "cpu_at_start": sum(os.times()[:2]),
    "uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups(),
    "caps": {k: status[k].strip() for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")},
    "no_new_privs": status["NoNewPrivs"].strip(),
    "limits": {n: resource.getrlimit(getattr(resource, n))
               for n in ("RLIMIT_CPU", "RLIMIT_AS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_FSIZE")},
    "pid": os.getpid(), "ppid": os.getppid(), "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
    "fds": sorted(int(fd) for fd in os.listdir("/proc/self/fd")),
    "tmp": os.listdir("/tmp"), "numpy_loaded": "numpy" in sys.modules,
}
open("/tmp/mine", "w").close()
json.dump(report, open("/job/out/report.json", "w"))
burn(float(open("/job/burn").read()))
open("/job/out/progress", "a").write("end job -\n")
'''
HANG = "import time\nopen('/job/out/progress', 'a').write('start cell x\\n')\ntime.sleep(600)\n"
# A grading process that starts a worker, says the uid and bwrap's pid, and waits to be killed.
HOLD = f"""
import sys, time
from pathlib import Path
from autograder.sandbox import Limits, claim_uids, clear_work, make_sandbox
box = make_sandbox("bubblewrap", Limits(), claim_uids(1)[0])
job = Path(sys.argv[1])
(job / "worker.py").write_text({HANG!r})
box.open(job)
with open(job / "output.txt", "ab") as out:
    proc = box.start(job, out)
while not (job / "out" / "progress").exists():
    time.sleep(0.01)
print(box.uid, box.server.proc.pid, flush=True)
time.sleep(600)
"""
LIMITS = Limits(cpu_seconds=50, memory_bytes=3 * 2**30, processes=40, open_files=100, file_bytes=2**20)


@pytest.fixture
def sandbox(tmp_path):
    box = make_sandbox("bubblewrap", LIMITS, claim_uids(1)[0])
    job = tmp_path / "slot"
    job.mkdir()
    yield box, job
    box.shutdown()


def _run(box, job: Path, worker: str, burn: float = 0.0) -> dict:
    (job / "worker.py").write_text(worker)
    (job / "burn").write_text(str(burn))
    box.open(job)
    try:
        with open(job / "output.txt", "ab") as out:
            proc = box.start(job, out)
        while box.wait(proc, 0.01) is None:
            pass
        box.kill(proc)
        report = json.loads((job / "out" / "report.json").read_text())
        report["output"] = (job / "output.txt").read_text()
        return report
    finally:
        box.close(job)


def test_each_worker_is_unprivileged_limited_and_alone(sandbox):
    box, job = sandbox
    first = _run(box, job, REPORT, burn=1.0)
    second = _run(box, job, REPORT)
    assert first["output"] == "" and second["output"] == ""
    for report in (first, second):
        assert report["uid"] == report["gid"] == box.uid and report["groups"] == []
        assert set(report["caps"].values()) == {"0000000000000000"} and report["no_new_privs"] == "1"
        assert report["limits"] == {"RLIMIT_CPU": [50, 50], "RLIMIT_AS": [3 * 2**30] * 2, "RLIMIT_NPROC": [40, 40],
                                    "RLIMIT_NOFILE": [100, 100], "RLIMIT_FSIZE": [2**20, 2**20]}
        # Its own PID namespace (the server is not in it) and /tmp; nothing open but the output file.
        assert (report["pid"], report["ppid"], report["pids"]) == (2, 1, [1, 2])
        assert report["fds"] == [0, 1, 2, 3]  # 3: the listing's own descriptor
        # /tmp is empty but for the way to an interpreter that lives there (a virtual environment made in /tmp).
        assert report["tmp"] == sorted({Path(p).parts[2] for p in forkserver._interpreter_under_tmp()})
        assert report["numpy_loaded"]
    assert second["cpu_at_start"] < 1.0  # the first one's CPU second is not counted against the second


def test_nothing_of_a_notebook_stays_in_the_slot(sandbox):
    box, job = sandbox
    _run(box, job, REPORT)
    assert os.listdir(job / "work") == [] and not (job / "output.txt").exists()
    assert not (job / "out").is_mount()  # the slot's tmpfs is shown in the job folder only while it is open
    assert os.listdir(box.folders / "work") == os.listdir(box.folders / "out") == []


def test_a_job_folder_made_anew_gets_a_server_that_sees_it(sandbox):
    box, job = sandbox
    _run(box, job, REPORT)
    shutil.rmtree(job)
    job.mkdir()
    assert _run(box, job, REPORT)["uid"] == box.uid


def _server_pid(box) -> int:
    """The server: the bwrap init's only child."""
    outer = box.server.proc.pid
    (init,) = Path(f"/proc/{outer}/task/{outer}/children").read_text().split()
    (server,) = Path(f"/proc/{init}/task/{init}/children").read_text().split()
    assert "forkserver.py" in Path(f"/proc/{server}/cmdline").read_text()
    return int(server)


def test_a_dead_server_is_a_crash_and_the_next_start_makes_a_new_one(sandbox):
    box, job = sandbox
    (job / "worker.py").write_text(HANG)
    box.open(job)
    with open(job / "output.txt", "ab") as out:
        proc = box.start(job, out)
    os.kill(_server_pid(box), signal.SIGKILL)
    while box.wait(proc, 0.01) is None:
        pass
    box.kill(proc)
    box.close(job)
    assert _run(box, job, REPORT)["uid"] == box.uid


def test_a_hung_server_is_killed_with_its_bwrap(sandbox, monkeypatch):
    box, job = sandbox
    monkeypatch.setattr(bubblewrap, "REPLY_SECONDS", 0.5)
    (job / "worker.py").write_text(HANG)
    box.open(job)
    with open(job / "output.txt", "ab") as out:
        proc = box.start(job, out)
    while not (job / "out" / "progress").exists():  # the worker runs
        time.sleep(0.01)
    old = box.server.proc
    os.kill(_server_pid(box), signal.SIGSTOP)
    box.kill(proc)
    assert old.poll() is not None and box.server is None
    assert str(box.uid) not in _uids()  # the student's worker went with it
    box.close(job)
    assert _run(box, job, REPORT)["uid"] == box.uid


def test_shutdown_leaves_no_process_and_no_mount(tmp_path):
    box = make_sandbox("bubblewrap", LIMITS, claim_uids(1)[0])
    job = tmp_path / "slot"
    job.mkdir()
    _run(box, job, REPORT)
    server = box.server.proc
    box.shutdown()
    assert server.poll() is not None
    assert str(box.folders) not in Path("/proc/self/mounts").read_text()
    assert str(box.uid) not in _uids()


def test_a_killed_grading_process_takes_its_sandbox_with_it(tmp_path):
    (tmp_path / "slot").mkdir()
    (tmp_path / "next").mkdir()
    grader = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "slot")], cwd=REPO, stdout=subprocess.PIPE,
                              text=True)
    uid, bwrap = grader.stdout.readline().split()
    grader.kill()
    grader.wait()
    deadline = time.monotonic() + 60  # a bound, not a measure: bwrap goes as soon as the kernel has its parent's death
    while time.monotonic() < deadline and (Path(f"/proc/{bwrap}").exists() or uid in _uids()):
        time.sleep(0.05)
    assert not Path(f"/proc/{bwrap}").exists() and uid not in _uids()
    clear_work(tmp_path / "slot")  # as the next run clears its work folder
    nxt = make_sandbox("bubblewrap", LIMITS, claim_uids(1)[0])
    _run(nxt, tmp_path / "next", REPORT)  # and its first sandbox, the slots of uids nobody holds
    nxt.shutdown()
    assert f"{bubblewrap.SLOTS}/{uid}/" not in Path("/proc/self/mounts").read_text()


def _uids() -> list[str]:
    """The uids of live processes: a zombie has ended, it only waits for init to read its status."""
    ps = subprocess.run(["ps", "-eo", "uid=,stat="], capture_output=True, text=True).stdout
    return [line.split()[0] for line in ps.splitlines() if not line.split()[1].startswith("Z")]
