"""Runs cells for ``toolkit.check`` in a process of its own: ``python -m toolkit.cellrunner``.

It reads the cells to run as JSON on standard input (``[{"id": ..., "source": ...}, ...]``), runs
them in order in one namespace, with IPython as the grader does (plain Python where IPython is not
installed), and writes one JSON line per cell on
its standard output: ``{"started": id}`` before the cell, then its id, seconds, output and error.
What the cells print goes to the result, never into those lines.
"""

from __future__ import annotations

import io
import json
import linecache
import os
import sys
import time
import traceback
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout


def _error(exc: BaseException, filename: str) -> dict:
    """What a student needs of a cell's exception: its type, its message and the line of the cell it came from."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell ")]
    where = f"{frames[-1].filename[1:-1]}, line {frames[-1].lineno}: {(frames[-1].line or '').strip()}" if frames else ""
    return {"type": type(exc).__name__, "message": str(exc)[:1000], "where": where}


def _shell() -> tuple[dict, Callable[[str], str]]:
    """(the namespace cells run in, what turns a cell's text into Python): IPython's, as in the grader's
    sandbox and in Jupyter (magics work, ``__main__`` is the namespace), where IPython is installed."""
    try:
        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config
    except ImportError:
        return {"__name__": "__main__"}, lambda source: source
    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config, colors="nocolor")
    shell.init_sys_modules()
    return shell.user_ns, shell.transform_cell


def run(cells: list[dict], report) -> None:
    """Run ``cells`` in order in one namespace, calling ``report`` with a dict before and after each."""
    namespace, transform = _shell()
    for cell in cells:
        filename = f"<cell {cell['id']}>"
        report({"started": cell["id"]})
        captured, error = io.StringIO(), None
        start = time.perf_counter()
        try:
            with redirect_stdout(captured), redirect_stderr(captured):
                source = transform(cell["source"])
                linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
                exec(compile(source, filename, "exec"), namespace)
        except BaseException as exc:  # SystemExit and KeyboardInterrupt too: the cell failed, the runner goes on
            error = _error(exc, filename)
        report({"id": cell["id"], "seconds": time.perf_counter() - start, "output": captured.getvalue()[-2000:],
                "error": error})


def main() -> None:
    cells = json.load(sys.stdin)
    sys.stdin = io.StringIO()  # a cell that reads input gets nothing, as in the grader
    results = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # what a cell writes to file descriptor 1 itself cannot mix with the results
    sys.path.insert(0, os.getcwd())  # the notebook's folder, as in its kernel

    def report(line: dict) -> None:
        results.write(json.dumps(line) + "\n")
        results.flush()

    run(cells, report)


if __name__ == "__main__":
    main()
