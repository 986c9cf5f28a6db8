"""Mutation testing of the reference solutions against the hidden tests (``make mutation``).

``python -m autograder.mutation run backprop`` runs mutmut over the modules that the
assignment's solution cells come from. For each mutant mutmut runs
``python -m autograder.mutation check backprop``, which renders the solution cells from
the (mutated) modules on disk, runs them in the sandbox like a hand-in and judges them
with the hidden tests: exit 0 (the mutant survived) only on full marks. The expected
values come from the PyTorch oracles, never from solutions/, so a mutant cannot move them.
"""

import argparse
import ast
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import jupytext

from autograder import assignments
from autograder.assignments import REPO, Assignment
from autograder.sandbox import claim_uids, clear_work, make_sandbox, resolve
from autograder.sync import GIVEN, body_start, find_function, last_line


def _entries(assignment: Assignment) -> list[str]:
    """Every ``module:qualname`` that the assignment's solution cells are generated from."""
    return [
        entry
        for path in assignment.sources
        for cell in jupytext.read(path).cells
        for entry in cell.metadata.get("autograder", {}).get("source", [])
    ]


def solution_modules(assignment: Assignment) -> list[Path]:
    """Files under solutions/ that the assignment's solution cells are generated from."""
    return sorted({REPO / (e.split(":")[0].replace(".", "/") + ".py") for e in _entries(assignment)})


def solution_region_lines(assignment: Assignment) -> set[tuple[str, int]]:
    """(file, line) pairs inside solution regions: the code students write, not the code they are given
    (outside the regions, or a line marked ``# given``)."""
    lines = set()
    for entry in _entries(assignment):
        module, qualname = entry.split(":")
        path = module.replace(".", "/") + ".py"
        source = (REPO / path).read_text()
        _, func = find_function(ast.parse(source), qualname)
        text = source.splitlines()
        lines |= {(path, n) for n in range(body_start(func), last_line(func) + 1) if not text[n - 1].rstrip().endswith(GIVEN)}
    return lines


def check(assignment: Assignment) -> int:
    """0 when the reference as it is on disk earns full marks from the hidden tests, else 1."""
    from autograder.release import source_notebook
    from autograder.student import score_sources
    from autograder.sync import render
    from autograder.template import Template

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
        kind = resolve("auto")
        sandbox = make_sandbox(kind, assignment.limits, claim_uids(1)[0] if kind == "bubblewrap" else 0)
        with tempfile.TemporaryDirectory() as work:
            try:
                outcome = score_sources(assignment, template, sources, cases, Path(work) / "job", sandbox)
            finally:
                sandbox.shutdown()
            clear_work(Path(work))
        if sum(outcome.grades.scores.values()) < template.auto_points:
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
         "--runner", runner, "--tests-dir", "autograder/hidden", "--simple-output", "--no-progress",
         # A shared machine is noisy: only a mutant five times slower than the reference counts as hung.
         "--test-time-multiplier", "5"],
        cwd=REPO,
    ).returncode
    print(subprocess.run([*mutmut, "results"], cwd=REPO, capture_output=True, text=True).stdout)
    print(summary(_mutants(cache), solution_region_lines(assignment)))
    return status & 1  # mutmut adds 2, 4, 8 for survivors and slow mutants


def _mutants(cache: Path) -> list[tuple[str, int, str]]:
    """(file, 1-based line, status) of every mutant in mutmut's cache."""
    with sqlite3.connect(cache) as db:
        rows = db.execute(
            "SELECT s.filename, l.line_number, m.status FROM Mutant m "
            "JOIN Line l ON m.line = l.id JOIN SourceFile s ON l.sourcefile = s.id"
        ).fetchall()
    return [(file, line + 1, status) for file, line, status in rows]  # mutmut counts lines from 0


def summary(mutants: list[tuple[str, int, str]], regions: set[tuple[str, int]]) -> str:
    def rate(selected: list[str]) -> str:
        killed = sum(s in ("ok_killed", "bad_timeout") for s in selected)
        share = killed / len(selected) if selected else 0.0
        timeouts = selected.count("bad_timeout")
        return f"{killed} of {len(selected)} mutants killed ({share:.1%}" + (f", {timeouts} by timeout)" if timeouts else ")")

    inside = [status for file, line, status in mutants if (file, line) in regions]
    given = [status for file, line, status in mutants if (file, line) not in regions]
    return (
        f"mutation kill rate: {rate([m[2] for m in mutants])}\n"
        f"  in solution regions (what students write): {rate(inside)}\n"
        f"  in code given to students (constructor, predict, messages): {rate(given)}"
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
