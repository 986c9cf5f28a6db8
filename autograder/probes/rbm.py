"""Probes of the RBM assignment (run inside the sandbox, beside the student's code).

Each sampling probe hands the student's function a fresh ``np.random.Generator`` seeded as
the case says, so the samples are a deterministic function of the seed and the stated order
of draws; a second call (the case's repeat) starts from the same seed again.
"""

import numpy as np

from .common import call


def conditionals(ns, emit, v, h, W, b, c):
    emit("p_h", call(ns, emit, "prob_h_given_v", v, W, c))
    emit("p_v", call(ns, emit, "prob_v_given_h", h, W, b))


def free_energy(ns, emit, v, W, b, c):
    emit("free_energy", call(ns, emit, "free_energy", v, W, b, c))


def gibbs(ns, emit, v, W, b, c, seed):
    h, v_new = call(ns, emit, "gibbs_step", v, W, b, c, np.random.default_rng(seed))
    emit("h", h)
    emit("v_new", v_new)


def cd(ns, emit, v0, W, b, c, k, seed):
    dW, db, dc = call(ns, emit, "cd_gradient", v0, W, b, c, k, np.random.default_rng(seed))
    emit("dW", dW)
    emit("db", db)
    emit("dc", dc)


def pcd(ns, emit, v_data, chain, W, b, c, k, seed):
    dW, db, dc, new_chain = call(ns, emit, "pcd_gradient", v_data, chain, W, b, c, k, np.random.default_rng(seed))
    emit("dW", dW)
    emit("db", db)
    emit("dc", dc)
    emit("chain", new_chain)


def likelihood(ns, emit, V, W, b, c):
    emit("log_Z", call(ns, emit, "log_partition", W, b, c), scalar=True)
    emit("ll", call(ns, emit, "exact_log_likelihood", V, W, b, c), scalar=True)


def _monitor(W, b, c):
    return float(np.sum(W) + np.sum(b) + np.sum(c))


def train_rbm(ns, emit, V, n_hidden, epochs, lr, batch_size, k, persistent, seed):
    W, b, c, history = call(ns, emit, "train_rbm", V, n_hidden, epochs, lr, batch_size, k, persistent, seed, _monitor)
    emit("W", W)
    emit("b", b)
    emit("c", c)
    try:
        emit("history", np.array([float(value) for value in history], dtype=np.float64))
    except (TypeError, ValueError):
        raise TypeError("train_rbm's history must be the list of the monitor's values, one per epoch") from None


def train(ns, emit, V_train):
    """Emit the pre-trained DBN's two RBMs; the grader evaluates them on held-out digits itself."""
    layers = ns["pretrain_dbn"](V_train)
    if not isinstance(layers, (list, tuple)) or len(layers) < 2:
        raise TypeError("pretrain_dbn must return a list of (W, b, c), one per layer, for at least two layers")
    for number, layer in enumerate(layers[:2], start=1):
        if not isinstance(layer, (list, tuple)) or len(layer) != 3:
            raise TypeError(f"pretrain_dbn: layer {number} must be a tuple (W, b, c)")
        for name, value in zip("Wbc", layer):
            emit(f"{name}{number}", value)
