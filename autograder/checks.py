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
from typing import Any, NamedTuple

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
        self._read: dict[str, np.ndarray] = {}

    def keys(self) -> list[str]:
        if not self.readable:
            return []
        return sorted(p.stem for p in self.folder.glob("*.npy"))

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self._read:
            self._read[key] = self._load(key)
        return self._read[key]

    def _load(self, key: str) -> np.ndarray:
        """The array, read-only (several checks judge it); its header is checked before its data is read."""
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
                shape, fortran, dtype = read_header(f)
                size = math.prod(shape) * dtype.itemsize
                if dtype.hasobject or size > MAX_OUTPUT_BYTES:
                    raise ValueError
                data = f.read(size)
                if len(data) != size:
                    raise ValueError
                array = np.frombuffer(data, dtype).reshape(shape, order="F" if fortran else "C")
            except (ValueError, OSError, EOFError):
                raise OutputError(f"{key}: not a readable numeric array") from None
        array.flags.writeable = False
        return array


class Verdict(NamedTuple):
    """What one check concluded: the share of its weight earned, why, and conventions broken."""

    fraction: float
    text: str
    slips: tuple[str, ...] = ()  # names of conventions broken while the values are right


# A judge returns (fraction, text) or (fraction, text, slips).
Judge = Callable[[Outputs], tuple]


@dataclass
class Check:
    label: str
    judge: Judge
    weight: float = 1.0
    keys: tuple[str, ...] = ()  # the outputs it reads, when known before judging (``close``)

    def run(self, outputs: Outputs, again: Outputs | None = None) -> Verdict:
        """Judge ``outputs``; with ``again`` (a second call on the same inputs), the worse of the two."""
        first = self._run(outputs)
        if again is None or first.fraction == 0:
            return first
        second = self._run(again)
        if second.fraction >= first.fraction:
            return first
        return Verdict(second.fraction, f"{self.label}: right on the first call, but a second call with the same "
                       f"inputs gave {second.text.removeprefix(self.label + ': ')} (is state kept between calls?)",
                       second.slips)

    def _run(self, outputs: Outputs) -> Verdict:
        try:
            fraction, text, *slips = self.judge(outputs)
        except OutputError as exc:
            return Verdict(0.0, str(exc))
        return Verdict(min(max(float(fraction), 0.0), 1.0), text, tuple(slips[0]) if slips else ())


@dataclass(kw_only=True)
class Case:
    """One hidden test call: ``probe(ns, emit, **inputs, **params)`` in the sandbox.

    With ``repeat`` the probe runs twice on fresh copies of the inputs and every check
    judges both calls: a function whose second call differs keeps state between calls.
    """

    grade_id: str
    name: str
    title: str  # what the student reads, e.g. "batch of one, 4-D input"
    probe: str
    inputs: dict[str, np.ndarray]
    checks: list[Check]
    params: dict[str, Any] = field(default_factory=dict)
    time_limit: float | None = None  # seconds; None takes the assignment's default
    repeat: bool = True


def relative_error(actual: np.ndarray, expected: np.ndarray, floor: float = 1e-30) -> float:
    """max |actual − expected| relative to the largest |expected| (or ``floor``, if larger)."""
    scale = max(float(np.max(np.abs(expected), initial=0.0)), floor)
    with np.errstate(all="ignore"):
        return float(np.max(np.abs(actual.astype(np.float64) - expected.astype(np.float64)), initial=0.0)) / scale


# Floating dtypes whose mix-up is a convention slip rather than a wrong answer.
FLOATS = {np.dtype(np.float32), np.dtype(np.float64)}


# A value in a lower precision than expected is judged against this tolerance (float32: 1.2e-4).
def precision_tolerance(dtype: np.dtype, tol: float) -> float:
    return max(tol, 1e3 * float(np.finfo(dtype).eps)) if dtype.kind == "f" else tol


# Default relative tolerance by the expected value's dtype, and the magnitude below which it is absolute.
TOLERANCE = {np.dtype(np.float64): 1e-7, np.dtype(np.float32): 1e-4}
FLOOR = {np.dtype(np.float64): 1e-4, np.dtype(np.float32): 1.0}


