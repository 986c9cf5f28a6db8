"""Wrong: the visible term computed as the sum of the biases of the units that are on, but over the batch axis."""

# %% free_energy
def softplus(x):
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def free_energy(v, W, b, c):
    visible = np.sum(v * b)  # should be one value per row
    return -visible - np.sum(softplus(v @ W + c), axis=1)
