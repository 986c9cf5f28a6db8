"""Check before hand-in: ``python -m toolkit.check NOTEBOOK`` (or ``report("NOTEBOOK")`` in its last cell).

It reads the saved notebook file as the grader will (``toolkit.notebook``: solution cells by
nbgrader grade id), compares it with the release's ``structure.json`` (``toolkit.structure``),
then runs what the grader would run, the release's setup cells and your solution cells, with the
release's visible tests after each, in a fresh Python process, each solution cell against the
grader's time limit. It prints what the grader will see. It has no hidden test and no hidden input:
passing it means the hand-in is gradable, not that it earns every point.

Exit status, the worst that applies:

- 0 ``READY``: the structure is intact and every visible test passes.
- 1 ``UNSOLVED``: the structure is intact, but a visible test fails (an untouched release: every stub
  still raises NotImplementedError) or a solution cell fails when run.
- 2 ``CANNOT_CHECK``: no such notebook, or no ``structure.json`` to compare with.
- 3 ``EDITED``: something was changed that the grader puts back from the release (a test cell, a
  cell's metadata, the cell order, the kernel, cell ids): no points lost for it, but what you ran is
  not what will be graded.
- 4 ``LOSES_POINTS``: the hand-in would lose points for its structure: an unreadable file, a solution
  cell missing, doubled, renamed, not text or not valid Python, a function the grader calls missing
  or with other parameters, a written answer missing, a cell slower than the grader allows.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from toolkit import structure as structure_file
from toolkit.notebook import InvalidNotebook, extract, grade_id, grader_metadata, parse, source_text

READY, UNSOLVED, CANNOT_CHECK, EDITED, LOSES_POINTS = 0, 1, 2, 3, 4
# What each exit status means, in short (the release's README.md lists them from here).
MEANING = {READY: "ready to hand in",
           UNSOLVED: "a visible test fails (in the untouched release every stub still raises NotImplementedError)",
           CANNOT_CHECK: "nothing to check (no such notebook, or no structure.json beside it)",
           EDITED: "something was edited that the grader puts back from the release",
           LOSES_POINTS: "the hand-in would lose points for its structure"}
LABELS = {UNSOLVED: "to do", EDITED: "edited", LOSES_POINTS: "loses points"}
TOOLKIT_PARENT = Path(__file__).resolve().parent.parent


@dataclass
class Findings:
    """What the check found: (severity, message) pairs, and lines that are only information."""

    problems: list[tuple[int, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def add(self, severity: int, message: str) -> None:
        self.problems.append((severity, message))

    @property
    def status(self) -> int:
        return max((s for s, _ in self.problems), default=READY)


def find_structure(notebook: Path) -> Path | None:
    """``structure.json`` beside the notebook, else beside the ``toolkit/`` this check runs from."""
    for folder in (notebook.parent, TOOLKIT_PARENT):
        if (folder / structure_file.STRUCTURE_FILE).is_file():
            return folder / structure_file.STRUCTURE_FILE
    return None


def _points(n: float) -> str:
    return f"{n:g} point{'' if n == 1 else 's'}"


def _tests_of(released: dict, gid: str) -> list[dict]:
    """The release's test cells that call a function or class of solution cell ``gid``."""
    cell = next(c for c in released["cells"] if c["grade_id"] == gid)
    names = {n.split(".")[0] for n in cell.get("functions", {})}
    return [c for c in released["cells"] if c["role"] == "test" and names & set(c.get("calls", []))]


def _at_stake(released: dict, gid: str) -> str:
    tests = _tests_of(released, gid)
    total = sum(float(t["nbgrader"].get("points", 0)) for t in tests)
    return f"{', '.join(t['grade_id'] for t in tests)} ({_points(total)}) score 0" if tests else "its tests score 0"


