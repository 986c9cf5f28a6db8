"""Probes of the recurrent assignment (run inside the sandbox, beside the student's code)."""

from .common import call, forward_elsewhere, update_in_place


def rnn_step(ns, emit, x, prev_h, Wx, Wh, b, dnext_h):
    next_h, cache = call(ns, emit, "rnn_step_forward", x, prev_h, Wx, Wh, b)
    emit("next_h", next_h)
    forward_elsewhere(ns, "rnn_step_forward", x, prev_h, Wx, Wh, b)
    for name, grad in zip(("dx", "dprev_h", "dWx", "dWh", "db"), call(ns, emit, "rnn_step_backward", dnext_h, cache)):
        emit(name, grad)


def rnn(ns, emit, x, h0, Wx, Wh, b, dh):
    h, cache = call(ns, emit, "rnn_forward", x, h0, Wx, Wh, b)
    emit("h", h)
    forward_elsewhere(ns, "rnn_forward", x, h0, Wx, Wh, b)
    for name, grad in zip(("dx", "dh0", "dWx", "dWh", "db"), call(ns, emit, "rnn_backward", dh, cache)):
        emit(name, grad)


def lstm_step(ns, emit, x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c):
    next_h, next_c, cache = call(ns, emit, "lstm_step_forward", x, prev_h, prev_c, Wx, Wh, b)
    emit("next_h", next_h)
    emit("next_c", next_c)
    forward_elsewhere(ns, "lstm_step_forward", x, prev_h, prev_c, Wx, Wh, b)
    grads = call(ns, emit, "lstm_step_backward", dnext_h, dnext_c, cache)
    for name, grad in zip(("dx", "dprev_h", "dprev_c", "dWx", "dWh", "db"), grads):
        emit(name, grad)


def lstm(ns, emit, x, h0, c0, Wx, Wh, b, dh):
    h, cache = call(ns, emit, "lstm_forward", x, h0, c0, Wx, Wh, b)
    emit("h", h)
    forward_elsewhere(ns, "lstm_forward", x, h0, c0, Wx, Wh, b)
    for name, grad in zip(("dx", "dh0", "dc0", "dWx", "dWh", "db"), call(ns, emit, "lstm_backward", dh, cache)):
        emit(name, grad)


def clip(ns, emit, max_norm, **grads):
    grads = {name: value.copy() for name, value in grads.items()}
    emit("norm", update_in_place(ns, emit, "clip_grad_norm", grads, max_norm), scalar=True)
    for name, value in grads.items():
        emit(name, value)
