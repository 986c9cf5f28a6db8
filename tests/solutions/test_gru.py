"""The reference GRU against torch.nn.GRU and nn.GRUCell (float64), and the oracle against PyTorch's own modules.

The layout is PyTorch's transposed: Wx = weight_ih_l0ᵀ, Wh = weight_hh_l0ᵀ, bx = bias_ih_l0,
bh = bias_hh_l0, gate blocks r, z, n. Besides the oracle (which loads our weights into the
modules), a module initialised by PyTorch itself is read the other way (its weights transposed
into our layout), so a transposition or block-order mistake made the same way in both the
oracle and the reference would still show.
"""

import numpy as np
import pytest
import torch
from torch import nn

from autograder.checks import relative_error
from autograder.oracles import gru as oracle
from solutions import gru

TOL = 1e-9
# (N, T, D, H): a step of one, long sequences, a batch of one, H ≠ D
SHAPES = [(1, 1, 3, 5), (2, 50, 3, 4), (4, 7, 5, 2), (3, 12, 4, 4)]
GRADS = ["dx", "dh0", "dWx", "dWh", "dbx", "dbh"]
STEP_GRADS = ["dx", "dprev_h", "dWx", "dWh", "dbx", "dbh"]


def _weights(rng, D, H, scale=1.0):
    return (scale * rng.standard_normal((D, 3 * H)) / np.sqrt(D), scale * rng.standard_normal((H, 3 * H)) / np.sqrt(H),
            scale * rng.standard_normal(3 * H), scale * rng.standard_normal(3 * H))


def _assert_all(got, expected, names):
    assert len(got) == len(names)
    for value, name in zip(got, names):
        assert value.shape == expected[name].shape and relative_error(value, expected[name]) <= TOL, name


@pytest.mark.parametrize("N,T,D,H", SHAPES)
def test_gru_matches_nn_gru(N, T, D, H):
    rng = np.random.default_rng(N * 100 + T)
    x, h0, dh = rng.standard_normal((N, T, D)), rng.standard_normal((N, H)), rng.standard_normal((N, T, H))
    weights = _weights(rng, D, H)
    h, cache = gru.gru_forward(x, h0, *weights)
    expected = oracle.gru(x, h0, *weights, dh)
    assert relative_error(h, expected["h"]) <= TOL
    _assert_all(gru.gru_backward(dh, cache), expected, GRADS)


@pytest.mark.parametrize("scale", [1.0, 30.0, 1000.0])
def test_step_matches_gru_cell_even_when_saturated(scale):
    rng = np.random.default_rng(int(scale))
    N, D, H = 3, 4, 5
    x, h, dnext_h = rng.standard_normal((N, D)), rng.standard_normal((N, H)), rng.standard_normal((N, H))
    weights = _weights(rng, D, H, scale)
    with np.errstate(over="raise", invalid="raise"):
        next_h, cache = gru.gru_step_forward(x, h, *weights)
        grads = gru.gru_step_backward(dnext_h, cache)
    expected = oracle.gru_step(x, h, *weights, dnext_h)
    assert relative_error(next_h, expected["next_h"]) <= TOL
    _assert_all(grads, expected, STEP_GRADS)


