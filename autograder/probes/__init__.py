"""Sandbox-side probes: each calls the student's functions on the grader's inputs and
emits what they return. A probe holds no expected value; it is copied into the sandbox
as ``probes.py`` and imports nothing from the grader."""
