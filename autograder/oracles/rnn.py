"""PyTorch versions of the recurrent assignment, with the weights mapped explicitly (float64).

nn.RNN / nn.LSTM / nn.LSTMCell keep weight_ih = Wxᵀ, weight_hh = Whᵀ and two biases; we put
b in bias_ih and zeros in bias_hh. Gradients come from autograd.
"""

import numpy as np
import torch
from torch import nn

from autograder.oracles.autograd import tensor, to_numpy, vjp


def _load(module: nn.Module, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray, suffix: str = "") -> None:
    with torch.no_grad():
        getattr(module, f"weight_ih{suffix}").copy_(torch.tensor(Wx.T))
        getattr(module, f"weight_hh{suffix}").copy_(torch.tensor(Wh.T))
        getattr(module, f"bias_ih{suffix}").copy_(torch.tensor(b))
        getattr(module, f"bias_hh{suffix}").zero_()


def _weight_grads(module: nn.Module, suffix: str = "") -> dict[str, np.ndarray]:
    return {
        "dWx": to_numpy(getattr(module, f"weight_ih{suffix}").grad).T.copy(),
        "dWh": to_numpy(getattr(module, f"weight_hh{suffix}").grad).T.copy(),
        "db": to_numpy(getattr(module, f"bias_ih{suffix}").grad),
    }


def rnn_step(x, prev_h, Wx, Wh, b, dnext_h) -> dict[str, np.ndarray]:
    tx, th, tWx, tWh, tb = (tensor(a) for a in (x, prev_h, Wx, Wh, b))
    next_h = torch.tanh(tx @ tWx + th @ tWh + tb)
    dx, dprev_h, dWx, dWh, db = vjp(next_h, [tx, th, tWx, tWh, tb], dnext_h)
    return {"next_h": to_numpy(next_h), "dx": dx, "dprev_h": dprev_h, "dWx": dWx, "dWh": dWh, "db": db}


def rnn(x, h0, Wx, Wh, b, dh) -> dict[str, np.ndarray]:
    """torch.nn.RNN (tanh, batch_first) from h0, and the gradients for upstream dh (N, T, H)."""
    module = nn.RNN(Wx.shape[0], Wh.shape[0], nonlinearity="tanh", batch_first=True).double()
    _load(module, Wx, Wh, b, "_l0")
    tx, th0 = tensor(x), tensor(h0)
    h, _ = module(tx, th0[None])
    h.backward(torch.tensor(dh))
    return {"h": to_numpy(h), "dx": to_numpy(tx.grad), "dh0": to_numpy(th0.grad), **_weight_grads(module, "_l0")}


def lstm_step(x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c) -> dict[str, np.ndarray]:
    """torch.nn.LSTMCell and its gradients for upstream dnext_h and dnext_c."""
    cell = nn.LSTMCell(Wx.shape[0], Wh.shape[0]).double()
    _load(cell, Wx, Wh, b)
    tx, th, tc = tensor(x), tensor(prev_h), tensor(prev_c)
    next_h, next_c = cell(tx, (th, tc))
    torch.autograd.backward([next_h, next_c], [torch.tensor(dnext_h), torch.tensor(dnext_c)])
    return {"next_h": to_numpy(next_h), "next_c": to_numpy(next_c), "dx": to_numpy(tx.grad), "dprev_h": to_numpy(th.grad),
            "dprev_c": to_numpy(tc.grad), **_weight_grads(cell)}


def lstm(x, h0, c0, Wx, Wh, b, dh) -> dict[str, np.ndarray]:
    """torch.nn.LSTM (batch_first) from (h0, c0), and the gradients for upstream dh (N, T, H)."""
    module = nn.LSTM(Wx.shape[0], Wh.shape[0], batch_first=True).double()
    _load(module, Wx, Wh, b, "_l0")
    tx, th0, tc0 = tensor(x), tensor(h0), tensor(c0)
    h, _ = module(tx, (th0[None], tc0[None]))
    h.backward(torch.tensor(dh))
    return {"h": to_numpy(h), "dx": to_numpy(tx.grad), "dh0": to_numpy(th0.grad), "dc0": to_numpy(tc0.grad),
            **_weight_grads(module, "_l0")}


def clip(grads: dict[str, np.ndarray], max_norm: float) -> dict[str, np.ndarray]:
    """The clipped gradients and the global norm, computed in float64 with torch."""
    total = torch.sqrt(torch.stack([(torch.tensor(g) ** 2).sum() for g in grads.values()]).sum())
    scale = max_norm / total if total > max_norm else torch.tensor(1.0, dtype=torch.float64)
    out = {name: to_numpy(torch.tensor(g) * scale) for name, g in grads.items()}
    out["norm"] = to_numpy(total)
    return out
