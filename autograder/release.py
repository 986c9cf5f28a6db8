"""Student and solution versions of an assignment, made by nbgrader's generate_assignment."""

from __future__ import annotations

import logging
import shutil
import tempfile
import zipfile
from pathlib import Path

import jupytext
import nbformat
from nbgrader.converters import GenerateAssignment
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config

from autograder import handout
from autograder.assignments import TOOLKIT, Assignment
from autograder.pipeline.record import patch_schema_version

# nbgrader's own default course. Its CourseDirectory's is "", a course no row names: SQLite
# lets the assignment point at it, PostgreSQL's foreign key does not.
COURSE = "default_course"
# Markers that must never reach a student: solution regions and our generator's notes.
FORBIDDEN_IN_RELEASE = ("### BEGIN SOLUTION", "### END SOLUTION", "### BEGIN HIDDEN TESTS", "autograder sync")


def source_notebook(path: Path) -> nbformat.NotebookNode:
    """A MyST source as an nbformat-4 notebook, without the generator's metadata."""
    nb = jupytext.read(path)
    for cell in nb.cells:
        cell.metadata.pop("autograder", None)
    nb.metadata.pop("jupytext", None)
    return nb


def student_notebook(assignment: Assignment, path: Path) -> nbformat.NotebookNode:
    """The source ``path`` as a student's notebook: with the first cell (find the toolkit) and the last
    (check before hand-in) that every release's notebooks have."""
    return handout.with_student_cells(assignment, path.stem, source_notebook(path))


def _copy_toolkit(dest: Path) -> None:
    shutil.copytree(TOOLKIT, dest / "toolkit", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def generate(assignment: Assignment, root: Path, db_url: str) -> Path:
    """Run generate_assignment in the course folder ``root``, recording the assignment in ``db_url``.

    Returns the release folder ``root/release/<id>``.
    """
    source = root / "source" / assignment.id
    shutil.rmtree(source, ignore_errors=True)
    source.mkdir(parents=True)
    for path in assignment.sources:
        nbformat.write(student_notebook(assignment, path), source / f"{path.stem}.ipynb")
    _copy_toolkit(source)
    patch_schema_version()
    coursedir = CourseDirectory(root=str(root))
    coursedir.assignment_id = assignment.id
    coursedir.db_url = db_url
    coursedir.course_id = COURSE
    config = Config()
    config.GenerateAssignment.force = True
    config.GenerateAssignment.create_assignment = True
    converter = GenerateAssignment(coursedir=coursedir, config=config)
    converter.log.setLevel(logging.WARNING)
    converter.start()
    release = root / "release" / assignment.id
    _check_clean(release)
    return release


def _check_clean(release: Path) -> None:
    for nb_path in release.glob("*.ipynb"):
        text = nb_path.read_text()
        leaked = [m for m in FORBIDDEN_IN_RELEASE if m in text]
        if leaked:
            raise RuntimeError(f"{nb_path.name}: the release still contains {leaked}")


def _replace_dir(src: Path, out: Path) -> list[Path]:
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(src, out, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return sorted(p for p in out.rglob("*") if p.is_file())


def write_release(assignment: Assignment, out: Path, zip_path: Path | None = None) -> list[Path]:
    """Write the student version to ``out``: the notebooks without solutions, toolkit/, and README.md,
    requirements.txt and structure.json (``autograder.handout``); zipped into ``zip_path`` if given."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        release = generate(assignment, root, f"sqlite:///{root / 'gradebook.db'}")
        handout.write_files(assignment, release)
        written = _replace_dir(release, out)
    if zip_path is not None:
        write_zip(out, zip_path, assignment.id)
        written.append(zip_path)
    return written


def write_zip(folder: Path, zip_path: Path, top: str) -> None:
    """Zip ``folder`` into ``zip_path`` (written whole or not at all), its files in a folder ``top``: the
    assignment's id, where the notebook's first cell looks for the unpacked release."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_name(zip_path.name + ".tmp")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
    partial.replace(zip_path)


def write_solution(assignment: Assignment, out: Path) -> list[Path]:
    """Write the notebooks with the reference solution filled in to ``out``, with everything else of the
    release (toolkit/, README.md, requirements.txt, structure.json): a solved student's folder, whose
    last cell's check passes."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        release = generate(assignment, root, f"sqlite:///{root / 'gradebook.db'}")
        handout.write_files(assignment, release)
        for path in assignment.sources:
            nbformat.write(student_notebook(assignment, path), release / f"{path.stem}.ipynb")
        return _replace_dir(release, out)
