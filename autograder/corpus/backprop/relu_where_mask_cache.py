"""ReLU with np.where, caching the boolean mask instead of x, and dx = dout.copy() then dx[~mask] = 0. Off: none."""
# %% relu
def relu_forward(x):
    mask = x > 0
    out = np.where(mask, x, 0.0)
    return out, mask


def relu_backward(dout, cache):
    mask = cache
    dx = dout.copy()
    dx[~mask] = 0
    return dx
