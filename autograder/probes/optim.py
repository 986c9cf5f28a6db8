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


def train_digits(ns, emit, X_train, y_train):
    """Emit the trained network's parameters and running averages; the grader evaluates them on held-out digits."""
    model = trained_model(ns, emit, "train_digits_deep", "FullyConnectedNet", X_train, y_train)
    for layer, bn_param in enumerate(model.bn_params, start=1):
        emit(f"running_mean{layer}", bn_param["running_mean"])
        emit(f"running_var{layer}", bn_param["running_var"])
