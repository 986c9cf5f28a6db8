"""Imported once by the local pool's fork server, so that every worker forked from it starts warm.

Before any worker is forked, the fork server imports the grading stages, loads the kit of
the assignment being graded (named by ``AUTOGRADER_WARM_KIT``, "<id> <key>", the key "-"
with a course secret: then it imports what that kit's cases need), imports what its
trained-model judges run (the assignment's ``judge_preload``: an oracle, torch) and
compiles the feedback page's templates: paid once, shared by every worker. A process not
forked from it (a Dask worker) does the same on a thread of its own while its first
student's code runs (:func:`in_background`).
"""

import importlib
import os
import select
import sys
import threading

import nbformat

from autograder import assignments, kit, student  # noqa: F401
from autograder.pipeline import feedback
from autograder.sandbox import THREAD_VARS

_started = threading.Event()  # ready, or getting ready
_watching = threading.Event()  # the coordinator watched
_single = threading.Event()  # computing on one core


def _ready_the_rest(assignment_id: str) -> None:
    for module in assignments.get(assignment_id).judge_preload:  # imported only: a fork after torch
        importlib.import_module(module)  # has computed can hang its children
    page = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])  # a code cell: the lexer too
    feedback.render(page, "-", "-", "-", {}, {})


def _on_one_core() -> None:
    """A grading worker computes on one core: the pool (or the cluster) is the parallelism, and a
    judge's matrix product split over cores busy with other students' code waits for them (a
    trained model's accuracy: 30 ms instead of 1)."""
    import threadpoolctl

    os.environ.update(dict.fromkeys(THREAD_VARS, "1"))  # for torch, should a judge import it later
    threadpoolctl.threadpool_limits(1)  # numpy's BLAS
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)


def _exit_with(coordinator: int) -> None:
    """Wait for the coordinator to end; if this worker outlives it (it was killed), end too.

    A result could no longer be sent, and the worker would hold its sandbox uid for good.
    """
    try:
        fd = os.pidfd_open(coordinator)
    except ProcessLookupError:
        os._exit(1)
    select.select([fd], [], [])  # readable when that process has ended
    os._exit(1)


def in_background(assignment_id: str) -> None:
    """Once per worker process: get ready on a thread of its own unless the fork server did, compute
    on one core, and watch the local pool's coordinator (``AUTOGRADER_COORDINATOR``, its pid)."""
    if not _started.is_set():
        _started.set()

        def ready() -> None:
            _ready_the_rest(assignment_id)
            _on_one_core()

        threading.Thread(target=ready, name="warm", daemon=True).start()
    elif not _single.is_set():  # forked from the fork server, which readied the rest and must not compute
        _on_one_core()
    _single.set()
    if os.environ.get("AUTOGRADER_COORDINATOR") and not _watching.is_set():
        _watching.set()
        coordinator = int(os.environ["AUTOGRADER_COORDINATOR"])
        threading.Thread(target=_exit_with, args=(coordinator,), name="coordinator", daemon=True).start()


if os.environ.get("AUTOGRADER_WARM_KIT"):
    _id, _key = os.environ["AUTOGRADER_WARM_KIT"].split()
    if _key != "-":
        _cases = kit.load(assignments.get(_id), expect=_key).cases  # loaded before the fork, shared by every worker
    else:  # a course secret's kit, which each worker loads; its training cases read the digits
        importlib.import_module("sklearn.datasets")  # no oracle runs here: torch must not compute before a fork
    _ready_the_rest(_id)
    _started.set()
