"""Probe steps shared by several assignments (``probes/common.py`` in each job folder too)."""

import importlib.util
import inspect
import sys

import numpy as np


def call(ns, emit, name, *args):
    """``ns[name](*args)``, reporting each array argument the function changed in place.

    A changed argument is emitted as ``modified.<name>.<argument>``; the grader judges it.
    """
    function = ns[name]
    before = [np.array(a, copy=True) if type(a) is np.ndarray else None for a in args]
    result = function(*args)
    try:
        names = list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        names = []
    for i, (arg, old) in enumerate(zip(args, before)):
        if old is not None and not (arg.shape == old.shape and np.array_equal(arg, old, equal_nan=True)):
            emit(f"modified.{name}.{names[i] if i < len(names) else i}", np.array(1))
    return result


def update_in_place(ns, emit, name, arrays, *args):
    """``ns[name](arrays, *args)`` on a dict of arrays it must update in place; each entry it
    replaced by a new array instead is emitted as ``rebound.<name>.<key>``. Returns the result."""
    originals = dict(arrays)
    result = ns[name](arrays, *args)
    for key, value in originals.items():
        if arrays.get(key) is not value:
            emit(f"rebound.{name}.{key}", np.array(1))
    return result


def forward_elsewhere(ns, name, *args):
    """Call a forward function once more on other inputs, its result dropped, before the backward
    pass of the first call: a backward pass that reads module-level state, not its cache, shows."""
    ns[name](*(-a if type(a) is np.ndarray else a for a in args))


def model_loss(emit, model, X, y, params):
    """Load ``params`` into ``model``, then emit its scores, its loss and one gradient per parameter."""
    model.params = {name: value.copy() for name, value in params.items()}
    emit("scores", model.loss(X))
    value, grads = model.loss(X, y)
    emit("loss", value, scalar=True)
    for name in params:
        emit(f"d{name}", grads[name])


def trained_model(ns, emit, trainer, model_class, *data):
    """``ns[trainer](*data)``, which must return a ``ns[model_class]``; emit its ``params`` and return it.
    The grader evaluates the parameters on held-out data itself."""
    model = ns[trainer](*data)
    if not isinstance(model, ns[model_class]):
        raise TypeError(f"{trainer} must return a {model_class}, not {type(model).__name__}")
    for name, value in model.params.items():
        emit(name, value)
    return model


# A loop of 20 iterations, compiled as the notebook's code is: a working line counter sees at least its 40 lines.
_CANARY = compile("def canary():\n    total = 0\n    for i in range(20):\n        total += i\n    return total\n",
                  "<grader canary>", "exec")
CANARY_STEPS = 40


def python_steps(function, *args, stop_after=None):
    """The lines of Python ``function(*args)`` runs in the student's code, counted as the visible
    tests count them (``toolkit.contract.python_steps``, stopped past ``stop_after``), or -1 if the
    counter does not work.

    The counter is loaded afresh from the toolkit's file, so a student's change to the toolkit
    module changes nothing; a canary loop counted before and after shows a tracer switched off.
    """
    spec = importlib.util.find_spec("toolkit.contract")
    contract = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(contract)
    names = {}
    exec(_CANARY, names)
    settrace = sys.settrace
    if getattr(settrace, "__self__", None) is not sys or getattr(settrace, "__name__", "") != "settrace":
        return -1
    if contract.python_steps(names["canary"]) < CANARY_STEPS:
        return -1
    try:
        steps = contract.python_steps(function, *args, stop_after=stop_after)
    except contract.CounterSwitchedOff:
        return -1
    if contract.python_steps(names["canary"]) < CANARY_STEPS:
        return -1
    return steps
