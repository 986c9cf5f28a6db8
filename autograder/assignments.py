"""Where each assignment's parts live: its MyST notebooks, hidden tests and limits."""

from __future__ import annotations

import importlib
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType

from autograder.sandbox import Limits

REPO = Path(__file__).resolve().parent.parent
EXERCISES = REPO / "exercises"
TOOLKIT = REPO / "toolkit"
# A convention broken while the values are right costs this share of the hidden case.
DEFAULT_CONVENTION_SHARE = 0.1


@dataclass(frozen=True)
class Assignment:
    """An nbgrader assignment: ``exercises/<id>/*.md`` plus ``autograder.hidden.<id>``."""

    id: str

    @property
    def folder(self) -> Path:
        return EXERCISES / self.id

    @property
    def sources(self) -> list[Path]:
        """The source notebooks, MyST Markdown, in name order."""
        return sorted(self.folder.glob("*.md"))

    @property
    def notebook_names(self) -> list[str]:
        """Notebook names without extension, as nbgrader knows them."""
        return [p.stem for p in self.sources]

    @cached_property
    def hidden(self) -> ModuleType:
        """The trusted side of the hidden tests: cases, expected values, limits."""
        return importlib.import_module(f"autograder.hidden.{self.id}")

    @cached_property
    def config(self) -> dict:
        """``exercises/<id>/assignment.toml``, if the assignment has one."""
        path = self.folder / "assignment.toml"
        return tomllib.loads(path.read_text()) if path.is_file() else {}

    @property
    def title(self) -> str:
        """What the assignment is about, as the book and ``python -m autograder list`` name it."""
        return self.config.get("assignment", {}).get("title", self.id)

    @property
    def chapter(self) -> Path:
        """The book chapter that teaches the assignment and links its download."""
        return REPO / self.config.get("assignment", {}).get("chapter", f"book/{self.id}.md")

    @property
    def needs(self) -> list[str]:
        """Earlier assignments whose solved notebooks a student puts beside this one (``toolkit.earlier``)."""
        needs = self.config.get("assignment", {}).get("needs", [])
        unknown = sorted(set(needs) - set(known()))
        if unknown:
            raise ValueError(f"{self.id}: needs unknown assignments {', '.join(unknown)}")
        return needs

    @property
    def minimum_bugs(self) -> int:
        """How many catalogued bugs validation requires (every one must lose points)."""
        return int(self.config.get("validation", {}).get("minimum_bugs", 12))

    @property
    def minimum_corpus(self) -> int:
        """How many realistic implementations validation requires in the fairness corpus."""
        return int(self.config.get("validation", {}).get("minimum_corpus", 20))

    @property
    def reference_layers(self) -> list[str]:
        """Earlier assignments' functions that toolkit.layers provides while this one is graded."""
        return self.config.get("grading", {}).get("reference_layers", [])

    @property
    def forbidden_names(self) -> list[str]:
        """Names no solution cell may contain (shortcuts the assignment rules out)."""
        return self.config.get("grading", {}).get("forbidden_names", [])

    @property
    def preload(self) -> tuple[str, ...]:
        """Modules the sandbox imports once, before its first worker, so no student pays for them."""
        return tuple(self.config.get("grading", {}).get("preload", ()))

    @property
    def judge_preload(self) -> tuple[str, ...]:
        """Modules the trained-model judges run (an oracle, torch): imported once before the grading
        workers are forked, not by each worker at its first student."""
        return tuple(self.config.get("grading", {}).get("judge_preload", ()))

    @property
    def convention_share(self) -> float:
        """The share of a hidden case a broken convention costs when the values are right."""
        share = float(self.config.get("grading", {}).get("convention_share", DEFAULT_CONVENTION_SHARE))
        if not 0 <= share <= 0.5:
            raise ValueError(f"{self.id}: convention_share must be between 0 and 0.5, not {share}")
        return share

    @property
    def limits(self) -> Limits:
        """The sandbox limits: the hidden-test module's ``LIMITS``, or the defaults."""
        return getattr(self.hidden, "LIMITS", Limits())


def known() -> list[str]:
    """Ids of every assignment: the folders of exercises/ that hold an ``assignment.toml``."""
    return sorted(p.parent.name for p in EXERCISES.glob("*/assignment.toml"))


def get(assignment_id: str) -> Assignment:
    """The assignment called ``assignment_id``, or ValueError naming the known ones."""
    if assignment_id not in known():
        raise ValueError(f"unknown assignment {assignment_id!r}; known: {', '.join(known())}")
    return Assignment(assignment_id)
