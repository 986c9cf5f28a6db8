"""One student's whole grading, as a parallel worker (a local process or a Dask worker) does it.

The stages of ``autograder.pipeline``: read the hand-in (``handin``), rebuild the program
(``rebuild``), run it in the sandbox (``run``), judge the outputs (``judge``) and render the
feedback pages (``feedback``). What comes back is plain data for the coordinator to record: it
is the only writer of the gradebook. The hand-in travels in the task as bytes, so a
worker on another machine needs no shared folder; the assignment's kit is loaded from
that machine's own copy of the project and checked against the coordinator's key.
"""

from __future__ import annotations

import json
import multiprocessing.util
import os
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder import assignments, kit
from autograder.assignments import Assignment
from autograder.checks import Case
from autograder.pipeline import feedback
from autograder.pipeline.handin import solution_sources
from autograder.pipeline.judge import CaseResult, classify, judge_case, summarise
from autograder.pipeline.rebuild import prepare_job, program
from autograder.pipeline.run import read_messages, run_submission
from autograder.sandbox import Sandbox, claim_uids, clear_work, make_sandbox
from autograder.task import Graded, NotebookGrades, Problem, Status, Task
from autograder.template import Template


@dataclass
class NotebookOutcome:
    grades: NotebookGrades
    feedback_nb: nbformat.NotebookNode
    problems: list[Problem] = field(default_factory=list)  # (status, detail)
    cases: dict[str, CaseResult] = field(default_factory=dict)  # case name -> how it was judged
    sources: dict[str, str] = field(default_factory=dict)  # solution cell id -> the student's code that ran
    answers: dict[str, str] = field(default_factory=dict)  # written answer cell id -> the student's text


def grade(task: Task) -> Graded:
    """Grade one student, in whatever process runs this."""
    started = time.monotonic()
    from autograder import warm

    warm.in_background(task.assignment)
    assignment = assignments.get(task.assignment)
    the_kit = kit.load(assignment, task.secret, expect=task.kit_key)
    box, job = open_slot(task.assignment, task.sandbox, task.limits, task.work)
    only_one = len(the_kit.templates) == 1
    try:
        cases = kit.cases_of(assignment, the_kit, task.seed)
        outcomes = [grade_notebook(assignment, task.handin, t, cases[t.name], job, box, only_one)
                    for t in the_kit.templates]
    except OSError:  # the machine's fault (disk full, read-only): the coordinator stops, grading nobody wrongly
        raise
    except Exception as exc:  # a fault of the grader's: this student gets a row saying so
        outcomes = [failed(t, f"{type(exc).__name__}: {exc}") for t in the_kit.templates]
    problems = [p for o in outcomes for p in o.problems]
    score = sum(sum(o.grades.scores.values()) for o in outcomes)
    result = summarise(task.student_id, task.sha256, problems, score, the_kit.max_score)
    pages = {o.grades.notebook: feedback.render(o.feedback_nb, task.assignment, o.grades.notebook, task.student_id,
                                                o.grades.scores, o.grades.comments)
             for o in outcomes}
    result.seconds = time.monotonic() - started
    return Graded(result, [o.grades for o in outcomes], pages, {o.grades.notebook: _cells(o) for o in outcomes},
                  getattr(box, "uid", 0), {o.grades.notebook: json.dumps(o.feedback_nb) for o in outcomes})


def _cells(outcome: NotebookOutcome) -> dict:
    by_gid: dict[str, list[CaseResult]] = defaultdict(list)
    for result in outcome.cases.values():
        by_gid[result.grade_id].append(result)
    verdicts = {gid: classify(results) for gid, results in by_gid.items()}
    return {"sources": outcome.sources, "answers": outcome.answers, "scores": outcome.grades.scores,
            "verdicts": verdicts}


_slots = threading.local()  # per worker thread: its sandbox and job folder, kept for the process's life


def open_slot(assignment: str, sandbox: str, limits, work: str | None) -> tuple[Sandbox, Path]:
    """This thread's sandbox, with a uid no other grading process holds, and its job folder.

    Opened by the first task, or by a local worker before any task arrives (``dispatch``),
    so that its sandbox has started while the coordinator still sets up.
    """
    held = getattr(_slots, "held", None)
    wanted = (assignment, sandbox, limits, work)
    if held is None or held[0] != wanted:
        if held is not None:
            held[1].shutdown()
        uid = claim_uids(1)[0] if sandbox == "bubblewrap" else 0  # (a Task names a resolved kind, never auto)
        box = make_sandbox(sandbox, limits, uid, assignments.get(assignment).preload)
        # A local pool's worker exits through multiprocessing, which runs these and not atexit's.
        multiprocessing.util.Finalize(box, box.shutdown, exitpriority=10)
        root = Path(work) if work else Path(tempfile.gettempdir()) / "autograder-work"
        job = root / f"slot-{uid or os.getpid()}-{threading.get_ident()}"
        clear_work(job)  # what a killed run left here: the uid (or pid) is ours now
        held = _slots.held = (wanted, box, job)
    return held[1], held[2]


