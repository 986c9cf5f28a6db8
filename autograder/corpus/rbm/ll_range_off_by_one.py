"""Wrong: the configurations enumerated with range(1, 2**D), so the all-zeros image is missing from Z."""

# %% likelihood
def log_partition(W, b, c):
    D = W.shape[0]
    states = np.array([list(map(int, format(i, f"0{D}b"))) for i in range(1, 2 ** D)], dtype=W.dtype)
    negF = -free_energy(states, W, b, c)
    m = negF.max()
    return float(m + np.log(np.exp(negF - m).sum()))


def exact_log_likelihood(V, W, b, c):
    return float(np.mean(-free_energy(V, W, b, c)) - log_partition(W, b, c))
