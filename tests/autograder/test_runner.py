"""The runner (``run.run_submission``) against a scripted fake sandbox: no process, no student code.

Each fake worker plays what a real one reports in ``out/progress``: a cell or case that finishes, one
that crashes its process, one that never ends. Time never decides an outcome here except for the
endless one, which no load can make finish, so the tests hold on a busy machine.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from autograder.checks import Case
from autograder.pipeline.run import run_submission
from autograder.sandbox import Limits, Sandbox

LIMITS = Limits(case_seconds=0.3, cell_seconds=0.3, startup_seconds=5.0, total_seconds=60.0)


class FakeWorker:
    def __init__(self):
        self.exit: int | None = None  # None: still running (an endless phase)


class FakeSandbox(Sandbox[FakeWorker]):
    """Runs ``job.json`` as scripted: ``behaviour[name]`` is "ok", "crash" or "hang" (default "ok")."""

    name = "fake"

    def __init__(self, behaviour: dict[str, str]):
        super().__init__(LIMITS)
        self.behaviour = behaviour
        self.jobs: list[dict] = []  # every job.json a worker was started on
        self.killed = 0

    def start(self, job_dir: Path, stdout) -> FakeWorker:
        job = json.loads((job_dir / "job.json").read_text())
        self.jobs.append(job)
        worker = FakeWorker()
        progress = job_dir / "out" / "progress"
        phases = [("cell", c["id"]) for c in job["cells"]] + [("case", c["name"]) for c in job["cases"]]
        with open(progress, "a") as f:
            for kind, name in phases:
                f.write(f"start {kind} {name}\n")
                what = self.behaviour.get(name, "ok")
                if what != "ok":
                    worker.exit = 1 if what == "crash" else None
                    return worker
                f.write(f"done {kind} {name}\n")
            f.write("end job all\n")
        worker.exit = 0
        return worker

    def wait(self, proc: FakeWorker, seconds: float) -> int | None:
        if proc.exit is None:
            import time

            time.sleep(seconds)
        return proc.exit

    def kill(self, proc: FakeWorker) -> None:
        self.killed += 1
        if proc.exit is None:
            proc.exit = -9


def _case(name: str, grade_id: str) -> Case:
    return Case(grade_id=grade_id, name=name, title=name, probe="p", inputs={"x": np.zeros(1)}, checks=[])


@pytest.fixture
def job(tmp_path) -> Path:
    (tmp_path / "out").mkdir()
    return tmp_path


CELLS = [{"id": "layers", "source": ""}, {"id": "model", "source": ""}]
CASES = [_case("a1", "test_a"), _case("a2", "test_a"), _case("b1", "test_b")]


def test_everything_finishing_runs_once(job):
    sandbox = FakeSandbox({})
    report = run_submission(job, CELLS, CASES, LIMITS, sandbox)
    assert (report.cell_errors, report.case_errors, report.restarts) == ({}, {}, 0)
    assert not report.timed_out and not report.crashed and len(sandbox.jobs) == 1


def test_a_crashing_case_is_blamed_and_the_rest_run_after_a_restart(job):
    sandbox = FakeSandbox({"a1": "crash"})
    report = run_submission(job, CELLS, CASES, LIMITS, sandbox)
    assert list(report.case_errors) == ["a1"] and "process died" in report.case_errors["a1"]
    assert report.crashed and not report.timed_out and report.restarts == 1
    assert [c["name"] for c in sandbox.jobs[1]["cases"]] == ["a2", "b1"]  # resumed after the culprit


def test_an_endless_case_skips_the_rest_of_its_grade_cell_only(job):
    sandbox = FakeSandbox({"a1": "hang"})
    report = run_submission(job, CELLS, CASES, LIMITS, sandbox)
    assert report.timed_out and report.case_errors["a1"].startswith("time limit")
    assert "earlier case of this test" in report.case_errors["a2"]
    assert "b1" not in report.case_errors and [c["name"] for c in sandbox.jobs[1]["cases"]] == ["b1"]


def test_an_endless_cell_is_dropped_and_the_cases_still_run(job):
    sandbox = FakeSandbox({"model": "hang"})
    report = run_submission(job, CELLS, CASES, LIMITS, sandbox)
    assert "while running this cell" in report.cell_errors["model"] and report.case_errors == {}
    assert [c["id"] for c in sandbox.jobs[1]["cells"]] == ["layers"]


def test_a_forged_progress_line_is_not_believed(job):
    """A worker that dies after naming a phase that is not in its job: every pending case fails, no loop."""

    class Forger(FakeSandbox):
        def start(self, job_dir, stdout):
            self.jobs.append(json.loads((job_dir / "job.json").read_text()))
            (job_dir / "out" / "progress").write_text("start case not-a-case\n")
            worker = FakeWorker()
            worker.exit = 1
            return worker

    sandbox = Forger({})
    report = run_submission(job, CELLS, CASES, LIMITS, sandbox)
    assert set(report.case_errors) == {"a1", "a2", "b1"} and len(sandbox.jobs) == 1
    assert all("outside any test" in e for e in report.case_errors.values())


def test_every_worker_started_is_killed(job):
    sandbox = FakeSandbox({"a1": "crash", "b1": "hang"})
    run_submission(job, CELLS, CASES, LIMITS, sandbox)
    assert sandbox.killed >= len(sandbox.jobs)
