"""Each probe emits exactly what its cases' checks read (the oracle's keys), checked in-process
on the reference solution for one case of every probe: no sandbox, seconds per assignment."""

import sys
import types

import jupytext
import numpy as np
import pytest

from autograder import assignments
from autograder.sync import reference_module, render

SLIPS = ("modified.", "rebound.")  # reported beside the outputs by the probe steps, judged as conventions


def _reference_namespace(assignment: assignments.Assignment) -> dict:
    """The assignment's setup cells and reference solution cells, run here as the worker would run them."""
    if assignment.reference_layers:
        layers = types.ModuleType("toolkit.layers")
        exec(reference_module(assignment.reference_layers), layers.__dict__)
        sys.modules["toolkit.layers"] = layers
    namespace: dict = {}
    try:
        for path in assignment.sources:
            for cell in jupytext.read(path).cells:
                entries = cell.metadata.get("autograder", {}).get("source")
                if entries or "setup" in cell.metadata.get("tags", []):
                    exec(render(entries) if entries else cell.source, namespace)
    finally:
        sys.modules.pop("toolkit.layers", None)
    return namespace


class Names(dict):
    """What a probe sees of the student's names (the worker's Namespace: ``ns[name]`` and ``ns._ns``)."""

    @property
    def _ns(self):
        return self


@pytest.mark.parametrize("assignment_id", assignments.known())
def test_every_probe_emits_what_its_checks_read(assignment_id):
    assignment = assignments.get(assignment_id)
    namespace = Names(_reference_namespace(assignment))
    probes = __import__(f"autograder.probes.{assignment_id}", fromlist=["_"])
    first = {}
    for case in assignment.hidden.cases():
        keys = [key for check in case.checks for key in check.keys]
        if keys and all(check.keys for check in case.checks):  # every output known before judging
            first.setdefault(case.probe, case)
    assert first, "no case whose checks name their outputs"
    for probe, case in first.items():
        emitted = []
        inputs = {k: np.array(v, copy=True) for k, v in case.inputs.items()}
        getattr(probes, probe)(namespace, lambda key, value, scalar=False, emitted=emitted: emitted.append(key), **inputs, **case.params)
        outputs = {key for key in emitted if not key.startswith(SLIPS)}
        read = {key for check in case.checks for key in check.keys}
        assert outputs == read, f"{probe} ({case.name}): emits {sorted(outputs - read)} unread, " \
                                f"checks read {sorted(read - outputs)} never emitted"
        assert len(emitted) == len(set(emitted)), f"{probe}: an output emitted twice"


def test_the_line_counter_notices_it_was_switched_off(monkeypatch):
    from autograder.probes.common import python_steps

    def loop():
        for _ in range(100):
            pass

    def switches_it_off():
        sys.settrace(None)
        loop()

    assert python_steps(loop) >= 100
    assert python_steps(loop, stop_after=10) == 11
    assert python_steps(switches_it_off) == -1
    monkeypatch.setattr(sys, "settrace", lambda function: None)  # a cell that replaced it before the probe ran
    assert python_steps(loop) == -1
