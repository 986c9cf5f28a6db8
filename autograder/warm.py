"""Imported once by the local pool's fork server, so that every worker forked from it starts warm.

Before any worker is forked, the fork server imports the grading stages, loads the kit of
the assignment being graded (named by ``AUTOGRADER_WARM_KIT``, "<id> <key>", the key "-"
with a course secret: then it imports what that kit's cases need), imports torch
(the trained-model judges' oracles use it) and compiles the feedback page's templates:
paid once, shared by every worker. A process not forked from it (a Dask worker) does the
same on a thread of its own while its first student's code runs (:func:`in_background`).
"""

import importlib
import os
import select
import threading

import nbformat

from autograder import assignments, feedback, kit, student  # noqa: F401

_started = threading.Event()  # ready, or getting ready
_watching = threading.Event()  # the coordinator watched


def _ready_the_rest() -> None:
    importlib.import_module("torch")  # imported only: a fork after torch has computed can hang its children
    page = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])  # a code cell: the lexer too
    feedback.render(page, "-", "-", "-", {}, {})


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


def in_background() -> None:
    """Once per worker process: get ready on a thread of its own unless the fork server did, and
    watch the local pool's coordinator (``AUTOGRADER_COORDINATOR``, its pid)."""
    if not _started.is_set():
        _started.set()
        threading.Thread(target=_ready_the_rest, name="warm", daemon=True).start()
    if os.environ.get("AUTOGRADER_COORDINATOR") and not _watching.is_set():
        _watching.set()
        coordinator = int(os.environ["AUTOGRADER_COORDINATOR"])
        threading.Thread(target=_exit_with, args=(coordinator,), name="coordinator", daemon=True).start()


if os.environ.get("AUTOGRADER_WARM_KIT"):
    _id, _key = os.environ["AUTOGRADER_WARM_KIT"].split()
    if _key != "-":
        kit.load(assignments.get(_id), expect=_key).cases
    else:  # a course secret's kit, which each worker loads; its training cases read the digits
        importlib.import_module("sklearn.datasets")  # no oracle runs here: torch must not compute before a fork
    _ready_the_rest()
    _started.set()
