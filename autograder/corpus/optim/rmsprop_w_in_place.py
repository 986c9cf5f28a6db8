"""RMSProp right, but the parameters updated in place (w -= ...) and returned. Off: w is modified, a convention slip (inputs unchanged); the values are right."""
# %% rmsprop
def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("alpha", 0.99)
    config.setdefault("eps", 1e-8)
    s = config.get("square_avg", np.zeros_like(w))
    s = config["alpha"] * s + (1 - config["alpha"]) * dw * dw
    config["square_avg"] = s
    w -= config["learning_rate"] * dw / (np.sqrt(s) + config["eps"])
    return w, config
