"""The rebuild stage: the program to run, from the released template and the student's cells.

The solution cells go back into the template's order (``Template.program``), screened for the
shortcuts an assignment rules out; the job folder gets the grader's files (the worker, the probes
as a package, the toolkit) and each case's inputs. Nothing here runs student code.
"""

import functools
import io
from pathlib import Path

import numpy as np

from autograder import shortcuts
from autograder.assignments import TOOLKIT, Assignment
from autograder.checks import Case
from autograder.sync import reference_module
from autograder.template import Template

AUTOGRADER = Path(__file__).resolve().parent.parent


def program(assignment: Assignment, template: Template, sources: dict[str, str]) -> tuple[list[dict[str, str]], dict[str, str]]:
    """(the cells the worker runs, the sources as graded): the student's cells screened, in the template."""
    screened = shortcuts.screen(sources, assignment.forbidden_names)
    return template.program(screened), screened


def prepare_job(job_dir: Path, assignment: Assignment, cases: list[Case]) -> None:
    """Copy the worker, the probes and the toolkit into ``job_dir`` and write the inputs.

    Everything here is the grader's: the student's code may read it, never change it. A job
    folder used for one notebook after another is rewritten only where its files differ.
    """
    for name, data in _grader_files(assignment).items():
        (job_dir / name).parent.mkdir(parents=True, exist_ok=True)
        _write_if_changed(job_dir / name, data)
    (job_dir / "inputs").mkdir(exist_ok=True)
    for case in cases:
        _write_if_changed(job_dir / "inputs" / f"{case.name}.npz", _inputs_file(case))


@functools.cache  # read once per process: the grader's files do not change while it grades
def _grader_files(assignment: Assignment) -> dict[str, bytes]:
    # The probes are a package in the job folder as in the repository, the assignment's own module as
    # probes/assignment.py (it imports only .common).
    probes = AUTOGRADER / "probes"
    files = {"worker.py": AUTOGRADER / "worker.py", "probes/__init__.py": probes / "__init__.py",
             "probes/common.py": probes / "common.py", "probes/assignment.py": probes / f"{assignment.id}.py"}
    for source in TOOLKIT.rglob("*"):
        if source.is_file() and "__pycache__" not in source.parts and source.suffix != ".pyc":
            files[f"toolkit/{source.relative_to(TOOLKIT)}"] = source
    contents = {name: path.read_bytes() for name, path in files.items()}
    if assignment.reference_layers:  # instead of the loader of the student's own backprop notebook
        contents["toolkit/layers.py"] = reference_module(assignment.reference_layers).encode()
    return contents


_saved: dict[int, tuple[Case, bytes]] = {}  # id(case) -> the case (kept alive) and its inputs as .npz


def _inputs_file(case: Case) -> bytes:
    if id(case) not in _saved:
        if len(_saved) > 4096:  # students' own cases (--per-student) come and go
            _saved.clear()
        arrays = io.BytesIO()
        np.savez(arrays, allow_pickle=False, **case.inputs)
        _saved[id(case)] = case, arrays.getvalue()
    return _saved[id(case)][1]


def _write_if_changed(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` unless it holds them already; a new file, never one truncated (slow on ext4)."""
    if path.is_file() and path.read_bytes() == data:
        return
    path.unlink(missing_ok=True)
    path.write_bytes(data)


