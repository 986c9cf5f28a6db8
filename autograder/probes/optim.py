"""Probes of the optimization assignment (run inside the sandbox, beside the student's code)."""

import copy

import numpy as np

from .common import call, trained_model


def _state(emit, rule, config, keys):
    """Emit the named state of the config a rule returned; a missing name is the student's error, said plainly."""
    for key in keys:
        if not isinstance(config, dict) or key not in config:
            raise KeyError(f"the config {rule} returned has no {key!r}: the state is kept under PyTorch's names")
        emit(key, config[key], scalar=key == "step")


def update(ns, emit, rule, w, grads, hyper, state_keys, step=None, **state):
    """Step ``ns[rule]`` through grads[0], grads[1], …, each returned config passed to the next call.

    ``hyper``: the config's hyperparameters, or None (``config=None``: the defaults). ``state``
    (``state_<name>`` arrays) and ``step``: a state to resume from. Emits every iterate ``w<k>``
    and the final state.
    """
    config = None if hyper is None else dict(hyper)
    if state or step is not None:
        config = dict(config or {})
        config.update({key.removeprefix("state_"): value.copy() for key, value in state.items()})
        if step is not None:
            config["step"] = step
    for k, g in enumerate(grads, start=1):
        w, config = call(ns, emit, rule, w, g, config)
        emit(f"w{k}", w)
    _state(emit, rule, config, state_keys)


def batchnorm(ns, emit, x, gamma, beta, dout, mode, momentum=None, eps=None, **running):
    """One forward call with ``bn_param`` (given entries only), the running averages it leaves, and the backward pass."""
    bn_param = {"mode": mode, **{k: v for k, v in (("momentum", momentum), ("eps", eps)) if v is not None}}
    bn_param.update({key: value.copy() for key, value in running.items()})
    out, cache = call(ns, emit, "batchnorm_forward", x, gamma, beta, bn_param)
    emit("out", out)
    for key in ("running_mean", "running_var"):
        if key not in bn_param:
            raise KeyError(f"bn_param has no {key!r} after batchnorm_forward: the running averages are kept there")
        emit(key, bn_param[key])
    # Another forward pass, on other inputs and a copy of the state, before the backward pass of the first.
    ns["batchnorm_forward"](-x, -gamma, -beta, copy.deepcopy(bn_param))
    dx, dgamma, dbeta = call(ns, emit, "batchnorm_backward", dout, cache)
    emit("dx", dx)
    emit("dgamma", dgamma)
    emit("dbeta", dbeta)


def dropout(ns, emit, x, dout, p, mode, seed=None, generator=False):
    """Dropout with an int seed, a np.random.Generator (then a second call continues its stream), or none."""
    param = {"p": p, "mode": mode}
    if seed is not None:
        param["seed"] = np.random.default_rng(seed) if generator else seed
    out, cache = call(ns, emit, "dropout_forward", x, param)
    emit("out", out)
    other = copy.deepcopy(param)  # another mask, drawn before the backward pass of the first
    if seed is not None:
        other["seed"] = np.random.default_rng(seed + 1) if generator else seed + 1
    ns["dropout_forward"](-x, other)
    emit("dx", call(ns, emit, "dropout_backward", dout, cache))
    if generator:
        emit("out_next", ns["dropout_forward"](x, param)[0])


def deep_mlp(ns, emit, X, y, hidden_dims, dropout, normalization, reg, seed, **arrays):
    """The network with the given parameters and running averages: test-mode scores, then one
    training-mode loss with an int dropout seed, its gradients and the running averages after it."""
    layers = len(hidden_dims) + 1
    model = ns["FullyConnectedNet"](hidden_dims, input_dim=X.shape[1], num_classes=arrays[f"W{layers}"].shape[1],
                                    dropout=dropout, normalization=normalization, reg=reg, seed=0)
    params = {key: value.copy() for key, value in arrays.items() if not key.startswith("running_")}
    model.params = params
    for layer, bn_param in enumerate(model.bn_params, start=1):
        bn_param["running_mean"] = arrays[f"running_mean{layer}"].copy()
        bn_param["running_var"] = arrays[f"running_var{layer}"].copy()
    emit("scores", model.loss(X))
    model.dropout_param["seed"] = seed
    value, grads = model.loss(X, y)
    emit("loss", value, scalar=True)
    for name in params:
        emit(f"d{name}", grads[name])
    for layer, bn_param in enumerate(model.bn_params, start=1):
        emit(f"running_mean{layer}", bn_param["running_mean"])
        emit(f"running_var{layer}", bn_param["running_var"])


