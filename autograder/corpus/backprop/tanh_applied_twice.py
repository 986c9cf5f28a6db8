"""tanh whose backward recomputes np.tanh on the cache, but the cache already holds tanh(x). Off: dx = dout·(1 − tanh(tanh(x))²), wrong."""
# %% tanh
def tanh_forward(x):
    out = np.tanh(x)
    cache = out
    return out, cache


def tanh_backward(dout, cache):
    dx = dout * (1 - np.tanh(cache) ** 2)
    return dx
