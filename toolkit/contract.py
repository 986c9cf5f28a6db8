"""Checks of the conventions every graded function follows, for the notebooks' visible tests.

The hidden tests enforce a few conventions besides the values themselves: an output has the
dtype of the inputs, a function leaves its arguments as it found them, and a second call
with the same inputs gives the same result. These helpers check them on the student's own
functions and fail with a message that names the rule broken::

    out, cache = check_unchanged(relu_forward, x)         # inputs unchanged, repeatable
    check_dtype("relu_forward", out, x)                   # float32 in → float32 out

:func:`python_steps` counts the lines of Python a call runs in the notebook's own code (not
in NumPy, PyTorch or this toolkit): a deterministic measure of "vectorised" that does not
depend on how busy the machine is.

Arrays are NumPy arrays or anything with ``dtype`` and ``shape`` (a PyTorch tensor is read
through ``detach().cpu().numpy()``); results may nest them in tuples, lists and dicts.
"""

from __future__ import annotations

import copy
import inspect
import sys
import sysconfig
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["check_cache_only", "check_dtype", "check_unchanged", "python_steps"]


def _is_array(value: Any) -> bool:
    return hasattr(value, "dtype") and hasattr(value, "shape") and not isinstance(value, type)


def _as_numpy(value: Any) -> np.ndarray:
    """A NumPy copy of an array or tensor."""
    if hasattr(value, "detach"):  # a PyTorch tensor, without importing torch
        value = value.detach().cpu().numpy()
    return np.array(value, copy=True)


def _arrays(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(path, array) for every array in a result: ``[1]``, ``['W1']``, ``[0][2]``…"""
    if _is_array(value):
        yield path, value
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from _arrays(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _arrays(item, f"{path}[{key!r}]")


def check_dtype(name: str, out: Any, like: Any) -> None:
    """Assert that every array in ``out`` has the dtype of ``like`` (an input array, or a dtype).

    Rule checked — dtype: every array a function returns has the dtype of its floating inputs,
    float32 in → float32 out, float64 in → float64 out. Python numbers in ``out`` (a scalar
    loss, a norm) are not arrays and are not checked.

    Args:
        name: what returned ``out``, for the message (e.g. ``"affine_backward"``).
        out: the function's result: an array or a tuple, list or dict of them.
        like: an input of the call, or the dtype the outputs must have.
    """
    want = like.dtype if _is_array(like) else like
    if not hasattr(want, "is_floating_point"):  # a NumPy dtype or type; a torch.dtype stays as it is
        want = np.dtype(want)
    for path, array in _arrays(out):
        if array.dtype != want:
            where = f" (result{path})" if path else ""
            raise AssertionError(
                f"dtype: a {_dtype_name(want)} input must give a {_dtype_name(want)} output; "
                f"{name} returned {_dtype_name(array.dtype)}{where}"
                + (" (np.zeros(shape) without dtype= is float64)" if _dtype_name(array.dtype) == "float64" else "")
            )


def _dtype_name(dtype: Any) -> str:
    return str(dtype).removeprefix("torch.")


def _snapshot(value: Any) -> Any:
    """A frozen copy of the parts of a value that can be compared: arrays, numbers, strings, containers."""
    if _is_array(value):
        return _as_numpy(value)
    if isinstance(value, (tuple, list)):
        return [_snapshot(v) for v in value]
    if isinstance(value, dict):
        return {k: _snapshot(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, complex, str)):
        return value
    return _Opaque


class _Opaque:
    """Stands for an object of unknown type, which is not compared."""


def _first_difference(a: Any, b: Any, path: str, exact: bool) -> str | None:
    """Where two snapshots differ (``path``), or None. Without ``exact``, rounding-level noise is allowed."""
    if a is _Opaque or b is _Opaque:
        return None
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return path or "the result"
        if a.dtype != b.dtype or a.shape != b.shape:
            return path or "the result"
        if exact or a.dtype.kind not in "fc":
            same = np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
        else:
            # The same arithmetic on arrays at other addresses may round differently in the last bit.
            scale = float(np.max(np.abs(a), initial=0.0)) if np.all(np.isfinite(a)) else np.inf
            tol = 64 * np.finfo(a.dtype).eps * max(scale, 1e-30)
            same = bool(np.all((a == b) | (np.abs(a - b) <= tol) | (np.isnan(a) & np.isnan(b))))
        return None if same else (path or "the result")
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return path or "the result"
        for i, (x, y) in enumerate(zip(a, b)):
            found = _first_difference(x, y, f"{path}[{i}]", exact)
            if found:
                return found
        return None
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return path or "the result"
        for key in a:
            found = _first_difference(a[key], b[key], f"{path}[{key!r}]", exact)
            if found:
                return found
        return None
    if isinstance(a, float) and isinstance(b, float) and not exact:
        return None if a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b)) or (a != a and b != b) else path
    return None if type(a) is type(b) and a == b else (path or "the result")


def _argument_names(fn: Callable, args: tuple, kwargs: dict) -> list[str]:
    """The parameter name of each positional argument (``argument 2`` when unknown), then the keywords."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        params = []
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    names = [params[i].name if i < len(params) and params[i].kind in positional else f"argument {i + 1}"
             for i in range(len(args))]
    return names + list(kwargs)


def check_unchanged(fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call ``fn`` twice, each time on fresh copies of the arguments, and return the first result.

    Rules checked:

    - inputs unchanged: ``fn`` never modifies its arguments in place (x, w, b, dout, h0, a
      cache, …). Work on new arrays: ``np.maximum(x, 0)``, ``x.copy()``, ``dx = dx + …``.
    - repeatable: a second call with the same inputs gives the same result, and leaves the
      first call's result as it was: no state kept between calls (a module-level cache or
      buffer, an accumulator that is never reset).

    The caller's own arguments are never passed to ``fn``, so they stay intact whatever it does.

    Raises:
        AssertionError: naming the rule, the function and the argument or result concerned.
    """
    name = getattr(fn, "__name__", "the function")
    pristine = copy.deepcopy((args, kwargs))
    before = _snapshot(list(args) + list(kwargs.values()))

    first_args, first_kwargs = copy.deepcopy(pristine)
    first = fn(*first_args, **first_kwargs)
    after = _snapshot(list(first_args) + list(first_kwargs.values()))
    for i, arg_name in enumerate(_argument_names(fn, args, kwargs)):
        found = _first_difference(before[i], after[i], "", exact=True)
        if found:
            part = "" if found == "the result" else f" (at {arg_name}{found})"
            raise AssertionError(
                f"inputs unchanged: {name} must not modify its arguments in place, but it changed "
                f"{arg_name}{part}; compute into a new array (np.maximum(x, 0), x.copy(), dx = dx + ...) instead"
            )
    frozen_first = _snapshot(first)

    second_args, second_kwargs = copy.deepcopy(pristine)
    second = fn(*second_args, **second_kwargs)
    differs = _first_difference(frozen_first, _snapshot(second), "", exact=False)
    changed = _first_difference(frozen_first, _snapshot(first), "", exact=True)
    if differs or changed:
        where = "its result" if (differs or changed) == "the result" else f"result{differs or changed}"
        problem = (f"calling {name} twice with the same inputs must give the same result, but {where} differed "
                   "the second time" if differs else f"a second call of {name} changed what the first call "
                   f"returned ({where})")
        raise AssertionError(f"repeatable: {problem}; keep no state between calls (no module-level cache, "
                             "buffer or accumulator)")
    return first


def check_cache_only(forward: Callable, args: tuple, backward: Callable, *upstream: Any) -> Any:
    """``backward(*upstream, cache)`` for the cache of ``forward(*args)``, checked to depend on that cache alone.

    Rule checked — repeatable: a backward pass computes from its cache, not from state a
    forward pass left behind (a module-level variable holding the last input). The backward
    pass is called once right after the forward pass, and again after ``forward`` has run
    on other inputs (the arguments negated); both results must agree. Returns the first.
    """
    cache = forward(*copy.deepcopy(args))[-1]
    first = _snapshot(backward(*copy.deepcopy(upstream), cache))
    forward(*(-a if isinstance(a, np.ndarray) else copy.deepcopy(a) for a in args))
    second = _snapshot(backward(*copy.deepcopy(upstream), cache))
    differs = _first_difference(first, second, "", exact=False)
    if differs:
        where = "its result" if differs == "the result" else f"result{differs}"
        name, forward_name = getattr(backward, "__name__", "the backward pass"), getattr(forward, "__name__", "forward")
        raise AssertionError(
            f"repeatable: {name} must compute from its cache alone, but after {forward_name} ran on other inputs "
            f"{where} for the first call's cache changed; keep what the backward pass needs in the cache, "
            "not in a module-level variable")
    return first


def _library_folders() -> tuple[str, ...]:
    """Folders whose code is not the notebook's: the standard library, installed packages, this toolkit."""
    folders = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, str(Path(__file__).parent)}
    folders |= {path for key, path in sysconfig.get_paths().items() if key in ("stdlib", "platstdlib", "purelib", "platlib")}
    resolved = {str(Path(f).resolve()) for f in folders if f}
    return tuple(f.rstrip("/") + "/" for f in resolved if f != "/")


