"""Reference recurrent layers: the Elman RNN and the LSTM, one step and a whole sequence, with BPTT.

Shapes: a minibatch of N sequences of T steps with D features each is x: (N, T, D); hidden
states have H features. Weights act on row vectors: Wx (D, ·), Wh (H, ·).

The LSTM's gates follow PyTorch's order (i, f, g, o) along the 4H axis of Wx, Wh and b:
    i = σ(a[:, 0:H]), f = σ(a[:, H:2H]), g = tanh(a[:, 2H:3H]), o = σ(a[:, 3H:4H]),
    c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c'),   with a = x Wx + h Wh + b.
PyTorch's ``nn.LSTM`` stores weight_ih = Wxᵀ and weight_hh = Whᵀ.
"""

from typing import Any

import numpy as np


# Shown in exercises/rnn/rnn.md, cell rnn_step
def rnn_step_forward(
    x: np.ndarray, prev_h: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, Any]:
    """One step of an Elman RNN: h' = tanh(x Wx + h Wh + b).

    Args:
        x: (N, D) inputs; prev_h: (N, H) previous hidden state; Wx: (D, H); Wh: (H, H); b: (H,).

    Returns:
        next_h: (N, H); cache: (x, prev_h, Wx, Wh, next_h).
    """
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    cache = (x, prev_h, Wx, Wh, next_h)
    return next_h, cache  # given


# Shown in exercises/rnn/rnn.md, cell rnn_step
def rnn_step_backward(dnext_h: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
    """Backward pass of :func:`rnn_step_forward`.

    With da = dnext_h ⊙ (1 − h'²), the gradient at the pre-activation (tanh' written through
    the output h'): dx = da Wxᵀ, dprev_h = da Whᵀ, dWx = xᵀ da, dWh = hᵀ da, db = Σ_n da.

    Returns:
        dx (N, D), dprev_h (N, H), dWx (D, H), dWh (H, H), db (H,).
    """
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1 - next_h**2)
    dx = da @ Wx.T
    dprev_h = da @ Wh.T
    dWx = x.T @ da
    dWh = prev_h.T @ da
    db = da.sum(axis=0)
    return dx, dprev_h, dWx, dWh, db  # given


# Shown in exercises/rnn/rnn.md, cell rnn_sequence
def rnn_forward(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, Any]:
    """An Elman RNN over a whole sequence, starting from h0.

    Args:
        x: (N, T, D); h0: (N, H); Wx: (D, H); Wh: (H, H); b: (H,).

    Returns:
        h: (N, T, H), the hidden state after every step; cache: one step cache per step.
    """
    N, T, _ = x.shape  # given
    h = np.zeros((N, T, h0.shape[1]), dtype=np.result_type(x, h0))
    caches = []
    prev_h = h0
    for t in range(T):  # given
        prev_h, cache = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)
        h[:, t] = prev_h
        caches.append(cache)
    return h, caches  # given


