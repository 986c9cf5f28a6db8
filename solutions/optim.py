"""Reference parameter update."""

import numpy as np


# Shown in exercises/backprop/backprop.md, cell sgd
def sgd_step(params: dict[str, np.ndarray], grads: dict[str, np.ndarray], learning_rate: float) -> None:
    """One step of (mini-batch) stochastic gradient descent, in place: θ ← θ − η ∇_θ L.

    Args:
        params: name → parameter array; every array is updated in place.
        grads: name → gradient, the same keys and shapes as params.
        learning_rate: the step size η > 0.
    """
    for name, value in params.items():
        value -= learning_rate * grads[name]
