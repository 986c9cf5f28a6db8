"""``python -m autograder validate``: prove an assignment's hidden tests through the real command.

It builds a class of submissions — the reference solution, the untouched release, one
notebook per bug of the assignment's catalogue and one per implementation of its corpus
— grades them all with ``python -m autograder grade`` in a subprocess, exactly as an
instructor would, audits them all on the dense battery with ``python -m autograder
audit``, and checks: the reference earns full marks, the release earns 0, every bug
loses points, and on the corpus the hidden tests and the battery agree (no false
negative, no false positive).
"""

import csv
import importlib
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import nbformat

from autograder import corpus
from autograder.assignments import Assignment
from autograder.catalogue import Bug
from autograder.release import write_release, write_solution


def bugs_of(assignment: Assignment) -> list[Bug]:
    return importlib.import_module(f"autograder.catalogue.{assignment.id}").BUGS


def with_bug(nb: nbformat.NotebookNode, bug: Bug) -> nbformat.NotebookNode:
    """A copy of the solution notebook with ``bug`` applied to its cell."""
    cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == bug.cell]
    if len(cells) != 1:
        raise ValueError(f"bug {bug.name}: no single solution cell {bug.cell!r}")
    return with_cells(nb, {bug.cell: bug.apply(cells[0].source)})


def with_cells(nb: nbformat.NotebookNode, cells: dict[str, str]) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose solution cells named in ``cells`` hold those sources."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in cells and cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = cells[gid]
    return nb


def build_class(assignment: Assignment, folder: Path) -> dict[str, str]:
    """Write ``folder/<student>/<notebook>.ipynb`` for the validation class; return student -> kind."""
    scratch = folder.parent / f".{folder.name}-versions"
    write_solution(assignment, scratch / "solution")
    write_release(assignment, scratch / "release")
    kinds = {"reference": "reference", "release": "release"}
    for name in assignment.notebook_names:
        solved = nbformat.read(scratch / "solution" / f"{name}.ipynb", as_version=4)
        for student, src in (("reference", "solution"), ("release", "release")):
            (folder / student).mkdir(parents=True, exist_ok=True)
            nbformat.write(nbformat.read(scratch / src / f"{name}.ipynb", as_version=4), folder / student / f"{name}.ipynb")
        for impl in corpus.load(assignment.id):
            if any(c.metadata.get("nbgrader", {}).get("grade_id") in impl.cells for c in solved.cells):
                (folder / f"corpus-{impl.name}").mkdir(parents=True, exist_ok=True)
                nbformat.write(with_cells(solved, impl.cells), folder / f"corpus-{impl.name}" / f"{name}.ipynb")
                kinds[f"corpus-{impl.name}"] = "corpus"
        for bug in bugs_of(assignment):
            if any(c.metadata.get("nbgrader", {}).get("grade_id") == bug.cell for c in solved.cells):
                (folder / f"bug-{bug.name}").mkdir(parents=True, exist_ok=True)
                nbformat.write(with_bug(solved, bug), folder / f"bug-{bug.name}" / f"{name}.ipynb")
                kinds[f"bug-{bug.name}"] = "bug"
    return kinds


def grade_with_cli(assignment_id: str, submissions: Path, out: Path, *extra: str) -> dict[str, dict[str, str]]:
    """Run the real ``grade`` command; return grades.csv's rows by student id."""
    cmd = [sys.executable, "-m", "autograder", "grade", assignment_id, str(submissions), "--out", str(out), *extra]
    subprocess.run(cmd, check=True)
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        return {row["student_id"]: row for row in csv.DictReader(f)}


