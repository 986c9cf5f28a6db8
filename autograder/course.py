"""``DIR/course``: the nbgrader course directory ``grade`` leaves, for people to grade in formgrader.

    course/nbgrader_config.py                                 the course root and its gradebook
    course/release/<assignment>/...                           the release, as generate_assignment made it
    course/autograded/<student>/<assignment>/<notebook>.ipynb the template with the student's cells,
                                                              written answers and hidden-test results
    course/rubric/<assignment>.md                             the written questions' mark schemes

``nbgrader formgrader`` started in that folder lists every submission with its automatic
scores; a TA scores the written answers, overrides a score or comments, and nbgrader keeps
it in the same gradebook. ``python -m autograder feedback ID --out DIR`` then renders the
feedback pages again from the autograded notebooks and the gradebook's scores and comments
(the TA's where given). The written answers' rubrics are in ``DIR/course/rubric/``, never in
a page a student sees.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograder.kit import Kit

CONFIG = '''\
# Written by `python -m autograder grade`, which rewrites it on every run.
# nbgrader's formgrader, started in this folder, grades the same gradebook the grader wrote.
c = get_config()  # noqa: F821
c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = {db_url!r}
c.Exchange.root = {exchange!r}  # unused here; a folder it can write, so that formgrader does not warn
'''


def autograded_path(out: Path, student: str, assignment: str, notebook: str) -> Path:
    return out / "course" / "autograded" / student / assignment / f"{notebook}.ipynb"


def write_config(out: Path, db_url: str, kit: Kit) -> None:
    """The course's nbgrader_config.py (readable by its owner alone: the gradebook's URL may hold a
    password) and the kit's rubric of the written answers, ``rubric/<assignment>.md``."""
    course = out / "course"
    if kit.rubric:
        (course / "rubric").mkdir(parents=True, exist_ok=True)
        (course / "rubric" / f"{kit.assignment}.md").write_text(kit.rubric, encoding="utf-8")
    (course / "exchange").mkdir(parents=True, exist_ok=True)
    path = course / "nbgrader_config.py"
    tmp = path.with_name(f".{path.name}.tmp")
    text = CONFIG.format(root=str(course.resolve()), db_url=db_url, exchange=str((course / "exchange").resolve()))
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as f:
        f.write(text)
    tmp.replace(path)


def regenerate_feedback(assignment: str, out: Path, db_url: str | None = None) -> str:
    """Render every graded student's feedback pages again, with the gradebook's scores and comments.

    A score a person gave (formgrader's manual score) replaces the grader's, and their comment
    is shown beside the grader's, as nbgrader's own feedback does. Returns a one-line summary.
    """
    import nbformat
    from nbgrader.api import Gradebook, MissingEntry

    from autograder.pipeline.feedback import render, write_page
    from autograder.pipeline.record import patch_schema_version
    from autograder.task import gradebook_url

    db_url = gradebook_url(out, db_url, must_exist=True)
    patch_schema_version()
    pages, students, pending, lost = 0, 0, 0, []
    with Gradebook(db_url) as gb:
        try:
            submissions = gb.find_assignment(assignment).submissions
        except MissingEntry:
            raise ValueError(f"the gradebook holds no grades of {assignment}") from None
        for submission in submissions:
            students += 1
            pending += bool(submission.needs_manual_grade)
            for nb in submission.notebooks:
                path = autograded_path(out, submission.student_id, assignment, nb.name)
                if not path.is_file():
                    lost.append(f"{submission.student_id}/{nb.name}")
                    continue
                scores = {g.name: g.score for g in nb.grades if g.score is not None}
                comments = {c.name: "\n\n".join(t for t in (c.auto_comment, c.manual_comment) if t)
                            for c in nb.comments}
                page = render(nbformat.read(path, as_version=4), assignment, nb.name, submission.student_id,
                              scores, comments)
                write_page(page, out / "feedback" / submission.student_id / f"{nb.name}.html")
                pages += 1
    summary = f"wrote {pages} feedback pages of {students} students; {pending} still need grading by hand"
    if lost:
        summary += f"; no autograded notebook for {len(lost)} (graded before written answers existed): " + \
                   ", ".join(lost[:10])
    return summary
