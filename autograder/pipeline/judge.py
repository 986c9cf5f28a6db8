"""The judging stage: a case's outputs against the oracle, in the grader's own process.

Outputs are plain ``.npy`` files the sandboxed worker wrote; they are read without
pickle and judged by the case's checks. Nothing here runs or imports student code.
"""

from dataclasses import dataclass, field
from pathlib import Path

from autograder.checks import Case, Outputs, contract_slips
from autograder.pipeline.run import RunReport
from autograder.task import Problem, Result, Status
from autograder.worker import COMPLETE


@dataclass
class CaseResult:
    grade_id: str
    earned: float  # weight earned, conventions deducted
    total: float  # weight at stake
    values_right: bool  # every check's values right (conventions aside)
    slips: set[str]  # conventions broken
    lines: list[str] = field(default_factory=list)  # what the feedback says of this case


def classify(results: list[CaseResult]) -> str:
    """``correct``, ``convention`` (values right, a convention broken) or ``wrong``, over some cases."""
    if not all(r.values_right for r in results):
        return "wrong"
    return "convention" if any(r.slips for r in results) else "correct"


def judge_case(
    out: Path, case: Case, report: RunReport, messages: dict[str, str], share: float, lines: list[str]
) -> CaseResult:
    """Judge one case's outputs here, in the grader's process, and add its feedback lines.

    A convention broken while the values are right (a dtype, a tie, an input modified in
    place) costs ``share`` of what the case earned, once per case; wrong values earn nothing.
    """
    outputs = Outputs(out / case.name, messages.get(f"case {case.name}"), within=out)
    # A second call is judged only after a first one that ran to its end.
    first_complete = (out / case.name / COMPLETE).is_file()
    again = Outputs(out / f"{case.name}~again", outputs.note, within=out) if case.repeat and first_complete else None
    error = report.case_errors.get(case.name) or (None if outputs.keys() else outputs.note)
    total = sum(check.weight for check in case.checks)
    start = len(lines)
    lines.append(f"{case.title}:")
    if error:  # nothing to judge: one line for the whole case
        lines.append(f"  ✗ {', '.join(check.label for check in case.checks)}: not computed — {error}")
        return CaseResult(case.grade_id, 0.0, total, False, set(), lines[start:])
    earned, slips = 0.0, set[str]()
    for check in case.checks:
        verdict = check.run(outputs, again)
        earned += verdict.fraction * check.weight
        slips.update(verdict.slips)
        mark = ("≈" if verdict.slips else "✓") if verdict.fraction == 1 else ("½" if verdict.fraction > 0 else "✗")
        lines.append(f"  {mark} {verdict.text}")
    for slip, what in contract_slips(outputs):
        slips.add(slip)
        lines.append(f"  ≈ {what}")
    values_right = earned == total
    if slips and earned:
        lines.append(f"  conventions broken: {', '.join(sorted(slips))} — {share:.0%} of this case deducted")
        earned *= 1 - share
    return CaseResult(case.grade_id, earned, total, values_right, slips, lines[start:])


def summarise(student_id: str, sha256: str, problems: list[Problem], score: float,
              max_score: float) -> Result:
    """The student's row: the worst problem as the status, every problem in the detail."""
    statuses = {status for status, _ in problems if status}
    status = next((s for s in Status if s in statuses), Status.OK)
    detail = "; ".join(text for _, text in problems)
    return Result(student_id, sha256, status, detail, round(score, 4), max_score)
