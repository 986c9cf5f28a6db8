"""PyTorch versions of the GRU assignment (float64): torch.nn.GRUCell and torch.nn.GRU, weights mapped explicitly.

The assignment's layout is PyTorch's, transposed: Wx (D, 3H) = weight_ihᵀ, Wh (H, 3H) =
weight_hhᵀ, bx = bias_ih, bh = bias_hh, gate blocks r, z, n. The modules' own forward passes
compute the answers and autograd the gradients, so nothing here restates the GRU's equations.
"""

import numpy as np
import torch
from torch import nn

from autograder.oracles.autograd import tensor, to_numpy


def _load(module: nn.Module, Wx: np.ndarray, Wh: np.ndarray, bx: np.ndarray, bh: np.ndarray, suffix: str = "") -> None:
    with torch.no_grad():
        getattr(module, f"weight_ih{suffix}").copy_(torch.tensor(Wx.T))
        getattr(module, f"weight_hh{suffix}").copy_(torch.tensor(Wh.T))
        getattr(module, f"bias_ih{suffix}").copy_(torch.tensor(bx))
        getattr(module, f"bias_hh{suffix}").copy_(torch.tensor(bh))


def _weight_grads(module: nn.Module, suffix: str = "") -> dict[str, np.ndarray]:
    return {
        "dWx": to_numpy(getattr(module, f"weight_ih{suffix}").grad).T.copy(),
        "dWh": to_numpy(getattr(module, f"weight_hh{suffix}").grad).T.copy(),
        "dbx": to_numpy(getattr(module, f"bias_ih{suffix}").grad),
        "dbh": to_numpy(getattr(module, f"bias_hh{suffix}").grad),
    }


def sigmoid(x: np.ndarray) -> dict[str, np.ndarray]:
    """torch.sigmoid in float64."""
    return {"s": to_numpy(torch.sigmoid(tensor(x, grad=False)))}


def gru_step(x, prev_h, Wx, Wh, bx, bh, dnext_h) -> dict[str, np.ndarray]:
    """torch.nn.GRUCell and its gradients for upstream dnext_h."""
    cell = nn.GRUCell(Wx.shape[0], Wh.shape[0]).double()
    _load(cell, Wx, Wh, bx, bh)
    tx, th = tensor(x), tensor(prev_h)
    next_h = cell(tx, th)
    next_h.backward(torch.tensor(dnext_h, dtype=torch.float64))
    return {"next_h": to_numpy(next_h), "dx": to_numpy(tx.grad), "dprev_h": to_numpy(th.grad), **_weight_grads(cell)}


def gru(x, h0, Wx, Wh, bx, bh, dh) -> dict[str, np.ndarray]:
    """torch.nn.GRU (batch_first) from h0, and the gradients for upstream dh (N, T, H)."""
    module = nn.GRU(Wx.shape[0], Wh.shape[0], batch_first=True).double()
    _load(module, Wx, Wh, bx, bh, "_l0")
    tx, th0 = tensor(x), tensor(h0)
    h, _ = module(tx, th0[None])
    h.backward(torch.tensor(dh, dtype=torch.float64))
    return {"h": to_numpy(h), "dx": to_numpy(tx.grad), "dh0": to_numpy(th0.grad), **_weight_grads(module, "_l0")}
