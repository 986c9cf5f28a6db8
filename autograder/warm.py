"""Imported once by the local pool's fork server, so that every worker forked from it starts warm.

The grading stages are imported, and the kit of the assignment being graded (named by
``AUTOGRADER_WARM_KIT``, "<id> <key>") is loaded, before any worker is forked. What only
the end of a student's grading needs (torch for the trained-model judges, the feedback
exporter) is made ready by :func:`in_background` while the first student's code runs.
"""

import importlib
import os
import select
import threading

import nbformat

from autograder import assignments, feedback, kit, student  # noqa: F401

_started = threading.Event()


def _ready_the_rest() -> None:
    importlib.import_module("torch")
    feedback.render(nbformat.v4.new_notebook(), "-", "-", "-", {}, {})  # compiles the page's templates


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
    """Once per worker process: import torch and build the exporter on a thread of their own, and
    watch the local pool's coordinator (``AUTOGRADER_COORDINATOR``, its pid)."""
    if not _started.is_set():
        _started.set()
        threading.Thread(target=_ready_the_rest, name="warm", daemon=True).start()
        if os.environ.get("AUTOGRADER_COORDINATOR"):
            coordinator = int(os.environ["AUTOGRADER_COORDINATOR"])
            threading.Thread(target=_exit_with, args=(coordinator,), name="coordinator", daemon=True).start()


if os.environ.get("AUTOGRADER_WARM_KIT"):
    _id, _key = os.environ["AUTOGRADER_WARM_KIT"].split()
    kit.load(assignments.get(_id), expect=_key).cases
