"""Adam computed in float64 whatever the input, then next_w and the state cast back to w's dtype. Off: none expected (float32 answers within float32 precision)."""
# %% adam
def adam(w, dw, config=None):
    if config is None:
        config = {}
    for key, default in (("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("eps", 1e-8)):
        config.setdefault(key, default)
    w64, g = w.astype(np.float64), dw.astype(np.float64)
    m = np.asarray(config.get("exp_avg", 0.0), dtype=np.float64) * np.ones_like(w64)
    v = np.asarray(config.get("exp_avg_sq", 0.0), dtype=np.float64) * np.ones_like(w64)
    t = int(config.get("step", 0)) + 1
    m = config["beta1"] * m + (1 - config["beta1"]) * g
    v = config["beta2"] * v + (1 - config["beta2"]) * g ** 2
    mhat = m / (1 - config["beta1"] ** t)
    vhat = v / (1 - config["beta2"] ** t)
    next_w = (w64 - config["learning_rate"] * mhat / (np.sqrt(vhat) + config["eps"])).astype(w.dtype)
    config["exp_avg"], config["exp_avg_sq"], config["step"] = m.astype(w.dtype), v.astype(w.dtype), t
    return next_w, config
