"""All three rule cells written with np.nditer loops over the coordinates (slow but correct), float64 scalars written back into arrays of w's dtype. Off: none expected."""
# %% momentum
def sgd_momentum(w, dw, config=None):
    config = config if config is not None else {}
    lr, mu = config.get("learning_rate", 1e-2), config.get("momentum", 0.9)
    buf = np.array(config.get("momentum_buffer", np.zeros_like(w)), dtype=w.dtype, copy=True)
    next_w = np.empty_like(w)
    for idx in np.ndindex(w.shape):
        buf[idx] = mu * buf[idx] + dw[idx]
        next_w[idx] = w[idx] - lr * buf[idx]
    config["momentum_buffer"] = buf
    return next_w, config


def sgd_nesterov(w, dw, config=None):
    config = config if config is not None else {}
    lr, mu = config.get("learning_rate", 1e-2), config.get("momentum", 0.9)
    buf = np.array(config.get("momentum_buffer", np.zeros_like(w)), dtype=w.dtype, copy=True)
    next_w = np.empty_like(w)
    for idx in np.ndindex(w.shape):
        buf[idx] = mu * buf[idx] + dw[idx]
        next_w[idx] = w[idx] - lr * (dw[idx] + mu * buf[idx])
    config["momentum_buffer"] = buf
    return next_w, config


# %% rmsprop
def rmsprop(w, dw, config=None):
    config = config if config is not None else {}
    lr, alpha, eps = config.get("learning_rate", 1e-2), config.get("alpha", 0.99), config.get("eps", 1e-8)
    s = np.array(config.get("square_avg", np.zeros_like(w)), dtype=w.dtype, copy=True)
    next_w = np.empty_like(w)
    for idx in np.ndindex(w.shape):
        s[idx] = alpha * s[idx] + (1 - alpha) * dw[idx] ** 2
        next_w[idx] = w[idx] - lr * dw[idx] / (np.sqrt(s[idx]) + eps)
    config["square_avg"] = s
    return next_w, config


# %% adam
def adam(w, dw, config=None):
    config = config if config is not None else {}
    lr, eps = config.get("learning_rate", 1e-3), config.get("eps", 1e-8)
    b1, b2 = config.get("beta1", 0.9), config.get("beta2", 0.999)
    t = config.get("step", 0) + 1
    m = np.array(config.get("exp_avg", np.zeros_like(w)), dtype=w.dtype, copy=True)
    v = np.array(config.get("exp_avg_sq", np.zeros_like(w)), dtype=w.dtype, copy=True)
    next_w = np.empty_like(w)
    for idx in np.ndindex(w.shape):
        m[idx] = b1 * m[idx] + (1 - b1) * dw[idx]
        v[idx] = b2 * v[idx] + (1 - b2) * dw[idx] ** 2
        mhat = m[idx] / (1 - b1 ** t)
        vhat = v[idx] / (1 - b2 ** t)
        next_w[idx] = w[idx] - lr * mhat / (np.sqrt(vhat) + eps)
    config["exp_avg"], config["exp_avg_sq"], config["step"] = m, v, t
    return next_w, config