# The grader's vectorised update rules and layers, used only while training (see train_digits).
def _sgd_momentum(w, dw, config=None, nesterov=False):
    config = {} if config is None else config
    lr, mu = config.setdefault("learning_rate", 1e-2), config.setdefault("momentum", 0.9)
    buffer = mu * config.get("momentum_buffer", np.zeros_like(w)) + dw
    config["momentum_buffer"] = buffer
    return w - lr * (dw + mu * buffer if nesterov else buffer), config


def _sgd_nesterov(w, dw, config=None):
    return _sgd_momentum(w, dw, config, nesterov=True)


def _rmsprop(w, dw, config=None):
    config = {} if config is None else config
    lr, alpha = config.setdefault("learning_rate", 1e-2), config.setdefault("alpha", 0.99)
    eps = config.setdefault("eps", 1e-8)
    config["square_avg"] = alpha * config.get("square_avg", np.zeros_like(w)) + (1 - alpha) * dw * dw
    return w - lr * dw / (np.sqrt(config["square_avg"]) + eps), config


def _adam(w, dw, config=None):
    config = {} if config is None else config
    lr, eps = config.setdefault("learning_rate", 1e-3), config.setdefault("eps", 1e-8)
    beta1, beta2 = config.setdefault("beta1", 0.9), config.setdefault("beta2", 0.999)
    t = config["step"] = config.get("step", 0) + 1
    m = config["exp_avg"] = beta1 * config.get("exp_avg", np.zeros_like(w)) + (1 - beta1) * dw
    v = config["exp_avg_sq"] = beta2 * config.get("exp_avg_sq", np.zeros_like(w)) + (1 - beta2) * dw * dw
    return w - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), config


def _batchnorm_forward(x, gamma, beta, bn_param):
    eps, momentum, (N, D) = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.1), x.shape
    mean, var = bn_param.get("running_mean", np.zeros(D, x.dtype)), bn_param.get("running_var", np.ones(D, x.dtype))
    if bn_param["mode"] == "train":
        batch_mean, batch_var = x.mean(axis=0), x.var(axis=0)
        mean, var = (1 - momentum) * mean + momentum * batch_mean, (1 - momentum) * var + momentum * batch_var * N / (N - 1)
        bn_param["running_mean"], bn_param["running_var"] = mean, var
        mean, var = batch_mean, batch_var
    inv_std = 1 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (bn_param["mode"], x_hat, gamma, inv_std)


def _batchnorm_backward(dout, cache):
    mode, x_hat, gamma, inv_std = cache
    dbeta, dgamma = dout.sum(axis=0), (dout * x_hat).sum(axis=0)
    if mode != "train":
        return gamma * inv_std * dout, dgamma, dbeta
    N = dout.shape[0]
    return gamma * inv_std / N * (N * dout - dbeta - x_hat * dgamma), dgamma, dbeta


def _dropout_forward(x, dropout_param):
    p = dropout_param["p"]
    if dropout_param["mode"] != "train":
        return x, None
    mask = ((np.random.default_rng(dropout_param.get("seed")).random(x.shape) < 1 - p) / (1 - p)).astype(x.dtype)
    return x * mask, mask


def _dropout_backward(dout, cache):
    return dout if cache is None else dout * cache


GRADERS = {"sgd_momentum": _sgd_momentum, "sgd_nesterov": _sgd_nesterov, "rmsprop": _rmsprop, "adam": _adam,
           "batchnorm_forward": _batchnorm_forward, "batchnorm_backward": _batchnorm_backward,
           "dropout_forward": _dropout_forward, "dropout_backward": _dropout_backward}


def train_digits(ns, emit, X_train, y_train):
    """Emit the trained network's parameters and running averages; the grader evaluates them on held-out digits.

    Training runs on the grader's update rules, batch norm and dropout: each is graded on its own,
    a correct one written with loops must not make the training case run out of time, and a
    mistake in one is not marked twice. The case judges the network, its settings and schedule.
    """
    names = ns._ns
    saved = {name: names.get(name) for name in GRADERS}
    names.update(GRADERS)
    try:
        model = trained_model(ns, emit, "train_digits_deep", "FullyConnectedNet", X_train, y_train)
    finally:
        names.update(saved)
    for layer, bn_param in enumerate(model.bn_params, start=1):
        emit(f"running_mean{layer}", bn_param["running_mean"])
        emit(f"running_var{layer}", bn_param["running_var"])
