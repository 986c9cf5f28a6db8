"""What a grading run shows while it works.

On a terminal, a live bar (rich: a well-kept library for it) with the count of students
per status and the time left; otherwise (CI, a log file) one plain line per student; with
``--quiet``, nothing. The run's summary line is printed by the command either way.
"""

from __future__ import annotations

import sys
from collections import Counter

from autograder.task import Result


class Progress:
    def __init__(self, total: int, mode: str = "auto", stream=None):
        self.stream = stream or sys.stdout
        self.mode = ("bar" if self.stream.isatty() else "lines") if mode == "auto" else mode
        self.total, self.done = total, 0
        self.statuses: Counter[str] = Counter()
        self._bar = None
        if self.mode == "bar" and total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                            TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
                            console=Console(file=self.stream), transient=False)
            self._task = self._bar.add_task("", total=total)
            self._bar.start()

    def graded(self, result: Result) -> None:
        self.done += 1
        self.statuses[result.status] += 1
        if self._bar is not None:
            counts = ", ".join(f"{n} {status}" for status, n in sorted(self.statuses.items()))
            self._bar.update(self._task, advance=1, description=counts)
        elif self.mode == "lines":
            width = len(str(self.total))
            print(f"[{self.done:>{width}}/{self.total}] {result.student_id}: {result.status}, "
                  f"{result.score:g}/{result.max_score:g} ({result.seconds:.1f} s)", file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
