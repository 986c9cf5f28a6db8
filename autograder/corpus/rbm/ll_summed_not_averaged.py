"""Wrong: the log-likelihood of the whole data set, Σ_n log p(v_n), instead of its mean per example."""

# %% likelihood
def log_partition(W, b, c):
    D = W.shape[0]
    configs = ((np.arange(2 ** D)[:, None] >> np.arange(D)) & 1).astype(W.dtype)
    neg_F = -free_energy(configs, W, b, c)
    return float(np.logaddexp.reduce(neg_F))


def exact_log_likelihood(V, W, b, c):
    return float(np.sum(-free_energy(V, W, b, c) - log_partition(W, b, c)))
