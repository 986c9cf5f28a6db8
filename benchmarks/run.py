"""``make bench``: the project's speed and quality numbers, measured in one run.

Each number comes from running the real commands (the machine is shared and noisy, so
repeated timings are summarised by their median):

- the assignment's validation: reference, release, bug catalogue and corpus through ``grade``,
  and the audit of them all on the dense battery;
- grading one hand-in alone with ``python -m autograder grade`` (setup included);
- a class of identical hand-ins, for throughput per submission, graded in the bubblewrap
  sandbox and again as plain processes: the ratio is the sandbox's overhead;
- the website: a cold build (empty execution cache) and a warm rebuild (nothing changed),
  a warm ``make book`` (releases up to date) with nothing changed and after editing the
  prose of one chapter, and the slowest page to execute.
"""

import argparse
import csv
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
    batch, plain, per_batch, per_plain = [], [], [], []
    for i in range(repeats):  # interleaved, so both see the same machine
        for sandbox, times, per in (("bubblewrap", batch, per_batch), ("process", plain, per_plain)):
            out = work / "class" / f"out-{sandbox}-{i}"
            times.append(timed([PY, "-m", "autograder", "grade", assignment, str(subs), "--out", str(out),
                                "--sandbox", sandbox]))
            per += _seconds_per_student(out)
    batch, plain = statistics.median(batch), statistics.median(plain)
    return {
        "bug_catalogue": f"{report['bugs_caught']}/{report['bugs']}",
        "corpus": report["corpus"],
        "corpus_false_negatives": report["false_negatives"],
        "corpus_false_positives": report["false_positives"],
        "audit_seconds_per_student": round(report["audit_seconds"] / report["students"], 2),
        "reference_full_marks": report["reference_score"] == report["max_score"],
        "release_zero": report["release_score"] == 0,
        "median_seconds_per_submission_in_batch": report["median_seconds_per_student"],
        "single_submission_command_seconds_median": round(statistics.median(single), 2),
        "class_size": class_size,
        "class_seconds": round(batch, 2),
        "class_seconds_per_submission": round(batch / class_size, 3),
        "class_seconds_without_sandbox": round(plain, 2),
        "class_batch_overhead_ratio": round(batch / plain, 3),
        "median_seconds_per_submission_sandboxed": round(statistics.median(per_batch), 3),
        "median_seconds_per_submission_unsandboxed": round(statistics.median(per_plain), 3),
        "sandbox_overhead_ratio_per_submission": round(statistics.median(per_batch) / statistics.median(per_plain), 3),
    }


def _seconds_per_student(out: Path) -> list[float]:
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        return [float(row["seconds"]) for row in csv.DictReader(f)]


def book() -> dict:
    build = [str(Path(PY).parent / "jupyter-book"), "build", ".", "--warningiserror", "--keep-going"]
    for built in ("html", ".doctrees", "jupyter_execute", ".jupyter_cache"):  # what a cold build lacks
        shutil.rmtree(REPO / "_build" / built, ignore_errors=True)
    cold = timed(build)
    warm = timed(build)
    # An author's loop: `make book` with nothing changed (the releases are up to date), and
    # again after editing the prose of one chapter.
    make_book = ["make", "--no-print-directory", "book"]
    timed(make_book)                                     # brings the releases up to date
    make_warm = timed(make_book)
    chapter = REPO / "book" / "backprop.md"
    original = chapter.read_text(encoding="utf-8")
    try:
        chapter.write_text(original + "\nAn edited sentence.\n", encoding="utf-8")
        make_edited = timed(make_book)
    finally:
        chapter.write_text(original, encoding="utf-8")
    timed(make_book)                                     # leave the site as the sources say
    return {"book_cold_build_seconds": round(cold, 1), "book_warm_rebuild_seconds": round(warm, 1),
            "make_book_warm_seconds": round(make_warm, 1),
            "make_book_after_editing_one_chapter_seconds": round(make_edited, 1),
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
    parser.add_argument("--only", choices=["grading", "book"], help="measure one part only")
    args = parser.parse_args()
    results = {}
    if args.only != "book":
        with tempfile.TemporaryDirectory() as tmp:
            results.update(grading(args.assignment, Path(tmp), args.class_size, args.repeats))
    if args.only != "grading":
        results.update(book())
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
