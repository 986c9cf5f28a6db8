"""Reference update rules, CS231n style: ``update(w, dw, config) -> (next_w, config)``.

Each rule is one step of a ``torch.optim`` optimizer, with PyTorch's formulas exactly
(no weight decay, no dampening, ``maximize=False``): stepping a tensor with the same
gradients gives the same iterates. ``config`` holds the hyperparameters and the rule's
state under PyTorch's names (``momentum_buffer``, ``square_avg``, ``exp_avg``,
``exp_avg_sq``, ``step``); it may be updated in place and is returned, and the caller
passes the returned config to the next call. ``w`` and ``dw`` are left unchanged: next_w
is a new array, of w's dtype, and so is every state array.
"""

from typing import Any

import numpy as np


# Shown in exercises/optim/optim.md, cell momentum
def sgd_momentum(w: np.ndarray, dw: np.ndarray, config: dict[str, Any] | None = None) -> tuple[np.ndarray, dict[str, Any]]:
    """SGD with momentum, as ``torch.optim.SGD(params, lr=η, momentum=μ)`` steps (dampening 0).

        b ← μ b + ∇,        w ← w − η b

    with the buffer b starting at 0. (Sutskever's velocity v = μv − η∇, w ← w + v, gives the
    same iterates for a fixed η, with v = −η b; the state kept here is PyTorch's b.)

    Args:
        w: parameters, any shape.
        dw: ∇, the gradient of the loss with respect to w: w's shape.
        config: ``learning_rate`` η (default 1e-2), ``momentum`` μ (default 0.9) and the state
            ``momentum_buffer`` b (w's shape and dtype; zeros when absent). None: the defaults.

    Returns:
        next_w: the updated parameters, a new array of w's dtype.
        config: the config with ``momentum_buffer`` set to the new b.
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    buffer = config.get("momentum_buffer", np.zeros_like(w))
    buffer = config["momentum"] * buffer + dw
    next_w = w - config["learning_rate"] * buffer
    config["momentum_buffer"] = buffer
    return next_w, config  # given


# Shown in exercises/optim/optim.md, cell momentum
def sgd_nesterov(w: np.ndarray, dw: np.ndarray, config: dict[str, Any] | None = None) -> tuple[np.ndarray, dict[str, Any]]:
    """Nesterov momentum, as ``torch.optim.SGD(params, lr=η, momentum=μ, nesterov=True)`` steps.

        b ← μ b + ∇,        w ← w − η (∇ + μ b)

    with b starting at 0 and the new b in the update. This is Sutskever's look-ahead form
    v ← μv − η∇L(θ + μv), θ ← θ + v rewritten for the stored point w = θ + μv, so that only
    the gradient at w is needed (the book's *Gradient descent and optimizers*, Nesterov).

    Args:
        w, dw: as for :func:`sgd_momentum`.
        config: ``learning_rate`` η (default 1e-2), ``momentum`` μ (default 0.9), the state
            ``momentum_buffer`` b (zeros when absent). None: the defaults.

    Returns:
        next_w: a new array of w's dtype; config: with ``momentum_buffer`` set to the new b.
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    buffer = config.get("momentum_buffer", np.zeros_like(w))
    buffer = config["momentum"] * buffer + dw
    next_w = w - config["learning_rate"] * (dw + config["momentum"] * buffer)
    config["momentum_buffer"] = buffer
    return next_w, config  # given


# Shown in exercises/optim/optim.md, cell rmsprop
def rmsprop(w: np.ndarray, dw: np.ndarray, config: dict[str, Any] | None = None) -> tuple[np.ndarray, dict[str, Any]]:
    """RMSProp, as ``torch.optim.RMSprop(params, lr=η, alpha=α, eps=ε)`` steps (not centred, no momentum).

        s ← α s + (1 − α) ∇²,        w ← w − η ∇ / (√s + ε)

    elementwise, with s starting at 0 and ε added *outside* the square root.

    Args:
        w, dw: as for :func:`sgd_momentum`.
        config: ``learning_rate`` η (default 1e-2), ``alpha`` α (default 0.99), ``eps`` ε
            (default 1e-8): PyTorch's defaults; the state ``square_avg`` s (zeros when absent).
            None: the defaults.

    Returns:
        next_w: a new array of w's dtype; config: with ``square_avg`` set to the new s.
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("alpha", 0.99)
    config.setdefault("eps", 1e-8)
    alpha = config["alpha"]
    square_avg = alpha * config.get("square_avg", np.zeros_like(w)) + (1 - alpha) * dw * dw
    next_w = w - config["learning_rate"] * dw / (np.sqrt(square_avg) + config["eps"])
    config["square_avg"] = square_avg
    return next_w, config  # given


# Shown in exercises/optim/optim.md, cell adam
def adam(w: np.ndarray, dw: np.ndarray, config: dict[str, Any] | None = None) -> tuple[np.ndarray, dict[str, Any]]:
    """Adam with bias correction, as ``torch.optim.Adam(params, lr=η, betas=(β₁, β₂), eps=ε)`` steps.

        t ← t + 1
        m ← β₁ m + (1 − β₁) ∇,        v ← β₂ v + (1 − β₂) ∇²
        m̂ = m / (1 − β₁ᵗ),            v̂ = v / (1 − β₂ᵗ)
        w ← w − η m̂ / (√v̂ + ε)

    elementwise, with m = v = 0 and t = 0 before the first step, ε added outside the square
    root, and the stored m and v left uncorrected (the correction is applied to the step only).

    Args:
        w, dw: as for :func:`sgd_momentum`.
        config: ``learning_rate`` η (default 1e-3), ``beta1`` β₁ (default 0.9), ``beta2`` β₂
            (default 0.999), ``eps`` ε (default 1e-8): PyTorch's defaults; the state
            ``exp_avg`` m, ``exp_avg_sq`` v (zeros when absent) and ``step`` t, the number of
            steps taken so far (0 when absent). None: the defaults.

    Returns:
        next_w: a new array of w's dtype; config: with ``exp_avg``, ``exp_avg_sq`` and ``step``
        set to the new m, v and t.
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("eps", 1e-8)
    beta1, beta2 = config["beta1"], config["beta2"]
    t = config.get("step", 0) + 1
    m = beta1 * config.get("exp_avg", np.zeros_like(w)) + (1 - beta1) * dw
    v = beta2 * config.get("exp_avg_sq", np.zeros_like(w)) + (1 - beta2) * dw * dw
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["eps"])
    config["exp_avg"], config["exp_avg_sq"], config["step"] = m, v, t
    return next_w, config  # given
