"""Adam with the bias corrections folded into one step size, α_t = η·np.sqrt(1 − β₂ᵗ)/(1 − β₁ᵗ), and ε scaled to match, so the rule is PyTorch's. Off: np.sqrt of a Python float is a NumPy float64 scalar, which NumPy 2 does not demote, so next_w is float64 for float32 inputs (a convention slip on dtype); the values are right."""
# %% adam
def adam(w, dw, config=None):
    if config is None:
        config = {}
    lr = config.setdefault("learning_rate", 1e-3)
    beta1 = config.setdefault("beta1", 0.9)
    beta2 = config.setdefault("beta2", 0.999)
    eps = config.setdefault("eps", 1e-8)
    t = config.get("step", 0) + 1
    m = beta1 * config.get("exp_avg", np.zeros_like(w)) + (1 - beta1) * dw
    v = beta2 * config.get("exp_avg_sq", np.zeros_like(w)) + (1 - beta2) * dw ** 2
    root = np.sqrt(1 - beta2 ** t)
    alpha_t = lr * root / (1 - beta1 ** t)
    next_w = w - alpha_t * m / (np.sqrt(v) + eps * root)
    config["exp_avg"], config["exp_avg_sq"], config["step"] = m, v, t
    return next_w, config
