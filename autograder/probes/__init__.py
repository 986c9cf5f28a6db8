"""Sandbox-side probes: each calls the student's functions on the grader's inputs and
emits what they return. A probe holds no expected value; an assignment's probes are copied
into the sandbox as ``probes.py``, with ``common.py`` as ``probes_common.py``, and import
nothing else of the grader's."""
