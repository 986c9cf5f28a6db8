"""Helpers shared by every assignment and by the book: gradient checks, convention checks, data, training, plots,
and the check before hand-in (``python -m toolkit.check``, not imported here).

This package ships unchanged with each released assignment; it holds no exercise's solution.
"""

from toolkit.contract import check_cache_only, check_dtype, check_unchanged, python_steps
from toolkit.data import load_digits_pixels, load_digits_split, make_xor
from toolkit.gradcheck import numerical_gradient, numerical_gradient_array, rel_error
from toolkit.plots import plot_decision_boundary, plot_loss_curve
from toolkit.progress import progress_bar
from toolkit.train import accuracy, iterate_minibatches, train

__all__ = [
    "accuracy",
    "check_cache_only",
    "check_dtype",
    "check_unchanged",
    "iterate_minibatches",
    "load_digits_pixels",
    "load_digits_split",
    "make_xor",
    "numerical_gradient",
    "numerical_gradient_array",
    "plot_decision_boundary",
    "plot_loss_curve",
    "progress_bar",
    "python_steps",
    "rel_error",
    "train",
]
