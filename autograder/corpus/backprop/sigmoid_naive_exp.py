"""Textbook sigmoid 1 / (1 + np.exp(-x)), cached output. Off: exp overflows for x = -1000 (RuntimeWarning: overflow), although the values it returns (0.0) are right; the notebook asks for no overflow."""
# %% sigmoid
def sigmoid_forward(x):
    out = 1 / (1 + np.exp(-x))
    cache = out
    return out, cache


def sigmoid_backward(dout, cache):
    s = cache
    return dout * s * (1 - s)
