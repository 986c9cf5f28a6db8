"""PyTorch versions of the optimization assignment (float64, NumPy in and out).

The update rules are ``torch.optim`` itself stepping one tensor with the given gradients;
batch normalization is ``torch.nn.BatchNorm1d`` in train and eval mode; dropout's mask is
the draw the notebook states (``np.random.default_rng(seed).random(shape) < 1 − p``, an
exact specification rather than a computation), its arithmetic and gradient torch's; the
deeper network is built from torch's functional layers with its gradients from autograd.
"""

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from autograder.oracles.autograd import tensor, to_numpy, vjp

# The defaults the notebook states for a config left empty (None, or without a key).
DEFAULTS = {
    "sgd_momentum": {"learning_rate": 1e-2, "momentum": 0.9},
    "sgd_nesterov": {"learning_rate": 1e-2, "momentum": 0.9},
    "rmsprop": {"learning_rate": 1e-2, "alpha": 0.99, "eps": 1e-8},
    "adam": {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}
# The state each rule keeps in its config, by PyTorch's names (``optimizer.state[p]``).
STATE = {"sgd_momentum": ("momentum_buffer",), "sgd_nesterov": ("momentum_buffer",), "rmsprop": ("square_avg",),
         "adam": ("exp_avg", "exp_avg_sq", "step")}


def _optimizer(rule: str, p: torch.Tensor, hyper: dict[str, float]) -> torch.optim.Optimizer:
    h = {**DEFAULTS[rule], **hyper}
    if rule in ("sgd_momentum", "sgd_nesterov"):
        return torch.optim.SGD([p], lr=h["learning_rate"], momentum=h["momentum"], nesterov=rule == "sgd_nesterov")
    if rule == "rmsprop":
        return torch.optim.RMSprop([p], lr=h["learning_rate"], alpha=h["alpha"], eps=h["eps"])
    return torch.optim.Adam([p], lr=h["learning_rate"], betas=(h["beta1"], h["beta2"]), eps=h["eps"])


def update(rule: str, w: np.ndarray, grads: np.ndarray, hyper: dict[str, float] | None = None,
           state: dict[str, np.ndarray] | None = None, step: int | None = None) -> dict[str, np.ndarray]:
    """``torch.optim`` stepping w with grads[0], grads[1], …: the iterates w1, w2, … and the final state.

    ``state``: the rule's state arrays to start from (an optimizer resumed), with ``step`` the
    steps Adam has taken so far. Every array is float64; "step" is a float64 scalar.
    """
    p = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    optimizer = _optimizer(rule, p, hyper or {})
    if state or step is not None:
        preset: dict[str, Any] = {k: torch.tensor(v, dtype=torch.float64) for k, v in (state or {}).items()}
        if rule in ("rmsprop", "adam"):
            preset["step"] = torch.tensor(float(step or 0))
            for key in STATE[rule][:2]:
                preset.setdefault(key, torch.zeros_like(p))
        optimizer.state[p] = preset
    out = {}
    for k, g in enumerate(grads, start=1):
        p.grad = torch.tensor(g, dtype=torch.float64)
        optimizer.step()
        out[f"w{k}"] = to_numpy(p)
    for key in STATE[rule]:
        value = optimizer.state[p][key]
        out[key] = np.array(float(value)) if key == "step" else to_numpy(value)
    return out


def batchnorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, dout: np.ndarray, mode: str,
              momentum: float | None = None, eps: float | None = None, running_mean: np.ndarray | None = None,
              running_var: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """``torch.nn.BatchNorm1d`` (train or eval mode) on x: out, dx, dgamma, dbeta and the running averages after.

    ``momentum``, ``eps`` and the running averages default to BatchNorm1d's own (0.1, 1e-5, zeros, ones).
    """
    bn = nn.BatchNorm1d(x.shape[1], eps=1e-5 if eps is None else eps, momentum=0.1 if momentum is None else momentum)
    bn = bn.double()
    assert bn.running_mean is not None and bn.running_var is not None  # track_running_stats
    with torch.no_grad():
        bn.weight.copy_(torch.tensor(gamma, dtype=torch.float64))
        bn.bias.copy_(torch.tensor(beta, dtype=torch.float64))
        if running_mean is not None:
            bn.running_mean.copy_(torch.tensor(running_mean, dtype=torch.float64))
        if running_var is not None:
            bn.running_var.copy_(torch.tensor(running_var, dtype=torch.float64))
    bn.train(mode == "train")
    tx = tensor(x)
    out = bn(tx)
    out.backward(torch.tensor(dout, dtype=torch.float64))
    return {"out": to_numpy(out), "dx": to_numpy(tx.grad), "dgamma": to_numpy(bn.weight.grad), "dbeta": to_numpy(bn.bias.grad),
            "running_mean": to_numpy(bn.running_mean), "running_var": to_numpy(bn.running_var)}


def dropout_masks(shape: tuple[int, ...], p: float, seed: int, calls: int = 1) -> list[np.ndarray]:
    """The masks the notebook's rule draws: from one ``np.random.default_rng(seed)``, ``calls`` draws in a row."""
    rng = np.random.default_rng(seed)
    return [(rng.random(shape) < 1 - p) / (1 - p) for _ in range(calls)]


def dropout(x: np.ndarray, dout: np.ndarray, p: float, mode: str, seed: int, generator: bool = False) -> dict[str, np.ndarray]:
    """Inverted dropout: out = x ⊙ mask and dx = dout ⊙ mask in training (the identity in test mode).

    With ``generator`` the seed is a np.random.Generator given to two calls in a row: "out_next"
    is the second call's output (the generator's stream continued).
    """
    masks = dropout_masks(x.shape, p, seed, 2) if mode == "train" else [np.ones(x.shape)] * 2
    tx = tensor(x)
    out = tx * torch.tensor(masks[0])
    (dx,) = vjp(out, [tx], dout)
    found = {"out": to_numpy(out), "dx": dx}
    if generator:
        found["out_next"] = x.astype(np.float64) * masks[1]
    return found


def _scores(params: dict[str, torch.Tensor], running: dict[str, torch.Tensor], X: torch.Tensor, layers: int,
            batchnorm: bool, training: bool, masks: list[np.ndarray]) -> torch.Tensor:
    a = X
    for layer in range(1, layers):
        a = a @ params[f"W{layer}"] + params[f"b{layer}"]
        if batchnorm:
            a = F.batch_norm(a, running[f"running_mean{layer}"], running[f"running_var{layer}"], params[f"gamma{layer}"],
                             params[f"beta{layer}"], training=training, momentum=0.1, eps=1e-5)
        a = torch.relu(a)
        if training:
            a = a * torch.tensor(masks[layer - 1])
    return a @ params[f"W{layers}"] + params[f"b{layers}"]


def deep_mlp(params: dict[str, np.ndarray], running: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray, dropout: float,
             reg: float, seed: int) -> dict[str, np.ndarray]:
    """The deeper network: its test-mode scores (from the given running averages), then one
    training-mode pass: the loss (mean cross-entropy + reg/2 Σ‖W‖²), every gradient, and the
    running averages after it. Every dropout layer draws its mask from a fresh
    ``np.random.default_rng(seed)``: the model gives every layer the same dropout_param."""
    layers = sum(1 for k in params if k.startswith("W"))
    batchnorm = "gamma1" in params
    tparams = {k: tensor(v) for k, v in params.items()}
    stats = {k: torch.tensor(v, dtype=torch.float64) for k, v in running.items()}
    tX = tensor(X, grad=False)
    with torch.no_grad():
        scores = _scores(tparams, {k: v.clone() for k, v in stats.items()}, tX, layers, batchnorm, False, [])
    masks = [dropout_masks((X.shape[0], params[f"W{layer}"].shape[1]), dropout, seed)[0] for layer in range(1, layers)]
    train_scores = _scores(tparams, stats, tX, layers, batchnorm, True, masks)
    loss = F.cross_entropy(train_scores, torch.tensor(y, dtype=torch.int64))
    loss = loss + 0.5 * reg * sum((tparams[f"W{layer}"] ** 2).sum() for layer in range(1, layers + 1))
    grads = torch.autograd.grad(loss, list(tparams.values()))
    out = {"scores": to_numpy(scores), "loss": to_numpy(loss)}
    out.update({f"d{k}": to_numpy(g) for k, g in zip(tparams, grads)})
    out.update({k: to_numpy(v) for k, v in stats.items()})
    return out


def predict(params: dict[str, np.ndarray], running: dict[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """Labels the deeper network predicts in test mode (batch norm on its running averages, no dropout)."""
    layers = sum(1 for k in params if k.startswith("W"))
    with torch.no_grad():
        tparams = {k: torch.tensor(v, dtype=torch.float64) for k, v in params.items()}
        stats = {k: torch.tensor(v, dtype=torch.float64) for k, v in running.items()}
        return _scores(tparams, stats, torch.tensor(X, dtype=torch.float64), layers, "gamma1" in params, False, []) \
            .argmax(dim=1).numpy()
