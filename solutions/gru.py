"""Reference GRU: one step and a whole sequence, forward and backward (BPTT), in PyTorch's convention.

Shapes: a minibatch of N sequences of T steps with D features each is x: (N, T, D); the
hidden state has H features. Weights act on row vectors from the right. The three gate
blocks are stacked along the 3H axis in PyTorch's order r, z, n:

    Wx: (D, 3H) = [W_ir | W_iz | W_in],   Wh: (H, 3H) = [W_hr | W_hz | W_hn],
    bx: (3H,)   = [b_ir | b_iz | b_in],   bh: (3H,)   = [b_hr | b_hz | b_hn],

so that Wx = weight_ih_l0ᵀ, Wh = weight_hh_l0ᵀ, bx = bias_ih_l0, bh = bias_hh_l0 of
``torch.nn.GRU``. One step:

    r  = σ(x W_ir + b_ir + h W_hr + b_hr)              reset gate
    z  = σ(x W_iz + b_iz + h W_hz + b_hz)              update gate
    n  = tanh(x W_in + b_in + r ⊙ (h W_hn + b_hn))     candidate; the reset acts after the product
    h' = (1 − z) ⊙ n + z ⊙ h                           z near 1 keeps the old state

The reset gate multiplies the whole hidden part h W_hn + b_hn, bias included: that is why
there are two bias vectors (for r and z only their sum matters; for n it does not).
"""

from typing import Any

import numpy as np


# Shown in exercises/gru/gru.md, cell sigmoid
def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = 1 / (1 + e^(−x)) without overflow, in x's dtype: e^x / (1 + e^x) is used for x < 0.

    Args:
        x: any shape.

    Returns:
        σ(x), x's shape and dtype; exactly 0, ½ and 1 at −1000, 0 and 1000, with no warning.
    """
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


# Shown in exercises/gru/gru.md, cell gru_step_forward
def gru_step_forward(
    x: np.ndarray, prev_h: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, bx: np.ndarray, bh: np.ndarray
) -> tuple[np.ndarray, Any]:
    """One GRU step in PyTorch's convention (gate blocks r, z, n; two biases).

    With a = x Wx + bx and c = h Wh + bh, both (N, 3H) and split into blocks r, z, n:
    r = σ(a_r + c_r), z = σ(a_z + c_z), n = tanh(a_n + r ⊙ c_n), h' = (1 − z) ⊙ n + z ⊙ h.

    Args:
        x: (N, D); prev_h: (N, H); Wx: (D, 3H); Wh: (H, 3H); bx: (3H,); bh: (3H,).

    Returns:
        next_h: (N, H); cache: what the backward pass needs.
    """
    H = prev_h.shape[1]
    a = x @ Wx + bx
    c = prev_h @ Wh + bh
    r = sigmoid(a[:, :H] + c[:, :H])
    z = sigmoid(a[:, H : 2 * H] + c[:, H : 2 * H])
    hn = c[:, 2 * H :]
    n = np.tanh(a[:, 2 * H :] + r * hn)
    next_h = (1 - z) * n + z * prev_h
    cache = (x, prev_h, Wx, Wh, r, z, n, hn)
    return next_h, cache  # given


# Shown in exercises/gru/gru.md, cell gru_step_backward
def gru_step_backward(dnext_h: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
    """Backward pass of :func:`gru_step_forward`.

    From h' = (1 − z) ⊙ n + z ⊙ h: dn = dh' ⊙ (1 − z), dz = dh' ⊙ (h − n), and h gets dh' ⊙ z
    directly. With da_n = dn ⊙ (1 − n²), the candidate's input part gets da_n and its hidden
    part c_n = h W_hn + b_hn gets da_n ⊙ r; the reset gate gets dr = da_n ⊙ c_n. Through the
    sigmoids, da_r = dr ⊙ r(1 − r) and da_z = dz ⊙ z(1 − z) reach both the input and the hidden
    parts. So the input side's gradient is g_x = [da_r | da_z | da_n] and the hidden side's
    g_h = [da_r | da_z | da_n ⊙ r]; then dx = g_x Wxᵀ, dprev_h = g_h Whᵀ + dh' ⊙ z,
    dWx = xᵀ g_x, dWh = hᵀ g_h, dbx = Σ_n g_x, dbh = Σ_n g_h (equal in the r and z blocks only).

    Returns:
        dx (N, D), dprev_h (N, H), dWx (D, 3H), dWh (H, 3H), dbx (3H,), dbh (3H,).
    """
    x, prev_h, Wx, Wh, r, z, n, hn = cache
    dn = dnext_h * (1 - z)
    dz = dnext_h * (prev_h - n)
    dan = dn * (1 - n**2)
    dar = dan * hn * r * (1 - r)
    daz = dz * z * (1 - z)
    gx = np.concatenate([dar, daz, dan], axis=1)
    gh = np.concatenate([dar, daz, dan * r], axis=1)
    dx = gx @ Wx.T
    dprev_h = gh @ Wh.T + dnext_h * z
    dWx = x.T @ gx
    dWh = prev_h.T @ gh
    dbx = gx.sum(axis=0)
    dbh = gh.sum(axis=0)
    return dx, dprev_h, dWx, dWh, dbx, dbh  # given


# Shown in exercises/gru/gru.md, cell gru_sequence
def gru_forward(
    x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, bx: np.ndarray, bh: np.ndarray
) -> tuple[np.ndarray, Any]:
    """A GRU over a whole sequence, starting from h0.

    Args:
        x: (N, T, D); h0: (N, H); Wx: (D, 3H); Wh: (H, 3H); bx: (3H,); bh: (3H,).

    Returns:
        h: (N, T, H), the hidden state after every step (h0 not included); cache: one step cache per step.
    """
    N, T, _ = x.shape  # given
    h = np.zeros((N, T, h0.shape[1]), dtype=np.result_type(x, h0))
    caches = []
    prev_h = h0
    for t in range(T):  # given
        prev_h, cache = gru_step_forward(x[:, t], prev_h, Wx, Wh, bx, bh)
        h[:, t] = prev_h
        caches.append(cache)
    return h, caches  # given


# Shown in exercises/gru/gru.md, cell gru_sequence
def gru_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
    """Backpropagation through time for :func:`gru_forward`.

    dh[:, t] is the loss's gradient with respect to h_t from outside the recurrence. Going
    backwards in time, step t receives dh[:, t] plus the gradient that step t + 1 sends back
    to h_t; the gradients of Wx, Wh, bx and bh add up over the steps; what reaches h_0 is dh0.

    Returns:
        dx (N, T, D), dh0 (N, H), dWx (D, 3H), dWh (H, 3H), dbx (3H,), dbh (3H,).
    """
    caches = cache
    N, T, _ = dh.shape  # given
    x0, _, Wx, Wh = caches[0][:4]
    dx = np.zeros((N, T, x0.shape[1]), dtype=dh.dtype)
    dWx, dWh = np.zeros_like(Wx), np.zeros_like(Wh)
    dbx, dbh = np.zeros(Wx.shape[1], dtype=dh.dtype), np.zeros(Wh.shape[1], dtype=dh.dtype)
    dprev_h = np.zeros_like(dh[:, 0])
    for t in reversed(range(T)):
        dx[:, t], dprev_h, dWx_t, dWh_t, dbx_t, dbh_t = gru_step_backward(dh[:, t] + dprev_h, caches[t])
        dWx += dWx_t
        dWh += dWh_t
        dbx += dbx_t
        dbh += dbh_t
    dh0 = dprev_h
    return dx, dh0, dWx, dWh, dbx, dbh  # given
