"""What must never reach a student: the reference solution's lines, nbgrader's hidden-test and solution
markers, and the hidden tests' input values."""

from autograder.assignments import Assignment
from autograder.release import FORBIDDEN_IN_RELEASE
from autograder.sync import solution_lines


def leaks(assignment: Assignment, text: str) -> list[str]:
    """What of ``assignment``'s secrets ``text`` shows: solution lines, markers, hidden input values (to six digits)."""
    found = [line for line in solution_lines([assignment]) if line in text]
    found += [marker for marker in FORBIDDEN_IN_RELEASE if marker in text]
    for case in assignment.hidden.cases():
        for array in case.inputs.values():
            for value in array.ravel()[:8].tolist():
                shown = f"{value:.6g}"
                # Short numbers (0, 1, 0.5) are everywhere; a value of five significant digits or more is the case's own.
                if len(shown.strip("-").replace(".", "").strip("0")) >= 5 and shown in text:
                    found.append(f"{case.name}: {shown}")
    return found
