"""Sandbox-side probes: each calls the student's functions on the grader's inputs and
emits what they return. A probe holds no expected value. This package is copied into each
job folder as it is (``probes/__init__.py``, ``common.py``, and the assignment's module as ``assignment.py``), so an
assignment's probes import only ``.common`` and never the rest of the grader."""
