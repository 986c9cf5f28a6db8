"""Stable sigmoid forward that caches the input x, but the backward applies the σ(1 − σ) formula to the cached x itself. Off: dx = dout·x(1 − x), wrong."""
# %% sigmoid
def sigmoid_forward(x):
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1 + ex)
    cache = x
    return out, cache


def sigmoid_backward(dout, cache):
    s = cache
    dx = dout * s * (1 - s)
    return dx
