"""The backpropagation assignment's layers, taken from your own solved notebook.

Later assignments build networks from the layers you wrote for backpropagation. Put your
solved ``backprop.ipynb`` next to the notebook you are working on (or set the environment
variable ``BACKPROP_NOTEBOOK`` to its path); importing this module runs that notebook's
solution cells and makes their functions available here::

    from toolkit.layers import affine_forward, relu_forward, softmax_cross_entropy, sgd_step

When an assignment that uses them is graded, the grader supplies reference versions of these
functions instead, so a mistake in your backprop layers costs no marks a second time.
"""

from toolkit.earlier import solution_namespace

# The backprop notebook's solution cells, and the names this module provides from them.
SOLUTION_CELLS = ("affine", "relu", "sigmoid", "tanh", "losses", "sgd")
NAMES = (
    "affine_forward", "affine_backward", "relu_forward", "relu_backward", "sigmoid_forward", "sigmoid_backward",
    "tanh_forward", "tanh_backward", "softmax_cross_entropy", "mse_loss", "sgd_step",
)


def _load() -> dict:
    namespace = solution_namespace("backprop", SOLUTION_CELLS)
    missing = [name for name in NAMES if name not in namespace]
    if missing:
        raise ImportError(f"your backprop notebook does not define {', '.join(missing)}")
    return {name: namespace[name] for name in NAMES}


globals().update(_load())