# Shown in exercises/rnn/rnn.md, cell rnn_sequence
def rnn_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
    """Backpropagation through time for :func:`rnn_forward`.

    dh[:, t] is the loss's gradient with respect to h_t from outside the recurrence (for
    example from a readout layer). Going backwards in time, step t receives dh[:, t] plus
    the gradient that step t + 1 sends back to h_t; the weights' gradients add up over steps.

    Returns:
        dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,).
    """
    caches = cache
    N, T, _ = dh.shape  # given
    x0, _, Wx, Wh, _ = caches[0]
    dx = np.zeros((N, T, x0.shape[1]), dtype=dh.dtype)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(Wh.shape[0], dtype=dh.dtype)
    dprev_h = np.zeros_like(dh[:, 0])
    for t in reversed(range(T)):
        dx[:, t], dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev_h, caches[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    dh0 = dprev_h
    return dx, dh0, dWx, dWh, db  # given


# Shown in exercises/rnn/rnn.md, cell lstm_step
def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = 1 / (1 + e^(−x)), without overflow: e^x / (1 + e^x) is used for x < 0."""
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))


# Shown in exercises/rnn/rnn.md, cell lstm_step
def lstm_step_forward(
    x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, Any]:
    """One LSTM step (gate order i, f, g, o as in PyTorch).

    Args:
        x: (N, D); prev_h, prev_c: (N, H); Wx: (D, 4H); Wh: (H, 4H); b: (4H,).

    Returns:
        next_h, next_c: (N, H); cache: what the backward pass needs.
    """
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H : 2 * H]), sigmoid(a[:, 3 * H :])
    g = np.tanh(a[:, 2 * H : 3 * H])
    next_c = f * prev_c + i * g
    tanh_c = np.tanh(next_c)
    next_h = o * tanh_c
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c)
    return next_h, next_c, cache  # given


# Shown in exercises/rnn/rnn.md, cell lstm_step
def lstm_step_backward(dnext_h: np.ndarray, dnext_c: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
    """Backward pass of :func:`lstm_step_forward`.

    The cell receives dc = dnext_c + dnext_h ⊙ o ⊙ (1 − tanh²(c')); then
    dprev_c = dc ⊙ f, and the gates' pre-activations get di·i(1−i), df·f(1−f), dg·(1−g²),
    do·o(1−o) with di = dc ⊙ g, df = dc ⊙ prev_c, dg = dc ⊙ i, do = dnext_h ⊙ tanh(c').

    Returns:
        dx (N, D), dprev_h (N, H), dprev_c (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,).
    """
    x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
    dc = dnext_c + dnext_h * o * (1 - tanh_c**2)
    dprev_c = dc * f
    da = np.concatenate(
        [
            dc * g * i * (1 - i),
            dc * prev_c * f * (1 - f),
            dc * i * (1 - g**2),
            dnext_h * tanh_c * o * (1 - o),
        ],
        axis=1,
    )
    dx = da @ Wx.T
    dprev_h = da @ Wh.T
    dWx = x.T @ da
    dWh = prev_h.T @ da
    db = da.sum(axis=0)
    return dx, dprev_h, dprev_c, dWx, dWh, db  # given


# Shown in exercises/rnn/rnn.md, cell lstm_sequence
def lstm_forward(
    x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, Any]:
    """An LSTM over a whole sequence from the initial states h0 and c0.

    Args:
        x: (N, T, D); h0, c0: (N, H); Wx: (D, 4H); Wh: (H, 4H); b: (4H,).

    Returns:
        h: (N, T, H), the hidden state after every step; cache: one step cache per step.
    """
    N, T, _ = x.shape  # given
    h = np.zeros((N, T, h0.shape[1]), dtype=np.result_type(x, h0))
    caches = []
    prev_h, prev_c = h0, c0
    for t in range(T):  # given
        prev_h, prev_c, cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
        h[:, t] = prev_h
        caches.append(cache)
    return h, caches  # given


# Shown in exercises/rnn/rnn.md, cell lstm_sequence
def lstm_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
    """Backpropagation through time for :func:`lstm_forward`.

    Going backwards in time, step t receives dh[:, t] plus the hidden-state gradient from
    step t + 1, and the cell-state gradient from step t + 1; the weights' gradients add up.

    Returns:
        dx (N, T, D), dh0 (N, H), dc0 (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,).
    """
    caches = cache
    N, T, _ = dh.shape  # given
    x0, _, _, Wx, Wh = caches[0][:5]
    dx = np.zeros((N, T, x0.shape[1]), dtype=dh.dtype)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(Wh.shape[1], dtype=dh.dtype)
    dprev_h = np.zeros_like(dh[:, 0])
    dprev_c = np.zeros_like(dh[:, 0])
    for t in reversed(range(T)):
        dx[:, t], dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(dh[:, t] + dprev_h, dprev_c, caches[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    dh0, dc0 = dprev_h, dprev_c
    return dx, dh0, dc0, dWx, dWh, db  # given


# Shown in exercises/rnn/rnn.md, cell clip
def clip_grad_norm(grads: dict[str, np.ndarray], max_norm: float) -> float:
    """Rescale all gradients together, in place, so that their global norm is at most max_norm.

    With G = sqrt(Σ_k ‖g_k‖²) over every array: when G > max_norm, every g_k ← g_k · max_norm / G
    (the direction is kept); otherwise nothing changes (Pascanu, Mikolov and Bengio, 2013).

    Returns:
        G, the global norm before clipping.
    """
    total = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
    if total > max_norm:
        for g in grads.values():
            g *= max_norm / total
    return total  # given
