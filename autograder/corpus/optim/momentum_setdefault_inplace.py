"""CS231n's skeleton style: config.setdefault for every key, the buffer updated in place with *= and += on the array kept in config. Off: none expected (in-place updates of the state are allowed)."""
# %% momentum
def sgd_momentum(w, dw, config=None):
    """SGD with momentum (PyTorch's buffer form)."""
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.setdefault("momentum_buffer", np.zeros_like(w))
    v *= config["momentum"]
    v += dw
    next_w = w - config["learning_rate"] * v
    return next_w, config


def sgd_nesterov(w, dw, config=None):
    """Nesterov momentum, PyTorch's form."""
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.setdefault("momentum_buffer", np.zeros_like(w))
    v *= config["momentum"]
    v += dw
    next_w = w - config["learning_rate"] * (dw + config["momentum"] * v)
    return next_w, config
