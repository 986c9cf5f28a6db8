"""Mutation testing of the reference solutions against the hidden tests (``make mutation``).

``python -m autograder.mutation run backprop`` runs mutmut over the modules that the
assignment's solution cells come from. For each mutant mutmut runs
``python -m autograder.mutation check backprop``, which renders the solution cells from
the (mutated) modules on disk, runs them in the sandbox like a hand-in and judges them
with the hidden tests: exit 0 (the mutant survived) only on full marks. The expected
values come from the PyTorch oracles, never from solutions/, so a mutant cannot move them.
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import jupytext

from autograder import assignments
from autograder.assignments import REPO, Assignment


def solution_modules(assignment: Assignment) -> list[Path]:
    """Files under solutions/ that the assignment's solution cells are generated from."""
    modules = set()
    for path in assignment.sources:
        for cell in jupytext.read(path).cells:
            for entry in cell.metadata.get("autograder", {}).get("source", []):
                modules.add(entry.split(":")[0])
    return sorted(REPO / (m.replace(".", "/") + ".py") for m in modules)


def check(assignment: Assignment) -> int:
    """0 when the reference as it is on disk earns full marks from the hidden tests, else 1."""
    from autograder.grade import Template, score_sources
    from autograder.release import source_notebook
    from autograder.sync import render

    for path in assignment.sources:
        nb = source_notebook(path)
        entries = {
            c.metadata["nbgrader"]["grade_id"]: c.metadata["autograder"]["source"]
            for c in jupytext.read(path).cells
            if "autograder" in c.metadata
        }
        try:
            sources = {gid: render(e) for gid, e in entries.items()}
        except SyntaxError:
            return 1
        template = Template.from_notebook(path.stem, nb)
        cases = [c for c in assignment.hidden.cases() if c.grade_id in template.points]
        with tempfile.TemporaryDirectory() as work:
            outcome = score_sources(assignment.id, template, sources, cases, Path(work), assignment.limits)
        if sum(outcome.grades.scores.values()) < sum(template.points.values()):
            return 1
    return 0


def run(assignment: Assignment) -> int:
    """Run mutmut and print the kill rate; fail only when mutmut itself failed (not on survivors)."""
    paths = solution_modules(assignment)
    runner = f"{sys.executable} -m autograder.mutation check {assignment.id}"
    mutmut = [sys.executable, "-m", "mutmut"]
    cache = REPO / ".mutmut-cache"
    cache.unlink(missing_ok=True)
    status = subprocess.run(
        [*mutmut, "run", "--paths-to-mutate", ",".join(str(p.relative_to(REPO)) for p in paths),
         "--runner", runner, "--tests-dir", "autograder/hidden", "--simple-output", "--no-progress"],
        cwd=REPO,
    ).returncode
    results = subprocess.run([*mutmut, "results"], cwd=REPO, capture_output=True, text=True).stdout
    print(results)
    print(summary(results, _count_mutants(cache)))
    return status & 1  # mutmut adds 2, 4, 8 for survivors and slow mutants


def _count_mutants(cache: Path) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(cache) as db:
        rows = db.execute("SELECT status, COUNT(*) FROM Mutant GROUP BY status").fetchall()
    return dict(rows)


def summary(results: str, counts: dict[str, int]) -> str:
    total = sum(counts.values())
    killed = counts.get("ok_killed", 0) + counts.get("bad_timeout", 0)
    survived = counts.get("bad_survived", 0) + counts.get("ok_suspicious", 0)
    rate = killed / total if total else 0.0
    return (
        f"mutation kill rate: {killed} of {total} mutants killed ({rate:.1%}); "
        f"{survived} survived, {counts.get('skipped', 0)} skipped"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.mutation", description=__doc__)
    parser.add_argument("command", choices=["run", "check"])
    parser.add_argument("assignment")
    args = parser.parse_args(argv)
    assignment = assignments.get(args.assignment)
    return check(assignment) if args.command == "check" else run(assignment)


if __name__ == "__main__":
    raise SystemExit(main())
