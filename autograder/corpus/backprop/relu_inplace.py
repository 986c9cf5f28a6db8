"""ReLU written in place: the forward clamps its input array (x[x < 0] = 0) and the backward zeroes the upstream gradient in place (dout[x <= 0] = 0). Off: modifies its arguments; values are right."""
# %% relu
def relu_forward(x):
    x[x < 0] = 0
    out = x
    cache = x
    return out, cache


def relu_backward(dout, cache):
    x = cache
    dout[x <= 0] = 0
    dx = dout
    return dx
