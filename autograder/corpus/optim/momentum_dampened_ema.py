"""Momentum written like Adam's first moment, an exponential average b = μb + (1 − μ)∇ (torch's dampening = μ). Off: wrong values; the steps are (1 − μ) times too short at first."""
# %% momentum
def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    lr = config.get("learning_rate", 1e-2)
    mu = config.get("momentum", 0.9)
    v = config.get("momentum_buffer", np.zeros_like(w))
    v = mu * v + (1 - mu) * dw
    config["momentum_buffer"] = v
    return w - lr * v, config


def sgd_nesterov(w, dw, config=None):
    if config is None:
        config = {}
    lr = config.get("learning_rate", 1e-2)
    mu = config.get("momentum", 0.9)
    v = config.get("momentum_buffer", np.zeros_like(w))
    v = mu * v + (1 - mu) * dw
    config["momentum_buffer"] = v
    return w - lr * (dw + mu * v), config
