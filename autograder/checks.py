"""Hidden-test cases and the trusted judging of what the student's code produced.

A :class:`Case` is one call of the student's code on inputs the grader chose; its
:class:`Check` s each judge one output (a value, a gradient) for a share of the grade
cell's points. Judging reads plain ``.npy`` files without pickle and never runs or
imports student code.
"""

import math
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

# An output file larger than this is refused before it is read.
MAX_OUTPUT_BYTES = 64 * 2**20


class OutputError(Exception):
    """An output is missing or malformed; the message is shown to the student."""


class Outputs:
    """The arrays one case wrote, read safely on demand."""

    def __init__(self, folder: Path, note: str | None = None, within: Path | None = None):
        self.folder = folder
        self.note = note  # why outputs may be missing: the error the student's code raised
        # Links may point anywhere: only a folder that really lies within ``within`` is read.
        self.readable = folder.is_dir() and folder.resolve().is_relative_to((within or folder).resolve())

    def keys(self) -> list[str]:
        if not self.readable:
            return []
        return sorted(p.stem for p in self.folder.glob("*.npy"))

    def __getitem__(self, key: str) -> np.ndarray:
        path = self.folder / f"{key}.npy"
        try:
            if not self.readable:
                raise OSError
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            raise OutputError(f"{key}: not computed" + (f" — {self.note}" if self.note else "")) from None
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_OUTPUT_BYTES:
                raise OutputError(f"{key}: not a plain array of acceptable size")
            try:
                version = np.lib.format.read_magic(f)
                read_header = {(1, 0): np.lib.format.read_array_header_1_0}.get(
                    version, np.lib.format.read_array_header_2_0
                )
                shape, _, dtype = read_header(f)
                if dtype.hasobject or math.prod(shape) * dtype.itemsize > MAX_OUTPUT_BYTES:
                    raise ValueError
                f.seek(0)
                return np.lib.format.read_array(f, allow_pickle=False)
            except (ValueError, OSError, EOFError):
                raise OutputError(f"{key}: not a readable numeric array") from None


# A judge returns the fraction of the check's weight earned and a message for the student.
Judge = Callable[[Outputs], tuple[float, str]]


@dataclass
class Check:
    label: str
    judge: Judge
    weight: float = 1.0

    def run(self, outputs: Outputs) -> tuple[float, str]:
        try:
            fraction, text = self.judge(outputs)
        except OutputError as exc:
            return 0.0, str(exc)
        return min(max(float(fraction), 0.0), 1.0), text


@dataclass
class Case:
    """One hidden test call: ``probe(ns, emit, **inputs, **params)`` in the sandbox."""

    grade_id: str
    name: str
    title: str  # what the student reads, e.g. "batch of one, 4-D input"
    probe: str
    inputs: dict[str, np.ndarray]
    checks: list[Check]
    params: dict[str, Any] = field(default_factory=dict)
    time_limit: float | None = None  # seconds; None takes the assignment's default


def relative_error(actual: np.ndarray, expected: np.ndarray) -> float:
    """max |actual − expected| relative to the largest |expected|."""
    scale = max(float(np.max(np.abs(expected), initial=0.0)), 1e-30)
    return float(np.max(np.abs(actual - expected), initial=0.0)) / scale


def close(key: str, expected: np.ndarray, tol: float = 1e-7, label: str | None = None) -> Check:
    """Check that output ``key`` has expected's dtype and shape, is finite and within ``tol``."""
    expected = np.asarray(expected)

    def judge(outputs: Outputs) -> tuple[float, str]:
        actual = outputs[key]
        if actual.dtype != expected.dtype:
            return 0.0, f"{key}: dtype {actual.dtype}, expected {expected.dtype}"
        if actual.shape != expected.shape:
            return 0.0, f"{key}: shape {actual.shape}, expected {expected.shape}"
        if not np.all(np.isfinite(actual)):
            return 0.0, f"{key}: contains nan or inf"
        err = relative_error(actual, expected)
        if not err <= tol:
            return 0.0, f"{key}: wrong values, off by {err:.1e} relative to its largest entry (allowed {tol:.0e})"
        return 1.0, f"{key}: correct"

    return Check(label or key, judge)


# Held-out accuracy of a trained model: full marks from FULL_ACCURACY, half from HALF_ACCURACY.
FULL_ACCURACY, HALF_ACCURACY = 0.95, 0.90


def accuracy_verdict(acc: float) -> tuple[float, str]:
    """The share of a training check's points that a held-out accuracy earns, and why."""
    if acc >= FULL_ACCURACY:
        return 1.0, f"held-out accuracy {acc:.3f} (full marks from {FULL_ACCURACY:.2f})"
    if acc >= HALF_ACCURACY:
        return 0.5, f"held-out accuracy {acc:.3f}: half marks (full marks from {FULL_ACCURACY:.2f})"
    return 0.0, f"held-out accuracy {acc:.3f}, below {HALF_ACCURACY:.2f}"
