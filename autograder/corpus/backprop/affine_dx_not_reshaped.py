"""Affine layer that caches the flattened input and returns dx as (N, D) without reshaping it back. Off: dx has the wrong shape for inputs with more than two axes."""
# %% affine
def affine_forward(x, w, b):
    x = x.reshape(x.shape[0], -1)
    out = x @ w + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout @ w.T
    dw = x.T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db
