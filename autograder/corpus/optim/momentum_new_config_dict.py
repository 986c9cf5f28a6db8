"""A functional style: the config is never mutated, each call merges defaults, hyperparameters and state into a new dict and returns it. Off: none expected."""
# %% momentum
DEFAULTS_SGD = {"learning_rate": 1e-2, "momentum": 0.9}


def _momentum_common(w, dw, config):
    cfg = {**DEFAULTS_SGD, **(config or {})}
    b_old = cfg.get("momentum_buffer")
    if b_old is None:
        b_old = np.zeros(w.shape, dtype=w.dtype)
    b = cfg["momentum"] * b_old + dw
    cfg["momentum_buffer"] = b
    return cfg, b


def sgd_momentum(w, dw, config=None):
    cfg, b = _momentum_common(w, dw, config)
    return w - cfg["learning_rate"] * b, cfg


def sgd_nesterov(w, dw, config=None):
    cfg, b = _momentum_common(w, dw, config)
    step = dw + cfg["momentum"] * b
    return w - cfg["learning_rate"] * step, cfg
