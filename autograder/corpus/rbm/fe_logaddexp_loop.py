"""Correct: softplus as np.logaddexp(0, x), the free energy summed one hidden unit at a time."""

# %% free_energy
def softplus(x):
    return np.logaddexp(0, x)


def free_energy(v, W, b, c):
    F = -(v @ b)
    for j in range(W.shape[1]):
        F = F - softplus(v @ W[:, j] + c[j])
    return F
