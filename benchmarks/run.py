"""``make bench``: the project's speed and quality numbers, measured in one run.

Each number comes from running the real commands (the machine is shared and noisy, so
repeated timings are summarised by their median):

- the assignment's validation: reference, release, bug catalogue and corpus through ``grade``,
  and the audit of them all on the dense battery;
- grading one hand-in alone with ``python -m autograder grade`` (setup included);
- a class of identical hand-ins, for throughput per submission, graded in the bubblewrap
  sandbox and again as plain processes: the ratio is the sandbox's overhead;
- class-scale grading: 20 students with ``--jobs 2`` against ``--jobs 1`` and against plain
  ``nbgrader autograde`` of the same notebooks; a student's time against the compute floor
  (their cells and the hidden cases alone, in a warm interpreter); how soon a second
  ``grade`` of the assignment has graded its first student; 200 students on a local Dask
  cluster of 2 workers against the local pool;
- the similarity report on a class of 300 whose solution cells are drawn from the corpus
  and the reference;
- the reference convolution's wall time, vectorised against loops (the hidden tests judge
  "vectorised" by lines of Python counted, not by time; this is where its speed is measured);
- the website: a cold build (empty execution cache) and a warm rebuild (nothing changed),
  a warm ``make book`` (releases up to date) with nothing changed and after editing the
  prose of one chapter, and the slowest page to execute.
"""

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

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


def _class_of(reference: Path, folder: Path, size: int) -> Path:
    for i in range(size):
        shutil.copytree(reference, folder / f"student-{i:03d}")
    return folder


def _grade(assignment: str, subs: Path, out: Path, *extra: str) -> tuple[float, float, float]:
    """Wall seconds of a ``grade`` run, seconds from its start until the first student was graded,
    and until the last was."""
    start = time.monotonic()
    proc = subprocess.Popen([PY, "-m", "autograder", "grade", assignment, str(subs), "--out", str(out), *extra],
                            cwd=REPO, stdout=subprocess.PIPE, text=True)
    first = last = None
    for line in proc.stdout:
        if line.startswith("["):
            last = time.monotonic() - start
            first = first if first is not None else last
    if proc.wait() != 0:
        raise RuntimeError(f"grade {assignment} {subs} failed")
    return time.monotonic() - start, first or 0.0, last or 0.0


