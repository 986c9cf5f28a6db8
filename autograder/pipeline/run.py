"""Run a submission's cells and the hidden cases in the sandbox, surviving whatever they do.

The worker reports progress (which cell or case it is in) to a file. A phase that overruns
its wall-clock limit, or a worker that dies, is blamed on that phase; the worker is then
restarted without it, so one endless loop or crash costs only what it touches. After a
case hits the time limit, the remaining cases of the same grade cell are skipped.
"""

import json
import os
import shutil
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder.checks import Case
from autograder.sandbox import Limits, Sandbox

POLL_SECONDS = 0.02  # how often a running worker's progress is read; its exit ends the wait at once


@dataclass
class RunReport:
    """What happened when the student's code ran; every message is the student's to read."""

    cell_errors: dict[str, str] = field(default_factory=dict)  # cell id -> error
    case_errors: dict[str, str] = field(default_factory=dict)  # case name -> error or time limit
    timed_out: bool = False
    crashed: bool = False
    restarts: int = 0


def read_untrusted(path: Path, limit: int = 1_000_000) -> str:
    """Up to ``limit`` bytes of a file the student's process could have replaced.

    Links, pipes and devices are refused (a link to /dev/zero or a FIFO must not hang
    or exhaust the grader); a missing file reads as empty.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return ""
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            return ""
        return f.read(limit).decode("utf-8", errors="replace")


def read_progress(path: Path) -> list[tuple[str, str, str]]:
    """(event, kind, name) lines; anything malformed (the student can write here) is dropped.

    Only whole lines count: a read can meet a line half written (an append that crosses a
    page), whose first half ("start case batt") would name a phase that does not exist.
    """
    text = read_untrusted(path)
    events = []
    for line in text.split("\n")[:-1]:
        parts = line.split(" ", 2)
        if len(parts) == 3 and parts[0] in ("start", "done", "end") and parts[1] in ("cell", "case", "job"):
            events.append((parts[0], parts[1], parts[2]))
    return events


def read_messages(out_dir: Path) -> dict[str, str]:
    """The worker's error messages in its ``out`` folder, keyed "cell <id>" or "case <name>" (first one wins)."""
    out: dict[str, str] = {}
    for line in read_untrusted(out_dir / "messages.jsonl").splitlines():
        try:
            item = json.loads(line)
            where, text = str(item["where"]), str(item["message"])[:600]
        except (ValueError, KeyError, TypeError):
            continue
        out.setdefault(where, text)
    return out


def run_submission(
    job_dir: Path, cells: list[dict[str, str]], cases: list[Case], limits: Limits, sandbox: Sandbox
) -> RunReport:
    """Run ``cells`` then ``cases`` (inputs already in ``job_dir``), restarting past failures.

    The sandbox must be open on ``job_dir``; the worker reports in ``job_dir/out``.
    """
    report = RunReport()
    pending = list(cases)
    skipped_cells: set[str] = set()
    started = time.monotonic()
    while pending:
        run_cells = [c for c in cells if c["id"] not in skipped_cells]
        job = {"cells": run_cells, "cases": [{"name": c.name, "probe": c.probe, "params": c.params, "repeat": c.repeat}
                                             for c in pending]}
        (job_dir / "job.json").write_text(json.dumps(job))
        _remove(sandbox.folder(job_dir, "out") / "progress")
        limit_of = {c.name: c.time_limit or limits.case_seconds for c in pending}
        culprit, timed_out = _watch(job_dir, sandbox, limits, limit_of, started)
        events = read_progress(sandbox.folder(job_dir, "out") / "progress")
        done = {name for event, kind, name in events if event == "done" and kind == "case"}
        pending = [c for c in pending if c.name not in done]
        if not pending:
            break
        report.restarts += 1
        if time.monotonic() - started > limits.total_seconds:
            report.timed_out = True
            for c in pending:
                report.case_errors[c.name] = f"time limit: the submission used its {limits.total_seconds:.0f} s"
            break
        report.timed_out |= timed_out
        report.crashed |= not timed_out
        known = {("cell", c["id"]) for c in run_cells} | {("case", c.name) for c in pending}
        if culprit not in known:  # stopped between phases, or the progress file was forged
            for c in pending:
                report.case_errors[c.name] = _reason(timed_out, limits.startup_seconds) + " outside any test"
            break
        kind, name = culprit
        if kind == "cell":
            skipped_cells.add(name)
            report.cell_errors[name] = _reason(timed_out, limits.cell_seconds) + " while running this cell"
            continue
        bad = next(c for c in pending if c.name == name)
        report.case_errors[name] = _reason(timed_out, limit_of[name])
        pending.remove(bad)
        if timed_out:  # the same function would likely hang again: skip its other cases
            for c in [c for c in pending if c.grade_id == bad.grade_id]:
                report.case_errors[c.name] = "not run: an earlier case of this test hit the time limit"
                pending.remove(c)
    return report


def _remove(path: Path) -> None:
    """Remove a file the student's code may have replaced by a folder or a link."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _reason(timed_out: bool, seconds: float) -> str:
    if timed_out:
        return f"time limit: did not finish within {seconds:.0f} s"
    return "the process died (it exited, was killed, or exceeded a memory or output limit)"


def _watch(
    job_dir: Path, sandbox: Sandbox, limits: Limits, limit_of: dict[str, float], started: float
) -> tuple[tuple[str, str] | None, bool]:
    """Run the worker once; return (the phase it was in when it stopped early, whether it timed out)."""
    with open(job_dir / "output.txt", "ab") as stdout:
        proc = sandbox.start(job_dir, stdout)
    current: tuple[str, str] | None = None
    phase_start = time.monotonic()
    seen = 0
    try:
        while sandbox.wait(proc, POLL_SECONDS) is None:
            events = read_progress(sandbox.folder(job_dir, "out") / "progress")
            for event, kind, name in events[seen:]:
                if event == "start":
                    current, phase_start = (kind, name), time.monotonic()
                elif event == "done":
                    current, phase_start = None, time.monotonic()
                elif event == "end":  # all done: whatever it left running is killed below
                    return None, False
            seen = len(events)
            if current is None:
                limit = limits.startup_seconds if seen == 0 else limits.cell_seconds
            elif current[0] == "case":
                limit = limit_of.get(current[1], 0.0)
            else:
                limit = limits.cell_seconds
            now = time.monotonic()
            if now - phase_start > limit or now - started > limits.total_seconds:
                sandbox.kill(proc)
                return current, True
    finally:
        sandbox.kill(proc)  # also whatever the worker left behind in its process group
    events = read_progress(sandbox.folder(job_dir, "out") / "progress")
    for event, kind, name in events[seen:]:
        if event == "start":
            current = (kind, name)
        elif event == "done":
            current = None
    return current, False