def check_structure(nb: dict, released: dict, found: Findings) -> dict[str, str]:
    """Compare notebook ``nb`` with its release's structure; returns the solution cells the grader would run."""
    cells = released["cells"]
    by_id = {c["grade_id"]: c for c in cells}
    solutions = [c["grade_id"] for c in cells if c["role"] == "solution"]
    answers = [c["grade_id"] for c in cells if c["role"] == "answer"]
    extracted = extract(nb, solutions, answers)
    handed = [c for c in nb["cells"] if isinstance(c, dict)]
    present = Counter(grade_id(c) for c in handed if grade_id(c))
    unknown = [gid for gid in present if gid is not None and gid not in by_id]

    for gid in extracted.missing:
        want = by_id[gid]
        other_type = [c.get("cell_type") for c in handed if grade_id(c) == gid]
        why = (f"it is a {other_type[0]} cell now; the grader reads only a {want['cell_type']} cell" if other_type
               else f"no cell has grade id {gid!r} (renamed or deleted?"
               + (f" the notebook has cells with grade ids {', '.join(map(repr, unknown))} the release does not)" if unknown else ")"))
        what = "written answer" if want["role"] == "answer" else "solution cell"
        stake = "it scores 0" if want["role"] == "answer" else _at_stake(released, gid)
        found.add(LOSES_POINTS, f"{what} {gid!r} is missing: {why}, so {stake}")
    for gid in extracted.duplicated:
        stake = "it scores 0" if by_id[gid]["role"] == "answer" else _at_stake(released, gid)
        found.add(LOSES_POINTS, f"cell {gid!r} appears {present[gid]} times: the grader takes neither copy, so {stake}; "
                                "keep one")

    unanswered = [gid for gid, text in extracted.answers.items() if structure_file.digest(text) == by_id[gid]["sha256"]]
    if unanswered:
        found.add(UNSOLVED, f"written answer(s) {', '.join(map(repr, unanswered))} still as released: each scores 0")
    runnable: dict[str, str] = {}
    for gid, text in extracted.sources.items():
        raw = next(c.get("source") for c in handed if grade_id(c) == gid and c.get("cell_type") == "code")
        if source_text(raw) is None:
            found.add(LOSES_POINTS, f"solution cell {gid!r} has no text (its source is {type(raw).__name__}, "
                                    f"not a string): the grader runs it as empty, so {_at_stake(released, gid)}")
            continue
        if _check_definitions(gid, text, by_id[gid].get("functions", {}), released, found):
            runnable[gid] = text
    found.lines.append(f"  written answers: {len(extracted.answers)} of {len(answers)} found, graded by hand")
    _check_kept_cells(nb, released, present, found)
    for other in unknown:
        found.add(EDITED, f"a cell has grade id {other!r}, which the release does not have: the grader ignores it")
    return runnable


def _check_definitions(gid: str, text: str, released_defs: dict, released: dict, found: Findings) -> bool:
    """Whether solution cell ``gid`` is valid Python defining what the release's cell defines, with compatible parameters."""
    try:
        written = structure_file.definitions(text)
    except SyntaxError as exc:
        found.add(LOSES_POINTS, f"solution cell {gid!r} is not valid Python (line {exc.lineno}: {exc.msg}): "
                                f"the grader cannot run it, so {_at_stake(released, gid)}")
        return False
    shown = []
    for name, params in released_defs.items():
        if name not in written:
            others = [n for n in written if n not in released_defs and "." not in n]
            hint = f" (it defines {', '.join(others)}: renamed?)" if others else ""
            found.add(LOSES_POINTS, f"{name} is not defined in solution cell {gid!r}{hint}: the grader calls "
                                    f"{structure_file.signature(name, params)}, so {_at_stake(released, gid)}")
        elif not structure_file.compatible(params, written[name]):
            found.add(LOSES_POINTS, f"{structure_file.signature(name, written[name])} in cell {gid!r}: the grader calls "
                                    f"{structure_file.signature(name, params)} (keep the release's parameters)")
        elif "." not in name:
            shown.append(structure_file.signature(name, written[name]))
    found.lines.append(f"  {gid}: {', '.join(shown) or '(nothing the grader calls)'}")
    return True


def _check_kept_cells(nb: dict, released: dict, present: Counter, found: Findings) -> None:
    """Cells the grader restores from the release (tests, setup, questions), metadata, order, kernel and ids."""
    handed = [c for c in nb["cells"] if isinstance(c, dict)]
    for cell in released["cells"]:
        gid = cell["grade_id"]
        mine = [c for c in handed if grade_id(c) == gid]
        if cell["role"] in ("setup", "test", "locked") and gid is not None:
            if not mine:
                found.add(EDITED, f"the release's cell {gid!r} is missing (the grader uses the release's)")
            elif any(structure_file.digest(source_text(c.get("source")) or "") != cell["sha256"] for c in mine):
                found.add(EDITED, f"cell {gid!r} was changed: the grader and this check run the release's version")
        for c in mine:
            meta = grader_metadata(c)
            changed = [k for k in structure_file.KEPT_METADATA
                       if (k != "checksum" or k in meta) and meta.get(k) != cell["nbgrader"].get(k)]
            if changed:
                found.add(EDITED, f"the nbgrader metadata of cell {gid!r} was edited ({', '.join(changed)}): the grader "
                                  "ignores it (an editor plugin or a merge may have changed it)")
                break
    order = [gid for gid in dict.fromkeys(grade_id(c) for c in handed) if gid in {c["grade_id"] for c in released["cells"]}]
    expected = [c["grade_id"] for c in released["cells"] if c["grade_id"] in order]
    if order != expected:
        found.add(EDITED, "the cells are not in the release's order: the grader runs them in the release's order")
    minor, released_minor = nb.get("nbformat_minor"), released.get("nbformat_minor")
    if isinstance(minor, int) and isinstance(released_minor, int) and minor > released_minor:
        found.add(EDITED, f"the notebook says nbformat 4.{minor}, newer than the release's 4.{released_minor}: "
                          "saved by another program?")
    kernel = nb.get("metadata", {}).get("kernelspec") if isinstance(nb.get("metadata"), dict) else None
    language = kernel.get("language") if isinstance(kernel, dict) else None
    if language not in (None, "python"):
        found.add(EDITED, f"the notebook's kernel is {language!r}, not Python: the grader runs Python")
    ids = Counter(c.get("id") for c in handed if isinstance(c.get("id"), str))
    doubled = [i for i, n in ids.items() if n > 1]
    if doubled:
        found.add(EDITED, f"cell ids repeat ({', '.join(map(repr, doubled[:3]))}): nbformat requires each cell's id "
                          "to be unique (an editor or a copy-paste made them)")