def _nbgrader_autograde(assignment: str, subs: Path, root: Path) -> float:
    """Plain nbgrader: generate_assignment, then ``nbgrader autograde`` of the same hand-ins."""
    from autograder import assignments
    from autograder.release import source_notebook

    nbgrader = [str(Path(PY).parent / "nbgrader")]
    source = root / "source" / assignment
    source.mkdir(parents=True)
    for path in assignments.get(assignment).sources:
        nbformat.write(source_notebook(path), source / f"{path.stem}.ipynb")
    shutil.copytree(REPO / "toolkit", source / "toolkit")
    course = [f"--CourseDirectory.root={root}"]
    subprocess.run([*nbgrader, "generate_assignment", assignment, "--force", *course], check=True, cwd=root,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for student in subs.iterdir():
        shutil.copytree(student, root / "submitted" / student.name / assignment)
        shutil.copytree(REPO / "toolkit", root / "submitted" / student.name / assignment / "toolkit")
    start = time.monotonic()
    subprocess.run([*nbgrader, "autograde", assignment, "--create", *course], cwd=root, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - start


FLOOR = """
import json, os, sys, time
sys.path.insert(0, os.getcwd())
import worker, numpy, torch, matplotlib  # everything imported before the clock starts
from IPython.core.interactiveshell import InteractiveShell
job = json.load(open("job.json"))
os.chdir(worker.WORK)
import probes
times = []
for _ in range(4):
    shell = InteractiveShell.instance(colors="nocolor")
    shell.showtraceback = lambda *a, **k: None
    start = time.monotonic()
    worker.run_cells(shell, job["cells"])
    worker.run_cases(worker.Namespace(shell.user_ns), job["cases"], probes, os.path.dirname(worker.WORK))
    times.append(time.monotonic() - start)
    shell.reset()
print(sorted(times[1:])[1])
"""


def compute_floor(assignment: str, reference: Path) -> float:
    """A student's cells and hidden cases alone, in an interpreter that has imported everything: the floor."""
    from autograder import assignments, kit
    from autograder.pipeline.handin import extract, parse, read_handin
    from autograder.pipeline.rebuild import prepare_job

    a = assignments.get(assignment)
    the_kit = kit.load(a)
    with tempfile.TemporaryDirectory() as tmp:
        total = 0.0
        for template in the_kit.templates:
            handin = read_handin(reference)
            sources = extract(parse(handin[f"{template.name}.ipynb"]), template.solution_ids)
            job = Path(tmp) / template.name
            cases = the_kit.cases[template.name]
            prepare_job(job, a, cases)
            for name in ("work", "out"):
                (job / name).mkdir()
            (job / "job.json").write_text(json.dumps({
                "cells": template.program(sources.sources),
                "cases": [{"name": c.name, "probe": c.probe, "params": c.params, "repeat": c.repeat} for c in cases]}))
            run = subprocess.run([PY, "-c", FLOOR], cwd=job, check=True, capture_output=True, text=True,
                                 env={**os.environ, "OMP_NUM_THREADS": "1", "MPLBACKEND": "Agg"})
            total += float(run.stdout.split()[-1])
    return total


def class_scale(assignment: str, work: Path, size: int, dask_size: int, repeats: int) -> dict:
    from autograder import assignments, kit

    run_cli = [PY, "-m", "autograder"]
    solved = work / "solved"
    subprocess.run([*run_cli, "solution", assignment, "--out", str(solved)], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)
    reference = work / "reference"
    reference.mkdir()
    for nb in solved.glob("*.ipynb"):
        shutil.copy(nb, reference)
    kit.load(assignments.get(assignment))  # the cache a second `grade` finds
    subs = _class_of(reference, work / "class", size)
    walls: dict[int, list[float]] = {1: [], 2: []}
    phases: dict[int, list[float]] = {1: [], 2: []}  # from the first student graded to the last
    firsts, per_student = [], []
    for i in range(repeats):  # interleaved, so both see the same machine
        for jobs in (1, 2):
            out = work / f"out-{jobs}-{i}"
            wall, first, last = _grade(assignment, subs, out, "--jobs", str(jobs))
            walls[jobs].append(wall)
            phases[jobs].append(last - first)
            firsts.append(first)
            if jobs == 1:
                per_student += _seconds_per_student(out)
    one, two = statistics.median(walls[1]), statistics.median(walls[2])
    phase_one, phase_two = statistics.median(phases[1]), statistics.median(phases[2])
    nbgrader = _nbgrader_autograde(assignment, subs, work / "nbgrader")
    floor = compute_floor(assignment, reference)
    student = statistics.median(per_student)
    results = {
        "class_scale_students": size,
        "class_jobs_1_seconds": round(one, 1),
        "class_jobs_2_seconds": round(two, 1),
        "class_speedup_jobs_2_vs_1": round(one / two, 2),
        # Start-up excluded: students graded per second once the first is, the rate a large class sees.
        "class_grading_phase_speedup_jobs_2_vs_1": round(phase_one / phase_two, 2),
        "class_nbgrader_autograde_seconds": round(nbgrader, 1),
        "class_speedup_vs_nbgrader_autograde": round(nbgrader / two, 2),
        "second_grade_seconds_until_first_student_graded_median": round(statistics.median(firsts), 2),
        "student_seconds_median_jobs_1": round(student, 3),
        "student_compute_floor_seconds": round(floor, 3),
        "student_over_floor_ratio": round(student / floor, 2),
        "class_wall_per_student_jobs_1_over_floor_ratio": round(one / size / floor, 2),
    }
    if dask_size:
        results.update(dask_versus_local(assignment, reference, work, dask_size, min(repeats, 2)))
    return results


def dask_versus_local(assignment: str, reference: Path, work: Path, size: int, rounds: int) -> dict:
    """The same class on a local Dask cluster of 2 single-threaded workers and on the local pool of 2
    (medians of ``rounds`` runs each), then on a local pool of 1."""
    import socket

    subs = _class_of(reference, work / "dask-class", size)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dask = str(Path(PY).parent / "dask")
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)]
    try:
        procs += [subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                                    "--preload", "autograder.warm"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, cwd=REPO) for _ in range(2)]
        from distributed import Client

        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        _grade(assignment, _class_of(reference, work / "dask-warmup", 4), work / "dask-warmup-out",
               "--scheduler", address)  # each worker loads the kit once, as it would for a long batch
        dask_walls, local_walls = [], []
        for i in range(rounds):  # interleaved, so both see the same machine
            dask_walls.append(_grade(assignment, subs, work / f"dask-out-{i}", "--scheduler", address)[0])
            local_walls.append(_grade(assignment, subs, work / f"dask-local-out-{i}", "--jobs", "2")[0])
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()
    dask_wall, local_wall = statistics.median(dask_walls), statistics.median(local_walls)
    one_wall, *_ = _grade(assignment, subs, work / "dask-local-1-out", "--jobs", "1")
    per_task = (dask_wall - local_wall) / size
    return {
        # The same pool ratio as for 20 students, once the fixed start is a small part of the whole.
        "large_class_jobs_1_seconds": round(one_wall, 1),
        "large_class_speedup_jobs_2_vs_1": round(one_wall / local_wall, 2),
        "dask_students": size,
        "dask_2_workers_seconds": round(dask_wall, 1),
        "local_pool_2_seconds": round(local_wall, 1),
        "dask_over_local_ratio": round(dask_wall / local_wall, 3),
        "dask_overhead_seconds_per_task": round(per_task, 3),
    }


