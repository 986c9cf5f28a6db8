"""Catalogues of plausible student bugs, one module per assignment.

Each bug is a textual edit of one reference solution cell; ``python -m autograder
validate`` grades every one through the real grading command and reports how many
lose points. An edit whose text is no longer in the reference is an error, so a
catalogue cannot silently go stale.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bug:
    name: str  # a folder name: lowercase, dashes
    cell: str  # grade id of the solution cell it edits
    old: str  # text that occurs exactly once in that cell
    new: str
    why: str  # the mistake, as a student would make it

    def apply(self, source: str) -> str:
        count = source.count(self.old)
        if count != 1:
            raise ValueError(f"bug {self.name}: {self.old!r} occurs {count} times in cell {self.cell}")
        return source.replace(self.old, self.new)
