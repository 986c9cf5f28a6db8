"""Submissions as a learning-management system exports them: one zip, unpacked to a folder.

``grade`` accepts either a folder ``<student_id>/<notebook>.ipynb`` or a zip, which is
unpacked here into ``<out>/submissions/<student_id>/``. Recognised layouts:

    Moodle   "Ada Lovelace_12345_assignsubmission_file_/backprop.ipynb"  → student 12345
    Canvas   "lovelaceada_12345_67890_backprop.ipynb" (or "…_late_12345_…") → student 12345
    folders  "<student_id>/backprop.ipynb", optionally under one top folder → that folder's name

Each student's origin (the LMS, its id for them, their name as the zip spells it) is kept
beside their folders in ``students.json``, so that ``export`` can send the grades back
under those ids.

Only ``.ipynb`` members are taken; anything else (a PDF, a nested zip, a path that climbs
out of the folder, a link) is skipped and reported. Sizes are capped, so a zip bomb stops
with an error before the disk fills, and the zip itself is never changed.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from toolkit.notebook import MAX_NOTEBOOK_BYTES

MAX_TOTAL_BYTES = 4 * 2**30
# Moodle: "<full name>_<participant id>_assignsubmission_file_"; Canvas: "<name>[_LATE]_<user id>_<file id>_<file>".
MOODLE = re.compile(r"^(.*)_(\d+)_assign(?:submission|feedback)_\w+?_?$")
CANVAS = re.compile(r"^([^_/]+?)(?:_late)?_(\d+)_(\d+)_(.+)$", re.IGNORECASE)
MARKER = ".unpacked"  # a file in the folder: made by unpack, so unpack may replace it
ORIGINS = "students.json"  # a file in the folder: where each student came from
SAFE_ID = re.compile(r"[^A-Za-z0-9._@+-]+")


@dataclass(frozen=True)
class Origin:
    """Where a student's hand-in came from: ``lms`` is "moodle", "canvas" or "folder"; ``id`` is the
    LMS's id for them (Moodle's participant number, Canvas's user id; for a folder, its name);
    ``name`` is their name as the zip spells it ("Ada Lovelace" in Moodle, "lovelaceada" in Canvas)."""

    lms: str
    id: str
    name: str


@dataclass
class Unpacked:
    folder: Path
    students: int = 0
    notebooks: int = 0
    skipped: list[str] = field(default_factory=list)  # "member: why"
    origins: dict[str, Origin] = field(default_factory=dict)  # by student folder

    def summary(self) -> str:
        text = f"unpacked {self.notebooks} notebooks of {self.students} students into {self.folder}"
        if self.skipped:
            text += f"; skipped {len(self.skipped)}: " + "; ".join(self.skipped[:10])
            text += " …" if len(self.skipped) > 10 else ""
        return text


def _origin_and_name(parts: tuple[str, ...]) -> tuple[Origin, str] | None:
    """(the student's origin, notebook name) for a member's path parts, or None when no layout fits."""
    *folders, name = parts
    for folder in folders:  # Moodle: the student's folder, at any depth
        match = MOODLE.match(folder)
        if match:
            return Origin("moodle", match.group(2), match.group(1)), name
    if not folders:  # Canvas: flat files that carry the ids in their names
        match = CANVAS.match(name)
        return (Origin("canvas", match.group(2), match.group(1)), match.group(4)) if match else None
    if len(folders) <= 2:  # <student_id>/, or <export folder>/<student_id>/
        return Origin("folder", folders[-1], folders[-1]), name
    return None


def read_origins(folder: Path) -> dict[str, Origin]:
    """The origins ``unpack`` recorded in ``folder``, by student folder; none for a folder it did not make."""
    path = folder / ORIGINS
    if not path.is_file():
        return {}
    return {student: Origin(**origin) for student, origin in json.loads(path.read_text()).items()}


def _clean_id(student: str) -> str:
    return SAFE_ID.sub("_", student).strip("._") or "unnamed"


def unpack(archive: Path, dest: Path) -> Unpacked:
    """Unpack the notebooks of an LMS export ``archive`` into ``dest/<student_id>/``.

    ``dest`` is replaced when an earlier unpacking made it; any other existing folder is
    an error, so nothing of the instructor's is deleted.
    """
    if not zipfile.is_zipfile(archive):
        raise ValueError(f"{archive} is neither a folder of submissions nor a zip file")
    if dest.exists():
        if not (dest / MARKER).is_file():
            raise ValueError(f"{dest} exists and was not unpacked by grade: move it or choose another --out")
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    (dest / MARKER).write_text(f"Unpacked from {archive.name} by `python -m autograder grade`; replaced on the next run.\n")
    result = Unpacked(dest)
    total = 0
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            where = info.filename
            path = PurePosixPath(where.replace("\\", "/"))
            mode = info.external_attr >> 16
            if path.is_absolute() or ".." in path.parts or stat.S_ISLNK(mode):
                result.skipped.append(f"{where}: unsafe path or link")
                continue
            if path.suffix.lower() != ".ipynb" or any(p.startswith(("__MACOSX", ".")) for p in path.parts):
                result.skipped.append(f"{where}: not a notebook")
                continue
            found = _origin_and_name(path.parts)
            if found is None:
                result.skipped.append(f"{where}: no student id in its path")
                continue
            if info.file_size > MAX_NOTEBOOK_BYTES:
                result.skipped.append(f"{where}: larger than {MAX_NOTEBOOK_BYTES // 2**20} MB")
                continue
            origin, notebook = found
            student, name = _clean_id(origin.id), _clean_id(notebook)
            folder = dest / student
            folder.mkdir(exist_ok=True)
            target, n = folder / name, 2
            while target.exists():  # two files of one name: keep both, the grader reports it
                target, n = folder / f"{Path(name).stem} ({n}).ipynb", n + 1
            with zf.open(info) as src, open(target, "wb") as out:
                copied = _copy(src, out, MAX_NOTEBOOK_BYTES)
            if copied < 0:
                target.unlink()
                result.skipped.append(f"{where}: larger than {MAX_NOTEBOOK_BYTES // 2**20} MB")
                continue
            total += copied
            if total > MAX_TOTAL_BYTES:
                raise ValueError(f"{archive} unpacks to more than {MAX_TOTAL_BYTES // 2**30} GB of notebooks")
            result.notebooks += 1
            result.origins.setdefault(student, origin)
    result.students = sum(1 for p in dest.iterdir() if p.is_dir())
    (dest / ORIGINS).write_text(json.dumps({s: asdict(o) for s, o in sorted(result.origins.items())}, indent=1))
    return result


def _copy(src, out, limit: int) -> int:
    """Copy at most ``limit`` bytes and return how many; -1 when there was more (a header can lie)."""
    copied = 0
    while block := src.read(1 << 20):
        copied += len(block)
        if copied > limit:
            return -1
        out.write(block)
    return copied
