"""Where students are graded: a pool of local worker processes, or the workers of a Dask cluster.

Either way each student is one task, ``student.grade(task)``, run in a process of its own
(processes, not threads: rebuilding, judging and rendering are Python and hold the GIL),
and results come back as they finish. A worker that dies takes none of its students with
it: they are graded again elsewhere, and the coordinator records each student once.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from autograder.task import Graded, Task

# A student in flight when the worker pool broke this many times is given up on (its row says so).
MAX_POOL_BREAKS = 3


class WorkerLost(Exception):
    """A task could not be completed: its worker kept dying, or the cluster went away."""


class LocalPool:
    """``jobs`` worker processes on this machine, forked from one that has imported the grader once.

    They start at once, each opening its sandbox (``slot``: the assignment, kit key, course
    secret, sandbox kind, limits and work folder), while the coordinator still opens the gradebook.
    """

    def __init__(self, jobs: int, slot: tuple):
        from multiprocessing import forkserver

        self.jobs = jobs
        self.slot = slot
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["autograder.warm"])
        # The assignment's id and kit key; with a course secret, which stays out of the environment, "-".
        os.environ["AUTOGRADER_WARM_KIT"] = f"{slot[0]} {slot[1] if slot[2] is None else '-'}"
        os.environ["AUTOGRADER_COORDINATOR"] = str(os.getpid())  # a worker that outlives this process ends
        forkserver.ensure_running()  # it imports the grader and loads the kit while this process sets up
        self.started: ProcessPoolExecutor | None = self._executor(jobs)
        # Each submission starts one worker (they start on demand), once the fork server is ready.
        threading.Thread(target=lambda pool: [pool.submit(os.getpid) for _ in range(jobs)], args=(self.started,),
                         name="start workers", daemon=True).start()

    def _executor(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=self.context, initializer=worker_started,
                                   initargs=(self.slot,))

    def run(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, Graded | WorkerLost]]:
        pending = {t.student_id: t for t in tasks}
        breaks: dict[str, int] = {}
        barren = 0  # pools in a row that broke before grading or starting anyone
        marks = Path(tempfile.mkdtemp(prefix="autograder-running-"))  # one file per student being graded
        try:
            while pending:
                if barren >= MAX_POOL_BREAKS:
                    raise WorkerLost(f"the grading workers died as they started, {barren} times")
                executor, self.started = self.started or self._executor(min(self.jobs, len(pending))), None
                before = len(pending)
                with executor as pool:
                    try:
                        futures = {pool.submit(grade_marked, t, str(marks)): t for t in pending.values()}
                    except BrokenProcessPool:  # a worker died before any student was sent
                        futures = {}
                    for future in as_completed(futures):
                        task = futures[future]
                        try:
                            graded = future.result()
                        except BrokenProcessPool:  # a worker died: its students are graded again by a new pool
                            continue
                        del pending[task.student_id]
                        yield task, graded
                died_under = list(marks.iterdir())  # the students whose worker died under them
                barren = barren + 1 if len(pending) == before and not died_under else 0
                for mark in died_under:
                    mark.unlink()
                    breaks[mark.name] = breaks.get(mark.name, 0) + 1
                    if breaks[mark.name] >= MAX_POOL_BREAKS and mark.name in pending:
                        task = pending.pop(mark.name)
                        yield task, WorkerLost(f"the grading worker died {MAX_POOL_BREAKS} times while grading")
        finally:
            shutil.rmtree(marks, ignore_errors=True)

    def close(self) -> None:
        if self.started:  # no task came
            self.started.shutdown(cancel_futures=True)
            self.started = None


def worker_started(slot: tuple) -> None:
    """In each new worker, before any task: open the sandbox, and end with the coordinator."""
    from autograder import student, warm

    warm.in_background(slot[0])
    try:
        student.warm_slot(*slot)
    except Exception:  # noqa: BLE001  (the first task meets the same fault and reports it)
        pass


def grade_marked(task: Task, marks: str) -> Graded:
    """``student.grade``, with a mark that says so while it runs (student ids are folder names)."""
    from autograder import student

    mark = Path(marks) / task.student_id
    mark.touch()
    graded = student.grade(task)
    mark.unlink()
    return graded


class DaskPool:
    """The workers of a running Dask cluster (``dask scheduler``; ``dask worker`` on each machine)."""

    def __init__(self, address: str):
        import logging

        from distributed import Client

        # The cluster's own log (reconnection attempts, tracebacks) is not the instructor's to read.
        for name in ["distributed", *logging.root.manager.loggerDict]:
            if name.startswith("distributed"):
                logging.getLogger(name).setLevel(logging.CRITICAL)

        try:
            self.client = Client(address, timeout="20s")
        except OSError as exc:
            raise ValueError(f"no Dask scheduler at {address}: {exc}") from None
        self.address = address

    def run(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, Graded | WorkerLost]]:
        from distributed import as_completed as dask_completed
        from distributed.client import FutureCancelledError
        from distributed.scheduler import KilledWorker

        tasks = list(tasks)
        # One key per student and hand-in: Dask runs a task again on another worker if its worker dies.
        from autograder import student

        futures = {self.client.submit(student.grade, t, key=f"grade-{t.assignment}-{t.student_id}-{t.sha256[:16]}",
                                      pure=False): t for t in tasks}
        by_key = {f.key: t for f, t in futures.items()}
        for future in dask_completed(futures):
            task = by_key[future.key]
            try:
                graded = future.result()
            except KilledWorker:
                graded = WorkerLost("every Dask worker that tried to grade this student died")
            except (OSError, FutureCancelledError, TimeoutError) as exc:
                raise WorkerLost(f"lost the Dask scheduler at {self.address} ({type(exc).__name__}); "
                                 "run the same command again to grade the students not yet graded") from None
            yield task, graded

    def close(self) -> None:
        self.client.close()


def make_pool(jobs: int, scheduler: str | None, slot: tuple) -> LocalPool | DaskPool:
    """A Dask cluster's workers when given its scheduler; else ``jobs`` local processes, warmed for this slot
    (the assignment's id, its kit key, the course secret, the sandbox, its limits and the work folder)."""
    return DaskPool(scheduler) if scheduler else LocalPool(jobs, slot)