def program(released: dict, runnable: dict[str, str]) -> list[dict]:
    """The cells to run: the release's setup and test cells, with the student's solution cells in their places."""
    cells = []
    for cell in released["cells"]:
        limit = released["cell_seconds"] if cell["role"] in ("setup", "solution") else released["test_seconds"]
        if cell["role"] in ("setup", "test"):
            cells.append({"id": cell["grade_id"], "role": cell["role"], "source": cell["source"], "limit": limit})
        elif cell["role"] == "solution" and cell["grade_id"] in runnable:
            cells.append({"id": cell["grade_id"], "role": "solution", "source": runnable[cell["grade_id"]], "limit": limit})
    return cells


def run_program(cells: list[dict], folder: Path) -> list[dict]:
    """Run ``cells`` with ``toolkit.cellrunner`` in a fresh Python in ``folder``; a result per cell run.

    A cell that runs past its limit is stopped with everything after it; its result says so.
    """
    env = {**os.environ, "MPLBACKEND": "Agg",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(TOOLKIT_PARENT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen([sys.executable, "-m", "toolkit.cellrunner"], cwd=folder, env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    lines: queue.Queue[str | None] = queue.Queue()

    def read(stream, sink: Callable[[str | None], None]) -> None:
        for line in stream:
            sink(line)
        sink(None)

    errors: list[str] = []
    threading.Thread(target=read, args=(proc.stdout, lines.put), daemon=True).start()
    threading.Thread(target=read, args=(proc.stderr, lambda s: errors.append(s or "")), daemon=True).start()
    assert proc.stdin is not None
    proc.stdin.write(json.dumps([{"id": c["id"], "source": c["source"]} for c in cells]))
    proc.stdin.close()
    results: list[dict] = []
    try:
        for cell in cells:
            deadline: float | None = None
            while True:
                timeout: float | None = None if deadline is None else max(0.0, deadline - time.monotonic())
                try:
                    line = lines.get(timeout=timeout)
                except queue.Empty:
                    results.append({"id": cell["id"], "timed_out": cell["limit"]})
                    return results
                if line is None:
                    results.append({"id": cell["id"], "crashed": "".join(errors)[-1000:] or f"exit {proc.wait()}"})
                    return results
                message = json.loads(line)
                if "started" in message:
                    deadline = time.monotonic() + cell["limit"]
                else:
                    results.append(message)
                    break
        return results
    finally:
        proc.kill()
        proc.wait()


def check_runs(released: dict, runnable: dict[str, str], folder: Path, found: Findings) -> None:
    """Run the program and note each visible test's result, each failing cell and each cell over its time limit."""
    cells = program(released, runnable)
    points = {c["grade_id"]: float(c["nbgrader"].get("points", 0)) for c in released["cells"]}
    stubs: list[str] = []
    found.lines.append("Visible tests, run on your solution cells in the release's notebook:")
    for cell, result in zip(cells, run_program(cells, folder)):
        gid, role = cell["id"], cell["role"]
        if "timed_out" in result:
            severity = LOSES_POINTS if role in ("setup", "solution") else UNSOLVED
            found.add(severity, f"cell {gid!r} ran longer than {result['timed_out']:g} s, where the grader stops it"
                      + (f", so {_at_stake(released, gid)}" if role == "solution" else ""))
            continue
        if "crashed" in result:
            found.add(UNSOLVED, f"Python stopped in cell {gid!r}: {result['crashed'].strip()}")
            continue
        error = result["error"]
        said = f"{error['type']}: {error['message']}".rstrip(": ") if error else ""
        where = f" ({error['where']})" if error and error["where"] else ""
        if role == "test":
            label = "passed" if not error else "FAILED"
            found.lines.append(f"  {label:7} {gid} ({_points(points.get(gid, 0))}){': ' + said + where if error else ''}")
            if error and error["type"] == "NotImplementedError":
                stubs.append(gid)
            elif error:
                found.add(UNSOLVED, f"visible test {gid!r} fails{where}: {said}")
        elif error:
            found.add(UNSOLVED, f"{role} cell {gid!r} raises {said} when run"
                      + (" (the grader runs it as given: every test after it may fail)" if role == "solution" else ""))
    if stubs:
        found.add(UNSOLVED, f"{len(stubs)} visible test(s) reach a stub that still raises NotImplementedError "
                            f"({', '.join(stubs)}): write those functions")


def check(path: Path, structure_path: Path | None = None, run_tests: bool = True) -> Findings:
    """Everything the check finds in the saved notebook ``path``."""
    found = Findings()
    structure_path = structure_path or find_structure(path)
    if not path.is_file():
        found.add(CANNOT_CHECK, f"{path} not found: save the notebook and give its file name. In Google Colab the "
                                "notebook is not a file beside toolkit/: File ▸ Download ▸ .ipynb, upload it into the "
                                "folder that holds toolkit/ in the Files panel, and run the check again")
        return found
    if structure_path is None:
        found.add(CANNOT_CHECK, f"no {structure_file.STRUCTURE_FILE} beside {path.name} or toolkit/: it came with the "
                                "release; unpack the whole release folder again")
        return found
    try:
        data = structure_file.load(structure_path)
    except ValueError as exc:
        found.add(CANNOT_CHECK, str(exc))
        return found
    notebooks = data["notebooks"]
    name = path.stem if path.stem in notebooks else next(iter(notebooks)) if len(notebooks) == 1 else None
    if name is None:
        found.add(CANNOT_CHECK, f"{path.name} is none of this release's notebooks ({', '.join(n + '.ipynb' for n in notebooks)})")
        return found
    if name != path.stem:
        found.lines.append(f"Note: the release's notebook is {name}.ipynb; hand in the file under that name.")
    found.lines.append(f"Checking {path.name} against {data.get('assignment', '')} {structure_path.name}.")
    released = notebooks[name]
    try:
        nb = parse(path.read_bytes())
    except InvalidNotebook as exc:
        found.add(LOSES_POINTS, f"the grader cannot read {path.name}: {exc}; every test scores 0")
        return found
    found.lines.append("Solution cells as the grader finds them (by nbgrader grade id):")
    runnable = check_structure(nb, released, found)
    if run_tests:
        check_runs(released, runnable, path.parent, found)
    return found


def verdict(status: int, ran: bool = True) -> str:
    if status == READY and not ran:
        return "READY as far as its structure goes (the visible tests were not run)."
    return {READY: "READY: the hand-in is gradable and passes every visible test (the hidden tests decide the grade).",
            UNSOLVED: "NOT YET: the structure is fine, but there is work left (see above).",
            CANNOT_CHECK: "NOT CHECKED: see above.",
            EDITED: "EDITED: no points lost for structure, but the grader puts back what was changed (see above).",
            LOSES_POINTS: "NOT READY: as it is, this hand-in loses points for its structure (see above)."}[status]


def report(notebook: str | Path, structure: str | Path | None = None, run_tests: bool = True) -> int:
    """Check the saved ``notebook``, print what the grader will see, and return the exit status."""
    found = check(Path(notebook), Path(structure) if structure else None, run_tests)
    for line in found.lines:
        print(line)
    if found.problems:
        print("Problems:")
        for severity, message in sorted(found.problems, key=lambda p: -p[0]):
            print(f"  [{LABELS.get(severity, 'cannot check')}] {message}")
    print(verdict(found.status, run_tests))
    return found.status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m toolkit.check", description=__doc__.split("\n\n")[0],
                                     epilog="Exit status: " + "; ".join(f"{k} {v}" for k, v in MEANING.items()) + ".")
    parser.add_argument("notebook", help="the saved notebook to hand in, e.g. backprop.ipynb")
    parser.add_argument("--structure", help=f"the release's {structure_file.STRUCTURE_FILE} (default: beside the notebook)")
    parser.add_argument("--no-run", action="store_true", help="check the structure only; run no cell")
    args = parser.parse_args(argv)
    return report(args.notebook, args.structure, not args.no_run)


if __name__ == "__main__":
    sys.exit(main())
