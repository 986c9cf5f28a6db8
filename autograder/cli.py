"""Argument parsing for ``python -m autograder``; each command's work lives in its own module."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import re
import sys
from pathlib import Path

from autograder import assignments
from autograder.dispatch import WorkerLost
from autograder.sandbox import SANDBOXES, SandboxUnavailable, resolve


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("list", help="the assignments, from exercises/*/assignment.toml (the one registry)")
    p.add_argument("--long", action="store_true", help="with each one's title, notebooks and earlier assignments")

    p = sub.add_parser("release", help="the student version of an assignment (nbgrader generate_assignment)")
    p.add_argument("assignment")
    p.add_argument("--out", type=Path, required=True, help="folder to write (replaced if it exists)")
    p.add_argument("--zip", type=Path, help="also zip the folder into this file (what the book links to)")

    p = sub.add_parser("solution", help="the assignment with the reference solution filled in")
    p.add_argument("assignment")
    p.add_argument("--out", type=Path, required=True, help="folder to write (replaced if it exists)")

    p = sub.add_parser("grade", help="grade every SUBMISSIONS/<student_id>/*.ipynb, or an LMS's zip of them")
    p.add_argument("assignment")
    p.add_argument("submissions", type=Path, help="a folder of <student_id>/ folders, or a Moodle or Canvas zip")
    p.add_argument("--out", type=Path, required=True, help="grades.csv, feedback/ and the gradebook go here")
    p.add_argument("--db", help="gradebook SQLAlchemy URL (default: sqlite in --out)")
    p.add_argument("--jobs", type=int, default=0, help="local worker processes (default: CPU count)")
    p.add_argument("--scheduler", metavar="tcp://HOST:8786",
                   help="grade on the workers of this Dask cluster instead of local processes")
    p.add_argument("--regrade", action="store_true", help="grade again students already graded")
    _sandbox_option(p)
    p.add_argument("--case-seconds", type=float, help="wall-clock limit of one hidden test case")
    p.add_argument("--cell-seconds", type=float, help="wall-clock limit of one solution cell's top-level code")
    p.add_argument("--quiet", action="store_true", help="no progress bar or per-student lines, only the summary")
    _secret_option(p)
    p.add_argument("--per-student", action="store_true",
                   help="draw each student's hidden inputs from the secret, their id and their hand-in")

    p = sub.add_parser("validate", help="grade the reference, the release and the bug catalogue; check them")
    p.add_argument("assignment")
    p.add_argument("--out", type=Path, required=True, help="work folder (submissions, grades, validation.json)")
    _secret_option(p)

    p = sub.add_parser("audit", help="re-check every graded student on a dense battery; list disagreements")
    p.add_argument("assignment")
    p.add_argument("graded", type=Path, help="the --out folder of a `grade` run")
    p.add_argument("--out", type=Path, required=True, help="audit.csv goes here")
    p.add_argument("--student", action="append", help="audit only this student (a regrade request); repeatable")
    p.add_argument("--jobs", type=int, default=0, help="students audited at once (default: CPU count)")
    _sandbox_option(p)
    _secret_option(p)

    p = sub.add_parser("similarity", help="which hand-ins share code: every pair, the reference and earlier terms")
    p.add_argument("assignment")
    p.add_argument("submissions", type=Path, help="as for grade: a folder of <student_id>/ folders, or an LMS zip")
    p.add_argument("--out", type=Path, required=True, help="similarity.csv and similarity.html go here")
    p.add_argument("--against", type=Path, action="append", default=[], metavar="FOLDER",
                   help="an earlier term's hand-ins, in any layout SUBMISSIONS may have; repeatable")
    p.add_argument("--show", type=float, default=0.5, metavar="SHARE",
                   help="pairs at or above this similarity (0 to 1) are shown side by side in the page (default 0.5)")

    p = sub.add_parser("feedback", help="render the feedback pages again with the scores and comments people gave")
    p.add_argument("assignment")
    p.add_argument("--out", type=Path, required=True, help="the --out folder of a `grade` run")
    p.add_argument("--db", help="gradebook SQLAlchemy URL (default: sqlite in --out)")

    p = sub.add_parser("export", help="a graded assignment's grades as Canvas or Moodle imports them, or as CSV")
    p.add_argument("assignment")
    p.add_argument("--out", type=Path, required=True, help="the --out folder of the grade run")
    p.add_argument("--format", required=True, metavar="canvas|moodle|csv",
                   help="canvas: Grades > Import; moodle: the assignment's Upload grading worksheet; csv: plain")
    p.add_argument("--db", help="gradebook SQLAlchemy URL (default: sqlite in --out)")
    p.add_argument("--allow-incomplete", action="store_true",
                   help="also write students with answers still to grade by hand, with the points they have")
    p.add_argument("--to", type=Path, metavar="FILE", help="the file to write (default: OUT/<assignment>-<format>.csv)")
    p.add_argument("--title", help="Canvas: the assignment's column, as Canvas's export names it, e.g. "
                                   "'Backprop (4567)' (default: the assignment id)")

    p = sub.add_parser("gradescope", help="a Gradescope programming-assignment autograder zip of an assignment")
    p.add_argument("assignment")
    p.add_argument("--out", type=Path, required=True, help="the zip to write, e.g. autograder.zip")
    _secret_option(p)
    p.add_argument("--visibility", choices=["visible", "after_due_date", "after_published"], default="visible",
                   help="when students see each grade cell's score and feedback (default: at once)")

    p = sub.add_parser("new", help="scaffold a new assignment: notebook, reference, hidden cases, probe, oracle, …")
    p.add_argument("id", help="the new assignment's id: a lowercase Python name")
    p.add_argument("--title", help="what it is about (default: the id)")
    p.add_argument("--chapter", help="the book chapter that will link its download (default: book/ID.md)")

    p = sub.add_parser("sync", help="regenerate exercises' solution regions from solutions/")
    p.add_argument("--check", action="store_true", help="only report drift; exit 1 if any")
    return parser


def _sandbox_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sandbox", choices=SANDBOXES, default="auto",
                   help="auto (default): bubblewrap as root, else rootless (user namespaces); process isolates "
                        "nothing (development only, never chosen by auto)")


def _secret_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--secret-file", type=Path, metavar="PATH",
                   help="the course secret the hidden inputs are drawn from (keep it out of the repository)")


def _read_secret(path: Path | None) -> bytes | None:
    """The course secret's bytes; an unreadable or empty file is an error, never the public inputs."""
    if path is None:
        return None
    try:
        secret = path.read_bytes().strip()
    except OSError as exc:
        raise ValueError(f"cannot read the secret file {path}: {exc.strerror}") from None
    if not secret:
        raise ValueError(f"the secret file {path} is empty")
    return secret


