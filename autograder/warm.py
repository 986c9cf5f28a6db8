"""Imported once by the local pool's fork server, so that every worker forked from it starts warm.

The grading stages, the feedback exporter (nbconvert, Jinja) and torch (the trained-model
judges need it) are ready in each worker before its first student, and so is the kit of
the assignment being graded (named by ``AUTOGRADER_WARM_KIT``, "<id> <key>").
"""

import os

import nbformat
import torch  # noqa: F401

from autograder import assignments, feedback, kit, student  # noqa: F401

feedback.render(nbformat.v4.new_notebook(), "-", "-", "-", {}, {})  # compiles the page's templates
if os.environ.get("AUTOGRADER_WARM_KIT"):
    _id, _key = os.environ["AUTOGRADER_WARM_KIT"].split()
    kit.load(assignments.get(_id), expect=_key).cases
