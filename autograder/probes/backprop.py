"""Probes of the backprop assignment (run inside the sandbox, beside the student's code)."""

from .common import call, forward_elsewhere, model_loss, trained_model, update_in_place


def layer(ns, emit, forward, backward, x, dout):
    """A parameter-free layer: out from ``forward(x)``, dx from ``backward(dout, cache)``."""
    out, cache = call(ns, emit, forward, x)
    emit("out", out)
    forward_elsewhere(ns, forward, x)
    emit("dx", call(ns, emit, backward, dout, cache))


def affine(ns, emit, x, w, b, dout):
    out, cache = call(ns, emit, "affine_forward", x, w, b)
    emit("out", out)
    forward_elsewhere(ns, "affine_forward", x, w, b)
    dx, dw, db = call(ns, emit, "affine_backward", dout, cache)
    emit("dx", dx)
    emit("dw", dw)
    emit("db", db)


def loss(ns, emit, function, pred, target):
    value, grad = call(ns, emit, function, pred, target)
    emit("loss", value, scalar=True)
    emit("grad", grad)


def mlp(ns, emit, X, y, sizes, activation, reg, **params):
    model_loss(emit, ns["MLP"](sizes, activation=activation, reg=reg, seed=0), X, y, params)


def sgd(ns, emit, learning_rate, **arrays):
    params = {k: v.copy() for k, v in arrays.items() if not k.startswith("grad_")}
    grads = {k[len("grad_"):]: v for k, v in arrays.items() if k.startswith("grad_")}
    update_in_place(ns, emit, "sgd_step", params, grads, learning_rate)
    for name, value in params.items():
        emit(name, value)


def train_digits(ns, emit, X_train, y_train):
    """Emit the trained model's parameters; the grader evaluates them on held-out digits."""
    import numpy as np

    model = trained_model(ns, emit, "train_digits_mlp", "MLP", X_train, y_train)
    emit("activation", np.array(["relu", "tanh", "sigmoid"].index(model.activation)))
