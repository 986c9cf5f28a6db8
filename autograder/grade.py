"""``python -m autograder grade``: every student, one row and a reason each, nothing lost.

Per student and notebook: read the hand-in as plain JSON, take the solution cells by
grade id, rebuild the program from the instructor's template, run it in the sandbox,
judge its outputs here (never importing them as code), then write scores to the
gradebook, a feedback page, and finally the student's status row. Students are graded
in parallel; the gradebook is written from this thread only.
"""

import csv
import fcntl
import hashlib
import json
import os
import queue
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder import feedback, shortcuts, submission
from autograder.assignments import Assignment
from autograder.checks import Case, Outputs, contract_slips
from autograder.gradebook import GradeStore, NotebookGrades, Result
from autograder.run import RunReport, prepare_job, read_messages, run_submission
from autograder.sandbox import Limits, ProcessSandbox, claim_uids, clear_work, make_sandbox
from autograder.worker import COMPLETE

# Under the output folder: the solution cells each student's grade was computed from.
CELLS = "cells"
CSV_COLUMNS = ["student_id", "score", "max_score", "status", "detail", "seconds", "graded_at", "sha256"]
# The worst problem names the student's status; "ok" when grading went as intended.
STATUS_ORDER = ["grader error", "missing notebook", "invalid notebook", "missing cell", "duplicated cell", "time limit", "crashed"]


@dataclass
class Template:
    """A released notebook: what runs, what is graded and for how many points."""

    name: str
    nb: nbformat.NotebookNode
    points: dict[str, float]  # grade cell id -> points
    solution_ids: list[str]

    @classmethod
    def load(cls, path: Path) -> "Template":
        return cls.from_notebook(path.stem, nbformat.read(path, as_version=4))

    @classmethod
    def from_notebook(cls, name: str, nb: nbformat.NotebookNode) -> "Template":
        points, solutions = {}, []
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade"):
                points[meta["grade_id"]] = float(meta.get("points", 0))
            if meta.get("solution"):
                solutions.append(meta["grade_id"])
        return cls(name, nb, points, solutions)

    def program(self, sources: dict[str, str]) -> list[dict[str, str]]:
        """Cells to run, in order: the template's setup cells and the student's solution cells."""
        cells = []
        for i, cell in enumerate(self.nb.cells):
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code":
                continue
            if "setup" in cell.metadata.get("tags", []):
                cells.append({"id": meta.get("grade_id", f"setup-{i}"), "source": cell.source})
            elif meta.get("solution") and meta.get("grade_id") in sources:
                cells.append({"id": meta["grade_id"], "source": sources[meta["grade_id"]]})
        return cells


@dataclass
class Student:
    id: str
    folder: Path
    sha256: str


@dataclass
class NotebookOutcome:
    grades: NotebookGrades
    feedback_nb: nbformat.NotebookNode
    problems: list[tuple[str, str]] = field(default_factory=list)  # (status, detail)
    cases: dict[str, "CaseResult"] = field(default_factory=dict)  # case name -> how it was judged
    sources: dict[str, str] = field(default_factory=dict)  # solution cell id -> the student's code that ran


