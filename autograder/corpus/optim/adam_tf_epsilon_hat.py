"""Adam in TensorFlow 1's form: lr_t = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ) and w − lr_t·m/(√v + ε), ε added to the uncorrected √v. Off: the same as PyTorch's only when ε is negligible; wrong on gradients of 1e-6."""
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
    v = beta2 * config.get("exp_avg_sq", np.zeros_like(w)) + (1 - beta2) * dw * dw
    lr_t = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
    next_w = w - lr_t * m / (np.sqrt(v) + eps)
    config["exp_avg"], config["exp_avg_sq"], config["step"] = m, v, t
    return next_w, config
