"""Sigmoid through the identity σ(x) = (1 + tanh(x/2)) / 2 (no overflow); tanh caches x and recomputes np.tanh in backward. Off: none."""
# %% sigmoid
def sigmoid_forward(x):
    out = 0.5 * (1.0 + np.tanh(0.5 * x))
    return out, out


def sigmoid_backward(dout, cache):
    sig = cache
    return dout * sig * (1.0 - sig)
# %% tanh
def tanh_forward(x):
    out = np.tanh(x)
    cache = x
    return out, cache


def tanh_backward(dout, cache):
    x = cache
    return dout * (1 - np.tanh(x) ** 2)