def _gradebook_url(url: str | None) -> str | None:
    """``postgresql://`` means psycopg2, the driver installed (SQLAlchemy 2.1's default is psycopg 3)."""
    if url and url.startswith("postgresql://"):
        return "postgresql+psycopg2://" + url.removeprefix("postgresql://")
    return url


def _gradebook_named(args: argparse.Namespace) -> str:
    """The gradebook of a ``grade`` run, as an error names it: its URL without a password."""
    if args.command != "grade":
        return "the gradebook"
    where = re.sub(r"//([^/:@]*):[^/@]*@", r"//\1:***@", args.db) if args.db else args.out / "gradebook.db"
    return f"the gradebook {where}"


def _refused_write(exc: Exception) -> bool:
    """The gradebook's database refused: SQLAlchemy's errors and nbgrader's InvalidEntry (both slow to
    import, so recognised without importing them: an error of a module never imported is not one of its)."""
    sqlalchemy = sys.modules.get("sqlalchemy.exc")
    return (sqlalchemy is not None and isinstance(exc, sqlalchemy.SQLAlchemyError)) or \
        type(exc).__name__ == "InvalidEntry"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # nbgrader logs a traceback when the database refuses a write; the error below says it.
    logging.getLogger("tornado.application").setLevel(logging.CRITICAL)
    try:
        if args.command == "list":
            for known in map(assignments.get, assignments.known()):
                print(f"{known.id}\t{known.title}\tnotebooks: {', '.join(known.notebook_names)}\t"
                      f"needs: {', '.join(known.needs) or '-'}" if args.long else known.id)
            return 0
        if args.command == "sync":
            from autograder.sync import sync

            changed = sync([assignments.get(a) for a in assignments.known()], check=args.check)
            for path in changed:
                print(f"{'out of date' if args.check else 'updated'}: {path}")
            return 1 if (args.check and changed) else 0
        if args.command == "new":
            from autograder.scaffold import create

            for path in create(args.id, args.title or args.id, args.chapter or f"book/{args.id}.md"):
                print(f"created {path.relative_to(assignments.REPO)}")
            print("next: the authors' checklist in README.md (replace the example, write the chapter's link, "
                  f"the catalogue and the corpus, then `python -m autograder validate {args.id}`)")
            return 0
        assignment = assignments.get(args.assignment)
        if args.command in ("release", "solution"):
            from autograder.release import write_release, write_solution

            written = (write_release(assignment, args.out, args.zip) if args.command == "release"
                       else write_solution(assignment, args.out))
            for path in written:
                print(path)
            return 0
        if args.command == "gradescope":
            from autograder.gradescope import build

            print(build(assignment, args.out, _read_secret(args.secret_file), args.visibility))
            return 0
        if args.command == "similarity":
            from autograder.similarity import similarity

            print(similarity(assignment, args.submissions, args.out, args.against, args.show))
            return 0
        if args.command == "export":
            from autograder.export import export

            exported = export(assignment, args.out, args.format, db_url=_gradebook_url(args.db),
                              allow_incomplete=args.allow_incomplete, to=args.to, title=args.title)
            for note in exported.notes:
                print(note, file=sys.stderr)
            print(exported.summary())
            return 0
        if args.command == "audit":
            from autograder.audit import audit

            _, summary = audit(assignment, args.graded, args.out, jobs=args.jobs, sandbox=resolve(args.sandbox),
                               only=args.student, secret=_read_secret(args.secret_file))
            print(summary)
            return 0
        if args.command == "validate":
            from autograder.validate import format_report, validate

            _read_secret(args.secret_file)  # a bad file is said here, once
            report = validate(assignment, args.out, args.secret_file)
            print(format_report(report))
            return 0 if report["ok"] else 1
        if args.command == "feedback":
            from autograder.course import regenerate_feedback

            print(regenerate_feedback(assignment.id, args.out, _gradebook_url(args.db)))
            return 0
        from autograder.grade import grade_batch

        submissions = args.submissions
        if submissions.is_file():
            from autograder.lms import unpack

            unpacked = unpack(submissions, args.out / "unpacked")
            print(unpacked.summary())
            submissions = unpacked.folder
        secret = _read_secret(args.secret_file)
        if secret is None:
            print("note: no --secret-file, so the hidden inputs are the public ones, which anyone with the "
                  "repository can compute", file=sys.stderr)
        overrides = {k: v for k, v in (("case_seconds", args.case_seconds), ("cell_seconds", args.cell_seconds)) if v}
        summary = grade_batch(
            assignment, submissions, args.out, db_url=_gradebook_url(args.db), jobs=args.jobs, regrade=args.regrade,
            limits=dataclasses.replace(assignment.limits, **overrides), sandbox=resolve(args.sandbox),
            scheduler=args.scheduler, progress="none" if args.quiet else "auto", secret=secret,
            per_student=args.per_student,
        )
        print(summary)
        return 0
    except Exception as exc:  # noqa: BLE001  (what is not a clear error is raised again)
        if _refused_write(exc):
            reason = " ".join(str(getattr(exc, "orig", None) or (exc.args[0] if exc.args else exc)).split())
            print(f"error: {_gradebook_named(args)} could not be written: {reason}", file=sys.stderr)
            return 2
        if not isinstance(exc, (ValueError, OSError, SandboxUnavailable, WorkerLost)):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 2
