"""``make bench``: the project's speed and quality numbers, measured in one run.

Each number comes from running the real commands (the machine is shared and noisy, so
repeated timings are summarised by their median):

- the assignment's validation: reference, release and bug catalogue through ``grade``;
- grading one hand-in alone with ``python -m autograder grade`` (setup included);
- a class of identical hand-ins, for throughput per submission;
- the website: a cold build (empty execution cache) and a warm rebuild (nothing changed),
  and the slowest page to execute.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable


def timed(cmd: list[str], **kwargs) -> float:
    start = time.monotonic()
    subprocess.run(cmd, cwd=REPO, check=True, stdout=subprocess.DEVNULL, **kwargs)
    return time.monotonic() - start


def grading(assignment: str, work: Path, class_size: int, repeats: int) -> dict:
    from autograder import assignments
    from autograder.validate import format_report, validate

    report = validate(assignments.get(assignment), work / "validate")
    print(format_report(report))
    reference = work / "validate" / "submissions" / "reference"
    single = []
    for i in range(repeats):
        subs = work / f"single-{i}" / "subs"
        shutil.copytree(reference, subs / "student")
        single.append(timed([PY, "-m", "autograder", "grade", assignment, str(subs), "--out", str(subs.parent / "out")]))
    subs = work / "class" / "subs"
    for i in range(class_size):
        shutil.copytree(reference, subs / f"student-{i:03d}")
    batch = timed([PY, "-m", "autograder", "grade", assignment, str(subs), "--out", str(subs.parent / "out")])
    return {
        "bug_catalogue": f"{report['bugs_caught']}/{report['bugs']}",
        "reference_full_marks": report["reference_score"] == report["max_score"],
        "release_zero": report["release_score"] == 0,
        "median_seconds_per_submission_in_batch": report["median_seconds_per_student"],
        "single_submission_command_seconds_median": round(statistics.median(single), 2),
        "class_size": class_size,
        "class_seconds": round(batch, 2),
        "class_seconds_per_submission": round(batch / class_size, 3),
    }


def book() -> dict:
    build = [str(Path(PY).parent / "jupyter-book"), "build", ".", "--warningiserror", "--keep-going"]
    shutil.rmtree(REPO / "_build" / "html", ignore_errors=True)
    shutil.rmtree(REPO / "_build" / ".jupyter_cache", ignore_errors=True)
    cold = timed(build)
    warm = timed(build)
    return {"book_cold_build_seconds": round(cold, 1), "book_warm_rebuild_seconds": round(warm, 1),
            "slowest_page": _slowest_page()}


def _slowest_page() -> dict:
    """The page whose notebook took longest to execute, from the execution cache's records."""
    from jupyter_cache import get_cache

    cache = get_cache(REPO / "_build" / ".jupyter_cache")
    records = [(r.data.get("execution_seconds", 0.0), Path(r.uri).name) for r in cache.list_cache_records()]
    seconds, page = max(records, default=(0.0, ""))
    return {"page": page, "execution_seconds": round(seconds, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assignment", default="backprop")
    parser.add_argument("--class-size", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-book", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = grading(args.assignment, Path(tmp), args.class_size, args.repeats)
    if not args.skip_book:
        results.update(book())
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
