"""Probes of the GRU assignment (run inside the sandbox, beside the student's code)."""

from .common import call, forward_elsewhere


def sigmoid(ns, emit, x):
    emit("s", call(ns, emit, "sigmoid", x))


def gru_step_forward(ns, emit, x, prev_h, Wx, Wh, bx, bh):
    next_h, _ = call(ns, emit, "gru_step_forward", x, prev_h, Wx, Wh, bx, bh)
    emit("next_h", next_h)


def gru_step(ns, emit, x, prev_h, Wx, Wh, bx, bh, dnext_h):
    """The backward pass of one step, from the cache of the student's own forward pass."""
    _, cache = call(ns, emit, "gru_step_forward", x, prev_h, Wx, Wh, bx, bh)
    forward_elsewhere(ns, "gru_step_forward", x, prev_h, Wx, Wh, bx, bh)
    grads = call(ns, emit, "gru_step_backward", dnext_h, cache)
    for name, grad in zip(("dx", "dprev_h", "dWx", "dWh", "dbx", "dbh"), grads):
        emit(name, grad)


def gru(ns, emit, x, h0, Wx, Wh, bx, bh, dh):
    h, cache = call(ns, emit, "gru_forward", x, h0, Wx, Wh, bx, bh)
    emit("h", h)
    forward_elsewhere(ns, "gru_forward", x, h0, Wx, Wh, bx, bh)
    for name, grad in zip(("dx", "dh0", "dWx", "dWh", "dbx", "dbh"), call(ns, emit, "gru_backward", dh, cache)):
        emit(name, grad)
