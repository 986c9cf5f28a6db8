"""``python -m autograder audit``: re-check every graded student on a dense battery.

For each student of a graded folder, the solution cells their grade was computed from
(``cells/<student>/<notebook>.json``, written by ``grade``) run again in the sandbox on
the assignment's battery: hundreds of inputs per graded function drawn from its
contract (``battery()`` in ``autograder/hidden/<id>.py``), judged here against the
oracles exactly as hidden tests are. Each graded function gets a class from each side:

``correct``, ``convention`` (values right, a convention broken, the convention share
deducted) or ``wrong``. They agree when they name the same class; where the battery is kinder the hidden tests
marked down code that meets the contract (a possible false negative), where it is harsher
they gave marks to broken code (a possible false positive). ``audit.csv`` lists each
student and function with the battery input that shows a failure.
"""

import dataclasses
import json
import os
import queue
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from autograder import csvfile, kit
from autograder.assignments import Assignment
from autograder.checks import Case
from autograder.grade import CELLS
from autograder.pipeline.judge import CaseResult, classify
from autograder.sandbox import Limits, claim_uids, clear_work, make_sandbox
from autograder.student import score_sources
from autograder.template import Template

AUDIT_COLUMNS = ["student_id", "grade_id", "points", "hidden_score", "hidden", "battery", "battery_cases", "verdict",
                 "evidence"]
KINDER = {"correct": 2, "convention": 1, "wrong": 0}
BATTERY_SEED = 20261201
AUDIT_SECONDS = 1800  # one student's whole battery, wall clock and CPU


@dataclass
class Row:
    student_id: str
    grade_id: str
    points: float
    hidden_score: float
    hidden: str
    battery: str
    battery_cases: int
    evidence: str

    @property
    def verdict(self) -> str:
        difference = KINDER[self.battery] - KINDER[self.hidden]
        return "agree" if difference == 0 else ("false negative" if difference > 0 else "false positive")


def battery_class(results: list[CaseResult]) -> tuple[str, str]:
    """The battery's class for one function, and the first failing input's feedback as evidence."""
    kind = classify(results)
    for result in results:
        if kind != "correct" and classify([result]) == kind:
            return kind, " ".join(line.strip() for line in result.lines if "✓" not in line)[:400]
    return kind, ""


def audit_student(assignment: Assignment, templates: list[Template], graded: Path, student: str,
                  battery: dict[str, list[Case]], work: Path, box) -> list[Row]:
    rows = []
    for template in templates:
        saved = graded / CELLS / student / f"{template.name}.json"
        if not saved.is_file():
            continue
        record = json.loads(saved.read_text())
        cases = [c for gid in template.points for c in battery.get(gid, [])]
        if not cases or not record["sources"]:
            continue
        outcome = score_sources(assignment, template, record["sources"], cases, work / f"slot-{box.slot}", box)
        by_gid = defaultdict(list)
        for case in cases:
            by_gid[case.grade_id].append(outcome.cases[case.name])
        for gid, results in by_gid.items():
            points = template.points[gid]
            score = float(record["scores"].get(gid, 0.0))
            kind, evidence = battery_class(results)
            rows.append(Row(student, gid, points, score, record["verdicts"].get(gid, "wrong"), kind, len(results),
                            evidence))
    return rows


def audit(assignment: Assignment, graded: Path, out: Path, jobs: int = 0, sandbox: str = "bubblewrap",
          seed: int = BATTERY_SEED, only: list[str] | None = None, secret: bytes | None = None,
          ) -> tuple[list[Row], str]:
    """Audit every student graded in ``graded``; write ``out/audit.csv``; return rows and a summary line.

    With a course secret the battery's inputs are drawn from it, as the hidden tests' are.
    """
    if secret:
        seed = kit.seed_of(assignment.id, secret, "battery")
    if not (graded / CELLS).is_dir():
        raise ValueError(f"{graded} holds no graded cells: give the --out folder of a `grade` run")
    out.mkdir(parents=True, exist_ok=True)
    templates = kit.load(assignment).templates
    battery: dict[str, list[Case]] = defaultdict(list)
    for case in assignment.hidden.battery(np.random.default_rng(seed)):
        battery[case.grade_id].append(case)
    students = sorted(p.name for p in (graded / CELLS).iterdir() if p.is_dir())
    if only:
        unknown = sorted(set(only) - set(students))
        if unknown:
            raise ValueError(f"not graded in {graded}: {', '.join(unknown)}")
        students = sorted(set(only))
    # The battery is many times the hidden tests: the same limit per case, more in all.
    limits = dataclasses.replace(assignment.limits, total_seconds=AUDIT_SECONDS, cpu_seconds=AUDIT_SECONDS)
    boxes: queue.Queue = student_sandboxes(sandbox, limits, jobs, assignment.preload)
    work = out / ".work"

    def one(student: str) -> list[Row]:
        box = boxes.get()
        try:
            return audit_student(assignment, templates, graded, student, battery, work, box)
        finally:
            boxes.put(box)

    clear_work(work)
    try:
        with ThreadPoolExecutor(max_workers=boxes.qsize()) as pool:
            rows = [row for found in pool.map(one, students) for row in found]
    finally:
        for box in list(boxes.queue):
            box.shutdown()
        clear_work(work)
    write_audit(out / "audit.csv", rows)
    counts: defaultdict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.verdict] += 1
    unaudited = sorted({gid for t in templates for gid in t.points if gid not in t.answer_ids} - set(battery))
    summary = (f"audited {len(students)} students, {len(rows)} graded functions on "
               f"{sum(len(v) for v in battery.values())} battery inputs: {counts['agree']} agree, "
               f"{counts['false negative']} possible false negatives, {counts['false positive']} possible false positives"
               + (f" (not on the battery: {', '.join(unaudited)})" if unaudited else ""))
    return rows, summary


def student_sandboxes(kind: str, limits: Limits, jobs: int = 0, preload: tuple[str, ...] = ()) -> queue.Queue:
    """One sandbox per concurrent job (``jobs``, default the CPU count), each with a uid of its own."""
    sandboxes: queue.Queue = queue.Queue()
    count = jobs or os.cpu_count() or 1
    uids = claim_uids(count) if kind == "bubblewrap" else [0] * count  # a uid per job: limits never add up
    for uid in uids:
        sandboxes.put(make_sandbox(kind, limits, uid, preload))
    return sandboxes


def write_audit(path: Path, rows: list[Row]) -> None:
    csvfile.write(path, AUDIT_COLUMNS, (
        [r.student_id, r.grade_id, f"{r.points:g}", f"{r.hidden_score:g}", r.hidden, r.battery, r.battery_cases,
         r.verdict, r.evidence] for r in rows
    ), numbers=("points", "hidden_score", "battery_cases"))