def test_weights_of_a_torch_gru_transposed_into_our_layout():
    """nn.GRU initialised by PyTorch, read into (Wx, Wh, bx, bh) by transposing: the same h, and the same gradients."""
    torch.manual_seed(0)
    N, T, D, H = 3, 9, 4, 6
    module = nn.GRU(D, H, batch_first=True).double()
    Wx, Wh = (getattr(module, name).detach().numpy().T.copy() for name in ("weight_ih_l0", "weight_hh_l0"))
    bx, bh = (getattr(module, name).detach().numpy().copy() for name in ("bias_ih_l0", "bias_hh_l0"))
    assert Wx.shape == (D, 3 * H) and Wh.shape == (H, 3 * H) and bx.shape == bh.shape == (3 * H,)
    rng = np.random.default_rng(3)
    x, h0, dh = rng.standard_normal((N, T, D)), rng.standard_normal((N, H)), rng.standard_normal((N, T, H))
    tx, th0 = torch.tensor(x, requires_grad=True), torch.tensor(h0, requires_grad=True)
    out, last = module(tx, th0[None])
    out.backward(torch.tensor(dh))
    h, cache = gru.gru_forward(x, h0, Wx, Wh, bx, bh)
    assert relative_error(h, out.detach().numpy()) <= TOL and relative_error(h[:, -1], last[0].detach().numpy()) <= TOL
    dx, dh0, dWx, dWh, dbx, dbh = gru.gru_backward(dh, cache)
    assert relative_error(dx, tx.grad.numpy()) <= TOL and relative_error(dh0, th0.grad.numpy()) <= TOL
    assert relative_error(dWx, module.weight_ih_l0.grad.numpy().T) <= TOL
    assert relative_error(dWh, module.weight_hh_l0.grad.numpy().T) <= TOL
    assert relative_error(dbx, module.bias_ih_l0.grad.numpy()) <= TOL
    assert relative_error(dbh, module.bias_hh_l0.grad.numpy()) <= TOL


def test_oracle_step_is_pytorchs_equations_written_out():
    """The oracle's GRUCell against the equations of the assignment in torch, gate blocks r, z, n."""
    rng = np.random.default_rng(11)
    N, D, H = 2, 3, 4
    x, h, dnext_h = rng.standard_normal((N, D)), rng.standard_normal((N, H)), rng.standard_normal((N, H))
    Wx, Wh, bx, bh = _weights(rng, D, H)
    tx, th, tWx, tWh, tbx, tbh = (torch.tensor(a, requires_grad=True) for a in (x, h, Wx, Wh, bx, bh))
    a, c = tx @ tWx + tbx, th @ tWh + tbh
    r = torch.sigmoid(a[:, :H] + c[:, :H])
    z = torch.sigmoid(a[:, H : 2 * H] + c[:, H : 2 * H])
    n = torch.tanh(a[:, 2 * H :] + r * c[:, 2 * H :])
    next_h = (1 - z) * n + z * th
    grads = torch.autograd.grad(next_h, [tx, th, tWx, tWh, tbx, tbh], grad_outputs=torch.tensor(dnext_h))
    expected = oracle.gru_step(x, h, Wx, Wh, bx, bh, dnext_h)
    assert relative_error(next_h.detach().numpy(), expected["next_h"]) <= TOL
    _assert_all([g.numpy() for g in grads], expected, STEP_GRADS)


def test_the_hidden_bias_of_n_is_inside_the_reset_gate():
    """Moving b_hn into b_in changes the answer (it is scaled by r); moving b_hr or b_hz into bx does not."""
    rng = np.random.default_rng(5)
    N, D, H = 3, 2, 3
    x, h = rng.standard_normal((N, D)), rng.standard_normal((N, H))
    Wx, Wh, bx, bh = _weights(rng, D, H)
    reference = gru.gru_step_forward(x, h, Wx, Wh, bx, bh)[0]
    rz = np.r_[np.ones(2 * H), np.zeros(H)]
    assert relative_error(gru.gru_step_forward(x, h, Wx, Wh, bx + bh * rz, bh * (1 - rz))[0], reference) <= TOL
    assert relative_error(gru.gru_step_forward(x, h, Wx, Wh, bx + bh, 0 * bh)[0], reference) > 1e-3


def test_sigmoid_is_stable_and_keeps_the_dtype():
    for dtype in (np.float64, np.float32):
        x = np.array([-1e4, -1000.0, -30.0, -1.0, 0.0, 1.0, 30.0, 1000.0, 1e4], dtype=dtype)
        with np.errstate(over="raise", invalid="raise"):
            s = gru.sigmoid(x)
        assert s.dtype == dtype
        assert relative_error(s, oracle.sigmoid(x)["s"]) <= (TOL if dtype == np.float64 else 1e-7)
