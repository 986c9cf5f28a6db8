"""Realistic student implementations, one file each, to prove the hidden tests fair.

``autograder/corpus/<assignment>/<name>.py`` holds whole solution cells as a student
would hand them in: a docstring saying the style it imitates (and what, if anything, is
off), then for each cell it replaces a line ``# %% <grade_id>`` followed by the cell's
complete source. Cells it does not name are the reference's. Nobody labels them by
hand: ``validate`` grades them through the real command and the audit battery says
which are right, so the report shows every false negative and false positive.
"""

import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARKER = re.compile(r"^# %% (\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Implementation:
    name: str
    description: str
    cells: dict[str, str]  # grade id -> complete source of that solution cell


def parse(name: str, text: str) -> Implementation:
    parts = MARKER.split(text)
    description = parts[0].strip().strip('"').strip()
    cells = {gid: source.strip("\n") + "\n" for gid, source in zip(parts[1::2], parts[2::2])}
    if not cells:
        raise ValueError(f"corpus implementation {name}: no '# %% <grade_id>' cell")
    return Implementation(name, description, cells)


def load(assignment_id: str) -> list[Implementation]:
    """Every implementation of the corpus for this assignment, by name."""
    folder = HERE / assignment_id
    return [parse(p.stem, p.read_text()) for p in sorted(folder.glob("*.py"))] if folder.is_dir() else []
