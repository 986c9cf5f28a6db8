"""Adam with the step count in a module-level variable instead of the config. Off: a second run (or a resumed state) continues the global count, so its values are wrong."""
# %% adam
_adam_t = 0


def adam(w, dw, config=None):
    global _adam_t
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("eps", 1e-8)
    _adam_t += 1
    m = config.get("exp_avg", np.zeros_like(w))
    v = config.get("exp_avg_sq", np.zeros_like(w))
    m = config["beta1"] * m + (1 - config["beta1"]) * dw
    v = config["beta2"] * v + (1 - config["beta2"]) * dw ** 2
    m_hat = m / (1 - config["beta1"] ** _adam_t)
    v_hat = v / (1 - config["beta2"] ** _adam_t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["eps"])
    config["exp_avg"], config["exp_avg_sq"], config["step"] = m, v, _adam_t
    return next_w, config