def close(
    key: str,
    expected: np.ndarray,
    tol: float | None = None,
    label: str | None = None,
    variants: list[tuple[str, np.ndarray, str]] | None = None,
) -> Check:
    """Check that output ``key`` is finite, has expected's shape and values within ``tol``.

    Conventions are judged apart from values. A floating dtype other than expected's is a
    slip of convention ``dtype`` when the values are right in the coarser precision.
    ``variants`` lists (a convention's name, the value an answer has that breaks only that
    convention, what the student did then): matching one is a slip of that convention.
    """
    expected = np.asarray(expected)
    tol = TOLERANCE.get(expected.dtype, 1e-7) if tol is None else tol

    def judge(outputs: Outputs) -> tuple:
        actual = outputs[key]
        if actual.shape != expected.shape:
            return 0.0, f"{key}: shape {actual.shape}, expected {expected.shape}"
        if actual.dtype != expected.dtype and not {actual.dtype, expected.dtype} <= FLOATS:
            return 0.0, f"{key}: dtype {actual.dtype}, expected {expected.dtype}"
        if not np.all(np.isfinite(actual)):
            return 0.0, f"{key}: contains nan or inf"
        slips, notes = [], []
        coarser = min(actual.dtype, expected.dtype, key=lambda d: np.finfo(d).bits)
        allowed = tol
        if actual.dtype != expected.dtype:
            allowed = precision_tolerance(coarser, tol)
            slips.append("dtype")
            notes.append(f"dtype {actual.dtype}, expected {expected.dtype} (the dtype of the inputs)")
        # Rounding error is relative to the computation's scale, not to each tiny result: below
        # FLOOR in magnitude an error is judged as absolute (a saturated sigmoid's 2e-9 is 0 in float32).
        floor = FLOOR[coarser]
        err = relative_error(actual, expected, floor)
        if not err <= allowed:
            for name, value, what in variants or []:
                if relative_error(actual, np.asarray(value), floor) <= allowed:
                    slips.append(name)
                    notes.append(what)
                    break
            else:
                return 0.0, f"{key}: wrong values, off by {err:.1e} relative to its largest entry (allowed {allowed:.0e})"
        if slips:
            right = "values correct" if slips == ["dtype"] else "correct but for a convention"
            return 1.0, f"{key}: {right}; " + "; ".join(notes), slips
        return 1.0, f"{key}: correct"

    return Check(label or key, judge, keys=(key,))


def close_all(
    expected: dict[str, np.ndarray],
    dtype: np.dtype | type | None = None,
    tol: float | dict | None = None,
    variants: dict[str, list] | None = None,
) -> list[Check]:
    """A :func:`close` check for every expected output, in the order given.

    ``dtype``: the dtype the student's outputs must have (the float64 answers are cast to it);
    ``tol``: one tolerance, or one per expected dtype; ``variants``: by output, as for ``close``.
    """
    checks = []
    for key, value in expected.items():
        value = np.asarray(value) if dtype is None else np.asarray(value).astype(dtype)
        tolerance = tol.get(value.dtype) if isinstance(tol, dict) else tol
        checks.append(close(key, value, tolerance, variants=(variants or {}).get(key)))
    return checks


def contract_slips(outputs: Outputs) -> list[tuple[str, str]]:
    """(convention, what happened) for each slip the probes reported beside the outputs:
    ``modified.<function>.<argument>`` (an argument changed in place) and
    ``rebound.<function>.<key>`` (a dict entry replaced where its array was to be updated in place)."""
    slips = []
    for key in outputs.keys():
        kind, _, rest = key.partition(".")
        function, _, what = rest.partition(".")
        if kind == "modified":
            slips.append(("inputs unchanged", f"{function}: argument {what} was modified in place; "
                                              "a function must leave its arguments unchanged"))
        elif kind == "rebound":
            slips.append(("in place", f"{function}: the entry {what!r} was replaced by a new array; "
                                      "the rule is to update the caller's arrays in place"))
    return slips


def threshold_verdict(value: float, full: float, half: float, what: str, fmt: str = ".3f", unit: str = "") -> tuple[float, str]:
    """Full marks for ``value`` at or beyond ``full``, half at or beyond ``half``, else none.

    Higher is better when ``full > half`` (an accuracy), lower when ``full < half`` (a loss).
    """
    higher = full > half
    shown = f"{what} {value:{fmt}}{' ' + unit if unit else ''}"
    bound = "from" if higher else "up to"
    if (value >= full) if higher else (value <= full):
        return 1.0, f"{shown} (full marks {bound} {full:g})"
    if (value >= half) if higher else (value <= half):
        return 0.5, f"{shown}: half marks (full marks {bound} {full:g})"
    return 0.0, f"{shown}, {'below' if higher else 'above'} {half:g}"


# Held-out accuracy of a trained model: full marks from FULL_ACCURACY, half from HALF_ACCURACY.
FULL_ACCURACY, HALF_ACCURACY = 0.95, 0.90


def accuracy_verdict(acc: float) -> tuple[float, str]:
    """The share of a training check's points that a held-out accuracy earns, and why."""
    return threshold_verdict(acc, FULL_ACCURACY, HALF_ACCURACY, "held-out accuracy")


# The wall clock of a case that trains a model (the reference needs seconds; other cases get the assignment's).
TRAIN_SECONDS = 60.0


def trained_model(
    label: str, required: tuple[str, ...], evaluate: Callable[[dict[str, np.ndarray]], tuple], what: str = "trained model"
) -> Check:
    """A check of a model trained in the sandbox, judged by the grader on data it holds.

    Every output must be present among ``required`` (else "no trained model" and why) and every
    output read must be a finite floating array; ``evaluate`` gets the arrays by name and returns a
    verdict, or a string saying why they do not make a model (no marks).
    """
    def judge(outputs: Outputs) -> tuple:
        keys = outputs.keys()
        if not set(required) <= set(keys):
            return 0.0, f"no {what}" + (f" — {outputs.note}" if outputs.note else "")
        arrays = {key: outputs[key] for key in keys}
        for key, value in arrays.items():
            if value.dtype.kind == "f" and not np.all(np.isfinite(value)):
                return 0.0, f"{key}: contains nan or inf"
        verdict = evaluate(arrays)
        return (0.0, verdict) if isinstance(verdict, str) else verdict

    return Check(label, judge)
