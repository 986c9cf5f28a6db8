"""Momentum right; Nesterov computed as w − η(∇ + μ·b_old), the look-ahead taken with the buffer before this step's gradient is added. Off: Nesterov's values are wrong."""
# %% momentum
def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    buf = config.get("momentum_buffer")
    buf = dw.copy() if buf is None else config["momentum"] * buf + dw
    config["momentum_buffer"] = buf
    return w - config["learning_rate"] * buf, config


def sgd_nesterov(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    mu = config["momentum"]
    buf = config.get("momentum_buffer", np.zeros_like(w))
    next_w = w - config["learning_rate"] * (dw + mu * buf)
    config["momentum_buffer"] = mu * buf + dw
    return next_w, config
