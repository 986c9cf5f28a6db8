"""Adam in the order torch.optim.Adam computes it: step_size = η / (1 − β₁ᵗ) and denom = √v / (1 − β₂ᵗ) ** 0.5 + ε. Off: none expected (the same rule, another order of operations)."""
# %% adam
def adam(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("eps", 1e-8)
    b1, b2 = config["beta1"], config["beta2"]
    m = config.get("exp_avg", np.zeros_like(w))
    v = config.get("exp_avg_sq", np.zeros_like(w))
    t = config.get("step", 0) + 1
    m = b1 * m + (1 - b1) * dw
    v = b2 * v + (1 - b2) * (dw * dw)
    bias_correction1 = 1 - b1 ** t
    bias_correction2 = 1 - b2 ** t
    step_size = config["learning_rate"] / bias_correction1
    denom = np.sqrt(v) / bias_correction2 ** 0.5 + config["eps"]
    next_w = w - step_size * m / denom
    config.update(exp_avg=m, exp_avg_sq=v, step=t)
    return next_w, config