def similarity_report(assignment: str, work: Path, size: int, repeats: int) -> dict:
    """``similarity`` on a class of ``size`` whose every solution cell is drawn from the corpus or the reference."""
    import random

    from autograder import assignments, corpus
    from autograder.validate import with_cells

    subprocess.run([PY, "-m", "autograder", "solution", assignment, "--out", str(work / "solved")], cwd=REPO,
                   check=True, stdout=subprocess.DEVNULL)
    solved = {name: nbformat.read(work / "solved" / f"{name}.ipynb", as_version=4)
              for name in assignments.get(assignment).notebook_names}
    pool: dict[str, list[str | None]] = {}  # grade id -> its versions; None: the reference's
    for impl in corpus.load(assignment):
        for gid, source in impl.cells.items():
            pool.setdefault(gid, [None]).append(source)
    rng = random.Random(0)
    for i in range(size):
        chosen = {gid: rng.choice(versions) for gid, versions in pool.items()}
        for name, nb in solved.items():
            cells = {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
                     if c.metadata.get("nbgrader", {}).get("solution")}
            # a comment of the student's own: no two hand-ins have the same text
            cells = {g: f"# student {i}\n" + (chosen.get(g) or source) for g, source in cells.items()}
            (work / "class" / f"student-{i:03d}").mkdir(parents=True, exist_ok=True)
            nbformat.write(with_cells(nb, cells), work / "class" / f"student-{i:03d}" / f"{name}.ipynb")
    cmd = [PY, "-m", "autograder", "similarity", assignment, str(work / "class"), "--out", str(work / "report")]
    timed(cmd)  # the kit cached, as for any command after the first
    seconds = statistics.median(timed(cmd) for _ in range(repeats))
    return {"similarity_class_size": size, "similarity_pairs": size * (size - 1) // 2 + size,
            "similarity_seconds": round(seconds, 1)}


def _seconds_per_student(out: Path) -> list[float]:
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        return [float(row["seconds"]) for row in csv.DictReader(f)]


def conv_speed(repeats: int) -> dict:
    """Median seconds of the reference's vectorised convolution, forward and backward, on two large
    inputs, and of the loop version on the visible test's input, with their ratio there."""
    import numpy as np

    from solutions import conv

    def median_seconds(forward, backward, shape, filters, kernel, pad) -> float:
        rng = np.random.default_rng(0)
        x, w = rng.standard_normal(shape), rng.standard_normal((filters, shape[1], kernel, kernel))
        b, param = rng.standard_normal(filters), {"stride": 1, "pad": pad}
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            out, cache = forward(x, w, b, param)
            backward(np.ones_like(out), cache)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    fast = (conv.conv_forward_fast, conv.conv_backward_fast)
    loops = (conv.conv_forward_naive, conv.conv_backward_naive)
    visible = ((2, 2, 24, 24), 3, 3, 1)
    result = {
        "conv_fast_64x3x16x16_seconds": median_seconds(*fast, (64, 3, 16, 16), 16, 5, 2),
        "conv_fast_1x3x320x320_seconds": median_seconds(*fast, (1, 3, 320, 320), 4, 5, 2),
        "conv_fast_visible_input_seconds": median_seconds(*fast, *visible),
        "conv_loops_visible_input_seconds": median_seconds(*loops, *visible),
    }
    result["conv_loops_over_fast_ratio"] = result["conv_loops_visible_input_seconds"] / result["conv_fast_visible_input_seconds"]
    return result


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
    parser.add_argument("--dask-class-size", type=int, default=200)
    parser.add_argument("--similarity-class-size", type=int, default=300)
    parser.add_argument("--only", choices=["grading", "class-scale", "similarity", "conv", "book"],
                        help="measure one part only")
    args = parser.parse_args()
    results = {}
    if args.only in (None, "grading"):
        with tempfile.TemporaryDirectory() as tmp:
            results.update(grading(args.assignment, Path(tmp), args.class_size, args.repeats))
    if args.only in (None, "class-scale"):
        with tempfile.TemporaryDirectory() as tmp:
            results.update(class_scale(args.assignment, Path(tmp), 20, args.dask_class_size, args.repeats))
    if args.only in (None, "similarity"):
        with tempfile.TemporaryDirectory() as tmp:
            results.update(similarity_report(args.assignment, Path(tmp), args.similarity_class_size, args.repeats))
    if args.only in (None, "conv"):
        results.update(conv_speed(max(args.repeats, 5)))
    if args.only in (None, "book"):
        results.update(book())
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
