"""Correct: computed in float64 for accuracy, returned in the inputs' dtype; softplus with np.where branches."""

# %% free_energy
def softplus(x):
    x64 = x.astype(np.float64)
    with np.errstate(over="ignore"):
        out = np.where(x64 > 30, x64, np.log1p(np.exp(np.minimum(x64, 30))))
    return out.astype(x.dtype)


def free_energy(v, W, b, c):
    v64, W64, b64, c64 = (a.astype(np.float64) for a in (v, W, b, c))
    pre = v64 @ W64 + c64
    F = -v64 @ b64 - softplus(pre).sum(axis=1)
    return F.astype(v.dtype)
