"""Wrong: log Z as log(sum(exp(−F))): overflows once −F exceeds 709 (88 in float32)."""

# %% likelihood
def log_partition(W, b, c):
    D = W.shape[0]
    allv = np.array([[(i >> d) & 1 for d in range(D)] for i in range(2 ** D)], dtype=float)
    return float(np.log(np.sum(np.exp(-free_energy(allv, W, b, c)))))


def exact_log_likelihood(V, W, b, c):
    return float(np.mean(-free_energy(V, W, b, c)) - log_partition(W, b, c))