def warm_slot(assignment_id: str, kit_key: str, secret: bytes | None, sandbox: str, limits, work: str | None) -> None:
    """Open this thread's slot and start its sandbox, with the first notebook's inputs in its job folder."""
    assignment = assignments.get(assignment_id)
    the_kit = kit.load(assignment, secret, expect=kit_key)
    box, job = open_slot(assignment_id, sandbox, limits, work)
    job.mkdir(parents=True, exist_ok=True)
    prepare_job(job, assignment, the_kit.cases[the_kit.templates[0].name])
    box.warm(job)


def grade_notebook(
    assignment: Assignment, handin: dict[str, bytes | str], template: Template, cases: list[Case], job: Path,
    sandbox: Sandbox, only_one: bool,
) -> NotebookOutcome:
    extracted, problems = solution_sources(handin, template.name, template.solution_ids, only_one, template.answer_ids)
    if extracted is None:
        return _unread(template, problems)
    notes: dict[str, str] = {}
    for gid in extracted.missing:
        problems.append((Status.MISSING_CELL, f"solution cell {gid} is missing"))
        notes[gid] = "This solution cell was not found in your notebook (deleted, or its metadata edited)."
    for gid in extracted.duplicated:
        problems.append((Status.DUPLICATED_CELL, f"solution cell {gid} appears more than once"))
        notes[gid] = "This solution cell appears more than once in your notebook, so none of its copies was graded."
    return score_sources(assignment, template, extracted.sources, cases, job, sandbox, problems, notes,
                         extracted.answers)


def _unread(template: Template, problems: list[Problem]) -> NotebookOutcome:
    zero = NotebookGrades(template.name, {gid: 0.0 for gid in template.points}, {})
    return NotebookOutcome(zero, feedback.feedback_notebook(template.nb, {}, {}, {}), problems)


def failed(template: Template, reason: str) -> NotebookOutcome:
    return _unread(template, [(Status.GRADER_ERROR, reason)])


def score_sources(
    assignment: Assignment,
    template: Template,
    sources: dict[str, str],
    cases: list[Case],
    job: Path,
    sandbox: Sandbox,
    problems: list[Problem] | None = None,
    notes: dict[str, str] | None = None,
    answers: dict[str, str] | None = None,
) -> NotebookOutcome:
    """Run the template with these solution cell sources in the sandbox (job folder ``job``) and judge every case.

    ``answers``: the written answers' texts. Each is left for a person to grade (no score:
    nbgrader's "needs manual grade"), except one missing or left as released, which scores 0.
    None: the written answers are not part of this grading.
    """
    cells, sources = program(assignment, template, sources)
    problems, notes = list(problems or []), dict(notes or {})
    job.mkdir(parents=True, exist_ok=True)
    prepare_job(job, assignment, cases)
    sandbox.open(job)
    try:
        report = run_submission(job, cells, cases, sandbox.limits, sandbox)
        out = sandbox.folder(job, "out")
        messages = read_messages(out)
        for gid in template.solution_ids:
            note = report.cell_errors.get(gid) or messages.get(f"cell {gid}")
            if note:
                notes[gid] = f"When this cell ran: {note}"
        if report.timed_out:
            problems.append((Status.TIME_LIMIT, "some code did not finish in time"))
        if report.crashed:
            problems.append((Status.CRASHED, "the process running your code died"))
        earned: dict[str, float] = defaultdict(float)
        total: dict[str, float] = defaultdict(float)
        lines: dict[str, list[str]] = defaultdict(list)
        results = {}
        for case in cases:
            results[case.name] = result = judge_case(out, case, report, messages,
                                                     assignment.convention_share, lines[case.grade_id])
            earned[case.grade_id] += result.earned
            total[case.grade_id] += result.total
    finally:
        sandbox.close(job)  # the next notebook in this job folder finds nothing of this one's
    scores = {gid: round(points * earned[gid] / total[gid], 4) if total[gid] else 0.0
              for gid, points in template.points.items() if gid not in template.answer_ids}
    for gid in template.answer_ids if answers is not None else ():
        text = answers.get(gid, "").strip() if answers is not None else ""
        if not text or text == template.stub(gid).strip():
            scores[gid] = 0.0
            notes.setdefault(gid, "No answer was found in this cell.")
    comments = {gid: notes[gid] for gid in [*template.solution_ids, *template.answer_ids] if gid in notes}
    shown = {gid: sources.get(gid) for gid in template.solution_ids}
    nb = feedback.feedback_notebook(template.nb, shown, notes, lines, answers or {})
    return NotebookOutcome(NotebookGrades(template.name, scores, comments), nb, problems, results, dict(sources),
                           dict(answers or {}))
