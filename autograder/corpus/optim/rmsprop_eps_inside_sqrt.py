"""RMSProp as Keras and the CS231n notes write the denominator, √(s + ε). Off: wrong once the gradients are small (s comparable to ε)."""
# %% rmsprop
def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    lr = config.setdefault("learning_rate", 1e-2)
    decay = config.setdefault("alpha", 0.99)
    eps = config.setdefault("eps", 1e-8)
    cache = config.get("square_avg", np.zeros_like(w))
    cache = decay * cache + (1 - decay) * dw**2
    next_w = w - lr * dw / np.sqrt(cache + eps)
    config["square_avg"] = cache
    return next_w, config
