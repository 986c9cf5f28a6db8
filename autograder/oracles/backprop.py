"""PyTorch autograd versions of the backprop assignment's functions (float64 NumPy in and out)."""

from collections.abc import Sequence

import numpy as np
import torch
import torch.nn.functional as F


def _t(a: np.ndarray, grad: bool = True) -> torch.Tensor:
    return torch.tensor(a, dtype=torch.float64, requires_grad=grad)


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().numpy().copy()


def _vjp(out: torch.Tensor, inputs: Sequence[torch.Tensor], dout: np.ndarray) -> list[np.ndarray]:
    """Gradients of ⟨out, dout⟩ with respect to ``inputs``."""
    return [_np(g) for g in torch.autograd.grad(out, inputs, grad_outputs=_t(dout, grad=False))]


def affine(x: np.ndarray, w: np.ndarray, b: np.ndarray, dout: np.ndarray) -> dict[str, np.ndarray]:
    """out = flatten(x) @ w + b, and dx, dw, db for upstream gradient dout."""
    tx, tw, tb = _t(x), _t(w), _t(b)
    out = F.linear(tx.flatten(1), tw.T, tb)
    dx, dw, db = _vjp(out, [tx, tw, tb], dout)
    return {"out": _np(out), "dx": dx, "dw": dw, "db": db}


ACTIVATIONS = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh}


def activation(name: str, x: np.ndarray, dout: np.ndarray) -> dict[str, np.ndarray]:
    """out = φ(x) elementwise and dx for upstream gradient dout (ReLU'(0) = 0, as in PyTorch)."""
    tx = _t(x)
    out = ACTIVATIONS[name](tx)
    (dx,) = _vjp(out, [tx], dout)
    return {"out": _np(out), "dx": dx}


def softmax_cross_entropy(scores: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    """Mean cross-entropy of softmax(scores) against labels y, and its gradient."""
    ts = _t(scores)
    loss = F.cross_entropy(ts, torch.tensor(y, dtype=torch.int64), reduction="mean")
    (grad,) = torch.autograd.grad(loss, [ts])
    return {"loss": _np(loss), "grad": _np(grad)}


def mse(pred: np.ndarray, target: np.ndarray) -> dict[str, np.ndarray]:
    """Mean over all entries of (pred − target)², and its gradient."""
    tp = _t(pred)
    loss = F.mse_loss(tp, _t(target, grad=False), reduction="mean")
    (grad,) = torch.autograd.grad(loss, [tp])
    return {"loss": _np(loss), "grad": _np(grad)}


def mlp_scores(params: dict[str, np.ndarray], activation_name: str, X: np.ndarray) -> torch.Tensor:
    """Class scores of the MLP with parameters W1, b1, ..., WL, bL (hidden layers use φ)."""
    num_layers = len(params) // 2
    a = _t(X, grad=False)
    for layer in range(1, num_layers + 1):
        a = a @ params[f"W{layer}"] + params[f"b{layer}"]
        if layer < num_layers:
            a = ACTIVATIONS[activation_name](a)
    return a


def mlp(
    params: dict[str, np.ndarray], activation_name: str, reg: float, X: np.ndarray, y: np.ndarray
) -> dict[str, np.ndarray]:
    """Scores, loss (mean cross-entropy + reg/2 Σ‖W‖²) and a gradient for every parameter."""
    tparams = {k: _t(v) for k, v in params.items()}
    scores = mlp_scores(tparams, activation_name, X)
    loss = F.cross_entropy(scores, torch.tensor(y, dtype=torch.int64))
    loss = loss + 0.5 * reg * sum((w * w).sum() for k, w in tparams.items() if k.startswith("W"))
    grads = torch.autograd.grad(loss, list(tparams.values()))
    out = {"scores": _np(scores), "loss": _np(loss)}
    out.update({f"d{k}": _np(g) for k, g in zip(tparams, grads)})
    return out