def find_students(submissions: Path) -> list[Student]:
    """Every ``submissions/<student_id>/`` folder, with a hash of its notebooks."""
    if not submissions.is_dir():
        raise ValueError(f"{submissions} is not a folder of submissions/<student_id>/")
    students = []
    for folder in sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        digest = hashlib.sha256()
        for nb in sorted(folder.glob("*.ipynb")):
            digest.update(nb.name.encode() + b"\0")
            with open(nb, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
        students.append(Student(folder.name, folder, digest.hexdigest()))
    return students


def _locate(folder: Path, name: str, only_one: bool) -> tuple[Path | None, str | None]:
    """The hand-in for template ``name``: by name, or the folder's single notebook."""
    exact = folder / f"{name}.ipynb"
    if exact.is_file():
        return exact, None
    found = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    if only_one and len(found) == 1:
        return found[0], f"graded {found[0].name} as {name}.ipynb"
    return None, None


def grade_notebook(
    assignment: Assignment, student: Student, template: Template, cases: list[Case], work: Path,
    sandbox: ProcessSandbox, only_one: bool,
) -> NotebookOutcome:
    problems: list[tuple[str, str]] = []
    notes: dict[str, str] = {}
    zero = NotebookGrades(template.name, {gid: 0.0 for gid in template.points}, {})
    path, renamed = _locate(student.folder, template.name, only_one)
    if renamed:
        problems.append(("", renamed))
    if path is None:
        problems.append(("missing notebook", f"no {template.name}.ipynb"))
        return NotebookOutcome(zero, feedback.feedback_notebook(template.nb, {}, {}, {}), problems)
    try:
        extracted = submission.extract(submission.load_json(path), template.solution_ids)
    except submission.InvalidNotebook as exc:
        problems.append(("invalid notebook", f"{path.name}: {exc}"))
        return NotebookOutcome(zero, feedback.feedback_notebook(template.nb, {}, {}, {}), problems)
    for gid in extracted.missing:
        problems.append(("missing cell", f"solution cell {gid} is missing"))
        notes[gid] = "This solution cell was not found in your notebook (deleted, or its metadata edited)."
    for gid in extracted.duplicated:
        problems.append(("duplicated cell", f"solution cell {gid} appears more than once"))
        notes[gid] = "This solution cell appears more than once in your notebook, so none of its copies was graded."

    return score_sources(assignment, template, extracted.sources, cases, work, sandbox, problems, notes)


def score_sources(
    assignment: Assignment,
    template: Template,
    sources: dict[str, str],
    cases: list[Case],
    work: Path,
    sandbox: ProcessSandbox,
    problems: list[tuple[str, str]] | None = None,
    notes: dict[str, str] | None = None,
) -> NotebookOutcome:
    """Run the template with these solution cell sources in the sandbox and judge every case."""
    job = work / template.name
    sources = shortcuts.screen(sources, assignment.forbidden_names)
    prepare_job(job, assignment, cases)
    sandbox.open(job)
    try:
        return _run_and_judge(job, template, sources, cases, sandbox, list(problems or []), dict(notes or {}),
                              assignment.convention_share)
    finally:
        sandbox.close(job)


def _run_and_judge(
    job: Path,
    template: Template,
    sources: dict[str, str],
    cases: list[Case],
    sandbox: ProcessSandbox,
    problems: list[tuple[str, str]],
    notes: dict[str, str],
    share: float,
) -> NotebookOutcome:
    report = run_submission(job, template.program(sources), cases, sandbox.limits, sandbox)
    messages = read_messages(job)
    for gid in template.solution_ids:
        note = report.cell_errors.get(gid) or messages.get(f"cell {gid}")
        if note:
            notes[gid] = f"When this cell ran: {note}"
    if report.timed_out:
        problems.append(("time limit", "some code did not finish in time"))
    if report.crashed:
        problems.append(("crashed", "the process running your code died"))

    earned: dict[str, float] = defaultdict(float)
    total: dict[str, float] = defaultdict(float)
    lines: dict[str, list[str]] = defaultdict(list)
    results = {}
    for case in cases:
        results[case.name] = result = judge_case(job / "out", case, report, messages, share, lines[case.grade_id])
        earned[case.grade_id] += result.earned
        total[case.grade_id] += result.total
    scores = {
        gid: round(points * earned[gid] / total[gid], 4) if total[gid] else 0.0
        for gid, points in template.points.items()
    }
    comments = {gid: notes[gid] for gid in template.solution_ids if gid in notes}
    shown = {gid: sources.get(gid) for gid in template.solution_ids}
    nb = feedback.feedback_notebook(template.nb, shown, notes, lines)
    return NotebookOutcome(NotebookGrades(template.name, scores, comments), nb, problems, results, dict(sources))


@dataclass
class CaseResult:
    grade_id: str
    earned: float  # weight earned, conventions deducted
    total: float  # weight at stake
    values_right: bool  # every check's values right (conventions aside)
    slips: set[str]  # conventions broken
    lines: list[str] = field(default_factory=list)  # what the feedback says of this case


def classify(results: list[CaseResult]) -> str:
    """``correct``, ``convention`` (values right, a convention broken) or ``wrong``, over some cases."""
    if not all(r.values_right for r in results):
        return "wrong"
    return "convention" if any(r.slips for r in results) else "correct"


def judge_case(
    out: Path, case: Case, report: RunReport, messages: dict[str, str], share: float, lines: list[str]
) -> CaseResult:
    """Judge one case's outputs here, in the grader's process, and add its feedback lines.

    A convention broken while the values are right (a dtype, a tie, an input modified in
    place) costs ``share`` of what the case earned, once per case; wrong values earn nothing.
    """
    outputs = Outputs(out / case.name, messages.get(f"case {case.name}"), within=out)
    # A second call is judged only after a first one that ran to its end.
    first_complete = (out / case.name / COMPLETE).is_file()
    again = Outputs(out / f"{case.name}~again", outputs.note, within=out) if case.repeat and first_complete else None
    error = report.case_errors.get(case.name) or (None if outputs.keys() else outputs.note)
    total = sum(check.weight for check in case.checks)
    start = len(lines)
    lines.append(f"{case.title}:")
    if error:  # nothing to judge: one line for the whole case
        lines.append(f"  ✗ {', '.join(check.label for check in case.checks)}: not computed — {error}")
        return CaseResult(case.grade_id, 0.0, total, False, set(), lines[start:])
    earned, slips = 0.0, set()
    for check in case.checks:
        verdict = check.run(outputs, again)
        earned += verdict.fraction * check.weight
        slips.update(verdict.slips)
        mark = ("≈" if verdict.slips else "✓") if verdict.fraction == 1 else ("½" if verdict.fraction > 0 else "✗")
        lines.append(f"  {mark} {verdict.text}")
    for slip, what in contract_slips(outputs):
        slips.add(slip)
        lines.append(f"  ≈ {what}")
    values_right = earned == total
    if slips and earned:
        lines.append(f"  conventions broken: {', '.join(sorted(slips))} — {share:.0%} of this case deducted")
        earned *= 1 - share
    return CaseResult(case.grade_id, earned, total, values_right, slips, lines[start:])


def summarise(student: Student, outcomes: list[NotebookOutcome], max_score: float) -> Result:
    problems = [p for o in outcomes for p in o.problems]
    statuses = {status for status, _ in problems if status}
    status = next((s for s in STATUS_ORDER if s in statuses), "ok")
    score = round(sum(sum(o.grades.scores.values()) for o in outcomes), 4)
    detail = "; ".join(text for _, text in problems)
    return Result(student.id, student.sha256, status, detail, score, max_score)


def student_sandboxes(kind: str, limits: Limits, jobs: int = 0, preload: tuple[str, ...] = ()) -> queue.Queue:
    """One sandbox per concurrent job (``jobs``, default the CPU count), each with a uid of its own."""
    sandboxes: queue.Queue = queue.Queue()
    count = jobs or os.cpu_count() or 1
    uids = claim_uids(count) if kind == "bubblewrap" else [0] * count  # a uid per job: limits never add up
    for uid in uids:
        sandboxes.put(make_sandbox(kind, limits, uid, preload))
    return sandboxes


def grade_batch(
    assignment: Assignment,
    submissions: Path,
    out: Path,
    db_url: str | None = None,
    jobs: int = 0,
    regrade: bool = False,
    limits: Limits | None = None,
    sandbox: str = "bubblewrap",
) -> str:
    """Grade every student in ``submissions``; return a one-line summary."""
    students = find_students(submissions)
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock = open(out / ".grading.lock", "w")
    except OSError as exc:
        raise ValueError(f"cannot write to {out}: {exc.strerror}") from None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise ValueError(f"another grading run is writing to {out}") from None
    db_url = db_url or f"sqlite:///{(out / 'gradebook.db').resolve()}"
    limits = limits or assignment.limits
    sandboxes = student_sandboxes(sandbox, limits, jobs, assignment.preload)
    jobs = sandboxes.qsize()
    lock.write(f"pid {os.getpid()} uids {' '.join(str(b.uid) for b in list(sandboxes.queue) if hasattr(b, 'uid'))}\n")
    lock.flush()
    work = out / ".work"
    clear_work(work)  # what a killed run left behind
    from autograder.release import generate  # nbgrader: slow to import, not needed to score

    release = generate(assignment, out / "course", db_url)
    templates = [Template.load(release / f"{name}.ipynb") for name in assignment.notebook_names]
    cases_by_nb = _cases_by_notebook(assignment, templates)
    max_score = sum(sum(t.points.values()) for t in templates)
    store = GradeStore(db_url, assignment.id)
    try:
        done = {sid: r for sid, r in store.graded().items() if r.status != "grader error"}  # those are retried
        todo = [s for s in students if regrade or s.id not in done or done[s.id].sha256 != s.sha256]

        def grade_one(student: Student) -> Result | tuple[Result, list[NotebookOutcome]]:
            box = sandboxes.get()
            started = time.monotonic()
            try:
                outcomes = [
                    grade_notebook(assignment, student, t, cases_by_nb[t.name], work / f"slot-{box.slot}", box,
                                   len(templates) == 1)
                    for t in templates
                ]
            except OSError:  # the machine's fault (disk full, read-only): stop, grade nobody wrongly
                raise
            except Exception as exc:  # a fault of the grader's: this student gets a row saying so
                outcomes = [_failed(t, f"{type(exc).__name__}: {exc}") for t in templates]
            finally:
                sandboxes.put(box)
            result = summarise(student, outcomes, max_score)
            result.seconds = time.monotonic() - started
            return result, outcomes

        pool = ThreadPoolExecutor(max_workers=jobs)
        try:
            for future in as_completed([pool.submit(grade_one, s) for s in todo]):
                result, outcomes = future.result()
                store.save(result, [o.grades for o in outcomes],
                           then=lambda: _write_feedback(out, db_url, assignment.id, result.student_id, outcomes))
        finally:  # on an error, students not yet started are left for the next run
            pool.shutdown(wait=True, cancel_futures=True)
        rows = store.graded()
    finally:
        store.close()
        for box in list(sandboxes.queue):
            box.shutdown()
        clear_work(work)
    write_csv(out / "grades.csv", rows)
    statuses = defaultdict(int)
    for s in students:
        statuses[rows[s.id].status] += 1
    status_text = ", ".join(f"{n} {k}" for k, n in sorted(statuses.items()))
    return f"graded {len(todo)} of {len(students)} students ({len(students) - len(todo)} unchanged): {status_text}"


def _failed(template: Template, reason: str) -> NotebookOutcome:
    zero = NotebookGrades(template.name, {gid: 0.0 for gid in template.points}, {})
    return NotebookOutcome(zero, feedback.feedback_notebook(template.nb, {}, {}, {}), [("grader error", reason)])


def _cases_by_notebook(assignment: Assignment, templates: list[Template]) -> dict[str, list[Case]]:
    owner = {gid: t.name for t in templates for gid in t.points}
    by_nb: dict[str, list[Case]] = {t.name: [] for t in templates}
    for case in assignment.hidden.cases():
        if case.grade_id not in owner:
            raise ValueError(f"hidden case {case.name} names grade cell {case.grade_id}, which no notebook has")
        by_nb[owner[case.grade_id]].append(case)
    return by_nb


def _write_feedback(out: Path, db_url: str, assignment: str, student: str, outcomes: list[NotebookOutcome]) -> None:
    """The feedback pages, and the solution cells that ran (``cells/<student>/<notebook>.json``, for the audit)."""
    for outcome in outcomes:
        cells = out / CELLS / student / f"{outcome.grades.notebook}.json"
        cells.parent.mkdir(parents=True, exist_ok=True)
        by_gid = defaultdict(list)
        for result in outcome.cases.values():
            by_gid[result.grade_id].append(result)
        verdicts = {gid: classify(results) for gid, results in by_gid.items()}
        cells.write_text(json.dumps({"sources": outcome.sources, "scores": outcome.grades.scores,
                                     "verdicts": verdicts}, indent=1))
        path = out / "feedback" / student / f"{outcome.grades.notebook}.html"
        feedback.write_feedback(outcome.feedback_nb, path, db_url, assignment, outcome.grades.notebook, student)


def write_csv(path: Path, rows: dict[str, Result]) -> None:
    """The gradebook's summary, one row per student, written atomically."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS)
        for sid in sorted(rows):
            r = rows[sid]
            graded_at = r.graded_at.isoformat(timespec="seconds") if r.graded_at else ""
            writer.writerow(
                [r.student_id, f"{r.score:g}", f"{r.max_score:g}", r.status, r.detail, f"{r.seconds:.2f}", graded_at,
                 r.sha256]
            )
    tmp.replace(path)
