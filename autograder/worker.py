"""The program that runs a student's code; it is the only grading code that does.

It runs inside the sandbox, copied into the job folder with the probes and the toolkit,
and imports nothing from the grader. The bubblewrap sandbox's fork server runs it as
``__main__`` in a freshly forked interpreter that has numpy and IPython imported and its
shell made. It executes the rebuilt notebook's cells in that IPython shell, then calls each probe on the grader's inputs and saves what the student's
functions return as plain ``.npy`` arrays. It judges nothing: the grader reads those
arrays in its own process, so whatever this process does to itself only changes the
student's own outputs.

Files in the job folder (the current directory when it starts, read-only in the sandbox):
    job.json            {"cells": [{"id", "source"}], "cases": [{"name", "probe", "params", "repeat"}]}
    inputs/<case>.npz   the arrays each case passes to its probe
    probes/, toolkit/ the probes (a package) and the student toolkit
and two writable subfolders: work/, where the student's code runs (its current and home
folder), and out/, where this program reports (each with its own quota, so code that
fills its disk does not silence the report):
    out/<case>/<key>.npy  one array per output (out/<case>~again/: a second call, when asked)
    out/progress          "start cell <id>", "done case <name>", ...
    out/messages.jsonl    {"where": "cell <id>" | "case <name>", "message": ...}
"""

import json
import os
import sys
import traceback

MAX_MESSAGE = 500
COMPLETE = ".complete"  # in a case's folder: the probe returned without an error
# Absolute: the student's code may change the current directory.
WORK = os.path.join(os.getcwd(), "work")
OUT = os.path.join(os.getcwd(), "out")


def _append(path, line):
    with open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def progress(event, kind, name):
    _append(os.path.join(OUT, "progress"), f"{event} {kind} {name}")


def message(where, text):
    text = text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"
    _append(os.path.join(OUT, "messages.jsonl"), json.dumps({"where": where, "message": text}))


def describe(exc):
    """One line: the exception and, when it came from student code, the function and line."""
    student = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<ipython-input")]
    where = ""
    if student:
        frame = student[-1]
        inside = "" if frame.name == "<module>" else f"in {frame.name}, "
        where = f" ({inside}line: {frame.line.strip()})" if frame.line else ""
    text = str(exc)
    return f"{type(exc).__name__}{': ' + text if text else ''}{where}"


class Namespace:
    """The student's names, as probes see them: a missing name says so plainly."""

    def __init__(self, user_ns):
        self._ns = user_ns

    def __getitem__(self, name):
        try:
            return self._ns[name]
        except KeyError:
            raise NameError(f"{name} is not defined by your solution cells") from None


def make_emit(case_dir, where):
    import numpy as np

    def emit(key, value, scalar=False):
        """Save one output; only a real ndarray (or a real number, for a scalar) is kept."""
        if scalar and isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
            value = np.asarray(float(value))
        elif scalar and type(value) is np.ndarray and value.shape == ():
            value = value.astype(np.float64)
        if type(value) is not np.ndarray:
            kind = "a number" if scalar else "a numpy.ndarray"
            message(where, f"{key}: expected {kind}, got {type(value).__module__}.{type(value).__qualname__}")
            return
        if value.dtype.hasobject:
            message(where, f"{key}: expected a numeric array, got dtype object")
            return
        os.makedirs(case_dir, exist_ok=True)
        tmp = os.path.join(case_dir, f".{key}.tmp")
        with open(tmp, "wb") as f:
            np.lib.format.write_array(f, value, allow_pickle=False)
        os.replace(tmp, os.path.join(case_dir, f"{key}.npy"))

    return emit


def run_cells(shell, cells):
    for cell in cells:
        progress("start", "cell", cell["id"])
        result = shell.run_cell(cell["source"], store_history=False, silent=True)
        err = result.error_before_exec or result.error_in_exec
        if err is not None:
            message(f"cell {cell['id']}", describe(err))
        progress("done", "cell", cell["id"])


def run_cases(ns, cases, probes, code_dir):
    import numpy as np

    for case in cases:
        name = case["name"]
        progress("start", "case", name)
        where = f"case {name}"
        # With "repeat", a second call on fresh inputs reports to <case>~again: state kept between calls shows.
        for folder in [name, f"{name}~again"][: 2 if case.get("repeat") else 1]:
            try:
                with np.load(os.path.join(code_dir, "inputs", f"{name}.npz"), allow_pickle=False) as data:
                    arrays = {k: data[k] for k in data.files}
                np.random.seed(0)  # the student's code may have changed global state: reset it
                np.seterr(all="warn", under="ignore")
                probe = getattr(probes, case["probe"])
                probe(ns, make_emit(os.path.join(OUT, folder), where), **arrays, **case["params"])
                os.makedirs(os.path.join(OUT, folder), exist_ok=True)
                _append(os.path.join(OUT, folder, COMPLETE), "")
            except BaseException as exc:  # a probe's failure is the student's function's failure
                message(where, describe(exc))
                break
        progress("done", "case", name)


def make_shell():
    """The shell the cells run in: the fork server's, made before this process was forked from it
    (``forkserver._make_shell``), or made here the same way (history off: no thread, no file)."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config, colors="nocolor")
    shell.init_sys_modules()  # __main__ is the student's namespace (pickle finds their classes there)
    shell.showtraceback = lambda *a, **k: None  # errors are reported to the grader instead
    return shell


def main():
    code_dir = os.getcwd()
    sys.path.insert(0, code_dir)
    with open("job.json", encoding="utf-8") as f:
        job = json.load(f)
    os.chdir(WORK)
    shell = make_shell()
    run_cells(shell, job["cells"])
    from probes import assignment as probes

    run_cases(Namespace(shell.user_ns), job["cases"], probes, code_dir)
    progress("end", "job", "-")
    os._exit(0)  # no atexit hooks, no waiting for threads the student left running


if __name__ == "__main__":
    main()