class CounterSwitchedOff(RuntimeError):
    """The counted call replaced or removed the line counter (``sys.settrace``): its count means nothing."""


class _StepLimit(BaseException):
    """Raised by the line counter in the counted call once it has seen enough (see ``stop_after``)."""


def python_steps(fn: Callable, *args: Any, stop_after: int | None = None, **kwargs: Any) -> int:
    """How many lines of Python ``fn(*args, **kwargs)`` runs in the notebook's own code.

    Every line executed in a function defined in the notebook (or a file beside it) counts,
    once each time it runs, including the lines of loops and comprehensions; lines run inside
    NumPy, PyTorch, the standard library and this toolkit do not. A vectorised function runs
    a few dozen lines whatever the input size; one that loops over output positions runs
    several lines per position. Unlike a stopwatch, the count is the same on a busy machine.
    With ``stop_after``, the call is stopped once more lines than that have run, and the count
    returned is ``stop_after + 1``: a loop is found out without waiting for it to finish.

    Returns:
        The number of line events (``sys.settrace``) in the notebook's code during the call.

    Raises:
        CounterSwitchedOff: the call replaced or removed the trace function.
    """
    library = _library_folders()
    own: dict[str, bool] = {}
    count = 0

    def is_own(filename: str) -> bool:
        if filename not in own:
            frozen = filename.startswith("<frozen")
            path = filename if filename.startswith("<") else str(Path(filename).resolve())
            own[filename] = not frozen and not path.startswith(library)
        return own[filename]

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
            if stop_after is not None and count > stop_after:
                raise _StepLimit
        return local

    def on_call(frame, event, arg):
        return local if is_own(frame.f_code.co_filename) else None

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        fn(*args, **kwargs)
        if sys.gettrace() is not on_call:
            raise CounterSwitchedOff(f"{getattr(fn, '__name__', 'the function')} switched off the line counter "
                                     "(sys.settrace): its lines cannot be counted")
    except _StepLimit:
        pass
    finally:
        sys.settrace(previous)
    return count
