"""Sigmoid that clips x to [-500, 500] before exp to dodge overflow, caches x and recomputes σ in backward. Off: none (the clipped tail is below float64 resolution relative to the largest output)."""
# %% sigmoid
def _sigmoid(z):
    z = np.clip(z, -500, 500)
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_forward(x):
    out = _sigmoid(x)
    cache = x
    return out, cache


def sigmoid_backward(dout, cache):
    x = cache
    s = _sigmoid(x)
    dx = dout * s * (1 - s)
    return dx