def audit_with_cli(assignment_id: str, graded: Path, out: Path, *extra: str) -> list[dict[str, str]]:
    """Run the real ``audit`` command on a graded folder; return audit.csv's rows."""
    subprocess.run([sys.executable, "-m", "autograder", "audit", assignment_id, str(graded), "--out", str(out),
                    *extra], check=True)
    with open(out / "audit.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _classes(audited: list[dict[str, str]], kinds: dict[str, str]) -> dict[str, int]:
    """How the battery labels the corpus's graded functions: correct, convention, wrong."""
    return dict(Counter(r["battery"] for r in audited if kinds.get(r["student_id"]) == "corpus"))


def validate(assignment: Assignment, out: Path, secret_file: Path | None = None) -> dict:
    """Build, grade and judge the validation class; return the report (also saved as JSON).

    ``secret_file``: the course secret's file, the hidden inputs being drawn from it.
    """
    secret = ["--secret-file", str(secret_file)] if secret_file else []
    submissions = out / "submissions"
    kinds = build_class(assignment, submissions)
    started = time.monotonic()
    rows = grade_with_cli(assignment.id, submissions, out / "graded", "--regrade", *secret)
    wall = time.monotonic() - started
    max_score = float(rows["reference"]["max_score"])
    bugs = {sid: float(rows[sid]["score"]) for sid, kind in kinds.items() if kind == "bug"}
    caught = {sid for sid, score in bugs.items() if score < max_score}
    report = {
        "assignment": assignment.id,
        "max_score": max_score,
        "reference_score": float(rows["reference"]["score"]),
        "release_score": float(rows["release"]["score"]),
        "bugs": len(bugs),
        "bugs_caught": len(caught),
        "bug_scores": bugs,
        "missed": sorted(set(bugs) - caught),
        "students": len(rows),
        "batch_seconds": round(wall, 2),
        "median_seconds_per_student": round(statistics.median(float(r["seconds"]) for r in rows.values()), 3),
        "reference_seconds": float(rows["reference"]["seconds"]),
    }
    started = time.monotonic()
    audited = audit_with_cli(assignment.id, out / "graded", out / "audit", *secret)
    audit_seconds = time.monotonic() - started
    disagreements = [r for r in audited if r["verdict"] != "agree" and kinds.get(r["student_id"]) in ("corpus", "reference")]
    report.update({
        "corpus": sum(1 for kind in kinds.values() if kind == "corpus"),
        "corpus_functions": sum(1 for r in audited if kinds.get(r["student_id"]) == "corpus"),
        "false_negatives": sum(1 for r in disagreements if r["verdict"] == "false negative"),
        "false_positives": sum(1 for r in disagreements if r["verdict"] == "false positive"),
        "disagreements": [{k: r[k] for k in ("student_id", "grade_id", "hidden_score", "points", "hidden", "battery",
                                             "evidence")} for r in disagreements],
        "corpus_classes": _classes(audited, kinds),
        "audit_seconds": round(audit_seconds, 1),
    })
    report["ok"] = (
        report["reference_score"] == max_score and report["release_score"] == 0 and not report["missed"]
        and not disagreements
    )
    (out / "validation.json").write_text(json.dumps(report, indent=2))
    return report


def format_report(r: dict) -> str:
    lines = [
        f"assignment {r['assignment']}: {'OK' if r['ok'] else 'FAILED'}",
        f"  reference solution: {r['reference_score']:g} / {r['max_score']:g}",
        f"  untouched release:  {r['release_score']:g} / {r['max_score']:g}",
        f"  bug catalogue: {r['bugs_caught']} of {r['bugs']} bugs lose points ({r['bugs_caught'] / r['bugs']:.0%})",
    ]
    lines += [f"    {sid}: {score:g}" for sid, score in sorted(r["bug_scores"].items())]
    lines += [f"  missed: {', '.join(r['missed'])}"] if r["missed"] else []
    classes = ", ".join(f"{n} {k}" for k, n in sorted(r["corpus_classes"].items()))
    lines.append(f"  corpus: {r['corpus']} implementations, {r['corpus_functions']} graded functions ({classes} on "
                 f"the battery): {r['false_negatives']} false negatives, {r['false_positives']} false positives")
    lines += [f"    {d['student_id']} {d['grade_id']}: hidden {d['hidden']} ({d['hidden_score']}/{d['points']}), "
              f"battery {d['battery']} — {d['evidence']}" for d in r["disagreements"]]
    lines.append(f"  audit of all {r['students']} on the battery: {r['audit_seconds']:.1f} s")
    lines.append(
        f"  {r['students']} submissions graded in {r['batch_seconds']:.1f} s by the real command; "
        f"median {r['median_seconds_per_student']:.2f} s per submission, reference {r['reference_seconds']:.2f} s"
    )
    return "\n".join(lines)
